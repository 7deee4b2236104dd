/**
 * Benchmark suites: a good suite loads; every mistake is reported with its file, line and field,
 * and a "did you mean" where one helps (messages pinned).
 */
import { Cause, Effect, Exit, Option } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { stringify } from "yaml"
import { afterAll, describe, expect, it } from "vitest"
import { formatIssue } from "../../src/load/Issue.js"
import { loadSuite } from "../../src/load/loadSuite.js"
import { removeFixtures, writeFixture } from "../support/fixture.js"
import { tradeoff, tradeoffPersonas } from "../support/tradeoff.js"

afterAll(removeFixtures)

/** Write the trade-off scenario and a suite beside it (bench/<name>.yaml); returns the suite file. */
const writeSuite = (suite: string | Record<string, unknown>): string => {
  const scenario = writeFixture(tradeoff, tradeoffPersonas, "tradeoff")
  const dir = path.join(path.dirname(path.dirname(scenario)), "bench")
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, "suite.yaml")
  fs.writeFileSync(file, typeof suite === "string" ? suite : stringify(suite))
  return file
}

/** The problems of a suite, formatted as the CLI prints them, with the temporary folder as <dir>. */
const problems = async (file: string): Promise<string> => {
  const exit = await Effect.runPromiseExit(loadSuite(file))
  if (Exit.isSuccess(exit)) return "loaded"
  const e = Option.getOrThrow(Cause.failureOption(exit.cause))
  const dir = path.dirname(path.dirname(file))
  const issues = e._tag === "InvalidInput" ? e.issues.map(formatIssue) : [`${e.file}: ${e.message}`]
  return issues.join("\n").split(dir).join("<dir>")
}

const good = {
  name: "tradeoff-suite",
  scenario: "../scenarios/tradeoff.yaml",
  variants: ["slow-hot", "warmer"],
  customers: 2000,
  seed: 5,
  gates: [
    { metric: "nps", maxDrop: 2 },
    { metric: "abandonment", at: "kitchen", max: 10, segment: "each" },
    { name: "gourmets", metric: "csat", segment: "gourmet", variants: ["warmer"], maxDrop: 0 }
  ]
}

