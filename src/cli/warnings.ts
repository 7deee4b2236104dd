/**
 * Warnings on the command line: each printed on stderr as `file:line:col: path: warning: …`
 * (the form of errors, so editors and CI parse both); with `--strict` they are errors instead
 * (invalid input, exit code 3). Shared by run, compare, bench, validate, sweep and sensitivity.
 */
import * as Effect from "effect/Effect"
import { InvalidInput, type FileError } from "../load/errors.js"
import { formatIssue } from "../load/Issue.js"
import { lintFile } from "../load/lint.js"
import type { YamlFile } from "../load/YamlFile.js"
import type { Io } from "./Io.js"

/** The option every command that reads a scenario takes. */
export const strictOption = { strict: { type: "boolean" } } as const

/**
 * Check a scenario file (as loaded with `variant`) for slips that validate; print the warnings,
 * or fail with them when `strict`. Returns how many there were. `files`: the files the command
 * has loaded the scenario with (loadEffect's), so that they are not read and decoded again.
 */
export const warnScenario = (
  io: Io,
  file: string,
  variant: string | undefined,
  strict: boolean,
  files?: Map<string, YamlFile>
): Effect.Effect<number, InvalidInput | FileError> =>
  Effect.flatMap(lintFile(file, variant, files), (ws) => {
    if (ws.length === 0) return Effect.succeed(0)
    if (strict) return Effect.fail(new InvalidInput({ issues: ws.map((w) => ({ ...w, message: `${w.message} (a warning; --strict makes it an error)` })) }))
    for (const w of ws) io.err(`${formatIssue({ ...w, message: `warning: ${w.message}` })}\n`)
    return Effect.succeed(ws.length)
  })
