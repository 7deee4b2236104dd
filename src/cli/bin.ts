/** The executable's entry point: the only place that touches process. */
import { nodeIo } from "./Io.js"
import { main } from "./main.js"

process.exitCode = await main(process.argv.slice(2), nodeIo())
