/** A check's measure as the benchmark renderers print it: enough digits to show the verdict. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { beyondText, measureText } from "../../src/report/benchFormat.js"
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

describe("beyondText: how far a breach lies beyond its threshold", () => {
  const breached = (o: Partial<Measure>) => ({ ...check(o), verdict: "breached" as const })

  it("is measured from the interval's nearer end, in the gate's unit, for every rule", () => {
    // NPS must not drop by more than 1: [-9.9, -7.9] is 6.9 points below -1.
    expect(beyondText(breached({ rule: "maxDrop", threshold: 1, value: -8.9, lower: -9.9, upper: -7.9 }))).toBe("by 6.9 points")
    // Churn must not rise by more than 1 percentage point: [+5.0, +6.5] pts is 4.0 pts above.
    expect(beyondText(breached({ metric: "churn", unit: "pts", rule: "maxRise", threshold: 1, value: 5.8, lower: 5, upper: 6.5 }))).toBe("by 4.0 pts")
    // Churn at most 50%: a level of [93.4%, 94.3%] is 43.4 percentage points above.
    expect(beyondText(breached({ metric: "churn", measured: "level", unit: "%", rule: "max", threshold: 50, value: 93.9, lower: 93.4, upper: 94.3 }))).toBe("by 43.4 pts")
    // Completion at least 99%: [71.6%, 74.8%] is 24.2 percentage points below.
    expect(beyondText(breached({ metric: "completion", measured: "level", unit: "%", rule: "min", threshold: 99, value: 73.2, lower: 71.6, upper: 74.8 }))).toBe("by 24.2 pts")
    // Revenue in the scenario's currency.
    expect(beyondText(breached({ metric: "revenue", unit: "EUR", rule: "maxDrop", threshold: 10, value: -25.98, lower: -30.48, upper: -21.47 }))).toBe("by 11.47 EUR")
  })

  it("a breach by a hair shows with the measure's extra digits, never as 0", () => {
    expect(beyondText(breached({ metric: "churn", unit: "pts", threshold: 0.5, value: 0.55, lower: 0.51, upper: 0.59 }))).toBe("by 0.01 pts")
  })

  it("is empty for a check that is not breached, and one without data", () => {
    expect(beyondText({ ...check({ lower: 0.4, upper: 0.6 }), verdict: "inconclusive" })).toBe("")
    expect(beyondText({ ...check({}), verdict: "passed" })).toBe("")
    expect(beyondText(breached({ value: null, lower: null, upper: null }))).toBe("")
  })
})
