/**
 * The command line: help, version, and dispatch to a command (commands.ts runs it and maps every
 * failure to one clear message and an exit code). Control characters in a message (from a file
 * or an argument) are escaped.
 *
 * Start-up: this module and the command table load almost nothing (no effect, no yaml); the
 * commands and the effect runtime (commands.ts) are loaded only when a command runs (with V8's
 * code cache when it can: loadCommands.ts), so `--version`, `--help` and `COMMAND --help` cost
 * little more than starting node.
 */
import { escapeControl } from "../escapeControl.js"
import { suggest } from "../load/Issue.js"
import { VERSION } from "../version.js"
import { ExitCode } from "./exitCodes.js"
import { benchHelp, compareHelp, initHelp, mainHelp, mergeHelp, runHelp, tuiHelp, validateHelp, validityHelp } from "./help.js"
import { calibrateHelp } from "./helpCalibrate.js"
import { sensitivityHelp, sweepHelp } from "./helpSweep.js"
import { interactive, type Io } from "./Io.js"

/** Every command, by the name typed after `cxsim`, with its help text (commands.ts runs them). */
const helpTexts: Readonly<Record<string, string>> = {
  run: runHelp,
  validate: validateHelp,
  init: initHelp,
  merge: mergeHelp,
  tui: tuiHelp,
  compare: compareHelp,
  bench: benchHelp,
  validity: validityHelp,
  sweep: sweepHelp,
  sensitivity: sensitivityHelp,
  calibrate: calibrateHelp
}

const commands = Object.keys(helpTexts)

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
  const help = Object.hasOwn(helpTexts, command) ? helpTexts[command] : undefined
  if (help === undefined) {
    const hint = suggest(command, commands) ?? "see cxsim --help"
    io.err(`cxsim: unknown command "${escapeControl(command)}"\n    hint: ${escapeControl(hint)}\n`)
    return ExitCode.usage
  }
  // `cxsim COMMAND --help` alone prints what the command itself would print, without loading it.
  if (rest.length === 1 && (rest[0] === "--help" || rest[0] === "-h")) {
    io.out(help)
    return ExitCode.ok
  }
  // A run starts its worker threads first, so that they start while the commands load.
  if (command === "run") (await import("./headStart.js")).headStart(rest)
  const { runCommand } = await (await import("./loadCommands.js")).loadCommands(command === "tui")
  return runCommand(command, rest, io)
}
