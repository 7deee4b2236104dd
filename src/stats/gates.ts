/**
 * Gates: verdicts on a comparison. A gate is breached only when the whole 95% interval lies
 * beyond its threshold, inconclusive when the interval straddles the threshold, and passed
 * otherwise — so a verdict never flips from noise, and an identical variant (a change of exactly
 * 0, interval [0, 0]) never breaches a rule on the change. Rules on the change use the paired
 * interval of variant − baseline; rules on a level use the variant's own interval (Wilson's for
 * percentages). A fit gate judges the baseline's fit to a survey instead (fitGate.ts).
 */
import type { Gate, GateMetric, GateRule } from "../model/BenchSuite.js"
import type { ComparisonReport, Diff, FilledSegmentDiff } from "./Comparison.js"
import { abandonmentDiff } from "./compare.js"
import { MIN_JUDGED } from "./intervals.js"
import { describeFitGate, FIT_UNIT, judgeFit, type FitFigures, type FitInput } from "./fitGate.js"

/**
 * A gate's verdict. "no data": the segment it names has no customers (a persona with share 0, or
 * a run too small to draw one), or fewer than `MIN_JUDGED`, so there is nothing to judge; it
 * counts like an inconclusive gate (exit 0, or 1 with `strict`), never as passed.
 */
export type Verdict = "passed" | "no data" | "inconclusive" | "breached"

/** Verdicts from best to worst. */
export const verdicts: ReadonlyArray<Verdict> = ["passed", "no data", "inconclusive", "breached"]

export const worst = (xs: Iterable<Verdict>): Verdict => {
  let w: Verdict = "passed"
  for (const x of xs) if (verdicts.indexOf(x) > verdicts.indexOf(w)) w = x
  return w
}

/**
 * Below `MIN_JUDGED` customers (intervals.ts) a check on a compared metric is "no data", saying how
 * many customers the segment had; a fit check is judged on the survey's respondents instead.
 */
export { MIN_JUDGED }

/** Why a check is "no data", in words: "the segment has no customers", or how few it had. */
export const noDataReason = (c: { readonly n: number }): string =>
  c.n === 0
    ? "the segment has no customers"
    : `the segment has only ${c.n} customer${c.n === 1 ? "" : "s"}, fewer than the ${MIN_JUDGED} a gate is judged from`

/** Percentages in gates (0–100), shares (0–1) in comparisons. */
export const percentMetrics: ReadonlySet<GateMetric> = new Set<GateMetric>(["completion", "churn", "abandonment"])

/**
 * The rule a check applies: a gate's rule, or "notPoor", the rule of a fit gate without one (its
 * fit must not be poor).
 */
export type CheckRule = GateRule | "notPoor"

/** The rule of a gate and its threshold (a gate holds exactly one; loadSuite checks it). */
export const ruleOf = (g: Gate): { readonly rule: CheckRule; readonly threshold: number } => {
  if (g.metric === "fit" && g.max === undefined) return { rule: "notPoor", threshold: 0 }
  if (g.maxDrop !== undefined) return { rule: "maxDrop", threshold: g.maxDrop }
  if (g.maxRise !== undefined) return { rule: "maxRise", threshold: g.maxRise }
  if (g.max !== undefined) return { rule: "max", threshold: g.max }
  if (g.min !== undefined) return { rule: "min", threshold: g.min }
  throw new Error("ruleOf requires a gate with one of maxDrop, maxRise, max, min")
}

/** Does the rule judge the change (variant − baseline) rather than the variant's level? */
export const onChange = (rule: CheckRule): boolean => rule === "maxDrop" || rule === "maxRise"

/**
 * The verdict of a rule on a 95% interval [lower, upper]: breached when it lies entirely beyond
 * the threshold, passed when it lies entirely within, inconclusive when it straddles.
 */
export const judge = (rule: Exclude<CheckRule, "notPoor">, threshold: number, lower: number, upper: number): Verdict => {
  switch (rule) {
    case "maxDrop":
      return upper < -threshold ? "breached" : lower >= -threshold ? "passed" : "inconclusive"
    case "maxRise":
      return lower > threshold ? "breached" : upper <= threshold ? "passed" : "inconclusive"
    case "max":
      return lower > threshold ? "breached" : upper <= threshold ? "passed" : "inconclusive"
    case "min":
      return upper < threshold ? "breached" : lower >= threshold ? "passed" : "inconclusive"
  }
}

