/**
 * One effect of the validity suite: a finding of the literature, the small scenario that
 * isolates it, how cxsim's reports measure it, and what the measurement must show.
 */
import { hasCustomers, type FilledSegment, type Report } from "../report/Report.js"
import type { FilledSegmentDiff, VariantComparison } from "../stats/Comparison.js"
import { NotMeasurable, type Measured } from "./Measured.js"
import type { Rule } from "./Rule.js"

/** An arm: a variant of the effect's scenario, or null for the scenario as written. */
export type Arm = string | null

/** What a measurement may read: the runs of the arms the effect declared. */
export interface Arms {
  /** The report of one arm. */
  readonly report: (arm: Arm) => Report
  /** Arm `to` compared with arm `from` on the same customers, customer by customer. */
  readonly pair: (from: Arm, to: Arm) => VariantComparison
}

/** One quantity, how it is measured, and the rule it must satisfy. */
export interface Check {
  /** What is measured, in a few words: "ΔS (high − low expectations)". */
  readonly quantity: string
  /** Throws `NotMeasurable` when the reports lack what it needs. */
  readonly measure: (arms: Arms) => Measured
  readonly accept: Rule
}

export interface BehaviouralEffect {
  /** Short stable id: "loss-aversion". */
  readonly id: string
  readonly name: string
  /** Authors and years: "Tversky & Kahneman 1992". */
  readonly source: string
  /** What the literature reports, in one sentence with its figure. */
  readonly literature: string
  /** The scenario file, relative to scenarios/validity/ (or absolute). */
  readonly scenario: string
  /** The paired comparisons the measurement reads: [from, to]. */
  readonly pairs: ReadonlyArray<readonly [Arm, Arm]>
  /** Arms read on their own (their report only). @default none */
  readonly reports?: ReadonlyArray<Arm>
  readonly checks: ReadonlyArray<Check>
  /** Why the tolerance is what it is. */
  readonly tolerance: string
  /** One paragraph: how the scenario isolates the effect. */
  readonly design: string
}

/** The segment `id` of a report (the whole population when the scenario has one persona). */
export const segmentOf = (r: Report, id?: string): FilledSegment => {
  if (id === undefined) return r.overall
  const s = r.segments.find((x) => x.id === id)
  if (s === undefined) throw new Error(`segmentOf requires a segment "${id}" in the report of ${r.scenario.name}`)
  if (!hasCustomers(s)) throw new NotMeasurable(`segment "${id}" has no customers`)
  return s
}

/** The paired differences of segment `id` (the whole population when omitted). */
export const segmentDiffOf = (c: VariantComparison, id?: string): FilledSegmentDiff => {
  if (id === undefined) return c.overall
  const s = c.segments.find((x) => x.id === id)
  if (s === undefined) throw new Error(`segmentDiffOf requires a segment "${id}" in the comparison of ${c.variant}`)
  if (s.diffs === null) throw new NotMeasurable(`segment "${id}" has no customers`)
  return s
}

/** Churn over the horizon of the customers who gave each CSAT answer after their first journey. */
export interface CsatChurn {
  readonly csat: 1 | 2 | 3 | 4 | 5
  readonly n: number
  readonly churned: number
  readonly rate: number
}

/** A segment's churn by CSAT answer (`churnByCsat` of the report), or NotMeasurable without it. */
export const churnByCsat = (s: FilledSegment): ReadonlyArray<CsatChurn> => {
  const rows = (s as FilledSegment & { readonly churnByCsat?: ReadonlyArray<CsatChurn> }).churnByCsat
  if (rows === undefined) throw new NotMeasurable("this engine's report has no churn by CSAT answer (segments[].churnByCsat)")
  return rows
}

/** Customers and churned customers among those whose CSAT answer is in `answers`. */
export const churnAmong = (s: FilledSegment, answers: ReadonlyArray<number>): { readonly n: number; readonly churned: number } => {
  let n = 0
  let churned = 0
  for (const row of churnByCsat(s)) {
    if (!answers.includes(row.csat)) continue
    n += row.n
    churned += row.churned
  }
  if (n === 0) throw new NotMeasurable(`no customer answered CSAT ${answers.join(" or ")}`)
  return { n, churned }
}
