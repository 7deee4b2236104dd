/** The library's `compare`: a baseline and its variants on the same customers, paired per customer. */
import * as Effect from "effect/Effect"
import { requireValid } from "../load/checkResolved.js"
import { UsageError, type InvalidInput } from "../load/errors.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import { prepare, type Progress } from "../engine/run.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { ComparisonReport } from "../stats/Comparison.js"
import { comparisonReport, runComparison, type CompareModels } from "../stats/compare.js"
import { checkRunOptions } from "./runOptions.js"
import { toPromise, type Cancellable } from "./toPromise.js"

export interface CompareOptions {
  /** Number of synthetic customers, the same in every arm. @default the baseline scenario's `population` */
  readonly customers?: number | undefined
  /** Seed of the random streams, the same in every arm. @default the baseline scenario's `seed` */
  readonly seed?: number | undefined
  /** Wanted half-width of the overall NPS interval, in points: the report gives the customers needed. @default none (the report gives minimum detectable effects only) */
  readonly precision?: number | undefined
  /** Called as blocks complete with the customers done so far (every arm of them). @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
  /**
   * Worker threads: a number (1 runs in this thread), or "auto": one per core, and this thread
   * alone for small runs. The result is the same, bit for bit, for any choice.
   * @default "auto"
   */
  readonly workers?: Workers | undefined
}

/**
 * Compare a baseline with variants on the same synthetic customers, paired per customer (Effect).
 *
 * @example
 * import { compareEffect, loadEffect } from "cxsim"
 * const program = Effect.gen(function* () {
 *   const base = yield* loadEffect("scenarios/restaurant.yaml")
 *   const fast = yield* loadEffect("scenarios/restaurant.yaml", { variant: "faster-kitchen" })
 *   return yield* compareEffect(base, [fast], { customers: 20000 })
 * })
 */
export const compareEffect = (
  baseline: ResolvedScenario,
  variants: ReadonlyArray<ResolvedScenario>,
  options: CompareOptions = {}
): Effect.Effect<ComparisonReport, InvalidInput | UsageError | WorkerError> =>
  Effect.flatMap(Effect.zipRight(checkRunOptions("compare", options), requireValid("compare", [baseline, ...variants])), () => Effect.suspend((): Effect.Effect<ComparisonReport, UsageError | WorkerError> => {
    const customers = options.customers ?? baseline.population
    const seed = options.seed ?? baseline.seed
    const precision = options.precision ?? null
    if (precision !== null && !(Number.isFinite(precision) && precision > 0)) {
      return Effect.fail(new UsageError({ message: `compare: precision must be a number above 0 (NPS points), got ${String(precision)}` }))
    }
    const models: CompareModels = { base: prepare(baseline, { customers, seed }), variants: variants.map((v) => prepare(v, { customers, seed })) }
    return Effect.map(runComparison(models, options.onProgress, options.workers ?? "auto"), (run) => comparisonReport(baseline, variants, models, run, precision))
  }))

/**
 * Compare a baseline with variants on the same synthetic customers, paired per customer.
 *
 * @example
 * import { compare, load } from "cxsim"
 * const base = await load("scenarios/restaurant.yaml")
 * const fast = await load("scenarios/restaurant.yaml", { variant: "faster-kitchen" })
 * const c = await compare(base, [fast], { customers: 20000 })
 * const nps = c.variants[0].overall.diffs.nps
 * console.log(`NPS ${nps.delta} [${nps.lower}, ${nps.upper}]`, c.variants[0].losers)
 */
export const compare = (baseline: ResolvedScenario, variants: ReadonlyArray<ResolvedScenario>, options: CompareOptions & Cancellable = {}): Promise<ComparisonReport> =>
  toPromise(compareEffect(baseline, variants, options), options.signal)
