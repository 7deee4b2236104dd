/** The comparison's renderers: table within 80 columns, Markdown tables, RFC 4180 CSV, JSON. */
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import { comparisonCsvColumns, renderComparisonCsv } from "../../src/report/renderComparisonCsv.js"
import { comparisonInPoints } from "../../src/report/inPoints.js"
import { renderComparison } from "../../src/report/renderComparison.js"
import { renderComparisonMarkdown } from "../../src/report/renderComparisonMarkdown.js"
import { renderComparisonHtml } from "../../src/report/html/renderComparisonHtml.js"
import { renderComparisonTable } from "../../src/report/renderComparisonTable.js"
import { sign } from "../../src/checksum.js"
import { writtenByCxsim } from "../../src/cli/output.js"
import { metrics, type ComparisonReport } from "../../src/stats/Comparison.js"
import { compare } from "../../src/api/compare.js"
import { loadFixture, removeFixtures } from "../support/fixture.js"
import { tradeoff, tradeoffPersonas } from "../support/tradeoff.js"

afterAll(removeFixtures)

const root = path.resolve(import.meta.dirname, "..", "..")
const width = (s: string): number => Math.max(...s.split("\n").map((l) => Array.from(l).length))

let bundled: ComparisonReport[] = []
let tradeoffComparison: ComparisonReport

beforeAll(async () => {
  bundled = []
  for (const f of ["restaurant", "insurance-claim", "support"]) {
    const file = path.join(root, "scenarios", `${f}.yaml`)
    const base = await load(file)
    const vs = []
    for (const v of Object.keys(base.variants)) vs.push(await load(file, { variant: v }))
    bundled.push(await compare(base, vs, { customers: 2000, precision: 0.5 }))
  }
  const base = await loadFixture(tradeoff, tradeoffPersonas)
  tradeoffComparison = Object.freeze(await compare(base, [await loadFixture(tradeoff, tradeoffPersonas, { variant: "slow-hot" })], { customers: 2000 }))
})

