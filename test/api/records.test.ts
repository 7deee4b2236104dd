/**
 * Per-customer records: the report's figures recomputed from the records equal the report's;
 * the same bytes for 1 and 2 workers in every format and level; Parquet read back by an
 * independent reader equals the CSV; the library's async iterable gives the same rows.
 */
import { parquetMetadata, parquetReadObjects } from "hyparquet"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest"
import { load, simulateScenario } from "../../src/api.js"
import { records, writeRecords, type CustomerRecord, type PeriodRecord, type RecordLevel, type RecordRow, type VisitRecord } from "../../src/api/records.js"
import { mergeTextsEffect, simulateShard } from "../../src/api/shards.js"
import { Effect } from "effect"
import { closeIdleWorkers } from "../../src/engine/pool.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import type { FilledSegment, Report } from "../../src/report/Report.js"
import { filled } from "../report/fixture.js"

const root = path.resolve(import.meta.dirname, "..", "..")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-records-"))
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
  await closeIdleWorkers()
})

type Value = string | number | boolean | null
type Meta = { readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>; readonly [k: string]: unknown }

/** Parse a records CSV written by cxsim (no quoted fields in these scenarios) with its sidecar's types. */
const readCsv = (file: string): { meta: Meta; rows: Array<Record<string, Value>> } => {
  const meta = JSON.parse(fs.readFileSync(`${file}.meta.json`, "utf8")) as Meta
  const [header, ...lines] = fs.readFileSync(file, "utf8").trimEnd().split("\n")
  expect(header!.split(",")).toEqual(meta.columns.map((c) => c.name))
  const rows = lines.map((line) => {
    // One expect per failing line only: an expect per line is most of the parse's time.
    if (line.includes('"')) expect(line).not.toContain('"')
    const cells = line.split(",")
    const row: Record<string, Value> = {}
    meta.columns.forEach((c, k) => {
      const s = cells[k]!
      row[c.name] = s === "" ? null : c.type === "string" ? s : c.type === "boolean" ? s === "true" : Number(s)
    })
    return row
  })
  return { meta, rows }
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0

/**
 * Rows equal, doubles as CSV writes them: to 9 decimals (RecordSink.ts, DECIMALS), so within
 * 5e-10 and the last bit of the double.
 */
const expectSameRows = (got: ReadonlyArray<Readonly<Record<string, unknown>>>, want: ReadonlyArray<Readonly<Record<string, unknown>>>): void => {
  expect(got.length).toBe(want.length)
  got.forEach((row, i) => {
    const w = want[i]!
    // Column names hold no comma (they are a CSV header's cells): equal joined, equal as lists.
    if (Object.keys(row).join(",") !== Object.keys(w).join(",")) expect(Object.keys(row)).toEqual(Object.keys(w))
    for (const [k, v] of Object.entries(row)) {
      const x = w[k]
      if (typeof v === "number" && typeof x === "number" && !Number.isInteger(v)) {
        if (Math.abs(v - x) > 5e-10 + 1e-15 * Math.abs(v)) expect({ row: i, column: k, value: x }).toEqual({ row: i, column: k, value: v })
      } else if (v !== x) expect({ row: i, column: k, value: x }).toEqual({ row: i, column: k, value: v })
    }
  })
}

const groupBy = <T>(xs: ReadonlyArray<T>, key: (x: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>()
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x])
  return m
}

let support: ResolvedScenario
let restaurant: ResolvedScenario
beforeAll(async () => {
  support = await load(path.join(root, "scenarios", "support.yaml"))
  restaurant = await load(path.join(root, "scenarios", "restaurant.yaml"))
})

