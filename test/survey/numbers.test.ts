/** Numbers in cells with the file's decimal mark. */
import { describe, expect, it } from "vitest"
import { NumberReader } from "../../src/survey/numbers.js"

describe("NumberReader", () => {
  it("reads integers, fractions with the given mark, signs, spaces and exponents (with a point)", () => {
    const dot = new NumberReader(".")
    expect(["7", " 42 ", "-3", "+2", "7.5", ".5", "-0.25", "1e3", "2.5E-1"].map((c) => dot.read(c))).toEqual([7, 42, -3, 2, 7.5, 0.5, -0.25, 1000, 0.25])
    const comma = new NumberReader(",")
    expect(["7", "7,5", ",5", "-0,25"].map((c) => comma.read(c))).toEqual([7, 7.5, 0.5, -0.25])
  })

  it("refuses the other mark, thousands separators, text, and exponents with a decimal comma", () => {
    const dot = new NumberReader(".")
    const comma = new NumberReader(",")
    for (const c of ["7,5", "1,234.5", "1.234,5", "seven", "", "7.", "1 000"]) expect(dot.read(c), c).toBeNaN()
    for (const c of ["7.5", "1e3", "1.234,5"]) expect(comma.read(c), c).toBeNaN()
  })

  it("auto: a comma separator means a point; otherwise the first fraction decides for the file", () => {
    expect(new NumberReader("auto", ",").read("7,5")).toBeNaN()
    const r = new NumberReader("auto", ";")
    expect(r.read("12")).toBe(12)
    expect(r.mark).toBeUndefined()
    expect(r.read("7,5", "row 2, column \"spend\"")).toBe(7.5)
    expect(r.mark).toBe(",")
    expect(r.read("7.5")).toBeNaN()
    expect(r.hint()).toMatchInlineSnapshot(`"this file's decimal mark is "," (from row 2, column "spend"); no thousands separators; set decimal: in the mapping if that is wrong"`)
  })
})
