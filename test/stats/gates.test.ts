/**
 * Gates: breached only when the whole interval lies beyond the threshold, inconclusive when it
 * straddles it; an identical variant never breaches a rule on the change; a clearly worse
 * variant does.
 */
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import type { Gate } from "../../src/model/BenchSuite.js"
import { compare } from "../../src/api/compare.js"
import { describeGate, evaluateGates, judge, MIN_JUDGED, noDataReason } from "../../src/stats/gates.js"
import { loadFixture, removeFixtures } from "../support/fixture.js"
import { tradeoff, tradeoffPersonas } from "../support/tradeoff.js"

afterAll(removeFixtures)

describe("judge", () => {
  it.each([
    // rule, threshold, lower, upper, verdict
    ["maxDrop", 2, -5, -3, "breached"],
    ["maxDrop", 2, -3, -1, "inconclusive"],
    ["maxDrop", 2, -2, 1, "passed"],
    ["maxDrop", 0, 0, 0, "passed"],
    ["maxRise", 1, 1.5, 2, "breached"],
    ["maxRise", 1, 0.5, 1.5, "inconclusive"],
    ["maxRise", 1, -1, 1, "passed"],
    ["max", 5, 5.1, 6, "breached"],
    ["max", 5, 4, 5.1, "inconclusive"],
    ["max", 5, 4, 5, "passed"],
    ["min", 90, 85, 89.9, "breached"],
    ["min", 90, 89.9, 91, "inconclusive"],
    ["min", 90, 90, 91, "passed"]
  ] as const)("%s %d on [%d, %d] is %s", (rule, threshold, lower, upper, verdict) => {
    expect(judge(rule, threshold, lower, upper)).toBe(verdict)
  })

  it("a change of exactly zero never breaches a rule on the change, whatever the threshold", () => {
    fc.assert(
      fc.property(fc.constantFrom("maxDrop" as const, "maxRise" as const), fc.double({ min: 0, max: 1e6, noNaN: true }), (rule, t) => {
        expect(judge(rule, t, 0, 0)).toBe("passed")
      }),
      { seed: 3, numRuns: 200 }
    )
  })
})

describe("describeGate", () => {
  it("writes each rule in words, in the metric's unit", () => {
    const gates: Gate[] = [
      { metric: "nps", maxDrop: 2 },
      { metric: "nps", maxDrop: 1 },
      { metric: "churn", maxRise: 1 },
      { metric: "completion", maxDrop: 0.5 },
      { metric: "abandonment", at: "checkout", max: 5 },
      { metric: "completion", min: 90 },
      { metric: "csat", maxDrop: 0.05 },
      { metric: "ces", maxRise: 0.1 },
      { metric: "revenue", maxDrop: 1.5 },
      { metric: "nps", min: 0 }
    ]
    expect(gates.map((g) => describeGate(g, "EUR"))).toMatchInlineSnapshot(`
      [
        "NPS must not drop by more than 2 points",
        "NPS must not drop by more than 1 point",
        "churn must not rise by more than 1 percentage point",
        "completion must not drop by more than 0.5 percentage points",
        "abandonment at checkout must stay at or below 5%",
        "completion must stay at or above 90%",
        "CSAT must not drop by more than 0.05",
        "CES must not rise by more than 0.1",
        "revenue per customer must not drop by more than 1.5 EUR",
        "NPS must stay at or above 0",
      ]
    `)
  })
})

