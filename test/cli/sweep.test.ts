/**
 * cxsim sweep: the same bytes for any number of workers, shards merged equal one run, and a
 * sweep cut short (the file truncated mid-way, a half-written last line included) and rerun
 * equals one that ran through. Design-file errors are pinned.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { load, simulateScenario } from "../../src/api.js"
import { sweepHelp } from "../../src/cli/helpSweep.js"
import { loadDesign } from "../../src/load/loadDesign.js"
import { checkPoints, prepareRuns } from "../../src/sweep/Runs.js"
import { root, runCli } from "../support/cli.js"

const scenario = path.join(root, "scenarios", "restaurant.yaml")
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-sweep-"))

const design = `parameters:
  - path: journey.touchpoints.kitchen.service.food-wait.mean
    name: kitchen-wait
    low: 8
    high: 22
  - path: personas.family.loyalty.retention
    values: [0.7, 0.9]
design: { kind: grid, levels: 2 }
replications: 2
customers: 1100
metrics: [csat, churn]
`

const writeDesign = (dir: string, text = design, name = "design.yaml"): string => {
  const f = path.join(dir, name)
  fs.writeFileSync(f, text)
  return f
}

const sweepTo = async (designFile: string, out: string, ...more: string[]) => {
  const r = await runCli(["sweep", scenario, designFile, "--out", out, ...more])
  expect(r.err).toBe("")
  expect(r.code).toBe(0)
  return fs.readFileSync(out, "utf8")
}

describe("cxsim sweep", () => {
  it("writes the metadata, the header and a row per point × replication × segment × metric, in point order", async () => {
    const dir = tmp()
    const text = await sweepTo(writeDesign(dir), path.join(dir, "s.csv"), "--workers", "1")
    const lines = text.trimEnd().split("\n")
    expect(lines[0]).toMatch(/^# cxsim sweep \{"version":1,"scenario":"restaurant",.*"points":4,"rowsPerPoint":16,"shard":"1\/1"\}$/)
    expect(lines[1]).toBe("point,replication,seed,kitchen-wait,personas.family.loyalty.retention,segment,metric,value,lo,hi")
    // 4 points × 2 replications × (3 personas + overall) × 2 metrics
    expect(lines.length - 2).toBe(4 * 16)
    const rows = lines.slice(2).map((l) => l.split(","))
    expect(rows.map((r) => Number(r[0]))).toEqual([...rows.map((r) => Number(r[0]))].sort((a, b) => a - b))
    expect(new Set(rows.map((r) => `${r[3]}|${r[4]}`))).toEqual(new Set(["8|0.7", "8|0.9", "22|0.7", "22|0.9"]))
    // The first replication runs with the scenario's own seed; the second with a derived one.
    expect(new Set(rows.filter((r) => r[1] === "0").map((r) => r[2]))).toEqual(new Set(["7"]))
    expect(new Set(rows.filter((r) => r[1] === "1").map((r) => r[2])).size).toBe(1)
    for (const r of rows) expect(Number(r[8])).toBeLessThanOrEqual(Number(r[7]))
    for (const r of rows) expect(Number(r[9])).toBeGreaterThanOrEqual(Number(r[7]))
  })

  it("a row is what a plain run of the scenario with that value written in its file gives", async () => {
    const dir = tmp()
    // An independent copy of the scenario with the kitchen's wait edited in the YAML text.
    fs.cpSync(path.join(root, "personas"), path.join(dir, "personas"), { recursive: true })
    fs.mkdirSync(path.join(dir, "scenarios"))
    const text = fs.readFileSync(scenario, "utf8")
    const edited = text.replace("food-wait: { dist: lognormal, mean: 14,", "food-wait: { dist: lognormal, mean: 22,")
    expect(edited).not.toBe(text)
    const copy = path.join(dir, "scenarios", "restaurant.yaml")
    fs.writeFileSync(copy, edited)
    const one = `parameters:\n  - { path: journey.touchpoints.kitchen.service.food-wait.mean, values: [22] }\ncustomers: 1100\nmetrics: [csat, churn]\n`
    const out = await sweepTo(writeDesign(dir, one), path.join(dir, "one.csv"))
    const report = await simulateScenario(await load(copy), { customers: 1100, workers: 1 })
    const row = (seg: string, metric: string) => out.split("\n").find((l) => l.includes(`,${seg},${metric},`))?.split(",")
    expect(Number(row("family", "csat")?.[6])).toBe(report.segments.find((s) => s.id === "family")?.csat?.mean)
    expect(Number(row("overall", "churn")?.[6])).toBe(report.overall.churn.rate)
  })

  it("gives the same bytes with 1 and 2 worker threads, in CSV and NDJSON", async () => {
    const dir = tmp()
    const d = writeDesign(dir)
    for (const format of ["csv", "ndjson"]) {
      const a = await sweepTo(d, path.join(dir, `w1.${format}`), "--workers", "1", "--format", format)
      const b = await sweepTo(d, path.join(dir, `w2.${format}`), "--workers", "2", "--format", format)
      expect(b).toBe(a)
    }
    const first = fs.readFileSync(path.join(dir, "w1.ndjson"), "utf8").split("\n")
    expect(JSON.parse(first[0] as string)).toMatchObject({ cxsim: "sweep", points: 4 })
    expect(JSON.parse(first[1] as string)).toMatchObject({ point: 0, replication: 0, seed: 7, parameters: { "kitchen-wait": 8 }, segment: "busy-professional", metric: "csat" })
  })

  it("3 shards merged equal one run, byte for byte; a missing or unfinished shard is refused", async () => {
    const dir = tmp()
    const d = writeDesign(dir)
    const whole = await sweepTo(d, path.join(dir, "whole.csv"))
    const parts = [1, 2, 3].map((i) => path.join(dir, `part-${i}.csv`))
    for (const [i, p] of parts.entries()) await sweepTo(d, p, "--shard", `${i + 1}/3`)
    const merged = path.join(dir, "merged.csv")
    const r = await runCli(["sweep", "--merge", ...parts, "--out", merged])
    expect(r.code).toBe(0)
    expect(fs.readFileSync(merged, "utf8")).toBe(whole)
    const missing = await runCli(["sweep", "--merge", parts[0] as string, parts[2] as string, "--out", merged])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatchInlineSnapshot(`
      "shard 2/3 missing
          hint: give every shard file of the sweep
      "
    `)
    const text = fs.readFileSync(parts[1] as string, "utf8")
    fs.writeFileSync(parts[1] as string, text.slice(0, text.length - 30))
    const cut = await runCli(["sweep", "--merge", ...parts, "--out", merged])
    expect(cut.code).toBe(2)
    expect(cut.err.replaceAll(dir, "DIR")).toMatchInlineSnapshot(`
      "DIR/part-2.csv (shard 2/3) is incomplete: 0 of 1 points
          hint: rerun the same cxsim sweep … --shard 2/3 --out DIR/part-2.csv to finish it
      "
    `)
  })

  it("a sweep cut short anywhere — mid-row, at a row's end, mid-point — and rerun equals one that ran through", async () => {
    const dir = tmp()
    const d = writeDesign(dir)
    const whole = await sweepTo(d, path.join(dir, "whole.csv"))
    const body = whole.indexOf("\n", whole.indexOf("\n") + 1) + 1
    const rowEnd = whole.indexOf("\n", Math.floor(whole.length * 0.6)) + 1
    for (const cut of [body, body + 7, Math.floor(whole.length * 0.4), rowEnd, rowEnd + 3, whole.length - 1]) {
      const f = path.join(dir, `cut-${cut}.csv`)
      fs.writeFileSync(f, whole.slice(0, cut))
      const r = await runCli(["sweep", scenario, d, "--out", f])
      expect(r.code, r.err).toBe(0)
      expect(fs.readFileSync(f, "utf8"), `cut at byte ${cut}`).toBe(whole)
    }
    // A complete file is left as it is: nothing runs again.
    const again = await runCli(["sweep", scenario, d, "--out", path.join(dir, "whole.csv")])
    expect(again.out).toMatch(/4 points \(4 already done, 0 run\)/)
  })

  it("refuses to append to another sweep or to a file it did not write, unless --force", async () => {
    const dir = tmp()
    const d = writeDesign(dir)
    const out = path.join(dir, "s.csv")
    await sweepTo(d, out)
    const other = writeDesign(dir, design.replace("levels: 2", "levels: 3"), "other.yaml")
    const r = await runCli(["sweep", scenario, other, "--out", out])
    expect(r.code).toBe(2)
    expect(r.err.replaceAll(dir, "DIR")).toMatchInlineSnapshot(`
      "DIR/s.csv belongs to another sweep (its scenario or design differ); not appending to it
          hint: choose another --out, or add --force to start this sweep over in it
      "
    `)
    const notes = path.join(dir, "notes.txt")
    fs.writeFileSync(notes, "my notes\n")
    const n = await runCli(["sweep", scenario, d, "--out", notes])
    expect(n.code).toBe(2)
    expect(fs.readFileSync(notes, "utf8")).toBe("my notes\n")
    const input = await runCli(["sweep", scenario, d, "--out", d])
    expect(input.code).toBe(2)
    expect(input.err).toMatch(/is one of the input files/)
  })

  it("names the design file's line and field for each mistake", async () => {
    const dir = tmp()
    const err = async (text: string, extra: Record<string, string> = {}) => {
      for (const [name, content] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), content)
      const r = await runCli(["sweep", scenario, writeDesign(dir, text), "--out", path.join(dir, "x.csv")])
      expect(r.code).toBe(3)
      expect(fs.existsSync(path.join(dir, "x.csv"))).toBe(false)
      return r.err.replaceAll(dir, "DIR")
    }
    expect(await err(design.replace("kitchen.service", "kitchn.service"))).toMatchInlineSnapshot(`
      "DIR/design.yaml:2:5: parameters[0].path: journey.touchpoints.kitchn.service.food-wait.mean: the path "journey.touchpoints.kitchn" does not exist in the scenario
          hint: did you mean "kitchen"?
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    expect(await err(design.replace("personas.family.loyalty", "personas.famly.loyalty"))).toMatchInlineSnapshot(`
      "DIR/design.yaml:6:5: parameters[1].path: personas.famly.loyalty.retention: there is no persona "famly" in the scenario
          hint: did you mean "family"?
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    // Every misspelt path at once, not one per run.
    expect(await err(design.replace("kitchen.service", "kitchn.service").replace("personas.family.loyalty.retention", "personas.family.loyalty.retension"))).toMatchInlineSnapshot(`
      "DIR/design.yaml:2:5: parameters[0].path: journey.touchpoints.kitchn.service.food-wait.mean: the path "journey.touchpoints.kitchn" does not exist in the scenario
          hint: did you mean "kitchen"?
      DIR/design.yaml:6:5: parameters[1].path: personas.family.loyalty.retension: unknown field "retension"
          hint: did you mean "retention"?
      cxsim: 2 problems in the input; nothing was simulated
      "
    `)
    expect(await err(design.replace("high: 22", "high: 2").replace("replications: 2", "replicatons: 2"))).toMatchInlineSnapshot(`
      "DIR/design.yaml:9:1: replicatons: unknown field "replicatons"
          hint: did you mean "replications"?
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    expect(await err(design.replace("values: [0.7, 0.9]", "values: [0.7, 1.9]"))).toMatchInlineSnapshot(`
      "DIR/design.yaml:6:5: parameters[1].path: personas.family.loyalty.retention: expected a number between 0 and 1, got 1.9
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
    expect(await err(design.replace("high: 22", "high: 2").replace("values: [0.7, 0.9]", "values: [0.7]\n    distribution: log-uniform"))).toMatchInlineSnapshot(`
      "DIR/design.yaml:5:5: parameters[0].high: high (2) must be above low (8)
      DIR/design.yaml:8:5: parameters[1].distribution: a distribution applies to a low–high range, not to a list of values
      cxsim: 2 problems in the input; nothing was simulated
      "
    `)
    expect(
      await err(design.replace("design: { kind: grid, levels: 2 }", "design: { kind: csv, file: points.csv }"), {
        "points.csv": "kitchen-wait,personas.family.loyalty.retention\n10,0.8\n12,high\n"
      })
    ).toMatchInlineSnapshot(`
      "DIR/points.csv:3:4: expected a number for "personas.family.loyalty.retention", got "high"
      cxsim: 1 problem in the input; nothing was simulated
      "
    `)
  })

  it("a points file that is not UTF-8 text or is over 4 MiB is refused where it is named; 300,000 points are checked without overflowing", async () => {
    const dir = tmp()
    const csvDesign = design.replace("design: { kind: grid, levels: 2 }", "design: { kind: csv, file: points.csv }")
    const header = "kitchen-wait,personas.family.loyalty.retention\n"
    const refused = async (bytes: Uint8Array) => {
      fs.writeFileSync(path.join(dir, "points.csv"), bytes)
      const r = await runCli(["sweep", scenario, writeDesign(dir, csvDesign), "--out", path.join(dir, "x.csv")])
      expect(r.code).toBe(3)
      expect(fs.existsSync(path.join(dir, "x.csv"))).toBe(false)
      return r.err.replaceAll(dir, "DIR").split("\n")[0]
    }
    expect(await refused(Buffer.from(`${header}10,0.8\n# caf\xe9\n`, "latin1"))).toBe("DIR/points.csv:3:6: the file is not UTF-8 text: byte 0xE9 cannot start a character here")
    expect(await refused(Buffer.from(header + "10,0.8\n".repeat(700_000)))).toBe("DIR/design.yaml:8:22: design.file: cannot read the points file DIR/points.csv: the file is larger than 4.0 MiB, the most cxsim reads here")
    // A byte-order mark before the header is not part of the first column's name.
    fs.writeFileSync(path.join(dir, "points.csv"), "\ufeff" + header + "10,0.8\n")
    const d = await Effect.runPromise(loadDesign(writeDesign(dir, csvDesign), { sweep: true }))
    expect(d.csv).toEqual([[10, 0.8]])
    // Checking the lowest and highest value of each column over 300,000 points (once a spread of
    // them as arguments, past the call stack's limit).
    const runs = await Effect.runPromise(prepareRuns(scenario, d))
    const points = Array.from({ length: 300_000 }, (_, i) => [8 + (i % 15), 0.7 + (i % 3) / 10])
    await Effect.runPromise(checkPoints(runs, points))
    points[123_456] = [8, 1.5]
    const e = await Effect.runPromise(Effect.flip(checkPoints(runs, points)))
    expect(e._tag === "InvalidInput" ? e.issues[0]?.message : e.message).toBe("personas.family.loyalty.retention: expected a number between 0 and 1, got 1.5")
  })

  it("usage mistakes exit 2 with a hint, and --help fits 80 columns", async () => {
    const r = await runCli(["sweep", scenario])
    expect(r.code).toBe(2)
    expect(r.err).toMatchInlineSnapshot(`
      "cxsim sweep: --out is required: rows are appended to a file as points finish, and a rerun resumes it
          hint: cxsim sweep SCENARIO DESIGN --out sweep.csv
      "
    `)
    for (const line of sweepHelp.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect((await runCli(["sweep", "--help"])).out).toBe(sweepHelp)
  })
})
