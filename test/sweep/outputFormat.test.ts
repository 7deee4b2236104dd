/**
 * A sweep's output format follows its file's name: sweep.ndjson holds NDJSON and k.csv CSV,
 * whatever the design's `format` says; an explicit `format` option decides; a .parquet file
 * (which a sweep cannot append to) is refused before anything runs.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { mergeSweep, sweep } from "../../src/api/sweep.js"
import { UsageError } from "../../src/load/errors.js"
import { root } from "../support/cli.js"

const scenario = path.join(root, "scenarios", "restaurant.yaml")

const design = (format?: string): string =>
  `parameters:\n  - { path: journey.touchpoints.kitchen.service.food-wait.mean, values: [10, 20] }\ncustomers: 300\nmetrics: [csat]\n` +
  (format === undefined ? "" : `format: ${format}\n`)

const setup = (format?: string): { dir: string; designFile: string } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-sweep-format-"))
  const designFile = path.join(dir, "design.yaml")
  fs.writeFileSync(designFile, design(format))
  return { dir, designFile }
}

const firstTwo = (file: string): string[] => fs.readFileSync(file, "utf8").split("\n").slice(0, 2)

describe("sweep: the output format", () => {
  it("is NDJSON for a .ndjson or .jsonl file, when neither the options nor the design say", async () => {
    const { dir, designFile } = setup()
    for (const name of ["s.ndjson", "s.jsonl"]) {
      const out = path.join(dir, name)
      const r = await sweep(scenario, designFile, { out, workers: 1 })
      expect(r.format).toBe("ndjson")
      const [meta, row] = firstTwo(out)
      expect(JSON.parse(meta ?? "")).toMatchObject({ cxsim: "sweep" })
      expect(JSON.parse(row ?? "")).toMatchObject({ point: 0, segment: expect.any(String), metric: "csat" })
    }
  })

  it("follows the file's name before the design's format; the format option decides", async () => {
    const { dir, designFile } = setup("ndjson")
    const csv = await sweep(scenario, designFile, { out: path.join(dir, "s.csv"), workers: 1 })
    expect(csv.format).toBe("csv")
    expect(firstTwo(path.join(dir, "s.csv"))[1]).toBe("point,replication,seed,journey.touchpoints.kitchen.service.food-wait.mean,segment,metric,value,lo,hi")
    // Another name: the design's format, as before.
    expect((await sweep(scenario, designFile, { out: path.join(dir, "s.out"), workers: 1 })).format).toBe("ndjson")
    expect((await sweep(scenario, designFile, { out: path.join(dir, "t.csv"), workers: 1, format: "ndjson" })).format).toBe("ndjson")
  })

  it("refuses a .parquet file with a UsageError that says why and what to do, and writes nothing", async () => {
    const { dir, designFile } = setup()
    const out = path.join(dir, "s.parquet")
    const e = await sweep(scenario, designFile, { out, workers: 1 }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(UsageError)
    expect((e as UsageError).message).toBe(`sweep: ${out}: a sweep is written as CSV or NDJSON, not Parquet (it is appended to point by point, so that it can be resumed)`)
    expect((e as UsageError).hint).toBe("name the file .csv or .ndjson, and convert the finished file (docs/sweep.md)")
    expect(fs.existsSync(out)).toBe(false)
  })

  it("a merge keeps its parts' format: a merged file named for another is refused; a scenario given as a part is told what --merge takes", async () => {
    const { dir, designFile } = setup()
    const parts = [1, 2].map((i) => path.join(dir, `part-${i}.csv`))
    for (const [i, out] of parts.entries()) await sweep(scenario, designFile, { out, workers: 1, shard: { index: i + 1, count: 2 } })
    for (const [name, as] of [["m.ndjson", "NDJSON"], ["m.parquet", "Parquet"]] as const) {
      const out = path.join(dir, name)
      const e = await mergeSweep(parts, out).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(UsageError)
      expect((e as UsageError).message).toBe(`${out}: the parts are CSV, not ${as}`)
      expect((e as UsageError).hint).toBe(`name the merged file .csv (--out ${path.join(dir, "m")}.csv)`)
      expect(fs.existsSync(out)).toBe(false)
    }
    expect((await mergeSweep(parts, path.join(dir, "m.csv"))).points).toBe(2)
    const e = await mergeSweep([scenario, ...parts], path.join(dir, "m2.csv")).catch((x: unknown) => x)
    expect(e).toMatchObject({ _tag: "UsageError", message: `${scenario} is not a cxsim sweep file`, hint: "--merge takes the shard files only: cxsim sweep --merge part-1.csv part-2.csv --out sweep.csv" })
  })

  it("a format option that is neither csv nor ndjson (a script in JavaScript) is a UsageError with a did-you-mean; nothing is written", async () => {
    const { dir, designFile } = setup()
    const out = path.join(dir, "s.txt")
    const e = await sweep(scenario, designFile, { out, workers: 1, format: "ndjsn" as "ndjson" }).catch((x: unknown) => x)
    expect(e).toMatchObject({ _tag: "UsageError", message: 'sweep: format must be csv or ndjson, got "ndjsn"', hint: 'did you mean "ndjson"?' })
    expect(fs.existsSync(out)).toBe(false)
  })
})
