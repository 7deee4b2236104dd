/**
 * Applying a variant: its patches rewrite a copy of the scenario's data, before it is decoded
 * again, so a variant is checked exactly as strictly as the scenario itself.
 */
import type { Patch } from "../model/Scenario.js"
import { didYouMean, suggest } from "./Issue.js"

export interface PatchProblem {
  /** Index of the patch in the variant's list. */
  readonly index: number
  readonly message: string
  readonly hint?: string | undefined
}

type Json = Record<string, unknown>

const isObject = (x: unknown): x is Json => x !== null && typeof x === "object" && !Array.isArray(x)

const touchpointsOf = (data: Json): Json | undefined => {
  const j = data["journey"]
  if (!isObject(j)) return undefined
  const t = j["touchpoints"]
  return isObject(t) ? t : undefined
}

const outcomesOf = (data: Json): string[] => {
  const j = data["journey"]
  const o = isObject(j) ? j["outcomes"] : undefined
  return isObject(o) ? Object.keys(o) : ["done"]
}


/**
 * Apply the patches in order to a deep copy of `data`. Returns the patched data, or the
 * problems (a patch that points at nothing is an error, never silently ignored).
 */
export const applyPatches = (
  data: unknown,
  patches: ReadonlyArray<Patch>
): { readonly data: unknown; readonly problems: ReadonlyArray<PatchProblem> } => {
  const copy = structuredClone(data) as Json
  const problems: PatchProblem[] = []
  patches.forEach((patch, index) => {
    const fail = (message: string, hint?: string): void => {
      problems.push({ index, message, hint })
    }
    const tps = touchpointsOf(copy)
    // YAML has no undefined: a value or touchpoint that is undefined was left out of the patch.
    if ("set" in patch && patch.value === undefined) return fail("a set patch needs value: (the new value)", `write value: under set: ${patch.set}`)
    if (("add" in patch || "replace" in patch) && patch.touchpoint === undefined) return fail(`${"add" in patch ? "an add" : "a replace"} patch needs touchpoint: (the touchpoint's fields)`, "touchpoint: { next: { done: 1 } }")
    if ("set" in patch) {
      const parts = patch.set.split(".")
      if (parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")) {
        return fail(`"${patch.set}" is not a valid path`, "write a dotted path such as journey.touchpoints.kitchen.service.wait.mean")
      }
      let node: unknown = copy
      for (let i = 0; i < parts.length - 1; i++) {
        const key = parts[i] as string
        const here = parts.slice(0, i + 1).join(".")
        if (Array.isArray(node) && /^\d+$/.test(key) && Number(key) < node.length) {
          node = node[Number(key)]
        } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, key)) {
          node = node[key]
        } else if (i === 0 && key === "model" && isObject(node)) {
          // The scenario's model: section is optional, every field of it too: a value set in it
          // (a behaviour field, a what-if's effortCost, a calibration's satisfactionBias) needs no
          // model: written first. Its fields are checked when the scenario is decoded.
          const model: Json = {}
          node[key] = model
          node = model
        } else {
          return fail(`the path "${here}" does not exist in the scenario`, isObject(node) ? suggest(key, Object.keys(node)) : undefined)
        }
      }
      const last = parts[parts.length - 1] as string
      if (typeof node === "number" || typeof node === "string" || node === null) {
        return fail(`the path "${parts.slice(0, -1).join(".")}" is a single value, it has no field "${last}"`, `for a fixed level, set "${parts.slice(0, -1).join(".")}" itself`)
      }
      if (Array.isArray(node)) {
        if (!/^\d+$/.test(last) || Number(last) >= node.length) return fail(`"${last}" is not an index of the list at "${parts.slice(0, -1).join(".")}"`)
        node[Number(last)] = structuredClone(patch.value)
        return
      }
      if (!isObject(node)) return fail(`the path "${patch.set}" does not exist in the scenario`)
      node[last] = structuredClone(patch.value)
      return
    }
    if (tps === undefined) return fail("the scenario has no journey.touchpoints to patch")
    if ("add" in patch) {
      if (Object.prototype.hasOwnProperty.call(tps, patch.add)) {
        return fail(`a touchpoint "${patch.add}" already exists`, `use { replace: ${patch.add}, touchpoint: … } to change it`)
      }
      tps[patch.add] = structuredClone(patch.touchpoint)
      return
    }
    if ("replace" in patch) {
      if (!Object.prototype.hasOwnProperty.call(tps, patch.replace)) {
        return fail(`there is no touchpoint "${patch.replace}" to replace`, suggest(patch.replace, Object.keys(tps)))
      }
      tps[patch.replace] = structuredClone(patch.touchpoint)
      return
    }
    if ("remove" in patch) {
      const id = patch.remove
      const removed = tps[id]
      if (!isObject(removed)) return fail(`there is no touchpoint "${id}" to remove`, suggest(id, Object.keys(tps)))
      const journey = copy["journey"] as Json
      if (journey["start"] === id) return fail(`"${id}" is where the journey starts and cannot be removed`, "set journey.start to another touchpoint first")
      const bypass = isObject(removed["next"]) ? (removed["next"] as Record<string, unknown>) : {}
      delete tps[id]
      for (const tp of Object.values(tps)) {
        if (!isObject(tp)) continue
        tp["next"] = bypassEdges(tp["next"], id, bypass)
        const per = tp["personas"]
        if (isObject(per)) for (const o of Object.values(per)) if (isObject(o) && o["next"] !== undefined) o["next"] = bypassEdges(o["next"], id, bypass)
        const f = tp["failure"]
        if (isObject(f) && f["recovery"] === id) delete f["recovery"]
        if (Array.isArray(tp["offPath"])) tp["offPath"] = (tp["offPath"] as unknown[]).filter((x) => x !== id)
      }
      return
    }
    if ("reroute" in patch) {
      const tp = tps[patch.reroute]
      if (!isObject(tp)) return fail(`there is no touchpoint "${patch.reroute}" to reroute`, suggest(patch.reroute, Object.keys(tps)))
      const next = tp["next"]
      if (!isObject(next) || !Object.prototype.hasOwnProperty.call(next, patch.from)) {
        return fail(`"${patch.reroute}" has no next step "${patch.from}"`, isObject(next) ? suggest(patch.from, Object.keys(next)) : undefined)
      }
      if (!Object.prototype.hasOwnProperty.call(tps, patch.to) && !outcomesOf(copy).includes(patch.to)) {
        // The step being moved away from is no answer (a reroute to itself changes nothing), and a
        // step that is not there yet is added first, in the same variant.
        const near = didYouMean(patch.to, [...Object.keys(tps), ...outcomesOf(copy)].filter((c) => c !== patch.from))
        const add = `{ add: ${patch.to}, touchpoint: … }`
        return fail(
          `there is no touchpoint or outcome "${patch.to}" to reroute to`,
          near !== undefined ? `did you mean "${near}"? A new step is added first: ${add}` : `add it first in this variant: ${add}, then reroute to it`
        )
      }
      const w = Number(next[patch.from])
      delete next[patch.from]
      next[patch.to] = (Number(next[patch.to] ?? 0) || 0) + w
    }
  })
  return { data: copy, problems }
}

/** Edges into a removed touchpoint go, with the same total weight, to the removed one's next steps. */
const bypassEdges = (next: unknown, removed: string, bypass: Record<string, unknown>): unknown => {
  if (!isObject(next) || !Object.prototype.hasOwnProperty.call(next, removed)) return next
  const w = Number(next[removed])
  const out: Json = {}
  for (const [k, v] of Object.entries(next)) if (k !== removed) out[k] = v
  // A self-loop of the removed touchpoint is dropped: its weight goes to its other next steps.
  const total = Object.entries(bypass).reduce<number>((s, [k, x]) => (k === removed ? s : s + (Number(x) || 0)), 0)
  for (const [k, v] of Object.entries(bypass)) {
    if (k === removed) continue
    const share = total > 0 ? (Number(v) || 0) / total : 0
    out[k] = round12(Number(out[k] ?? 0) + w * share)
  }
  return out
}

const round12 = (x: number): number => Math.round(x * 1e12) / 1e12
