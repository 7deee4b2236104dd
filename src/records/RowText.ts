/**
 * Records as CSV or NDJSON text, written straight into bytes (no string per value, no garbage per
 * row). Plain TypeScript, no file system: the records job (engine/recordsJob.ts) formats each
 * block in the worker that computed it, so that the main thread only writes bytes in block
 * order. Numbers are written without locale: integers as digits; doubles to DECIMALS decimals
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

/** What formatting a level's rows needs, set up once per run. */
export interface TextLayout {
  readonly kinds: Int8Array
  /** What goes before each value: a comma (CSV), or the key (NDJSON). */
  readonly before: ReadonlyArray<Uint8Array>
  /** Each identifier column's names, as bytes, by index. */
  readonly names: ReadonlyArray<ReadonlyArray<Uint8Array>>
  readonly none: Uint8Array
  readonly csv: boolean
  /** An upper bound of a row's bytes. */
  readonly maxRow: number
}

/** The layout of rows of `cols`, whose identifier columns print `labels[k]`. */
export const textLayout = (cols: ReadonlyArray<RecordColumn>, labels: ReadonlyArray<ReadonlyArray<string>>, format: TextFormat): TextLayout => {
  const csv = format === "csv"
  const names = labels.map((ls) => ls.map((l) => encoder.encode(csv ? csvQuote(l) : JSON.stringify(l))))
  const before = cols.map((c, k) => encoder.encode(csv ? (k === 0 ? "" : ",") : `${k === 0 ? "{" : ","}${JSON.stringify(c.name)}:`))
  // A number takes at most 17 integer digits, a sign, a point and 9 decimals: 28 bytes.
  const maxRow = before.reduce((n, b) => n + b.length, 0) + names.reduce((n, ls) => n + Math.max(28, ...ls.map((l) => l.length)), 0) + 2
  return { kinds: Int8Array.from(cols, (c) => K[c.kind]), before, names, none: encoder.encode(csv ? "" : "null"), csv, maxRow }
}

/** The first line of a text file: the CSV header, or NDJSON's {"meta": …}. */
export const headLine = (cols: ReadonlyArray<RecordColumn>, meta: unknown, format: TextFormat): Uint8Array =>
  encoder.encode(format === "csv" ? `${cols.map((c) => csvQuote(c.name)).join(",")}\n` : `${JSON.stringify({ meta })}\n`)

const YES = encoder.encode("true")
const NO = encoder.encode("false")

const putBytes = (buf: Uint8Array, n: number, b: Uint8Array): number => {
  const len = b.length
  if (len > 16) {
    buf.set(b, n)
    return n + len
  }
  for (let i = 0; i < len; i++) buf[n++] = b[i]!
  return n
}

/** Digits of a whole number 0 ≤ x < 2^53. */
const digitCount = (x: number): number => {
  let d = 1
  let p = 10
  while (x >= p) {
    d++
    p *= 10
  }
  return d
}

/** A whole number (|v| < 2^53) at `n`, its digits written from the last; returns the end. */
const putInt = (buf: Uint8Array, n: number, v: number): number => {
  let x = v
  if (x < 0) {
    buf[n++] = 45 // -
    x = -x
  }
  const end = n + digitCount(x)
  let i = end
  if (x < 2147483648) {
    let y = x | 0
    do {
      const q = (y / 10) | 0
      buf[--i] = 48 + y - q * 10
      y = q
    } while (y > 0)
  } else {
    do {
      const q = Math.floor(x / 10)
      buf[--i] = 48 + (x - q * 10)
      x = q
    } while (x > 0)
  }
  return end
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
  n = putInt(buf, n, ip)
  if (fp === 0) return n
  // The decimals (fp < 10^9, an int32), trailing zeros dropped before any is written.
  let f = fp | 0
  let end = DECIMALS
  let q = (f / 10) | 0
  while (f - q * 10 === 0) {
    f = q
    q = (f / 10) | 0
    end--
  }
  buf[n] = 46 // .
  for (let i = n + end; i > n; i--) {
    q = (f / 10) | 0
    buf[i] = 48 + f - q * 10
    f = q
  }
  return n + end + 1
}

/**
 * Format `rows` rows of numbers (row r's column k at r·F + k, as recordsJob.ts lays them out)
 * into `buf` from `at`; returns where the text ends. `buf` must hold `rows · maxRow` bytes.
 */
export const formatRows = (lay: TextLayout, data: Float64Array, rows: number, buf: Uint8Array, at: number): number => {
  const { kinds, before, names, none, csv } = lay
  const F = kinds.length
  let n = at
  for (let r = 0; r < rows; r++) {
    const row = r * F
    for (let k = 0; k < F; k++) {
      n = putBytes(buf, n, before[k]!)
      const v = data[row + k]!
      switch (kinds[k]) {
        case K.int:
          n = putInt(buf, n, v)
          break
        case K.float:
          n = putFixed(buf, n, v)
          break
        case K.flag:
          n = putBytes(buf, n, v === 1 ? YES : NO)
          break
        case K.optionalInt:
          n = v < 0 ? putBytes(buf, n, none) : putInt(buf, n, v)
          break
        default:
          n = putBytes(buf, n, v < 0 ? none : names[k]![v]!)
      }
    }
    if (!csv) buf[n++] = 125 // }
    buf[n++] = 10
  }
  return n
}
