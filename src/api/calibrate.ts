/**
 * The library API of calibration: read a survey through its mapping, fit the scenario's free
 * parameters to the fit respondents, and judge the fit on the check respondents. The command
 * `cxsim calibrate` is a thin shell over `calibrateEffect`.
 */
import * as Effect from "effect/Effect"
import { calibrateData, type CalibratedValue, type CalibrateProgress } from "../calibrate/calibrate.js"
import type { CalibrationResult } from "../calibrate/CalibrationResult.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import { FileError, InvalidInput, UsageError } from "../load/errors.js"
import { loadScenario } from "../load/loadScenario.js"
import { loadSurveyMap, notRespondents, readSurvey } from "../survey/readSurvey.js"
import { checkRunOptions } from "./runOptions.js"
import { toPromise, type Cancellable } from "./toPromise.js"

export type { CalibrationResult } from "../calibrate/CalibrationResult.js"
export type { CalibratedValue, CalibrateProgress } from "../calibrate/calibrate.js"

export interface CalibrateFileOptions {
  /** The survey: a .csv (`,` `;` or tab separated, sniffed) or .ndjson file. */
  readonly survey: string
  /** The mapping file (docs/calibrate.md, schema/survey-map.schema.json). */
  readonly map: string
  /** Calibrate a variant of the scenario. @default the baseline */
  readonly variant?: string | undefined
  /** Fit on the respondents matching this expression only, check on the others. @default a seeded half of each segment fits */
  readonly where?: string | undefined
  /** Seed of the split, the simulations and the optimiser. @default the mapping's, else the scenario's */
  readonly seed?: number | undefined
  /** Synthetic customers per evaluation. @default the mapping's, else 20,000 */
  readonly customers?: number | undefined
  /** Worker threads. @default "auto" */
  readonly workers?: Workers | undefined
  /** Simulations the optimiser may spend, its Jacobians' included. @default 200 + 100 per free parameter */
  readonly budget?: number | undefined
  /** "scoring", or "cmaes": a global CMA-ES search first, then the scoring (docs/calibrate.md, how the fit works). @default "scoring" */
  readonly optimizer?: "scoring" | "cmaes" | undefined
  /** Bootstrap replicates of the intervals. @default 200 */
  readonly replicates?: number | undefined
  /** Refuse a survey from which respondents would be dropped (no segment, an answer off its scale, a duplicate id); rows that are no respondents (above the header, `skip:`) are not. @default false */
  readonly strict?: boolean | undefined
  /** Called as the fit, the intervals and the check progress. @default none */
  readonly onProgress?: ((p: CalibrateProgress) => void) | undefined
}

/** A calibration: the result (report) and the fitted values by path, ready for `writeBack`. */
export interface Calibration {
  readonly result: CalibrationResult
  readonly values: ReadonlyArray<CalibratedValue>
}

/** Calibrate a scenario file to a survey (Effect). See `calibrate`. */
export const calibrateEffect = (scenarioFile: string, options: CalibrateFileOptions): Effect.Effect<Calibration, InvalidInput | FileError | UsageError | WorkerError> =>
  Effect.gen(function* () {
    // customers and replicates are checked with the survey (InvalidInput), as the mapping may set them.
    yield* checkRunOptions("calibrate", { seed: options.seed, workers: options.workers })
    if (options.budget !== undefined && !(Number.isInteger(options.budget) && options.budget >= 1 && options.budget <= 1e6)) {
      return yield* Effect.fail(new UsageError({ message: `calibrate: budget must be a whole number from 1 to 1000000, got ${String(options.budget)}` }))
    }
    const map = yield* loadSurveyMap(options.map)
    const scenario = yield* loadScenario(scenarioFile, { variant: options.variant })
    const data = yield* readSurvey(options.survey, map, scenario, { where: options.where })
    // Rows that are no respondents (a title, the rows skip: names) are set aside as the mapping says, not dropped.
    const dropped = data.dropped.filter((d) => !notRespondents.has(d.reason))
    if (options.strict === true && dropped.length > 0) {
      return yield* Effect.fail(
        new InvalidInput({
          issues: dropped.map((d) => ({
            file: options.survey,
            path: "",
            message: `${d.rows} row${d.rows === 1 ? "" : "s"} would be dropped: ${d.reason}`,
            hint: "fix the rows or the mapping, or run without --strict to drop them (they are counted in the report)"
          }))
        })
      )
    }
    return yield* calibrateData(scenarioFile, data, map.map.calibrate, {
      variant: options.variant,
      seed: options.seed,
      customers: options.customers,
      workers: options.workers,
      budget: options.budget,
      optimizer: options.optimizer,
      replicates: options.replicates,
      onProgress: options.onProgress
    })
  })

/**
 * Calibrate a scenario's personas to a survey: respondents are split (seeded, stratified by
 * segment) into a fit half and a check half; the free parameters (the mapping's `calibrate:`
 * section, else a documented default set) are fitted by Fisher scoring in a trust region to
 * the fit half's whole answer distributions; intervals come from a bootstrap of respondents; the fidelity report compares the
 * calibrated model with the check half, against the noise ceiling of the data.
 *
 * @example
 * import { calibrate, writeBack } from "cxsim"
 * const { result, values } = await calibrate("scenarios/restaurant.yaml", {
 *   survey: "scenarios/calibrate/restaurant-survey.csv",
 *   map: "scenarios/calibrate/restaurant-survey.map.yaml"
 * })
 * for (const p of result.parameters) console.log(p.path, p.estimate.value, p.status)
 * await writeBack({ scenario: "scenarios/restaurant.yaml", values, mode: { kind: "newFiles", dir: "calibrated" } })
 *
 * Rejects with `InvalidInput` (scenario, mapping or survey problems: file, row, column and a
 * hint), `UsageError` (a wrong seed, workers or budget), `FileError` or `WorkerError`.
 */
export const calibrate = (scenarioFile: string, options: CalibrateFileOptions & Cancellable): Promise<Calibration> =>
  toPromise(calibrateEffect(scenarioFile, options), options.signal)
