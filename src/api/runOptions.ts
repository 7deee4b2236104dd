/**
 * The run options a script passes (customers, seed, workers), checked as the command line checks
 * its flags: a mistake fails with `UsageError` naming the function and the option, instead of a
 * report of -3 customers or a thrown precondition from inside the engine.
 */
import * as Effect from "effect/Effect"
import type { Workers } from "../engine/pool.js"
import { UsageError } from "../load/errors.js"

export interface RunOptions {
  readonly customers?: number | undefined
  readonly seed?: number | undefined
  readonly workers?: Workers | undefined
}

const whole = (fn: string, name: string, value: number | undefined, min: number, max: number): UsageError | undefined =>
  value === undefined || (Number.isInteger(value) && value >= min && value <= max)
    ? undefined
    : new UsageError({ message: `${fn}: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}` })

/** The first wrong option, if any: `customers` 1 to 10^9, `seed` 0 to 2^32 − 1, `workers` "auto" or 1 to 256. */
export const runOptionsProblem = (fn: string, o: RunOptions): UsageError | undefined =>
  whole(fn, "customers", o.customers, 1, 1e9) ??
  whole(fn, "seed", o.seed, 0, 2 ** 32 - 1) ??
  (o.workers === "auto" ? undefined : whole(fn, "workers", o.workers, 1, 256))

/** Fails with the first wrong option (see `runOptionsProblem`). */
export const checkRunOptions = (fn: string, o: RunOptions): Effect.Effect<void, UsageError> => {
  const wrong = runOptionsProblem(fn, o)
  return wrong === undefined ? Effect.void : Effect.fail(wrong)
}

/** A shard `{ index, count }`: whole numbers, 1 ≤ index ≤ count ≤ 999,999 (what `--shard I/N` reads). */
export const shardProblem = (fn: string, shard: { readonly index: number; readonly count: number }): UsageError | undefined =>
  Number.isInteger(shard.index) && Number.isInteger(shard.count) && 1 <= shard.index && shard.index <= shard.count && shard.count <= 999_999
    ? undefined
    : new UsageError({ message: `${fn}: shard must be { index, count } with whole numbers 1 ≤ index ≤ count, got ${String(shard.index)}/${String(shard.count)}` })
