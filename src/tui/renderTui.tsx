/**
 * The terminal UI as one call: it takes over the terminal (the alternate screen, so that the
 * shell's screen comes back untouched), runs until the user quits, and gives the terminal back
 * as it was — screen, cursor and keyboard mode — however it ends.
 */
import { render } from "ink"
import { App, type AppProps } from "./App.js"

export interface TuiOptions extends Omit<AppProps, "size"> {
  readonly stdin: NodeJS.ReadStream
  readonly stdout: NodeJS.WriteStream
  readonly stderr: NodeJS.WriteStream
  /** Closes the UI when aborted (the run then resolves with 130). @default none */
  readonly signal?: AbortSignal | undefined
}

const ENTER = "\u001b[?1049h\u001b[H"
const LEAVE = "\u001b[?25h\u001b[?1049l"

/**
 * Open the terminal UI and resolve with the exit code when the user leaves it: 0 for `q`, 130
 * for Ctrl-C.
 *
 * @example
 * const code = await runTui({ file: "scenarios/restaurant.yaml", color: true, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr })
 */
export const runTui = async (o: TuiOptions): Promise<number> => {
  let left = false
  const leave = (): void => {
    if (left) return
    left = true
    o.stdout.write(LEAVE)
  }
  // However the process ends (a signal, an uncaught error), the terminal is given back.
  const onExit = (): void => leave()
  const onSignal = (signal: NodeJS.Signals): void => {
    process.exit(signal === "SIGHUP" ? 129 : 143)
  }
  process.on("exit", onExit)
  process.once("SIGTERM", onSignal)
  process.once("SIGHUP", onSignal)
  o.stdout.write(ENTER)
  try {
    const { stdin, stdout, stderr, signal, ...props } = o
    const instance = render(<App {...props} />, { stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true })
    const abort = (): void => instance.unmount()
    signal?.addEventListener("abort", abort)
    const result: unknown = await instance.waitUntilExit().finally(() => signal?.removeEventListener("abort", abort))
    instance.cleanup()
    return signal?.aborted === true ? 130 : typeof result === "number" ? result : 0
  } finally {
    leave()
    process.off("exit", onExit)
    process.off("SIGTERM", onSignal)
    process.off("SIGHUP", onSignal)
  }
}
