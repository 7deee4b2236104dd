/** The executable's entry point: the only place that touches process. */
import { nodeIo } from "./Io.js"
import { main } from "./main.js"

// A reader that stops early (`cxsim run … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0)
    throw e
  })
}

// The first Ctrl-C stops the command cleanly (exit 130); a second one, with the default handler
// back in place, ends the process at once.
const interrupt = new AbortController()
process.once("SIGINT", () => interrupt.abort())
process.exitCode = await main(process.argv.slice(2), { ...nodeIo(), signal: interrupt.signal })
