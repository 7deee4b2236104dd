/**
 * The validity report: for each behavioural effect, what the literature reports, what cxsim
 * measures with its interval, the tolerance, and whether the effect holds. Every format of
 * `cxsim validity` (table, md, json) renders this.
 */
export const VALIDITY_SCHEMA_VERSION = 1

export type Status = "pass" | "fail" | "not measurable"

export interface CheckResult {
  readonly quantity: string
  /** The estimate; null when the effect could not be measured. */
  readonly estimate: number | null
  /** Ends of the 95% interval; null when unbounded (or not measured). */
  readonly lower: number | null
  readonly upper: number | null
  /** The acceptance rule in words: "≤ 0.5", "< 0, interval excludes 0". */
  readonly accept: string
  /** null when not measured. */
  readonly pass: boolean | null
}

export interface EffectResult {
  readonly id: string
  readonly name: string
  readonly source: string
  readonly literature: string
  /** The scenario, relative to the package: scenarios/validity/….yaml */
  readonly scenario: string
  readonly tolerance: string
  readonly design: string
  readonly status: Status
  /** Why it could not be measured ("not measurable: …"), else null. */
  readonly reason: string | null
  readonly checks: ReadonlyArray<CheckResult>
}

export interface ValidityReport {
  readonly schemaVersion: typeof VALIDITY_SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  /** Customers per segment and arm. */
  readonly customers: number
  /** The persona file whose behavioural parameters were used, as given; null for the defaults. */
  readonly persona: string | null
  readonly method: {
    readonly scenarios: string
    readonly arms: string
    readonly differences: string
    readonly proportions: string
    readonly ratios: string
    readonly periods: string
    readonly acceptance: string
  }
  readonly effects: ReadonlyArray<EffectResult>
  readonly summary: { readonly passed: number; readonly failed: number; readonly notMeasurable: number }
}

export const VALIDITY_METHOD: ValidityReport["method"] = {
  scenarios:
    "one persona unless the effect needs more, fixed service levels unless it needs spread, touchpoints that cannot be abandoned and no leaving the intended path (abandonment and detours would blur the effect); the personas set expectations and what the design needs (a Kano class, a base retention, a pinned switching cost), so every other behavioural parameter is the engine's default, or the persona file's with --persona",
  arms: "each effect's arms are variants of its scenario, run at the scenario's seed on the same synthetic customers (common random numbers)",
  differences: "paired, customer by customer: mean difference ± 1.96·sd/√n; divided by the baseline's standard deviation where the effect is a standardised difference",
  proportions: "Wilson's score interval; differences of proportions of different customers: Newcombe's hybrid score interval",
  ratios: "conservative: each term's interval at 97.5% (Bonferroni), the ratio spanning the ratios of their ends, so it covers with at least 95%; unbounded when the denominator's interval reaches 0",
  periods: "differences of mean satisfaction between periods or arms that the report gives without a spread: ± 1.96·5·(1/√n₁ + 1/√n₂), a bound valid for any correlation (a 0–10 score has sd ≤ 5)",
  acceptance: "ranges are judged on the estimate; sign rules on the estimate and, where said, on the whole interval"
}
