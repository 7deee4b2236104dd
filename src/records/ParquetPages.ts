/**
 * Records as Parquet column pages, written straight into bytes: the worker that computed a block
 * encodes its rows as one data page per column (DATA_PAGE_V2, uncompressed), so that the main
 * thread only gathers pages into row groups and writes the footer (RecordSink.ts). Plain
 * TypeScript, no dependency: the records job (engine/recordsJob.ts) runs it in the workers.
 *
 * Encodings, per column kind (the Parquet format specification, "Encodings"):
 * - whole numbers: INT32, DELTA_BINARY_PACKED (a customer index costs next to nothing, a 1–5
 *   answer a few bits);
 * - doubles: DOUBLE, PLAIN (the exact values; they do not compress);
 * - yes/no: BOOLEAN, PLAIN (a bit each);
 * - persona, outcome and touchpoint ids: UTF-8 strings, RLE_DICTIONARY over a dictionary that
 *   is known before the run (every id of the model, in model order), so that every block's page
 *   refers to the same dictionary page, which the main thread writes at the head of each chunk;
 * - none (null): OPTIONAL columns with definition levels (RLE / bit-packed hybrid, width 1).
 * Each page comes with what the chunk's metadata needs: its size, its nulls, min and max.
 */
import type { ColumnKind, RecordColumn } from "../engine/recordsJob.js"

/** Column kinds as small codes, as in RowText.ts. */
const INT = 0
const FLOAT = 1
const FLAG = 2
const OPTIONAL_INT = 3
const PERSONA = 4
const CODE: Record<ColumnKind, number> = { int: INT, float: FLOAT, flag: FLAG, optionalInt: OPTIONAL_INT, persona: PERSONA, outcome: 5, touchpoint: 6 }

/** Parquet's physical types of the record columns. */
export type PhysicalType = "INT32" | "DOUBLE" | "BOOLEAN" | "BYTE_ARRAY"
/** The encodings used here, by their names in the Parquet format. */
export type PageEncoding = "PLAIN" | "RLE" | "DELTA_BINARY_PACKED" | "RLE_DICTIONARY"

/** Thrift's numbers of the encodings (parquet.thrift, enum Encoding). */
const ENCODING_ID: Record<PageEncoding, number> = { PLAIN: 0, RLE: 3, DELTA_BINARY_PACKED: 5, RLE_DICTIONARY: 8 }

/** What a block gives per column, before its pages: DIR doubles (see `PageInfo`). */
export const DIR = 6

/** One column's page of one block, as read from the block's directory. */
export interface PageInfo {
  /** Where the page (header and body) starts in the block's bytes, and its length. */
  readonly start: number
  readonly length: number
  /** Header plus uncompressed body (as `length`: the pages are not compressed). */
  readonly uncompressed: number
  readonly nulls: number
  /** Smallest and largest value (flags 0/1; ids: their rank in byte order); NaN when the page holds no value. */
  readonly min: number
  readonly max: number
}

/** How a level's columns are written, set up once per run (in each worker and in the writer). */
export interface ParquetLayout {
  readonly kinds: Int8Array
  readonly types: ReadonlyArray<PhysicalType>
  readonly encodings: ReadonlyArray<PageEncoding>
  readonly nullable: ReadonlyArray<boolean>
  /** Per id column: bits of a dictionary index; its ids' ranks in byte order (index → rank). */
  readonly bitWidth: Int8Array
  readonly rank: ReadonlyArray<Int32Array>
  /** Per id column: the ids in byte order (rank → id). */
  readonly byRank: ReadonlyArray<ReadonlyArray<string>>
}

const encoder = new TextEncoder()
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f

/** Unsigned byte order of UTF-8, the order of Parquet's statistics of strings. */
const compareUtf8 = (a: string, b: string): number => {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

const bitsFor = (max: number): number => {
  let w = 0
  while (w < 32 && max >= 2 ** w) w++
  return w
}

/** The layout of rows of `cols`, whose id columns name `labels[k]` (by index). */
export const parquetLayout = (cols: ReadonlyArray<RecordColumn>, labels: ReadonlyArray<ReadonlyArray<string>>): ParquetLayout => {
  const kinds = Int8Array.from(cols, (c) => CODE[c.kind])
  const types = cols.map((c): PhysicalType => (c.kind === "float" ? "DOUBLE" : c.kind === "flag" ? "BOOLEAN" : c.kind === "int" || c.kind === "optionalInt" ? "INT32" : "BYTE_ARRAY"))
  const encodings = cols.map((c): PageEncoding => (c.kind === "float" || c.kind === "flag" ? "PLAIN" : c.kind === "int" || c.kind === "optionalInt" ? "DELTA_BINARY_PACKED" : "RLE_DICTIONARY"))
  const nullable = cols.map((c) => c.kind === "optionalInt" || c.kind === "outcome" || c.kind === "touchpoint")
  const byRank = labels.map((ls) => [...ls].sort(compareUtf8))
  const rank = labels.map((ls, k) => Int32Array.from(ls, (l) => byRank[k]!.indexOf(l)))
  const bitWidth = Int8Array.from(labels, (ls) => Math.max(1, bitsFor(ls.length - 1)))
  return { kinds, types, encodings, nullable, bitWidth, rank, byRank }
}

/** An upper bound of the bytes `encodeBlock` writes for `rows` rows of `columns` columns. */
export const maxBlockBytes = (columns: number, rows: number): number => columns * (DIR * 8 + 1024 + 10 * rows)

// ---------------------------------------------------------------------------------------------
// Byte writing. `p` is the position in `out`; each function returns the position after it.

const varint = (out: Uint8Array, p: number, v: number): number => {
  let x = v
  while (x >= 128) {
    out[p++] = (x % 128) + 128
    x = Math.floor(x / 128)
  }
  out[p++] = x
  return p
}

const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1)

