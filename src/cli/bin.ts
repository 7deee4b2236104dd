/** The executable's entry point: the only place that touches process. */
import { ExitCode } from "./exitCodes.js"
import { nodeIo } from "./Io.js"
import { main } from "./main.js"

// A reader that stops early (`cxsim run … | head`) is not an error. Any other failure to write
// (a full disk: ENOSPC) is one message and exit 4, without a stack trace. The message's wording
// is imported only then: a run that writes fine does not load it (start-up).
let failed = false
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0)
    if (stream !== process.stdout) process.exit(ExitCode.runtime)
    if (failed) return
    failed = true
    void import("../load/YamlFile.js")
      .then(({ describeFsError }) => {
        try {
          process.stderr.write(`cxsim: cannot write to the standard output: ${describeFsError(e)}\n`)
        } catch {
          // stderr is gone too: the exit code says it.
        }
      })
      .finally(() => process.exit(ExitCode.runtime))
  })
}

// The first Ctrl-C stops the command cleanly (exit 130); a second one, with the default handler
// back in place, ends the process at once. SIGTERM — a cancelled or timed-out CI job, a stopped
// container — stops it just as cleanly (no temporary file left behind), with its own exit code,
// 143 (128 + 15).
const interrupt = new AbortController()
let terminated = false
process.once("SIGINT", () => interrupt.abort())
process.once("SIGTERM", () => {
  terminated = true
  interrupt.abort()
})
const code = await main(process.argv.slice(2), { ...nodeIo(), signal: interrupt.signal })
process.exitCode = terminated && code === ExitCode.interrupted ? ExitCode.terminated : code