describe("customer records", () => {
  const N = 4100
  let report: Report
  let rows: Array<Record<string, Value>>
  let meta: Meta
  beforeAll(async () => {
    const file = path.join(dir, "support.csv")
    report = await writeRecords(support, file, { customers: N, workers: 1 })
    ;({ rows, meta } = readCsv(file))
  })

  it("the run's report is the one a run without records gives", async () => {
    expect(JSON.stringify(report)).toBe(JSON.stringify(await simulateScenario(support, { customers: N, workers: 1 })))
  })

  it("one row per customer, in order, with the run's metadata", () => {
    expect(rows.map((r) => r["customer"])).toEqual(Array.from({ length: N }, (_, i) => i))
    expect(meta).toMatchObject({
      engine: { name: "cxsim", version: report.engine.version },
      scenario: { name: "support", hash: report.scenario.hash },
      variant: null,
      seed: report.seed,
      customers: N,
      level: "customer"
    })
    expect(meta.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(["persona", ...report.dimensions.map((d) => `expected_${d}`), "remembered", "satisfaction", "csat", "ltr", "ces", "outcome", "abandoned_at", "churn_period", "revenue"])
    )
  })

  it("per segment, n, completion, outcomes, CSAT, NPS, CES, satisfaction, churn, revenue and abandonment recomputed from the records equal the report's", () => {
    const bySegment = groupBy(rows, (r) => String(r["persona"]))
    const check = (seg: FilledSegment, rs: ReadonlyArray<Record<string, Value>>): void => {
      const n = rs.length
      const num = (k: string): number[] => rs.map((r) => r[k] as number)
      const count = (f: (r: Record<string, Value>) => boolean): number => rs.filter(f).length
      expect(seg.n).toBe(n)
      expect(seg.completion.count).toBe(count((r) => r["completed"] === true))
      for (const o of report.outcomes) expect(seg.outcomes[o.id]).toBe(r6(count((r) => r["outcome"] === o.id) / n))
      expect(seg.csat.distribution).toEqual([1, 2, 3, 4, 5].map((v) => r6(count((r) => r["csat"] === v) / n)))
      expect(seg.nps.distribution).toEqual(Array.from({ length: 11 }, (_, v) => r6(count((r) => r["ltr"] === v) / n)))
      expect(seg.ces.distribution).toEqual(Array.from({ length: 7 }, (_, v) => r6(count((r) => r["ces"] === v + 1) / n)))
      expect(seg.csat.mean).toBeCloseTo(num("csat").reduce((a, b) => a + b, 0) / n, 6)
      const nps = (100 * (count((r) => (r["ltr"] as number) >= 9) - count((r) => (r["ltr"] as number) <= 6))) / n
      expect(seg.nps.mean).toBeCloseTo(nps, 6)
      expect(seg.satisfaction.mean).toBeCloseTo(num("satisfaction").reduce((a, b) => a + b, 0) / n, 6)
      expect(seg.churn.count).toBe(count((r) => r["churn_period"] !== null))
      expect(seg.revenue.total).toBeCloseTo(num("revenue").reduce((a, b) => a + b, 0), 4)
      expect(seg.revenue.cost).toBeCloseTo(num("cost").reduce((a, b) => a + b, 0), 4)
      const abandoned = groupBy(
        rs.filter((r) => r["abandoned_at"] !== null),
        (r) => String(r["abandoned_at"])
      )
      expect(Object.fromEntries(seg.abandonedAt.map((a) => [a.touchpoint, a.count]))).toEqual(Object.fromEntries([...abandoned].map(([t, xs]) => [t, xs.length])))
      // Retention per period from the churn periods.
      let left = n
      for (const p of seg.retention) {
        left -= count((r) => r["churn_period"] === p.period - 1)
        expect(p.retained).toBe(r6(left / n))
      }
    }
    expect(report.segments.length).toBeGreaterThan(1)
    for (const seg of report.segments.map(filled)) check(seg, bySegment.get(seg.id) ?? [])
    check(report.overall, rows)
  })

  it("expected levels are in the dimension's unit: per persona, centred on the persona's expected level", () => {
    for (const p of support.personas) {
      const mine = rows.filter((r) => r["persona"] === p.id)
      for (const d of report.dimensions) {
        const e = p.expectations[d]!
        const xs = mine.map((r) => r[`expected_${d}`] as number)
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length
        // The draws spread as a normal of sd `spread` around `expected`: 5 standard errors.
        expect(Math.abs(mean - e.expected), `${p.id} ${d}`).toBeLessThanOrEqual((5 * e.spread) / Math.sqrt(xs.length) + 1e-9)
        if (e.spread > 0) expect(new Set(xs).size).toBe(xs.length)
      }
    }
  })

  it("the async iterable gives the same rows as the file", async () => {
    const got: RecordRow[] = []
    for await (const row of records(support, { customers: N, workers: 1 })) got.push(row)
    expectSameRows(got, rows)
  })

  it("breaking out of the async iterable stops the run", async () => {
    const got: RecordRow[] = []
    for await (const row of records(support, { customers: 5_000_000, workers: 2 })) {
      got.push(row)
      if (got.length === 3) break
    }
    expect(got.map((r) => r["customer"])).toEqual([0, 1, 2])
    expectSameRows(got, rows.slice(0, 3))
  })
})

