/**
 * npm's prepare step (scripts/prepare.mjs) builds once: a second run from the same inputs (npx
 * linking this project into its cache on the first `npx cxsim` runs it again) skips the build,
 * and a changed input, a build of another kind (the tests' --fast) or a missing dist/ builds again.
 * The build itself is replaced by a stand-in that counts its runs.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..", "..")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-prepare-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

// A stand-in for scripts/build.mjs: it removes the stamp as the real one does, writes the file
// prepare looks for, and counts its runs.
const standIn = `import * as fs from "node:fs"
fs.rmSync("dist/.build-stamp", { force: true })
fs.mkdirSync("dist/bundle", { recursive: true })
fs.writeFileSync("dist/bundle/commands.cjs.cache", "")
fs.appendFileSync("builds", "1")
`

const project = path.join(dir, "p")
fs.mkdirSync(path.join(project, "scripts"), { recursive: true })
fs.mkdirSync(path.join(project, "src"))
for (const f of ["prepare.mjs", "signature.mjs"]) fs.copyFileSync(path.join(root, "scripts", f), path.join(project, "scripts", f))
fs.writeFileSync(path.join(project, "scripts", "build.mjs"), standIn)
fs.writeFileSync(path.join(project, "src", "a.ts"), "export const a = 1\n")

const prepare = (): number => {
  execFileSync(process.execPath, [path.join(project, "scripts", "prepare.mjs")], { cwd: project, stdio: "pipe" })
  return fs.readFileSync(path.join(project, "builds"), "utf8").length
}

describe("scripts/prepare.mjs", () => {
  it("builds, then skips while the inputs are the same, and builds again when they change", () => {
    expect(prepare()).toBe(1)
    expect(prepare()).toBe(1)
    fs.writeFileSync(path.join(project, "src", "a.ts"), "export const a = 2\n")
    expect(prepare()).toBe(2)
    expect(prepare()).toBe(2)
  })

  it("builds again after a build that left no stamp (the tests' --fast build), or without dist/", () => {
    const before = prepare()
    fs.rmSync(path.join(project, "dist", ".build-stamp"))
    expect(prepare()).toBe(before + 1)
    fs.rmSync(path.join(project, "dist"), { recursive: true })
    expect(prepare()).toBe(before + 2)
  })

  it("is the project's prepare step, and the real build removes the stamp as it starts", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
    expect(pkg.scripts["prepare"]).toBe("node scripts/prepare.mjs")
    expect(fs.readFileSync(path.join(root, "scripts", "build.mjs"), "utf8")).toMatch(/fs\.rm\(path\.join\(dist, "\.build-stamp"\)/)
  })
})
