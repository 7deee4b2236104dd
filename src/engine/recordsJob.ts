/**
 * Per-customer records as a block job (design.md, contract — records): block b runs as in any
 * run, into its accumulator, and its customers' records are laid out as rows of numbers after it.
 * One pass gives the report and the records, so the records always agree with the report.
 *
 * A block's result: the accumulator (`layout(model).size` entries), then its records, in customer
 * order (and, within a customer, period and step order), either
 * - as numbers: `rows × columns` of them, row after row; identifiers are indices (persona,
 *   outcome, touchpoint; −1 for none) that the readers turn into names; or
 * - as bytes (`text` set): CSV or NDJSON text (records/RowText.ts), or Parquet column pages
 *   (records/ParquetPages.ts): the row count, the byte count, then the bytes themselves packed in
 *   the doubles that follow. The worker that ran the block encodes it, so the main thread has
 *   only bytes to write, in block order.
 * Plain TypeScript, no Effect: a worker imports this module.
 */
import { layout } from "./accumulator.js"
import { defineJob, type BlockRunner } from "./blockJob.js"
import type { CompiledModel, ModelMeta } from "./compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock } from "./kernel.js"
import { blockCustomers } from "./paired.js"
import { FORMAT_SLACK, formatRows, textLayout, type TextFormat } from "../records/RowText.js"
import { encodeBlock, maxBlockBytes, pageScratch, parquetLayout } from "../records/ParquetPages.js"

/** What a block's rows can be encoded as where they are computed: CSV or NDJSON text, or Parquet pages. */
export type RowsFormat = TextFormat | "parquet"

/** A row per customer, per touchpoint visit, or per period of the horizon. */
export type RecordLevel = "customer" | "visit" | "period"

export const recordLevels: ReadonlyArray<RecordLevel> = ["customer", "visit", "period"]

/**
 * How a column's numbers read: a whole number, a double, a yes/no (0/1), a whole number or none
 * (−1), or the index of a persona, outcome or touchpoint (−1 for none).
 */
export type ColumnKind = "int" | "float" | "flag" | "optionalInt" | "persona" | "outcome" | "touchpoint"

export interface RecordColumn {
  readonly name: string
  readonly kind: ColumnKind
  readonly description: string
}

const col = (name: string, kind: ColumnKind, description: string): RecordColumn => ({ name, kind, description })

/** The columns of a level's rows, in order. */
export const recordColumns = (meta: Pick<ModelMeta, "dimensions">, level: RecordLevel): ReadonlyArray<RecordColumn> => {
  const who = [col("customer", "int", "index of the synthetic customer, from 0"), col("persona", "persona", "the customer's persona (segment)")]
  if (level === "visit") {
    return [
      ...who,
      col("period", "int", "period of the horizon, from 0 (0 is the first visit)"),
      col("step", "int", "position of the visit in the period's journey, from 0"),
      col("touchpoint", "touchpoint", "the touchpoint visited"),
      col("experience", "float", "value of the moment as lived: service against expectations, minus effort (negative: below expectations)"),
      col("failed", "flag", "the touchpoint failed")
    ]
  }
  if (level === "period") {
    return [
      ...who,
      col("period", "int", "period of the horizon, from 0; a customer has rows up to the period they churned in"),
      col("outcome", "outcome", "how the period's journey ended; empty when the customer gave up"),
      col("completed", "flag", "the journey reached a completed outcome"),
      col("satisfaction", "float", "satisfaction with the period's journey, 0–10"),
      col("cumulative_satisfaction", "float", "satisfaction carried over the periods so far, 0–10, which anchors retention"),
      col("churned", "flag", "the customer left after this period"),
      col("revenue", "float", "revenue of the period")
    ]
  }
  return [
    ...who,
    ...meta.dimensions.map((d) => col(`expected_${d}`, "float", `expected level of ${d} before the first visit, in the dimension's unit`)),
    col("remembered", "float", "the first journey as remembered (peak, end and average of its moments; minus the penalty for not completing)"),
    col("satisfaction", "float", "satisfaction with the first journey, 0–10"),
    col("csat", "int", "CSAT answer, 1–5"),
    col("ltr", "int", "likelihood to recommend, 0–10 (9–10 promoter, 0–6 detractor)"),
    col("ces", "int", "customer effort score, 1–7"),
    col("outcome", "outcome", "how the first journey ended; empty when the customer gave up"),
    col("completed", "flag", "the first journey reached a completed outcome"),
    col("abandoned_at", "touchpoint", "touchpoint where the customer gave up on the first journey; empty otherwise"),
    col("churn_period", "optionalInt", "period after which the customer left; empty when retained over the horizon"),
    col("revenue", "float", "revenue over the horizon"),
    col("cost", "float", "cost to serve over the horizon")
  ]
}

/** The names each column's values print (identifier columns: by index), none for other columns. */
export const recordLabels = (meta: ModelMeta, cols: ReadonlyArray<RecordColumn>): ReadonlyArray<ReadonlyArray<string>> =>
  cols.map((c) =>
    c.kind === "persona" ? meta.personas.map((p) => p.id) : c.kind === "outcome" ? meta.outcomes.map((o) => o.id) : c.kind === "touchpoint" ? meta.touchpoints.map((t) => t.id) : []
  )

export interface RecordsPayload {
  readonly model: CompiledModel
  readonly level: RecordLevel
  /** Encode the rows in the job: CSV or NDJSON text, or Parquet pages. @default none: rows as numbers */
  readonly text?: RowsFormat | undefined
}

/** A block's records as the job laid them out: numbers, or text. */
export interface BlockRecords {
  readonly rows: number
  /** Row r's column k at r·columns + k (when the job gave numbers). */
  readonly data: Float64Array | undefined
  /** The rows as bytes (when the job encoded them): text, or Parquet pages. */
  readonly bytes: Uint8Array | undefined
}

