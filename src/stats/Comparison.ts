/**
 * The comparison report: a baseline and its variants run on the same synthetic customers
 * (design.md, contract — common random numbers), compared pair by pair, customer by customer.
 * Every format of `cxsim compare`, the `cxsim bench` gates and the terminal UI read this.
 *
 * Units: CSAT 1–5, NPS −100..100 (per-customer score +100/0/−100), CES 1–7, satisfaction 0–10,
 * completion, churn and abandonment as shares 0–1, revenue per customer in the scenario's currency.
 */
import type { Report } from "../report/Report.js"

export const COMPARISON_SCHEMA_VERSION = 2

/** One arm (baseline or variant) on its own. */
export interface ArmLevel {
  /** Standard deviation of the metric over the customers of the segment. */
  readonly sd: number
  /** 95% interval of the arm's mean: mean ± 1.96·sd/√n, or Wilson's score interval for shares. */
  readonly lower: number
  readonly upper: number
}

/** A paired difference (variant − baseline) with its 95% interval. */
export interface Diff {
  readonly baseline: number
  readonly variant: number
  /** variant − baseline, the mean of the per-customer differences. */
  readonly delta: number
  /** 95% paired interval of `delta`. */
  readonly lower: number
  readonly upper: number
  /** The interval excludes 0. */
  readonly significant: boolean
  /** Half-width of the unpaired (two independent samples) interval at the same N, for contrast. */
  readonly unpairedHalfWidth: number
  /** Standard deviation of the per-customer differences (for planning). */
  readonly sd: number
  /** Each arm on its own (for gates on levels, and for comparisons with stored results). */
  readonly arms: { readonly baseline: ArmLevel; readonly variant: ArmLevel }
}

/** Which metrics are compared; all per customer, NPS as the per-customer score +100/0/−100. */
export const metrics = ["csat", "nps", "ces", "satisfaction", "completion", "churn", "revenue"] as const
export type Metric = (typeof metrics)[number]

/** For each metric, whether a higher value is better for the business. */
export const higherIsBetter: Readonly<Record<Metric, boolean>> = {
  csat: true,
  nps: true,
  ces: false,
  satisfaction: true,
  completion: true,
  churn: false,
  revenue: true
}

/** Metrics measured as shares 0–1 (their differences are shown in percentage points). */
export const shareMetrics: ReadonlySet<Metric> = new Set<Metric>(["completion", "churn"])

/**
 * The metrics on which a segment's direction is judged: what its customers say and do (CSAT,
 * NPS, effort) and whether they finish and stay (completion, churn). Satisfaction (the latent
 * score behind CSAT and NPS) and revenue (a consequence of completion and churn) are shown, not
 * judged.
 */
export const directionMetrics: ReadonlyArray<Metric> = ["csat", "nps", "ces", "completion", "churn"]

/**
 * The smallest change that counts towards a segment's direction: 1% of the metric's range (CSAT
 * 0.04 on 1–5, NPS 2 points on −100..100, CES 0.06 on 1–7, satisfaction 0.1 on 0–10, completion
 * and churn 1 percentage point). Paired intervals are so tight that, with enough customers,
 * changes far too small to matter are significant; a change is called only when it is both.
 * Revenue has no fixed range and is not judged.
 */
export const noticeable: Readonly<Record<Metric, number>> = {
  csat: 0.04,
  nps: 2,
  ces: 0.06,
  satisfaction: 0.1,
  completion: 0.01,
  churn: 0.01,
  revenue: 0
}

export interface TouchpointChange {
  readonly touchpoint: string
  /** Reach (share of customers) in the baseline and the variant. */
  readonly reachBaseline: number
  readonly reachVariant: number
  /** Mean experience value of those who reached it. */
  readonly experienceBaseline: number
  readonly experienceVariant: number
  /** Change of (reach × experience): the touchpoint's contribution per customer. */
  readonly contribution: number
}

/** Customers who gave up at one touchpoint, in each arm, and the paired change of that share. */
export interface AbandonmentChange {
  readonly touchpoint: string
  readonly baselineCount: number
  readonly variantCount: number
  /** Shares 0–1 of the segment; a touchpoint missing from an arm counts 0 there. */
  readonly diff: Diff
}

/** How a segment moved; "no data" for a segment without customers (nothing to judge). */
export type Direction = "better" | "worse" | "mixed" | "unchanged" | "no data"

/** A compared segment with customers. */
export interface FilledSegmentDiff {
  readonly id: string
  readonly label: string
  /** Customers of this segment (by their baseline persona), at least 1. */
  readonly n: number
  readonly diffs: Readonly<Record<Metric, Diff>>
  /**
   * Judged on the changes of `directionMetrics` that are significant and at least `noticeable`:
   * "better" when all go the right way, "worse" when all go the wrong way, "mixed" when both
   * occur, "unchanged" when there are none.
   */
  readonly direction: Exclude<Direction, "no data">
  /** Touchpoints whose experience and reach changed most, largest |contribution| first. */
  readonly attribution: ReadonlyArray<TouchpointChange>
  /** Touchpoints where someone gave up in either arm, in journey order (baseline's, then the variant's own). */
  readonly abandonedAt: ReadonlyArray<AbandonmentChange>
}

/**
 * A compared segment no customer belongs to (n = 0: a persona with share 0, or too few
 * customers): no difference exists, so `diffs` is null and the direction "no data".
 */
export interface EmptySegmentDiff {
  readonly id: string
  readonly label: string
  readonly n: 0
  readonly diffs: null
  readonly direction: "no data"
  readonly attribution: ReadonlyArray<never>
  readonly abandonedAt: ReadonlyArray<never>
}

/**
 * A compared segment: with customers and their paired differences, or empty (`diffs` null).
 *
 * @example
 * for (const s of comparison.variants[0].segments) console.log(s.label, s.diffs === null ? "—" : s.diffs.nps.delta)
 */
export type SegmentDiff = FilledSegmentDiff | EmptySegmentDiff

export interface VariantComparison {
  readonly variant: string
  /** The variant's description from the scenario file ("" when it has none). */
  readonly description: string
  readonly report: Report
  readonly segments: ReadonlyArray<SegmentDiff>
  /** Every customer (the population is at least 1, so never empty). */
  readonly overall: FilledSegmentDiff
  /**
   * Who wins and who loses (segment ids): segments that only improve ("better") are winners;
   * segments with any worsening ("worse" or "mixed") are losers, so that an average never hides
   * a segment that gets worse.
   */
  readonly winners: ReadonlyArray<string>
  readonly losers: ReadonlyArray<string>
  /** One sentence: the overall direction, and who gains and who loses. */
  readonly headline: string
}

export interface Planning {
  /** The requested half-width of the overall NPS interval (points), when --precision was given. */
  readonly precision: number | null
  /** Customers needed for that half-width, from the observed paired sd. */
  readonly customersNeeded: number | null
  /** Minimum detectable effect at 80% power and 5% two-sided, per metric, overall. */
  readonly minimumDetectable: Readonly<Record<Metric, number>>
}

export interface ComparisonReport {
  readonly schemaVersion: typeof COMPARISON_SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly scenario: { readonly name: string; readonly title: string; readonly hash: string }
  readonly seed: number
  readonly population: number
  /** The scenario's currency (revenue). */
  readonly currency: string
  readonly method: {
    readonly pairing: string
    readonly interval: string
    readonly unpaired: string
    readonly direction: string
    readonly planning: string
  }
  readonly baseline: Report
  readonly variants: ReadonlyArray<VariantComparison & { readonly planning: Planning }>
}
