/**
 * The result of `cxsim bench`: per suite, one check per gate, variant and segment with its
 * verdict, and a summary of every arm for later comparisons. The JSON output (`--json`) is this
 * document; the stored results (`--baseline FILE`) hold the same suite results.
 */
import type { Metric } from "./Comparison.js"
import type { CheckResult, Verdict } from "./gates.js"

/** 3: fit gates (metric fit: checks of the baseline with a `fit` member; `surveyChanged` in stored comparisons). */
export const BENCH_SCHEMA_VERSION = 3

export interface Counts {
  readonly passed: number
  /** Gates on a segment without customers: nothing to judge. */
  readonly noData: number
  readonly inconclusive: number
  readonly breached: number
}

/** One arm (the baseline or a variant) of a suite: per segment (baseline persona), then overall, each metric's mean and sd. */
export interface ArmSummary {
  /** "baseline" or the variant's name. */
  readonly arm: string
  readonly segments: ReadonlyArray<{
    readonly id: string
    readonly label: string
    readonly n: number
    /** null when the segment has no customers. */
    readonly metrics: Readonly<Record<Metric, { readonly mean: number; readonly sd: number }>> | null
  }>
}

export interface SuiteResult {
  readonly name: string
  readonly description: string
  /** The suite file, as given on the command line. */
  readonly file: string
  readonly scenario: { readonly name: string; readonly title: string; readonly hash: string; readonly file: string }
  /** The cxsim version that produced these results. */
  readonly engineVersion: string
  readonly seed: number
  readonly customers: number
  readonly currency: string
  readonly variants: ReadonlyArray<{ readonly variant: string; readonly description: string; readonly headline: string }>
  /** The worst verdict of the suite's checks. */
  readonly verdict: Verdict
  readonly counts: Counts
  readonly checks: ReadonlyArray<CheckResult>
  readonly arms: ReadonlyArray<ArmSummary>
}

/** A check then and now. */
export interface CheckChange {
  readonly key: string
  readonly variant: string
  readonly segmentLabel: string
  readonly description: string
  readonly stored: Pick<CheckResult, "verdict" | "value" | "lower" | "upper" | "unit"> | null
  readonly current: Pick<CheckResult, "verdict" | "value" | "lower" | "upper" | "unit"> | null
  /** same: identical; moved: other figures, same verdict; better or worse: the verdict changed; new or gone: only now, only then. */
  readonly change: "same" | "moved" | "better" | "worse" | "new" | "gone"
}

/** A metric of one arm and segment, then and now, with an unpaired interval of the change. */
export interface MetricChange {
  readonly arm: string
  readonly segment: string
  readonly segmentLabel: string
  readonly metric: Metric
  readonly stored: number
  readonly current: number
  /** current − stored, and its 95% interval, unpaired: ± 1.96·√(s₁²/n₁ + s₂²/n₂). */
  readonly delta: number
  readonly lower: number
  readonly upper: number
  readonly significant: boolean
}

export interface StoredSuiteComparison {
  readonly suite: string
  /** Stored results exist for the suite. */
  readonly found: boolean
  readonly storedHash: string | null
  readonly storedEngineVersion: string | null
  /** The scenario (or a persona file) changed since the results were stored. */
  readonly scenarioChanged: boolean
  readonly engineChanged: boolean
  /** The suite's seed or customers changed. */
  readonly settingsChanged: boolean
  /** The survey or mapping of a fit gate changed (by content): its checks may move without drift. */
  readonly surveyChanged: boolean
  /**
   * Nothing changed — scenario, engine, seed, customers, a fit gate's survey — yet the results differ: the
   * determinism contract is broken (or the stored file was edited by hand).
   */
  readonly drift: boolean
  readonly checks: ReadonlyArray<CheckChange>
  readonly metrics: ReadonlyArray<MetricChange>
}

export interface StoredComparison {
  /** The stored results file. */
  readonly file: string
  readonly method: string
  readonly suites: ReadonlyArray<StoredSuiteComparison>
}

export interface BenchResult {
  readonly schemaVersion: typeof BENCH_SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly kind: "bench"
  /** Inconclusive gates, and gates without data, fail the run too (--strict). */
  readonly strict: boolean
  /** The worst verdict of all checks. */
  readonly verdict: Verdict
  /** 1 when a gate is breached (or, with strict, inconclusive or without data); else 0. */
  readonly exitCode: 0 | 1
  readonly counts: Counts
  readonly method: string
  readonly suites: ReadonlyArray<SuiteResult>
  /** The comparison with stored results, when --baseline was given. */
  readonly stored: StoredComparison | null
}

/** The stored results file (--baseline, written by --update-baseline): suite results by name. */
export interface StoredResults {
  readonly schemaVersion: typeof BENCH_SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly kind: "bench-baseline"
  /** Sorted by name. */
  readonly suites: ReadonlyArray<SuiteResult>
}
