/**
 * cxsim bench as a CI job meets it: run as a subprocess of the built package; exit codes,
 * outputs (JSON, JUnit, Markdown), stored results, and messages pinned.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { stringify } from "yaml"
import { afterAll, describe, expect, it } from "vitest"
import { mixedSuite, writeSuiteFixture } from "../support/benchFixture.js"
import { runCli, spawnCli } from "../support/cli.js"
import { removeFixtures } from "../support/fixture.js"
import { findAll, parseXml } from "../support/xml.js"
import { unsign } from "../../src/checksum.js"

afterAll(removeFixtures)

/** A fixture suite: the folder holding bench/, scenarios/ and personas/, and the suite file (absolute, and from that folder). */
const project = (suite: string | Record<string, unknown> = mixedSuite): { dir: string; suite: string; rel: string } => {
  const file = writeSuiteFixture(suite)
  const dir = path.dirname(path.dirname(file))
  return { dir, suite: file, rel: path.relative(dir, file) }
}

const read = (dir: string, f: string): string => fs.readFileSync(path.join(dir, f), "utf8")
/** Messages with the fixture's folder written <dir>. */
const clean = (s: string, dir: string): string => s.split(dir).join("<dir>")

describe("cxsim bench --help", () => {
  it("prints its help within 80 columns", () => {
    const r = spawnCli(["bench", "--help"])
    expect(r.code).toBe(0)
    for (const line of r.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect(r.out).toMatchInlineSnapshot(`
      "Usage: cxsim bench PATH... [options]

      Run benchmark suites (suite files, or folders of *.yaml suites): compare each
      suite's variants with its scenario's baseline on the same customers, and judge
      its gates. A gate is breached only when the whole 95% interval lies beyond its
      threshold, inconclusive when the interval straddles it.

      Options:
        --json FILE         write the full result as JSON
        --junit FILE        write JUnit XML: one test case per gate, variant and
                            segment (breached: failure; inconclusive: skipped)
        --markdown FILE     write a summary for a pull-request comment
        --html FILE         write a page with each gate's intervals against its
                            threshold, for people without a terminal
        --baseline FILE     compare with results stored in FILE
        --update-baseline   store this run's results in the --baseline FILE
        --accept-scenario-change
                            store them even where the scenario changed since
        --strict            inconclusive checks, and checks of a segment
                            without customers, fail the run too
        --force             let outputs replace files cxsim did not write
        --workers N         threads to use (default: one per core; 1 runs in
                            process); every output is the same for any number
        -q, --quiet         no progress bars
        -h, --help          show this help

      Exit codes: 0 no gate is breached, 1 a gate is breached (or, with --strict,
      inconclusive or without data), 2 usage error, 3 invalid suite or scenario,
      4 runtime failure.
      Suite format and a ready CI job: docs/ci.md.

      Example:
        cxsim bench bench/journeys --junit bench.xml --markdown bench.md
      "
    `)
  })
})

/**
 * The bundled suites, run once for the two tests that read them (the exit code and the JSON's
 * members): compared with their stored results, the JSON written, its text kept.
 */
let bundledRun: Promise<{ readonly code: number | null; readonly out: string; readonly err: string; readonly json: string }> | undefined
const bundled = () =>
  (bundledRun ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-json-"))
    const out = path.join(dir, "r.json")
    const r = await runCli(["bench", "bench/journeys", "--baseline", "bench/journeys/baseline.json", "--json", out, "--quiet"])
    const json = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : ""
    fs.rmSync(dir, { recursive: true, force: true })
    return { code: r.code, out: r.out, err: r.err, json }
  })())

