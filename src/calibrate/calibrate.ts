/**
 * Calibration: fit a scenario's free parameters to a survey's answers, with intervals, and judge
 * the fit on respondents it never saw (design.md, contract — calibration).
 *
 * 1. The free parameters (parameters.ts: the `calibrate:` section's, else the default set) are
 *    checked by loading the scenario at each one's bounds.
 * 2. Respondents split into fit and check (split.ts: seeded, stratified by segment; or `where`).
 * 3. CMA-ES (cmaes.ts) minimises the objective (objective.ts: multinomial negative
 *    log-likelihood of the fit answers per respondent, plus priors) over the parameters' box;
 *    each population runs as one batch of simulations on the worker pool, every simulation with
 *    the same customers (common random numbers).
 * 4. The estimate polished by Fisher scoring on the linearised model (kept only if the simulated
 *    objective agrees), then intervals by a parametric bootstrap whose refits run on the
 *    simulated response along each parameter's axis (intervals.ts).
 * 5. Fidelity on the check respondents, at the fitted values (fidelity.ts).
 *
 * Same scenario, survey, section and seed ⇒ the same result, byte for byte, for any number of
 * workers: every simulation's totals are exact sums (engine/run.ts), and everything else is
 * seeded arithmetic in a fixed order.
 */
import * as Effect from "effect/Effect"
import type { WorkerError, Workers } from "../engine/pool.js"
import { InvalidInput, type FileError } from "../load/errors.js"
import { loadScenario } from "../load/loadScenario.js"
import type { YamlFile } from "../load/YamlFile.js"
import type { SurveyData } from "../survey/SurveyData.js"
import { VERSION } from "../version.js"
import { CALIBRATION_SCHEMA_VERSION, type CalibrationResult } from "./CalibrationResult.js"
import { Cmaes, fromBounds, toBounds } from "./cmaes.js"
import { DEFAULT_CUSTOMERS, fidelityOf } from "./fidelity.js"
import { axisPoints, bootstrapIntervals, INTERVAL_METHOD, jacobianPoints, polish } from "./intervals.js"
import { objective, simulator } from "./objective.js"
import { observe, targetsOf } from "./observed.js"
import { checkParameters, defaultParameters, resolveParameters, setValues } from "./parameters.js"
import type { CalibrateSection } from "./spec.js"
import { splitRespondents } from "./split.js"

export interface CalibrateProgress {
  readonly phase: "fit" | "intervals" | "check"
  readonly done: number
  readonly total: number
}

export interface CalibrateOptions {
  /** Variant of the scenario to calibrate. @default none (the baseline) */
  readonly variant?: string | undefined
  /** Seed of the simulations, the split, the optimiser and the bootstrap, over the section's. @default the section's, else the scenario's */
  readonly seed?: number | undefined
  /** Synthetic customers per evaluation, over the section's. @default the section's, else 20,000 */
  readonly customers?: number | undefined
  /** Worker threads per batch of simulations. @default "auto" */
  readonly workers?: Workers | undefined
  /** Evaluations of the objective the optimiser may spend. @default 200 + 100·(free parameters) */
  readonly budget?: number | undefined
  /** Bootstrap replicates for the intervals. @default 200 */
  readonly replicates?: number | undefined
  /** Called as the work advances (evaluations in "fit", simulations then replicates in "intervals", 1 in "check"). @default none */
  readonly onProgress?: ((p: CalibrateProgress) => void) | undefined
}

/** The fitted parameters' values as set paths, for writing them back (an expectation level brings its zone: three paths). */
export interface CalibratedValue {
  readonly path: string
  readonly value: number
}

/** Initial CMA-ES step, in the unit box of the parameters' bounds. */
const SIGMA0 = 0.2
/**
 * Stopping: the fit's total log-likelihood moved by less than this over the recent generations
 * (far below the ~2 units a 95% interval spans)...
 */
const TOL_FUN = 0.05
/** ...or every step is under this share of the parameters' ranges (a tenth of a typical interval). */
const TOL_X = 2e-3

/**
 * Calibrate a scenario to a survey read by the survey reader.
 *
 * @example
 * const { result, values } = yield* calibrateData("scenarios/restaurant.yaml", survey, mapping.calibrate, { seed: 7, workers: 2 })
 * result.parameters[0].estimate // { value, lower, upper }
 */
