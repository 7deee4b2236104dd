/** Every bundled scenario, with each of its variants, and every persona file, loads and runs. */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { load, simulateScenario, validate } from "../src/api.js"

const root = path.resolve(import.meta.dirname, "..")
const scenarios = fs.readdirSync(path.join(root, "scenarios")).filter((f) => f.endsWith(".yaml"))
const personas = fs.readdirSync(path.join(root, "personas")).filter((f) => f.endsWith(".yaml"))

describe("bundled examples", () => {
  it("there are at least three scenarios and five personas", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(3)
    expect(personas.length).toBeGreaterThanOrEqual(5)
  })

  it.each(personas)("personas/%s is valid", async (f) => {
    expect((await validate(path.join(root, "personas", f))).issues).toEqual([])
  })

  it("every persona is used by a scenario", async () => {
    const used = new Set<string>()
    for (const f of scenarios) for (const p of (await load(path.join(root, "scenarios", f))).personas) used.add(path.basename(p.file))
    expect(personas.filter((p) => !used.has(p))).toEqual([])
  })

  it.each(scenarios)("scenarios/%s runs, with each of its variants", async (f) => {
    const file = path.join(root, "scenarios", f)
    expect((await validate(file)).issues).toEqual([])
    const base = await load(file)
    const names = Object.keys(base.variants)
    expect(names.length).toBeGreaterThanOrEqual(1)
    for (const variant of [undefined, ...names]) {
      const r = await simulateScenario(await load(file, { variant }), { customers: 3000 })
      expect(r.overall.n).toBe(3000)
      expect(r.variant).toBe(variant ?? null)
      expect(r.overall.csat.mean).toBeGreaterThan(1)
      expect(r.overall.csat.mean).toBeLessThan(5)
      expect(r.segments.map((s) => s.id)).toEqual(base.personas.map((p) => p.id))
    }
  })
})
