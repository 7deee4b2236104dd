/**
 * Judging benchmark suites: each suite's gates on the paired comparison of its variants with its
 * baseline (the library's `bench`, api/bench.ts, runs the comparisons), and the verdicts
 * gathered. Deterministic: the same suites give the same result, byte for byte.
 */
import type { LoadedSuite } from "../load/loadSuite.js"
import { VERSION } from "../version.js"
import { BENCH_SCHEMA_VERSION, type ArmSummary, type BenchResult, type Counts, type StoredComparison, type SuiteResult } from "./BenchResult.js"
import { metrics, type ComparisonReport, type Metric, type SegmentDiff } from "./Comparison.js"
import { MIN_FIT_RESPONDENTS, type FitInput } from "./fitGate.js"
import { evaluateGates, worst, type CheckResult } from "./gates.js"

export const BENCH_METHOD =
  "Each variant runs on the same synthetic customers as the baseline and is compared customer by customer (paired 95% intervals, " +
  "normal approximation). A gate is breached when the whole interval lies beyond its threshold, inconclusive when the interval " +
  "straddles it, passed otherwise. Rules on a change use the paired interval of variant − baseline; rules on a level use the " +
  "variant's own interval (Wilson's for percentages). A fit gate judges the baseline, not the variants: the distance between its answers and " +
  "a survey's (total variation, as calibration's fidelity), against the survey's noise ceiling (the distance between two random halves of it); " +
  "breached when the distance exceeds max × the ceiling, or without max when the fit is poor (over 2 × the ceiling + 0.05); inconclusive " +
  `with fewer than ${MIN_FIT_RESPONDENTS} respondents.`

export const countOf = (checks: ReadonlyArray<CheckResult>): Counts => ({
  passed: checks.filter((c) => c.verdict === "passed").length,
  noData: checks.filter((c) => c.verdict === "no data").length,
  inconclusive: checks.filter((c) => c.verdict === "inconclusive").length,
  breached: checks.filter((c) => c.verdict === "breached").length
})

const armOf = (c: ComparisonReport, arm: "baseline" | number): ArmSummary => {
  const v = c.variants[arm === "baseline" ? 0 : arm]
  const name = arm === "baseline" ? "baseline" : (v?.variant ?? "")
  const rows: ReadonlyArray<SegmentDiff> = v === undefined ? [] : [...v.segments, v.overall]
  return {
    arm: name,
    segments: rows.map((s) => {
      if (s.diffs === null) return { id: s.id, label: s.label, n: s.n, metrics: null }
      const ms = {} as Record<Metric, { mean: number; sd: number }>
      for (const m of metrics) {
        const d = s.diffs[m]
        ms[m] = arm === "baseline" ? { mean: d.baseline, sd: d.arms.baseline.sd } : { mean: d.variant, sd: d.arms.variant.sd }
      }
      return { id: s.id, label: s.label, n: s.n, metrics: ms }
    })
  }
}

/** Judge a suite's gates on its comparison, and its fit gates on the fidelity of its baseline (by gate index). */
export const suiteResult = (s: LoadedSuite, c: ComparisonReport, fits: ReadonlyMap<number, FitInput> = new Map()): SuiteResult => {
  const checks = evaluateGates(c, s.suite.gates, s.suite.variants, fits)
  return {
    name: s.name,
    description: s.description.trim(),
    file: s.file,
    scenario: { ...c.scenario, file: s.scenarioFile },
    engineVersion: c.engine.version,
    seed: c.seed,
    customers: c.population,
    currency: c.currency,
    variants: c.variants.map((v) => ({ variant: v.variant, description: v.description, headline: v.headline })),
    verdict: worst(checks.map((x) => x.verdict)),
    counts: countOf(checks),
    checks,
    arms: [armOf(c, "baseline"), ...c.variants.map((_, k) => armOf(c, k))]
  }
}

/** The whole result: counts, the worst verdict, and the exit code (1 on a breach, or with `strict` on an inconclusive gate or one without data). */
export const benchResult = (suites: ReadonlyArray<SuiteResult>, strict: boolean, stored: StoredComparison | null): BenchResult => {
  const checks = suites.flatMap((s) => s.checks)
  const counts = countOf(checks)
  const failed = counts.breached > 0 || (strict && (counts.inconclusive > 0 || counts.noData > 0))
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    engine: { name: "cxsim", version: VERSION },
    kind: "bench",
    strict,
    verdict: worst(checks.map((c) => c.verdict)),
    exitCode: failed ? 1 : 0,
    counts,
    method: BENCH_METHOD,
    suites,
    stored
  }
}