export const calibrateData = (
  scenarioFile: string,
  data: SurveyData,
  spec: CalibrateSection | undefined,
  options: CalibrateOptions = {}
): Effect.Effect<{ readonly result: CalibrationResult; readonly values: ReadonlyArray<CalibratedValue> }, InvalidInput | FileError | WorkerError> =>
  Effect.gen(function* () {
    const files = new Map<string, YamlFile>()
    const variant = options.variant
    const s = yield* loadScenario(scenarioFile, { variant, files })
    const tg = yield* targetsOf(s, data)
    const seed = options.seed ?? spec?.seed ?? s.seed
    const customers = options.customers ?? spec?.customers ?? DEFAULT_CUSTOMERS
    const replicates = options.replicates ?? 200
    const fail = (path: string, message: string, hint?: string) => Effect.fail(new InvalidInput({ issues: [{ file: data.file, path, message, ...(hint === undefined ? {} : { hint }) }] }))
    if (!(Number.isInteger(customers) && customers >= 1)) return yield* fail("customers", `customers must be a whole number ≥ 1, got ${customers}`)
    const check = spec?.check ?? 0.5
    if (!(check > 0 && check < 1)) return yield* fail("calibrate.check", `check must be a share between 0 and 1 (exclusive), got ${check}`, "0.5 keeps half of each segment's respondents for the check")
    if (!(Number.isInteger(replicates) && replicates >= 2)) return yield* fail("replicates", `replicates must be a whole number ≥ 2, got ${replicates}`)
    const resolved = yield* resolveParameters(s, scenarioFile, files, spec?.parameters ?? defaultParameters(s, data))
    const checked = yield* checkParameters(scenarioFile, resolved, { variant, files, dropInert: spec?.parameters === undefined })
    const params = checked.params
    if (params.length === 0) return yield* fail("calibrate.parameters", "there is no free parameter to fit", "name some under calibrate: parameters:")
    const budget = options.budget ?? 200 + 100 * params.length
    const mask = splitRespondents(data, seed, check)
    const fit = observe(tg, data, (r) => mask[r] === 1)
    if (!(fit.total > 0)) return yield* fail("rows", "no respondent is left to fit", data.whereText === null ? "the survey needs respondents in its segments" : `no respondent matches ${data.whereText}`)
    const simulate = simulator(scenarioFile, params, tg.tallies, { variant, files, customers, seed, workers: options.workers })
    const bounds = params.map((p) => p.bounds)
    const progress = options.onProgress ?? (() => undefined)

    // The fit.
    const x0 = Float64Array.from(params, (p) => p.start)
    const [sim0] = yield* simulate([x0])
    const start = objective(tg, fit, params, x0, sim0 as Float64Array)
    const es = new Cmaes({ mean: Array.from(fromBounds(x0, bounds)), sigma: SIGMA0, seed, budget, tolFun: TOL_FUN / fit.total, tolX: TOL_X })
    progress({ phase: "fit", done: 1, total: budget + 1 })
    while (es.stop() === undefined) {
      const zs = es.ask()
      const xs = zs.map((z) => toBounds(z, bounds))
      const sims = yield* simulate(xs)
      es.tell(zs, xs.map((x, k) => objective(tg, fit, params, x, sims[k] as Float64Array)))
      progress({ phase: "fit", done: 1 + es.evaluations, total: budget + 1 })
    }
    const stopped = es.stop()
    const better = es.best.value < start
    const xOpt = better ? toBounds(es.best.x, bounds) : x0

    // The intervals, at the optimiser's estimate or, when better, at its linearised polish.
    let points = jacobianPoints(params, xOpt)
    const total = 2 * (points.length + 1)
    progress({ phase: "intervals", done: 0, total })
    let [center, ...around] = yield* simulate([xOpt, ...points])
    let xHat = xOpt
    let end = objective(tg, fit, params, xOpt, center as Float64Array)
    const xPol = polish({ targets: tg, observed: fit, params, estimate: xOpt, center: center as Float64Array, points, simulated: around })
    if (params.some((p, i) => Math.abs(xPol[i]! - xOpt[i]!) > 1e-3 * (p.bounds[1] - p.bounds[0]))) {
      const pointsPol = jacobianPoints(params, xPol)
      const [centerPol, ...aroundPol] = yield* simulate([xPol, ...pointsPol])
      const endPol = objective(tg, fit, params, xPol, centerPol as Float64Array)
      if (endPol < end) {
        xHat = xPol
        end = endPol
        points = pointsPol
        center = centerPol
        around = aroundPol
      }
    }
    // The response along each parameter's axis, further out, for the bootstrap's refits.
    const axis = axisPoints(params, xHat)
    const alongAxis = yield* simulate(axis)
    progress({ phase: "intervals", done: total, total })
    const parameters = bootstrapIntervals({ targets: tg, observed: fit, params, estimate: xHat, center: center as Float64Array, points, simulated: around, axis: { points: axis, simulated: alongAxis }, replicates, seed })

    // The check.
    const fid = fidelityOf({ targets: tg, data, include: (r) => mask[r] === 0, simulated: center as Float64Array, labels: s.personas.map((p) => p.label), seed })
    progress({ phase: "check", done: 1, total: 1 })

    const warnings = [...checked.warnings]
    for (const p of parameters) {
      if (p.status === "flat") warnings.push(`${p.path}: the survey hardly tells its value (its interval fills most of its bounds)`)
      else if (p.status === "at-bound") warnings.push(`${p.path}: the estimate sits on a bound; widen its bounds if the value is plausible beyond it`)
      else if (p.status === "correlated") warnings.push(`${p.path}: only its combination with ${p.with} is pinned down`)
    }
    for (const sg of fid.segments) if (sg.n < 30) warnings.push(`segment ${sg.segment}: only ${sg.n} check respondents, its fidelity is uncertain`)
    if (stopped === "budget") warnings.push(`the optimiser used its whole budget (${budget} evaluations) before converging; a larger --budget may fit better`)
    let fitN = 0
    let checkN = 0
    for (let r = 0; r < data.rows; r++) if (mask[r] === 1) fitN++
    else checkN++
    const result: CalibrationResult = {
      schemaVersion: CALIBRATION_SCHEMA_VERSION,
      kind: "calibration",
      engine: { name: "cxsim", version: VERSION },
      scenario: { name: s.name, title: s.title, hash: s.hash },
      variant: variant ?? null,
      survey: { file: data.file, hash: data.hash, rows: data.rows, dropped: data.dropped },
      seed,
      customers,
      split: { fit: fitN, check: checkN, where: data.whereText },
      optimizer: {
        method: `CMA-ES (Hansen 2016), λ = ${es.lambda}, bounds by reflection into [0, 1]`,
        evaluations: es.evaluations + 1,
        iterations: es.generation,
        converged: stopped === "tolFun" || stopped === "tolX",
        objective: { start, end }
      },
      intervals: { method: INTERVAL_METHOD, replicates, confidence: 0.95 },
      parameters,
      fidelity: fid,
      warnings
    }
    const values = setValues(params, xHat).map((v) => ({ path: v.set, value: v.value as number }))
    return { result, values }
  })