describe("evaluateGates on comparisons", () => {
  const gateArb: fc.Arbitrary<Gate> = fc.record({
    metric: fc.constantFrom("csat", "nps", "ces", "satisfaction", "completion", "churn", "revenue", "abandonment"),
    segment: fc.constantFrom("overall", "each", "hurried", "gourmet"),
    rule: fc.constantFrom("maxDrop", "maxRise"),
    threshold: fc.integer({ min: 0, max: 20 }).map((k) => k / 4)
  }).map(({ metric, segment, rule, threshold }) => ({
    metric,
    segment,
    ...(metric === "abandonment" ? { at: "kitchen" } : {}),
    [rule]: threshold
  }))

  it("an identical variant never breaches a gate on the change", async () => {
    const base = await loadFixture(tradeoff, tradeoffPersonas)
    const same = await loadFixture(tradeoff, tradeoffPersonas, { variant: "same" })
    const c = await compare(base, [same], { customers: 2000 })
    fc.assert(
      fc.property(fc.array(gateArb, { minLength: 1, maxLength: 6 }), (gates) => {
        const checks = evaluateGates(c, gates, ["same"])
        for (const x of checks) {
          expect([x.value, x.lower, x.upper]).toEqual([0, 0, 0])
          expect(x.verdict).toBe("passed")
        }
      }),
      { seed: 11, numRuns: 100 }
    )
  })

  it("a clearly worse variant breaches; each segment gets its own check; levels use the variant's own interval", async () => {
    const base = await loadFixture(tradeoff, tradeoffPersonas)
    const worse = await loadFixture(tradeoff, tradeoffPersonas, { variant: "worse" })
    const same = await loadFixture(tradeoff, tradeoffPersonas, { variant: "same" })
    const c = await compare(base, [worse, same], { customers: 3000 })
    const gates: Gate[] = [
      { metric: "nps", maxDrop: 2 },
      { metric: "churn", segment: "each", maxRise: 1 },
      { metric: "abandonment", at: "kitchen", max: 1, variants: ["worse"] },
      { metric: "abandonment", at: "order", maxRise: 0, variants: ["same"] }
    ]
    const checks = evaluateGates(c, gates, ["worse", "same"])
    expect(checks.map((x) => [x.variant, x.segment, x.gate, x.verdict])).toEqual([
      ["worse", "overall", 1, "breached"],
      ["same", "overall", 1, "passed"],
      ["worse", "hurried", 2, "breached"],
      ["worse", "gourmet", 2, "breached"],
      ["same", "hurried", 2, "passed"],
      ["same", "gourmet", 2, "passed"],
      ["worse", "overall", 3, "breached"],
      ["same", "overall", 4, "passed"]
    ])
    const level = checks[6]!
    const kitchen = c.variants[0]!.overall.abandonedAt.find((a) => a.touchpoint === "kitchen")!
    expect(level.measured).toBe("level")
    expect(level.value).toBeCloseTo(100 * kitchen.diff.variant, 4)
    expect(level.lower).toBeCloseTo(100 * kitchen.diff.arms.variant.lower, 4)
    expect(level.unit).toBe("%")
    expect(new Set(checks.map((x) => x.key)).size).toBe(checks.length)
  })

  it("a segment of fewer than 30 customers is not judged: one customer's answer breaches nothing", async () => {
    const base = await loadFixture(tradeoff, tradeoffPersonas)
    const worse = await loadFixture(tradeoff, tradeoffPersonas, { variant: "worse" })
    // 40 customers: each of tradeoff's two equal segments has about 20, the whole 40.
    const c = await compare(base, [worse], { customers: 40, seed: 5 })
    expect(c.variants[0]!.segments.every((s) => s.n > 0 && s.n < MIN_JUDGED)).toBe(true)
    const checks = evaluateGates(c, [{ metric: "nps", segment: "each", maxDrop: 0 }, { metric: "nps", maxDrop: 0 }], ["worse"])
    for (const x of checks) {
      expect(x.verdict === "no data", `${x.segment} n=${x.n}`).toBe(x.n < MIN_JUDGED)
      if (x.n < MIN_JUDGED) expect([x.value, x.lower, x.upper]).toEqual([null, null, null])
    }
    const few = checks.find((x) => x.n < MIN_JUDGED)!
    expect(noDataReason(few)).toBe(`the segment has only ${few.n} customers, fewer than the 30 a gate is judged from`)
    expect(noDataReason({ n: 1 })).toBe("the segment has only 1 customer, fewer than the 30 a gate is judged from")
    expect(noDataReason({ n: 0 })).toBe("the segment has no customers")
    expect(checks.find((x) => x.segment === "overall")!.verdict).toBe("breached")
  })
})
