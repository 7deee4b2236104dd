/**
 * Records text (src/records/RowText.ts) against a plain reference formatter that builds each row
 * as a string: the same bytes for random columns and values (negatives, zeros, large numbers,
 * halfway decimals, names that CSV quotes and JSON escapes), written at an offset into a buffer
 * of exactly the size the formatter asks for.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { ColumnKind, RecordColumn } from "../../src/engine/recordsJob.js"
import { csvQuote, DECIMALS, FORMAT_SLACK, formatRows, textLayout, type TextFormat } from "../../src/records/RowText.js"

/** A double as the format defines it: DECIMALS decimals (rounded half up), trailing zeros dropped, no "-0". */
const refFixed = (v: number): string => {
  const a = Math.abs(v)
  let ip = Math.floor(a)
  let fp = Math.round((a - ip) * 10 ** DECIMALS)
  if (fp >= 10 ** DECIMALS) {
    ip += 1
    fp -= 10 ** DECIMALS
  }
  const decimals = String(fp).padStart(DECIMALS, "0").replace(/0+$/, "")
  return `${v < 0 && (ip > 0 || fp > 0) ? "-" : ""}${ip}${decimals === "" ? "" : `.${decimals}`}`
}

const refValue = (kind: ColumnKind, v: number, labels: ReadonlyArray<string>, format: TextFormat): string => {
  const none = format === "csv" ? "" : "null"
  const name = (s: string): string => (format === "csv" ? csvQuote(s) : JSON.stringify(s))
  switch (kind) {
    case "int":
      return String(v)
    case "float":
      return refFixed(v)
    case "flag":
      return v === 1 ? "true" : "false"
    case "optionalInt":
      return v < 0 ? none : String(v)
    default:
      return v < 0 ? none : name(labels[v]!)
  }
}

const refRows = (cols: ReadonlyArray<RecordColumn>, labels: ReadonlyArray<ReadonlyArray<string>>, format: TextFormat, data: ReadonlyArray<number>): string => {
  const F = cols.length
  let text = ""
  for (let r = 0; r < data.length / F; r++) {
    const values = cols.map((c, k) => refValue(c.kind, data[r * F + k]!, labels[k]!, format))
    text += format === "csv" ? `${values.join(",")}\n` : `{${cols.map((c, k) => `${JSON.stringify(c.name)}:${values[k]}`).join(",")}}\n`
  }
  return text
}

const EDGE_INTS = [0, -0, 1, -1, 9, 10, 99, 100, 2147483647, 2147483648, -2147483648, 999999999, 1000000000, 999999999999, 2 ** 53 - 1, -(2 ** 53 - 1), 1e15 + 7, 8999999999999999, 4999999999999999]
const EDGE_FLOATS = [
  0, -0, 0.5, -0.5, 1e-10, -1e-10, 5e-10, -5e-10, 4.9e-10, 0.9999999995, -0.9999999995, 0.999999999, 1.000000001, 9.99999999949, 123.456, -2.5,
  2147483647.5, 2147483648.25, 1e9 - 1e-7, 4294967296.000000001, 1e15 + 0.125, -(1e15 + 0.125), 2 ** 52 + 0.5, 2 ** 53 - 1, 8999999999999999, 1e-300, -1e-300
]

const intValue = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer(), fc.maxSafeInteger(), fc.constantFrom(...EDGE_INTS))
const floatValue = fc.oneof(
  fc.double({ min: -100, max: 100, noNaN: true }),
  fc.double({ min: -(2 ** 53), max: 2 ** 53, noNaN: true }),
  fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map((i) => i / 10 ** 9),
  fc.integer({ min: -(10 ** 9), max: 10 ** 9 }).map((i) => (i + 0.5) / 10 ** 9),
  fc.constantFrom(...EDGE_FLOATS)
)
/** Names that need quoting or escaping, and plain ones. */
const nameText = fc.oneof(fc.constantFrom("a", "customer", "cumulative_satisfaction", 'say "hi"', "a,b", "line\nbreak", "tab\t", "é ü 中", "\u0001"), fc.string({ minLength: 1, maxLength: 12 }))
const kinds: ReadonlyArray<ColumnKind> = ["int", "float", "flag", "optionalInt", "persona", "outcome", "touchpoint"]

