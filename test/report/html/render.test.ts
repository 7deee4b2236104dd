/**
 * The HTML reports, read as text: self-contained, escaped, deterministic, within the size bound,
 * every chart with a title, a text alternative and its table, and every figure equal to the
 * JSON's. The browser test (browser.test.ts) opens the same kinds of pages in Chromium.
 */
import * as path from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { load, simulateScenario } from "../../../src/api.js"
import { sign } from "../../../src/checksum.js"
import { writtenByCxsim } from "../../../src/cli/output.js"
import { loadSuite } from "../../../src/load/loadSuite.js"
import { renderBenchHtml } from "../../../src/report/html/renderBenchHtml.js"
import { renderComparisonHtml } from "../../../src/report/html/renderComparisonHtml.js"
import { renderHtml } from "../../../src/report/html/renderHtml.js"
import { escapeHtml } from "../../../src/report/html/page.js"
import { renderSvg } from "../../../src/report/html/svg.js"
import { render } from "../../../src/report/render.js"
import { renderComparison } from "../../../src/report/renderComparison.js"
import type { Report } from "../../../src/report/Report.js"
import type { BenchResult } from "../../../src/stats/BenchResult.js"
import type { ComparisonReport } from "../../../src/stats/Comparison.js"
import { compare } from "../../../src/api/compare.js"
import { benchResult } from "../../../src/stats/runBench.js"
import { runSuiteEffect as runSuite } from "../../../src/api/bench.js"
import { mixedSuite, writeSuiteFixture } from "../../support/benchFixture.js"
import { cellsOf, figureProblems } from "../../support/figures.js"
import { loadFixture, removeFixtures } from "../../support/fixture.js"
import { tradeoff, tradeoffPersonas } from "../../support/tradeoff.js"
import { fixture, mapSegments } from "../fixture.js"

afterAll(removeFixtures)

const root = path.resolve(import.meta.dirname, "..", "..", "..")
const HOSTILE = `<script>alert("x")</script> & 'quoted' <img src=x onerror=alert(1)>`

let restaurant: Report
let comparison: ComparisonReport
let bench: BenchResult

beforeAll(async () => {
  restaurant = Object.freeze(await simulateScenario(await load(path.join(root, "scenarios", "restaurant.yaml")), { customers: 3000, workers: 1 }))
  const base = await loadFixture(tradeoff, tradeoffPersonas)
  const variants = [await loadFixture(tradeoff, tradeoffPersonas, { variant: "warmer" }), await loadFixture(tradeoff, tradeoffPersonas, { variant: "worse" })]
  comparison = Object.freeze(await compare(base, variants, { customers: 2000, workers: 1 }))
  const suite = await Effect.runPromise(loadSuite(writeSuiteFixture(mixedSuite)))
  bench = Object.freeze(benchResult([await Effect.runPromise(runSuite(suite))], false, null))
}, 120_000)

/** The chart figures of a page, each as its HTML. */
const figures = (html: string): string[] => html.split('<figure class="chart"').slice(1).map((f) => f.slice(0, f.indexOf("</figure>")))

/** What every page must be: ours, self-contained, scriptless, each chart labelled, titled, described and tabled. */
const checkPage = (html: string, json: unknown, minFigures: number): void => {
  expect(html.startsWith("<!DOCTYPE html>\n<!-- cxsim ")).toBe(true)
  expect(writtenByCxsim(sign(html))).toBe(true)
  // Self-contained: no script, no external resource of any kind.
  expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\((?!#)/i)
  expect(html).not.toMatch(/\b(src|href)="(?!#)/)
  expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink))/)
  const figs = figures(html)
  expect(figs.length).toBeGreaterThanOrEqual(minFigures)
  const ids = figs.map((f) => /^ id="([^"]+)"/.exec(f)?.[1])
  expect(new Set(ids).size).toBe(figs.length)
  for (const f of figs) {
    const id = /^ id="([^"]+)"/.exec(f)?.[1] as string
    expect(f, id).toMatch(/<figcaption><h3>[^<]+<\/h3><p>[^<]+<\/p><\/figcaption>/)
    expect(f, id).toContain(`<svg role="img" aria-labelledby="${id}-t ${id}-d" `)
    expect(f, id).toMatch(new RegExp(`<title id="${id}-t">[^<]+</title><desc id="${id}-d">[^<]+</desc>`))
    // A chart draws something: paths or text beyond its frame.
    expect((f.match(/<path /g) ?? []).length, id).toBeGreaterThan(3)
    expect(f, id).toMatch(/<details><summary>Numbers behind the chart<\/summary>\n<div class="scroll"><table>/)
    expect(cellsOf(f).length, id).toBeGreaterThan(0)
  }
  const cells = cellsOf(html)
  expect(figureProblems(cells, json)).toEqual([])
}

