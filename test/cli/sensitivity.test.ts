/**
 * cxsim sensitivity on a bundled scenario: checked against plain runs and against structure
 * (common random numbers: a parameter of one persona cannot move another persona's results),
 * never against figures the model happens to produce today.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { load, simulateScenario } from "../../src/api.js"
import { sensitivity } from "../../src/api/sensitivity.js"
import { sensitivityHelp } from "../../src/cli/helpSweep.js"
import type { SensitivityReport } from "../../src/stats/sensitivity/SensitivityReport.js"
import { root, runCli } from "../support/cli.js"

const scenario = path.join(root, "scenarios", "restaurant.yaml")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-sensitivity-"))
const designFile = path.join(dir, "design.yaml")
fs.writeFileSync(
  designFile,
  `parameters:
  - path: journey.touchpoints.kitchen.service.food-wait.mean
    name: kitchen-wait
    low: 8
    high: 22
  - path: personas.family.loyalty.retention
    name: family-retention
    low: 0.6
    high: 0.95
customers: 1100
metrics: [csat, churn]
sensitivity: { trajectories: 3, samples: 4, bootstrap: 20 }
`
)

const result = (r: SensitivityReport, segment: string, metric: string) => {
  const x = r.results.find((q) => q.segment === segment && q.metric === metric)
  if (x === undefined) throw new Error(`no result for ${segment} ${metric}`)
  return x
}

describe("cxsim sensitivity", () => {
  it("one at a time: the baseline is a plain run; a family-only parameter moves no other segment; low and high are the differences", async () => {
    const r = await sensitivity(scenario, designFile, { method: "oat", workers: 1 })
    expect(r.runs).toBe(5)
    const plain = await simulateScenario(await load(scenario), { customers: 1100, workers: 1 })
    expect(result(r, "family", "csat").baseline).toBe(plain.segments.find((s) => s.id === "family")?.csat?.mean)
    expect(result(r, "overall", "churn").baseline).toBe(plain.overall.churn.rate)
    for (const seg of ["busy-professional", "bargain-hunter"]) {
      for (const m of ["csat", "churn"]) {
        const e = result(r, seg, m).effects.find((x) => x.parameter === "family-retention")
        expect(e?.swing, `${seg} ${m}`).toBe(0)
        expect(e?.rank).toBe(2)
      }
    }
    const fam = result(r, "family", "churn").effects.find((x) => x.parameter === "family-retention")
    expect(fam?.swing).toBeGreaterThan(0)
    // Higher retention, less churn.
    expect(fam?.high).toBeLessThan(fam?.low as number)
    for (const res of r.results) {
      for (const e of res.effects) {
        expect(e.low).toBeCloseTo((e.atLow as number) - (res.baseline as number), 12)
        expect(e.swing).toBeCloseTo(Math.abs((e.atHigh as number) - (e.atLow as number)), 12)
      }
      expect(res.effects.map((e) => e.rank)).toEqual([1, 2])
    }
  })

  it("morris and sobol give the same report with 1 and 2 worker threads; a family-only parameter has zero effect elsewhere", async () => {
    for (const method of ["morris", "sobol"] as const) {
      const a = await sensitivity(scenario, designFile, { method, workers: 1 })
      const b = await sensitivity(scenario, designFile, { method, workers: 2 })
      expect(JSON.stringify(b)).toBe(JSON.stringify(a))
      const e = result(a, "busy-professional", "csat").effects.find((x) => x.parameter === "family-retention")
      if (method === "morris") expect([e?.muStar, e?.sigma]).toEqual([0, 0])
      else expect(e?.total).toBe(0)
    }
    const m = await sensitivity(scenario, designFile, { method: "morris", workers: 1 })
    expect(m.runs).toBe(3 * 3)
    expect(m.disagreements.some((d) => d.parameter === "family-retention" && d.best.segment === "family")).toBe(true)
  })

  it("renders a table within 80 columns, Markdown and JSON; --metric keeps one metric", async () => {
    const t = await runCli(["sensitivity", scenario, designFile, "--metric", "churn", "--workers", "1"])
    expect(t.code).toBe(0)
    for (const line of t.out.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80)
    expect(t.out).toMatch(/^churn · family — baseline /m)
    expect(t.out).not.toMatch(/^csat/m)
    expect(t.out).toMatch(/Where segments disagree/)
    expect(t.out).toMatch(/family-retention is 1st for family/)
    const j = await runCli(["sensitivity", scenario, designFile, "--format", "json", "--workers", "1"])
    const report = JSON.parse(j.out) as SensitivityReport
    expect(report.method).toBe("oat")
    expect(report.results.length).toBe(4 * 2)
    const out = path.join(dir, "s.md")
    const md = await runCli(["sensitivity", scenario, designFile, "--format", "md", "--out", out, "--workers", "1"])
    expect(md.code).toBe(0)
    expect(fs.readFileSync(out, "utf8")).toMatch(/^<!-- cxsim sensitivity -->\n# Sensitivity of restaurant/)
  })

  it("usage and design mistakes: exit 2 and 3 with the line and a hint; help fits 80 columns", async () => {
    const m = await runCli(["sensitivity", scenario, designFile, "--method", "sobl"])
    expect(m.code).toBe(2)
    expect(m.err).toMatchInlineSnapshot(`
      "cxsim sensitivity: unknown method "sobl"
          hint: did you mean "sobol"?
      "
    `)
    const odd = path.join(dir, "odd.yaml")
    fs.writeFileSync(odd, fs.readFileSync(designFile, "utf8").replace("trajectories: 3", "trajectories: 3, levels: 5"))
    const e = await runCli(["sensitivity", scenario, odd, "--method", "morris"])
    expect(e.code).toBe(3)
    expect(e.err.replaceAll(dir, "DIR")).toMatchInlineSnapshot(`
      "DIR/odd.yaml:12:33: sensitivity.levels: Morris levels must be even, got 5
          hint: 4 is usual
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    for (const line of sensitivityHelp.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect((await runCli(["sensitivity", "-h"])).out).toBe(sensitivityHelp)
  })
})
