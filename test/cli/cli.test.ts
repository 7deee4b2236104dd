/**
 * The command line as a user meets it: its help, messages and exit codes pinned. The help and
 * version run as a subprocess of the built package (the executable's wiring); the commands run
 * in process (test/support/cli.ts: the same main, without a process's start-up each time).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { root, runCli, spawnCli } from "../support/cli.js"

const cxsim = (args: string[], cwd = root) => runCli(args, { cwd })

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-cli-"))

describe("cxsim --help and --version", () => {
  it("prints the main help", () => {
    const r = spawnCli(["--help"])
    expect(r.code).toBe(0)
    expect(r.out).toMatchInlineSnapshot(`
      "cxsim 0.3.0 — simulate customers of different personas through a journey

      Usage: cxsim <command> [options]

      Commands:
        run SCENARIO        simulate a scenario (or one of its variants) and report
        compare SCENARIO    compare variants with the baseline on the same customers
        bench PATH...       judge variants against gates (CI); exit 1 on a breach
        validity            check the model against the literature's effects
        merge PART...       merge the partial results of run --shard into one report
        sweep SCEN DESIGN   run a design's points to a file, resumably (CSV, NDJSON)
        sensitivity S D     which parameters matter for whom: oat, morris, sobol
        calibrate SCENARIO  fit personas to a survey; check the fit out of sample
        validate FILE...    check scenario, persona and suite files: line and field
        init DIR            write a starter scenario and personas that run
        tui [SCENARIO]      change a journey live, see who gains; keep it as a variant

      Options:
        -h, --help          show help (also: cxsim <command> --help)
        -v, --version       show the version

      Exit codes: 0 success, 1 a bench gate breached or a validity effect failed,
      2 usage error, 3 invalid input, 4 runtime failure.
      Docs: README.md, docs/format.md (file formats), docs/model.md (the model).
      "
    `)
  })

  it("prints every command's help, within 80 columns", async () => {
    for (const c of ["run", "validate", "init"]) {
      const r = await cxsim([c, "--help"])
      expect(r.code).toBe(0)
      expect(r.out).toContain(`Usage: cxsim ${c}`)
      for (const line of r.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    }
    expect((await cxsim(["run", "--help"])).out).toMatchInlineSnapshot(`
      "Usage: cxsim run SCENARIO [options]

      Simulate synthetic customers through the scenario's journey and report CSAT,
      NPS, effort (CES), completion, churn and revenue per segment.

      Options:
        --variant NAME      apply a variant declared in the scenario
        --customers N       number of customers (default: the scenario's population)
        --seed S            seed of the random streams (default: the scenario's seed)
        --format FORMAT     table | json | csv | md | html (default: table); html is
                            one self-contained page with charts (docs/report.md)
        --out FILE          write the report to FILE (atomically) instead of stdout
        --force             let --out and --records replace a file cxsim did not write
        --workers N         threads to use (default: one per core; 1 runs in process)
        --shard I/N         run the I-th of N slices and write a partial result for
                            cxsim merge (JSON, to --out or stdout)
        --records FILE      also write per-customer records to FILE as the run goes:
                            .csv (metadata in FILE.meta.json), .ndjson or .parquet
        --records-level L   customer: a row per customer (default); visit: a row
                            per touchpoint visit; period: a row per period
        --strict            warnings (slips that validate) are errors: exit 3
        -q, --quiet         no progress bar
        -h, --help          show this help

      The same scenario, variant, seed and population always give the same report,
      whatever the number of workers or shards.

      Examples:
        cxsim run scenarios/restaurant.yaml
        cxsim run scenarios/restaurant.yaml --variant faster-kitchen --format md
        cxsim run scenarios/restaurant.yaml --format html --out restaurant.html
        cxsim run scenarios/support.yaml --customers 100000 --format json --out r.json
        cxsim run scenarios/support.yaml --customers 1e7 --shard 2/4 --out part-2.json
        cxsim run scenarios/support.yaml --records customers.parquet
      "
    `)
  })

  it("prints the version of package.json", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }
    expect(spawnCli(["--version"]).out).toBe(`${pkg.version}\n`)
  })

  it("without a command, shows the help and exits 2", () => {
    const r = spawnCli([])
    expect(r.code).toBe(2)
    expect(r.out).toContain("Usage: cxsim <command>")
  })
})

describe("usage errors exit 2 with one clear message", () => {
  it.each([
    [["frobnicate"]],
    [["run"]],
    [["run", "scenarios/restaurant.yaml", "--formt", "json"]],
    [["run", "scenarios/restaurant.yaml", "--format", "xml"]],
    [["run", "scenarios/restaurant.yaml", "--customers", "many"]],
    [["run", "scenarios/restaurant.yaml", "--seed"]],
    [["validate"]]
  ])("cxsim %j", async (args) => {
    const r = await cxsim(args)
    expect(r.code).toBe(2)
    expect(r.out).toBe("")
    expect(r.err).not.toMatch(/\n\s+at /)
    expect(r.err).toMatchSnapshot()
  })
})

describe("invalid input exits 3, names file, line and field, and writes nothing", () => {
  it("a scenario with an error", async () => {
    const dir = tmp()
    fs.mkdirSync(path.join(dir, "scenarios"))
    fs.mkdirSync(path.join(dir, "personas"))
    for (const p of ["busy-professional", "family", "bargain-hunter"]) fs.copyFileSync(path.join(root, "personas", `${p}.yaml`), path.join(dir, "personas", `${p}.yaml`))
    const text = fs.readFileSync(path.join(root, "scenarios", "restaurant.yaml"), "utf8").replace("next: { pay: 0.85, order-more: 0.15 }", "next: { pay: 0.85, order-mor: 0.1 }")
    fs.writeFileSync(path.join(dir, "scenarios", "restaurant.yaml"), text)
    const out = path.join(dir, "report.json")
    const r = await cxsim(["run", "scenarios/restaurant.yaml", "--format", "json", "--out", out], dir)
    expect(r.code).toBe(3)
    expect(r.err).toMatchInlineSnapshot(`
      "scenarios/restaurant.yaml:114:26: journey.touchpoints.meal.next.order-mor: there is no touchpoint or outcome "order-mor"
          hint: did you mean "order-more"?
      scenarios/restaurant.yaml:114:7: journey.touchpoints.meal.next: next-step weights add up to 0.95, not 1
          hint: weights are the probabilities of each next step
      cxsim: 2 problems in the input; nothing was simulated
      "
    `)
    expect(fs.existsSync(out)).toBe(false)
    const v = await cxsim(["validate", "scenarios/restaurant.yaml", "personas/family.yaml"], dir)
    expect(v.code).toBe(3)
    expect(v.out).toBe("ok  personas/family.yaml (persona)\n")
  })

  it("a missing file", async () => {
    const r = await cxsim(["run", "scenarios/nope.yaml"])
    expect(r.code).toBe(3)
    expect(r.err).toBe("scenarios/nope.yaml: no such file\n")
  })

  it("a missing file with a near name in its folder: the hint names it, as the path was written", async () => {
    const r = await cxsim(["run", "scenarios/restaurant.yml"])
    expect(r.code).toBe(3)
    expect(r.err).toBe("scenarios/restaurant.yml: no such file\n    hint: did you mean scenarios/restaurant.yaml?\n")
    const v = await cxsim(["validate", "scenarios/resturant.yaml"])
    expect(v.code).toBe(3)
    expect(v.err).toBe("scenarios/resturant.yaml: no such file\n    hint: did you mean scenarios/restaurant.yaml?\n1 of 1 file invalid\n")
  })
})

describe("cxsim run", () => {
  it("gives the same JSON report twice, byte for byte", async () => {
    const a = await cxsim(["run", "scenarios/support.yaml", "--customers", "3000", "--format", "json"])
    const b = await cxsim(["run", "scenarios/support.yaml", "--customers", "3000", "--format", "json"])
    expect(a.code).toBe(0)
    expect(a.out).toBe(b.out)
    const report = JSON.parse(a.out) as { schemaVersion: number; population: number; scenario: { hash: string } }
    expect(report.schemaVersion).toBe(2)
    expect(report.population).toBe(3000)
    expect(report.scenario.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it("prints nothing but the report when piped: no progress bar, no colour", async () => {
    const r = await cxsim(["run", "scenarios/restaurant.yaml", "--customers", "2000"])
    expect(r.code).toBe(0)
    expect(r.err).toBe("")
    expect(r.out).not.toMatch(/\x1b\[/)
    for (const line of r.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
  })

  it("writes --out atomically, refuses to overwrite inputs and files it did not write", async () => {
    const dir = tmp()
    const out = path.join(dir, "r.csv")
    expect((await cxsim(["run", "scenarios/restaurant.yaml", "--customers", "2000", "--format", "md", "--out", out])).code).toBe(0)
    // Its own output may be replaced (its checksum mark matches its content).
    expect((await cxsim(["run", "scenarios/restaurant.yaml", "--customers", "2000", "--format", "csv", "--out", out])).code).toBe(0)
    expect(fs.readFileSync(out, "utf8")).toMatch(/^scenario,variant,seed,/)
    const notes = path.join(dir, "notes.txt")
    fs.writeFileSync(notes, "my notes")
    const r = await cxsim(["run", "scenarios/restaurant.yaml", "--customers", "2000", "--out", notes])
    expect(r.code).toBe(2)
    expect(r.err.split(dir).join("<dir>")).toMatchInlineSnapshot(`
      "<dir>/notes.txt exists and was not written by cxsim; not overwriting it
          hint: choose another file, or add --force to replace it
      "
    `)
    expect(fs.readFileSync(notes, "utf8")).toBe("my notes")
    expect((await cxsim(["run", "scenarios/restaurant.yaml", "--customers", "2000", "--out", notes, "--force"])).code).toBe(0)
    const input = await cxsim(["run", "scenarios/restaurant.yaml", "--out", "personas/family.yaml", "--force"])
    expect(input.code).toBe(2)
    expect(input.err).toMatchInlineSnapshot(`
      "--out personas/family.yaml is one of the input files; cxsim never overwrites its inputs
          hint: choose another output file
      "
    `)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(".cxsim-tmp"))).toEqual([])
  })

  it("runs a variant and every format", async () => {
    for (const format of ["table", "json", "csv", "md", "html"]) {
      const r = await cxsim(["run", "scenarios/insurance-claim.yaml", "--variant", "photo-first", "--customers", "2000", "--format", format])
      expect(r.code).toBe(0)
      expect(r.out.length).toBeGreaterThan(200)
      if (format === "html") expect(r.out.startsWith("<!DOCTYPE html>\n<!-- cxsim report -->")).toBe(true)
    }
  })
})

describe("cxsim init", () => {
  it("writes a starter project that validates and runs, and never overwrites", async () => {
    const dir = tmp()
    const r = await cxsim(["init", "proj"], dir)
    expect(r.code).toBe(0)
    expect((await cxsim(["validate", "proj/scenarios/starter.yaml", "proj/personas/first-timer.yaml", "proj/personas/regular.yaml"], dir)).code).toBe(0)
    const run = await cxsim(["run", "proj/scenarios/starter.yaml", "--variant", "next-day", "--customers", "2000"], dir)
    expect(run.code).toBe(0)
    expect(run.out).toContain("First-time buyer")
    // As a user runs it, in a process of its own.
    const again = spawnCli(["init", "proj"], dir)
    expect(again.code).toBe(2)
    expect(again.err).toContain("already exist")
  })
})
