/**
 * The sensitivity table: parameters without a name are labelled by their paths, which begin
 * alike (journey.touchpoints.…): the labels keep the paths' ends, so that the rows can be told
 * apart within the 80 columns.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { sensitivity } from "../../src/api/sensitivity.js"
import { renderSensitivity } from "../../src/report/renderSensitivity.js"
import { root } from "../support/cli.js"

const scenario = path.join(root, "scenarios", "restaurant.yaml")

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A design file of the restaurant's two unnamed service levels, and `extra` parameter lines. */
const design = (extra = ""): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-sens-table-"))
  dirs.push(dir)
  const file = path.join(dir, "design.yaml")
  fs.writeFileSync(
    file,
    `parameters:
  - { path: journey.touchpoints.kitchen.service.food-wait.mean, low: 8, high: 22 }
  - { path: journey.touchpoints.pay.service.price.mean, low: 11, high: 16 }
${extra}customers: 300
metrics: [nps]
`
  )
  return file
}

describe("the sensitivity table", () => {
  it("labels unnamed parameters by the ends of their paths, one label per parameter", async () => {
    const file = design("  - { path: personas.family.loyalty.retention, name: family-retention, low: 0.6, high: 0.95 }\n")
    const table = renderSensitivity(await sensitivity(scenario, file, { method: "oat", workers: 1 }), "table")
    const block = table.split("\n\n").find((b) => b.startsWith("nps · overall"))
    const labels = (block ?? "").split("\n").slice(2).map((l) => l.slice(2, 20).trimEnd())
    expect(labels.sort()).toEqual(["family-retention", "…ce.food-wait.mean", "…ervice.price.mean"])
    for (const line of table.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80)
  })

  it("a disagreement too long for one line puts the segments on a line of their own, whole", async () => {
    const r = await sensitivity(scenario, design(), { method: "oat", workers: 1 })
    const d = r.disagreements[0]
    if (d === undefined) throw new Error("the segments of the restaurant disagree on the kitchen and the price")
    const lines = renderSensitivity(r, "table").split("\n")
    const at = lines.indexOf(`  ${d.metric}: ${d.parameter}`)
    expect(at).toBeGreaterThan(0)
    expect(lines[at + 1]).toMatch(new RegExp(`^    is \\d+(st|nd|rd|th) for ${d.best.segment}, \\d+(st|nd|rd|th) for ${d.worst.segment}$`))
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80)
  })
})
