/** The Promise form of the library's Effects. */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { Cancelled } from "../engine/pool.js"

/** The option of the Promise forms that cancels them. */
export interface Cancellable {
  /**
   * Aborting it cancels the call: workers are stopped, temporary files removed, and the Promise
   * rejects with `Cancelled`. An already aborted signal cancels at once. @default none
   */
  readonly signal?: AbortSignal | undefined
}

/**
 * Run an Effect as a Promise that rejects with the typed error itself, not a wrapper; with
 * `signal`, aborting it interrupts the Effect and the Promise rejects with `Cancelled`.
 */
export const toPromise = async <A, E>(eff: Effect.Effect<A, E>, signal?: AbortSignal): Promise<A> => {
  const exit = await Effect.runPromiseExit(eff, signal === undefined ? undefined : { signal })
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  if (Cause.isInterruptedOnly(exit.cause)) throw new Cancelled()
  throw Cause.squash(exit.cause)
}
