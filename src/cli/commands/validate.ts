/** cxsim validate FILE...: check files, print every problem with file, line and field. */
import * as Effect from "effect/Effect"
import * as path from "node:path"
import { validateEffect } from "../../api.js"
import { escapeControl } from "../../escapeControl.js"
import { UsageError } from "../../load/errors.js"
import { formatIssue } from "../../load/Issue.js"
import { flag, parse } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { validateHelp } from "../help.js"
import type { Io } from "../Io.js"
import { strictOption, warnScenario } from "../warnings.js"

/**
 * A turn of the event loop. A check's stages yield only to other fibers, not to the process's
 * events, so a Ctrl-C that arrives during one is taken here, before that file's verdict.
 */
const eventTurn = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

export const validateCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("validate", args, { ...strictOption, help: { type: "boolean", short: "h" } })
    const positionals = parsed.positionals
    if (flag(parsed, "help")) {
      io.out(validateHelp)
      return ExitCode.ok
    }
    if (positionals.length === 0) {
      return yield* Effect.fail(new UsageError({ message: "cxsim validate: which files? Give one or more scenario or persona files", hint: "cxsim validate scenarios/*.yaml personas/*.yaml" }))
    }
    let bad = 0
    // A persona file is ok only if no scenario given with it found problems in it: its verdict
    // waits for the end.
    const flagged = new Set<string>()
    const personas: string[] = []
    for (const file of positionals) {
      const r = yield* validateEffect(file)
      yield* eventTurn
      for (const issue of r.issues) flagged.add(path.resolve(issue.file))
      if (r.issues.length === 0 && r.kind === "persona") personas.push(file)
      else if (r.issues.length === 0 && r.kind !== "scenario") io.out(`ok  ${file} (${r.kind})\n`)
      else if (r.issues.length === 0) {
        // Valid; warnings about slips are printed (or, with --strict, make the file invalid).
        const warned = yield* Effect.either(warnScenario(io, file, undefined, flag(parsed, "strict")))
        if (warned._tag === "Left" && warned.left._tag === "InvalidInput") {
          bad++
          for (const issue of warned.left.issues) io.err(`${formatIssue(issue)}\n`)
        } else if (warned._tag === "Left") return yield* Effect.fail(warned.left)
        else io.out(`ok  ${file} (${r.kind})\n`)
      }
      else {
        bad++
        for (const issue of r.issues) io.err(`${formatIssue(issue)}\n`)
        // A scenario whose problems are all in its persona files: say that it is invalid too.
        const own = path.resolve(file)
        if (!r.issues.some((i) => path.resolve(i.file) === own)) {
          const others = [...new Set(r.issues.map((i) => escapeControl(i.file)))]
          io.err(`${escapeControl(file)}: invalid: the problems above are in ${others.length === 1 ? "the file" : "the files"} it uses, ${others.join(", ")}\n`)
        }
      }
    }
    for (const file of personas) {
      if (flagged.has(path.resolve(file))) bad++
      else io.out(`ok  ${file} (persona)\n`)
    }
    if (bad > 0) {
      io.err(`${bad} of ${positionals.length} file${positionals.length === 1 ? "" : "s"} invalid\n`)
      return ExitCode.invalidInput
    }
    return ExitCode.ok
  })
