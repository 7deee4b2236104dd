/**
 * The objective of a calibration, and the simulations behind it.
 *
 * For the fit respondents, per segment and outcome, the multinomial negative log-likelihood of
 * the observed weighted counts c_j under the simulated shares, −Σ c_j log p_j, summed and
 * divided by the fit respondents' weight; plus, for each parameter with a prior, the penalty
 * (θ − mean)² / (2 sd²), also divided by that weight (the objective is then the negative log
 * posterior per respondent). Simulated shares are smoothed by adding half a customer to every
 * category, p_j = (m_j + ½) / (m + K/2) (Jeffreys), so that no answer has probability 0.
 *
 * Common random numbers: every evaluation simulates the same customers (the same seed and
 * population), so the objective is a deterministic function of the parameters.
 */
import * as Effect from "effect/Effect"
import { exactToFloat64 } from "../engine/accumulator.js"
import { calibrationJob, candidateBlocks, candidateSize, type Tally } from "../engine/calibrationJob.js"
import type { CompiledModel } from "../engine/compile.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import { prepare, runExactEffect } from "../engine/run.js"
import type { FileError, InvalidInput } from "../load/errors.js"
import { loadScenario } from "../load/loadScenario.js"
import type { YamlFile } from "../load/YamlFile.js"
import { setValues, type FreeParameter } from "./parameters.js"
import type { Observed, Targets } from "./observed.js"

/** Added to every simulated category count before taking shares. */
export const SMOOTHING = 0.5

/** Candidates simulated in one pass of the pool, at most (memory: each is a compiled model in every worker). */
export const BATCH = 16

export interface SimulatorOptions {
  readonly variant?: string | undefined
  readonly files: Map<string, YamlFile>
  readonly customers: number
  readonly seed: number
  readonly workers?: Workers | undefined
}

/** Simulated counts, in the layout of `Targets`, for parameter vectors. */
export type Simulate = (xs: ReadonlyArray<ArrayLike<number>>) => Effect.Effect<ReadonlyArray<Float64Array>, InvalidInput | FileError | WorkerError>

/**
 * The simulator of a calibration: each parameter vector is loaded (the scenario with its values
 * set, files cached), compiled with the calibration's customers and seed, and the batch runs as
 * one block job on the pool (engine/calibrationJob.ts).
 */
export const simulator = (scenarioFile: string, params: ReadonlyArray<FreeParameter>, tallies: ReadonlyArray<Tally>, o: SimulatorOptions): Simulate => (xs) =>
  Effect.gen(function* () {
    const out: Float64Array[] = []
    for (let from = 0; from < xs.length; from += BATCH) {
      const models: CompiledModel[] = []
      for (const x of xs.slice(from, from + BATCH)) {
        const s = yield* loadScenario(scenarioFile, { variant: o.variant, files: o.files, set: setValues(params, x) })
        models.push(prepare(s, { customers: o.customers, seed: o.seed }))
      }
      const first = models[0] as CompiledModel
      const per = candidateSize(first, tallies)
      const B = candidateBlocks(first)
      const exact = yield* runExactEffect(calibrationJob, { models, tallies }, { size: per * models.length, from: 0, to: B * models.length, workers: o.workers })
      const all = exactToFloat64(exact)
      for (let k = 0; k < models.length; k++) out.push(all.slice(k * per, (k + 1) * per))
    }
    return out
  })

/** Smoothed share of category j of a tally whose m simulated answers sit at `at` in `sim`. */
export const share = (sim: ArrayLike<number>, at: number, categories: number, m: number, j: number): number =>
  ((sim[at + j] as number) + SMOOTHING) / (m + SMOOTHING * categories)

/** −Σ c log p over every persona and tally (not yet divided by the respondents). */
export const negLogLik = (tg: Targets, obs: Observed, sim: ArrayLike<number>): number => {
  const per = tg.layout.perSegment
  let nll = 0
  for (let p = 0; p < tg.personas; p++) {
    const seg = p * per
    const m = sim[seg] as number
    for (let t = 0; t < tg.tallies.length; t++) {
      const K = (tg.tallies[t] as Tally).categories
      const at = seg + (tg.layout.offsets[t] as number)
      for (let j = 0; j < K; j++) {
        const c = obs.counts[at + j] as number
        if (c > 0) nll -= c * Math.log(share(sim, at, K, m, j))
      }
    }
  }
  return nll
}

/** Σ (θ − mean)² / (2 sd²) over the parameters with a prior. */
export const priorPenalty = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>): number => {
  let s = 0
  params.forEach((p, i) => {
    if (p.prior === undefined) return
    const z = ((x[i] as number) - p.prior.mean) / p.prior.sd
    s += 0.5 * z * z
  })
  return s
}

/** The objective per respondent (see the module's comment). */
export const objective = (tg: Targets, obs: Observed, params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>, sim: ArrayLike<number>): number =>
  (negLogLik(tg, obs, sim) + priorPenalty(params, x)) / Math.max(obs.total, 1e-300)