describe("escapeHtml", () => {
  it("escapes the five specials and blanks control characters", () => {
    expect(escapeHtml(`a<b>&"c"'d'`)).toBe("a&#60;b&#62;&#38;&#34;c&#34;&#39;d&#39;")
    expect(escapeHtml("a\u001b[31mb\u0000c\td\ne")).toBe("a [31mb c\td\ne")
  })
})

describe("the figure check", () => {
  it("catches a wrong number, a wrong rounding, a wrong scale and a key the JSON lacks", () => {
    const json = { a: { b: [0.8915, 3.5412] } }
    const ok = [
      { key: "a.b.0", value: "0.8915", scale: "100", text: "89.2%" },
      { key: "a.b.1", value: "3.5412", scale: null, text: "3.54" }
    ]
    expect(figureProblems(ok, json)).toEqual([])
    expect(figureProblems([{ ...ok[0]!, value: "0.89" }], json)).toHaveLength(1)
    expect(figureProblems([{ ...ok[0]!, text: "89.3%" }], json)).toHaveLength(1)
    expect(figureProblems([{ ...ok[0]!, scale: null }], json)).toHaveLength(1)
    expect(figureProblems([{ ...ok[1]!, key: "a.b.2" }], json)).toHaveLength(1)
  })
})

describe("renderSvg", () => {
  it("gives the same bytes for the same chart, whatever was drawn before, and rejects a bad id", () => {
    const option = { xAxis: { type: "category", data: ["a", "b"] }, yAxis: { type: "value" }, series: [{ type: "bar", data: [1, 2] }] }
    const first = renderSvg(option, 300, 200, "c1")
    renderSvg({ ...option, series: [{ type: "line", data: [3, 1] }] }, 300, 200, "c2")
    expect(renderSvg(option, 300, 200, "c1")).toBe(first)
    expect(first).toMatch(/^<svg width="300" height="200" /)
    expect(first).not.toMatch(/zr\d/)
    expect(renderSvg(option, 300, 200, "other")).toBe(first.replace(/\bc1-/g, "other-"))
    expect(() => renderSvg(option, 300, 200, 'x" onload="')).toThrow(/renderSvg requires an id/)
  })
})

describe("the run report", () => {
  it("is one self-contained page whose charts all have a title, a text alternative and a table, and whose figures are the JSON's", () => {
    const html = renderHtml(restaurant)
    checkPage(html, JSON.parse(render(restaurant, "json")), 9)
    expect(render(restaurant, "html")).toBe(html)
    // Enough figures are checked to cover every chart's numbers.
    expect(cellsOf(html).length).toBeGreaterThan(100)
  })

  it("says what it is, so that it can be reproduced, and carries no date", () => {
    const html = renderHtml(restaurant)
    for (const s of [restaurant.scenario.name, restaurant.scenario.hash, restaurant.engine.version, restaurant.scenario.title]) expect(html).toContain(escapeHtml(s))
    expect(html).toContain(`data-key="seed" data-value="${restaurant.seed}"`)
    expect(html).toContain(`data-key="population" data-value="${restaurant.population}"`)
    expect(html).toContain(`--seed ${restaurant.seed} --customers ${restaurant.population}`)
    expect(html).not.toMatch(/\b20\d\d-\d\d-\d\d\b/)
  })

  it("gives the same bytes for the same report, and stays under 500 KB for every bundled scenario", async () => {
    expect(renderHtml(structuredClone(restaurant))).toBe(renderHtml(restaurant))
    for (const name of ["restaurant", "support", "insurance-claim"]) {
      const r = await simulateScenario(await load(path.join(root, "scenarios", `${name}.yaml`)), { customers: 2000, workers: 1 })
      const html = renderHtml(r)
      expect(Buffer.byteLength(html), name).toBeLessThan(500 * 1024)
      checkPage(html, JSON.parse(render(r, "json")), 9)
    }
  })

  it("escapes every text from a file: scenario title, segment and touchpoint labels, variant", () => {
    const hostile: Report = {
      ...mapSegments(fixture, (s) => ({ ...s, label: `${s.label} ${HOSTILE}` })),
      scenario: { ...fixture.scenario, title: HOSTILE },
      variant: HOSTILE,
      currency: HOSTILE,
      touchpoints: fixture.touchpoints.map((t) => ({ ...t, label: HOSTILE }))
    }
    const html = renderHtml(hostile)
    expect(html).not.toContain("<script")
    expect(html).not.toContain("<img")
    expect(html).not.toMatch(/<[a-z][^>]* on[a-z]+=/i)
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;")
    checkPage(html, JSON.parse(render(hostile, "json")), 9)
  })
})

