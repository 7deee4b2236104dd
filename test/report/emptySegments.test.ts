/**
 * Empty segments: a persona with share 0, or a population too small to reach every persona, has
 * no customers and so no figures. Through run (every format), compare, bench and sweep, its
 * figures are null in JSON and "—" in text, never a number that looks measured.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { parse, stringify } from "yaml"
import { root, runCli } from "../support/cli.js"

type Yaml = Record<string, unknown>

const restaurant = parse(fs.readFileSync(path.join(root, "scenarios", "restaurant.yaml"), "utf8")) as Yaml
const family = fs.readFileSync(path.join(root, "personas", "family.yaml"), "utf8")

/** A project: scenarios/s.yaml with `personas` (id → share), each a copy of the family persona labelled "Persona <id>". */
const project = (shares: Readonly<Record<string, number>>, population: number): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-empty-"))
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.mkdirSync(path.join(dir, "personas"))
  for (const id of Object.keys(shares)) fs.writeFileSync(path.join(dir, "personas", `${id}.yaml`), family.replace(/^label: .*$/m, `label: Persona ${id}`))
  const scenario = { ...restaurant, population, personas: Object.fromEntries(Object.entries(shares).map(([id, share]) => [id, { share }])) }
  const file = path.join(dir, "scenarios", "s.yaml")
  fs.writeFileSync(file, stringify(scenario))
  return file
}

/** Share 0: the persona "nobody" has no customer. */
const shareZero = (): string => project({ somebody: 1, nobody: 0 }, 500)
/** 3 customers, 5 personas: at least two have none. */
const tiny = (): string => project({ a: 0.2, b: 0.2, c: 0.2, d: 0.2, e: 0.2 }, 3)

const run = async (args: ReadonlyArray<string>): Promise<string> => {
  const r = await runCli(args)
  expect(r.err).toBe("")
  expect(r.code).toBe(0)
  return r.out
}

interface JsonSegment {
  readonly id: string
  readonly label: string
  readonly n: number
  readonly [k: string]: unknown
}

/** Every field of an empty segment other than its head is null. */
const expectNoFigures = (s: JsonSegment): void => {
  expect(s.n).toBe(0)
  const figures = Object.entries(s).filter(([k]) => !["id", "label", "n", "share"].includes(k))
  expect(figures.length).toBeGreaterThan(10)
  expect(figures.filter(([, v]) => v !== null)).toEqual([])
}

/**
 * The text after the label on each line that names an empty segment: only "—", the share (0%),
 * "no customers" words or nothing; and "—" at least once over all the lines.
 */
const expectDashes = (text: string, label: string): void => {
  // Lines whose first cell is the label (a header naming every segment is not the segment's row).
  const lines = text.split(/\r?\n/).filter((l) => l.replace(/^[\s|*]+/, "").startsWith(label))
  expect(lines.length).toBeGreaterThan(0)
  const tokens = lines.flatMap((l) =>
    l
      .slice(l.indexOf(label) + label.length)
      .split(/[\s|,*]+/)
      .filter((t) => t !== "")
  )
  expect(tokens.filter((t) => !["—", "0%", "0.0%", "0", "no", "customers", "data", "(—):", "figures", "for", "this", "segment."].includes(t))).toEqual([])
  expect(tokens).toContain("—")
}