describe("exit codes", () => {
  it("0 when no gate of the bundled suites is breached", async () => {
    const r = await bundled()
    expect(r.err).toBe("")
    expect(r.code).toBe(0)
    // One gate is inconclusive: app-first moves families' NPS by +0.2 [−0.1, +0.5] against "no
    // drop at all"; without --strict that does not fail the run.
    expect(r.out).toMatch(/\nResult: 0 breached, 1 inconclusive, \d+ passed → exit 0\n/)
    for (const s of ["insurance-claim", "restaurant", "support"]) expect(r.out).toContain(`\n${s} · bench/journeys/${s}.yaml\n`)
  })

  it("1 when a gate is breached; inconclusive gates fail only with --strict", async () => {
    const p = project()
    // As a user runs it, in a process of its own: exit 1.
    const r = spawnCli(["bench", p.rel], p.dir)
    expect(r.code).toBe(1)
    expect(r.out).toContain("Result: 2 breached, 2 inconclusive, 6 passed → exit 1")
    const onlyInconclusive = project({ ...mixedSuite, gates: [mixedSuite.gates[3]] })
    const lenient = await runCli(["bench", onlyInconclusive.suite])
    expect(lenient.code).toBe(0)
    expect(lenient.out).toContain("Result: 0 breached, 1 inconclusive, 0 passed → exit 0")
    const strict = await runCli(["bench", onlyInconclusive.suite, "--strict"])
    expect(strict.code).toBe(1)
    expect(strict.out).toContain("Result: 0 breached, 1 inconclusive, 0 passed → exit 1\nWith --strict, inconclusive gates fail the run.\n")
  })

  it("2 for usage errors", async () => {
    const p = project()
    fs.mkdirSync(path.join(p.dir, "empty"))
    const cases: string[][] = [
      ["bench"],
      ["bench", p.suite, "--update-baseline"],
      ["bench", p.suite, "--accept-scenario-change"],
      ["bench", p.suite, "--json", path.join(p.dir, "out.json"), "--junit", path.join(p.dir, ".", "out.json")],
      ["bench", p.suite, "--juint", "x.xml"],
      ["bench", path.join(p.dir, "empty")]
    ]
    const errs: string[] = []
    for (const args of cases) {
      const r = await runCli(args)
      expect(r.code, args.join(" ")).toBe(2)
      expect(r.out).toBe("")
      errs.push(clean(r.err, p.dir))
    }
    expect(errs.join("")).toMatchInlineSnapshot(`
      "cxsim bench: which suites? Give suite files or folders of them
          hint: cxsim bench bench/journeys
      cxsim bench: --update-baseline needs --baseline FILE, the file to write
          hint: cxsim bench bench/journeys --baseline bench/journeys/baseline.json --update-baseline
      cxsim bench: --accept-scenario-change goes with --update-baseline
          hint: add --update-baseline to store the new results
      cxsim bench: --json and --junit name the same file, <dir>/out.json
          hint: give each output its own file
      cxsim bench: unknown option --juint
          hint: did you mean "--junit"?
      cxsim bench: <dir>/empty holds no suite files (*.yaml)
          hint: see docs/ci.md for the suite format
      "
    `)
  })

  it("3 for a suite with a bad gate, located, with a did-you-mean; nothing is written", async () => {
    const p = project(`scenario: ../scenarios/tradeoff.yaml
variants: [warmer]
gates:
  - metric: nps
    segment: hurryed
    maxDrop: 2
  - metric: abandonment
    at: kitchn
    max: 5
`)
    const r = await runCli(["bench", p.rel, "--junit", "out.xml"], { cwd: p.dir })
    expect(r.code).toBe(3)
    expect(r.err).toMatchInlineSnapshot(`
      "bench/suite.yaml:5:5: gates[0].segment: the scenario tradeoff has no persona "hurryed"
          hint: did you mean "hurried"?
      bench/suite.yaml:8:5: gates[1].at: the scenario tradeoff has no touchpoint "kitchn"
          hint: did you mean "kitchen"?
      cxsim: 2 problems in the input; nothing was simulated
      "
    `)
    expect(fs.existsSync(path.join(p.dir, "out.xml"))).toBe(false)
  })
})

describe("the suites to run", () => {
  it("a suite named twice, by other spellings or through its folder, runs once", async () => {
    // Given a suite, named relative, absolute, through ../ and through its folder
    const p = project()
    const spellings = [p.rel, p.suite, `./bench/../${p.rel}`, "bench"]
    // When they are all given to one run
    const r = await runCli(["bench", ...spellings, "--json", "r.json"], { cwd: p.dir })
    // Then it is one suite, judged once, under the first name it was given
    expect(r.err).not.toContain("another suite is named")
    expect(r.code).toBe(1)
    const json = JSON.parse(read(p.dir, "r.json")) as { suites: Array<{ name: string; file: string }> }
    expect(json.suites.map((s) => [s.name, s.file])).toEqual([["tradeoff", p.rel]])
  })
})

