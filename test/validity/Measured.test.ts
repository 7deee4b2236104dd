/** The suite's intervals, against published values and against their definitions. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Z95 } from "../../src/stats/intervals.js"
import {
  fromDiff,
  magnitude,
  negate,
  NotMeasurable,
  proportion,
  proportionDifference,
  quotient,
  ratio,
  satisfactionDifference,
  scaled,
  widen,
  Z_BONFERRONI
} from "../../src/validity/Measured.js"

describe("proportions", () => {
  it("Wilson's interval of 81/263 is Newcombe's (1998) 0.2553 to 0.3662", () => {
    const p = proportion(81, 263)
    expect(p.estimate).toBeCloseTo(0.308, 4)
    expect(p.lower).toBeCloseTo(0.2553, 4)
    expect(p.upper).toBeCloseTo(0.3662, 4)
  })

  it("Newcombe's hybrid interval of 56/70 − 48/80 is his (1998) 0.0524 to 0.3339", () => {
    const d = proportionDifference(56, 70, 48, 80)
    expect(d.estimate).toBeCloseTo(0.2, 10)
    expect(d.lower).toBeCloseTo(0.0524, 4)
    expect(d.upper).toBeCloseTo(0.3339, 4)
  })

  it("a higher confidence widens the interval", () => {
    const a = proportion(30, 200)
    const b = proportion(30, 200, Z_BONFERRONI)
    expect(b.lower!).toBeLessThan(a.lower!)
    expect(b.upper!).toBeGreaterThan(a.upper!)
  })

  it("no customers: not measurable", () => {
    expect(() => proportion(0, 0)).toThrow(NotMeasurable)
    expect(() => proportionDifference(1, 10, 0, 0)).toThrow(/not measurable/)
  })
})

describe("ratios", () => {
  const k = Z_BONFERRONI / Z95

  it("spans the ratios of the 97.5% ends of both terms", () => {
    const r = ratio({ estimate: 2, lower: 1.8, upper: 2.2 }, { estimate: 1, lower: 0.9, upper: 1.1 })
    expect(r.estimate).toBe(2)
    expect(r.lower).toBeCloseTo((2 - 0.2 * k) / (1 + 0.1 * k), 12)
    expect(r.upper).toBeCloseTo((2 + 0.2 * k) / (1 - 0.1 * k), 12)
  })

  it("of negative terms is positive, with the corners in the right order", () => {
    const r = ratio({ estimate: -2, lower: -2.2, upper: -1.8 }, { estimate: -1, lower: -1.1, upper: -0.9 })
    expect(r.estimate).toBe(2)
    expect(r.lower).toBeCloseTo((2 - 0.2 * k) / (1 + 0.1 * k), 12)
    expect(r.upper).toBeCloseTo((2 + 0.2 * k) / (1 - 0.1 * k), 12)
  })

  it("is unbounded when the denominator's interval reaches 0", () => {
    expect(ratio({ estimate: 1, lower: 0.9, upper: 1.1 }, { estimate: 0.1, lower: 0.01, upper: 0.19 })).toMatchObject({ lower: null, upper: null })
    expect(quotient({ estimate: 1, lower: 0.9, upper: 1.1 }, { estimate: 0.1, lower: -0.01, upper: 0.21 })).toMatchObject({ lower: null, upper: null })
  })

  it("contains every ratio of points of the two 97.5% intervals (property)", () => {
    // Estimates and half-widths on a grid of 0.01 (no subnormal denominators).
    const end = fc.integer({ min: -10_000, max: 10_000 }).map((x) => x / 100)
    const half = fc.integer({ min: 0, max: 5_000 }).map((x) => x / 100)
    const t = fc.double({ min: 0, max: 1, noNaN: true })
    fc.assert(
      fc.property(end, half, end, half, t, t, (a, ha, b, hb, u, v) => {
        const r = ratio({ estimate: a, lower: a - ha, upper: a + ha }, { estimate: b, lower: b - hb, upper: b + hb })
        const wa = widen({ estimate: a, lower: a - ha, upper: a + ha }, Z_BONFERRONI)
        const wb = widen({ estimate: b, lower: b - hb, upper: b + hb }, Z_BONFERRONI)
        if (wb.lower! <= 0 && wb.upper! >= 0) return r.lower === null && r.upper === null
        const x = wa.lower! + u * (wa.upper! - wa.lower!)
        const y = wb.lower! + v * (wb.upper! - wb.lower!)
        const q = x / y
        const slack = 1e-9 * (1 + Math.abs(q))
        return r.lower !== null && r.upper !== null && r.lower - slack <= q && q <= r.upper + slack
      })
    )
  })

  it("quotient uses the intervals as given", () => {
    expect(quotient({ estimate: 6, lower: 4, upper: 8 }, { estimate: 2, lower: 1, upper: 4 })).toEqual({ estimate: 3, lower: 1, upper: 8 })
  })

  it("an unbounded numerator end makes that side unbounded", () => {
    expect(quotient({ estimate: 6, lower: 4, upper: null }, { estimate: 2, lower: 1, upper: 4 })).toEqual({ estimate: 3, lower: 1, upper: null })
  })
})

describe("transformations", () => {
  it("widen stretches each side by z / 1.96", () => {
    expect(widen({ estimate: 1, lower: 0, upper: 3 }, 2 * Z95)).toEqual({ estimate: 1, lower: -1, upper: 5 })
  })

  it("negate and magnitude", () => {
    expect(negate({ estimate: 1, lower: 0.5, upper: null })).toEqual({ estimate: -1, lower: null, upper: -0.5 })
    expect(magnitude({ estimate: -1, lower: -1.5, upper: -0.5 })).toEqual({ estimate: 1, lower: 0.5, upper: 1.5 })
    expect(magnitude({ estimate: 0.2, lower: -0.3, upper: 0.7 })).toEqual({ estimate: 0.2, lower: 0, upper: 0.7 })
    expect(magnitude({ estimate: 1, lower: 0.5, upper: 1.5 })).toEqual({ estimate: 1, lower: 0.5, upper: 1.5 })
  })

  it("scaled divides estimate and ends; a zero sd is not measurable", () => {
    expect(scaled({ estimate: 1, lower: 0.5, upper: 1.5 }, 2)).toEqual({ estimate: 0.5, lower: 0.25, upper: 0.75 })
    expect(() => scaled({ estimate: 1, lower: 0, upper: 2 }, 0)).toThrow(NotMeasurable)
  })

  it("fromDiff takes a paired difference as it is", () => {
    const d = { delta: -0.5, lower: -0.6, upper: -0.4 } as Parameters<typeof fromDiff>[0]
    expect(fromDiff(d)).toEqual({ estimate: -0.5, lower: -0.6, upper: -0.4 })
  })
})

describe("satisfactionDifference", () => {
  it("is ± 1.96·5·(1/√n₁ + 1/√n₂) around the difference", () => {
    const d = satisfactionDifference(7, 10_000, 8, 2_500)
    const half = Z95 * 5 * (1 / 100 + 1 / 50)
    expect(d.estimate).toBe(-1)
    expect(d.lower).toBeCloseTo(-1 - half, 12)
    expect(d.upper).toBeCloseTo(-1 + half, 12)
  })
})
