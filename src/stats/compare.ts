/**
 * Paired comparison of a baseline and its variants on the same synthetic customers.
 *
 * Customer i has the same persona, expectations, post-journey draws and walk stream in every
 * model compiled from one scenario and its variants (design.md, contract — common random
 * numbers; kernel.ts, rng.ts). So each block of customers is run through the baseline and every
 * variant, and the per-customer differences are accumulated, per segment (the customer's
 * baseline persona): counts, sums and sums of squares of each metric in each arm and of the
 * differences (pairBlock.ts). The variance of a difference is s₁² + s₂² − 2·cov; the shared
 * customers make the covariance large, so paired intervals are far tighter than unpaired ones at
 * the same N.
 *
 * This module reduces: the paired run of the blocks (through the engine's run API), and the
 * statistics of its totals; the per-block work is in pairBlock.ts, free of Effect, for workers.
 * The library's `compare` (api/compare.ts) compiles the arms and calls both.
 */
import * as Effect from "effect/Effect"
import { exactToFloat64, type Exact, type Layout } from "../engine/accumulator.js"
import type { CompiledModel } from "../engine/compile.js"
import { runJobEffect, type Progress, type RunResult } from "../engine/run.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { hasCustomers, type FilledSegment, type Report, type SegmentReport } from "../report/Report.js"
import { VERSION } from "../version.js"
import {
  COMPARISON_SCHEMA_VERSION,
  directionMetrics,
  higherIsBetter,
  metrics,
  noticeable,
  shareMetrics,
  type AbandonmentChange,
  type ComparisonReport,
  type Diff,
  type Direction,
  type FilledSegmentDiff,
  type Metric,
  type Planning,
  type SegmentDiff,
  type TouchpointChange,
  type VariantComparison
} from "./Comparison.js"
import { MIN_JUDGED, Z95, wilson } from "./intervals.js"
import { compareJob, compareLayout, M, type CompareLayout, type CompareModels, type PairLayout } from "./pairBlock.js"
import { summarize } from "./summarize.js"

export type { CompareModels } from "./pairBlock.js"

export interface ComparisonRun {
  readonly layout: CompareLayout
  /** Exact totals over every block (engine/accumulator.ts, `Exact`), and the same as doubles. */
  readonly exact: Exact
  readonly total: Float64Array
}

/**
 * Run the paired blocks of a comparison (on the worker pool, or in this thread): exact totals,
 * the same bit for bit for any number of workers, so the baseline's report is the one
 * `cxsim run` gives. Interruptible; reports the customers done (every arm of them).
 */
export const runComparison = (models: CompareModels, onProgress?: (p: Progress) => void, workers: Workers = 1): Effect.Effect<ComparisonRun, WorkerError> => {
  const lay = compareLayout(models)
  return Effect.map(runJobEffect(compareJob, models, { size: lay.size, population: models.base.population, workers, onProgress }), (exact) => ({
    layout: lay,
    exact,
    total: exactToFloat64(exact)
  }))
}

/** One arm's slice of the totals, as the run result `summarize` reads. */
const armRun = (run: ComparisonRun, model: CompiledModel, lay: Layout, at: number): RunResult => ({
  model,
  layout: lay,
  acc: run.total.subarray(at, at + lay.size)
})

// ---------------------------------------------------------------------------------------------
// Statistics of the accumulated sums

const r6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : 0)

/** z for 80% power: the standard normal quantile at 0.8, 0.841621… */
export const Z_POWER80 = 0.8416212335729143

const variance = (n: number, sum: number, sq: number): number => (n > 1 ? Math.max(0, (sq - sum * (sum / n)) / (n - 1)) : 0)

const level = (n: number, sum: number, sq: number, share: boolean) => {
  const mean = n > 0 ? sum / n : 0
  const sd = Math.sqrt(variance(n, sum, sq))
  if (share) {
    const w = wilson(sum, n)
    return { sd: r6(sd), lower: r6(w.lower), upper: r6(w.upper) }
  }
  const half = n > 1 ? (Z95 * sd) / Math.sqrt(n) : 0
  return { sd: r6(sd), lower: r6(mean - half), upper: r6(mean + half) }
}

/**
 * A paired difference from the sums of one metric: the mean difference ± 1.96·sd/√n, and for
 * contrast the unpaired half-width 1.96·√(s₁²/n + s₂²/n).
 */
