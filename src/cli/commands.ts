/**
 * The commands, and running one: each failure mapped to one clear message and an exit code
 * (design.md, contract — exit codes). main.ts imports this module only when a command runs: the
 * effect runtime and the commands load as one piece then, and not for --version or --help.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { escapeControl } from "../escapeControl.js"
import { UsageError } from "../load/errors.js"
import { formatIssue } from "../load/Issue.js"
import { nearFileHint } from "../load/nearFile.js"
import { benchCommand } from "./commands/bench.js"
import { calibrateCommand } from "./commands/calibrate.js"
import { compareCommand } from "./commands/compare.js"
import { initCommand } from "./commands/init.js"
import { mergeCommand } from "./commands/merge.js"
import { runCommand as run } from "./commands/run.js"
import { sensitivityCommand } from "./commands/sensitivity.js"
import { sweepCommand } from "./commands/sweep.js"
import { tuiCommand } from "./commands/tui.js"
import { validateCommand } from "./commands/validate.js"
import { validityCommand } from "./commands/validity.js"
import { ExitCode } from "./exitCodes.js"
import type { Io } from "./Io.js"

/** Every command, by the name typed after `cxsim` (main.ts has their help texts). */
const commandTable: Readonly<Record<string, (args: ReadonlyArray<string>, io: Io) => Effect.Effect<number | void, unknown>>> = {
  run,
  validate: validateCommand,
  init: initCommand,
  merge: mergeCommand,
  tui: tuiCommand,
  compare: compareCommand,
  bench: benchCommand,
  validity: validityCommand,
  sweep: sweepCommand,
  sensitivity: sensitivityCommand,
  calibrate: calibrateCommand
}

/** Run one command (a name main.ts knows); resolves with the exit code. */
export const runCommand = async (command: string, args: ReadonlyArray<string>, io: Io): Promise<number> => {
  const program = Object.hasOwn(commandTable, command) ? commandTable[command] : undefined
  if (program === undefined) throw new Error(`runCommand requires a command's name, got "${command}"`)
  // Ctrl-C (io.signal) interrupts the command: workers stop, temporary files go, exit 130.
  // Ctrl-C interrupts the command until it commits to writing its result (Io.commit).
  let committed = false
  const interrupt = new AbortController()
  const onAbort = (): void => {
    if (!committed) interrupt.abort()
  }
  if (io.signal?.aborted === true) interrupt.abort()
  io.signal?.addEventListener("abort", onAbort)
  const commit = (): void => {
    committed = true
  }
  const exit = await Effect.runPromiseExit(program(args, { ...io, signal: interrupt.signal, commit }), { signal: interrupt.signal }).finally(() =>
    io.signal?.removeEventListener("abort", onAbort)
  )
  if (Exit.isSuccess(exit)) return typeof exit.value === "number" ? exit.value : ExitCode.ok
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) return reportError(failure.value, io)
  if (Cause.isInterruptedOnly(exit.cause)) return ExitCode.interrupted
  const defect = Cause.squash(exit.cause)
  // Argument parsing throws UsageError synchronously inside a command: still a user's mistake.
  if (defect instanceof UsageError) return reportError(defect, io)
  io.err(`cxsim: internal error: ${defect instanceof Error ? (defect.stack ?? defect.message) : String(defect)}\nThis is a bug in cxsim; please report it with the command you ran.\n`)
  return ExitCode.runtime
}

/** One handler maps each tagged error to its message and exit code. */
export const reportError = (e: unknown, io: Io): number => {
  const tag = typeof e === "object" && e !== null && "_tag" in e ? String((e as { _tag: unknown })._tag) : ""
  switch (tag) {
    case "InvalidInput": {
      const issues = (e as { issues: ReadonlyArray<Parameters<typeof formatIssue>[0]> }).issues
      for (const i of issues) io.err(`${formatIssue(i)}\n`)
      io.err(`cxsim: ${issues.length} problem${issues.length === 1 ? "" : "s"} in the input; nothing was simulated\n`)
      return ExitCode.invalidInput
    }
    case "UsageError": {
      const u = e as { message: string; hint?: string }
      io.err(`${escapeControl(u.message)}\n${u.hint === undefined ? "" : `    hint: ${escapeControl(u.hint)}\n`}`)
      return ExitCode.usage
    }
    case "MergeError": {
      const problems = (e as { problems: ReadonlyArray<string> }).problems
      for (const p of problems) io.err(`cxsim merge: ${p}\n`)
      io.err(`cxsim merge: ${problems.length} problem${problems.length === 1 ? "" : "s"} with the parts; no report was written\n`)
      return ExitCode.invalidInput
    }
    case "FileError": {
      const f = e as { file: string; message: string }
      const near = f.message === "no such file" ? nearFileHint(f.file, io.cwd) : undefined
      io.err(`${escapeControl(f.file)}: ${escapeControl(f.message)}\n${near === undefined ? "" : `    hint: ${escapeControl(near)}\n`}`)
      // A missing or unreadable input is the user's input problem; a failed write is I/O.
      return f.message.startsWith("cannot write") ? ExitCode.runtime : ExitCode.invalidInput
    }
    default:
      io.err(`cxsim: ${escapeControl(e instanceof Error ? e.message : String(e))}\n`)
      return ExitCode.runtime
  }
}
