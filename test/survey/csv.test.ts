/** The streaming CSV reader: round trips of any table, any chunking, and its refusals. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CsvError, CsvReader, HEADER_SEARCH_RECORDS, locateHeader, MAX_CELL_CHARS, sniffSeparator, type Separator } from "../../src/survey/csv.js"
import { cut } from "./support.js"

const readAll = (chunks: ReadonlyArray<string>, separator: Separator | "auto" = "auto"): { rows: string[][]; lines: number[]; separator: string | undefined } => {
  const rows: string[][] = []
  const lines: number[] = []
  const r = new CsvReader((cells, line) => {
    rows.push(cells)
    lines.push(line)
  }, separator)
  for (const c of chunks) r.feed(c)
  r.end()
  return { rows, lines, separator: r.separator }
}

const write = (rows: ReadonlyArray<ReadonlyArray<string>>, sep: string, eol: string): string =>
  rows.map((r) => r.map((c) => (c === "" || /[",;\t\r\n]/.test(c) || c !== c.trim() ? `"${c.replace(/"/g, '""')}"` : c)).join(sep)).join(eol) + eol

const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", ";", "\t", '"', "\r", "\n", "é", "7"), maxLength: 8 })
const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })

describe("CsvReader", () => {
  it("reads back any table written with quoting, whatever the separator, line ending and chunking", () => {
    fc.assert(
      fc.property(table, fc.constantFrom<Separator>(",", ";", "\t"), fc.constantFrom("\n", "\r\n", "\r"), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }), (rows, sep, eol, at) => {
        const text = write(rows, sep, eol)
        const whole = readAll([text], sep)
        expect(whole.rows).toEqual(rows)
        const chunked = readAll(cut(text, at), sep)
        expect(chunked).toEqual(whole)
      }),
      { seed: 20261202, numRuns: 500 }
    )
  })

  it("gives each record the physical line it starts on, line breaks in quotes counted", () => {
    const text = 'a,b\r\n1,"two\r\nlines"\r\n\r\n3,"x\ny"\n4,5'
    const r = readAll([text])
    expect(r.rows).toEqual([["a", "b"], ["1", "two\r\nlines"], ["3", "x\ny"], ["4", "5"]])
    expect(r.lines).toEqual([1, 2, 5, 7])
    for (let k = 1; k < text.length; k++) expect(readAll([text.slice(0, k), text.slice(k)])).toEqual(r)
  })

  it("sniffs the separator from the header, outside quotes", () => {
    expect(sniffSeparator("a;b;c")).toBe(";")
    expect(sniffSeparator("a\tb\tc")).toBe("\t")
    expect(sniffSeparator('"x;y;z",b')).toBe(",")
    expect(sniffSeparator("single")).toBe(",")
    expect(readAll(["id;sp", "end\r\n1;7,5\r\n"]).rows).toEqual([["id", "spend"], ["1", "7,5"]])
    expect(readAll(["id;spend\r\n1;7,5\r\n"]).separator).toBe(";")
  })

  it("keeps a quote inside an unquoted cell, and ends a record on a trailing separator with an empty cell", () => {
    expect(readAll(['a,5" screen,\n']).rows).toEqual([["a", '5" screen', ""]])
    expect(readAll(["a,b,"]).rows).toEqual([["a", "b", ""]])
  })

  it("refuses an unclosed quote, text after a closing quote, and cells beyond the bound", () => {
    const err = (f: () => unknown): string => {
      try {
        f()
      } catch (e) {
        if (e instanceof CsvError) return `${e.message} | ${e.hint ?? ""}`
        throw e
      }
      return "no error"
    }
    expect(err(() => readAll(['a,b\n1,"open\n2,3\n']))).toMatchInlineSnapshot(`"line 2: a quoted cell is never closed | a cell that starts with " ends with " (a quote inside is written "")"`)
    expect(err(() => readAll(['a,b\n1,"x"y\n']))).toMatchInlineSnapshot(`"line 2: text after the closing quote of cell 2 | a quote inside a quoted cell is written twice: """`)
    expect(err(() => readAll([`a,b\n1,${"x".repeat(MAX_CELL_CHARS + 1)}\n`]))).toMatchInlineSnapshot(`"line 2: cell 2 is longer than 65536 characters | is this a CSV file? a quote left open swallows the rest of the file"`)
  })
})

describe("locateHeader", () => {
  it("finds the first record naming every column, its separator sniffed from it, below a title with another separator", () => {
    const text = 'Survey "A", March\r\n\r\n"id";"Sat "\r\n1;4\r\n'
    expect(locateHeader(text, ["sat", "id"], "auto", true)).toEqual({ offset: text.indexOf('"id"'), line: 3, separator: ";", above: 1 })
    // Found before the end of the text: no need to wait for more.
    expect(locateHeader(text.slice(0, text.indexOf("1;4")), ["sat"], "auto", false)).toMatchObject({ line: 3 })
  })

  it("a header on the first record is the first record, its separator sniffed as the reader would", () => {
    const text = "a;b,c;d\n1;2,3;4\n"
    expect(locateHeader(text, ["a"], "auto", false)).toEqual({ offset: 0, line: 1, separator: sniffSeparator("a;b,c;d"), above: 0 })
  })

  it("waits for more text while a later record could be the header; then takes the best, else the first", () => {
    expect(locateHeader("title\nx,y\n", ["a", "b"], "auto", false)).toBeUndefined()
    // The record naming most of the columns wins (a misspelt one is reported against it).
    expect(locateHeader("title\nx,a\n1,2\n", ["a", "b"], "auto", true)).toMatchObject({ line: 2, above: 1 })
    // None names any: the first record, the reader sniffing it as always.
    expect(locateHeader("x,y\n1,2\n", ["a"], "auto", true)).toEqual({ offset: 0, line: 1, separator: "auto", above: 0 })
    // Only the first records are searched.
    const far = `${"note\n".repeat(HEADER_SEARCH_RECORDS)}a\n1\n`
    expect(locateHeader(far, ["a"], ",", false)).toEqual({ offset: 0, line: 1, separator: ",", above: 0 })
  })
})
