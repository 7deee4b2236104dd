/**
 * cxsim compare as a user meets it: help, messages and exit codes pinned; the same command twice
 * gives the same bytes, once in a subprocess of the built package and once in process
 * (test/support/cli.ts: the same main).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { root, runCli, spawnCli } from "../support/cli.js"
import { removeFixtures, writeFixture } from "../support/fixture.js"
import { tradeoff, tradeoffPersonas } from "../support/tradeoff.js"

afterAll(removeFixtures)

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-compare-"))

describe("cxsim compare --help", () => {
  it("prints its help within 80 columns; the main help lists compare and bench", async () => {
    const r = spawnCli(["compare", "--help"])
    expect(r.code).toBe(0)
    for (const line of r.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect(r.out).toMatchInlineSnapshot(`
      "Usage: cxsim compare SCENARIO [options]

      Run the baseline and its variants on the same synthetic customers and compare
      them customer by customer: per segment and overall, the change in CSAT, NPS,
      effort (CES), completion, churn and revenue with paired 95% intervals, who
      gains and who loses, and the touchpoints that explain it.

      Options:
        --variants A,B      the variants to compare (default: all of them)
        --all               every variant of the scenario (the default)
        --customers N       customers in every arm (default: the scenario's)
        --seed S            seed of the random streams (default: the scenario's)
        --precision X       customers needed for an NPS interval of ±X points
        --format FORMAT     table | json | csv | md | html (default: table); html is
                            one self-contained page with charts (docs/report.md)
        --out FILE          write the comparison to FILE (atomically)
        --force             let --out replace a file cxsim did not write
        --strict            warnings (slips that validate) are errors: exit 3
        --workers N         threads to use (default: one per core; 1 runs in process)
        -q, --quiet         no progress bar
        -h, --help          show this help

      Without --precision, the report gives the smallest change the run can detect
      (80% power, two-sided 5%). The same command always gives the same output.

      Examples:
        cxsim compare scenarios/restaurant.yaml
        cxsim compare scenarios/support.yaml --variants no-bot,callback --format md
        cxsim compare scenarios/insurance-claim.yaml --precision 0.5
        cxsim compare scenarios/restaurant.yaml --format html --out compare.html
      "
    `)
    const main = (await runCli(["--help"])).out
    expect(main).toContain("  compare SCENARIO    compare variants with the baseline on the same customers\n")
    expect(main).toContain("  bench PATH...       judge variants against gates (CI); exit 1 on a breach\n")
    expect(main).toContain("Exit codes: 0 success, 1 a bench gate breached or a validity effect failed,\n")
  })
})

describe("cxsim compare: usage errors exit 2, invalid input 3, with one clear message", () => {
  it.each([
    [["compare"]],
    [["compare", "scenarios/restaurant.yaml", "--variants", "hot-pass", "--all"]],
    [["compare", "scenarios/restaurant.yaml", "--precision", "-1"]],
    [["compare", "scenarios/restaurant.yaml", "--precision", "0"]],
    [["compare", "scenarios/restaurant.yaml", "--precision", "tight"]],
    [["compare", "scenarios/restaurant.yaml", "--format", "xml"]],
    [["compare", "scenarios/restaurant.yaml", "--variants", ","]],
    [["compare", "scenarios/restaurant.yaml", "--variant", "hot-pass"]]
  ])("cxsim %j", async (args) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    expect(r.out).toBe("")
    expect(r.err).not.toMatch(/\n\s+at /)
    expect(r.err).toMatchSnapshot()
  })

  it("a scenario without variants, and an unknown variant", async () => {
    const { variants: _v, ...plain } = tradeoff
    const file = writeFixture(plain, tradeoffPersonas, "plain")
    const r = await runCli(["compare", file])
    expect(r.code).toBe(2)
    expect(r.err.split(path.dirname(file)).join("<dir>")).toMatchInlineSnapshot(`
      "cxsim compare: <dir>/plain.yaml declares no variants; there is nothing to compare the baseline with
          hint: add a variants: section (docs/format.md, Variants), or use cxsim run
      "
    `)
    const u = await runCli(["compare", "scenarios/restaurant.yaml", "--variants", "faster-kitchen,hotpass"])
    expect(u.code).toBe(3)
    expect(u.err).toMatchInlineSnapshot(`
      "scenarios/restaurant.yaml: variants: there is no variant "hotpass"
          hint: did you mean "hot-pass"?
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
  })
})

describe("cxsim compare", () => {
  it("the same command twice gives the same bytes, in every format", async () => {
    // Every format renders the same comparison; JSON and the table cover the renderers' inputs.
    for (const format of ["table", "json"]) {
      const args = ["compare", "scenarios/insurance-claim.yaml", "--customers", "2000", "--format", format, "--precision", "1"]
      const a = spawnCli(args)
      const b = await runCli(args)
      expect(a.code, format).toBe(0)
      expect(a.err).toBe("")
      expect(a.out.length).toBeGreaterThan(500)
      expect(a.out).toBe(b.out)
    }
  })

  it("--workers chooses the threads; the comparison is the same bytes for any number of them", async () => {
    const args = ["compare", "scenarios/insurance-claim.yaml", "--customers", "3000", "--format", "json"]
    const outs = [1, 2].map((w) => spawnCli([...args, "--workers", String(w)]))
    for (const r of outs) expect(r.code, r.err).toBe(0)
    expect(outs[1]!.out).toBe(outs[0]!.out)
    // Like cxsim run's: a whole number, at least 1.
    const bad = await runCli([...args, "--workers", "0"])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("cxsim compare: --workers must be a whole number from 1 to 256")
  })

  it("its baseline is the report cxsim run gives, byte for byte", async () => {
    const c = await runCli(["compare", "scenarios/support.yaml", "--variants", "callback", "--customers", "3000", "--seed", "5", "--format", "json"])
    const r = await runCli(["run", "scenarios/support.yaml", "--customers", "3000", "--seed", "5", "--format", "json"])
    expect(c.code).toBe(0)
    const parsed = JSON.parse(c.out) as { baseline: unknown; variants: Array<{ variant: string }>; seed: number; population: number }
    expect(`${JSON.stringify(parsed.baseline, null, 2)}\n`).toBe(r.out)
    expect(parsed.variants.map((v) => v.variant)).toEqual(["callback"])
    expect([parsed.seed, parsed.population]).toEqual([5, 3000])
  })

  it("the table fits 80 columns and says who wins and who loses", async () => {
    const file = writeFixture(tradeoff, tradeoffPersonas, "tradeoff")
    const r = await runCli(["compare", file, "--variants", "slow-hot", "--customers", "2000"])
    expect(r.code).toBe(0)
    for (const line of r.out.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80)
    expect(r.out).toMatch(/Who wins, who loses\n {2}Hurried +worse +.*\n {2}Gourmet +better /)
  })

  it("writes --out atomically, replaces its own outputs, refuses other files and inputs", async () => {
    const dir = tmp()
    const args = ["compare", "scenarios/restaurant.yaml", "--variants", "app-first", "--customers", "1500"]
    // Its own output, in one format, may be replaced by another (its checksum mark matches)...
    const out = path.join(dir, "c.txt")
    for (const format of ["md", "table", "csv"]) expect((await runCli([...args, "--format", format, "--out", out])).code).toBe(0)
    expect(fs.readFileSync(out, "utf8").startsWith("scenario,variant,")).toBe(true)
    // ...but a CSV file has no room for a mark: replacing it takes --force.
    expect((await runCli([...args, "--format", "md", "--out", out])).code).toBe(2)
    expect((await runCli([...args, "--format", "md", "--out", out, "--force"])).code).toBe(0)
    const notes = path.join(dir, "notes.md")
    fs.writeFileSync(notes, "# my notes\n")
    const r = await runCli([...args, "--format", "md", "--out", notes])
    expect(r.code).toBe(2)
    expect(r.err.split(dir).join("<dir>")).toMatchInlineSnapshot(`
      "<dir>/notes.md exists and was not written by cxsim; not overwriting it
          hint: choose another file, or add --force to replace it
      "
    `)
    expect(fs.readFileSync(notes, "utf8")).toBe("# my notes\n")
    expect((await runCli([...args, "--out", "scenarios/restaurant.yaml", "--force"])).code).toBe(2)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(".cxsim-tmp"))).toEqual([])
  })
})
