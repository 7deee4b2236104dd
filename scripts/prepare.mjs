/**
 * npm's prepare step (after `npm ci` or `npm install` in this project): the build, unless dist/
 * was built by this step from the same inputs (scripts/signature.mjs).
 *
 * Why the skip: `npx cxsim` in a clone of this project does not run bin/cxsim.js directly; npx
 * links the project into its own cache first, and npm runs the linked project's prepare step
 * again. Without the skip, the quick start's first command built everything a second time (about
 * 9 s and 12 s of CPU) before it ran. `npm run build` always builds.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { buildInputs, signature } from "./signature.mjs"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const stamp = path.join(root, "dist", ".build-stamp")

const now = signature(root, buildInputs)
const built = fs.existsSync(path.join(root, "dist", "bundle", "commands.cjs.cache")) && fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8") : ""
if (built !== now) {
  // scripts/build.mjs removes the stamp as it starts: a build that fails leaves none.
  execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { stdio: "inherit" })
  fs.writeFileSync(stamp, now)
}
