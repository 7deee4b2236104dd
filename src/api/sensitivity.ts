/**
 * The library API of sensitivity analyses: which parameters of a design move which metric, for
 * which segment.
 */
import { toPromise, type Cancellable } from "./toPromise.js"
import type { SensitivityMethod } from "../model/Design.js"
import type { SensitivityReport } from "../stats/sensitivity/SensitivityReport.js"
import { sensitivityEffect, type SensitivityEffect, type SensitivityOptions } from "../sweep/runSensitivity.js"

export { sensitivityEffect, type SensitivityEffect, type SensitivityOptions }

/** `sensitivity`: with a method in the options, the report of that method. */
export interface Sensitivity {
  <M extends SensitivityMethod>(scenarioFile: string, designFile: string, options: SensitivityOptions & Cancellable & { readonly method: M }): Promise<SensitivityReport<M>>
  (scenarioFile: string, designFile: string, options?: SensitivityOptions & Cancellable): Promise<SensitivityReport>
}

/**
 * Run a sensitivity analysis of a design's parameters on a scenario: one at a time (a tornado),
 * Morris elementary effects (μ*, σ), or Sobol first-order and total indices with bootstrap
 * intervals, per segment and metric, with the parameters whose rank differs most between
 * segments.
 *
 * @example
 * import { sensitivity } from "cxsim"
 * const r = await sensitivity("scenarios/restaurant.yaml", "designs/kitchen.yaml", { method: "morris" })
 * for (const d of r.disagreements) console.log(d.metric, d.parameter, d.best.segment, d.worst.segment)
 *
 * With `method` in the options, the report's type is that method's: `{ method: "morris" }` gives a
 * `SensitivityReport<"morris">`, whose effects have `muStar` as a number. Without, the design's
 * method is used: check the report's `method`, which narrows its results.
 *
 * Rejects with `InvalidInput` (scenario or design problems, with file, line and field),
 * `UsageError` (a wrong option), `FileError` or `WorkerError`.
 */
export const sensitivity: Sensitivity = (scenarioFile: string, designFile: string, options: SensitivityOptions & Cancellable = {}): Promise<SensitivityReport> =>
  toPromise(sensitivityEffect(scenarioFile, designFile, options), options.signal)
