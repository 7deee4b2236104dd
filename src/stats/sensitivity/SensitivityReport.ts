/**
 * The sensitivity report: for each segment (and overall) and metric, the parameters ranked by
 * importance with the method's indices, and, per metric, the parameters whose rank differs most
 * between segments. `cxsim sensitivity` renders it as a table, Markdown or JSON.
 */
import type { SensitivityMethod } from "../../model/Design.js"
import type { Metric } from "../Comparison.js"
import type { SobolIndex } from "./sobolJansen.js"

export const SENSITIVITY_SCHEMA_VERSION = 1

/**
 * The figures a method gives a parameter (for one segment and metric); sobol's are its first-order
 * and total indices with their bootstrap intervals (`first`, `firstLower` … `totalUpper`).
 */
interface Figures extends Omit<SobolIndex, "parameter"> {
  /** oat: the metric at the parameter's low and high value, and their differences from the baseline. */
  readonly atLow: number
  readonly atHigh: number
  readonly low: number
  readonly high: number
  readonly swing: number
  /** morris: mean, mean absolute and standard deviation of the elementary effects (metric change over the parameter's whole range). */
  readonly mu: number
  readonly muStar: number
  readonly sigma: number
}

/** A parameter's figures of one method: those of the method are numbers, the others absent. */
type Only<K extends keyof Figures> = {
  readonly parameter: string
  /** 1 = matters most (by swing, μ* or total index). */
  readonly rank: number
} & Pick<Figures, K> & { readonly [k in Exclude<keyof Figures, K>]?: undefined }

/** One parameter, one at a time: `atLow`, `atHigh`, `low`, `high`, `swing`. */
export type OatEffect = Only<"atLow" | "atHigh" | "low" | "high" | "swing">
/** One parameter's Morris indices: `mu`, `muStar`, `sigma`. */
export type MorrisEffect = Only<"mu" | "muStar" | "sigma">
/** One parameter's Sobol indices: `first`, `total` and their intervals. */
export type SobolEffect = Only<"first" | "firstLower" | "firstUpper" | "total" | "totalLower" | "totalUpper">
/** The effect type of each method. */
export interface EffectOf {
  readonly oat: OatEffect
  readonly morris: MorrisEffect
  readonly sobol: SobolEffect
}
/** One parameter's indices for one segment and metric, of any method (narrow by the report's `method`). */
export type Effect = OatEffect | MorrisEffect | SobolEffect

export interface SensitivityResult<E extends Effect = Effect> {
  readonly segment: string
  readonly metric: Metric
  /** oat: the metric with every parameter as the scenario has it. */
  readonly baseline?: number
  /** Most important first. */
  readonly effects: ReadonlyArray<E>
}

export interface SegmentDisagreement {
  readonly metric: Metric
  readonly parameter: string
  readonly best: { readonly segment: string; readonly rank: number }
  readonly worst: { readonly segment: string; readonly rank: number }
  readonly spread: number
}

interface ReportOf<M extends SensitivityMethod> {
  readonly schemaVersion: typeof SENSITIVITY_SCHEMA_VERSION
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly scenario: { readonly name: string; readonly hash: string }
  readonly variant: string | null
  readonly method: M
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
  /** Per segment and metric, the parameters with the figures of the report's method. */
  readonly results: ReadonlyArray<SensitivityResult<EffectOf[M]>>
  /** Per metric, parameters ranked differently by the segments, largest spread first. */
  readonly disagreements: ReadonlyArray<SegmentDisagreement>
}

/**
 * A sensitivity report. Of a method given in the options, its results have that method's figures
 * (`SensitivityReport<"morris">`: `muStar` is a number); of a method read from the design, check
 * `method` first, which narrows the results.
 */
export type SensitivityReport<M extends SensitivityMethod = SensitivityMethod> = M extends SensitivityMethod ? ReportOf<M> : never
