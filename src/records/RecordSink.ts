/**
 * Writers of records files: CSV, NDJSON and Parquet, fed block after block in customer order
 * (engine/run.ts, `runRecordsEffect`), each writing as it goes so that memory stays flat at any
 * population. Numbers are written without locale: integers as digits, doubles with the fewest
 * digits that read back to the same double (JavaScript's `String(x)`), yes/no as true/false,
 * persona, outcome and touchpoint ids by name, nothing (CSV) or null (NDJSON, Parquet) for none.
 */
import { ParquetWriter, type ColumnSource } from "hyparquet-writer"
import { ByteWriter } from "hyparquet-writer"
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

/** Flush text to the file about every megabyte. */
const FLUSH_CHARS = 1 << 20

const textSink = (file: string, meta: RecordsMeta, model: ModelMeta, csv: boolean): RecordSink => {
  const { cols, kinds, labels } = columnsOf(model, meta.level)
  const out = new AtomicFile(file)
  const sidecar = csv ? new AtomicFile(`${file}.meta.json`) : undefined
  const F = cols.length
  const names = csv ? labels.map((ls) => ls.map(csvQuote)) : labels.map((ls) => ls.map((l) => JSON.stringify(l)))
  const keys = cols.map((c, k) => `${k === 0 ? "{" : ","}${JSON.stringify(c.name)}:`)
  const none = csv ? "" : "null"
  const sep = csv ? "," : ""
  let text = csv ? `${cols.map((c) => csvQuote(c.name)).join(",")}\n` : `${JSON.stringify({ meta })}\n`
  const cell = (kind: number, v: number, k: number): string => {
    switch (kind) {
      case K.int:
      case K.float:
        return String(v)
      case K.flag:
        return v === 1 ? "true" : "false"
      case K.optionalInt:
        return v < 0 ? none : String(v)
      default:
        return v < 0 ? none : names[k]![v]!
    }
  }
  return {
    write: (b) => {
      const d = b.data
      for (let r = 0; r < b.rows; r++) {
        const at = r * F
        let line = ""
        for (let k = 0; k < F; k++) line += (csv ? (k === 0 ? "" : sep) : keys[k]) + cell(kinds[k]!, d[at + k]!, k)
        text += csv ? `${line}\n` : `${line}}\n`
      }
      if (text.length >= FLUSH_CHARS) {
        out.write(text)
        text = ""
      }
    },
    finish: () => {
      out.write(text)
      text = ""
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

const parquetSink = (file: string, meta: RecordsMeta, model: ModelMeta): RecordSink => {
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
    const columnData: ColumnSource[] = cols.map((c, k) => ({ name: c.name, data: data[k]!.slice(0, n), type: types[k]!, nullable: nullable[k]! }))
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
export const openRecordSink = (file: string, format: RecordsFormat, meta: RecordsMeta, model: ModelMeta): RecordSink =>
  format === "parquet" ? parquetSink(file, meta, model) : textSink(file, meta, model, format === "csv")