/** Thrift compact protocol: an i32 field (its id `delta` after the previous one). */
const i32Field = (out: Uint8Array, p: number, delta: number, v: number): number => {
  out[p++] = (delta << 4) | 5
  return varint(out, p, zigzag(v))
}

/** `count` values (each below 2^width) bit-packed, least significant bit first. */
const pack = (vals: Float64Array, count: number, width: number, out: Uint8Array, p: number): number => {
  if (width === 0) return p
  if (width <= 24) {
    let acc = 0
    let bits = 0
    for (let i = 0; i < count; i++) {
      acc |= vals[i]! << bits
      bits += width
      while (bits >= 8) {
        out[p++] = acc & 255
        acc >>>= 8
        bits -= 8
      }
    }
    if (bits > 0) out[p++] = acc & 255
    return p
  }
  let acc = 0
  let scale = 1
  for (let i = 0; i < count; i++) {
    acc += vals[i]! * scale
    scale *= 2 ** width
    while (scale >= 256) {
      out[p++] = acc % 256
      acc = Math.floor(acc / 256)
      scale /= 256
    }
  }
  if (scale > 1) out[p++] = acc
  return p
}

/** RLE / bit-packed hybrid (without length prefix): one run when all equal, else one bit-packed run. */
const hybrid = (vals: Float64Array, count: number, width: number, out: Uint8Array, p: number): number => {
  let same = count > 0
  for (let i = 1; i < count && same; i++) same = vals[i] === vals[0]
  if (same) {
    p = varint(out, p, count * 2)
    const v = vals[0]!
    for (let b = 0; b < (width + 7) >> 3; b++) out[p++] = Math.floor(v / 2 ** (8 * b)) % 256
    return p
  }
  const groups = Math.ceil(count / 8)
  p = varint(out, p, groups * 2 + 1)
  for (let i = count; i < groups * 8; i++) vals[i] = 0
  return pack(vals, groups * 8, width, out, p)
}

/** DELTA_BINARY_PACKED of `count` whole numbers: blocks of 128 values, 4 miniblocks of 32. */
const deltaPacked = (vals: Float64Array, count: number, deltas: Float64Array, out: Uint8Array, p: number): number => {
  p = varint(out, p, 128)
  p = varint(out, p, 4)
  p = varint(out, p, count)
  p = varint(out, p, zigzag(count > 0 ? vals[0]! : 0))
  for (let from = 1; from < count; from += 128) {
    const n = Math.min(128, count - from)
    let min = Infinity
    for (let i = 0; i < n; i++) {
      const d = vals[from + i]! - vals[from + i - 1]!
      deltas[i] = d
      if (d < min) min = d
    }
    p = varint(out, p, zigzag(min))
    const widths = p
    p += 4
    for (let m = 0; m < 4; m++) {
      const at = m * 32
      if (at >= n) {
        out[widths + m] = 0
        continue
      }
      let max = 0
      const mini = deltas.subarray(at, at + 32)
      for (let i = 0; i < 32; i++) {
        const v = at + i < n ? mini[i]! - min : 0
        mini[i] = v
        if (v > max) max = v
      }
      const w = bitsFor(max)
      out[widths + m] = w
      p = pack(mini, 32, w, out, p)
    }
  }
  return p
}

/** A DATA_PAGE_V2 header (thrift compact): `body` bytes of values after `levels` bytes of definition levels. */
const pageHeader = (out: Uint8Array, p: number, values: number, nulls: number, encoding: PageEncoding, levels: number, body: number): number => {
  p = i32Field(out, p, 1, 3) // type: DATA_PAGE_V2
  p = i32Field(out, p, 1, levels + body) // uncompressed_page_size
  p = i32Field(out, p, 1, levels + body) // compressed_page_size
  out[p++] = (5 << 4) | 12 // field 8: data_page_header_v2 (struct)
  p = i32Field(out, p, 1, values) // num_values
  p = i32Field(out, p, 1, nulls) // num_nulls
  p = i32Field(out, p, 1, values) // num_rows (flat columns: a value per row)
  p = i32Field(out, p, 1, ENCODING_ID[encoding])
  p = i32Field(out, p, 1, levels) // definition_levels_byte_length
  p = i32Field(out, p, 1, 0) // repetition_levels_byte_length
  out[p++] = (1 << 4) | 2 // field 7: is_compressed = false
  out[p++] = 0 // end of data_page_header_v2
  out[p++] = 0 // end of PageHeader
  return p
}

