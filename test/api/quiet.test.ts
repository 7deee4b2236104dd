/**
 * The library prints nothing and never ends the process: a script that runs a report on worker
 * threads, a comparison, a sweep, records, and three mistakes (a wrong option, an unknown variant,
 * a missing file) writes only what it prints itself, and goes on to its last line.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..", "..")

const script = `
import { compare, load, records, simulate, sweep } from "cxsim"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
const f = "scenarios/restaurant.yaml"
const r = await simulate(f, { customers: 70000, workers: 2 })
const base = await load(f)
const c = await compare(base, [await load(f, { variant: "faster-kitchen" })], { customers: 3000 })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-quiet-"))
const s = await sweep(f, "docs/designs/restaurant-kitchen.yaml", { out: path.join(dir, "s.csv"), customers: 500 })
fs.rmSync(dir, { recursive: true, force: true })
let n = 0
for await (const _ of records(base, { customers: 2000 })) n++
const tags = []
for (const go of [() => simulate(f, { customers: -1 }), () => simulate(f, { variant: "nope" }), () => simulate("no-such.yaml")]) {
  try { await go() } catch (e) { tags.push(e._tag) }
}
console.log(JSON.stringify({ n: r.overall.n, variants: c.variants.length, points: s.points, rows: n, tags }))
`

describe("the library's manners", () => {
  it("prints nothing of its own, on stdout or stderr, and never exits the process", () => {
    const file = path.join(root, `.cxsim-tmp-quiet-${process.pid}.mjs`)
    fs.writeFileSync(file, script)
    try {
      const p = spawnSync(process.execPath, [file], { cwd: root, encoding: "utf8" })
      expect(p.stderr).toBe("")
      expect(p.stdout).toBe(`${JSON.stringify({ n: 70000, variants: 1, points: 12, rows: 2000, tags: ["UsageError", "InvalidInput", "FileError"] })}\n`)
      expect(p.status).toBe(0)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})
