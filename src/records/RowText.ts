/**
 * Records as CSV or NDJSON text, written straight into bytes (no string per value, no garbage per
 * row): the fixed text (keys, commas, yes/no, ids, none) copied a 32-bit word at a time from a
 * table made once per run, the digits two at a time from a table of "00" to "99". Plain
 * TypeScript, no file system: the records job (engine/recordsJob.ts) formats each block in the
 * worker that computed it, so that the main thread only writes bytes in block order. Numbers are written without locale: integers as digits; doubles to DECIMALS decimals
 * with trailing zeros dropped (a fixed precision: far below any difference the model makes, and
 * several times cheaper than the shortest round-trip form); yes/no as true/false; persona,
 * outcome and touchpoint ids by name; nothing (CSV) or null (NDJSON) for none.
 */
import type { ColumnKind, RecordColumn } from "../engine/recordsJob.js"

/** The text formats of records. */
export type TextFormat = "csv" | "ndjson"

/** Decimals of doubles in CSV and NDJSON: a fixed precision, trailing zeros dropped. */
export const DECIMALS = 9

/** Column kinds as small codes, for the formatting loops. */
export const K = { int: 0, float: 1, flag: 2, optionalInt: 3, persona: 4, outcome: 5, touchpoint: 6 } as const satisfies Record<ColumnKind, number>

const encoder = new TextEncoder()

export const csvQuote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/**
 * What formatting a level's rows needs, set up once per run: every fixed piece of text as bytes in
 * one table (`frags`), so that a row is copies from that table and digits, with no string built
 * or encoded per row. A piece is a column's prefix (a comma in CSV, `,"key":` in NDJSON) with, for
 * the columns whose values are few (yes/no, ids, none), the value itself already appended.
 */
export interface TextLayout {
  readonly kinds: Int8Array
  /** The pieces' bytes, one after another. */
  readonly frags: Uint8Array
  /** Piece j is `frags[fragAt[j] .. fragAt[j + 1])`. */
  readonly fragAt: Int32Array
  /** The pieces as little-endian 32-bit words, piece j from word `wordAt[j]`, `fragLen[j]` bytes. */
  readonly words: Int32Array
  readonly wordAt: Int32Array
  readonly fragLen: Int32Array
  /**
   * Column k's first piece: its prefix (numbers: int, float; optionalInt: then its none at + 1);
   * flag: false at + 0, true at + 1; ids (persona, outcome, touchpoint): none at + 0, name v at + 1 + v.
   */
  readonly base: Int32Array
  /** The piece that ends a row: "\n", or "}\n". */
  readonly end: number
  readonly csv: boolean
  /** An upper bound of a row's bytes. */
  readonly maxRow: number
}

/** The layout of rows of `cols`, whose identifier columns print `labels[k]`. */
export const textLayout = (cols: ReadonlyArray<RecordColumn>, labels: ReadonlyArray<ReadonlyArray<string>>, format: TextFormat): TextLayout => {
  const csv = format === "csv"
  const none = csv ? "" : "null"
  const pieces: string[] = []
  const base = new Int32Array(cols.length)
  let maxRow = 0
  cols.forEach((c, k) => {
    const before = csv ? (k === 0 ? "" : ",") : `${k === 0 ? "{" : ","}${JSON.stringify(c.name)}:`
    base[k] = pieces.length
    const values =
      c.kind === "int" || c.kind === "float"
        ? [""]
        : c.kind === "optionalInt"
          ? ["", none]
          : c.kind === "flag"
            ? ["false", "true"]
            : [none, ...labels[k]!.map((l) => (csv ? csvQuote(l) : JSON.stringify(l)))]
    for (const v of values) pieces.push(before + v)
    // A number takes at most 17 integer digits, a sign, a point and 9 decimals: 28 bytes.
    const numeric = c.kind === "int" || c.kind === "float" || c.kind === "optionalInt"
    maxRow += Math.max(...values.map((v) => encoder.encode(before + v).length)) + (numeric ? 28 : 0)
  })
  const end = pieces.length
  pieces.push(csv ? "\n" : "}\n")
  const bytes = pieces.map((p) => encoder.encode(p))
  const fragAt = new Int32Array(bytes.length + 1)
  bytes.forEach((b, j) => (fragAt[j + 1] = fragAt[j]! + b.length))
  const frags = new Uint8Array(fragAt[bytes.length]!)
  bytes.forEach((b, j) => frags.set(b, fragAt[j]!))
  // Each piece as little-endian 32-bit words from a word boundary, its last word padded.
  const wordAt = new Int32Array(bytes.length + 1)
  bytes.forEach((b, j) => (wordAt[j + 1] = wordAt[j]! + Math.ceil(b.length / 4)))
  const padded = new Uint8Array(4 * wordAt[bytes.length]!)
  bytes.forEach((b, j) => padded.set(b, 4 * wordAt[j]!))
  const words = new Int32Array(padded.length / 4)
  const view = new DataView(padded.buffer)
  for (let w = 0; w < words.length; w++) words[w] = view.getInt32(4 * w, true)
  const fragLen = Int32Array.from(bytes, (b) => b.length)
  return { kinds: Int8Array.from(cols, (c) => K[c.kind]), frags, fragAt, words, wordAt, fragLen, base, end, csv, maxRow: maxRow + 2 }
}

