/** The --fit-where expression: parsing, located errors, three-valued matching. */
import { describe, expect, it } from "vitest"
import { formatIssue } from "../../src/load/Issue.js"
import { NumberReader } from "../../src/survey/numbers.js"
import { bindWhere, parseWhere, type CellReader } from "../../src/survey/where.js"

const header = ["wait_min", "purpose", "cabin", "my col"]
const reader = (decimal: "." | "," = "."): CellReader => {
  const n = new NumberReader(decimal)
  return { isMissing: (c) => ["", "na"].includes(c.trim().toLowerCase()), number: (c) => n.read(c) }
}

const matcher = (text: string, decimal: "." | "," = ".") => {
  const p = parseWhere(text)
  if ("issues" in p) throw new Error(p.issues.map(formatIssue).join("\n"))
  const b = bindWhere(p.expr, header)
  if ("issues" in b) throw new Error(b.issues.map(formatIssue).join("\n"))
  const r = reader(decimal)
  return (...cells: string[]) => b.match(cells, r)
}

const errors = (text: string): string => {
  const p = parseWhere(text)
  if ("issues" in p) return p.issues.map(formatIssue).join("\n")
  const b = bindWhere(p.expr, header)
  return "issues" in b ? b.issues.map(formatIssue).join("\n") : "no error"
}

describe("where", () => {
  it("compares numbers and text (text case-insensitively, trimmed)", () => {
    const m = matcher('wait_min <= 30 and purpose == "Business"')
    expect(m("30", " business ", "x", "")).toBe(true)
    expect(m("30.5", "business", "x", "")).toBe(false)
    expect(m("12", "leisure", "x", "")).toBe(false)
    for (const [op, want] of [["<", [true, false, false]], ["<=", [true, true, false]], [">", [false, false, true]], [">=", [false, true, true]], ["==", [false, true, false]], ["!=", [true, false, true]]] as const) {
      const f = matcher(`wait_min ${op} 10`)
      expect(["9", "10", "11"].map((v) => f(v))).toEqual(want)
    }
  })

  it("and binds tighter than or; not and parentheses; in [..] with bare words, quoted text and numbers", () => {
    const m = matcher('purpose == "a" or purpose == "b" and cabin == "first"')
    expect(m("1", "a", "economy", "")).toBe(true)
    expect(m("1", "b", "economy", "")).toBe(false)
    const p = matcher('(purpose == "a" or purpose == "b") and not cabin in [first, "Business", 3]')
    expect(p("1", "b", "economy", "")).toBe(true)
    expect(p("1", "b", "BUSINESS", "")).toBe(false)
    expect(p("1", "b", "3.0", "")).toBe(false)
    expect(matcher("`my col` == 'x y'")("", "", "", "X Y")).toBe(true)
  })

  it("never matches a row whose cell is missing or not a number, negated or not", () => {
    const m = matcher("wait_min <= 30")
    const n = matcher("not (wait_min <= 30)")
    for (const cell of ["", "NA", "soon"]) {
      expect(m(cell, "", "", "")).toBe(false)
      expect(n(cell, "", "", "")).toBe(false)
    }
    // Unknown or true is true; unknown and false is false.
    expect(matcher('wait_min < 5 or purpose == "a"')("NA", "a", "", "")).toBe(true)
    expect(matcher('not (wait_min < 5 and purpose == "a")')("NA", "b", "", "")).toBe(true)
  })

  it("reads cells with the file's decimal mark", () => {
    expect(matcher("wait_min > 7.4", ",")("7,5", "", "", "")).toBe(true)
    expect(matcher("wait_min > 7.4", ".")("7,5", "", "", "")).toBe(false)
  })

  it("points at the offending character, with a did-you-mean for an unknown column", () => {
    expect(errors("wiat_min <= 30")).toMatchInlineSnapshot(`
      "--fit-where:1:1: the survey has no column "wiat_min"
          hint: did you mean "wait_min"?"
    `)
    expect(errors("wait_min = 30")).toMatchInlineSnapshot(`
      "--fit-where:1:10: a single "=" is not a comparison
          hint: write == to compare"
    `)
    expect(errors("purpose == business")).toMatchInlineSnapshot(`
      "--fit-where:1:12: expected a number or a "quoted text", got "business"
          hint: write "business" in quotes to compare with that text"
    `)
    expect(errors('purpose < "b"')).toMatchInlineSnapshot(`
      "--fit-where:1:9: < compares numbers; text compares with ==, != or in [...] only
          hint: a date is text: split by a month or a wave column with in [...], or by a number"
    `)
    expect(errors("(wait_min < 3")).toMatchInlineSnapshot(`"--fit-where:1:14: expected a closing ")", got the end of the expression"`)
    expect(errors("wait_min < 3 wait_min")).toMatchInlineSnapshot(`"--fit-where:1:14: expected "and", "or" or the end, got "wait_min""`)
    expect(errors('purpose == "open')).toMatchInlineSnapshot(`
      "--fit-where:1:12: a quoted text is never closed
          hint: end it with ""
    `)
    // Points that start no number (once an internal error): an unexpected character, located.
    for (const [text, column] of [["../x", 1], ["wait_min < -.x", 12], ["wait_min < ..5", 12]] as const) {
      expect(errors(text).split("\n")[0]).toBe(`--fit-where:1:${column}: unexpected character "${text[column - 1]}"`)
    }
    expect(errors("wait_min in [1, 2")).toMatchInlineSnapshot(`"--fit-where:1:18: expected "," or "]", got the end of the expression"`)
    expect(errors("my col == 1")).toMatchInlineSnapshot(`
      "--fit-where:1:4: expected a comparison (== != < <= > >= in) after the column "my", got "col"
          hint: a column name with spaces is written in backquotes: \`my column\`"
    `)
    expect(errors("  ")).toMatchInlineSnapshot(`
      "--fit-where:1:1: the expression is empty
          hint: e.g. --fit-where "wait_min <= 30""
    `)
    expect(errors("wait_min <= 3; drop")).toMatchInlineSnapshot(`
      "--fit-where:1:14: unexpected character ";"
          hint: compare a column with == != < <= > >= or in [..], and combine with and, or, not, ( )"
    `)
  })
})