export const diffFromSums = (n: number, sumB: number, sqB: number, sumV: number, sqV: number, sumD: number, sqD: number, share: boolean): Diff => {
  if (n <= 0) {
    const zero = { sd: 0, lower: 0, upper: 0 }
    return { baseline: 0, variant: 0, delta: 0, lower: 0, upper: 0, significant: false, unpairedHalfWidth: 0, sd: 0, arms: { baseline: zero, variant: zero } }
  }
  const delta = sumD / n
  const sd = Math.sqrt(variance(n, sumD, sqD))
  const half = n > 1 ? (Z95 * sd) / Math.sqrt(n) : 0
  const lower = r6(delta - half)
  const upper = r6(delta + half)
  const unpaired = n > 1 ? Z95 * Math.sqrt((variance(n, sumB, sqB) + variance(n, sumV, sqV)) / n) : 0
  return {
    baseline: r6(sumB / n),
    variant: r6(sumV / n),
    delta: r6(delta),
    lower,
    upper,
    // Fewer than MIN_JUDGED customers: the normal interval cannot call a change (it may have no width).
    significant: n >= MIN_JUDGED && (lower > 0 || upper < 0),
    unpairedHalfWidth: r6(unpaired),
    sd: r6(sd),
    arms: { baseline: level(n, sumB, sqB, share), variant: level(n, sumV, sqV, share) }
  }
}

/** The paired change of the share who gave up at one touchpoint, from counts (per customer 1 or 0 in each arm). */
export const abandonmentDiff = (n: number, countB: number, countV: number, both: number): Diff =>
  diffFromSums(n, countB, countB, countV, countV, countV - countB, countB + countV - 2 * both, true)

/** Whether a change counts towards a direction: significant, and at least noticeable. */
export const counts = (m: Metric, d: Diff): boolean => d.significant && Math.abs(d.delta) >= noticeable[m] - 1e-9

/** Whether a change goes the right way for the business. */
export const improves = (m: Metric, d: Diff): boolean => d.delta > 0 === higherIsBetter[m]

const judge = (diffs: Readonly<Record<Metric, Diff>>): FilledSegmentDiff["direction"] => {
  let better = false
  let worse = false
  for (const m of directionMetrics) {
    const d = diffs[m]
    if (!counts(m, d)) continue
    if (improves(m, d)) better = true
    else worse = true
  }
  return better && worse ? "mixed" : better ? "better" : worse ? "worse" : "unchanged"
}

/** Touchpoints whose contribution per customer (reach × experience) changed most. */
const attribution = (b: FilledSegment | undefined, v: FilledSegment | undefined): TouchpointChange[] => {
  const ids: string[] = []
  for (const t of b?.touchpoints ?? []) ids.push(t.touchpoint)
  for (const t of v?.touchpoints ?? []) if (!ids.includes(t.touchpoint)) ids.push(t.touchpoint)
  return ids
    .map((id): TouchpointChange => {
      const tb = b?.touchpoints.find((t) => t.touchpoint === id)
      const tv = v?.touchpoints.find((t) => t.touchpoint === id)
      const reachBaseline = tb?.reach ?? 0
      const reachVariant = tv?.reach ?? 0
      const experienceBaseline = tb?.experience ?? 0
      const experienceVariant = tv?.experience ?? 0
      return {
        touchpoint: id,
        reachBaseline,
        reachVariant,
        experienceBaseline,
        experienceVariant,
        contribution: r6(reachVariant * experienceVariant - reachBaseline * experienceBaseline)
      }
    })
    .filter((t) => Math.abs(t.contribution) >= 0.0005 || Math.abs(t.reachVariant - t.reachBaseline) >= 0.0005)
    .sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution) || (x.touchpoint < y.touchpoint ? -1 : 1))
    .slice(0, TOP_ATTRIBUTION)
}

/** Touchpoints listed in a segment's attribution. */
export const TOP_ATTRIBUTION = 5

interface SegmentSums {
  readonly n: number
  /** Metric slots (metrics × M.STRIDE). */
  readonly m: Float64Array
  readonly abB: Float64Array
  readonly abV: Float64Array
  readonly both: Float64Array
}

const segmentSums = (pair: Float64Array, pl: PairLayout, segments: ReadonlyArray<number>): SegmentSums => {
  const m = new Float64Array(metrics.length * M.STRIDE)
  const abB = new Float64Array(pl.nTpBaseline)
  const abV = new Float64Array(pl.nTpVariant)
  const both = new Float64Array(pl.nTpVariant)
  let n = 0
  for (const s of segments) {
    const at = s * pl.stride
    n += pair[at]!
    for (let i = 0; i < m.length; i++) m[i] += pair[at + pl.metric + i]!
    for (let t = 0; t < abB.length; t++) abB[t] += pair[at + pl.abBaseline + t]!
    for (let t = 0; t < abV.length; t++) {
      abV[t] += pair[at + pl.abVariant + t]!
      both[t] += pair[at + pl.abBoth + t]!
    }
  }
  return { n, m, abB, abV, both }
}

