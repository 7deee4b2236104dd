/** cxsim validate: a persona is never "ok" beside an error found in it, and paths stay as given. */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { scenarioText, writeProject } from "../load/files.js"
import { runCli, spawnCli } from "../support/cli.js"

describe("cxsim validate", () => {
  it("a persona with a problem found through its scenario is not ok, and is named as given", async () => {
    const file = writeProject(scenarioText, {
      regular: "label: Regular\nexpectations:\n  wait: { adequate: 10, desired: 2 }\n  noise-level: { adequate: 60, desired: 40 }\n",
      newcomer: "label: Newcomer\nexpectations:\n  wait: { adequate: 10, desired: 2 }\n"
    })
    const dir = path.dirname(path.dirname(file))
    const a = await runCli(["validate", "personas/regular.yaml", "scenarios/shop.yaml", "personas/newcomer.yaml"], { cwd: dir })
    expect(a.code).toBe(3)
    expect(a.out).toBe("ok  personas/newcomer.yaml (persona)\n")
    expect(a.err).toMatchInlineSnapshot(`
      "personas/regular.yaml:4:3: expectations.noise-level: the scenario shop has no dimension "noise-level"
          hint: expected one of: wait
      scenarios/shop.yaml: invalid: the problems above are in the file it uses, personas/regular.yaml
      2 of 3 files invalid
      "
    `)
    // As a user runs it, in a process of its own.
    const b = spawnCli(["validate", "scenarios/shop.yaml", "personas/regular.yaml"], dir)
    expect(b.code).toBe(3)
    expect(b.out).toBe("")
    expect(b.err).toMatchInlineSnapshot(`
      "personas/regular.yaml:4:3: expectations.noise-level: the scenario shop has no dimension "noise-level"
          hint: expected one of: wait
      scenarios/shop.yaml: invalid: the problems above are in the file it uses, personas/regular.yaml
      2 of 2 files invalid
      "
    `)
  })

  it("checks a bench suite with its scenario, variants and gates, and says what a design is", async () => {
    const file = writeProject(scenarioText)
    const dir = path.dirname(path.dirname(file))
    fs.mkdirSync(path.join(dir, "bench"))
    const suite = (gates: string) => `scenario: ../scenarios/shop.yaml\nvariants: [quick]\ngates:\n${gates}`
    fs.writeFileSync(path.join(dir, "bench", "good.yaml"), suite("  - metric: nps\n    maxDrop: 2\n"))
    fs.writeFileSync(path.join(dir, "bench", "bad.yaml"), suite("  - metric: churn\n    segment: regullar\n    maxRise: 1\n"))
    fs.writeFileSync(path.join(dir, "design.yaml"), "parameters:\n  - path: population\n    low: 100\n    high: 200\n")
    const r = await runCli(["validate", "bench/good.yaml", "bench/bad.yaml", "design.yaml"], { cwd: dir })
    expect(r.code).toBe(3)
    expect(r.out).toBe("ok  bench/good.yaml (suite)\n")
    expect(r.err).toMatchInlineSnapshot(`
      "bench/bad.yaml:5:5: gates[0].segment: the scenario shop has no persona "regullar"
          hint: did you mean "regular"?
      design.yaml:1:1: design.yaml is neither a scenario (it has no journey:), a persona (it has no expectations:) nor a bench suite (it has no gates:)
          hint: a sweep design is checked against its scenario by cxsim sweep SCENARIO DESIGN --out FILE, before any point runs
      2 of 3 files invalid
      "
    `)
  })
})
