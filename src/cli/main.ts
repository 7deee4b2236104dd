/**
 * The command line: dispatch to a command, and map every failure to one clear message and an
 * exit code (design.md, contract — exit codes). No stack trace for a user's mistake; control
 * characters in a message (from a file or an argument) are escaped.
 *
 * Start-up: this module and the command table load almost nothing (no effect, no yaml); each
 * command's module, and the effect runtime, are imported only when that command runs, so
 * `--version`, `--help` and `COMMAND --help` cost little more than starting node.
 */
import type * as Effect from "effect/Effect"
import { escapeControl } from "../escapeControl.js"
import { formatIssue, suggest } from "../load/Issue.js"
import { VERSION } from "../version.js"
import { ExitCode } from "./exitCodes.js"
import { benchHelp, compareHelp, initHelp, mainHelp, mergeHelp, runHelp, tuiHelp, validateHelp, validityHelp } from "./help.js"
import { sensitivityHelp, sweepHelp } from "./helpSweep.js"
import { interactive, type Io } from "./Io.js"

type Command = (args: ReadonlyArray<string>, io: Io) => Effect.Effect<number | void, unknown>

/** Every command, by the name typed after `cxsim`: its help text and how to load it. */
const commandTable: Readonly<Record<string, { readonly help: string; readonly load: () => Promise<Command> }>> = {
  run: { help: runHelp, load: async () => (await import("./commands/run.js")).runCommand },
  validate: { help: validateHelp, load: async () => (await import("./commands/validate.js")).validateCommand },
  init: { help: initHelp, load: async () => (await import("./commands/init.js")).initCommand },
  merge: { help: mergeHelp, load: async () => (await import("./commands/merge.js")).mergeCommand },
  tui: { help: tuiHelp, load: async () => (await import("./commands/tui.js")).tuiCommand },
  compare: { help: compareHelp, load: async () => (await import("./commands/compare.js")).compareCommand },
  bench: { help: benchHelp, load: async () => (await import("./commands/bench.js")).benchCommand },
  validity: { help: validityHelp, load: async () => (await import("./commands/validity.js")).validityCommand },
  sweep: { help: sweepHelp, load: async () => (await import("./commands/sweep.js")).sweepCommand },
  sensitivity: { help: sensitivityHelp, load: async () => (await import("./commands/sensitivity.js")).sensitivityCommand }
}

const commands = Object.keys(commandTable)

/** Run the command line; resolves with the exit code. */
export const main = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [command, ...rest] = argv
  // On a terminal, cxsim alone opens the terminal UI; piped or scripted, it shows the help.
  if (command === undefined && interactive(io)) return main(["tui"], io)
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    io.out(mainHelp)
    return command === undefined ? ExitCode.usage : ExitCode.ok
  }
  if (command === "-v" || command === "--version") {
    io.out(`${VERSION}\n`)
    return ExitCode.ok
  }
  const entry = Object.hasOwn(commandTable, command) ? commandTable[command] : undefined
  if (entry === undefined) {
    const hint = suggest(command, commands) ?? "see cxsim --help"
    io.err(`cxsim: unknown command "${escapeControl(command)}"\n    hint: ${escapeControl(hint)}\n`)
    return ExitCode.usage
  }
  // `cxsim COMMAND --help` alone prints what the command itself would print, without loading it.
  if (rest.length === 1 && (rest[0] === "--help" || rest[0] === "-h")) {
    io.out(entry.help)
    return ExitCode.ok
  }
  const [run, { runPromiseExit }, Exit, Cause, Option, { UsageError }] = await Promise.all([
    entry.load(),
    import("effect/Effect"),
    import("effect/Exit"),
    import("effect/Cause"),
    import("effect/Option"),
    import("../load/errors.js")
  ])
  // Ctrl-C (io.signal) interrupts the command: workers stop, temporary files go, exit 130.
  const exit = await runPromiseExit(run(rest, io), { signal: io.signal })
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
      io.err(`${escapeControl(f.file)}: ${escapeControl(f.message)}\n`)
      // A missing or unreadable input is the user's input problem; a failed write is I/O.
      return f.message.startsWith("cannot write") ? ExitCode.runtime : ExitCode.invalidInput
    }
    default:
      io.err(`cxsim: ${escapeControl(e instanceof Error ? e.message : String(e))}\n`)
      return ExitCode.runtime
  }
}