describe("an empty segment has no figures", () => {
  for (const [name, make, empty] of [
    ["a persona with share 0", shareZero, ["nobody"]],
    ["3 customers and 5 personas", tiny, null]
  ] as const) {
    it(`run, every format: ${name}`, async () => {
      const file = make()
      const json = JSON.parse(await run(["run", file, "--format", "json"])) as { schemaVersion: number; segments: JsonSegment[]; overall: JsonSegment }
      expect(json.schemaVersion).toBe(2)
      const emptyIds = json.segments.filter((s) => s.n === 0).map((s) => s.id)
      if (empty !== null) expect(emptyIds).toEqual(empty)
      else expect(emptyIds.length).toBeGreaterThanOrEqual(2)
      for (const s of json.segments) if (s.n === 0) expectNoFigures(s)
      expect(json.overall.n).toBeGreaterThan(0)

      const labels = json.segments.filter((s) => s.n === 0).map((s) => s.label)
      const table = await run(["run", file])
      const md = await run(["run", file, "--format", "md"])
      for (const label of labels) {
        expectDashes(table, label)
        expectDashes(md, label)
      }
      const csv = (await run(["run", file, "--format", "csv"])).trimEnd().split("\r\n")
      const header = csv[0]!.split(",")
      for (const id of emptyIds) {
        const row = csv.find((l) => l.split(",")[header.indexOf("segment")] === id)!.split(",")
        const figures = row.slice(header.indexOf("completion"))
        expect(figures.length).toBe(header.length - header.indexOf("completion"))
        expect(figures.every((c) => c === "—")).toBe(true)
      }
      // HTML: no number in the page is read from an empty segment, other than its count.
      const html = await run(["run", file, "--format", "html"])
      json.segments.forEach((s, k) => {
        if (s.n > 0) return
        const keys = [...html.matchAll(new RegExp(`data-key="segments\\.${k}\\.([^"]*)"`, "g"))].map((m) => m[1])
        expect(keys.every((key) => key === "n"), `segments.${k}: ${keys.join(", ")}`).toBe(true)
      })
    })
  }

  it("compare: no difference for an empty segment, in every format", async () => {
    const file = shareZero()
    const json = JSON.parse(await run(["compare", file, "--variants", "faster-kitchen", "--format", "json"])) as {
      schemaVersion: number
      baseline: { segments: JsonSegment[] }
      variants: Array<{ segments: Array<{ id: string; n: number; diffs: unknown; direction: string }>; winners: string[]; losers: string[] }>
    }
    expect(json.schemaVersion).toBe(2)
    expectNoFigures(json.baseline.segments.find((s) => s.id === "nobody")!)
    const seg = json.variants[0]!.segments.find((s) => s.id === "nobody")!
    expect(seg).toMatchObject({ n: 0, diffs: null, direction: "no data" })
    expect([...json.variants[0]!.winners, ...json.variants[0]!.losers]).not.toContain("nobody")
    expectDashes(await run(["compare", file, "--variants", "faster-kitchen"]), "Persona nobody")
    expectDashes(await run(["compare", file, "--variants", "faster-kitchen", "--format", "md"]), "Persona nobody")
    const csv = (await run(["compare", file, "--variants", "faster-kitchen", "--format", "csv"])).trimEnd().split("\r\n")
    const header = csv[0]!.split(",")
    const rows = csv.filter((l) => l.split(",")[header.indexOf("segment")] === "nobody").map((l) => l.split(","))
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) {
      expect(r.slice(header.indexOf("baseline_mean"), header.indexOf("direction")).every((c) => c === "—")).toBe(true)
      expect(r[header.indexOf("direction")]).toBe("no data")
    }
    const html = await run(["compare", file, "--variants", "faster-kitchen", "--format", "html"])
    const k = json.variants[0]!.segments.findIndex((s) => s.id === "nobody")
    expect(html).not.toMatch(new RegExp(`data-key="variants\\.0\\.segments\\.${k}\\.diffs`))
  })

  it("bench: a gate on an empty segment is 'no data' — exit 0, or 1 with --strict", async () => {
    const file = shareZero()
    const suite = path.join(path.dirname(file), "suite.yaml")
    fs.writeFileSync(
      suite,
      stringify({
        name: "empty",
        scenario: "s.yaml",
        variants: ["faster-kitchen"],
        customers: 500,
        gates: [
          { name: "nobody keeps NPS", metric: "nps", segment: "nobody", maxDrop: 100 },
          { name: "every segment completes", metric: "completion", segment: "each", min: 0 }
        ]
      })
    )
    const jsonFile = path.join(path.dirname(file), "bench.json")
    const r = await runCli(["bench", suite, "--json", jsonFile])
    expect(r.err).toBe("")
    expect(r.code).toBe(0)
    const result = JSON.parse(fs.readFileSync(jsonFile, "utf8")) as { schemaVersion: number; counts: Record<string, number>; suites: Array<{ checks: Array<{ segment: string; verdict: string; value: unknown; lower: unknown; upper: unknown }>; arms: Array<{ segments: Array<{ id: string; metrics: unknown }> }> }> }
    expect(result.schemaVersion).toBe(3)
    const checks = result.suites[0]!.checks
    expect(checks.filter((c) => c.segment === "nobody")).toEqual([
      expect.objectContaining({ verdict: "no data", value: null, lower: null, upper: null }),
      expect.objectContaining({ verdict: "no data", value: null, lower: null, upper: null })
    ])
    expect(checks.filter((c) => c.segment !== "nobody").every((c) => typeof c.value === "number" && c.verdict !== "no data")).toBe(true)
    expect(result.counts["noData"]).toBe(2)
    for (const arm of result.suites[0]!.arms) expect(arm.segments.find((s) => s.id === "nobody")!.metrics).toBeNull()
    expect(r.out).toMatch(/no data +Persona nobody/)
    expect(r.out).toContain("2 no data")
    const strict = await runCli(["bench", suite, "--strict"])
    expect(strict.code).toBe(1)
    expect(strict.out).toContain("With --strict, gates on a segment without customers fail the run.")
    // The headlines of the Markdown summary and the HTML page say why, with or without --strict.
    const dir = path.dirname(file)
    const heads = async (args: string[]): Promise<string[]> => {
      const md = path.join(dir, "b.md")
      const html = path.join(dir, "b.html")
      await runCli(["bench", suite, "--markdown", md, "--html", html, "--force", ...args])
      return [fs.readFileSync(md, "utf8").split("\n")[1]!, /<h1>([^<]*)<\/h1>/.exec(fs.readFileSync(html, "utf8"))![1]!]
    }
    // The JUnit test cases of the empty segment are skipped (failures with --strict), saying why without a measure.
    const junit = async (args: string[]): Promise<string[]> => {
      const xml = path.join(dir, "b.xml")
      await runCli(["bench", suite, "--junit", xml, "--force", ...args])
      return fs.readFileSync(xml, "utf8").split("\n").filter((l) => l.includes("no customers"))
    }
    expect(await junit([])).toEqual([
      '      <skipped message="no data: NPS must not drop by more than 100 points: the segment has no customers, nothing to judge"/>',
      '      <skipped message="no data: completion must stay at or above 0%: the segment has no customers, nothing to judge"/>'
    ])
    expect((await junit(["--strict"]))[0]).toBe(
      '      <failure type="no data" message="no data (--strict): NPS must not drop by more than 100 points: the segment has no customers, nothing to judge">NPS must not drop by more than 100 points: the segment has no customers, nothing to judge.</failure>'
    )
    expect(await heads([])).toEqual(["## cxsim bench: ✅ no gate breached (2 without data)", "No gate breached (2 without data)"])
    expect(await heads(["--strict"])).toEqual(["## cxsim bench: ❌ 2 without data (--strict)", "2 without data (fails with --strict)"])
  })

  it("sweep: the empty segment's rows have no value, in CSV and NDJSON", async () => {
    const file = shareZero()
    const dir = path.dirname(file)
    const design = path.join(dir, "design.yaml")
    fs.writeFileSync(design, stringify({ parameters: [{ path: "journey.touchpoints.kitchen.service.food-wait.mean", low: 8, high: 22 }], design: { kind: "grid", levels: 2 }, customers: 300, metrics: ["csat", "nps"] }))
    for (const format of ["csv", "ndjson"] as const) {
      const out = path.join(dir, `sweep.${format}`)
      const r = await runCli(["sweep", file, design, "--out", out, "--format", format])
      expect(r.err).toBe("")
      expect(r.code).toBe(0)
      const lines = fs.readFileSync(out, "utf8").trimEnd().split("\n").slice(format === "csv" ? 2 : 1)
      const rows = lines.filter((l) => l.includes("nobody"))
      const others = lines.filter((l) => !l.includes("nobody"))
      expect(rows).toHaveLength(4)
      if (format === "csv") {
        for (const l of rows) expect(l.split(",").slice(-3)).toEqual(["—", "—", "—"])
        for (const l of others) expect(l.split(",").slice(-3).every((c) => Number.isFinite(Number(c)) && c !== "")).toBe(true)
      } else {
        for (const l of rows) expect(JSON.parse(l)).toMatchObject({ segment: "nobody", value: null, lo: null, hi: null })
        for (const l of others) expect(typeof (JSON.parse(l) as { value: unknown }).value).toBe("number")
      }
    }
  })
})
