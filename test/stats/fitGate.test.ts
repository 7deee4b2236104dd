/**
 * Fit gates (metric: fit): a suite judges its scenario's baseline against a survey. Surveys are
 * simulated from the trade-off scenario itself (it fits) and from its "worse" variant (slower,
 * colder food: it does not), written as CSV with a mapping; the verdicts, the figures, the located
 * errors, stored results and 1 against 2 workers.
 */
import { Cause, Effect, Exit, Option } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { stringify } from "yaml"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bench } from "../../src/api/bench.js"
import { records } from "../../src/api/records.js"
import { formatIssue } from "../../src/load/Issue.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import { loadSuite } from "../../src/load/loadSuite.js"
import { renderBenchJson } from "../../src/report/renderBenchJson.js"
import { renderBenchJunit } from "../../src/report/renderBenchJunit.js"
import { renderBenchMarkdown } from "../../src/report/renderBenchMarkdown.js"
import { renderBenchText } from "../../src/report/renderBenchText.js"
import { renderBenchHtml } from "../../src/report/html/renderBenchHtml.js"
import type { BenchResult } from "../../src/stats/BenchResult.js"
import type { CheckResult } from "../../src/stats/gates.js"
import { compareWithStored, updateStored } from "../../src/stats/storedResults.js"
import { writeSuiteFixture } from "../support/benchFixture.js"
import { removeFixtures } from "../support/fixture.js"

afterAll(removeFixtures)

const MAP = {
  segment: { columns: ["segment"], personas: [{ when: { segment: "hurried" }, persona: "hurried" }, { when: { segment: "gourmet" }, persona: "gourmet" }] },
  outcomes: [
    { column: "csat", kind: "csat" },
    { column: "recommend", kind: "ltr" },
    { column: "left", kind: "churn", period: 2, churned: ["yes"], retained: ["no"] }
  ]
}

/** A survey of `n` guests of the trade-off scenario (or of one of its variants), as CSV; `keep` filters respondents. */
const surveyText = async (scenarioFile: string, o: { variant?: string; seed: number; n: number; keep?: (persona: string, i: number) => boolean }): Promise<string> => {
  const s = await Effect.runPromise(loadScenario(scenarioFile, { variant: o.variant }))
  const lines = ["segment,csat,recommend,left"]
  const seen = new Map<string, number>()
  for await (const r of records(s, { customers: o.n, seed: o.seed, workers: 1 })) {
    const persona = r["persona"] as string
    const i = seen.get(persona) ?? 0
    seen.set(persona, i + 1)
    if (o.keep !== undefined && !o.keep(persona, i)) continue
    const churn = r["churn_period"] as number | null
    lines.push([persona, r["csat"], r["ltr"], churn !== null && churn < 2 ? "yes" : "no"].join(","))
  }
  return `${lines.join("\n")}\n`
}

let dir = ""
const at = (...p: string[]): string => path.join(dir, ...p)
/** A suite in bench/ of the fixture folder; gates given, fit gates' survey and map relative to it. */
const suite = (gates: ReadonlyArray<Record<string, unknown>>, name = "suite", extra: Record<string, unknown> = {}): string => {
  const file = at("bench", `${name}.yaml`)
  fs.writeFileSync(file, stringify({ name, scenario: "../scenarios/tradeoff.yaml", variants: ["warmer"], customers: 2000, seed: 5, gates, ...extra }))
  return file
}
const fitGate = (survey: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ metric: "fit", survey: `../surveys/${survey}`, map: "../surveys/map.yaml", ...more })
const run = async (file: string, workers = 1): Promise<BenchResult> => (await bench([file], { workers })).result
const fits = (r: BenchResult): CheckResult[] => r.suites.flatMap((s) => s.checks.filter((c) => c.metric === "fit"))

