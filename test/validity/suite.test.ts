/**
 * The validity suite as CI runs it: once, at the default number of customers, then one test per
 * effect that asserts the effect holds (today's model fails some: that is what the suite is for),
 * checks of the runner against direct comparisons of the same arms, its formats, and that
 * docs/validity.md is exactly what `npm run validity` writes.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { compare, load, validity } from "../../src/api.js"
import { sign } from "../../src/checksum.js"
import { renderValidity } from "../../src/report/renderValidity.js"
import { effects } from "../../src/validity/effects.js"
import { SUITE_FOLDER } from "../../src/validity/runValidity.js"
import type { EffectResult, ValidityReport } from "../../src/validity/ValidityReport.js"

const root = path.resolve(import.meta.dirname, "..", "..")

let report: ValidityReport
beforeAll(async () => {
  report = await validity({ workers: 1 })
}, 180_000)

const result = (id: string): EffectResult => {
  const e = report.effects.find((x) => x.id === id)
  if (e === undefined) throw new Error(`no effect ${id} in the report`)
  return e
}

/** The effect's measurement in one line, for the failure message. */
const explain = (e: EffectResult): string =>
  `${e.id}: ${e.reason ?? e.checks.map((c) => `${c.quantity} = ${c.estimate} [${c.lower}, ${c.upper}], accept ${c.accept}`).join("; ")}`

describe("each effect of the literature holds", () => {
  it.each(effects.map((e) => e.id))("%s", (id) => {
    const e = result(id)
    expect(e.status, explain(e)).toBe("pass")
  })
})

describe("the runner", () => {
  it("reports every effect once, in the suite's order, with counts that add up", () => {
    expect(report.effects.map((e) => e.id)).toEqual(effects.map((e) => e.id))
    expect(new Set(effects.map((e) => e.id)).size).toBe(effects.length)
    const count = (s: string): number => report.effects.filter((e) => e.status === s).length
    expect(report.summary).toEqual({ passed: count("pass"), failed: count("fail"), notMeasurable: count("not measurable") })
    expect(report.customers).toBe(20_000)
    expect(report.persona).toBeNull()
  })

  it("a passing effect passes every check; a failing one fails at least one; an unmeasured one says why", () => {
    for (const e of report.effects) {
      if (e.status === "pass") expect(e.checks.every((c) => c.pass === true)).toBe(true)
      if (e.status === "fail") expect(e.checks.some((c) => c.pass === false)).toBe(true)
      if (e.status === "not measurable") expect(e.reason).toMatch(/^not measurable: /)
      else expect(e.reason).toBeNull()
      for (const c of e.checks) if (c.estimate !== null && c.lower !== null && c.upper !== null) expect(c.lower <= c.estimate && c.estimate <= c.upper).toBe(true)
    }
  })

  it("measures what a direct paired comparison of the same arms gives", async () => {
    const file = path.join(SUITE_FOLDER, "zone-of-tolerance.yaml")
    const [base, inside, half, one] = await Promise.all([undefined, "inside", "below-half", "below-one"].map((variant) => load(file, { variant })))
    const a = await compare(base!, [inside!], { workers: 1 })
    const b = await compare(half!, [one!], { workers: 1 })
    const dInside = a.variants[0]!.overall.diffs.satisfaction.delta
    const dBelow = b.variants[0]!.overall.diffs.satisfaction.delta
    expect(dInside).toBeLessThan(0)
    expect(dBelow).toBeLessThan(0)
    expect(result("zone-of-tolerance").checks[0]!.estimate).toBeCloseTo(Math.abs(dInside) / Math.abs(dBelow), 5)

    const d = await compare(await load(path.join(SUITE_FOLDER, "disconfirmation.yaml")), [await load(path.join(SUITE_FOLDER, "disconfirmation.yaml"), { variant: "higher-expectations" })], { workers: 1 })
    const s = d.variants[0]!.overall.diffs.satisfaction
    expect(result("disconfirmation").checks[0]).toMatchObject({ estimate: s.delta, lower: s.lower, upper: s.upper })
  })

  it("gives the same results, byte for byte, on two worker threads", async () => {
    const some = effects.filter((e) => e.id === "recovery-loyalty" || e.id === "effort-loyalty" || e.id === "nps-scale")
    const again = await validity({ effects: some, workers: 2 })
    expect(JSON.stringify(again.effects)).toBe(JSON.stringify(report.effects.filter((e) => some.some((x) => x.id === e.id))))
  })
})

describe("formats", () => {
  it("docs/validity.md is what npm run validity writes (rerun it after a model change)", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "validity.md"), "utf8")
    expect(doc).toBe(sign(renderValidity(report, "md")))
  })

  it("Markdown: one table row per effect, one section per effect, links to each scenario", () => {
    const md = renderValidity(report, "md")
    expect(md.startsWith("<!-- cxsim validity -->\n")).toBe(true)
    for (const e of report.effects) {
      expect(md.split("\n").filter((l) => l.startsWith(`| ${e.name.replace(/[*_[\]<>|#]/g, (c) => `\\${c}`)} |`))).toHaveLength(1)
      expect(md).toContain(`(\`${e.id}\`)`)
      expect(md).toContain(`](../${e.scenario})`)
      expect(fs.existsSync(path.join(root, e.scenario))).toBe(true)
    }
  })

  it("JSON: the report itself", () => {
    expect(JSON.parse(renderValidity(report, "json"))).toEqual(JSON.parse(JSON.stringify(report)))
  })

  it("table: every effect with its status, within 80 columns, colour only when asked", () => {
    const text = renderValidity(report, "table")
    for (const line of text.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80)
    expect(text).not.toContain("\u001b[")
    for (const e of report.effects) expect(text).toMatch(new RegExp(`^(pass|FAIL|n/m ) {2}${e.id} · `, "m"))
    expect(renderValidity(report, "table", { color: true })).toContain("\u001b[")
    for (const line of renderValidity(report, "table", { width: 60 }).split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(60)
  })
})
