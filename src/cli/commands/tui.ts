/**
 * cxsim tui [SCENARIO]: the terminal UI. ink and react are loaded only here, so that the other
 * commands do not pay for them.
 */
import * as Effect from "effect/Effect"
import { UsageError } from "../../load/errors.js"
import { flag, intOption, parse, str } from "../args.js"
import { tuiHelp } from "../help.js"
import { interactive, useColor, type Io } from "../Io.js"

export const tuiCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("tui", args, {
      variant: { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(tuiHelp)
      return
    }
    if (parsed.positionals.length > 1) {
      return yield* Effect.fail(new UsageError({ message: `cxsim tui: one scenario at a time, got ${parsed.positionals.length}`, hint: "cxsim tui scenarios/restaurant.yaml" }))
    }
    const customers = intOption("tui", "customers", str(parsed, "customers"), 1, 10_000_000)
    const seed = intOption("tui", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1)
    if (!interactive(io)) {
      return yield* Effect.fail(
        new UsageError({
          message: "cxsim tui needs a terminal: its input and output must not be redirected",
          hint: "to simulate from a script, use cxsim run SCENARIO (or cxsim compare)"
        })
      )
    }
    // ink draws only the last frame where CI is set; someone at a terminal wants the live screen.
    for (const k of ["CI", "CONTINUOUS_INTEGRATION"]) delete process.env[k]
    const { runTui } = yield* Effect.promise(() => import("../../tui/renderTui.js"))
    // Interrupting the command (a signal) closes the UI and gives the terminal back.
    return yield* Effect.promise((signal) =>
      runTui({
        signal,
        file: parsed.positionals[0],
        variant: str(parsed, "variant"),
        customers,
        seed,
        cwd: io.cwd,
        color: useColor(io),
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr
      })
    )
  })