/** Columns (an identifier column with 1 to 5 names), then rows of values fit for each column. */
const table = fc
  .array(fc.record({ name: nameText, kind: fc.constantFrom(...kinds), labels: fc.array(nameText, { minLength: 1, maxLength: 5 }) }), { minLength: 1, maxLength: 10 })
  .chain((cs) => {
    const value = (c: (typeof cs)[number]): fc.Arbitrary<number> =>
      c.kind === "int"
        ? intValue
        : c.kind === "float"
          ? floatValue
          : c.kind === "flag"
            ? fc.constantFrom(0, 1)
            : c.kind === "optionalInt"
              ? fc.oneof(fc.constant(-1), intValue.map(Math.abs))
              : fc.integer({ min: -1, max: c.labels.length - 1 })
    const row = fc.tuple(...cs.map(value))
    return fc.record({ cs: fc.constant(cs), rows: fc.array(row, { minLength: 1, maxLength: 30 }), at: fc.integer({ min: 0, max: 13 }) })
  })

describe("RowText", () => {
  for (const format of ["csv", "ndjson"] as const) {
    it(`writes the bytes of the plain reference formatter (${format})`, () => {
      fc.assert(
        fc.property(table, ({ cs, rows, at }) => {
          const cols: RecordColumn[] = cs.map((c) => ({ name: c.name, kind: c.kind, description: "" }))
          const labels = cs.map((c) => (c.kind === "persona" || c.kind === "outcome" || c.kind === "touchpoint" ? c.labels : []))
          const lay = textLayout(cols, labels, format)
          const data = rows.flat()
          // Exactly the room the formatter asks for, after `at` bytes that must stay untouched.
          const buf = new Uint8Array(at + rows.length * lay.maxRow + FORMAT_SLACK).fill(7)
          const end = formatRows(lay, Float64Array.from(data), rows.length, buf, at)
          expect(buf.subarray(0, at).every((b) => b === 7)).toBe(true)
          expect(Buffer.from(buf.subarray(at, end)).toString("utf8")).toBe(refRows(cols, labels, format, data))
        }),
        { seed: 20261202, numRuns: 1000 }
      )
    })
  }

  it("the reference's decimals stay within half a unit of the last decimal", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        expect(Math.abs(Number(refFixed(v)) - v)).toBeLessThanOrEqual(0.5e-9 + Math.abs(v) * 2 ** -52)
      }),
      { seed: 20261202, numRuns: 2000 }
    )
  })

  it("formats the known rows of a small table", () => {
    const cols: RecordColumn[] = [
      { name: "customer", kind: "int", description: "" },
      { name: "persona", kind: "persona", description: "" },
      { name: "x", kind: "float", description: "" },
      { name: "ok", kind: "flag", description: "" },
      { name: "churn", kind: "optionalInt", description: "" }
    ]
    const labels = [[], ["a,b", 'q"'], [], [], []]
    const data = Float64Array.from([0, 0, 2.5, 1, -1, 12345678901, 1, -0.0000000004, 0, 3, 7, -1, 1080, 0, 12])
    const text = (format: TextFormat): string => {
      const lay = textLayout(cols, labels, format)
      const buf = new Uint8Array(3 * lay.maxRow + FORMAT_SLACK)
      return Buffer.from(buf.subarray(0, formatRows(lay, data, 3, buf, 0))).toString("utf8")
    }
    expect(text("csv")).toBe('0,"a,b",2.5,true,\n12345678901,"q""",0,false,3\n7,,1080,false,12\n')
    expect(text("ndjson")).toBe(
      '{"customer":0,"persona":"a,b","x":2.5,"ok":true,"churn":null}\n{"customer":12345678901,"persona":"q\\"","x":0,"ok":false,"churn":3}\n{"customer":7,"persona":null,"x":1080,"ok":false,"churn":12}\n'
    )
  })
})