/** The first line of a text file: the CSV header, or NDJSON's {"meta": …}. */
export const headLine = (cols: ReadonlyArray<RecordColumn>, meta: unknown, format: TextFormat): Uint8Array =>
  encoder.encode(format === "csv" ? `${cols.map((c) => csvQuote(c.name)).join(",")}\n` : `${JSON.stringify({ meta })}\n`)

/** "00" to "99": the two digits of i at 2i. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, j) => 48 + (j % 2 === 0 ? Math.floor(j / 20) : (j >> 1) % 10))

/** Digits of 0 ≤ y < 2^31. */
const digits32 = (y: number): number =>
  y < 100000 ? (y < 100 ? (y < 10 ? 1 : 2) : y < 1000 ? 3 : y < 10000 ? 4 : 5) : y < 10000000 ? (y < 1000000 ? 6 : 7) : y < 100000000 ? 8 : y < 1000000000 ? 9 : 10

/** The last `count` digits of 0 ≤ y < 2^31 (leading zeros included), ending before `end`. */
const putDigits = (buf: Uint8Array, end: number, y: number, count: number): void => {
  let i = end
  let c = count
  while (c >= 2) {
    const q = (y / 100) | 0
    const r = (y - q * 100) << 1
    buf[--i] = PAIRS[r + 1]!
    buf[--i] = PAIRS[r]!
    y = q
    c -= 2
  }
  if (c === 1) buf[--i] = 48 + y - ((y / 10) | 0) * 10
}

/** Digits of a whole number 0 ≤ x (any double: the plain loop for x ≥ 2^53, where it is not exact). */
const digitCount = (x: number): number => {
  let d = 1
  let p = 10
  while (x >= p) {
    d++
    p *= 10
  }
  return d
}

/** 0 ≤ y < 2^31 at `n`; returns the end. */
const putSmall = (buf: Uint8Array, n: number, y: number): number => {
  const d = digits32(y)
  putDigits(buf, n + d, y, d)
  return n + d
}

/** The whole part of 0 ≤ x at `n`, exactly below 2^53; returns the end. */
const putWhole = (buf: Uint8Array, n: number, x: number): number => {
  if (x < 10) {
    buf[n] = 48 + (x | 0)
    return n + 1
  }
  if (x < 2147483648) return putSmall(buf, n, x | 0)
  if (x < 9007199254740992) {
    // x = hi·10^9 + lo, lo in nine digits (lo < 0 would mean x/10^9 rounded up to the next whole number).
    let hi = Math.floor(x / 1e9)
    let lo = Math.floor(x - hi * 1e9)
    if (lo < 0) {
      hi -= 1
      lo += 1e9
    }
    const at = putSmall(buf, n, hi)
    putDigits(buf, at + 9, lo, 9)
    return at + 9
  }
  // Beyond 2^53 (and NaN): a digit at a time, as this format always wrote them.
  const end = n + digitCount(x)
  let i = end
  do {
    const q = Math.floor(x / 10)
    buf[--i] = 48 + (x - q * 10)
    x = q
  } while (x > 0)
  return end
}

