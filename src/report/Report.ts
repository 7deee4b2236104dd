/**
 * The report: a versioned JSON document (design.md, contract — report). Every output format
 * renders this, and nothing else.
 */
export const SCHEMA_VERSION = 2

export interface Rate {
  readonly count: number
  readonly rate: number
  readonly lower: number
  readonly upper: number
}

export interface Estimate {
  readonly mean: number
  readonly lower: number
  readonly upper: number
}

export interface PeriodRow {
  /** 1-based period. */
  readonly period: number
  /** Customers active at the start of the period. */
  readonly active: number
  /** Customers who left during the period. */
  readonly churned: number
  /** Share of the segment still active at the end of the period. */
  readonly retained: number
  /** Mean satisfaction (0–10) of the period's visits. */
  readonly satisfaction: number
}

export interface TouchpointRow {
  readonly touchpoint: string
  /** Share of customers who reached the touchpoint on their first journey. */
  readonly reach: number
  /** Visits per customer (loops count). */
  readonly visits: number
  /** Share of customers who gave up here. */
  readonly abandoned: number
  /** Failures here per customer (a loop can fail more than once). */
  readonly failures: number
  /** Mean experience value of a visit (0 = exactly as expected). */
  readonly experience: number
}

export interface PainPoint {
  readonly touchpoint: string
  readonly reach: number
  /** Mean negative value per customer who reached it. */
  readonly severity: number
  /** reach × severity: the negative experience it adds per customer of the segment. */
  readonly score: number
}

export interface Driver {
  readonly touchpoint: string
  readonly reach: number
  /** Correlation of the touchpoint's experience with satisfaction, among those who reached it. */
  readonly correlation: number
  /** Satisfaction points (0–10) that one standard deviation of its experience moves. */
  readonly impact: number
}

/** What names a segment and counts its customers: present for every segment, empty or not. */
export interface SegmentHead {
  readonly id: string
  readonly label: string
  /** Customers of the segment. */
  readonly n: number
  /** Share of the population (0 for an empty segment). */
  readonly share: number
}

/** The figures of a segment with customers: every one is a mean, share or count over its n customers. */
export interface SegmentFigures {
  readonly completion: Rate
  readonly abandonment: Rate
  readonly outcomes: Readonly<Record<string, number>>
  /** Where customers gave up, most first (touchpoint → share of the segment). */
  readonly abandonedAt: ReadonlyArray<{ readonly touchpoint: string; readonly count: number; readonly rate: number }>
  /** Satisfaction on the 0–10 scale (the model's continuous score). */
  readonly satisfaction: Estimate & { readonly sd: number }
  readonly csat: Estimate & { readonly distribution: ReadonlyArray<number>; readonly topTwoBox: number }
  readonly nps: Estimate & {
    readonly promoters: number
    readonly passives: number
    readonly detractors: number
    readonly distribution: ReadonlyArray<number>
  }
  readonly ces: Estimate & { readonly distribution: ReadonlyArray<number> }
  readonly complaints: Rate
  readonly churn: Rate
  /**
   * Churn over the horizon by the CSAT answer after the first journey: n customers gave that
   * answer, `churned` of them left, `rate` = churned / n (0 when n = 0).
   */
  readonly churnByCsat: ReadonlyArray<{ readonly csat: number; readonly n: number; readonly churned: number; readonly rate: number }>
  readonly retention: ReadonlyArray<PeriodRow>
  readonly revenue: {
    readonly total: number
    readonly perCustomer: Estimate
    readonly cost: number
    readonly costPerCustomer: number
    readonly marginPerCustomer: number
  }
  readonly journey: {
    readonly steps: number
    readonly effort: number
    readonly failures: number
    readonly recovered: number
    readonly lost: number
  }
  readonly touchpoints: ReadonlyArray<TouchpointRow>
  readonly painPoints: ReadonlyArray<PainPoint>
  readonly drivers: ReadonlyArray<Driver>
}

/** A segment with customers (n ≥ 1) and its figures. */
export type FilledSegment = SegmentHead & SegmentFigures

/**
 * A segment no customer belongs to (n = 0): a persona with share 0, or a population too small to
 * reach it. It has no figures: each one is null (in JSON too), never a number that looks measured.
 */
export type EmptySegment = SegmentHead & { readonly n: 0 } & { readonly [K in keyof SegmentFigures]: null }

/**
 * A segment of a report: with customers and figures, or empty (every figure null). Check with
 * `hasCustomers` before reading a figure.
 *
 * @example
 * for (const s of report.segments) console.log(s.label, hasCustomers(s) ? s.csat.mean.toFixed(2) : "—")
 */
export type SegmentReport = FilledSegment | EmptySegment

/** Whether a segment has customers (and so figures). */
export const hasCustomers = (s: SegmentReport): s is FilledSegment => s.n > 0

/** What a renderer prints where an empty segment has no figure. */
export const NO_DATA = "—"

export interface Report {
  readonly schemaVersion: typeof SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly scenario: { readonly name: string; readonly title: string; readonly hash: string }
  readonly variant: string | null
  readonly seed: number
  readonly population: number
  readonly horizon: number
  readonly currency: string
  readonly blockSize: number
  readonly method: {
    readonly confidence: 0.95
    readonly means: string
    readonly proportions: string
    readonly nps: string
    readonly survey: string
  }
  readonly dimensions: ReadonlyArray<string>
  readonly touchpoints: ReadonlyArray<{ readonly id: string; readonly label: string; readonly stage: string; readonly channel: string }>
  readonly outcomes: ReadonlyArray<{ readonly id: string; readonly kind: "completed" | "abandoned" }>
  /** One per persona, in scenario order; a persona no customer belongs to is an `EmptySegment`. */
  readonly segments: ReadonlyArray<SegmentReport>
  /** Every customer (the population is at least 1, so never empty). */
  readonly overall: FilledSegment
}
