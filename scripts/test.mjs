/**
 * npm test: the typecheck and the tests at the same time, so the typecheck uses the processor
 * time the test run leaves idle (its start and its end) instead of running before it.
 *
 * vitest's output is shown as it comes; the typecheck's is kept and shown after it. The exit code
 * is vitest's when it failed, else the typecheck's: the command fails when either fails.
 * Arguments go to vitest (`npm test -- test/cli`).
 */
import { spawn } from "node:child_process"
import { createRequire } from "node:module"
import * as path from "node:path"

const require = createRequire(import.meta.url)
const tsc = require.resolve("typescript/bin/tsc")
const vitest = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs")

/** Runs node with args; resolves to the exit code (1 when killed by a signal) and the captured output. */
const run = (args, capture) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" })
    const chunks = []
    if (capture) {
      child.stdout.on("data", (c) => chunks.push(c))
      child.stderr.on("data", (c) => chunks.push(c))
    }
    child.on("error", (e) => resolve({ code: 1, output: `${e.message}\n` }))
    child.on("close", (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }))
  })

const typecheck = run(
  [tsc, "-p", "tsconfig.json", "--noEmit", "--incremental", "--tsBuildInfoFile", "dist-check/typecheck.tsbuildinfo"],
  true
)
const tests = await run([vitest, "run", ...process.argv.slice(2)], false)
const types = await typecheck

process.stdout.write(types.output)
console.log(types.code === 0 ? "typecheck: no errors" : `typecheck: failed (exit code ${types.code})`)
process.exitCode = tests.code !== 0 ? tests.code : types.code