describe("the rows' types", () => {
  // The names each level's row type declares, in the order of the file's columns.
  const declared: Record<RecordLevel, ReadonlyArray<string>> = {
    customer: ["customer", "persona", "remembered", "satisfaction", "csat", "ltr", "ces", "outcome", "completed", "abandoned_at", "churn_period", "revenue", "cost"],
    visit: ["customer", "persona", "period", "step", "touchpoint", "experience", "failed"],
    period: ["customer", "persona", "period", "outcome", "completed", "satisfaction", "cumulative_satisfaction", "churned", "revenue"]
  }
  const nullable = new Set(["outcome", "abandoned_at", "churn_period"])
  const typeOf = (name: string): string => (name === "persona" || name === "touchpoint" || name === "outcome" || name === "abandoned_at" ? "string" : name === "completed" || name === "failed" || name === "churned" ? "boolean" : "number")

  it("follow the level: a customer row by default, a visit or period row when asked", async () => {
    const scenario = await load(path.join(root, "scenarios", "restaurant.yaml"))
    const first = async <L extends RecordLevel>(level: L): Promise<Record<string, unknown>> => {
      for await (const row of records(scenario, { customers: 300, workers: 1, level })) return row as Record<string, unknown>
      throw new Error("no rows")
    }
    for await (const row of records(scenario, { customers: 2, workers: 1 })) {
      expectTypeOf(row).toEqualTypeOf<CustomerRecord>()
      expectTypeOf(row.churn_period).toEqualTypeOf<number | null>()
      expectTypeOf(row["expected_food-wait"]).toEqualTypeOf<number>()
    }
    for await (const row of records(scenario, { customers: 2, level: "visit" })) expectTypeOf(row).toEqualTypeOf<VisitRecord>()
    for await (const row of records(scenario, { customers: 2, level: "period" })) expectTypeOf(row).toEqualTypeOf<PeriodRecord>()
    // The rows hold exactly the declared fields (and the customer level an expected_ per dimension), of the declared types.
    for (const level of ["customer", "visit", "period"] as const) {
      const row = await first(level)
      const names = Object.keys(row)
      const expected = level === "customer" ? names.filter((k) => k.startsWith("expected_")) : []
      expect(expected.map((k) => k.slice("expected_".length))).toEqual(level === "customer" ? Object.keys(scenario.dimensions) : [])
      expect(names.filter((k) => !k.startsWith("expected_"))).toEqual(declared[level])
      for (const [k, v] of Object.entries(row)) {
        if (v === null) expect(nullable.has(k), `${level} ${k}`).toBe(true)
        else expect(typeof v, `${level} ${k}`).toBe(k.startsWith("expected_") ? "number" : typeOf(k))
      }
    }
  })
})

