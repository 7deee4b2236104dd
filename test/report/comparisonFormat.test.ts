/** How the comparison renderers write a paired interval: never a bound on the wrong side of 0. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { intervalBounds, intervalText } from "../../src/report/comparisonFormat.js"
import type { Metric } from "../../src/stats/Comparison.js"

/** The printed bounds, read back. */
const bounds = (text: string): [number, number] => {
  const m = /^\[([-+]?[\d.]+), ([-+]?[\d.]+)\]$/.exec(text)
  if (m === null) throw new Error(`not an interval: ${text}`)
  return [Number(m[1]), Number(m[2])]
}

describe("intervalText", () => {
  it("keeps the metric's digits when they show the interval as it lies", () => {
    expect(intervalText("csat", { lower: 0.0951, upper: 0.1062 })).toBe("[+0.095, +0.106]")
    expect(intervalText("nps", { lower: -1.14, upper: 0.12 })).toBe("[-1.1, +0.1]")
    // Shares in percentage points.
    expect(intervalText("churn", { lower: 0.072, upper: 0.085 })).toBe("[+7.2, +8.5]")
    expect(intervalText("ces", { lower: 0, upper: 0 })).toBe("[0.000, 0.000]")
  })

  it("a significant change never reads as an interval from 0: a bound near 0 gets the digits that show its side", () => {
    // CES +0.001 [+0.0004, +0.0023], significant: was printed [0.000, +0.002].
    expect(intervalText("ces", { lower: 0.000412, upper: 0.002311 })).toBe("[+0.0004, +0.0023]")
    expect(intervalText("ces", { lower: -0.00008, upper: 0.0049 })).toBe("[-0.0001, +0.0049]")
    expect(intervalText("completion", { lower: 0.00003, upper: 0.004 })).toBe("[+0.003, +0.400]")
    // The same bounds for a table with a column each (the HTML page).
    expect(intervalBounds("ces", { lower: 0.000412, upper: 0.002311 })).toEqual(["+0.0004", "+0.0023"])
  })

  it("every bound prints on the side of 0 where it lies (seeded property)", () => {
    const metrics: Metric[] = ["csat", "nps", "ces", "satisfaction", "completion", "churn", "revenue"]
    const bound = fc.double({ min: -5, max: 5, noNaN: true }).map((x) => Math.round(x * 1e6) / 1e6 + 0)
    fc.assert(
      fc.property(fc.constantFrom(...metrics), bound, bound, (m, a, b) => {
        const [lower, upper] = a <= b ? [a, b] : [b, a]
        const scale = m === "completion" || m === "churn" ? 100 : 1
        const [pl, pu] = bounds(intervalText(m, { lower, upper }))
        expect(Math.sign(pl)).toBe(Math.sign(lower * scale))
        expect(Math.sign(pu)).toBe(Math.sign(upper * scale))
      }),
      { seed: 20261203, numRuns: 2000 }
    )
  })
})