describe("loadSuite", () => {
  it("loads a good suite with its scenario, variants and settings", async () => {
    const file = writeSuite(good)
    const s = await Effect.runPromise(loadSuite(file))
    expect(s.name).toBe("tradeoff-suite")
    expect(s.variants.map((v) => v.variant)).toEqual(["slow-hot", "warmer"])
    expect([s.customers, s.seed]).toEqual([2000, 5])
    expect(s.inputs.map((f) => path.basename(f))).toEqual(["suite.yaml", "tradeoff.yaml", "hurried.yaml", "gourmet.yaml"])
  })

  it("names its file alike however the path was typed: relative inside the working directory, else absolute", async () => {
    const file = writeSuite(good)
    const spelt = path.join(path.dirname(file), ".", "..", path.basename(path.dirname(file)), path.basename(file))
    expect((await Effect.runPromise(loadSuite(spelt))).file).toBe(file)
    const inside = ["bench/journeys/support.yaml", "./bench/journeys/support.yaml", path.resolve("bench/journeys/support.yaml")]
    const files = await Promise.all(inside.map((f) => Effect.runPromise(loadSuite(f)).then((x) => x.file)))
    expect(files).toEqual(Array(3).fill("bench/journeys/support.yaml"))
  })

  it("defaults: name from the file, customers and seed from the scenario", async () => {
    const { name: _name, customers: _c, seed: _s, ...rest } = good
    const s = await Effect.runPromise(loadSuite(writeSuite(rest)))
    expect([s.name, s.customers, s.seed]).toEqual(["suite", 4000, 3])
  })

  it("a bad gate gets a located error with a did-you-mean", async () => {
    const text = `scenario: ../scenarios/tradeoff.yaml
variants: [slow-hot]
gates:
  - metric: npss
    maxDrop: 2
  - metric: churn
    maxRise: 1
    max: 5
  - metric: nps
    maxDrp: 2
  - metric: abandonment
    max: 150
  - metric: csat
`
    expect(await problems(writeSuite(text))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:10:5: gates[2].maxDrp: unknown field "maxDrp"
          hint: did you mean "maxDrop"?"
    `)
    const fixed = text.replace("maxDrp", "maxDrop")
    expect(await problems(writeSuite(fixed))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:4:5: gates[0].metric: unknown metric "npss"
          hint: did you mean "nps"?
      <dir>/bench/suite.yaml:8:5: gates[1].max: a gate has one rule; this one has maxRise and max
          hint: write one gate per rule
      <dir>/bench/suite.yaml:11:5: gates[3].metric: an abandonment gate needs at: the touchpoint where customers give up
          hint: at: kitchen
      <dir>/bench/suite.yaml:12:5: gates[3].max: max must be a percentage from 0 to 100, got 150
      <dir>/bench/suite.yaml:13:5: gates[4]: a gate needs a rule: one of maxDrop, maxRise, max, min
          hint: maxDrop: 2 on nps means NPS must not drop by more than 2 points"
    `)
  })

  it("a percentage written with % in a gate gets a hint in the gate's unit, not a fraction", async () => {
    const text = `scenario: ../scenarios/tradeoff.yaml
variants: [slow-hot]
gates:
  - metric: completion
    min: 70%
  - metric: churn
    maxRise: 1.5 %
`
    expect(await problems(writeSuite(text))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:5:5: gates[0].min: expected a number, got "70%"
          hint: write a plain number: 70 (a gate on completion, churn or abandonment is in percent, its change in percentage points: docs/ci.md)
      <dir>/bench/suite.yaml:7:5: gates[1].maxRise: expected a number, got "1.5 %"
          hint: write a plain number: 1.5 (a gate on completion, churn or abandonment is in percent, its change in percentage points: docs/ci.md)"
    `)
  })

  it("a completion level written as a fraction of 1 is refused: it would read as under 1% and never fail", async () => {
    const text = `scenario: ../scenarios/tradeoff.yaml
variants: [slow-hot]
gates:
  - metric: completion
    min: 0.9
  - metric: abandonment
    at: kitchen
    max: 0.5
`
    // The abandonment gate's 0.5% is a real threshold and stays accepted.
    expect(await problems(writeSuite(text))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:5:5: gates[0].min: min 0.9 on completion is 0.9% of customers completing, not 90%: a gate that almost never fails
          hint: gates on completion, churn and abandonment are in percent: min: 90 for 90% (docs/ci.md)"
    `)
  })

  it("names that do not exist in the scenario: variants, segments, touchpoints", async () => {
    const text = `scenario: ../scenarios/tradeoff.yaml
variants: [slow-hot, slowhot]
gates:
  - metric: nps
    segment: gourmets
    maxDrop: 2
  - metric: abandonment
    at: kitchn
    max: 5
  - metric: nps
    variants: [warmer]
    maxDrop: 1
`
    // The segment is checked beside the misspelt variant; the touchpoint, which the unknown
    // variant might add, once every variant is known.
    expect(await problems(writeSuite(text))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:11:16: gates[2].variants[0]: the suite does not judge a variant "warmer"
          hint: expected one of: slow-hot, slowhot
      <dir>/bench/suite.yaml:2:22: variants[1]: the scenario tradeoff has no variant "slowhot"
          hint: did you mean "slow-hot"?
      <dir>/bench/suite.yaml:5:5: gates[0].segment: the scenario tradeoff has no persona "gourmets"
          hint: did you mean "gourmet"?"
    `)
    const fixed = text.replace("slow-hot, slowhot", "slow-hot, warmer")
    expect(await problems(writeSuite(fixed))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:5:5: gates[0].segment: the scenario tradeoff has no persona "gourmets"
          hint: did you mean "gourmet"?
      <dir>/bench/suite.yaml:8:5: gates[1].at: the scenario tradeoff has no touchpoint "kitchn"
          hint: did you mean "kitchen"?"
    `)
  })

  it("a scenario given as the suite is one problem naming its kind", async () => {
    const suite = writeSuite(good)
    const scenario = path.join(path.dirname(path.dirname(suite)), "scenarios", "tradeoff.yaml")
    expect(await problems(scenario)).toMatchInlineSnapshot(`
      "<dir>/scenarios/tradeoff.yaml:1:1: tradeoff.yaml is a scenario (it has journey:), not a bench suite
          hint: give a bench suite file here (one with gates:); check the order of the files"
    `)
  })

  it("a missing scenario, an empty suite, and a scenario error in the scenario's own file", async () => {
    expect(await problems(writeSuite({ scenario: "../scenarios/nope.yaml", variants: [], gates: [] }))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:3:1: gates: a suite needs at least one gate
          hint: gates: [{ metric: nps, maxDrop: 2 }]
      <dir>/bench/suite.yaml:1:1: scenario: cannot read the scenario file <dir>/scenarios/nope.yaml: no such file
          hint: the path is relative to the suite file"
    `)
    expect(await problems(writeSuite({ scenario: "../scenarios/tradeoff.yaml", variants: [], gates: [{ metric: "nps", maxDrop: 1 }], extra: 1 }))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:6:1: extra: unknown field "extra"
          hint: expected one of: name, description, scenario, variants, customers, seed, gates"
    `)
    expect(await problems(writeSuite({ scenario: "../scenarios/tradeoff.yaml", variants: [], gates: [{ metric: "nps", maxDrop: 1 }] }))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:2:1: variants: name at least one variant to judge against the baseline
          hint: variants of tradeoff: same, slow-hot, warmer, worse"
    `)
  })

  it("a problem with a fit gate's whole survey file is shown at the gate's survey: field", async () => {
    const root = path.resolve(import.meta.dirname, "../..")
    const suite = (survey: string) => ({
      scenario: path.join(root, "scenarios/restaurant.yaml"),
      variants: ["faster-kitchen"],
      gates: [{ metric: "fit", segment: "each", survey, map: path.join(root, "scenarios/calibrate/restaurant-survey.map.yaml") }]
    })
    expect(await problems(writeSuite(suite("answers.txt")))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:7:5: gates[0].survey: cannot read the survey file <dir>/bench/answers.txt: no such file
          hint: the path is relative to the suite file"
    `)
    // An absolute path that cannot be read gets no hint about relative paths: the message names the file.
    const absent = path.join(root, "scenarios/calibrate/absent.csv")
    expect((await problems(writeSuite(suite(absent)))).split("\n")).toEqual([`<dir>/bench/suite.yaml:7:5: gates[0].survey: cannot read the survey file ${path.relative(process.cwd(), absent)}: no such file`])
    expect((await problems(writeSuite({ ...suite(absent), scenario: path.join(root, "scenarios/absent.yaml") }))).split("\n")).toEqual([
      `<dir>/bench/suite.yaml:1:1: scenario: cannot read the scenario file ${path.relative(process.cwd(), path.join(root, "scenarios/absent.yaml"))}: no such file`
    ])
    expect(await problems(writeSuite(suite("")))).toMatchInlineSnapshot(`
      "<dir>/bench/suite.yaml:7:5: gates[0].survey: <dir>/bench: cannot tell the survey's format from "no extension"
          hint: name it .csv, .tsv, .ndjson or .jsonl"
    `)
  })

  it("the example suite of docs/ci.md loads, and every bundled suite does", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..")
    const doc = fs.readFileSync(path.join(root, "docs", "ci.md"), "utf8")
    const block = /\n```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(doc)?.[1]
    expect(block, "docs/ci.md has an example suite").toBeDefined()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-doc-suite-"))
    try {
      const file = path.join(dir, "support.yaml")
      fs.writeFileSync(file, block!.replace("../../scenarios/support.yaml", path.join(root, "scenarios", "support.yaml")))
      const s = await Effect.runPromise(loadSuite(file))
      expect(s.suite.gates.length).toBe(4)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    const bundled = fs.readdirSync(path.join(root, "bench", "journeys")).filter((f) => f.endsWith(".yaml"))
    expect(bundled.sort()).toEqual(["insurance-claim.yaml", "restaurant.yaml", "support.yaml"])
    for (const f of bundled) expect(await problems(path.join(root, "bench", "journeys", f))).toBe("loaded")
  })
})