describe("visit and period records", () => {
  const N = 3000
  let report: Report
  let visits: Array<Record<string, Value>>
  let periods: Array<Record<string, Value>>
  let customers: Array<Record<string, Value>>
  beforeAll(async () => {
    report = await writeRecords(support, path.join(dir, "v.csv"), { customers: N, workers: 1, level: "visit" })
    await writeRecords(support, path.join(dir, "p.csv"), { customers: N, workers: 1, level: "period" })
    await writeRecords(support, path.join(dir, "c.csv"), { customers: N, workers: 1 })
    visits = readCsv(path.join(dir, "v.csv")).rows
    periods = readCsv(path.join(dir, "p.csv")).rows
    customers = readCsv(path.join(dir, "c.csv")).rows
  })

  it("first-visit reach, visits and failures per touchpoint recomputed from the visit rows equal the report's", () => {
    const first = visits.filter((v) => v["period"] === 0)
    for (const seg of report.segments.map(filled)) {
      const mine = first.filter((v) => v["persona"] === seg.id)
      for (const t of seg.touchpoints) {
        const at = mine.filter((v) => v["touchpoint"] === t.touchpoint)
        expect(t.visits).toBe(r6(at.length / seg.n))
        expect(t.reach).toBe(r6(new Set(at.map((v) => v["customer"])).size / seg.n))
        expect(t.failures).toBe(r6(at.filter((v) => v["failed"] === true).length / seg.n))
      }
    }
  })

  it("visit rows run in customer, period and step order; a customer who gave up did so at their last visit", () => {
    // An expect only for a row that breaks the order: an expect per row was most of this test's time.
    for (let i = 1; i < visits.length; i++) {
      const a = visits[i - 1]!
      const b = visits[i]!
      const key = (r: Record<string, Value>): number[] => [r["customer"] as number, r["period"] as number, r["step"] as number]
      const [ca, pa, sa] = key(a)
      const [cb, pb, sb] = key(b)
      const ordered = cb! > ca! || (cb === ca && (pb! > pa! || (pb === pa && sb === sa! + 1)))
      if (!ordered) expect({ row: i, previous: [ca, pa, sa], row_: [cb, pb, sb], ordered }).toEqual({ row: i, previous: [ca, pa, sa], row_: [cb, pb, sb], ordered: true })
      if ((cb !== ca || pb !== pa) && !Object.is(sb, 0)) expect(sb).toBe(0)
    }
    const lastFirstVisit = new Map<number, Value>()
    for (const v of visits) if (v["period"] === 0) lastFirstVisit.set(v["customer"] as number, v["touchpoint"])
    for (const c of customers) {
      const last = lastFirstVisit.get(c["customer"] as number)
      if (c["abandoned_at"] !== null && !Object.is(last, c["abandoned_at"])) expect(last).toBe(c["abandoned_at"])
    }
  })

  it("period rows give the report's retention table, and agree with each customer's churn period", () => {
    for (const seg of report.segments.map(filled)) {
      const mine = periods.filter((p) => p["persona"] === seg.id)
      for (const row of seg.retention) {
        const at = mine.filter((p) => p["period"] === row.period - 1)
        expect(at.length).toBe(row.active)
        expect(at.filter((p) => p["churned"] === true).length).toBe(row.churned)
        expect(row.satisfaction).toBeCloseTo(at.reduce((a, p) => a + (p["satisfaction"] as number), 0) / Math.max(1, at.length), 6)
      }
    }
    const churnedIn = new Map<number, number>()
    for (const p of periods) if (p["churned"] === true) churnedIn.set(p["customer"] as number, p["period"] as number)
    for (const c of customers) {
      const churned = churnedIn.get(c["customer"] as number) ?? null
      if (!Object.is(churned, c["churn_period"])) expect(churned).toBe(c["churn_period"])
    }
    // The first period's satisfaction is the customer record's.
    const first = new Map(periods.filter((p) => p["period"] === 0).map((p) => [p["customer"], p["satisfaction"]]))
    for (const c of customers) if (!Object.is(first.get(c["customer"]), c["satisfaction"])) expect(first.get(c["customer"])).toBe(c["satisfaction"])
  })
})

/** 7 blocks of restaurant: the one-worker file of a level and format, written once for the tests that read it. */
const SEVEN_BLOCKS = 6 * 1024 + 5
const oneWorker = new Map<string, Promise<{ file: string; report: Report }>>()
const oneWorkerFile = (level: RecordLevel, ext: string): Promise<{ file: string; report: Report }> => {
  const key = `${level}.${ext}`
  const file = path.join(dir, `w1-${key}`)
  const made = oneWorker.get(key) ?? writeRecords(restaurant, file, { customers: SEVEN_BLOCKS, workers: 1, level }).then((report) => ({ file, report }))
  oneWorker.set(key, made)
  return made
}

describe("the same bytes for 1 and 2 workers", () => {
  for (const level of ["customer", "visit", "period"] as const) {
    it(`${level} rows, in CSV, NDJSON and Parquet`, async () => {
      for (const ext of ["csv", "ndjson", "parquet"]) {
        const { file: one } = await oneWorkerFile(level, ext)
        const two = path.join(dir, `w2-${level}.${ext}`)
        await writeRecords(restaurant, two, { customers: SEVEN_BLOCKS, workers: 2, level })
        expect(fs.readFileSync(two).equals(fs.readFileSync(one)), `${level} ${ext}`).toBe(true)
        if (ext === "csv") expect(fs.readFileSync(`${two}.meta.json`, "utf8")).toBe(fs.readFileSync(`${one}.meta.json`, "utf8"))
      }
    })
  }
})

