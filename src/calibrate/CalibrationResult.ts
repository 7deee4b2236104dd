/**
 * The result of a calibration (cxsim calibrate, library `calibrate`): the fitted parameters with
 * their intervals, how the optimiser went, and the fidelity report — observed against simulated
 * answers on respondents the fit never saw. A versioned JSON document, like the run report: every
 * output format (table, md, json, html) renders this, and nothing else.
 */
import type { OutcomeKind } from "../survey/SurveyData.js"

export const CALIBRATION_SCHEMA_VERSION = 1

/** A value with its 95% interval. */
export interface Interval {
  readonly value: number
  readonly lower: number
  readonly upper: number
}

/** A free parameter, as fitted. */
export interface ParameterEstimate {
  /** The parameter's path, in the variant-patch syntax (e.g. `personas.business.retention`). */
  readonly path: string
  /** Bounds the optimiser kept to. */
  readonly bounds: readonly [number, number]
  /** Value before calibration (the scenario's). */
  readonly start: number
  /** The fitted value and its 95% interval. */
  readonly estimate: Interval
  /**
   * "identified", or why not: "flat" (the data hardly move the fit along this parameter: its
   * interval fills most of the bounds), "at-bound" (the estimate sits on a bound), or
   * "correlated" (only a combination with another parameter is pinned down; see `with`).
   */
  readonly status: "identified" | "flat" | "at-bound" | "correlated"
  /** For "correlated": the parameter it trades off against. */
  readonly with?: string | undefined
}

/** Observed against simulated share of one answer category. */
export interface AnswerShare {
  readonly label: string
  readonly observed: Interval
  readonly simulated: number
}

/** How one outcome of one segment compares, on the check respondents. */
export interface OutcomeFidelity {
  readonly kind: OutcomeKind
  readonly column: string
  /** Weighted respondents with an answer. */
  readonly n: number
  /** Per category (empty for spend). */
  readonly shares: ReadonlyArray<AnswerShare>
  /** Mean answer (on the survey's scale), observed with interval, and simulated. */
  readonly mean: { readonly observed: Interval; readonly simulated: number }
  /** CSAT: share in the top two categories. */
  readonly topTwoBox?: { readonly observed: Interval; readonly simulated: number } | undefined
  /** Likelihood to recommend: NPS in points (−100..100). */
  readonly nps?: { readonly observed: Interval; readonly simulated: number } | undefined
  /** Churn, satisfied: the share saying yes. */
  readonly rate?: { readonly observed: Interval; readonly simulated: number } | undefined
  /** Distance between the observed and simulated answer distributions (total variation, 0..1). */
  readonly distance: number
  /**
   * Variance of simulated answers over variance of observed ones: well under 1 means synthetic
   * answers too narrow (the known failure of synthetic respondents). NaN (JSON null) when the
   * observed answers do not vary: every check respondent gave the same answer.
   */
  readonly varianceRatio: number
  /** The distance between two random halves of the real answers: no model can do better. */
  readonly noiseCeiling: number
  /** "good", "fair" or "poor", from distance against noise ceiling (docs/calibrate.md). */
  readonly verdict: "good" | "fair" | "poor"
}

export interface SegmentFidelity {
  readonly segment: string
  readonly label: string
  /** Weighted check respondents of the segment. */
  readonly n: number
  readonly outcomes: ReadonlyArray<OutcomeFidelity>
  /** Weighted mean distance over the segment's outcomes. */
  readonly distance: number
  readonly noiseCeiling: number
  readonly verdict: "good" | "fair" | "poor"
}

export interface CalibrationResult {
  readonly schemaVersion: typeof CALIBRATION_SCHEMA_VERSION
  readonly kind: "calibration"
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly scenario: { readonly name: string; readonly title: string; readonly hash: string }
  readonly variant: string | null
  readonly survey: {
    readonly file: string
    readonly hash: string
    readonly rows: number
    readonly dropped: ReadonlyArray<{ readonly reason: string; readonly rows: number }>
  }
  readonly seed: number
  /** Synthetic customers per evaluation of the objective. */
  readonly customers: number
  /**
   * How respondents were split: `fit` respondents fitted the parameters, `check` respondents
   * judge the fit (stratified by segment, seeded). With `where`, the fit used only the
   * respondents matching it and the check is on the others.
   */
  readonly split: { readonly fit: number; readonly check: number; readonly where: string | null }
  readonly optimizer: {
    readonly method: string
    readonly evaluations: number
    readonly iterations: number
    readonly converged: boolean
    /** The objective (negative log-likelihood per respondent, fit half) before and after. */
    readonly objective: { readonly start: number; readonly end: number }
  }
  readonly intervals: { readonly method: string; readonly replicates: number; readonly confidence: 0.95 }
  readonly parameters: ReadonlyArray<ParameterEstimate>
  readonly fidelity: {
    /** Respondent-weighted mean distance over segments (check half). */
    readonly distance: number
    readonly noiseCeiling: number
    readonly verdict: "good" | "fair" | "poor"
    readonly segments: ReadonlyArray<SegmentFidelity>
  }
  /** What the reader should know (parameters the data cannot tell, small segments...). */
  readonly warnings: ReadonlyArray<string>
}
