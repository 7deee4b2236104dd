/** cxsim validate: a persona is never "ok" beside an error found in it, and paths stay as given. */
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
      2 of 2 files invalid
      "
    `)
  })
})
