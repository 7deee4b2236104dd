/** The benchmark's renderers: JUnit XML that parses, Markdown tables, a terminal summary. */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sign } from "../../src/checksum.js"
import { writtenByCxsim } from "../../src/cli/output.js"
import { loadSuite } from "../../src/load/loadSuite.js"
import { renderBenchJson } from "../../src/report/renderBenchJson.js"
import { renderBenchJunit } from "../../src/report/renderBenchJunit.js"
import { MARKDOWN_BUDGET, renderBenchMarkdown } from "../../src/report/renderBenchMarkdown.js"
import { renderBenchText } from "../../src/report/renderBenchText.js"
import type { BenchResult } from "../../src/stats/BenchResult.js"
import type { CheckResult } from "../../src/stats/gates.js"
import { benchResult } from "../../src/stats/runBench.js"
import { runSuiteEffect as runSuite } from "../../src/api/bench.js"
import { compareWithStored, updateStored } from "../../src/stats/storedResults.js"
import { mixedSuite, writeSuiteFixture } from "../support/benchFixture.js"
import { removeFixtures } from "../support/fixture.js"
import { findAll, parseXml } from "../support/xml.js"

afterAll(removeFixtures)

let result: BenchResult

beforeAll(async () => {
  const suite = await Effect.runPromise(loadSuite(writeSuiteFixture(mixedSuite)))
  result = benchResult([await Effect.runPromise(runSuite(suite))], false, null)
})

describe("JUnit XML", () => {
  it("parses, and has one test case per gate, variant and segment", () => {
    const xml = renderBenchJunit(result)
    const root = parseXml(xml)
    expect(root.name).toBe("testsuites")
    const checks = result.suites[0]!.checks
    const cases = findAll(root, "testcase")
    expect(cases.length).toBe(checks.length)
    expect(checks.length).toBe(10)
    expect(root.attrs).toMatchObject({ tests: "10", failures: "2", skipped: "2", errors: "0" })
    expect(findAll(root, "failure").length).toBe(2)
    expect(findAll(root, "skipped").length).toBe(2)
    cases.forEach((c, i) => {
      const verdict = findAll(c, "property").find((p) => p.attrs["name"] === "verdict")!.attrs["value"]
      expect(verdict).toBe(checks[i]!.verdict)
      expect(c.children.some((x) => x.name === "failure")).toBe(checks[i]!.verdict === "breached")
      expect(c.children.some((x) => x.name === "skipped")).toBe(checks[i]!.verdict === "inconclusive")
    })
    // Special characters in a gate's name survive the round trip.
    expect(cases.some((c) => c.attrs["name"]!.endsWith('completion <&> "quoted"'))).toBe(true)
    expect(writtenByCxsim(sign(xml))).toBe(true)
    expect(xml).not.toMatch(/time=/)
  })

  it("each test case names its variant, touchpoint and the unit of its figures, so that a CI tool can read them alone", () => {
    const checks = result.suites[0]!.checks
    const cases = findAll(parseXml(renderBenchJunit(result)), "testcase")
    const props = (i: number): Record<string, string | undefined> =>
      Object.fromEntries(findAll(cases[i]!, "property").map((p) => [p.attrs["name"], p.attrs["value"]]))
    checks.forEach((c, i) => {
      const p = props(i)
      expect(p["variant"]).toBe(c.variant)
      expect(p["unit"]).toBe(c.unit)
      expect(p["touchpoint"]).toBe(c.touchpoint ?? undefined)
    })
    // A level of abandonment at a touchpoint: in percent, at the kitchen.
    const i = checks.findIndex((c) => c.metric === "abandonment")
    expect(props(i)).toMatchObject({ metric: "abandonment", touchpoint: "kitchen", rule: "max", unit: "%" })
  })

  it("a failure says how far the interval lies beyond the threshold", () => {
    const root = parseXml(renderBenchJunit(result))
    const failures = findAll(root, "failure")
    expect(failures.length).toBe(2)
    for (const f of failures) expect(f.attrs["message"]).toMatch(/; the whole 95% interval lies beyond the threshold, by \d+\.\d+ (points|pts)$/)
    const text = renderBenchText(result)
    expect(text.match(/beyond the threshold, by \d+\.\d+ (points|pts)/g)?.length).toBe(2)
  })

  it("with --strict, inconclusive gates are failures", () => {
    const strict = benchResult(result.suites, true, null)
    expect(strict.exitCode).toBe(1)
    const root = parseXml(renderBenchJunit(strict))
    expect(root.attrs).toMatchObject({ failures: "4", skipped: "0" })
    expect(findAll(root, "failure").filter((f) => f.attrs["type"] === "inconclusive").length).toBe(2)
  })

  it("the reader rejects XML that is not well-formed", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow(/closes/)
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/repeated/)
    expect(() => parseXml("<a>x & y</a>")).toThrow(/entity/)
    expect(() => parseXml("<a/><b/>")).toThrow(/after the root/)
    expect(() => parseXml("<a x=1/>")).toThrow(/quoted/)
  })
})