describe("docs/ci.md, Try it: make a gate fail", () => {
  it("gives the figures of the run it describes", async () => {
    // Given the bundled support suite with no-bot added, as the section says
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-tryit-"))
    const suite = fs
      .readFileSync("bench/journeys/support.yaml", "utf8")
      .replace("variants: [context-handover, callback]", "variants: [context-handover, callback, no-bot]")
      .replace("scenario: ../../scenarios/support.yaml", `scenario: ${JSON.stringify(path.resolve("scenarios/support.yaml"))}`)
    expect(suite).toContain("no-bot]")
    fs.writeFileSync(path.join(dir, "support.yaml"), suite)
    const r = await runCli(["bench", path.join(dir, "support.yaml"), "--json", path.join(dir, "r.json"), "--quiet"])
    const json = JSON.parse(fs.readFileSync(path.join(dir, "r.json"), "utf8")) as { suites: Array<{ checks: Array<{ variant: string; segment: string; metric: string; value: number; upper: number; verdict: string }> }> }
    fs.rmSync(dir, { recursive: true, force: true })
    // When the section's figures are read
    const doc = fs.readFileSync("docs/ci.md", "utf8")
    const text = doc.slice(doc.indexOf("## Try it: make a gate fail")).replace(/\s+/g, " ")
    const m = /NPS drops by about (\d+) points overall.*the chat queue loses ([\d.]+)% of the customers against a limit of 5%/.exec(text)
    expect(m, "the section names the NPS drop and the chat queue's abandonment").not.toBeNull()
    // Then they are the run's
    expect(r.code).toBe(1)
    const checks = json.suites[0]!.checks.filter((c) => c.variant === "no-bot")
    const nps = checks.find((c) => c.metric === "nps" && c.segment === "overall")!
    expect(Math.round(-nps.value)).toBe(Number(m![1]))
    expect(nps.upper).toBeLessThan(-1)
    const queue = checks.find((c) => c.metric === "abandonment")!
    expect(queue.value.toFixed(1)).toBe(m![2])
    expect(queue.verdict).toBe("breached")
    expect(checks.some((c) => c.verdict === "inconclusive")).toBe(true)
  })
})

describe("--workers", () => {
  it("chooses the threads; the verdicts and every output are the same bytes for any number of them", async () => {
    const p = project()
    const outputs = ["r.json", "r.xml", "r.md"]
    const runs = [1, 2].map((w) => {
      const r = spawnCli(["bench", p.rel, "--workers", String(w), "--force", "--json", "r.json", "--junit", "r.xml", "--markdown", "r.md"], p.dir)
      return { code: r.code, out: r.out, files: outputs.map((f) => read(p.dir, f)) }
    })
    expect(runs[0]!.code).toBe(1)
    expect(runs[1]).toEqual(runs[0])
    const bad = await runCli(["bench", p.rel, "--workers", "none"], { cwd: p.dir })
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("cxsim bench: --workers must be a whole number from 1 to 256")
  })
})

