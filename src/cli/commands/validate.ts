/** cxsim validate FILE...: check files, print every problem with file, line and field. */
import { Effect } from "effect"
import { validateEffect } from "../../api.js"
import { UsageError } from "../../load/errors.js"
import { formatIssue } from "../../load/Issue.js"
import { flag, parse } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { validateHelp } from "../help.js"
import type { Io } from "../Io.js"

export const validateCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("validate", args, { help: { type: "boolean", short: "h" } })
    const positionals = parsed.positionals
    if (flag(parsed, "help")) {
      io.out(validateHelp)
      return ExitCode.ok
    }
    if (positionals.length === 0) {
      return yield* Effect.fail(new UsageError({ message: "cxsim validate: which files? Give one or more scenario or persona files", hint: "cxsim validate scenarios/*.yaml personas/*.yaml" }))
    }
    let bad = 0
    for (const file of positionals) {
      const r = yield* validateEffect(file)
      if (r.issues.length === 0) io.out(`ok  ${file} (${r.kind})\n`)
      else {
        bad++
        for (const issue of r.issues) io.err(`${formatIssue(issue)}\n`)
      }
    }
    if (bad > 0) {
      io.err(`${bad} of ${positionals.length} file${positionals.length === 1 ? "" : "s"} invalid\n`)
      return ExitCode.invalidInput
    }
    return ExitCode.ok
  })
