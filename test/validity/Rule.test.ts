/** Acceptance rules: each kind at and around its edges, and in words. */
import { describe, expect, it } from "vitest"
import { accepts, describeRule, type Rule } from "../../src/validity/Rule.js"

const m = (estimate: number, lower: number | null = estimate, upper: number | null = estimate) => ({ estimate, lower, upper })

describe("accepts", () => {
  it("range: judged on the estimate, ends included", () => {
    const r: Rule = { kind: "range", min: 1.5, max: 3 }
    expect(accepts(r, m(1.5))).toBe(true)
    expect(accepts(r, m(3))).toBe(true)
    expect(accepts(r, m(2, 1, 4))).toBe(true)
    expect(accepts(r, m(1.49, 1.4, 1.6))).toBe(false)
    expect(accepts(r, m(3.01))).toBe(false)
    expect(accepts({ kind: "range", max: 0.5 }, m(-10))).toBe(true)
    expect(accepts({ kind: "range", min: 3 }, m(2.99))).toBe(false)
  })

  it("sign: the estimate's sign, and with interval the whole interval's", () => {
    const strict: Rule = { kind: "sign", sign: -1, interval: true }
    expect(accepts(strict, m(-0.5, -0.6, -0.4))).toBe(true)
    expect(accepts(strict, m(-0.5, -1, 0.1))).toBe(false)
    expect(accepts(strict, m(-0.5, -1, 0))).toBe(false)
    expect(accepts(strict, m(-0.5, -1, null))).toBe(false)
    expect(accepts({ kind: "sign", sign: -1, interval: false }, m(-0.5, -1, 0.1))).toBe(true)
    expect(accepts({ kind: "sign", sign: 1, interval: true }, m(0.2, 0.1, 0.3))).toBe(true)
    expect(accepts({ kind: "sign", sign: 1, interval: false }, m(0))).toBe(false)
  })

  it("noWorseThan: past the bound by less than the half-width passes, by more fails", () => {
    const r: Rule = { kind: "noWorseThan", side: "atLeast", bound: 0 }
    expect(accepts(r, m(0.1, 0.05, 0.15))).toBe(true)
    expect(accepts(r, m(-0.01, -0.03, 0.01))).toBe(true)
    expect(accepts(r, m(-0.05, -0.07, -0.03))).toBe(false)
    const s: Rule = { kind: "noWorseThan", side: "atMost", bound: 0 }
    expect(accepts(s, m(-5, -6, -4))).toBe(true)
    expect(accepts(s, m(1, -1, 3))).toBe(true)
    expect(accepts(s, m(3, 1, 5))).toBe(false)
  })

  it("a NaN estimate never passes", () => {
    expect(accepts({ kind: "range", max: 1 }, m(NaN, null, null))).toBe(false)
  })
})

describe("describeRule", () => {
  it("says each rule in a few words", () => {
    expect(describeRule({ kind: "range", min: -0.25, max: 0.15 })).toBe("-0.25 … 0.15")
    expect(describeRule({ kind: "range", max: 1 / 3 })).toBe("≤ 0.333")
    expect(describeRule({ kind: "range", min: 3 })).toBe("≥ 3")
    expect(describeRule({ kind: "sign", sign: -1, interval: true })).toBe("< 0, interval excludes 0")
    expect(describeRule({ kind: "sign", sign: 1, interval: false })).toBe("> 0")
    expect(describeRule({ kind: "noWorseThan", side: "atLeast", bound: 0 })).toBe("≥ 0, or below by less than its half-width")
  })
})