describe("shards", () => {
  // 7 blocks: shards of 2, 2 and 3 blocks, the last one short.
  const N = SEVEN_BLOCKS
  const lines = (file: string): string[] => fs.readFileSync(file, "utf8").split("\n")
  const parts = (ext: string, level: RecordLevel) =>
    Promise.all(
      [1, 2, 3].map(async (index) => {
        const file = path.join(dir, `s${index}-${level}.${ext}`)
        const part = await simulateShard(restaurant, { customers: N, workers: index === 2 ? 2 : 1, shard: { index, count: 3 }, records: { file, level } })
        return { file, part: { file: `part-${index}.json`, text: part } }
      })
    )

  it("3 shards' CSV and NDJSON records, joined as docs/scale.md says, are the one-machine file; their parts merge to its report", async () => {
    for (const level of ["customer", "visit"] as const) {
      for (const ext of ["csv", "ndjson"]) {
        const { file: one, report } = await oneWorkerFile(level, ext)
        const ps = await parts(ext, level)
        // CSV: the header once; NDJSON: each file's first line is its metadata.
        const joined = ps.flatMap((p, i) => lines(p.file).slice(ext === "csv" && i === 0 ? 0 : 1, -1))
        expect(joined).toEqual(lines(one).slice(ext === "csv" ? 0 : 1, -1))
        const metas = ps.map((p) => (ext === "csv" ? JSON.parse(fs.readFileSync(`${p.file}.meta.json`, "utf8")) : JSON.parse(lines(p.file)[0]!).meta) as Meta)
        const whole = (ext === "csv" ? JSON.parse(fs.readFileSync(`${one}.meta.json`, "utf8")) : JSON.parse(lines(one)[0]!).meta) as Meta
        expect(whole["shard"]).toBe(null)
        const { shard: _, ...run } = whole
        metas.forEach((m, i) => {
          const { shard, ...rest } = m
          expect(rest).toEqual(run)
          expect(shard).toMatchObject({ index: i + 1, count: 3 })
        })
        expect(metas.map((m) => (m["shard"] as { customers: { from: number; to: number } }).customers)).toEqual([
          { from: 0, to: 2048 },
          { from: 2048, to: 4096 },
          { from: 4096, to: N }
        ])
        expect(JSON.stringify(await Effect.runPromise(mergeTextsEffect(ps.map((p) => p.part))))).toBe(JSON.stringify(report))
      }
    }
  })

  it("3 shards' Parquet files, read one after another, hold the one-machine file's rows", async () => {
    const read = async (file: string) => {
      const bytes = fs.readFileSync(file)
      return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })
    }
    const { file: one } = await oneWorkerFile("customer", "parquet")
    const ps = await parts("parquet", "customer")
    const joined = (await Promise.all(ps.map((p) => read(p.file)))).flat()
    expect(joined.length).toBe(N)
    expect(joined).toEqual(await read(one))
  })
})

describe("Parquet", () => {
  it("read back by an independent reader, it holds the CSV's rows, in row groups, with the run's metadata", async () => {
    const N = 70_000
    const csv = path.join(dir, "big.csv")
    const pq = path.join(dir, "big.parquet")
    await writeRecords(support, csv, { customers: N, level: "customer" })
    await writeRecords(support, pq, { customers: N, level: "customer" })
    const bytes = fs.readFileSync(pq)
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    const md = parquetMetadata(file)
    expect(md.row_groups.length).toBe(2)
    const kv = md.key_value_metadata?.find((k) => k.key === "cxsim")
    const { meta, rows } = readCsv(csv)
    const { numbers, ...same } = meta
    expect(JSON.parse(kv?.value ?? "{}")).toEqual({ ...same, numbers: expect.stringContaining("DOUBLE (exact)") })
    expect(numbers).toContain("9 decimals")
    const back = await parquetReadObjects({ file })
    expect(back.length).toBe(N)
    expectSameRows(back, rows)
  })
})

/** Each row group's chunks: their statistics (nulls, smallest and largest value) are those of the rows read back. */
const expectStatistics = (md: ReturnType<typeof parquetMetadata>, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): void => {
  let first = 0
  for (const g of md.row_groups) {
    const mine = rows.slice(first, first + Number(g.num_rows))
    first += Number(g.num_rows)
    for (const c of g.columns) {
      const name = c.meta_data!.path_in_schema[0]!
      const values = mine.map((r) => r[name]).filter((v) => v !== null)
      const st = c.meta_data!.statistics!
      expect({ name, nulls: st.null_count }).toEqual({ name, nulls: BigInt(mine.length - values.length) })
      if (values.length === 0) continue
      const less = (a: unknown, b: unknown): boolean => (typeof a === "string" ? Buffer.compare(Buffer.from(a), Buffer.from(String(b))) < 0 : (a as number) < (b as number))
      const min = values.reduce((a, b) => (less(b, a) ? b : a))
      const max = values.reduce((a, b) => (less(a, b) ? b : a))
      // A zero as either sign (Parquet writes a double's zero as −0 for the minimum).
      const z = (v: unknown): unknown => (typeof v === "number" ? v + 0 : v)
      expect({ name, min: z(st.min_value), max: z(st.max_value) }).toEqual({ name, min: z(min), max: z(max) })
    }
  }
  expect(first).toBe(rows.length)
}

