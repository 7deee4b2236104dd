/**
 * The `calibrate:` section of a survey mapping (or a scenario), as decoded: which parameters may
 * move, and how the fit runs. Declared here for now; the survey reader's schema decodes into
 * these shapes.
 */

/** One free parameter: a path in the variant-patch syntax, with bounds and an optional prior. */
export interface FreeParameterSpec {
  /** e.g. `personas.business.loyalty.retention`, `model.satisfactionBias`. */
  readonly path: string
  /** Lowest and highest value the fit may try. @default derived from the path (parameters.ts) */
  readonly bounds?: readonly [number, number] | undefined
  /** A normal prior on the value: a penalty (θ − mean)² / (2 sd²) added to the objective. @default none */
  readonly prior?: { readonly mean: number; readonly sd: number } | undefined
}

export interface CalibrateSection {
  /** The free parameters. @default the documented default set (parameters.ts, `defaultParameters`) */
  readonly parameters?: ReadonlyArray<FreeParameterSpec> | undefined
  /** Synthetic customers per evaluation of the objective. @default 20,000 */
  readonly customers?: number | undefined
  /** Seed of the simulations, the split and the optimiser. @default the scenario's seed */
  readonly seed?: number | undefined
  /** Share of respondents kept for the check (out-of-sample fidelity). @default 0.5 */
  readonly check?: number | undefined
}
