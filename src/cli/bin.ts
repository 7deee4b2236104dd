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

process.exitCode = await main(process.argv.slice(2), nodeIo())
