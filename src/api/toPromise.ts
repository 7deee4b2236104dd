/** The Promise form of the library's Effects. */
import { Cause, Effect, Exit, Option } from "effect"

/** Run an Effect as a Promise that rejects with the typed error itself, not a wrapper. */
export const toPromise = async <A, E>(eff: Effect.Effect<A, E>): Promise<A> => {
  const exit = await Effect.runPromiseExit(eff)
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  throw Cause.squash(exit.cause)
}
