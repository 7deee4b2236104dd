/**
 * A survey as cxsim reads it: one row per respondent, stored by column (typed arrays, so that
 * 10^6 respondents take a few tens of MB), each respondent in one segment (a persona of the
 * scenario), with their answers coded on the survey's own scales. Produced by the survey reader
 * (survey/readSurvey.ts) from a CSV or NDJSON file and a mapping file; read by calibration.
 */

/** What an outcome column measures. */
export type OutcomeKind = "csat" | "ltr" | "ces" | "satisfied" | "churn" | "spend"

/** One outcome column, coded per respondent. */
export interface SurveyOutcome {
  readonly kind: OutcomeKind
  /** The column's name as in the file's header (NDJSON: the key). */
  readonly column: string
  /**
   * Answer categories: k for CSAT on a k-point scale (answers 1..k), 11 for likelihood to
   * recommend (0..10), 7 for CES (1..7), 2 for `satisfied` and `churn` (0 = no, 1 = yes); 0 for
   * `spend` (a continuous amount, in `value`).
   */
  readonly categories: number
  /** Labels of the categories, in order (e.g. "1".."5", "0".."10", "no", "yes"). */
  readonly labels: ReadonlyArray<string>
  /** For `churn`: the period (1-based, the scenario's horizon) by whose end a churned respondent had left. */
  readonly period?: number | undefined
  /** Per respondent: the answer's category index 0..categories-1, or -1 when missing. */
  readonly answer: Int16Array
  /** For `spend`: the amount per respondent (NaN when missing); null for the others. */
  readonly value: Float64Array | null
}

/** A column holding a measured service level (minutes waited...) of a dimension, per respondent. */
export interface MeasuredLevel {
  readonly dimension: string
  /** The touchpoint the level was measured at, when the mapping names one. */
  readonly touchpoint?: string | undefined
  readonly column: string
  /** Per respondent, in the dimension's unit (NaN when missing). */
  readonly values: Float64Array
}

export interface SurveyData {
  /** The survey file, as given. */
  readonly file: string
  /** A content hash of the file (hex), so that a calibration names the data it was fitted to. */
  readonly hash: string
  /** Respondents kept (rows with a segment). */
  readonly rows: number
  /** Rows left out, and why (e.g. "no segment": 12), counted, never silently. */
  readonly dropped: ReadonlyArray<{ readonly reason: string; readonly rows: number }>
  /**
   * Among the rows dropped for "no segment": values of a segment column that no rule names but
   * that are close to one a rule does (a typo, "famly meal" for "family meal"), with their rows,
   * most rows first (at most 5). Absent when there is none.
   */
  readonly segmentTypos?: ReadonlyArray<{ readonly column: string; readonly value: string; readonly suggestion: string; readonly rows: number }> | undefined
  /** Segment ids (the scenario's persona ids), in the scenario's order. */
  readonly segments: ReadonlyArray<string>
  /** Per respondent: index into `segments`. */
  readonly segment: Int32Array
  /** Per respondent: survey weight (1 when the mapping names no weight column). */
  readonly weight: Float64Array
  readonly outcomes: ReadonlyArray<SurveyOutcome>
  readonly measured: ReadonlyArray<MeasuredLevel>
  /**
   * Per respondent: 1 when the respondent matches the `where` expression the survey was read
   * with (`--fit-where`), else 0; null when there was none.
   */
  readonly where: Uint8Array | null
  /** The `where` expression, as given. */
  readonly whereText: string | null
}
