/**
 * The measurements that read what this branch's engine does not report yet (churn by CSAT
 * answer) or that need a scenario it cannot load (a per-period schedule), checked on reports
 * made by hand against an independent computation, so they are right when the engine gives them.
 */
import { describe, expect, it } from "vitest"
import type { Report } from "../../src/report/Report.js"
import { newcombe, wilson, Z95 } from "../../src/stats/intervals.js"
import type { Arms, CsatChurn } from "../../src/validity/BehaviouralEffect.js"
import { effects } from "../../src/validity/effects.js"
import { NotMeasurable, Z_BONFERRONI } from "../../src/validity/Measured.js"

const rows = (counts: ReadonlyArray<readonly [number, number]>): CsatChurn[] =>
  counts.map(([n, churned], i) => ({ csat: (i + 1) as CsatChurn["csat"], n, churned, rate: churned / n }))

const segment = (id: string, churnByCsat?: CsatChurn[], retention: ReadonlyArray<{ active: number; satisfaction: number }> = []) => ({
  id,
  // Customers of the segment (an empty segment has no figures to measure).
  n: churnByCsat?.reduce((sum, r) => sum + r.n, 0) ?? retention[0]?.active ?? 1,
  ...(churnByCsat === undefined ? {} : { churnByCsat }),
  retention: retention.map((r, k) => ({ period: k + 1, active: r.active, churned: 0, retained: 1, satisfaction: r.satisfaction }))
})

const report = (segments: ReadonlyArray<ReturnType<typeof segment>>): Report =>
  ({ scenario: { name: "hand-made" }, segments, overall: segments.length === 1 ? segments[0] : segment("overall") }) as unknown as Report

const armsOf = (reports: Readonly<Record<string, Report>>): Arms => ({
  report: (arm) => {
    const r = reports[arm ?? "baseline"]
    if (r === undefined) throw new Error(`no arm ${arm}`)
    return r
  },
  pair: () => {
    throw new Error("no pairs in these tests")
  }
})

const measure = (id: string, arms: Arms) => {
  const e = effects.find((x) => x.id === id)
  if (e === undefined) throw new Error(`no effect ${id}`)
  return e.checks[0]!.measure(arms)
}

/** Corners of a/b over two intervals (the conservative ratio bound, computed directly). */
const corners = (a: { lower: number; upper: number }, b: { lower: number; upper: number }) => {
  const q = [a.lower / b.lower, a.lower / b.upper, a.upper / b.lower, a.upper / b.upper]
  return { lower: Math.min(...q), upper: Math.max(...q) }
}

describe("churn by CSAT answer", () => {
  const base = rows([[300, 150], [600, 240], [1500, 450], [4000, 800], [6000, 300]])
  const hostages = rows([[300, 30], [600, 50], [1500, 100], [4000, 160], [6000, 150]])

  it("top-box-loyalty: churn at 4 over churn at 5, Wilson at 97.5% for each", () => {
    const m = measure("top-box-loyalty", armsOf({ baseline: report([segment("customer", base)]) }))
    expect(m.estimate).toBeCloseTo(0.2 / 0.05, 12)
    const c = corners(wilson(800, 4000, Z_BONFERRONI), wilson(300, 6000, Z_BONFERRONI))
    expect(m.lower).toBeCloseTo(c.lower, 12)
    expect(m.upper).toBeCloseTo(c.upper, 12)
  })

  it("hostages: the retention gap 5 vs ≤ 3 with the cost, over the gap without it", () => {
    const m = measure("hostages", armsOf({ baseline: report([segment("customer", base)]), hostages: report([segment("customer", hostages)]) }))
    const gapWith = 180 / 2400 - 150 / 6000
    const gapWithout = 840 / 2400 - 300 / 6000
    expect(m.estimate).toBeCloseTo(gapWith / gapWithout, 12)
    const c = corners(newcombe(180, 2400, 150, 6000, Z_BONFERRONI), newcombe(840, 2400, 300, 6000, Z_BONFERRONI))
    expect(m.lower).toBeCloseTo(c.lower, 12)
    expect(m.upper).toBeCloseTo(c.upper, 12)
  })

  it("segment-loyalty: churn at CSAT 4 of the fickle minus the loyal segment, Newcombe at 95%", () => {
    const loyal = rows([[10, 1], [10, 1], [10, 1], [3000, 300], [10, 1]])
    const fickle = rows([[10, 1], [10, 1], [10, 1], [2500, 500], [10, 1]])
    const m = measure("segment-loyalty", armsOf({ baseline: report([segment("loyal", loyal), segment("fickle", fickle)]) }))
    const d = newcombe(500, 2500, 300, 3000)
    expect(m).toEqual({ estimate: d.difference, lower: d.lower, upper: d.upper })
  })

  it("is not measurable without churn by CSAT, or without anyone at an answer", () => {
    expect(() => measure("top-box-loyalty", armsOf({ baseline: report([segment("customer")]) }))).toThrow(NotMeasurable)
    const none = rows([[10, 1], [10, 1], [10, 1], [0, 0], [10, 1]])
    expect(() => measure("top-box-loyalty", armsOf({ baseline: report([segment("customer", none)]) }))).toThrow(/no customer answered CSAT 4/)
  })
})

describe("satisfaction by period", () => {
  it("adaptation-after-delight: period 2 after a delight minus standard, with the bound for means on 0–10", () => {
    const after = report([segment("customer", undefined, [{ active: 20_000, satisfaction: 9.1 }, { active: 19_800, satisfaction: 7.9 }])])
    const standard = report([segment("customer", undefined, [{ active: 20_000, satisfaction: 8.5 }, { active: 19_900, satisfaction: 8.4 }])])
    const m = measure("adaptation-after-delight", armsOf({ baseline: after, standard }))
    const half = Z95 * 5 * (1 / Math.sqrt(19_800) + 1 / Math.sqrt(19_900))
    expect(m.estimate).toBeCloseTo(-0.5, 12)
    expect(m.lower).toBeCloseTo(-0.5 - half, 12)
    expect(m.upper).toBeCloseTo(-0.5 + half, 12)
  })

  it("adaptation-drift: period 4 minus period 1", () => {
    const r = report([
      segment("customer", undefined, [
        { active: 20_000, satisfaction: 9.5 },
        { active: 19_900, satisfaction: 9.2 },
        { active: 19_800, satisfaction: 9.0 },
        { active: 19_700, satisfaction: 8.9 }
      ])
    ])
    expect(measure("adaptation-drift", armsOf({ baseline: r })).estimate).toBeCloseTo(-0.6, 12)
  })
})
