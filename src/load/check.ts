/**
 * Checks that a schema cannot express: sums, references between parts, and the shape of the
 * journey graph (every touchpoint reachable, every touchpoint able to end).
 */
import type { Distribution } from "../model/Distribution.js"
import { MAX_COUNTS, MAX_LOGNORMAL_CV } from "../model/Limits.js"
import type { Scenario } from "../model/Scenario.js"
import { scenarioDefaults } from "../model/defaults.js"
import { suggest } from "./Issue.js"

export interface Problem {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
  readonly hint?: string | undefined
}

const SUM_TOLERANCE = 1e-6

/** Next-step weights that add up to 100 were written as percentages. */
const looksLikePercent = (sum: number): boolean => Math.abs(sum - 100) <= 100 * SUM_TOLERANCE
const PERCENT_HINT = "they look like percentages: write each as a fraction of 1 (70 → 0.7)"

const fmt = (x: number): string => String(Math.round(x * 1e6) / 1e6)

export const outcomesOf = (s: Scenario): Record<string, "completed" | "abandoned"> =>
  s.journey.outcomes ?? { done: "completed" }

export const checkScenario = (s: Scenario): Problem[] => {
  const problems: Problem[] = []
  const add = (path: ReadonlyArray<PropertyKey>, message: string, hint?: string): void => {
    problems.push({ path, message, hint })
  }
  // Sizes first: past them the other checks are not worth their time.
  const counts = {
    dimensions: [["dimensions"], s.dimensions],
    personas: [["personas"], s.personas],
    touchpoints: [["journey", "touchpoints"], s.journey.touchpoints],
    outcomes: [["journey", "outcomes"], s.journey.outcomes ?? {}],
    variants: [["variants"], s.variants ?? {}]
  } as const
  for (const [what, [path, rec]] of Object.entries(counts)) {
    const n = Object.keys(rec).length
    const max = MAX_COUNTS[what as keyof typeof MAX_COUNTS]
    if (n > max) add(path, `${n} ${what}; a scenario may have at most ${max}`, "see Limits in docs/format.md")
  }
  if (problems.length > 0) return problems
  const dims = Object.keys(s.dimensions)
  const personas = Object.keys(s.personas)
  const tps = s.journey.touchpoints
  const tpIds = Object.keys(tps)
  const outcomes = outcomesOf(s)
  const outcomeIds = Object.keys(outcomes)
  const nodes = new Set([...tpIds, ...outcomeIds])
  const horizon = s.horizon ?? scenarioDefaults.horizon

  for (const [id, d] of Object.entries(s.dimensions)) {
    if (d.min !== undefined && d.max !== undefined && d.min > d.max) add(["dimensions", id, "min"], `min (${d.min}) is above max (${d.max})`)
  }
  if (personas.length === 0) add(["personas"], "a scenario needs at least one persona")
  const shareSum = Object.values(s.personas).reduce((a, p) => a + p.share, 0)
  if (personas.length > 0 && Math.abs(shareSum - 1) > SUM_TOLERANCE) {
    // What is missing (or too much), and the last persona's share that would close the gap.
    const gap = 1 - shareSum
    const [lastId, last] = Object.entries(s.personas)[personas.length - 1] ?? ["", { share: 0 }]
    const closing = last.share + gap
    const fix = closing >= 0 && closing <= 1 ? ` (${lastId}: ${fmt(closing)}, say)` : ""
    add(["personas"], `persona shares add up to ${fmt(shareSum)}, not 1`, `shares are fractions of the population, here ${fmt(Math.abs(gap))} ${gap > 0 ? "short of" : "over"} 1${fix}`)
  }
  if (tpIds.length === 0) add(["journey", "touchpoints"], "a journey needs at least one touchpoint")
  for (const id of outcomeIds) if (Object.prototype.hasOwnProperty.call(tps, id)) add(["journey", "outcomes", id], `"${id}" is both a touchpoint and an outcome`)
  if (!Object.prototype.hasOwnProperty.call(tps, s.journey.start)) {
    add(["journey", "start"], `there is no touchpoint "${s.journey.start}" to start at`, suggest(s.journey.start, tpIds))
  }
  if (!outcomeIds.some((o) => outcomes[o] === "completed")) add(["journey", "outcomes"], "no outcome is of kind completed: no customer could ever finish the journey")

  const checkNext = (path: PropertyKey[], next: Readonly<Record<string, number>>): void => {
    const keys = Object.keys(next)
    if (keys.length === 0) add(path, "a touchpoint needs at least one next step (a touchpoint or an outcome)", `end the journey with { ${outcomeIds[0] ?? "done"}: 1 }`)
    for (const k of keys) if (!nodes.has(k)) add([...path, k], `there is no touchpoint or outcome "${k}"`, suggest(k, nodes))
    const sum = keys.reduce((a, k) => a + (next[k] ?? 0), 0)
    if (keys.length > 0 && Math.abs(sum - 1) > SUM_TOLERANCE) add(path, `next-step weights add up to ${fmt(sum)}, not 1`, looksLikePercent(sum) ? PERCENT_HINT : "weights are the probabilities of each next step")
  }
  const checkService = (path: PropertyKey[], service: Readonly<Record<string, Distribution>> | undefined): void => {
    for (const [d, dist] of Object.entries(service ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(s.dimensions, d)) add([...path, d], `there is no dimension "${d}"`, suggest(d, dims))
      else checkDistribution([...path, d], dist)
    }
  }
  const checkDistribution = (path: PropertyKey[], d: Distribution): void => {
    if (typeof d === "number") return
    switch (d.dist) {
      case "truncnormal":
      case "uniform":
        if (d.min !== undefined && d.max !== undefined && d.min >= d.max) add([...path, "min"], `min (${d.min}) must be below max (${d.max})`)
        break
      case "lognormal":
        if (d.sd > MAX_LOGNORMAL_CV * d.mean) add([...path, "sd"], `sd (${d.sd}) may be at most ${MAX_LOGNORMAL_CV} times the mean (${d.mean})`, "see Limits in docs/format.md; a log-normal this wide is a unit slip")
        break
      case "beta": {
        const lo = d.min ?? 0
        const hi = d.max ?? 1
        if (lo >= hi) add([...path, "min"], `min (${lo}) must be below max (${hi})`, d.min === undefined || d.max === undefined ? "min defaults to 0 and max to 1: give both" : undefined)
        break
      }
      case "triangular":
        if (!(d.min <= d.mode && d.mode <= d.max && d.min < d.max)) add(path, `a triangular distribution needs min ≤ mode ≤ max with min < max, got ${d.min}, ${d.mode}, ${d.max}`)
        break
      case "discrete":
        if (d.weights !== undefined && d.weights.length !== d.values.length) add([...path, "weights"], `${d.weights.length} weights for ${d.values.length} values`, "give one weight per value")
        else if (d.weights !== undefined && d.weights.every((w) => w === 0)) add([...path, "weights"], "all weights are 0")
        break
      default:
        break
    }
  }

  const recoveries = new Set(Object.values(tps).flatMap((tp) => (tp.failure?.recovery === undefined ? [] : [tp.failure.recovery])))
  // A touchpoint without next steps resumes after the failure it recovers: it can only be
  // entered as a recovery.
  const resumers = new Set(tpIds.filter((id) => tps[id]?.next === undefined && recoveries.has(id)))
  for (const [id, tp] of Object.entries(tps)) {
    const targets = [...Object.keys(tp.next ?? {}), ...Object.values(tp.personas ?? {}).flatMap((o) => Object.keys(o.next ?? {}))]
    for (const t of targets) if (resumers.has(t)) add(["journey", "touchpoints", id, "next", t], `"${t}" has no next steps of its own (it resumes after a failure), so it can only be reached as a recovery`, `give "${t}" next steps, or reach it only through failure.recovery`)
    for (const t of tp.offPath ?? []) if (resumers.has(t)) add(["journey", "touchpoints", id, "offPath"], `"${t}" has no next steps of its own, so it cannot be an off-path step`)
    const rec = tp.failure?.recovery
    if (resumers.has(id) && rec !== undefined && resumers.has(rec)) {
      add(["journey", "touchpoints", id, "failure", "recovery"], `"${id}" and its recovery "${rec}" both resume after a failure: there would be nothing to resume to`, `give "${rec}" next steps of its own`)
    }
  }
  if (resumers.has(s.journey.start)) add(["journey", "start"], `the journey cannot start at "${s.journey.start}": it has no next steps of its own (it resumes after a failure)`)
  for (const [id, tp] of Object.entries(tps)) {
    const base: PropertyKey[] = ["journey", "touchpoints", id]
    if (tp.next !== undefined) checkNext([...base, "next"], tp.next)
    else if (!recoveries.has(id)) {
      // Only a recovery may leave next out (it resumes after the failure): say so, since a
      // misspelt recovery, or a variant that replaced the failing touchpoint, leads here.
      add([...base, "next"], `"${id}" has no next steps, and no failure names it as its recovery (only a recovery touchpoint may leave next out)`, `give it next steps ({ ${outcomeIds[0] ?? "done"}: 1 } ends the journey), name it in a failure ({ rate: 0.05, recovery: ${id} }), or remove it`)
    }
    checkService([...base, "service"], tp.service)
    const rec = tp.failure?.recovery
    if (rec !== undefined && !Object.prototype.hasOwnProperty.call(tps, rec)) add([...base, "failure", "recovery"], `there is no touchpoint "${rec}"`, suggest(rec, tpIds))
    if (rec === id) add([...base, "failure", "recovery"], "a touchpoint cannot be its own recovery")
    for (const o of tp.offPath ?? []) if (!Object.prototype.hasOwnProperty.call(tps, o)) add([...base, "offPath"], `there is no touchpoint "${o}"`, suggest(o, tpIds))
    let lastFrom = 0
    ;(tp.schedule ?? []).forEach((e, i) => {
      const at: PropertyKey[] = [...base, "schedule", i]
      if (e.from <= lastFrom) add([...at, "from"], `schedule entries must be in increasing order of from: ${e.from} comes after ${lastFrom}`, "sort the entries by the period they start in")
      else if (e.from > horizon) add([...at, "from"], `period ${e.from} is beyond the horizon of ${horizon} periods: this entry would never apply`, `use a period from 1 to ${horizon}, or raise horizon`)
      lastFrom = Math.max(lastFrom, e.from)
      checkService([...at, "service"], e.service)
    })
    for (const [p, o] of Object.entries(tp.personas ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(s.personas, p)) add([...base, "personas", p], `there is no persona "${p}" in this scenario`, suggest(p, personas))
      if (o.next !== undefined) checkNext([...base, "personas", p, "next"], o.next)
      checkService([...base, "personas", p, "service"], o.service)
    }
  }

  // Graph shape: reachable from the start, and able to reach an outcome.
  if (problems.length === 0) {
    const succ = new Map<string, Set<string>>()
    for (const [id, tp] of Object.entries(tps)) {
      const next = tp.next ?? {}
      const out = new Set<string>(Object.keys(next).filter((k) => (next[k] ?? 0) > 0))
      for (const o of Object.values(tp.personas ?? {})) for (const [k, w] of Object.entries(o.next ?? {})) if (w > 0) out.add(k)
      const fails = (tp.failure?.rate ?? 0) > 0 || (tp.schedule ?? []).some((e) => (e.failure?.rate ?? 0) > 0)
      if (tp.failure?.recovery !== undefined && fails) out.add(tp.failure.recovery)
      succ.set(id, out)
    }
    // A recovery touchpoint without next steps of its own resumes after the failed one.
    for (const [id, tp] of Object.entries(tps)) {
      const rec = tp.failure?.recovery
      if (rec !== undefined && tps[rec]?.next === undefined) for (const k of succ.get(id) ?? []) if (k !== rec) succ.get(rec)?.add(k)
    }
    const seen = new Set<string>([s.journey.start])
    const queue = [s.journey.start]
    while (queue.length > 0) {
      const n = queue.shift() as string
      for (const m of succ.get(n) ?? []) if (!seen.has(m)) {
        seen.add(m)
        queue.push(m)
      }
    }
    for (const id of tpIds) if (!seen.has(id)) add(["journey", "touchpoints", id], `touchpoint "${id}" cannot be reached from the start ("${s.journey.start}")`, "add it as a next step of another touchpoint, or remove it")
    const canEnd = new Set<string>(outcomeIds)
    let changed = true
    while (changed) {
      changed = false
      for (const id of tpIds) {
        if (canEnd.has(id)) continue
        for (const m of succ.get(id) ?? []) if (canEnd.has(m)) {
          canEnd.add(id)
          changed = true
          break
        }
      }
    }
    for (const id of tpIds) if (seen.has(id) && !canEnd.has(id)) add(["journey", "touchpoints", id, "next"], `from touchpoint "${id}" no outcome can be reached: a journey that gets here never ends`, `give it, or a touchpoint after it, a next step to an outcome (${outcomeIds.join(", ")})`)
  }
  return problems
}