describe("outputs", () => {
  it("JSON, JUnit, Markdown and HTML; the same command twice gives the same bytes", async () => {
    const p = project()
    const args = ["bench", p.rel, "--json", "r.json", "--junit", "r.xml", "--markdown", "r.md", "--html", "r.html"]
    const a = spawnCli(args, p.dir)
    const first = ["r.json", "r.xml", "r.md", "r.html"].map((f) => read(p.dir, f))
    const b = await runCli(args, { cwd: p.dir })
    expect(a.code).toBe(1)
    expect(b.code).toBe(1)
    expect(b.out).toBe(a.out)
    expect(["r.json", "r.xml", "r.md", "r.html"].map((f) => read(p.dir, f))).toEqual(first)
    const json = JSON.parse(first[0]!) as { exitCode: number; counts: object; suites: Array<{ checks: unknown[] }> }
    expect(json.exitCode).toBe(1)
    expect(json.counts).toEqual({ passed: 6, inconclusive: 2, breached: 2, noData: 0 })
    const xml = parseXml(first[1]!)
    expect(findAll(xml, "testcase").length).toBe(json.suites[0]!.checks.length)
    expect(first[2]!.split("\n").slice(0, 2)).toEqual(["<!-- cxsim bench -->", "## cxsim bench: ❌ 2 gates breached"])
    expect(first[3]!.split("\n").slice(0, 2)).toEqual(["<!DOCTYPE html>", "<!-- cxsim bench -->"])
  })

  it("every member of --json is documented in docs/ci.md, in the order it comes", async () => {
    // Given the bundled suites (one with fit gates), compared with their stored results
    const r = await bundled()
    expect(r.code).toBe(0)
    const json = JSON.parse(r.json) as Record<string, unknown>
    // When every member's name is collected, at any depth
    const names = new Set<string>()
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v !== null && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          names.add(k)
          walk(x)
        }
      }
    }
    walk(json)
    // Then the JSON reference of docs/ci.md names each of them
    const doc = fs.readFileSync("docs/ci.md", "utf8")
    const start = doc.indexOf("### The JSON, field by field")
    expect(start).toBeGreaterThan(0)
    const reference = doc.slice(start, doc.indexOf("\n## ", start))
    const undocumented = [...names].filter((n) => !reference.includes(`\`${n}\``))
    expect(undocumented).toEqual([])
    // And the top level's and a check's members come in the order of its tables
    const tableOrder = (heading: string): string[] => {
      // The first table after the heading: its first column names the members.
      const at = reference.indexOf("| member | |", reference.indexOf(heading))
      const rows = reference.slice(at).split("\n\n")[0] ?? ""
      return rows
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .flatMap((l) => [...(l.split(" | ")[0] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!))
    }
    expect(Object.keys(json)).toEqual(tableOrder("### The JSON, field by field"))
    const suites = json["suites"] as Array<{ checks: Array<Record<string, unknown>> }>
    const fitCheck = suites.flatMap((s) => s.checks).find((c) => c["metric"] === "fit")
    expect(fitCheck).toBeDefined()
    expect(Object.keys(fitCheck!)).toEqual(tableOrder("A check (`suites[].checks[]`)"))
  })

  it("refuses to overwrite inputs and files cxsim did not write", async () => {
    const p = project()
    fs.writeFileSync(path.join(p.dir, "notes.xml"), "<mine/>")
    const r = await runCli(["bench", p.suite, "--junit", path.join(p.dir, "notes.xml")])
    expect(r.code).toBe(2)
    expect(clean(r.err, p.dir)).toMatchInlineSnapshot(`
      "<dir>/notes.xml exists and was not written by cxsim; not overwriting it
          hint: choose another file, or add --force to replace it
      "
    `)
    expect(read(p.dir, "notes.xml")).toBe("<mine/>")
    const input = await runCli(["bench", p.suite, "--markdown", path.join(p.dir, "scenarios", "tradeoff.yaml"), "--force"])
    expect(input.code).toBe(2)
    expect(clean(input.err, p.dir).split("\n")[0]).toBe("--markdown <dir>/scenarios/tradeoff.yaml is one of the input files; cxsim never overwrites its inputs")
    // Each output is named by its own option.
    const device = await runCli(["bench", p.suite, "--json", path.join(p.dir, "b.json"), "--html", "/dev/full"])
    expect([device.code, device.err]).toEqual([2, "--html /dev/full is a device; cxsim writes its outputs to regular files only\n    hint: leave out --html and redirect the standard output instead\n"])
    expect(fs.existsSync(path.join(p.dir, "b.json"))).toBe(false)
  })
})

