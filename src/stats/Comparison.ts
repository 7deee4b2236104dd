/**
 * The comparison report: a baseline and its variants run on the same synthetic customers
 * (design.md, contract — common random numbers), compared pair by pair, customer by customer.
 * Every format of `cxsim compare`, the `cxsim bench` gates and the terminal UI read this.
 */
import type { Report } from "../report/Report.js"

export const COMPARISON_SCHEMA_VERSION = 1

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

export interface SegmentDiff {
  readonly id: string
  readonly label: string
  /** Customers of this segment (by their baseline persona). */
  readonly n: number
  readonly diffs: Readonly<Record<Metric, Diff>>
  /** "better" | "worse" | "mixed" | "unchanged", judged on significant CSAT, NPS and churn changes. */
  readonly direction: "better" | "worse" | "mixed" | "unchanged"
  /** Touchpoints whose experience and reach changed most, largest |contribution| first. */
  readonly attribution: ReadonlyArray<TouchpointChange>
}

export interface VariantComparison {
  readonly variant: string
  readonly report: Report
  readonly segments: ReadonlyArray<SegmentDiff>
  readonly overall: SegmentDiff
  /** Segments that move in opposite directions: who wins and who loses. */
  readonly winners: ReadonlyArray<string>
  readonly losers: ReadonlyArray<string>
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
  readonly method: {
    readonly pairing: string
    readonly interval: string
    readonly unpaired: string
  }
  readonly baseline: Report
  readonly variants: ReadonlyArray<VariantComparison & { readonly planning: Planning }>
}