/** Room kept before each page's body for its header, which is written once the body's size is known. */
const HEADER_ROOM = 64
const head = new Uint8Array(HEADER_ROOM)

/** Scratch of a worker: a column's values, its non-null values, deltas. */
export interface PageScratch {
  values: Float64Array
  defined: Float64Array
  deltas: Float64Array
}

export const pageScratch = (): PageScratch => ({ values: new Float64Array(1024), defined: new Float64Array(1024), deltas: new Float64Array(128) })

/**
 * Encode `rows` rows of numbers (row r's column k at r·F + k, as recordsJob.ts lays them out)
 * into `out` from `at` (a multiple of 8): first the directory (DIR doubles per column, see
 * `PageInfo`), then each column's page. `out` must hold `maxBlockBytes(F, rows)` bytes from
 * `at`. Returns where the bytes end.
 */
export const encodeBlock = (lay: ParquetLayout, s: PageScratch, data: Float64Array, rows: number, out: Uint8Array, at: number): number => {
  const F = lay.kinds.length
  const dir = new Float64Array(out.buffer, out.byteOffset + at, F * DIR)
  if (s.values.length < rows + 8) {
    s.values = new Float64Array(rows + 8)
    s.defined = new Float64Array(rows + 8)
  }
  const { values, defined } = s
  let p = at + F * DIR * 8
  for (let k = 0; k < F; k++) {
    const kind = lay.kinds[k]!
    const nullable = lay.nullable[k]!
    // The column's values, the defined ones apart, and their smallest and largest.
    let n = 0
    let min = Infinity
    let max = -Infinity
    const rank = lay.rank[k]!
    for (let r = 0; r < rows; r++) {
      const v = data[r * F + k]!
      const none = nullable && v < 0
      values[r] = none ? 0 : 1
      if (none) continue
      defined[n++] = v
      // Ids by their rank in byte order; NaN never counts (Parquet's rule for statistics).
      const x = kind >= PERSONA ? rank[v]! : v
      if (x < min) min = x
      if (x > max) max = x
    }
    const body = p + HEADER_ROOM
    let q = body
    if (nullable) q = hybrid(values, rows, 1, out, q)
    const levels = q - body
    if (kind === FLOAT) {
      // PLAIN doubles are little-endian: the array's own bytes where the platform is.
      if (LITTLE_ENDIAN) out.set(new Uint8Array(defined.buffer, 0, n * 8), q)
      else {
        const view = new DataView(out.buffer, out.byteOffset)
        for (let i = 0; i < n; i++) view.setFloat64(q + 8 * i, defined[i]!, true)
      }
      q += n * 8
    } else if (kind === FLAG) {
      for (let i = n; i < Math.ceil(n / 8) * 8; i++) defined[i] = 0
      q = pack(defined, Math.ceil(n / 8) * 8, 1, out, q)
    } else if (kind === INT || kind === OPTIONAL_INT) {
      q = deltaPacked(defined, n, s.deltas, out, q)
    } else {
      const w = lay.bitWidth[k]!
      out[q++] = w
      q = hybrid(defined, n, w, out, q)
    }
    // The header, just before the body.
    const h = pageHeader(head, 0, rows, rows - n, lay.encodings[k]!, levels, q - body - levels)
    out.set(head.subarray(0, h), body - h)
    const start = body - h - at
    const length = q - (body - h)
    dir.set([start, length, length, rows - n, n > 0 ? min : NaN, n > 0 ? max : NaN], k * DIR)
    p = q
  }
  return p
}

/** Read column k's page of a block's bytes (as `encodeBlock` wrote them from offset 0). */
export const pageInfo = (block: Uint8Array, k: number): PageInfo => {
  const d = new Float64Array(block.buffer, block.byteOffset + k * DIR * 8, DIR)
  return { start: d[0]!, length: d[1]!, uncompressed: d[2]!, nulls: d[3]!, min: d[4]!, max: d[5]! }
}

/** A dictionary page of `ids` (PLAIN byte arrays), with its header. */
export const dictionaryPage = (ids: ReadonlyArray<string>): Uint8Array => {
  const bytes = ids.map((id) => encoder.encode(id))
  const body = bytes.reduce((n, b) => n + 4 + b.length, 0)
  const out = new Uint8Array(64 + body)
  let p = i32Field(out, 0, 1, 2) // type: DICTIONARY_PAGE
  p = i32Field(out, p, 1, body)
  p = i32Field(out, p, 1, body)
  out[p++] = (4 << 4) | 12 // field 7: dictionary_page_header (struct)
  p = i32Field(out, p, 1, ids.length) // num_values
  p = i32Field(out, p, 1, ENCODING_ID.PLAIN)
  out[p++] = 0
  out[p++] = 0
  const view = new DataView(out.buffer)
  for (const b of bytes) {
    view.setUint32(p, b.length, true)
    out.set(b, p + 4)
    p += 4 + b.length
  }
  return out.slice(0, p)
}