const metricName = (m: GateMetric, at: string | undefined): string => {
  switch (m) {
    case "csat":
      return "CSAT"
    case "nps":
      return "NPS"
    case "ces":
      return "CES"
    case "revenue":
      return "revenue per customer"
    case "abandonment":
      return `abandonment at ${at ?? "?"}`
    case "fit":
      return "the fit"
    default:
      return m
  }
}

/** The unit a gate's numbers are written in, after the number: "points", "pts", "%", a currency or "". */
export const gateUnit = (m: GateMetric, rule: CheckRule, currency: string): string => {
  if (m === "fit") return FIT_UNIT
  if (percentMetrics.has(m)) return onChange(rule) ? "pts" : "%"
  if (m === "revenue") return currency
  if (m === "nps" && onChange(rule)) return "points"
  return ""
}

const num = (x: number): string => String(Math.round(x * 1e6) / 1e6)

/** The gate's rule in words: "NPS must not drop by more than 2 points". */
export const describeGate = (g: Gate, currency: string): string => {
  if (g.metric === "fit") return describeFitGate(g)
  const { rule, threshold } = ruleOf(g)
  const name = metricName(g.metric as GateMetric, g.at)
  const t = num(threshold)
  const m = g.metric as GateMetric
  const unit = percentMetrics.has(m)
    ? onChange(rule)
      ? ` percentage point${threshold === 1 ? "" : "s"}`
      : "%"
    : m === "revenue"
      ? ` ${currency}`
      : m === "nps" && onChange(rule)
        ? ` point${threshold === 1 ? "" : "s"}`
        : ""
  switch (rule) {
    case "maxDrop":
      return `${name} must not drop by more than ${t}${unit}`
    case "maxRise":
      return `${name} must not rise by more than ${t}${unit}`
    case "max":
      return `${name} must stay at or below ${t}${unit}`
    case "min":
      return `${name} must stay at or above ${t}${unit}`
    case "notPoor":
      return `${name} must not be poor`
  }
}

/** One gate judged for one variant and one segment. */
export interface CheckResult {
  /** Identifies the check across runs (for comparisons with stored results): variant · segment · rule. */
  readonly key: string
  /** The gate's place in its suite, from 1. */
  readonly gate: number
  /** The gate's own name, when it has one. */
  readonly name: string | null
  /** The variant judged; "baseline" for a fit check (the scenario as it stands). */
  readonly variant: string
  /** "overall" or a persona id. */
  readonly segment: string
  readonly segmentLabel: string
  /** Customers of the segment in the run (a check of fewer than `MIN_JUDGED` is "no data"). */
  readonly n: number
  readonly metric: GateMetric
  /** The touchpoint of an abandonment gate. */
  readonly touchpoint: string | null
  readonly rule: CheckRule
  /** In the measure's unit. A fit check without a rule (notPoor): the ratio where "poor" begins, 2 + 0.05 / ceiling. */
  readonly threshold: number
  /** The rule in words. */
  readonly description: string
  /** What was measured: the paired change (variant − baseline), the variant's level, or the baseline's fit to a survey. */
  readonly measured: "change" | "level" | "fit"
  /**
   * The measure and its 95% interval, in the gate's unit (percent or percentage points for
   * percentages); null when the check is "no data" (no customers, or fewer than `MIN_JUDGED`). A fit check: the distance over the noise
   * ceiling, without an interval (lower and upper null); its figures are in `fit`.
   */
  readonly value: number | null
  readonly lower: number | null
  readonly upper: number | null
  readonly unit: string
  readonly verdict: Verdict
  /** A fit check's figures: survey, respondents, distance, noise ceiling, fidelity verdict (only on fit checks). */
  readonly fit?: FitFigures
}

const r6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : 0)

/** The Diff a gate reads from a segment: a compared metric, or giving up at a touchpoint. */
export const gateDiff = (s: FilledSegmentDiff, g: Gate): Diff => {
  if (g.metric === "fit") throw new Error("gateDiff requires a gate on a compared metric, not fit")
  if (g.metric !== "abandonment") return s.diffs[g.metric as Exclude<GateMetric, "abandonment" | "fit">]
  const a = s.abandonedAt.find((x) => x.touchpoint === g.at)
  return a?.diff ?? abandonmentDiff(s.n, 0, 0, 0)
}

