/**
 * Build dist/ before the tests, so the command-line tests run the current code: transpiled
 * file by file and bundled by esbuild (scripts/build.mjs --fast), in a second or two; the types
 * are checked apart (npm test runs the typecheck beside the tests: scripts/test.mjs).
 *
 * Skipped when dist/ was built by this setup from the same inputs: the signature of every source
 * file and folder (path, size, modification time; a deletion changes its folder) and of the
 * build's script and configurations is kept in dist/ beside the build. Delete dist/ to force one.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { signature } from "../scripts/signature.mjs"

const root = path.join(import.meta.dirname, "..")
const stamp = path.join(root, "dist", ".test-build")
const inputs = ["src", "scripts/build.mjs", "tsconfig.build.json", "tsconfig.json", "package.json", "package-lock.json"]

export default function setup(): void {
  const now = signature(root, inputs)
  const built = fs.existsSync(path.join(root, "dist", "bundle", "cli.js")) && fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : ""
  if (built === now) return
  fs.rmSync(stamp, { force: true })
  execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs"), "--fast"], { stdio: "inherit" })
  fs.writeFileSync(stamp, now)
}
