/**
 * The library API of sensitivity analyses: which parameters of a design move which metric, for
 * which segment.
 */
import { toPromise } from "./toPromise.js"
import type { SensitivityReport } from "../stats/sensitivity/SensitivityReport.js"
import { sensitivityEffect, type SensitivityOptions } from "../sweep/runSensitivity.js"

export { sensitivityEffect, type SensitivityOptions }

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
 * Rejects with `InvalidInput` (scenario or design problems, with file, line and field),
 * `FileError` or `WorkerError`.
 */
export const sensitivity = (scenarioFile: string, designFile: string, options: SensitivityOptions = {}): Promise<SensitivityReport> =>
  toPromise(sensitivityEffect(scenarioFile, designFile, options))
