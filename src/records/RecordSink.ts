/**
 * Writers of records files: CSV, NDJSON and Parquet, fed block after block in customer order
 * (engine/run.ts, `runRecordsEffect`), each writing as it goes so that memory stays flat at any
 * population. Numbers are written without locale: integers as digits; doubles in CSV and NDJSON
 * to 9 decimals with trailing zeros dropped (a fixed precision: far below any difference the
 * model makes, and several times cheaper than the shortest round-trip form), in Parquet as the
 * doubles themselves; yes/no as true/false; persona, outcome and touchpoint ids by name;
 * nothing (CSV) or null (NDJSON, Parquet) for none.
 */
import type { ColumnSource } from "hyparquet-writer"
import type { ModelMeta } from "../engine/compile.js"
import { recordColumns, type ColumnKind, type RecordLevel } from "../engine/recordsJob.js"
import type { RecordBlock } from "../engine/run.js"
import { AtomicFile } from "./AtomicFile.js"
import type { RecordsFormat, RecordsMeta } from "./RecordsMeta.js"

export interface RecordSink {
  /** Write a block's rows (synchronously: the producer waits, memory stays flat). */
  readonly write: (b: RecordBlock) => void
  /** Complete the file(s) and publish them. */
  readonly finish: () => void
  /** Remove what was written: nothing is left that looks complete. */
  readonly abort: () => void
}

const K = { int: 0, float: 1, flag: 2, optionalInt: 3, persona: 4, outcome: 5, touchpoint: 6 } as const satisfies Record<ColumnKind, number>

/** Column kinds as codes, and the names that identifier columns print. */
const columnsOf = (meta: ModelMeta, level: RecordLevel) => {
  const cols = recordColumns(meta, level)
  const labels = (kind: ColumnKind): ReadonlyArray<string> =>
    kind === "persona" ? meta.personas.map((p) => p.id) : kind === "outcome" ? meta.outcomes.map((o) => o.id) : kind === "touchpoint" ? meta.touchpoints.map((t) => t.id) : []
  return { cols, kinds: Int8Array.from(cols, (c) => K[c.kind]), labels: cols.map((c) => labels(c.kind)) }
}

const csvQuote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** Decimals of doubles in CSV and NDJSON: a fixed precision, trailing zeros dropped. */
export const DECIMALS = 9

const encoder = new TextEncoder()

/**
 * ASCII text written straight into bytes, numbers digit by digit: no string per value, so no
 * garbage per row (formatting is most of the cost of records). Flushed to the file about every
 * megabyte.
 */
class TextBytes {
  private buf = new Uint8Array((1 << 20) + (1 << 16))
  private n = 0
  private readonly digits = new Uint8Array(32)

  constructor(private readonly out: AtomicFile) {}

  /** Room for `k` more bytes (flushing first when the buffer is full). */
  room(k: number): void {
    if (this.n + k > this.buf.length) {
      this.flush()
      if (k > this.buf.length) this.buf = new Uint8Array(k)
    }
  }

  bytes(b: Uint8Array): void {
    const buf = this.buf
    let n = this.n
    for (let i = 0; i < b.length; i++) buf[n++] = b[i]!
    this.n = n
  }

  byte(c: number): void {
    this.buf[this.n++] = c
  }

  /** A whole number (|v| < 2^53). */
  int(v: number): void {
    let x = v
    if (x < 0) {
      this.buf[this.n++] = 45 // -
      x = -x
    }
    const d = this.digits
    let k = 0
    do {
      const q = Math.floor(x / 10)
      d[k++] = 48 + (x - q * 10)
      x = q
    } while (x > 0)
    while (k > 0) this.buf[this.n++] = d[--k]!
  }

  /** A double to DECIMALS decimals, trailing zeros dropped ("2.5", "-0.25", "1080"). */
  fixed(v: number): void {
    const neg = v < 0
    const a = neg ? -v : v
    let ip = Math.floor(a)
    let fp = Math.round((a - ip) * 1e9)
    if (fp >= 1e9) {
      ip += 1
      fp -= 1e9
    }
    if (neg && (ip > 0 || fp > 0)) this.buf[this.n++] = 45
    this.int(ip)
    if (fp === 0) return
    const d = this.digits
    for (let k = DECIMALS - 1; k >= 0; k--) {
      const q = Math.floor(fp / 10)
      d[k] = 48 + (fp - q * 10)
      fp = q
    }
    let end = DECIMALS
    while (d[end - 1] === 48) end--
    this.buf[this.n++] = 46 // .
    for (let k = 0; k < end; k++) this.buf[this.n++] = d[k]!
  }

  flush(): void {
    if (this.n > 0) this.out.write(this.buf.subarray(0, this.n))
    this.n = 0
  }
}

