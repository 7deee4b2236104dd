/**
 * Writers of records files: CSV, NDJSON and Parquet, fed block after block in customer order
 * (engine/run.ts, `runRecordsEffect`), each writing as it goes so that memory stays flat at any
 * population. CSV and NDJSON come formatted from the workers (RowText.ts): the writer only
 * copies bytes into big writes. Parquet holds the doubles themselves; yes/no as BOOLEAN;
 * persona, outcome and touchpoint ids by name; null for none.
 */
import type { ColumnSource } from "hyparquet-writer"
import type { ModelMeta } from "../engine/compile.js"
import { recordColumns, recordLabels, type RecordLevel } from "../engine/recordsJob.js"
import type { RecordBlock } from "../engine/run.js"
import { AtomicFile } from "./AtomicFile.js"
import type { RecordsFormat, RecordsMeta } from "./RecordsMeta.js"
import { headLine, K, type TextFormat } from "./RowText.js"

export { DECIMALS } from "./RowText.js"

export interface RecordSink {
  /** The text the sink wants its blocks in (they then come with `bytes`), or none (numbers in `data`). */
  readonly text: TextFormat | undefined
  /** Write a block's rows (synchronously: the producer waits, memory stays flat). */
  readonly write: (b: RecordBlock) => void
  /** Complete the file(s) and publish them. */
  readonly finish: () => void
  /** Remove what was written: nothing is left that looks complete. */
  readonly abort: () => void
}

/** Column kinds as codes, and the names that identifier columns print. */
const columnsOf = (meta: ModelMeta, level: RecordLevel) => {
  const cols = recordColumns(meta, level)
  return { cols, kinds: Int8Array.from(cols, (c) => K[c.kind]), labels: recordLabels(meta, cols) }
}

/** Bytes gathered into writes of about a megabyte. */
const WRITE_BYTES = 1 << 20

const textSink = (file: string, meta: RecordsMeta, model: ModelMeta, format: TextFormat): RecordSink => {
  const out = new AtomicFile(file)
  const sidecar = format === "csv" ? new AtomicFile(`${file}.meta.json`) : undefined
  const buf = new Uint8Array(WRITE_BYTES)
  let n = 0
  const put = (b: Uint8Array): void => {
    if (n + b.length > buf.length) {
      if (n > 0) out.write(buf.subarray(0, n))
      n = 0
      if (b.length > buf.length) return out.write(b)
    }
    buf.set(b, n)
    n += b.length
  }
  put(headLine(recordColumns(model, meta.level), meta, format))
  return {
    text: format,
    write: (b) => {
      if (b.bytes === undefined) throw new Error("RecordSink.write requires the rows as text")
      put(b.bytes)
    },
    finish: () => {
      if (n > 0) out.write(buf.subarray(0, n))
      n = 0
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
    text: undefined,
    write: (b) => {
      const d = b.data
      if (d === undefined) throw new Error("RecordSink.write requires the rows as numbers")
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
  format === "parquet" ? parquetSink(file, meta, model) : textSink(file, meta, model, format)
