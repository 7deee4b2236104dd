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
 *
 * Answer noise: with the free parameter `answerNoise` (ε, parameters.ts) the model's share of
 * answer j of a K-category outcome is (1 − ε)·p_j(θ) + ε/K: a share ε of respondents answer at
 * random. It is applied to the simulated counts (`withAnswerNoise`), so that everything reading
 * shares from counts (the objective, the optimiser's Jacobians, the intervals' surface, the
 * check) sees it; the simulations themselves do not depend on ε, and points that differ only in
 * ε are simulated once (the simulator keeps its recent simulations). The shares are linear in
 * ε, so a difference quotient in ε is exact: ∂/∂ε = 1/K − p_j(θ).
 */
import * as Effect from "effect/Effect"
import { exactToFloat64 } from "../engine/accumulator.js"
import { calibrationJob, candidateBlocks, candidateSize, tallyLayout, type Tally } from "../engine/calibrationJob.js"
import type { CompiledModel } from "../engine/compile.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import { prepare, runExactEffect } from "../engine/run.js"
import type { FileError, InvalidInput } from "../load/errors.js"
import { loadScenario } from "../load/loadScenario.js"
import type { YamlFile } from "../load/YamlFile.js"
import { isAnswerNoise, setValues, type FreeParameter } from "./parameters.js"
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

/** Simulations the simulator keeps, most recent first out last: points that differ only in the answer noise reuse them. */
export const KEPT = 4 * BATCH

/**
 * Counts with a share ε of careless answers: in every segment (m customers) and tally (K
 * categories), c_j becomes (1 − ε)·c_j + ε·m/K, so that the smoothed share `share` becomes
 * exactly (1 − ε)·p_j + ε/K. A spend tally's sums (its mean) are left as simulated.
 */
export const withAnswerNoise = (sim: ArrayLike<number>, tallies: ReadonlyArray<Tally>, eps: number): Float64Array => {
  const out = Float64Array.from(sim)
  if (eps === 0) return out
  const lay = tallyLayout(tallies)
  const per = lay.perSegment
  for (let seg = 0; seg + per <= out.length; seg += per) {
    const m = out[seg] as number
    tallies.forEach((t, k) => {
      const at = seg + (lay.offsets[k] as number)
      for (let j = 0; j < t.categories; j++) out[at + j] = (1 - eps) * (out[at + j] as number) + (eps * m) / t.categories
    })
  }
  return out
}

/**
 * The simulator of a calibration: each parameter vector is loaded (the scenario with its values
 * set, files cached), compiled with the calibration's customers and seed, and the batch runs as
 * one block job on the pool (engine/calibrationJob.ts). Vectors that set the same scenario
 * values (they differ only in the answer noise, or repeat) are simulated once, and the last
 * `KEPT` simulations are reused: each is a deterministic function of the values (common random
 * numbers, exact sums), so reuse changes no result. The answer noise, if free, is then applied
 * to each vector's counts (`withAnswerNoise`).
 */
export const simulator = (scenarioFile: string, params: ReadonlyArray<FreeParameter>, tallies: ReadonlyArray<Tally>, o: SimulatorOptions): Simulate => {
  const noiseAt = params.findIndex(isAnswerNoise)
  const kept = new Map<string, Float64Array>()
  return (xs) =>
    Effect.gen(function* () {
      const keys = xs.map((x) => JSON.stringify(setValues(params, x)))
      const todo: ArrayLike<number>[] = []
      const todoKeys: string[] = []
      xs.forEach((x, k) => {
        const key = keys[k] as string
        if (kept.has(key) || todoKeys.includes(key)) return
        todo.push(x)
        todoKeys.push(key)
      })
      const fresh = new Map<string, Float64Array>()
      for (let from = 0; from < todo.length; from += BATCH) {
        const models: CompiledModel[] = []
        for (const x of todo.slice(from, from + BATCH)) {
          const s = yield* loadScenario(scenarioFile, { variant: o.variant, files: o.files, set: setValues(params, x) })
          models.push(prepare(s, { customers: o.customers, seed: o.seed }))
        }
        const first = models[0] as CompiledModel
        const per = candidateSize(first, tallies)
        const B = candidateBlocks(first)
        const exact = yield* runExactEffect(calibrationJob, { models, tallies }, { size: per * models.length, from: 0, to: B * models.length, workers: o.workers })
        const all = exactToFloat64(exact)
        for (let k = 0; k < models.length; k++) fresh.set(todoKeys[from + k] as string, all.slice(k * per, (k + 1) * per))
      }
      const out = xs.map((x, k) => {
        const key = keys[k] as string
        const sim = (fresh.get(key) ?? kept.get(key)) as Float64Array
        return withAnswerNoise(sim, tallies, noiseAt < 0 ? 0 : (x[noiseAt] as number))
      })
      for (const [key, sim] of fresh) {
        kept.delete(key)
        kept.set(key, sim)
      }
      for (const key of new Set(keys)) {
        // Used again: kept longer.
        const sim = kept.get(key)
        if (sim === undefined) continue
        kept.delete(key)
        kept.set(key, sim)
      }
      while (kept.size > KEPT) kept.delete(kept.keys().next().value as string)
      return out
    })
}

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