/**
 * Judge every gate for every variant it applies to and every segment it names, in gate order,
 * then variant order, then segment order. A fit gate is judged once per segment, on the baseline
 * (variant "baseline"), from `fits` (by the gate's index).
 *
 * evaluateGates requires a comparison of every variant the gates name, segment ids of its
 * baseline (loadSuite checks both), and the fidelity of every fit gate in `fits`.
 */
export const evaluateGates = (
  c: ComparisonReport,
  gates: ReadonlyArray<Gate>,
  variants: ReadonlyArray<string>,
  fits: ReadonlyMap<number, FitInput> = new Map()
): CheckResult[] => {
  const out: CheckResult[] = []
  const keys = new Set<string>()
  const keyOf = (variant: string, segment: string, description: string, i: number): string => {
    let key = `${variant} · ${segment} · ${description}`
    if (keys.has(key)) key = `${key} (gate ${i + 1})`
    keys.add(key)
    return key
  }
  gates.forEach((g, i) => {
    const { rule, threshold } = ruleOf(g)
    const metric = g.metric as GateMetric
    const description = describeGate(g, c.currency)
    if (metric === "fit") {
      const input = fits.get(i)
      if (input === undefined) throw new Error(`evaluateGates requires the fidelity of fit gate ${i + 1}`)
      const base = c.variants[0]
      if (base === undefined) throw new Error("evaluateGates requires a comparison with at least one variant")
      const segment = g.segment ?? "overall"
      const segs = segment === "each" ? base.segments : segment === "overall" ? [base.overall] : base.segments.filter((s) => s.id === segment)
      if (segs.length === 0) throw new Error(`evaluateGates requires segment ${segment} in the comparison`)
      for (const s of segs) {
        const j = judgeFit(g, input, s.id)
        out.push({
          key: keyOf("baseline", s.id, description, i),
          gate: i + 1,
          name: g.name ?? null,
          variant: "baseline",
          segment: s.id,
          segmentLabel: s.label,
          n: s.n,
          metric,
          touchpoint: null,
          rule,
          threshold: j.threshold,
          description,
          measured: "fit",
          value: j.value,
          lower: null,
          upper: null,
          unit: FIT_UNIT,
          verdict: j.verdict,
          fit: j.fit
        })
      }
      return
    }
    if (rule === "notPoor") throw new Error("evaluateGates: notPoor is the rule of fit gates only")
    const scale = percentMetrics.has(metric) ? 100 : 1
    for (const name of g.variants ?? variants) {
      const v = c.variants.find((x) => x.variant === name)
      if (v === undefined) throw new Error(`evaluateGates requires a comparison of variant ${name}`)
      const segment = g.segment ?? "overall"
      const segs = segment === "each" ? v.segments : segment === "overall" ? [v.overall] : v.segments.filter((s) => s.id === segment)
      if (segs.length === 0) throw new Error(`evaluateGates requires segment ${segment} in the comparison`)
      for (const s of segs) {
        const change = onChange(rule)
        // A segment without customers, or with too few, has no figure to judge: "no data", not a number.
        const d = s.diffs === null || s.n < MIN_JUDGED ? null : gateDiff(s, g)
        const value = d === null ? null : r6(scale * (change ? d.delta : d.variant))
        const lower = d === null ? null : r6(scale * (change ? d.lower : d.arms.variant.lower))
        const upper = d === null ? null : r6(scale * (change ? d.upper : d.arms.variant.upper))
        out.push({
          key: keyOf(name, s.id, description, i),
          gate: i + 1,
          name: g.name ?? null,
          variant: name,
          segment: s.id,
          segmentLabel: s.label,
          n: s.n,
          metric,
          touchpoint: g.at ?? null,
          rule,
          threshold,
          description,
          measured: change ? "change" : "level",
          value,
          lower,
          upper,
          unit: gateUnit(metric, rule, c.currency),
          verdict: lower === null || upper === null ? "no data" : judge(rule, threshold, lower, upper)
        })
      }
    }
  })
  return out
}