describe("the Markdown summary's size", () => {
  it("stays short enough for a pull-request comment however many checks: the full list gives way first, then the checks that need attention", () => {
    const suite = result.suites[0]!
    const many = (n: number, verdict: (i: number) => CheckResult["verdict"]): BenchResult => {
      const checks = Array.from({ length: n }, (_, i) => ({ ...suite.checks[i % suite.checks.length]!, key: `check ${i}`, verdict: verdict(i) }))
      return { ...result, suites: [{ ...suite, checks }] }
    }
    // 3,000 checks, one in ten breached: the breached ones are all listed, the full list is cut.
    const md = renderBenchMarkdown(many(3000, (i) => (i % 10 === 0 ? "breached" : "passed")))
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_BUDGET)
    const attention = md.slice(md.indexOf("### Needs attention"), md.indexOf("### Variants"))
    expect(attention.match(/\*\*breached\*\*/g)?.length).toBe(300)
    const all = md.slice(md.indexOf("<details>"))
    const listed = all.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Suite") && !l.startsWith("| :")).length
    expect(listed).toBeGreaterThan(50)
    expect(all).toContain(`…and ${(3000 - listed).toLocaleString("en-US")} more checks, left out to keep this summary short enough for a pull-request comment: every check is in the JSON and JUnit reports.`)
    expect(md.endsWith("_\n")).toBe(true)
    // 3,000 breached checks: the attention table is cut too, and the full list is empty.
    const worst = renderBenchMarkdown(many(3000, () => "breached"))
    expect(worst.length).toBeLessThanOrEqual(MARKDOWN_BUDGET)
    expect(worst).toMatch(/### Needs attention[\s\S]*…and [\d,]+ more checks[\s\S]*### Variants/)
    expect(worst).toContain("…and 3,000 more checks")
    // A summary within the budget is whole.
    expect(renderBenchMarkdown(result)).not.toContain("more check")
  })
})

describe("the Markdown summary", () => {
  it("starts with its marker, says the result, and renders the checks as tables", () => {
    const md = renderBenchMarkdown(result)
    const lines = md.split("\n")
    expect(lines[0]).toBe("<!-- cxsim bench -->")
    expect(lines[1]).toBe("## cxsim bench: ❌ 2 gates breached")
    expect(writtenByCxsim(sign(md))).toBe(true)
    const header = "| Suite | Variant | Segment | Gate | Measured (95% CI) | Verdict |"
    expect(lines.filter((l) => l === header).length).toBe(2)
    const attention = lines.indexOf(header)
    expect(lines[attention + 1]).toBe("| :--- | :--- | :--- | :--- | ---: | :--- |")
    // Needs attention: breaches first, then inconclusive checks.
    const rows = lines.slice(attention + 2, lines.indexOf("", attention))
    // A breach says how far its interval lies beyond the threshold, as in the terminal and JUnit.
    expect(rows.map((r) => r.split(" | ").pop()!.replace(/by \d+\.\d+ (points|pts)/, "by X"))).toEqual(["**breached** by X |", "**breached** by X |", "inconclusive |", "inconclusive |"])
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length).toBe(8)
    expect(md).toContain("<details>")
    expect(md).toContain("completion \\<&\\> \"quoted\"")
  })

  it("when every gate holds", () => {
    const passed = { ...result.suites[0]!, checks: result.suites[0]!.checks.filter((c) => c.verdict === "passed") }
    const md = renderBenchMarkdown(benchResult([passed], false, null))
    expect(md.split("\n")[1]).toBe("## cxsim bench: ✅ every gate holds")
    expect(md).not.toContain("### Needs attention")
  })

  it("shows what changed since the stored results", () => {
    const stored = updateStored(null, result.suites)
    const moved = { ...result.suites[0]!, checks: result.suites[0]!.checks.map((c) => (c.verdict === "inconclusive" ? { ...c, verdict: "breached" as const } : c)) }
    const md = renderBenchMarkdown(benchResult([moved], false, compareWithStored("stored.json", stored, [moved])))
    expect(md).toContain("### Since the stored results (stored.json)")
    expect(md).toContain("  - worse: warmer · All customers · completion must not drop by more than 2.5 percentage points: inconclusive → breached")
    expect(md).toContain("**Warning:** the results differ")
  })
})

describe("the terminal summary", () => {
  it("fits 80 columns, lists each check with its verdict, and ends with the exit code", () => {
    const t = renderBenchText(result)
    for (const l of t.split("\n")) expect(Array.from(l).length).toBeLessThanOrEqual(80)
    expect(t.startsWith("cxsim ")).toBe(true)
    expect(t.match(/\n {4}BREACHED /g)?.length).toBe(2)
    expect(t.match(/\n {4}inconclusive /g)?.length).toBe(2)
    expect(t.match(/\n {4}passed /g)?.length).toBe(6)
    expect(t).toContain("Result: 2 breached, 2 inconclusive, 6 passed → exit 1")
    expect(t).not.toMatch(/\x1b\[/)
  })
})

describe("the JSON result", () => {
  it("has one unit for shares: the checks' percentage points, the arms' percent (0.552 and 0.104 disagreed)", () => {
    const json = JSON.parse(renderBenchJson(result)) as BenchResult & { units: Record<string, string> }
    expect(json.units["churn"]).toBe("percent; changes in percentage points")
    result.suites.forEach((s, i) => {
      s.arms.forEach((a, j) =>
        a.segments.forEach((g, k) => {
          const m = json.suites[i]!.arms[j]!.segments[k]!.metrics
          if (m === null || g.metrics === null) throw new Error("the fixture's segments all have customers")
          expect(m.churn.mean).toBeCloseTo(100 * g.metrics.churn.mean, 6)
          expect(m.completion.sd).toBeCloseTo(100 * g.metrics.completion.sd, 6)
          expect(m.csat.mean).toBe(g.metrics.csat.mean)
        })
      )
      // Checks were in their gate's unit already: unchanged.
      expect(json.suites[i]!.checks).toEqual(JSON.parse(JSON.stringify(s.checks)))
    })
  })
})