describe("the comparison table", () => {
  it("fits 80 columns for every bundled scenario, states the method, shows paired and unpaired widths", () => {
    for (const c of bundled) {
      const t = renderComparisonTable(c)
      expect(width(t), c.scenario.name).toBeLessThanOrEqual(80)
      expect(t).not.toMatch(/\x1b\[/)
      expect(t.startsWith("cxsim ")).toBe(true)
      expect(writtenByCxsim(sign(t))).toBe(true)
      expect(t).toContain("Paired 95% CI")
      expect(t).toContain("Unpaired")
      expect(t).toContain("mean difference ± 1.96·sd/√n")
      expect(t).toContain("Pairing pays")
      expect(t).toContain("Who wins, who loses")
      expect(t).toContain("For NPS ±0.50: about")
      for (const v of c.variants) expect(t).toContain(`${v.variant} vs baseline`)
    }
  })

  it("says when a variant changes the persona mix: a segment's change then includes customers who became another persona", async () => {
    const mixed = { ...tradeoff, variants: { ...(tradeoff["variants"] as object), "more-gourmets": { patches: [{ set: "personas.hurried.share", value: 0.3 }, { set: "personas.gourmet.share", value: 0.7 }] } } }
    const base = await loadFixture(mixed, tradeoffPersonas)
    const c = await compare(base, [await loadFixture(mixed, tradeoffPersonas, { variant: "more-gourmets" }), await loadFixture(mixed, tradeoffPersonas, { variant: "slow-hot" })], { customers: 2000 })
    const [mix, journey] = renderComparisonTable(c).split("slow-hot vs baseline").map((t) => t.replace(/\s+/g, " "))
    expect(mix).toContain("The persona mix differs: segments are the customers' baseline personas, and a customer given another persona answers as the one they became")
    expect(journey).not.toContain("persona mix")
    expect(width(renderComparisonTable(c))).toBeLessThanOrEqual(80)
    const md = renderComparisonMarkdown(c).split("## slow-hot")
    expect(md[0]).toContain("The persona mix differs: segments are the customers' baseline personas")
    expect(md[1]).not.toContain("persona mix")
    const html = renderComparisonHtml(c).split('id="variant-1"')
    expect(html[0]).toContain("The persona mix differs: segments are the customers&#39; baseline personas")
    expect(html[1]).not.toContain("persona mix")
  })

  it("calls out who wins and who loses, and what explains it", () => {
    const t = renderComparisonTable(tradeoffComparison)
    expect(t).toMatch(/\n {2}Hurried +worse +/)
    expect(t).toMatch(/\n {2}Gourmet +better +/)
    expect(t.replace(/\s+/g, " ")).toContain("Gourmet gains. Hurried loses (")
    expect(t).toMatch(/Hurried +kitchen -/)
    expect(t).toMatch(/Gourmet +kitchen \+/)
  })

  it("in a wider terminal, more columns; colour only when asked", () => {
    const wide = renderComparisonTable(bundled[0]!, { width: 120 })
    expect(width(wide)).toBeLessThanOrEqual(120)
    expect(wide).toContain("Done pts")
    const colour = renderComparisonTable(tradeoffComparison, { color: true })
    expect(colour).toMatch(/\x1b\[1m/)
    expect(colour.replace(/\x1b\[\d+m/g, "")).toBe(renderComparisonTable(tradeoffComparison))
  })
})

describe("the comparison in Markdown", () => {
  it("renders tables: a header row, a separator row, rows with as many cells", () => {
    const md = renderComparisonMarkdown(bundled[2]!)
    expect(md.startsWith("<!-- cxsim comparison -->\n# ")).toBe(true)
    expect(writtenByCxsim(sign(md))).toBe(true)
    const lines = md.split("\n")
    const seps = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\| (:---|---:)( \| (:---|---:))* \|$/.test(l))
    expect(seps.length).toBeGreaterThanOrEqual(3 * bundled[2]!.variants.length)
    for (const [sep, i] of seps) {
      const cells = (l: string): number => l.replace(/\\\|/g, "").split("|").length
      expect(lines[i - 1]!.startsWith("| ")).toBe(true)
      expect(cells(lines[i - 1]!)).toBe(cells(sep))
      for (let k = i + 1; k < lines.length && lines[k]!.startsWith("|"); k++) expect(cells(lines[k]!)).toBe(cells(sep))
    }
    expect(md).toContain("| All customers | Baseline | Variant | Change | Paired 95% CI | Unpaired ± |")
    expect(md).toContain("### Who wins, who loses")
    expect(md).toContain("**Method.**")
  })
})

describe("the comparison as CSV and JSON", () => {
  it("states one unit for churn and completion: percent, changes in percentage points (0.104 was a share)", () => {
    const c = tradeoffComparison
    const json = JSON.parse(renderComparison(c, "json")) as ReturnType<typeof comparisonInPoints>
    expect(json.units.churn).toBe("percent; changes in percentage points")
    const csv = renderComparisonCsv(c).split("\r\n").map((l) => l.split(","))
    const col = (name: string): number => comparisonCsvColumns.indexOf(name)
    c.variants.forEach((v, i) => {
      for (const m of ["churn", "completion", "nps"] as const) {
        const d = v.overall.diffs[m]
        const scale = m === "nps" ? 1 : 100
        const j = json.variants[i]!.overall.diffs[m]
        expect(j.delta, m).toBeCloseTo(scale * d.delta, 6)
        expect([j.lower, j.upper]).toEqual([expect.closeTo(scale * d.lower, 6), expect.closeTo(scale * d.upper, 6)])
        const row = csv.find((r) => r[col("variant")] === v.variant && r[col("segment")] === "overall" && r[col("metric")] === m)!
        expect(Number(row[col("delta")])).toBe(j.delta)
      }
      // The abandonment changes too.
      v.overall.abandonedAt.forEach((a, k) => expect(json.variants[i]!.overall.abandonedAt[k]!.diff.delta).toBeCloseTo(100 * a.diff.delta, 6))
    })
  })

  it("CSV: one row per variant, segment and metric, RFC 4180", () => {
    const c = bundled[0]!
    const csv = renderComparisonCsv(c)
    const lines = csv.split("\r\n")
    expect(lines.pop()).toBe("")
    expect(lines[0]).toBe(comparisonCsvColumns.join(","))
    expect(lines[0]!.startsWith("scenario,variant,seed,")).toBe(true)
    const segments = c.baseline.segments.length + 1
    expect(lines.length - 1).toBe(c.variants.length * segments * metrics.length)
    const row = lines.find((l) => l.includes(",overall,") && l.includes(",nps,"))!.split(",")
    const o = c.variants[0]!.overall.diffs.nps
    expect(row.slice(comparisonCsvColumns.indexOf("delta"), comparisonCsvColumns.indexOf("upper") + 1).map(Number)).toEqual([o.delta, o.lower, o.upper])
    expect(csv).not.toMatch(/[^\r]\n/)
  })

  it("CSV quotes labels with commas and quotes", () => {
    const c: ComparisonReport = {
      ...tradeoffComparison,
      variants: tradeoffComparison.variants.map((v) => ({ ...v, segments: v.segments.map((s) => ({ ...s, label: 'Hurried, "very"' })) }))
    }
    expect(renderComparisonCsv(c)).toContain(',"Hurried, ""very""",')
  })

  it("JSON: the report with shares in percent and points, parsed back equal, recognised as ours", () => {
    const text = renderComparison(tradeoffComparison, "json")
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(comparisonInPoints(tradeoffComparison))))
    expect(writtenByCxsim(sign(text))).toBe(true)
    expect(text.endsWith("}\n")).toBe(true)
  })
})
