/**
 * The sensitivity report: for each segment (and overall) and metric, the parameters ranked by
 * importance with the method's indices, and, per metric, the parameters whose rank differs most
 * between segments. `cxsim sensitivity` renders it as a table, Markdown or JSON.
 */
import type { SensitivityMethod } from "../../model/Design.js"
import type { Metric } from "../Comparison.js"

export const SENSITIVITY_SCHEMA_VERSION = 1

/** One parameter's indices for one segment and metric. */
export interface Effect {
  readonly parameter: string
  /** 1 = matters most (by swing, μ* or total index). */
  readonly rank: number
  /** oat: the metric at the parameter's low and high value, and their differences from the baseline. */
  readonly atLow?: number
  readonly atHigh?: number
  readonly low?: number
  readonly high?: number
  readonly swing?: number
  /** morris: mean, mean absolute and standard deviation of the elementary effects (metric change over the parameter's whole range). */
  readonly mu?: number
  readonly muStar?: number
  readonly sigma?: number
  /** sobol: first-order and total indices with their bootstrap intervals. */
  readonly first?: number
  readonly firstLower?: number
  readonly firstUpper?: number
  readonly total?: number
  readonly totalLower?: number
  readonly totalUpper?: number
}

export interface SensitivityResult {
  readonly segment: string
  readonly metric: Metric
  /** oat: the metric with every parameter as the scenario has it. */
  readonly baseline?: number
  /** Most important first. */
  readonly effects: ReadonlyArray<Effect>
}

export interface SegmentDisagreement {
  readonly metric: Metric
  readonly parameter: string
  readonly best: { readonly segment: string; readonly rank: number }
  readonly worst: { readonly segment: string; readonly rank: number }
  readonly spread: number
}

export interface SensitivityReport {
  readonly schemaVersion: typeof SENSITIVITY_SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly scenario: { readonly name: string; readonly hash: string }
  readonly variant: string | null
  readonly method: SensitivityMethod
  readonly seed: number
  readonly customers: number
  readonly replications: number
  /** Simulations run (points × replications). */
  readonly runs: number
  readonly settings: Readonly<Record<string, number>>
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly path: string; readonly low: number; readonly high: number }>
  /** Segments analysed: persona ids with customers at every point, then "overall". */
  readonly segments: ReadonlyArray<string>
  /**
   * Persona ids left out: no customer belonged to them at one point or more (a share of 0, or too
   * few customers), so their figures there do not exist and no effect on them can be measured.
   */
  readonly empty: ReadonlyArray<string>
  readonly metrics: ReadonlyArray<Metric>
  readonly results: ReadonlyArray<SensitivityResult>
  /** Per metric, parameters ranked differently by the segments, largest spread first. */
  readonly disagreements: ReadonlyArray<SegmentDisagreement>
}
