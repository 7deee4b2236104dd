/**
 * Running the command line in tests: as a subprocess of the built package (what a user runs), or
 * in process through `main` with a test Io (the same code, without the start-up cost of a new
 * process), capturing stdout, stderr and the exit code.
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { main } from "../../src/cli/main.js"

export const root = path.resolve(import.meta.dirname, "..", "..")
const bin = path.join(root, "bin", "cxsim.js")

export interface CliResult {
  readonly code: number | null
  readonly out: string
  readonly err: string
}

/** `node bin/cxsim.js ARGS` in `cwd`, without colour. */
export const spawnCli = (args: ReadonlyArray<string>, cwd = root): CliResult => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "" } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/**
 * `main(ARGS)` in this process, piped (no terminal, no colour). Relative paths resolve against
 * the process's working directory, the repository root: give fixtures absolute paths.
 */
export const runCli = async (args: ReadonlyArray<string>): Promise<CliResult> => {
  let out = ""
  let err = ""
  const code = await main(args, {
    out: (t) => {
      out += t
    },
    err: (t) => {
      err += t
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: "1" },
    columns: 80,
    cwd: process.cwd()
  })
  return { code, out, err }
}