/** The comparison of one segment: empty (no difference exists) when no customer belongs to it. */
const segmentDiff = (
  sums: SegmentSums,
  id: string,
  label: string,
  base: CompiledModel,
  variant: CompiledModel,
  tpMap: Int32Array,
  rb: SegmentReport | undefined,
  rv: SegmentReport | undefined
): SegmentDiff =>
  sums.n > 0 ? filledSegmentDiff(sums, id, label, base, variant, tpMap, rb, rv) : { id, label, n: 0, diffs: null, direction: "no data", attribution: [], abandonedAt: [] }

const filledSegmentDiff = (
  sums: SegmentSums,
  id: string,
  label: string,
  base: CompiledModel,
  variant: CompiledModel,
  tpMap: Int32Array,
  rb: SegmentReport | undefined,
  rv: SegmentReport | undefined
): FilledSegmentDiff => {
  const n = sums.n
  const diffs = {} as Record<Metric, Diff>
  metrics.forEach((metric, k) => {
    const q = k * M.STRIDE
    const g = (i: number): number => sums.m[q + i]!
    diffs[metric] = diffFromSums(n, g(M.sumB), g(M.sqB), g(M.sumV), g(M.sqV), g(M.sumD), g(M.sqD), shareMetrics.has(metric))
  })
  const abandonedAt: AbandonmentChange[] = []
  base.meta.touchpoints.forEach((t, i) => {
    const v = tpMap.indexOf(i)
    const countB = sums.abB[i]!
    const countV = v >= 0 ? sums.abV[v]! : 0
    if (countB === 0 && countV === 0) return
    abandonedAt.push({ touchpoint: t.id, baselineCount: countB, variantCount: countV, diff: abandonmentDiff(n, countB, countV, v >= 0 ? sums.both[v]! : 0) })
  })
  variant.meta.touchpoints.forEach((t, v) => {
    if (tpMap[v]! >= 0) return
    const countV = sums.abV[v]!
    if (countV === 0) return
    abandonedAt.push({ touchpoint: t.id, baselineCount: 0, variantCount: countV, diff: abandonmentDiff(n, 0, countV, 0) })
  })
  const filled = (s: SegmentReport | undefined): FilledSegment | undefined => (s !== undefined && hasCustomers(s) ? s : undefined)
  return { id, label, n, diffs, direction: judge(diffs), attribution: attribution(filled(rb), filled(rv)), abandonedAt }
}

/** Names of the metrics, as sentences write them. */
export const metricNames: Readonly<Record<Metric, string>> = {
  csat: "CSAT",
  nps: "NPS",
  ces: "CES",
  satisfaction: "satisfaction",
  completion: "completion",
  churn: "churn",
  revenue: "revenue"
}

/**
 * "NPS +3.9, churn -1.1 pts": the counted changes of a segment that improve, worsen, or both,
 * largest first (relative to `noticeable`), at most `max`.
 */
export const changeList = (s: SegmentDiff, want: "better" | "worse" | "any" = "any", max = Infinity): string => {
  if (s.diffs === null) return ""
  const diffs = s.diffs
  return directionMetrics
    .filter((m) => counts(m, diffs[m]) && (want === "any" || (want === "better") === improves(m, diffs[m])))
    .map((m, i) => ({ m, i, size: Math.abs(diffs[m].delta) / noticeable[m] }))
    .sort((a, b) => b.size - a.size || a.i - b.i)
    .map((x) => x.m)
    .slice(0, max)
    .map((m) => `${metricNames[m]} ${formatDelta(m, diffs[m].delta)}`)
    .join(", ")
}

/** A change in the metric's unit: 2 decimals (CSAT, CES, satisfaction, revenue), 1 for NPS, percentage points for shares. */
export const formatDelta = (m: Metric, delta: number): string => {
  const x = shareMetrics.has(m) ? 100 * delta : delta
  const digits = m === "nps" || shareMetrics.has(m) ? 1 : 2
  const s = x.toFixed(digits)
  const clean = /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
  return `${x > 0 && Number(clean) !== 0 ? "+" : ""}${clean}${shareMetrics.has(m) ? " pts" : ""}`
}