const textSink = (file: string, meta: RecordsMeta, model: ModelMeta, csv: boolean): RecordSink => {
  const { cols, kinds, labels } = columnsOf(model, meta.level)
  const out = new AtomicFile(file)
  const sidecar = csv ? new AtomicFile(`${file}.meta.json`) : undefined
  const F = cols.length
  const names = labels.map((ls) => ls.map((l) => encoder.encode(csv ? csvQuote(l) : JSON.stringify(l))))
  // What goes before each value: a comma (CSV), or the key (NDJSON).
  const before = cols.map((c, k) => encoder.encode(csv ? (k === 0 ? "" : ",") : `${k === 0 ? "{" : ","}${JSON.stringify(c.name)}:`))
  const none = encoder.encode(csv ? "" : "null")
  const yes = encoder.encode("true")
  const no = encoder.encode("false")
  const maxRow = before.reduce((n, b) => n + b.length, 0) + names.reduce((n, ls) => n + Math.max(24, ...ls.map((l) => l.length)), 0) + 8
  const text = new TextBytes(out)
  const head = encoder.encode(csv ? `${cols.map((c) => csvQuote(c.name)).join(",")}\n` : `${JSON.stringify({ meta })}\n`)
  text.room(head.length)
  text.bytes(head)
  return {
    write: (b) => {
      const d = b.data
      for (let r = 0; r < b.rows; r++) {
        text.room(maxRow)
        const at = r * F
        for (let k = 0; k < F; k++) {
          text.bytes(before[k]!)
          const v = d[at + k]!
          switch (kinds[k]) {
            case K.int:
              text.int(v)
              break
            case K.float:
              text.fixed(v)
              break
            case K.flag:
              text.bytes(v === 1 ? yes : no)
              break
            case K.optionalInt:
              if (v < 0) text.bytes(none)
              else text.int(v)
              break
            default:
              text.bytes(v < 0 ? none : names[k]![v]!)
          }
        }
        if (!csv) text.byte(125) // }
        text.byte(10)
      }
    },
    finish: () => {
      text.flush()
      sidecar?.write(`${JSON.stringify(meta, null, 2)}\n`)
      out.commit()
      sidecar?.commit()
    },
    abort: () => {
      out.abort()
      sidecar?.abort()
    }
  }
}

/** Rows per Parquet row group: whole columns of a group are held in memory, no more. */
export const PARQUET_ROW_GROUP = 65_536

const parquetSink = async (file: string, meta: RecordsMeta, model: ModelMeta): Promise<RecordSink> => {
  // Loaded only for Parquet, so that other runs do not pay for it at start-up.
  const { ByteWriter, ParquetWriter } = await import("hyparquet-writer")
  const { cols, kinds, labels } = columnsOf(model, meta.level)
  const out = new AtomicFile(file)
  const F = cols.length
  const G = PARQUET_ROW_GROUP
  // Typed columns for numbers; arrays where values may be null (ids, optional periods) or are booleans.
  const data = cols.map((_, k): Float64Array | Int32Array | Array<string | number | boolean | null> =>
    kinds[k] === K.float ? new Float64Array(G) : kinds[k] === K.int ? new Int32Array(G) : new Array<string | number | boolean | null>(G)
  )
  const types = cols.map((_, k): "DOUBLE" | "INT32" | "BOOLEAN" | "STRING" =>
    kinds[k] === K.float ? "DOUBLE" : kinds[k] === K.int || kinds[k] === K.optionalInt ? "INT32" : kinds[k] === K.flag ? "BOOLEAN" : "STRING"
  )
  const nullable = cols.map((_, k) => kinds[k]! >= K.optionalInt)
  // The file is written through a byte buffer drained into the temporary file after each group.
  const bytes = new ByteWriter()
  const drain = (): void => {
    out.write(new Uint8Array(bytes.buffer, 0, bytes.index))
    bytes.index = 0
  }
  const schema = [
    { name: "root", num_children: F },
    ...cols.map((c, k) => {
      const t = types[k]!
      const repetition_type = nullable[k] ? ("OPTIONAL" as const) : ("REQUIRED" as const)
      return t === "STRING" ? { name: c.name, type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const, repetition_type } : { name: c.name, type: t, repetition_type }
    })
  ]
  const writer = new ParquetWriter({ writer: bytes, schema, kvMetadata: [{ key: "cxsim", value: JSON.stringify(meta) }], createdBy: `cxsim ${meta.engine.version}` })
  let n = 0
  const flush = (): void => {
    if (n === 0) return
    // Doubles: plain encoding and no min/max statistics (a dictionary never pays for them, and
    // both cost more time than the rest of the column).
    const columnData: ColumnSource[] = cols.map((c, k) => ({
      name: c.name,
      data: data[k]!.slice(0, n),
      type: types[k]!,
      nullable: nullable[k]!,
      ...(types[k] === "DOUBLE" ? { encoding: "PLAIN" as const, statistics: false } : {})
    }))
    writer.write({ columnData, rowGroupSize: n })
    drain()
    n = 0
  }
  return {
    write: (b) => {
      const d = b.data
      for (let r = 0; r < b.rows; r++) {
        const at = r * F
        for (let k = 0; k < F; k++) {
          const v = d[at + k]!
          const kind = kinds[k]!
          const col = data[k]!
          if (kind <= K.float) col[n] = v
          else if (kind === K.flag) col[n] = v === 1
          else if (kind === K.optionalInt) col[n] = v < 0 ? null : v
          else col[n] = v < 0 ? null : labels[k]![v]!
        }
        if (++n === G) flush()
      }
    },
    finish: () => {
      flush()
      writer.finish()
      drain()
      out.commit()
    },
    abort: () => out.abort()
  }
}

/** Open a records file of `format` for a run (its metadata) of a model (its ids). */
export const openRecordSink = async (file: string, format: RecordsFormat, meta: RecordsMeta, model: ModelMeta): Promise<RecordSink> =>
  format === "parquet" ? parquetSink(file, meta, model) : textSink(file, meta, model, format === "csv")
