/**
 * Rerunning the suite with a user's persona: its behavioural parameters replace the defaults,
 * the suite's design fields stay; the runner's plan, its "not measurable" results, and the
 * command line (`cxsim validity`): help, usage errors, bad persona files, outputs, exit codes.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { loadScenario } from "../../src/load/loadScenario.js"
import type { BehaviouralEffect } from "../../src/validity/BehaviouralEffect.js"
import { effects } from "../../src/validity/effects.js"
import { NotMeasurable } from "../../src/validity/Measured.js"
import { plan, SUITE_FOLDER, validityEffect } from "../../src/validity/runValidity.js"
import type { ValidityReport } from "../../src/validity/ValidityReport.js"
import { main } from "../../src/cli/main.js"
import { runCli } from "../support/cli.js"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-validity-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (name: string, text: string): string => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, text)
  return file
}

const calibrated = write(
  "calibrated.yaml",
  ["label: Calibrated", "expectations:", "  other-dimension: { adequate: 1, desired: 2 }", "lossAversion: 1.2", "noise: 0.3", "loyalty: { retention: 0.5, switchingCost: 2 }", "memory: { peak: 0.5 }", ""].join("\n")
)

const load = (file: string, variant?: string) =>
  Effect.runPromise(loadScenario(path.join(SUITE_FOLDER, file), { variant, behaviour: { lossAversion: 1.2, noise: 0.3, loyalty: { retention: 0.5, switchingCost: 2 }, memory: { peak: 0.5 } } }))

describe("a user's behavioural parameters", () => {
  it("replace the defaults of the suite's personas", async () => {
    const s = await load("disconfirmation.yaml")
    const b = s.personas[0]!.behaviour
    expect(b.lossAversion).toBe(1.2)
    expect(b.noise).toBe(0.3)
    expect(b.loyalty.retention).toBe(0.5)
    expect(b.memory).toEqual({ peak: 0.5, end: 0.25, average: 0.5 })
    const plain = await Effect.runPromise(loadScenario(path.join(SUITE_FOLDER, "disconfirmation.yaml")))
    expect(plain.personas[0]!.behaviour.lossAversion).toBe(2.25)
    expect(s.hash).not.toBe(plain.hash)
  })

  it("leave what a suite scenario or persona sets for its design", async () => {
    expect((await load("loyalty.yaml")).personas[0]!.behaviour.loyalty).toMatchObject({ switchingCost: 0, retention: 0.5 })
    expect((await load("loyalty.yaml", "hostages")).personas[0]!.behaviour.loyalty.switchingCost).toBe(3)
    const segments = await load("segment-loyalty.yaml")
    expect(segments.personas.map((p) => [p.id, p.behaviour.loyalty.retention, p.behaviour.loyalty.switchingCost])).toEqual([
      ["loyal", 0.9, 2],
      ["fickle", 0.7, 2]
    ])
    expect((await load("adaptation.yaml")).personas[0]!.behaviour.loyalty.retention).toBe(0.99)
    expect((await load("value-function.yaml")).personas.map((p) => p.kano["quality"])).toEqual(["one-dimensional", "must-be", "attractive"])
  })
})

describe("the runner", () => {
  it("runs each arm's comparison once", () => {
    const groups = plan(effects)
    const keys = groups.map((g) => `${g.scenario}:${g.from}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const e of effects) {
      for (const [from, to] of e.pairs) expect(groups.some((g) => g.scenario === e.scenario && g.from === from && g.to.includes(to))).toBe(true)
      for (const arm of e.reports ?? []) expect(groups.some((g) => g.scenario === e.scenario && (g.from === arm || g.to.includes(arm)))).toBe(true)
    }
    const value = groups.filter((g) => g.scenario === "value-function.yaml")
    expect(value.map((g) => [g.from, g.to])).toEqual([
      [null, ["short"]],
      ["desired", ["beyond"]]
    ])
  })

  it("reports an effect it cannot measure as such, never as a pass", async () => {
    const broken = write("broken.yaml", "name: broken\ndimensions: {}\n")
    const probe = (id: string, scenario: string, measure: BehaviouralEffect["checks"][number]["measure"]): BehaviouralEffect => ({
      id,
      name: id,
      source: "test",
      literature: "test",
      scenario,
      pairs: [],
      reports: [null],
      checks: [{ quantity: "q", measure, accept: { kind: "range", max: 1 } }],
      tolerance: "test",
      design: "test"
    })
    const r = await Effect.runPromise(
      validityEffect({
        customers: 200,
        workers: 1,
        effects: [
          probe("lacks", "disconfirmation.yaml", () => {
            throw new NotMeasurable("the report lacks a field")
          }),
          probe("broken", broken, () => ({ estimate: 0, lower: 0, upper: 0 })),
          probe("fine", "disconfirmation.yaml", (a) => ({ estimate: a.report(null).overall.n / 200, lower: null, upper: null }))
        ]
      })
    )
    expect(r.effects.map((e) => [e.id, e.status])).toEqual([
      ["lacks", "not measurable"],
      ["broken", "not measurable"],
      ["fine", "pass"]
    ])
    expect(r.effects[0]!.reason).toBe("not measurable: the report lacks a field")
    expect(r.effects[1]!.reason).toMatch(/^not measurable: the scenario does not load in this engine: .*broken\.yaml/)
    expect(r.effects[0]!.checks[0]).toMatchObject({ estimate: null, pass: null })
    expect(r.summary).toEqual({ passed: 1, failed: 0, notMeasurable: 2 })
  })
})

describe("cxsim validity", () => {
  it("prints its help within 80 columns", async () => {
    const r = await runCli(["validity", "--help"])
    expect(r.code).toBe(0)
    for (const line of r.out.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80)
    expect(r.out).toMatchInlineSnapshot(`
      "Usage: cxsim validity [options]

      Run the validity suite: one small scenario per effect of the customer-
      experience literature (disconfirmation, zone of tolerance, loss aversion, Kano,
      peak-end, duration neglect, effort, recovery, loyalty, adaptation, NPS and CSAT
      scales), each measured by comparing arms on the same customers and judged
      against a tolerance from its source (docs/validity.md).

      Options:
        --persona FILE      run with this persona file's behavioural parameters in
                            place of the defaults (repeat for several personas)
        --customers N       customers per segment and arm (default: 20000)
        --format FORMAT     table | md | json (default: table)
        --out FILE          write the result to FILE (atomically) instead of stdout
        --force             let --out replace a file cxsim did not write
        -q, --quiet         no progress bar
        -h, --help          show this help

      Exit codes: 0 every effect holds, 1 an effect fails or cannot be measured,
      2 usage error, 3 invalid persona file, 4 runtime failure.

      Examples:
        cxsim validity
        cxsim validity --persona personas/calibrated.yaml
        cxsim validity --format md --out docs/validity.md
      "
    `)
  })

  it("refuses a bad format, an argument, too few customers (exit 2)", async () => {
    const bad = await runCli(["validity", "--format", "mdd"])
    expect([bad.code, bad.err]).toEqual([2, 'cxsim validity: unknown format "mdd"\n    hint: did you mean "md"?\n'])
    expect((await runCli(["validity", "personas/x.yaml"])).code).toBe(2)
    expect((await runCli(["validity", "--customers", "5"])).err).toContain("--customers must be a whole number from 100")
  })

  it("refuses a missing or invalid persona file (exit 3), naming file, line and field", async () => {
    const missing = await runCli(["validity", "--persona", path.join(dir, "nope.yaml")])
    expect(missing.code).toBe(3)
    expect(missing.err).toContain("nope.yaml")
    const invalid = write("invalid.yaml", "expectations: {}\nlossAversion: 0.5\n")
    const r = await runCli(["validity", "--persona", invalid])
    expect(r.code).toBe(3)
    expect(r.err).toMatch(/invalid\.yaml:2:\d+: lossAversion: /)
    expect(r.out).toBe("")
  })

  it("with --persona, runs with the persona's parameters; exit 0 only when every effect holds", async () => {
    const out = path.join(dir, "with-persona.json")
    const r = await runCli(["validity", "--persona", calibrated, "--customers", "2000", "--format", "json", "--out", out])
    const withPersona = JSON.parse(fs.readFileSync(out, "utf8")) as ValidityReport
    expect(r.code).toBe(withPersona.summary.passed === withPersona.effects.length ? 0 : 1)
    expect(withPersona.customers).toBe(2000)
    expect(withPersona.persona).toContain("calibrated.yaml")
    const plain = JSON.parse((await runCli(["validity", "--customers", "2000", "--format", "json"])).out) as ValidityReport
    expect(plain.persona).toBeNull()
    // A smaller loss aversion shrinks the asymmetry of losses and gains.
    const ratio = (x: ValidityReport): number => x.effects.find((e) => e.id === "loss-aversion")!.checks[0]!.estimate!
    expect(ratio(withPersona)).toBeLessThan(ratio(plain))
  })

  it("runs once per --persona; JSON is then a list of reports", async () => {
    const r = await runCli(["validity", "--persona", calibrated, "--persona", calibrated, "--customers", "300", "--format", "json"])
    const reports = JSON.parse(r.out) as ReadonlyArray<ValidityReport>
    expect(reports).toHaveLength(2)
    expect(reports[1]).toEqual(reports[0])
    expect(r.code).toBe(reports[0]!.summary.passed === reports[0]!.effects.length ? 0 : 1)
  })

  it("writes Markdown with --out, and only over a file it wrote", async () => {
    const out = path.join(dir, "validity.md")
    fs.writeFileSync(out, "my notes\n")
    const refused = await runCli(["validity", "--customers", "500", "--format", "md", "--out", out])
    expect(refused.code).toBe(2)
    expect(fs.readFileSync(out, "utf8")).toBe("my notes\n")
    const suiteFile = path.join(SUITE_FOLDER, "peak-end.yaml")
    const before = fs.readFileSync(suiteFile, "utf8")
    const clobber = await runCli(["validity", "--customers", "500", "--out", suiteFile, "--force"])
    expect([clobber.code, clobber.err]).toEqual([2, `--out ${suiteFile} is one of the input files; cxsim never overwrites its inputs\n    hint: choose another output file\n`])
    expect(fs.readFileSync(suiteFile, "utf8")).toBe(before)
    fs.rmSync(out)
    const r = await runCli(["validity", "--customers", "500", "--format", "md", "--out", out])
    expect([0, 1]).toContain(r.code)
    expect(r.err).toBe("")
    expect(fs.readFileSync(out, "utf8").startsWith("<!-- cxsim validity -->\n")).toBe(true)
    expect((await runCli(["validity", "--customers", "500", "--format", "md", "--out", out])).code).toBe(r.code)
  })

  it("shows progress on a terminal's stderr, and none when piped", async () => {
    let err = ""
    let out = ""
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), stdoutIsTTY: false, stderrIsTTY: true, env: {}, columns: 80, cwd: process.cwd() }
    const code = await main(["validity", "--customers", "300", "--format", "json"], io)
    expect([0, 1]).toContain(code)
    expect(err).toMatch(/\rvalidity +\[[#-]{24}\] +\d+%/)
    expect(JSON.parse(out).customers).toBe(300)
  })
})
