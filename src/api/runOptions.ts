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

/** Fails with the first wrong option: `customers` 1 to 10^9, `seed` 0 to 2^32 − 1, `workers` "auto" or 1 to 256. */
export const checkRunOptions = (fn: string, o: RunOptions): Effect.Effect<void, UsageError> => {
  const wrong =
    whole(fn, "customers", o.customers, 1, 1e9) ??
    whole(fn, "seed", o.seed, 0, 2 ** 32 - 1) ??
    (o.workers === "auto" ? undefined : whole(fn, "workers", o.workers, 1, 256))
  return wrong === undefined ? Effect.void : Effect.fail(wrong)
}
