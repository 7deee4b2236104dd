/** A check's measure as the benchmark renderers print it: enough digits to show the verdict. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { measureText } from "../../src/report/benchFormat.js"
import { judge, type CheckResult } from "../../src/stats/gates.js"

type Measure = Parameters<typeof measureText>[0]

const check = (o: Partial<Measure>): Measure => ({
  metric: "nps",
  measured: "change",
  value: 0,
  lower: 0,
  upper: 0,
  unit: "points",
  rule: "maxRise",
  threshold: 0.5,
  ...o
})

/** The printed interval, read back. */
const bounds = (text: string): [number, number] => {
  const m = /\[([-+]?[\d.]+)%?, ([-+]?[\d.]+)%?\]/.exec(text)
  if (m === null) throw new Error(`no interval in ${text}`)
  return [Number(m[1]), Number(m[2])]
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0

describe("measureText", () => {
  it("shows a breach beyond its threshold, not touching it", () => {
    // Before: "+0.6 [+0.5, +0.6]" against a threshold of 0.5.
    expect(measureText(check({ value: 0.55, lower: 0.51, upper: 0.59 }))).toBe("+0.55 [+0.51, +0.59]")
    expect(measureText(check({ metric: "completion", rule: "maxDrop", threshold: 2, value: -2.52, lower: -3, upper: -2.04 }))).toBe("-2.52 [-3.00, -2.04]")
    expect(measureText(check({ metric: "csat", measured: "level", rule: "min", threshold: 4, value: 3.9995, lower: 3.9992, upper: 3.9998, unit: "" }))).toBe("3.9995 [3.9992, 3.9998]")
  })

  it("keeps the metric's usual digits when they already show the verdict", () => {
    expect(measureText(check({ value: 0.2, lower: 0.1, upper: 0.3 }))).toBe("+0.2 [+0.1, +0.3]")
    expect(measureText(check({ metric: "completion", measured: "level", rule: "min", threshold: 80, value: 85.04, lower: 84.51, upper: 85.56, unit: "%" }))).toBe("85.0% [84.5%, 85.6%]")
  })

  it("prints every interval so that judging the printed bounds gives the verdict", () => {
    const rules = ["maxDrop", "maxRise", "max", "min"] as const
    fc.assert(
      fc.property(
        fc.constantFrom(...rules),
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.constantFrom<CheckResult["metric"]>("nps", "csat", "revenue", "churn"),
        (rule, t, lo, width, metric) => {
          const threshold = r6(t / 1e6)
          const lower = r6(lo / 1e6)
          const upper = r6((lo + width) / 1e6)
          const c = check({ rule, threshold, lower, upper, value: r6((lower + upper) / 2), metric })
          const [pl, pu] = bounds(measureText(c))
          expect(judge(rule, threshold, pl, pu)).toBe(judge(rule, threshold, lower, upper))
        }
      ),
      { numRuns: 2000 }
    )
  })
})
