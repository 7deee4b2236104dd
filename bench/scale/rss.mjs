// Run the command line (bin/cxsim.js) in this process, then print its peak resident memory
// (worker threads included) on stderr as "peak-rss-kb N". Used by scale.ts.
import { writeSync } from "node:fs"

process.on("exit", () => writeSync(2, `peak-rss-kb ${process.resourceUsage().maxRSS}\n`))
await import("../../bin/cxsim.js")
