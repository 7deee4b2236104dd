/**
 * Build dist/ once before the tests, so the command-line tests run the current code: transpiled
 * file by file and bundled by esbuild (scripts/build.mjs --fast), in a second or two; the types
 * are checked apart (npm test runs the typecheck first).
 */
import { execFileSync } from "node:child_process"
import * as path from "node:path"

export default function setup(): void {
  execFileSync(process.execPath, [path.join(import.meta.dirname, "..", "scripts", "build.mjs"), "--fast"], { stdio: "inherit" })
}
