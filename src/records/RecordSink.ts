/**
 * Writers of records files: CSV, NDJSON and Parquet, fed block after block in customer order
 * (engine/run.ts, `runRecordsEffect`), each writing as it goes so that memory stays flat at any
 * population. The workers encode the rows: CSV and NDJSON as text (RowText.ts), which the writer
 * copies into big writes; Parquet as column pages (ParquetPages.ts), which the writer gathers
 * into row groups. Parquet holds the doubles themselves; yes/no as BOOLEAN; persona, outcome and
 * touchpoint ids by name; null for none.
 */
import type { writeMetadata } from "hyparquet-writer/src/metadata.js"
import type { ModelMeta } from "../engine/compile.js"
import { recordColumns, recordLabels, type RecordLevel, type RowsFormat } from "../engine/recordsJob.js"
import type { RecordBlock } from "../engine/run.js"
import { AtomicFile } from "./AtomicFile.js"
import type { RecordsFormat, RecordsMeta } from "./RecordsMeta.js"
import { dictionaryPage, pageInfo, parquetLayout, type ParquetLayout } from "./ParquetPages.js"
import { headLine, type TextFormat } from "./RowText.js"

export { DECIMALS } from "./RowText.js"

// The footer's types as the writer's own reader package declares them.
type FileMetaData = Parameters<typeof writeMetadata>[1]
type SchemaElement = FileMetaData["schema"][number]
type RowGroup = FileMetaData["row_groups"][number]
type ColumnChunk = RowGroup["columns"][number]
type Statistics = NonNullable<NonNullable<ColumnChunk["meta_data"]>["statistics"]>

export interface RecordSink {
  /** The bytes the sink wants its blocks in (they then come with `bytes`): CSV or NDJSON text, Parquet pages; or none (numbers in `data`). */
  readonly text: RowsFormat | undefined
  /** Write a block's rows (synchronously: the producer waits, memory stays flat). */
  readonly write: (b: RecordBlock) => void
  /** Complete the file(s) and publish them. */
  readonly finish: () => void
  /** Remove what was written: nothing is left that looks complete. */
  readonly abort: () => void
}

/** A level's columns, and the names that identifier columns print. */
const columnsOf = (meta: ModelMeta, level: RecordLevel) => {
  const cols = recordColumns(meta, level)
  return { cols, labels: recordLabels(meta, cols) }
}

/** Bytes gathered into writes of about a megabyte; a block of at least DIRECT_BYTES is written as it is, without a copy. */
const WRITE_BYTES = 1 << 20
const DIRECT_BYTES = 1 << 16