beforeAll(async () => {
  const file = writeSuiteFixture({ variants: ["warmer"], gates: [{ metric: "nps", maxDrop: 2 }] })
  dir = path.dirname(path.dirname(file))
  const scenario = at("scenarios", "tradeoff.yaml")
  fs.mkdirSync(at("surveys"))
  fs.writeFileSync(at("surveys", "map.yaml"), stringify(MAP))
  // The survey saw today's service (another seed than the suite's): the scenario fits it.
  fs.writeFileSync(at("surveys", "today.csv"), await surveyText(scenario, { seed: 11, n: 800 }))
  // The survey saw slower, colder food than the scenario gives: it has drifted.
  fs.writeFileSync(at("surveys", "drifted.csv"), await surveyText(scenario, { variant: "worse", seed: 11, n: 800 }))
  // Only 12 gourmets answered; and a survey of the hurried only.
  fs.writeFileSync(at("surveys", "few.csv"), await surveyText(scenario, { seed: 11, n: 800, keep: (p, i) => p === "hurried" || i < 12 }))
  fs.writeFileSync(at("surveys", "hurried.csv"), await surveyText(scenario, { seed: 11, n: 800, keep: (p) => p === "hurried" }))
})

describe("fit gates", () => {
  it("pass for a scenario that fits its survey, overall and per segment, with the figures in the check", async () => {
    const r = await run(suite([fitGate("today.csv", { name: "fits today" }), fitGate("today.csv", { segment: "each", max: 2 }), { metric: "nps", maxDrop: 30 }]))
    const checks = fits(r)
    expect(checks.map((c) => [c.variant, c.segment, c.rule, c.verdict])).toEqual([
      ["baseline", "overall", "notPoor", "passed"],
      ["baseline", "hurried", "max", "passed"],
      ["baseline", "gourmet", "max", "passed"]
    ])
    for (const c of checks) {
      const f = c.fit!
      expect(f.survey).toBe(path.join(dir, "surveys", "today.csv"))
      expect(f.fidelity).toBe("good")
      expect(f.distance!).toBeGreaterThan(0)
      expect(f.noiseCeiling!).toBeGreaterThan(0)
      // value, distance and ceiling are each rounded to 6 decimals: their ratio agrees to 4.
      expect(c.value).toBeCloseTo(f.distance! / f.noiseCeiling!, 4)
      expect([c.lower, c.upper, c.unit, c.measured]).toEqual([null, null, "× ceiling", "fit"])
    }
    expect(checks[0]!.fit!.respondents).toBe(800)
    expect(checks[1]!.fit!.respondents + checks[2]!.fit!.respondents).toBe(800)
    expect(checks[1]!.threshold).toBe(2)
    expect(r.exitCode).toBe(0)
  })

  it("breach for a scenario whose survey was made from other values: exit 1, and every format shows distance and ceiling", async () => {
    const r = await run(suite([fitGate("drifted.csv", { segment: "each" }), fitGate("drifted.csv", { max: 1.5 })]))
    const checks = fits(r)
    expect(checks.map((c) => [c.segment, c.verdict, c.fit!.fidelity])).toEqual([
      ["hurried", "breached", "poor"],
      ["gourmet", "breached", "poor"],
      ["overall", "breached", "poor"]
    ])
    expect(r.exitCode).toBe(1)
    const c = checks[2]!
    const d = c.fit!.distance!.toFixed(3)
    const ceiling = c.fit!.noiseCeiling!.toFixed(3)
    const text = renderBenchText(r)
    expect(text).toContain(`distance ${d}, ceiling ${ceiling}`)
    expect(text).toMatch(/\n  baseline\n/)
    expect(text).toContain(`the distance is ${c.value!.toFixed(2)} × the noise ceiling`)
    expect(text).toContain("the fit is poor")
    // Where to look first: the survey column that fits worst, in every breach's words.
    for (const k of checks) {
      const w = k.fit!.worst!
      expect(w.distance).toBeGreaterThan(0)
      const words = `worst: ${w.column} (distance ${w.distance.toFixed(3)}, ceiling ${w.noiseCeiling.toFixed(3)})`
      expect(text.replace(/\s+/g, " ")).toContain(words)
      expect(renderBenchJunit(r)).toContain(words)
    }
    expect(renderBenchMarkdown(r)).toContain(`| baseline | All customers | the fit to drifted.csv must stay within 1.5 × the noise ceiling | fit distance ${d}, ceiling ${ceiling}`)
    const xml = renderBenchJunit(r)
    expect(xml).toContain(`<property name="distance" value="${c.fit!.distance}"/>`)
    expect(xml).toContain(`<property name="noiseCeiling" value="${c.fit!.noiseCeiling}"/>`)
    expect(xml).toMatch(/<failure type="breached" message="breached: the fit to drifted.csv must not be poor: distance /)
    const json = JSON.parse(renderBenchJson(r)) as { schemaVersion: number; suites: Array<{ checks: Array<{ fit?: { distance: number; noiseCeiling: number } }> }> }
    expect(json.schemaVersion).toBe(3)
    expect(json.suites[0]!.checks[2]!.fit).toMatchObject({ distance: c.fit!.distance, noiseCeiling: c.fit!.noiseCeiling })
    const html = renderBenchHtml(r)
    expect(html).toContain(`data-key="suites.0.checks.2.fit.distance" data-value="${c.fit!.distance}"`)
    expect(html).toContain(`data-key="suites.0.checks.2.fit.noiseCeiling" data-value="${c.fit!.noiseCeiling}"`)
    // Every number of the page is the JSON's at its key.
    const keys = [...html.matchAll(/data-key="(suites\.[^"]+)" data-value="([^"]+)"/g)]
    expect(keys.length).toBeGreaterThan(10)
    for (const [, key, value] of keys) {
      const v = key!.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json)
      expect(v, key).toBe(JSON.parse(value!))
    }
  })

  it("too few respondents are inconclusive, none are no data — with the reason; neither fails without --strict", async () => {
    const few = await run(suite([fitGate("few.csv", { segment: "each" })]))
    expect(fits(few).map((c) => [c.segment, c.verdict, c.fit!.reason])).toEqual([
      ["hurried", "passed", null],
      ["gourmet", "inconclusive", "only 12 respondents in the survey: too few to judge the fit (30 or more)"]
    ])
    expect(few.exitCode).toBe(0)
    const none = await run(suite([fitGate("hurried.csv", { segment: "gourmet" })]))
    expect(fits(none).map((c) => [c.verdict, c.value, c.fit!.distance, c.fit!.reason])).toEqual([["no data", null, null, "the survey has no respondents in this segment: nothing to judge"]])
    expect(renderBenchText(none)).toContain("— (no respondents)")
    expect(renderBenchMarkdown(none)).toContain("| no data: the survey has no respondents in this segment: nothing to judge |")
    expect((await bench([at("bench", "suite.yaml")], { workers: 1, strict: true })).result.exitCode).toBe(1)
  })

  it("give the same bytes for 1 and 2 workers", async () => {
    const file = suite([fitGate("drifted.csv", { segment: "each", max: 3 }), fitGate("today.csv")])
    const [one, two] = [await run(file, 1), await run(file, 2)]
    expect(renderBenchJson(two)).toBe(renderBenchJson(one))
  })

  it("move the progress on past the comparison: one step per survey, ending at the total", async () => {
    const file = suite([fitGate("drifted.csv"), fitGate("today.csv", { segment: "each" })], "progress")
    const seen: Array<{ done: number; total: number }> = []
    await bench([file], { workers: 1, onProgress: (p) => seen.push({ done: p.done, total: p.total }) })
    const last = seen.at(-1)
    // Two surveys of the suite's 2,000 customers each, after the comparison's customers.
    const total = last?.total ?? 0
    expect(seen.every((p) => p.total === total)).toBe(true)
    expect(last?.done).toBe(total)
    expect(seen.slice(-3).map((p) => total - p.done)).toEqual([4000, 2000, 0])
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b))
  })

  it("stored results: a new survey moves the fit checks without a warning of drift", async () => {
    const file = suite([fitGate("latest.csv")], "stored")
    fs.copyFileSync(at("surveys", "today.csv"), at("surveys", "latest.csv"))
    const before = await run(file)
    const stored = updateStored(null, before.suites)
    const same = compareWithStored("b.json", stored, before.suites).suites[0]!
    expect([same.surveyChanged, same.drift, same.checks.map((c) => c.change)]).toEqual([false, false, ["same"]])
    fs.copyFileSync(at("surveys", "drifted.csv"), at("surveys", "latest.csv"))
    const after = await run(file)
    const x = compareWithStored("b.json", stored, after.suites).suites[0]!
    expect([x.surveyChanged, x.drift, x.checks.map((c) => c.change)]).toEqual([true, false, ["worse"]])
  })
})