/** Read the records that follow a block's accumulator (`accSize` entries) in its result. */
export const blockRecords = (result: Float64Array, accSize: number, columns: number, text: boolean): BlockRecords => {
  if (!text) {
    const data = result.subarray(accSize)
    return { rows: data.length / columns, data, bytes: undefined }
  }
  const rows = result[accSize]!
  const bytes = new Uint8Array(result.buffer, result.byteOffset + (accSize + 2) * 8, result[accSize + 1]!)
  return { rows, data: undefined, bytes }
}

/** Lay out block `block`'s records after its accumulator; returns the filled view of `out`. */
const encode = (m: CompiledModel, level: RecordLevel, rec: ReturnType<typeof makeRecords>, block: number, count: number, F: number, accSize: number, grow: (n: number) => Float64Array): Float64Array => {
  const first = block * BLOCK_SIZE
  if (level === "customer") {
    const nD = m.nDims
    const out = grow(accSize + count * F)
    let at = accSize
    for (let c = 0; c < count; c++) {
      out[at++] = first + c
      out[at++] = rec.persona[c]!
      // The kernel holds levels signed so that more is better: back to the dimension's unit.
      for (let d = 0; d < nD; d++) out[at++] = m.dimSign[d]! * rec.expected[c * nD + d]! + 0
      out[at++] = rec.remembered[c]!
      out[at++] = rec.satisfaction[c]!
      out[at++] = rec.csat[c]!
      out[at++] = rec.ltr[c]!
      out[at++] = rec.ces[c]!
      const o = rec.outcome[c]!
      out[at++] = o
      out[at++] = o >= 0 ? m.outcomeCompleted[o]! : 0
      out[at++] = rec.abandonedAt[c]!
      out[at++] = rec.churnPeriod[c]!
      out[at++] = rec.revenue[c]!
      out[at++] = rec.cost[c]!
    }
    return out.subarray(0, at)
  }
  const rows = level === "visit" ? rec.visits! : rec.periods!
  const n = rows.rows
  const src = rows.data
  const w = rows.fields
  const out = grow(accSize + n * F)
  let at = accSize
  let lastC = -1
  let lastH = -1
  let step = 0
  for (let r = 0; r < n; r++) {
    const s = r * w
    const c = src[s]!
    const h = src[s + 1]!
    out[at++] = first + c
    out[at++] = rec.persona[c]!
    out[at++] = h
    if (level === "visit") {
      step = c === lastC && h === lastH ? step + 1 : 0
      lastC = c
      lastH = h
      out[at++] = step
      out[at++] = src[s + 2]!
      out[at++] = src[s + 3]!
      out[at++] = src[s + 4]!
    } else {
      const o = src[s + 2]!
      out[at++] = o
      out[at++] = o >= 0 ? m.outcomeCompleted[o]! : 0
      out[at++] = src[s + 3]!
      out[at++] = src[s + 4]!
      out[at++] = src[s + 5]!
      out[at++] = src[s + 6]!
    }
  }
  return out.subarray(0, at)
}

/** The records runner: `runVariable(block)` gives the block's accumulator followed by its rows. */
export const recordsRunner = (p: RecordsPayload): BlockRunner => {
  const m = p.model
  const lay = layout(m)
  const F = recordColumns(m.meta, p.level).length
  const scratch = makeScratch(m)
  const rec = makeRecords(BLOCK_SIZE, m.nDims, { visits: p.level === "visit", periods: p.level === "period" })
  let out = new Float64Array(lay.size + BLOCK_SIZE * F)
  const grow = (n: number): Float64Array => {
    if (n > out.length) {
      // Keep the accumulator already in place.
      const bigger = new Float64Array(Math.max(n, 2 * out.length))
      bigger.set(out.subarray(0, lay.size))
      out = bigger
    }
    return out
  }
  const cols = recordColumns(m.meta, p.level)
  const labels = recordLabels(m.meta, cols)
  const text = p.text === undefined || p.text === "parquet" ? undefined : textLayout(cols, labels, p.text)
  const pages = p.text === "parquet" ? { layout: parquetLayout(cols, labels), scratch: pageScratch() } : undefined
  // Bytes: the numbers are laid out first (in `nums`), then encoded after the accumulator in `out`.
  let nums = new Float64Array(BLOCK_SIZE * F)
  const growNums = (n: number): Float64Array => {
    if (n > nums.length) nums = new Float64Array(Math.max(n, 2 * nums.length))
    return nums
  }
  return {
    size: lay.size,
    run: () => {
      throw new Error("recordsRunner requires runVariable")
    },
    runVariable: (block) => {
      const count = blockCustomers(m.population, block)
      const acc = out.subarray(0, lay.size)
      acc.fill(0)
      runBlock(m, block, count, acc, lay, scratch, rec)
      if (text === undefined && pages === undefined) return encode(m, p.level, rec, block, count, F, lay.size, grow)
      const data = encode(m, p.level, rec, block, count, F, 0, growNums)
      const rows = data.length / F
      const at = lay.size + 2
      grow(at + Math.ceil((text === undefined ? maxBlockBytes(F, rows) : rows * text.maxRow + FORMAT_SLACK) / 8))
      const buf = new Uint8Array(out.buffer, at * 8)
      const bytes = text === undefined ? encodeBlock(pages!.layout, pages!.scratch, data, rows, buf, 0) : formatRows(text, data, rows, buf, 0)
      out[lay.size] = rows
      out[lay.size + 1] = bytes
      return out.subarray(0, at + Math.ceil(bytes / 8))
    }
  }
}

/** Records as a block job for the worker pool. */
export const recordsJob = defineJob(import.meta.url, "recordsJob", recordsRunner)
