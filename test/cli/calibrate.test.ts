/**
 * cxsim calibrate as a user runs it: the bundled survey, a short budget (the figures are the
 * fit's own tests' business: test/calibrate), every output format, usage errors and exit codes.
 * In process (test/support/cli.ts: the same main); the first fit also in a process of its own.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, spawnCli } from "../support/cli.js"

const cxsim = (args: string[]) => runCli(args)

const scenario = "scenarios/restaurant.yaml"
const survey = "scenarios/calibrate/restaurant-survey.csv"
const map = "scenarios/calibrate/restaurant-survey.map.yaml"
const quick = ["--customers", "1500", "--budget", "30", "--workers", "1"]

describe("cxsim calibrate", () => {
  it("fits the bundled survey, and gives the same JSON for 1 and 2 workers", async () => {
    const one = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--format", "json"])
    expect(one.code).toBe(0)
    const doc = JSON.parse(one.out) as { kind: string; parameters: Array<{ path: string; estimate: { value: number; lower: number; upper: number } }>; survey: { rows: number } }
    expect(doc.kind).toBe("calibration")
    expect(doc.survey.rows).toBe(2000)
    expect(doc.parameters.length).toBeGreaterThan(0)
    for (const p of doc.parameters) expect(p.estimate.lower).toBeLessThanOrEqual(p.estimate.upper)
    // As a user runs it, in a process of its own, with a worker thread.
    const two = spawnCli(["calibrate", scenario, "--survey", survey, "--map", map, ...quick.slice(0, 4), "--workers", "2", "--format", "json"])
    expect(two.code).toBe(0)
    expect(two.out).toBe(one.out)
  })

  it("with --optimizer cmaes, searches the bounds by CMA-ES before the scoring", async () => {
    const r = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--optimizer", "cmaes", "--format", "json"])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.out) as { optimizer: { method: string; evaluations: number } }
    expect(doc.optimizer.method).toMatch(/CMA-ES/)
    expect(doc.optimizer.evaluations).toBeLessThanOrEqual(30)
  })

  it("writes the calibrated personas to a folder, which then runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-cal-"))
    const r = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--write", dir, "--format", "md"])
    expect(r.code).toBe(0)
    expect(r.out).toContain("<!-- cxsim calibration -->")
    const written = path.join(dir, "restaurant.yaml")
    expect(fs.existsSync(written)).toBe(true)
    expect(r.err).toContain(`cxsim run ${written}`)
    expect((await cxsim(["run", written, "--customers", "2000"])).code).toBe(0)
  })

  it("fits answerNoise with the rest, and says it is not written back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-cal-noise-"))
    const noisyMap = path.join(dir, "map.yaml")
    fs.writeFileSync(noisyMap, `${fs.readFileSync(map, "utf8").trimEnd()}\n    - { path: answerNoise, bounds: [0, 0.2] }\n`)
    const out = path.join(dir, "out")
    const r = await cxsim(["calibrate", scenario, "--survey", survey, "--map", noisyMap, ...quick, "--write", out, "--format", "json"])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.out) as { parameters: Array<{ path: string; bounds: [number, number]; estimate: { value: number; lower: number; upper: number } }> }
    const noise = doc.parameters.find((p) => p.path === "answerNoise")
    expect(noise?.bounds).toEqual([0, 0.2])
    expect(noise!.estimate.lower).toBeLessThanOrEqual(noise!.estimate.value)
    expect(r.err).toMatch(/not written: answerNoise = 0\.\d{3} is the survey's share of careless answers/)
    for (const f of fs.readdirSync(out, { recursive: true })) {
      const file = path.join(out, String(f))
      if (fs.statSync(file).isFile()) expect(fs.readFileSync(file, "utf8")).not.toContain("answerNoise")
    }
  })

  it("warns when an answer scale reads the wrong way round (a mapping with its direction wrong), naming the column and what to check", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-cal-reversed-"))
    const reversedMap = path.join(dir, "map.yaml")
    const text = fs.readFileSync(map, "utf8")
    expect(text).toContain("- { column: effort, kind: ces }")
    // The effort column is 1..7 with 1 the least effort; read reversed, the guests' easy visits become hard ones.
    fs.writeFileSync(reversedMap, text.replace("- { column: effort, kind: ces }", "- { column: effort, kind: ces, reverse: true }"))
    const r = await cxsim(["calibrate", scenario, "--survey", survey, "--map", reversedMap, ...quick, "--format", "json"])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.out) as { warnings: string[] }
    const warned = doc.warnings.filter((w) => w.includes("read the other way round"))
    expect(warned).toHaveLength(1)
    // First of the warnings: the estimates' own follow from it.
    expect(doc.warnings[0]).toBe(warned[0])
    expect(warned[0]).toMatch(
      /^outcome effort: its answers fit far better read the other way round \(distance 0\.\d{3}, reversed 0\.\d{3}\): check the direction of its scale in the mapping \(labels are listed in the model's order, least effort first, whatever reverse says; reverse turns the numbers only\); until then, every estimate this outcome informs is off$/
    )
    // The mapping as shipped: no such warning.
    const plain = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--format", "json"])
    expect((JSON.parse(plain.out) as { warnings: string[] }).warnings.filter((w) => w.includes("read the other way round"))).toEqual([])
  })

  it("--strict refuses dropped respondents, not the rows that are no respondents: a title above the header, a row of question texts that skip: names", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-cal-strict-"))
    const text = fs.readFileSync(survey, "utf8")
    const eol = text.indexOf("\r\n")
    // A title above the header, and a row of question texts under it.
    const titled = path.join(dir, "survey.csv")
    fs.writeFileSync(titled, `Guest survey export\r\n${text.slice(0, eol)}\r\nRespondent;Why did you come?;Coupon?;How satisfied?;Recommend?;Effort?;Happy?;Still a guest?;Spend;Wait;Weight;Comment;Source${text.slice(eol)}`)
    // Every guest a segment: "other" without a coupon counted as a bargain hunter too.
    const everyone = path.join(dir, "map.yaml")
    const mapText = fs.readFileSync(map, "utf8")
    expect(mapText).toContain("    - { when: { occasion: other, coupon: yes }, persona: bargain-hunter }\n")
    fs.writeFileSync(everyone, mapText.replace("    - { when: { occasion: other, coupon: yes }, persona: bargain-hunter }\n", "    - { when: { occasion: other }, persona: bargain-hunter }\n").replace('decimal: ","', 'decimal: ","\nskip: 1'))
    const r = await cxsim(["calibrate", scenario, "--survey", titled, "--map", everyone, ...quick, "--strict", "--format", "json"])
    expect([r.code, r.err]).toEqual([0, ""])
    const doc = JSON.parse(r.out) as { survey: { rows: number; dropped: Array<{ reason: string; rows: number }> } }
    expect(doc.survey.rows).toBe(2040)
    expect(doc.survey.dropped).toEqual([
      { reason: "above the header", rows: 1 },
      { reason: "skipped after the header", rows: 1 }
    ])
    // Dropped respondents are still refused (with the shipped mapping, no skip: the row of question texts is read as one, of no segment).
    const dropped = await cxsim(["calibrate", scenario, "--survey", titled, "--map", map, ...quick, "--strict"])
    expect(dropped.code).toBe(3)
    expect(dropped.err).toContain("41 rows would be dropped: no segment")
    expect(dropped.err).not.toContain("above the header")
  })

  it("refuses what it cannot use, with the documented exit codes", async () => {
    expect((await cxsim(["calibrate", scenario, "--map", map])).code).toBe(2)
    const noMap = await cxsim(["calibrate", scenario, "--survey", survey])
    expect(noMap.code).toBe(2)
    expect(noMap.err).toContain("--map MAP.yaml is required")
    expect((await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, "--format", "xml"])).code).toBe(2)
    const optimizer = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, "--optimizer", "cma"])
    expect(optimizer.code).toBe(2)
    expect(optimizer.err).toContain('unknown optimizer "cma"')
    const where = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--fit-where", "food_wait <= 20"])
    expect(where.code).toBe(3)
    expect(where.err).toContain("--fit-where")
    expect(where.err).not.toMatch(/at .*\.js:\d+/)
    const strict = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--strict"])
    expect(strict.code).toBe(3)
    expect(strict.err).toContain("40 rows would be dropped: no segment")
    // --write into nothing, or into a file: a usage error before the fit, not an I/O error after it.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-write-")), "notes.txt")
    fs.writeFileSync(file, "mine")
    for (const [dir, message] of [
      ["", "cxsim calibrate: --write needs a folder, in-place or variant:NAME"],
      [file, `cxsim calibrate: --write ${file}: a file of that name exists; give a folder`]
    ] as const) {
      const w = await cxsim(["calibrate", scenario, "--survey", survey, "--map", map, ...quick, "--write", dir])
      expect([w.code, w.err.split("\n")[0]]).toEqual([2, message])
    }
    expect(fs.readFileSync(file, "utf8")).toBe("mine")
  })

  it("has help within 80 columns", async () => {
    const h = await cxsim(["calibrate", "--help"])
    expect(h.code).toBe(0)
    expect(h.out).toContain("Usage: cxsim calibrate SCENARIO --survey FILE --map MAP.yaml")
    for (const line of h.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
  })
})