/** The problems of a suite as the CLI prints them, with the fixture folder as <dir>. */
const problems = async (file: string): Promise<string> => {
  const exit = await Effect.runPromiseExit(loadSuite(file))
  if (Exit.isSuccess(exit)) return "loaded"
  const e = Option.getOrThrow(Cause.failureOption(exit.cause))
  const issues = e._tag === "InvalidInput" ? e.issues.map(formatIssue) : [`${e.file}: ${e.message}`]
  return issues.join("\n").split(dir).join("<dir>")
}

describe("fit gates: located errors", () => {
  it("a fit gate without survey or map, survey on another gate, rules that make no sense for fit, variants", async () => {
    const file = suite([
      { metric: "fit", map: "../surveys/map.yaml" },
      { metric: "fit", survey: "../surveys/today.csv", maxDrop: 1 },
      { metric: "nps", maxDrop: 2, survey: "../surveys/today.csv" },
      fitGate("today.csv", { min: 1, variants: ["warmer"] }),
      fitGate("today.csv", { max: 0 })
    ])
    expect(await problems(file)).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:8:5: gates[0].metric: a fit gate needs survey: the survey file to compare the baseline with
          hint: survey: ../surveys/latest.csv (relative to this suite file)
      <dir>/bench/suite.yaml:12:5: gates[1].maxDrop: maxDrop makes no sense for a fit gate: it judges how far the baseline's answers lie from a survey's, not a change or a level
          hint: max: 1.5 (the distance at most 1.5 × the noise ceiling), or no rule (the fit must not be poor)
      <dir>/bench/suite.yaml:10:5: gates[1].metric: a fit gate needs map: the mapping file of its survey
          hint: map: ../surveys/latest.map.yaml (relative to this suite file; see docs/calibrate.md)
      <dir>/bench/suite.yaml:15:5: gates[2].survey: survey: is for fit gates only, not nps
          hint: metric: fit
      <dir>/bench/suite.yaml:19:5: gates[3].min: min makes no sense for a fit gate: it judges how far the baseline's answers lie from a survey's, not a change or a level
          hint: max: 1.5 (the distance at most 1.5 × the noise ceiling), or no rule (the fit must not be poor)
      <dir>/bench/suite.yaml:20:5: gates[3].variants: a fit gate judges the scenario's baseline, the service the survey saw, not variants
          hint: leave variants: out of this gate
      <dir>/bench/suite.yaml:25:5: gates[4].max: max of a fit gate is a multiple of the noise ceiling, above 0; got 0
          hint: max: 1.5 (the distance at most 1.5 × the noise ceiling), or no rule (the fit must not be poor)"
    `)
  })

  it("a survey or mapping that cannot be read, a mapping that does not fit the scenario", async () => {
    fs.writeFileSync(at("surveys", "other.map.yaml"), stringify({ ...MAP, segment: { ...MAP.segment, personas: [{ when: { segment: "gourmet" }, persona: "gourmand" }] } }))
    expect(await problems(suite([fitGate("missing.csv")]))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:9:5: gates[0].survey: cannot read the survey file <dir>/surveys/missing.csv: no such file
          hint: the path is relative to the suite file"
    `)
    expect(await problems(suite([{ metric: "fit", survey: "../surveys/today.csv", map: "../surveys/nope.yaml" }]))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:10:5: gates[0].map: cannot read the mapping file <dir>/surveys/nope.yaml: no such file
          hint: the path is relative to the suite file"
    `)
    expect(await problems(suite([{ metric: "fit", survey: "../surveys/today.csv", map: "../surveys/other.map.yaml" }]))).toMatchInlineSnapshot(`
      "<dir>/surveys/other.map.yaml:7:7: segment.personas[0].persona: the scenario "tradeoff" has no persona "gourmand"
          hint: expected one of: hurried, gourmet"
    `)
  })
})
