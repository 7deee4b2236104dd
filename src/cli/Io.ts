/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** stdout is a terminal (tables in colour, no machine output expected). */
  readonly stdoutIsTTY: boolean
  /** stderr is a terminal (progress bars go there). */
  readonly stderrIsTTY: boolean
  readonly env: Readonly<Record<string, string | undefined>>
  readonly columns: number
  readonly cwd: string
  /** Aborted when the user interrupts (Ctrl-C): the running command stops, exit code 130. */
  readonly signal?: AbortSignal | undefined
  /**
   * Called by a command once its result is computed, just before it writes it: from then on a
   * Ctrl-C no longer interrupts it, so that it never exits 130 with its outputs written (a
   * second Ctrl-C still ends the process). Set by the command runner.
   */
  readonly commit?: (() => void) | undefined
}

export const nodeIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  columns: process.stdout.columns ?? 80,
  cwd: process.cwd()
})

/** Colour only on a terminal, and never when NO_COLOR is set (to anything non-empty). */
export const useColor = (io: Io): boolean => io.stdoutIsTTY && (io.env["NO_COLOR"] ?? "") === "" && io.env["TERM"] !== "dumb"

/** Both ends of the conversation are a terminal: keys can be read and the screen drawn. */
export const interactive = (io: Io): boolean => io.stdoutIsTTY && process.stdin.isTTY === true