describe("stored results", () => {
  it("are written, compared, and not updated over a changed scenario without --accept-scenario-change", async () => {
    const p = project({ ...mixedSuite, gates: mixedSuite.gates.slice(1, 3) })
    const storedFile = path.join(p.dir, "stored.json")
    const missing = await runCli(["bench", p.suite, "--baseline", storedFile])
    expect(missing.code).toBe(3)
    expect(clean(missing.err, p.dir)).toMatchInlineSnapshot(`
      "<dir>/stored.json: no such file: there are no stored results to compare with
          hint: store them first: cxsim bench <dir>/bench/suite.yaml --baseline <dir>/stored.json --update-baseline
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)

    const store = await runCli(["bench", p.suite, "--baseline", storedFile, "--update-baseline", "-q"])
    expect(store.code).toBe(1)
    expect(clean(store.out, p.dir)).toContain("Stored the results of 1 suite in <dir>/stored.json.")
    const stored = JSON.parse(read(p.dir, "stored.json")) as { kind: string; suites: Array<{ name: string; scenario: { hash: string } }> }
    expect(stored.kind).toBe("bench-baseline")
    expect(stored.suites.map((s) => s.name)).toEqual(["tradeoff"])

    const same = await runCli(["bench", p.suite, "--baseline", storedFile, "--markdown", path.join(p.dir, "m.md")])
    expect(same.out.replace(/\s+/g, " ")).toContain("tradeoff: scenario unchanged, same cxsim; 0 verdict changes, 0 significant metric changes")
    expect(read(p.dir, "m.md")).toContain("No verdict changed and no metric moved significantly.")

    // The journey changes: the kitchen gets slower in the baseline itself.
    const scenario = path.join(p.dir, "scenarios", "tradeoff.yaml")
    fs.writeFileSync(scenario, read(p.dir, "scenarios/tradeoff.yaml").replace("mean: 12", "mean: 16"))
    const changed = await runCli(["bench", p.suite, "--baseline", storedFile])
    expect(changed.out.replace(/\s+/g, " ")).toMatch(/tradeoff: scenario changed, same cxsim; \d+ verdict changes?, \d+ significant metric changes?/)
    const refused = await runCli(["bench", p.suite, "--baseline", storedFile, "--update-baseline"])
    expect(refused.code).toBe(2)
    expect(clean(refused.err, p.dir).replace(/[0-9a-f]{12}/g, "<hash>")).toMatchInlineSnapshot(`
      "cxsim bench: the stored results in <dir>/stored.json are for another version of the scenario of tradeoff (stored <hash>, now <hash>); not updating them
          hint: review the change, then add --accept-scenario-change to store the new results
      "
    `)
    expect(JSON.parse(read(p.dir, "stored.json"))).toEqual(stored)
    const accepted = await runCli(["bench", p.suite, "--baseline", storedFile, "--update-baseline", "--accept-scenario-change"])
    // Against the slower baseline the warmer kitchen (14 minutes) is faster: its churn gate now holds.
    expect(accepted.code).toBe(0)
    const updated = JSON.parse(read(p.dir, "stored.json")) as typeof stored
    expect(updated.suites[0]!.scenario.hash).not.toBe(stored.suites[0]!.scenario.hash)

    // Stored results committed without a checksum mark (as before) are still cxsim's to update:
    // they decode in full as stored results. Any other file at that path is not.
    fs.writeFileSync(storedFile, unsign(read(p.dir, "stored.json")).body)
    expect((await runCli(["bench", p.suite, "--baseline", storedFile, "--update-baseline", "-q"])).code).toBe(0)
    expect(unsign(read(p.dir, "stored.json")).mark).toBe("valid")
    const other = path.join(p.dir, "other.json")
    fs.writeFileSync(other, '{"kind": "bench-baseline", "note": "mine"}\n')
    const notOurs = await runCli(["bench", p.suite, "--baseline", other, "--update-baseline", "-q"])
    // Read first as stored results, it is refused as invalid input; either way it is not replaced.
    expect(notOurs.code).toBe(3)
    expect(read(p.dir, "other.json")).toBe('{"kind": "bench-baseline", "note": "mine"}\n')
  })

  it("a file that is not stored results is invalid input", async () => {
    const p = project()
    const storedFile = path.join(p.dir, "stored.json")
    fs.writeFileSync(storedFile, stringify({ hello: "world" }))
    const r = await runCli(["bench", p.suite, "--baseline", storedFile])
    expect(r.code).toBe(3)
    expect(clean(r.err, p.dir)).toMatchInlineSnapshot(`
      "<dir>/stored.json: not stored cxsim bench results: not valid JSON (Unexpected token 'h', "hello: world " is not valid JSON)
          hint: write it with cxsim bench --baseline FILE --update-baseline
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    fs.writeFileSync(storedFile, JSON.stringify({ schemaVersion: 1, kind: "bench-baseline", suites: [{ name: "x" }] }))
    const partial = await runCli(["bench", p.suite, "--baseline", storedFile])
    expect(partial.code).toBe(3)
    expect(clean(partial.err, p.dir)).toMatchInlineSnapshot(`
      "<dir>/stored.json: not stored cxsim bench results (suites[0].scenario is missing)
          hint: write it with cxsim bench --baseline FILE --update-baseline
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    // Broken JSON is located at its line where the parser gives its offset.
    fs.writeFileSync(storedFile, JSON.stringify({ schemaVersion: 1, kind: "bench-baseline", suites: [{ name: "x", file: "y" }] }, null, 2).replace('"name": "x",', '"name": "x"'))
    const broken = await runCli(["bench", p.suite, "--baseline", storedFile])
    expect(clean(broken.err, p.dir).split("\n")[0]).toBe("<dir>/stored.json:7:7: not stored cxsim bench results: not valid JSON (Expected ',' or '}' after property value)")
    // Nested 100,000 deep: refused by its depth (describing it once overflowed the call stack).
    fs.writeFileSync(storedFile, `{"schemaVersion": 1, "kind": "bench-baseline", "suites": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`)
    const deep = await runCli(["bench", p.suite, "--baseline", storedFile])
    expect(deep.code).toBe(3)
    expect(clean(deep.err, p.dir).split("\n")[0]).toBe("<dir>/stored.json: not stored cxsim bench results: nesting deeper than 64 levels")
  })
})