const joinNames = (xs: ReadonlyArray<string>): string => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`)

/**
 * One sentence: the overall direction with its changes, who gains, and who loses (with their
 * worst changes), so that an average never hides a segment that gets worse.
 */
export const headline = (overall: SegmentDiff, segments: ReadonlyArray<SegmentDiff>): string => {
  const winners = segments.filter((s) => s.direction === "better")
  const losers = segments.filter((s) => s.direction === "worse" || s.direction === "mixed")
  const o = overall.direction
  let first = o === "unchanged" ? "No clear change overall" : `${o === "better" ? "Better" : o === "worse" ? "Worse" : "Mixed"} overall (${changeList(overall, "any", 3)})`
  if (winners.length > 0) first += `: ${joinNames(winners.map((s) => s.label))} gain${winners.length === 1 ? "s" : ""}`
  if (losers.length === 0) return o === "unchanged" ? `${first}.` : `${first}. No segment gets worse.`
  const lose = losers
    .map((s) =>
      s.direction === "mixed"
        ? `${s.label} gains and loses (${changeList(s, "better", 1)} but ${changeList(s, "worse", 2)})`
        : `${s.label} loses (${changeList(s, "worse", 2)})`
    )
    .join("; ")
  return `${first}. ${o === "better" || o === "unchanged" ? "But " : ""}${lose}.`
}

const planning = (overall: FilledSegmentDiff, precision: number | null): Planning => {
  const n = overall.n
  const mde = {} as Record<Metric, number>
  for (const m of metrics) mde[m] = r6(n > 0 ? ((Z95 + Z_POWER80) * overall.diffs[m].sd) / Math.sqrt(n) : 0)
  let needed: number | null = null
  if (precision !== null) {
    const sd = overall.diffs.nps.sd
    needed = Math.max(2, Math.ceil(((Z95 * sd) / precision) ** 2))
  }
  return { precision, customersNeeded: needed, minimumDetectable: mde }
}

// ---------------------------------------------------------------------------------------------
// The report

export const METHOD: ComparisonReport["method"] = {
  pairing:
    "common random numbers: customer i has the same persona, expectations and random draws in every arm; differences are taken customer by customer, per segment of the customer's baseline persona",
  interval: "paired, normal approximation: mean difference ± 1.96·sd/√n; significant when the interval excludes 0 and the segment has at least 30 customers",
  unpaired: "for contrast, the half-width two independent samples of the same size would give: 1.96·√(s₁²/n + s₂²/n)",
  direction:
    "a segment is better (worse) when its changes in CSAT, NPS, CES, completion and churn that are significant and at least 1% of the metric's range (CSAT 0.04, NPS 2, CES 0.06, 1 percentage point) all go the right (wrong) way, mixed when both occur",
  planning: "minimum detectable effect at 80% power, two-sided 5%: (1.96 + 0.84)·sd/√n; customers for an NPS half-width h: (1.96·sd/h)², sd of the paired NPS differences of this run"
}

const nameOf = (s: ResolvedScenario, i: number): string => s.variant ?? `variant-${i + 1}`

/**
 * The comparison report from the totals of a paired run of `models`, compiled from `baseline`
 * and `variants` (the same customers and seed in every arm).
 */
export const comparisonReport = (
  baseline: ResolvedScenario,
  variants: ReadonlyArray<ResolvedScenario>,
  models: CompareModels,
  run: ComparisonRun,
  precision: number | null
): ComparisonReport => {
  const lay = run.layout
  const total = run.total
  const baseReport = summarize(armRun(run, models.base, lay.base, 0), {
    scenario: { name: baseline.name, title: baseline.title, hash: baseline.hash },
    variant: baseline.variant,
    currency: baseline.currency
  })
  const all = baseReport.segments.map((_, i) => i)
  const compared = variants.map((v, k): VariantComparison & { planning: Planning } => {
    const slots = lay.variants[k]!
    const vm = models.variants[k]!
    const report: Report = summarize(armRun(run, vm, slots.layout, slots.acc), {
      scenario: { name: v.name, title: v.title, hash: v.hash },
      variant: nameOf(v, k),
      currency: v.currency
    })
    const pair = total.subarray(slots.pair, slots.pair + slots.pairLayout.size)
    const segments = baseReport.segments.map((s, i) =>
      segmentDiff(segmentSums(pair, slots.pairLayout, [i]), s.id, s.label, models.base, vm, slots.tpMap, s, report.segments.find((x) => x.id === s.id))
    )
    // The population is at least 1: the overall segment always has customers.
    const overall = filledSegmentDiff(segmentSums(pair, slots.pairLayout, all), "overall", baseReport.overall.label, models.base, vm, slots.tpMap, baseReport.overall, report.overall)
    return {
      variant: nameOf(v, k),
      description: (v.variant === null ? undefined : v.variants[v.variant]?.description)?.trim() ?? "",
      report,
      segments,
      overall,
      winners: segments.filter((s) => s.direction === "better").map((s) => s.id),
      losers: segments.filter((s) => s.direction === "worse" || s.direction === "mixed").map((s) => s.id),
      headline: headline(overall, segments),
      planning: planning(overall, precision)
    }
  })
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    engine: { name: "cxsim", version: VERSION },
    scenario: { name: baseline.name, title: baseline.title, hash: baseline.hash },
    seed: models.base.seed,
    population: models.base.population,
    currency: baseline.currency,
    method: METHOD,
    baseline: baseReport,
    variants: compared
  } satisfies ComparisonReport
}
