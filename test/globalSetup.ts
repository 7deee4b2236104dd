/**
 * Build dist/ before the tests, so the command-line tests run the current code: transpiled
 * file by file and bundled by esbuild (scripts/build.mjs --fast), in a second or two; the types
 * are checked apart (npm test runs the typecheck beside the tests: scripts/test.mjs).
 *
 * Skipped when dist/ was built from the same inputs, by this setup or by npm's prepare step (the
 * full build, after npm ci): the signature of every input file and folder (path, size,
 * modification time; a deletion changes its folder: scripts/signature.mjs) is kept in dist/
 * beside the build. Delete dist/ to force one.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { buildInputs, signature } from "../scripts/signature.mjs"

const root = path.join(import.meta.dirname, "..")
const stamp = path.join(root, "dist", ".test-build")

export default function setup(): void {
  const now = signature(root, buildInputs)
  const read = (f: string): string => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "")
  // This setup's own build, or npm's prepare step's full build (a clean clone after npm ci), of the same inputs.
  if (fs.existsSync(path.join(root, "dist", "bundle", "cli.js")) && (read(stamp) === now || read(path.join(root, "dist", ".build-stamp")) === now)) return
  fs.rmSync(stamp, { force: true })
  execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs"), "--fast"], { stdio: "inherit" })
  fs.writeFileSync(stamp, now)
}
