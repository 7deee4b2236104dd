/**
 * Running the command line in tests: as a subprocess of the built package (what a user runs), or
 * in process through `main` with a test Io (the same code, without the start-up cost of a new
 * process: node's start and the bundle's load), capturing stdout, stderr and the exit code.
 *
 * Spawn only what needs a process: a terminal (pty), Ctrl-C, the exit of worker threads, a full
 * stdout, the bin wiring itself. Everything else runs in process.
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { main } from "../../src/cli/main.js"

export const root = path.resolve(import.meta.dirname, "..", "..")
export const bin = path.join(root, "bin", "cxsim.js")

export interface CliResult {
  readonly code: number | null
  readonly out: string
  readonly err: string
}

export interface CliOptions {
  /** The working directory relative paths start from. @default the repository root */
  readonly cwd?: string
  /** Variables added to the environment the command sees. @default none */
  readonly env?: Readonly<Record<string, string>>
}

/** `node bin/cxsim.js ARGS` in `cwd`, without colour. */
export const spawnCli = (args: ReadonlyArray<string>, cwd = root, env: Readonly<Record<string, string>> = {}): CliResult => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "", ...env } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/**
 * `main(ARGS)` in this process, piped (no terminal, no colour), as `spawnCli` runs it in a
 * subprocess. A `cwd` is entered for the command (process.chdir: the commands resolve relative
 * paths against the process's folder) and left after it, so calls must not overlap; the test
 * pool is "forks" (a worker thread cannot change folder).
 */
export const runCli = async (args: ReadonlyArray<string>, options: CliOptions = {}): Promise<CliResult> => {
  let out = ""
  let err = ""
  const cwd = options.cwd ?? root
  const before = process.cwd()
  if (cwd !== before) process.chdir(cwd)
  try {
    const code = await main(args, {
      out: (t) => {
        out += t
      },
      err: (t) => {
        err += t
      },
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      columns: 80,
      cwd
    })
    return { code, out, err }
  } finally {
    if (cwd !== before) process.chdir(before)
  }
}
