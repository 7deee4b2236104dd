/**
 * A signature of what a build reads: every input's path, size and modification time (a folder's
 * entries too, so a deletion changes it), and the Node.js version, as one hash. Two builds from
 * the same signature make the same dist/: the tests' setup (test/globalSetup.ts) and npm's prepare
 * step (scripts/prepare.mjs) skip a build whose signature is the one kept beside dist/.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"

/** What a build of dist/ reads, relative to the project's root. */
export const buildInputs = ["src", "bin", "scripts", "scenarios", "personas", "tsconfig.build.json", "tsconfig.json", "package.json", "package-lock.json"]

/** The signature of `inputs` (paths relative to `root`, files or folders). */
export const signature = (root, inputs) => {
  const hash = createHash("sha256").update(process.version)
  const visit = (rel) => {
    const s = fs.statSync(path.join(root, rel), { throwIfNoEntry: false })
    hash.update(`${rel}\0${s === undefined ? "-" : `${s.size}\0${s.mtimeMs}`}\n`)
    if (s?.isDirectory() === true) for (const e of fs.readdirSync(path.join(root, rel)).sort()) visit(path.join(rel, e))
  }
  for (const i of inputs) visit(i)
  return hash.digest("hex")
}