describe("the comparison report", () => {
  it("is one self-contained page: a forest plot per variant and metric, figures equal to the JSON's", () => {
    const html = renderComparisonHtml(comparison)
    checkPage(html, JSON.parse(renderComparison(comparison, "json")), 2 * 6)
    expect(renderComparison(comparison, "html")).toBe(html)
    expect(renderComparisonHtml(structuredClone(comparison))).toBe(html)
    for (const v of comparison.variants) expect(html).toContain(escapeHtml(v.headline))
  })

  it("a significant change's bounds never print as 0: the digits show the side each lies on", () => {
    // Given a significant rise in CES whose interval starts just above 0
    const c = structuredClone(comparison) as unknown as { variants: Array<{ overall: { diffs: Record<string, Record<string, unknown>> } }> }
    Object.assign(c.variants[0]!.overall.diffs["ces"]!, { delta: 0.0013, lower: 0.000412, upper: 0.002311, significant: true })
    // Then its table gives the bounds with the digits that show it
    const cells = cellsOf(renderComparisonHtml(c as unknown as ComparisonReport))
    const text = (key: string): string | undefined => cells.find((x) => x.key === key)?.text
    expect([text("variants.0.overall.diffs.ces.lower"), text("variants.0.overall.diffs.ces.upper")]).toEqual(["+0.0004", "+0.0023"])
  })

  it("names who gains and who loses", () => {
    const html = renderComparisonHtml(comparison)
    const worse = comparison.variants.find((v) => v.variant === "worse") as ComparisonReport["variants"][number]
    expect(worse.losers.length).toBeGreaterThan(0)
    const section = html.slice(html.indexOf(`<h2>Variant worse</h2>`))
    const loses = /<span class="loss">Loses:<\/span> ([^<]*)<\/p>/.exec(section)?.[1] ?? ""
    for (const id of worse.losers) expect(loses).toContain(worse.segments.find((s) => s.id === id)?.label)
  })

  it("escapes labels, variant names and descriptions", () => {
    const v = comparison.variants[0] as ComparisonReport["variants"][number]
    const hostile: ComparisonReport = {
      ...comparison,
      variants: [{ ...v, variant: HOSTILE, description: HOSTILE, headline: HOSTILE, segments: v.segments.map((s) => ({ ...s, label: HOSTILE })) }]
    }
    const html = renderComparisonHtml(hostile)
    expect(html).not.toContain("<script")
    expect(html).not.toContain("<img")
    expect(html).not.toMatch(/<[a-z][^>]* on[a-z]+=/i)
    checkPage(html, JSON.parse(renderComparison(hostile, "json")), 6)
  })
})

describe("the bench report", () => {
  it("is one self-contained page: a chart per gate with its threshold, verdicts named, figures equal to the JSON's", () => {
    const html = renderBenchHtml(bench)
    const gates = new Set(bench.suites[0]!.checks.map((c) => c.gate)).size
    checkPage(html, bench, gates)
    expect(figures(html).length).toBe(gates)
    expect(renderBenchHtml(structuredClone(bench))).toBe(html)
    for (const v of ["passed", "inconclusive", "breached"] as const) {
      const n = bench.suites[0]!.checks.filter((c) => c.verdict === v).length
      expect(n, v).toBeGreaterThan(0)
      expect((html.match(new RegExp(`<td class="v-${v}">`, "g")) ?? []).length, v).toBe(n)
    }
    // The gate named `completion <&> "quoted"` is escaped.
    expect(html).toContain("completion &#60;&#38;&#62; &#34;quoted&#34;")
  })
})