describe("Parquet pages", () => {
  const read = (file: string) => {
    const bytes = fs.readFileSync(file)
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  }
  for (const level of ["visit", "period"] as const) {
    it(`${level} rows read back by an independent reader equal the CSV's; whole blocks make a row group; statistics hold`, async () => {
      // 4 blocks of restaurant, about 29,000 visit rows each: the first three make the first row
      // group (past 65,536 rows), the last one the second.
      const N = 4 * 1024 - 7
      const csv = path.join(dir, `pages-${level}.csv`)
      const pq = path.join(dir, `pages-${level}.parquet`)
      await writeRecords(restaurant, csv, { customers: N, workers: 1, level })
      await writeRecords(restaurant, pq, { customers: N, workers: 2, level })
      const file = read(pq)
      const back = await parquetReadObjects({ file })
      const { rows } = readCsv(csv)
      expectSameRows(back, rows)
      const md = parquetMetadata(file)
      // A row group ends at the first block boundary at or past 65,536 rows: at a customer's first row.
      let at = 0
      for (const g of md.row_groups.slice(0, -1)) {
        at += Number(g.num_rows)
        expect(at).toBeGreaterThanOrEqual(65_536)
        expect((back[at]!["customer"] as number) % 1024).toBe(0)
        expect(back[at - 1]!["customer"]).toBe((back[at]!["customer"] as number) - 1)
      }
      if (level === "visit") expect(md.row_groups.length).toBe(2)
      expectStatistics(md, back)
    })
  }

  it("customer rows: statistics hold, ids are dictionary-encoded, integers delta-encoded, doubles plain", async () => {
    const pq = path.join(dir, "pages-customer.parquet")
    await writeRecords(support, pq, { customers: 5000, workers: 2 })
    const file = read(pq)
    const md = parquetMetadata(file)
    expectStatistics(md, await parquetReadObjects({ file }))
    const encodings = Object.fromEntries(md.row_groups[0]!.columns.map((c) => [c.meta_data!.path_in_schema[0], c.meta_data!.encodings]))
    expect(encodings["persona"]).toContain("RLE_DICTIONARY")
    expect(encodings["customer"]).toEqual(["DELTA_BINARY_PACKED"])
    expect(encodings["satisfaction"]).toEqual(["PLAIN"])
  })
})

describe("files", () => {
  it("a records file without a known extension is refused before anything runs", async () => {
    await expect(writeRecords(support, path.join(dir, "r.txt"), { customers: 10 })).rejects.toMatchObject({ _tag: "UsageError" })
    expect(fs.existsSync(path.join(dir, "r.txt"))).toBe(false)
  })

  it("a file that cannot be written is a FileError, and no temporary file stays", async () => {
    const missing = path.join(dir, "no-such-dir", "r.csv")
    await expect(writeRecords(support, missing, { customers: 10 })).rejects.toMatchObject({ _tag: "FileError" })
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(".cxsim-tmp"))).toEqual([])
  })

  it("a misspelt level or format (a script in JavaScript, a value read from a file) is a UsageError with a did-you-mean, before anything runs", async () => {
    // Cast as a JavaScript caller would pass it: the types refuse these strings.
    const level = "visits" as RecordLevel
    await expect(writeRecords(support, path.join(dir, "lv.csv"), { customers: 10, level })).rejects.toMatchObject({
      _tag: "UsageError",
      message: 'writeRecords: level must be customer, visit or period, got "visits"',
      hint: 'did you mean "visit"?'
    })
    expect(fs.existsSync(path.join(dir, "lv.csv"))).toBe(false)
    await expect(writeRecords(support, path.join(dir, "fm.csv"), { customers: 10, format: "parquett" as "parquet" })).rejects.toMatchObject({
      _tag: "UsageError",
      message: 'writeRecords: format must be csv, ndjson or parquet, got "parquett"',
      hint: 'did you mean "parquet"?'
    })
    expect(fs.existsSync(path.join(dir, "fm.csv"))).toBe(false)
    const rows = records(support, { customers: 10, level: "Period" as RecordLevel })[Symbol.asyncIterator]()
    await expect(rows.next()).rejects.toMatchObject({ _tag: "UsageError", message: 'records: level must be customer, visit or period, got "Period"' })
  })
})