const textSink = (file: string, meta: RecordsMeta, model: ModelMeta, format: TextFormat): RecordSink => {
  const out = new AtomicFile(file)
  const sidecar = format === "csv" ? new AtomicFile(`${file}.meta.json`) : undefined
  const buf = new Uint8Array(WRITE_BYTES)
  let n = 0
  const put = (b: Uint8Array): void => {
    if (n + b.length > buf.length || b.length >= DIRECT_BYTES) {
      if (n > 0) out.write(buf.subarray(0, n))
      n = 0
      if (b.length >= DIRECT_BYTES) return out.write(b)
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

/**
 * Rows per Parquet row group, at least: a group is the whole blocks that reach this many rows
 * (64 blocks of customers; a block's visits or periods are never split). A group's pages are
 * held in memory until it is written, no more.
 */
export const PARQUET_ROW_GROUP = 65_536

/**
 * Parquet from pages the workers encoded (ParquetPages.ts): a block's bytes are kept until its
 * row group is complete; the group is then written column after column (each id column's
 * dictionary page first, then the blocks' pages in order), and its chunks' offsets, sizes and
 * statistics go to the footer, which hyparquet-writer serialises.
 */
const parquetSink = async (file: string, meta: RecordsMeta, model: ModelMeta): Promise<RecordSink> => {
  // Loaded only for Parquet, so that other runs do not pay for it at start-up.
  const [{ ByteWriter }, { writeMetadata }] = await Promise.all([import("hyparquet-writer"), import("hyparquet-writer/src/metadata.js")])
  const { cols, labels } = columnsOf(model, meta.level)
  const lay = parquetLayout(cols, labels)
  const F = cols.length
  const out = new AtomicFile(file)
  const schema: SchemaElement[] = [
    { name: "root", num_children: F },
    ...cols.map((c, k): SchemaElement => {
      const repetition_type = lay.nullable[k] ? ("OPTIONAL" as const) : ("REQUIRED" as const)
      const type = lay.types[k]!
      return type === "BYTE_ARRAY" ? { name: c.name, type, converted_type: "UTF8", repetition_type } : { name: c.name, type, repetition_type }
    })
  ]
  const dictionaries = lay.byRank.map((_, k) => (lay.types[k] === "BYTE_ARRAY" ? dictionaryPage(labels[k]!) : undefined))
  const rowGroups: RowGroup[] = []
  let offset = 0
  const write = (b: Uint8Array): void => {
    out.write(b)
    offset += b.length
  }
  write(PAR1)
  // The group being gathered: its blocks' bytes one after another, where each starts, its rows.
  let group = new Uint8Array(1 << 20)
  let used = 0
  const starts: number[] = []
  let rows = 0
  let outBuf = new Uint8Array(1 << 20)
  const flush = (): void => {
    if (starts.length === 0) return
    const blocks = starts.map((at) => group.subarray(at))
    const infos = blocks.map((b) => Array.from({ length: F }, (_, k) => pageInfo(b, k)))
    let size = 0
    for (let k = 0; k < F; k++) size += dictionaries[k]?.length ?? 0
    for (const info of infos) for (const page of info) size += page.length
    if (outBuf.length < size) outBuf = new Uint8Array(Math.max(size, 2 * outBuf.length))
    let p = 0
    const columns: ColumnChunk[] = []
    for (let k = 0; k < F; k++) {
      const chunkStart = offset + p
      const dict = dictionaries[k]
      if (dict !== undefined) {
        outBuf.set(dict, p)
        p += dict.length
      }
      const dataStart = offset + p
      let uncompressed = dict?.length ?? 0
      let nulls = 0
      let min = NaN
      let max = NaN
      for (const [i, b] of blocks.entries()) {
        const page = infos[i]![k]!
        outBuf.set(b.subarray(page.start, page.start + page.length), p)
        p += page.length
        uncompressed += page.uncompressed
        nulls += page.nulls
        // NaN: a page without values, or no value yet.
        if (!Number.isNaN(page.min) && !(page.min >= min)) min = page.min
        if (!Number.isNaN(page.max) && !(page.max <= max)) max = page.max
      }
      columns.push({
        file_offset: BigInt(chunkStart),
        meta_data: {
          type: lay.types[k]!,
          encodings: [...(dict === undefined ? [] : ["PLAIN" as const]), ...(lay.nullable[k] ? ["RLE" as const] : []), lay.encodings[k]!],
          path_in_schema: [cols[k]!.name],
          codec: "UNCOMPRESSED",
          num_values: BigInt(rows),
          total_uncompressed_size: BigInt(uncompressed),
          total_compressed_size: BigInt(offset + p - chunkStart),
          data_page_offset: BigInt(dataStart),
          ...(dict === undefined ? {} : { dictionary_page_offset: BigInt(chunkStart) }),
          statistics: statistics(lay, k, nulls, min, max)
        }
      })
    }
    write(outBuf.subarray(0, p))
    rowGroups.push({
      columns,
      num_rows: BigInt(rows),
      total_byte_size: columns.reduce((n, c) => n + (c.meta_data?.total_uncompressed_size ?? 0n), 0n),
      total_compressed_size: BigInt(p)
    })
    used = 0
    starts.length = 0
    rows = 0
  }
  return {
    text: "parquet",
    write: (b) => {
      const bytes = b.bytes
      if (bytes === undefined) throw new Error("RecordSink.write requires the rows as Parquet pages")
      // Each block's bytes start at a multiple of 8 (its directory holds doubles).
      const at = Math.ceil(used / 8) * 8
      if (at + bytes.length > group.length) {
        const bigger = new Uint8Array(Math.max(at + bytes.length, 2 * group.length))
        bigger.set(group.subarray(0, used))
        group = bigger
      }
      group.set(bytes, at)
      used = at + bytes.length
      starts.push(at)
      rows += b.rows
      if (rows >= PARQUET_ROW_GROUP) flush()
    },
    finish: () => {
      flush()
      const footer = new ByteWriter()
      writeMetadata(footer, {
        version: 2,
        created_by: `cxsim ${meta.engine.version}`,
        schema,
        num_rows: rowGroups.reduce((n, g) => n + g.num_rows, 0n),
        row_groups: rowGroups,
        key_value_metadata: [{ key: "cxsim", value: JSON.stringify(meta) }],
        metadata_length: 0
      })
      footer.appendBytes(PAR1)
      write(footer.getBytes())
      out.commit()
    },
    abort: () => out.abort()
  }
}

const PAR1 = new TextEncoder().encode("PAR1")

/** A chunk's statistics: its nulls, and its smallest and largest values (none when it has none). */
const statistics = (lay: ParquetLayout, k: number, nulls: number, min: number, max: number): Statistics => {
  const null_count = BigInt(nulls)
  if (Number.isNaN(min) || Number.isNaN(max)) return { null_count }
  const type = lay.types[k]
  if (type === "BYTE_ARRAY") return { null_count, min_value: lay.byRank[k]![min]!, max_value: lay.byRank[k]![max]! }
  if (type === "BOOLEAN") return { null_count, min_value: min === 1, max_value: max === 1 }
  // Parquet's rule for a zero: −0 as the minimum, +0 as the maximum.
  return { null_count, min_value: min === 0 ? -0 : min, max_value: max === 0 ? 0 : max }
}

/** Open a records file of `format` for a run (its metadata) of a model (its ids). */
export const openRecordSink = async (file: string, format: RecordsFormat, meta: RecordsMeta, model: ModelMeta): Promise<RecordSink> =>
  format === "parquet" ? parquetSink(file, meta, model) : textSink(file, meta, model, format)