/** A whole number (|v| < 2^53) at `n`; returns the end. */
const putInt = (buf: Uint8Array, n: number, v: number): number => {
  if (v < 0) {
    buf[n] = 45 // -
    return putWhole(buf, n + 1, -v)
  }
  return putWhole(buf, n, v)
}

/** A double to DECIMALS decimals, trailing zeros dropped ("2.5", "-0.25", "1080"); returns the end. */
const putFixed = (buf: Uint8Array, n: number, v: number): number => {
  const neg = v < 0
  const a = neg ? -v : v
  let ip = Math.floor(a)
  let fp = Math.round((a - ip) * 1e9)
  if (fp >= 1e9) {
    ip += 1
    fp -= 1e9
  }
  if (neg && (ip > 0 || fp > 0)) buf[n++] = 45
  n = putWhole(buf, n, ip)
  if (fp === 0) return n
  // All nine decimals, two at a time, then the trailing zeros taken back (fp > 0: one stays).
  let f = fp | 0
  buf[n] = 46 // .
  let i = n + 1 + DECIMALS
  const q1 = (f / 10) | 0
  buf[--i] = 48 + f - q1 * 10
  f = q1
  for (let c = 0; c < 4; c++) {
    const q = (f / 100) | 0
    const r = (f - q * 100) << 1
    buf[--i] = PAIRS[r + 1]!
    buf[--i] = PAIRS[r]!
    f = q
  }
  let e = n + 1 + DECIMALS
  while (buf[e - 1] === 48) e--
  return e
}

/**
 * Copy piece j of the layout to `n` a word at a time; returns the end. Its last word may write up
 * to 3 bytes past the end, which what follows overwrites (the buffer has that slack: FORMAT_SLACK).
 */
const putFrag = (dv: DataView, n: number, words: Int32Array, wordAt: Int32Array, fragLen: Int32Array, j: number): number => {
  const len = fragLen[j]!
  let w = wordAt[j]!
  for (let i = 0; i < len; i += 4) dv.setInt32(n + i, words[w++]!, true)
  return n + len
}

/** Bytes a buffer given to formatRows must hold beyond its rows' bound. */
export const FORMAT_SLACK = 4

/**
 * Format `rows` rows of numbers (row r's column k at r·F + k, as recordsJob.ts lays them out)
 * into `buf` from `at`; returns where the text ends. `buf` must hold `rows · maxRow + FORMAT_SLACK` bytes.
 */
export const formatRows = (lay: TextLayout, data: Float64Array, rows: number, buf: Uint8Array, at: number): number => {
  const { kinds, words, wordAt, fragLen, base, end } = lay
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const F = kinds.length
  let n = at
  for (let r = 0; r < rows; r++) {
    const row = r * F
    for (let k = 0; k < F; k++) {
      const v = data[row + k]!
      const b = base[k]!
      switch (kinds[k]) {
        case K.int:
          n = putInt(buf, putFrag(dv, n, words, wordAt, fragLen, b), v)
          break
        case K.float:
          n = putFixed(buf, putFrag(dv, n, words, wordAt, fragLen, b), v)
          break
        case K.flag:
          n = putFrag(dv, n, words, wordAt, fragLen, v === 1 ? b + 1 : b)
          break
        case K.optionalInt:
          n = v < 0 ? putFrag(dv, n, words, wordAt, fragLen, b + 1) : putInt(buf, putFrag(dv, n, words, wordAt, fragLen, b), v)
          break
        default:
          n = putFrag(dv, n, words, wordAt, fragLen, v < 0 ? b : b + 1 + v)
      }
    }
    n = putFrag(dv, n, words, wordAt, fragLen, end)
  }
  return n
}
