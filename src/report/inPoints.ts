/**
 * One unit for shares in every machine-readable output: completion, churn and abandonment as
 * percent, their changes in percentage points (the unit of the gates, the terminal tables and
 * docs/compare.md). In memory the comparison keeps shares 0–1 (src/stats/Comparison.ts); the
 * JSON and CSV renderers write what these functions return, which states its units in `units`.
 */
import type { ArmSummary, BenchResult, MetricChange, SuiteResult } from "../stats/BenchResult.js"
import { shareMetrics, type ArmLevel, type ComparisonReport, type Diff, type FilledSegmentDiff, type Metric, type SegmentDiff } from "../stats/Comparison.js"

/** The unit of each metric's levels and changes in the JSON and CSV outputs. */
export const UNITS = {
  csat: "points on the 1–5 scale",
  nps: "NPS points, −100..100",
  ces: "points on the 1 (easy) to 7 (hard) scale",
  satisfaction: "points on the 0–10 scale",
  completion: "percent; changes in percentage points",
  churn: "percent; changes in percentage points",
  abandonment: "percent; changes in percentage points",
  revenue: "the scenario's currency per customer"
} as const

/** A share as percent (or a change of shares as percentage points), to 1e-6 of a point. */
/** A share (0–1) in percent, rounded as the JSON outputs give it. */
export const pct = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e8) / 1e6 + 0 : x)

const arm = (a: ArmLevel): ArmLevel => ({ sd: pct(a.sd), lower: pct(a.lower), upper: pct(a.upper) })

const diff = (d: Diff): Diff => ({
  ...d,
  baseline: pct(d.baseline),
  variant: pct(d.variant),
  delta: pct(d.delta),
  lower: pct(d.lower),
  upper: pct(d.upper),
  unpairedHalfWidth: pct(d.unpairedHalfWidth),
  sd: pct(d.sd),
  arms: { baseline: arm(d.arms.baseline), variant: arm(d.arms.variant) }
})

const byMetric = <A>(r: Readonly<Record<Metric, A>>, f: (a: A) => A): Record<Metric, A> =>
  Object.fromEntries(Object.entries(r).map(([m, a]) => [m, shareMetrics.has(m as Metric) ? f(a as A) : a])) as Record<Metric, A>

const filledSegment = (s: FilledSegmentDiff): FilledSegmentDiff => ({
  ...s,
  diffs: byMetric(s.diffs, diff),
  abandonedAt: s.abandonedAt.map((a) => ({ ...a, diff: diff(a.diff) }))
})

/** An empty segment has no figures to convert. */
const segment = (s: SegmentDiff): SegmentDiff => (s.diffs === null ? s : filledSegment(s))

/**
 * The comparison with completion, churn and abandonment in percent and percentage points
 * (the embedded reports keep their rates 0–1, as `cxsim run --format json` writes them).
 *
 * @example
 * comparisonInPoints(c).variants[0].overall.diffs.churn.delta // 10.4, not 0.104
 */
export const comparisonInPoints = (c: ComparisonReport): ComparisonReport & { readonly units: typeof UNITS } => ({
  ...c,
  units: UNITS,
  variants: c.variants.map((v) => ({
    ...v,
    segments: v.segments.map(segment),
    overall: filledSegment(v.overall),
    planning: { ...v.planning, minimumDetectable: byMetric(v.planning.minimumDetectable, pct) }
  }))
})

const armSummary = (a: ArmSummary): ArmSummary => ({
  ...a,
  segments: a.segments.map((s) => ({ ...s, metrics: s.metrics === null ? null : byMetric(s.metrics, (x) => ({ mean: pct(x.mean), sd: pct(x.sd) })) }))
})

const metricChange = (m: MetricChange): MetricChange =>
  shareMetrics.has(m.metric) ? { ...m, stored: pct(m.stored), current: pct(m.current), delta: pct(m.delta), lower: pct(m.lower), upper: pct(m.upper) } : m

/**
 * The benchmark result with the same units as the comparison's JSON: checks are in their
 * gate's unit already; the arms' means and the changes since the stored results follow.
 *
 * @example
 * benchInPoints(r).units.churn // "percent; changes in percentage points"
 */
export const benchInPoints = (r: BenchResult): BenchResult & { readonly units: typeof UNITS } => ({
  ...r,
  units: UNITS,
  suites: r.suites.map((s): SuiteResult => ({ ...s, arms: s.arms.map(armSummary) })),
  stored: r.stored === null ? null : { ...r.stored, suites: r.stored.suites.map((x) => ({ ...x, metrics: x.metrics.map(metricChange) })) }
})
