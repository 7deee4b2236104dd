/**
 * A what-if: the baseline scenario changed in memory, with the history of its changes (for
 * undo), the list of what differs from the baseline, and the same difference written as variant
 * patches (so that it can be kept as a named variant of the scenario file).
 */
import { isDeepStrictEqual } from "node:util"
import { checkScenario, type Problem } from "../load/check.js"
import type { Distribution } from "../model/Distribution.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { Patch, Scenario } from "../model/Scenario.js"
import { showValue, showWithUnit, type Lever, type LeverGroup } from "./Lever.js"

/** The name the what-if runs under, beside the baseline. */
export const WHAT_IF = "what-if"

export interface WhatIf {
  /** The scenario as loaded (with the variant started from, if any). */
  readonly baseline: ResolvedScenario
  readonly current: ResolvedScenario
  /** Earlier states, most recent last. */
  readonly history: ReadonlyArray<ResolvedScenario>
}

export const start = (baseline: ResolvedScenario): WhatIf => ({ baseline, current: { ...baseline, variant: WHAT_IF }, history: [] })

/** Make a change (no-op when nothing changed). */
export const change = (w: WhatIf, next: ResolvedScenario): WhatIf =>
  isDeepStrictEqual(next, w.current) ? w : { ...w, current: next, history: [...w.history, w.current] }

/** Take back the last change (reset included). */
export const undo = (w: WhatIf): WhatIf => {
  const previous = w.history[w.history.length - 1]
  return previous === undefined ? w : { ...w, current: previous, history: w.history.slice(0, -1) }
}

/** Back to the baseline, as a change of its own (so that undo brings the what-if back). */
export const reset = (w: WhatIf): WhatIf => change(w, { ...w.baseline, variant: WHAT_IF })

export interface Difference {
  readonly lever: Lever
  readonly from: number
  readonly to: number
}

/** The levers whose value differs from the baseline, in lever order. */
export const differences = (w: WhatIf, groups: ReadonlyArray<LeverGroup>): ReadonlyArray<Difference> => {
  const out: Difference[] = []
  for (const g of groups) {
    for (const lever of g.levers) {
      const from = lever.get(w.baseline)
      const to = lever.get(w.current)
      if (Math.abs(from - to) > 1e-9) out.push({ lever, from, to })
    }
  }
  return out
}

/** "kitchen · Waiting for the food · mean 15.0 → 11.0 min". */
export const describe = (d: Difference): string => {
  const where = d.lever.group === "personas" || d.lever.group === "population" ? "" : `${d.lever.group} · `
  return `${where}${d.lever.label} ${showValue(d.lever, d.from)} → ${showWithUnit(d.lever, d.to)}`
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** A distribution's own fields that a `.field` patch may set, when the kind stays the same. */
const distributionPatches = (path: string, fromDist: Distribution, toDist: Distribution): Patch[] => {
  const from: unknown = fromDist
  const to: unknown = toDist
  if (isObject(from) && isObject(to) && from["dist"] === to["dist"]) {
    const keys = new Set([...Object.keys(from), ...Object.keys(to)])
    const changed = [...keys].filter((k) => !isDeepStrictEqual(from[k], to[k]))
    if (changed.every((k) => k in from && k in to && typeof to[k] === "number")) return changed.map((k) => ({ set: `${path}.${k}`, value: to[k] }))
  }
  return [{ set: path, value: to }]
}

/**
 * The what-if as variant patches, applied after the patches of the variant it started from:
 * the population, persona shares, and per touchpoint the service distributions (their `mean`
 * or `sd` alone where only those moved), effort, failure fields and next-step weights.
 */
export const toPatches = (baseline: ResolvedScenario, whatIf: ResolvedScenario): ReadonlyArray<Patch> => {
  const out: Patch[] = []
  if (whatIf.population !== baseline.population) out.push({ set: "population", value: whatIf.population })
  for (const p of whatIf.personas) {
    const before = baseline.personas.find((q) => q.id === p.id)
    if (before !== undefined && before.share !== p.share) out.push({ set: `personas.${p.id}.share`, value: p.share })
  }
  for (const [id, tp] of Object.entries(whatIf.journey.touchpoints)) {
    const before = baseline.journey.touchpoints[id]
    const at = `journey.touchpoints.${id}`
    if (before === undefined) {
      out.push({ add: id, touchpoint: tp })
      continue
    }
    if (isDeepStrictEqual(before, tp)) continue
    for (const [dim, dist] of Object.entries(tp.service ?? {})) {
      const was = before.service?.[dim]
      if (was === undefined) out.push({ set: before.service === undefined ? `${at}.service` : `${at}.service.${dim}`, value: before.service === undefined ? tp.service : dist })
      else if (!isDeepStrictEqual(was, dist)) out.push(...distributionPatches(`${at}.service.${dim}`, was, dist))
    }
    if (tp.effort !== before.effort && tp.effort !== undefined) out.push({ set: `${at}.effort`, value: tp.effort })
    if (!isDeepStrictEqual(tp.failure, before.failure) && tp.failure !== undefined) {
      if (before.failure === undefined) out.push({ set: `${at}.failure`, value: tp.failure })
      else {
        for (const [k, v] of Object.entries(tp.failure)) {
          if (!isDeepStrictEqual(v, (before.failure as Record<string, unknown>)[k])) out.push({ set: `${at}.failure.${k}`, value: v })
        }
      }
    }
    if (!isDeepStrictEqual(tp.next, before.next) && tp.next !== undefined) out.push({ set: `${at}.next`, value: tp.next })
    if (!isDeepStrictEqual(tp.schedule, before.schedule) && tp.schedule !== undefined) out.push({ set: `${at}.schedule`, value: tp.schedule })
  }
  return out
}

/** The what-if in the form the scenario checks read. */
const asScenario = (s: ResolvedScenario): Scenario => ({
  horizon: s.horizon,
  dimensions: s.dimensions,
  personas: Object.fromEntries(s.personas.map((p) => [p.id, { share: p.share }])),
  journey: { start: s.journey.start, touchpoints: s.journey.touchpoints, outcomes: s.journey.outcomes }
})

/**
 * What the loader would refuse in this what-if (a touchpoint no longer reachable when a weight
 * goes to 0, say): it still runs, but cannot be kept as a variant until it is fixed.
 */
export const problems = (s: ResolvedScenario): ReadonlyArray<Problem> => checkScenario(asScenario(s))
