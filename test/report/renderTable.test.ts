import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Report, SegmentReport } from "../../src/report/Report.js"
import { MIN_WIDTH, renderTable } from "../../src/report/renderTable.js"
import { fixture, mapSegments, renameTouchpoint } from "./fixture.js"

const ESC = "\u001b"
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, "")
/** Lines of the text, escape codes removed, each as its list of characters (code points). */
const lines = (text: string): string[][] => stripAnsi(text).replace(/\n$/, "").split("\n").map((l) => Array.from(l))
const longest = (text: string): number => Math.max(...lines(text).map((l) => l.length))

const relabel = (report: Report, f: (s: SegmentReport) => string): Report => mapSegments(report, (s) => ({ ...s, label: f(s) }))

const longLabels = relabel(fixture, (s) => `${s.label} who book a table weeks ahead and always order the tasting menu`)
const longIds = renameTouchpoint(
  renameTouchpoint(fixture, "order-at-table", "order-at-the-table-with-a-waiter-who-brings-a-printed-menu"),
  "kitchen",
  "kitchen-prepares-the-food-while-the-customer-waits-at-the-table"
)
const longEverything: Report = {
  ...relabel(longIds, (s) => `${s.label} with a label far longer than any terminal column could hold`),
  scenario: { ...fixture.scenario, title: "A restaurant visit on a busy Friday evening with a full terrace and a short-staffed kitchen" },
  variant: "app-ordering-with-table-service-and-a-kitchen-display-system-for-every-station",
  currency: "EUR-per-customer-currency"
}

describe("renderTable", () => {
  it("renders the fixture", () => {
    expect(renderTable(fixture)).toMatchInlineSnapshot(`
      "cxsim 0.1.0 · A restaurant visit (restaurant)
      baseline · population 2,000 · seed 42 · horizon 4 periods

      Segment              Share        CSAT         NPS   CES   Done  Churn  EUR/cust
      Busy professional      60%  3.54 ±0.08  -22.0 ±4.7  2.98  88.0%  68.0%    118.40
      Family with children   40%  3.71 ±0.09   -4.0 ±6.0  2.83  91.0%  60.0%    142.50
      ────────────────────────────────────────────────────────────────────────────────
      All customers         100%  3.61 ±0.06  -14.8 ±3.7  2.92  89.2%  64.8%    128.04

      CSAT answers               1     2     3     4     5  Top 2
        Busy professional      15%   10%   14%   28%   33%    61%
        Family with children   12%    8%   13%   31%   36%    67%
        All customers          14%    9%   14%   29%   34%    63%

      Where customers abandon (share of the segment)
        Busy professional     kitchen 5.5% · order-at-table 3.5% · arrive 2.0%
        Family with children  kitchen 4.5% · arrive 2.0% · order-at-table 1.5%
        All customers         kitchen 5.1% · order-at-table 2.7% · arrive 2.0%

      Pain points (negative experience per customer)
        Busy professional     pay 1.62 · kitchen 1.43 · order-at-table 0.88
        Family with children  pay 1.46 · kitchen 1.30 · order-at-table 0.78
        All customers         pay 1.55 · kitchen 1.38 · order-at-table 0.84

      Drivers (impact: satisfaction points per SD; ranked by reach × impact)
        Busy professional     pay +1.95 · order-at-table +1.20 · kitchen +0.90
        Family with children  pay +1.80 · order-at-table +1.05 · kitchen +0.95
        All customers         pay +1.90 · order-at-table +1.14 · kitchen +0.92

      Still active after        P1    P2    P3    P4
        Busy professional      74%   55%   42%   32%
        Family with children   78%   61%   49%   40%
        All customers          76%   57%   45%   35%

      CSAT 1–5 · NPS −100..100 · CES 1 easy..7 hard · ± = 95% CI · Done = completed
      "
    `)
  })

  it("fits 80 columns", () => {
    for (const report of [fixture, longLabels, longIds, longEverything]) {
      for (const color of [false, true]) expect(longest(renderTable(report, { color }))).toBeLessThanOrEqual(80)
    }
  })

  it("fits any width from MIN_WIDTH up, and raises smaller widths to MIN_WIDTH", () => {
    for (let width = MIN_WIDTH; width <= 140; width++) {
      expect(longest(renderTable(longEverything, { width }))).toBeLessThanOrEqual(width)
      expect(longest(renderTable(fixture, { width }))).toBeLessThanOrEqual(width)
    }
    expect(renderTable(fixture, { width: 20 })).toBe(renderTable(fixture, { width: MIN_WIDTH }))
  })

  it("fits 80 columns whatever the labels and touchpoint ids", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 90 }), { minLength: 3, maxLength: 3 }),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 90 }),
        (labels, id) => {
          const report = renameTouchpoint(
            mapSegments(fixture, (s) => ({ ...s, label: labels[s.id === "overall" ? 2 : s.id === "family" ? 1 : 0] ?? "" })),
            "kitchen",
            id
          )
          expect(longest(renderTable(report))).toBeLessThanOrEqual(80)
        }
      )
    )
  })

  it("shortens long labels and touchpoint ids with an ellipsis", () => {
    const text = renderTable(longEverything)
    expect(text).toMatch(/^Busy professional w… +60% /m)
    expect(text).toContain("Rev/cust")
    expect(text).toMatch(/order-at-the-\S*… [\d.]+%/)
    expect(text).toMatch(/kitchen-prep\S*… [\d.]+%/)
    expect(text).not.toContain("waits-at-the-table")
    expect(text).toContain("variant app-ordering-with-table-service")
  })

  it("puts touchpoints on a line of their own, for every list, when one row would not fit beside its label", () => {
    const text = renderTable(longIds)
    expect(text).toContain("Where customers abandon (share of the segment)\n  Busy professional\n    kitchen-prepares")
    expect(text).toContain("Pain points (negative experience per customer)\n  Busy professional\n    pay 1.62 · kitchen-prepares")
    expect(renderTable(fixture)).toContain("\n  Busy professional     pay 1.62 · kitchen 1.43 · order-at-table 0.88\n")
  })

  it("keeps the table inside 80 columns when the numbers are huge, dropping columns from the right", () => {
    const rich = mapSegments(fixture, (s) => ({ ...s, revenue: { ...s.revenue, perCustomer: { mean: 1.2345e13, lower: 1.2e13, upper: 1.3e13 } } }))
    const text = renderTable(rich)
    expect(longest(text)).toBeLessThanOrEqual(80)
    expect(text).toContain("Churn")
  })

  it("has no escape codes without color, and the same text with escape codes when color is on", () => {
    const hostile = relabel(fixture, (s) => `${s.label} ${ESC}[31mred${ESC}[0m`)
    for (const report of [fixture, hostile, longEverything]) {
      const plain = renderTable(report, { color: false })
      const colored = renderTable(report, { color: true })
      expect(plain).not.toContain(ESC)
      expect(renderTable(report)).toBe(plain)
      expect(colored).toContain(`${ESC}[1m`)
      expect(colored).toContain(`${ESC}[2m`)
      expect(stripAnsi(colored)).toBe(plain)
    }
    // Red for a negative NPS, green for a positive one.
    expect(renderTable(fixture, { color: true })).toContain(`${ESC}[31m-22.0 ±4.7${ESC}[39m`)
    const positive = mapSegments(fixture, (s) => ({ ...s, nps: { ...s.nps, mean: 12.5, lower: 9, upper: 16 } }))
    expect(renderTable(positive, { color: true })).toContain(`${ESC}[32m12.5 ±3.5${ESC}[39m`)
  })

  it("starts with the engine name, names the variant, and says baseline without one", () => {
    expect(renderTable(fixture)).toMatch(/^cxsim 0\.1\.0 · A restaurant visit \(restaurant\)\nbaseline · population 2,000 · seed 42 · horizon 4 periods\n/)
    expect(renderTable({ ...fixture, variant: "app-ordering" })).toContain("\nvariant app-ordering · population 2,000")
  })

  it("spreads the periods it shows when the horizon is long, first and last included", () => {
    const long = mapSegments(fixture, (s) => ({
      ...s,
      retention: Array.from({ length: 52 }, (_, i) => ({ period: i + 1, active: 100, churned: 1, retained: 1 - (i + 1) / 100, satisfaction: 6 }))
    }))
    const text = renderTable({ ...long, horizon: 52 })
    expect(longest(text)).toBeLessThanOrEqual(80)
    const header = stripAnsi(text)
      .split("\n")
      .find((l) => l.startsWith("Still active after"))
    expect(header).toMatch(/^Still active after\s+P1\s.*\sP52$/)
    expect(text).toContain("99%")
    expect(text).toContain("48%")
  })

  it("says that it samples the periods, and which it leaves out (12 periods: no P4, no P9 before)", () => {
    const withHorizon = (h: number) =>
      mapSegments(fixture, (s) => ({
        ...s,
        retention: Array.from({ length: h }, (_, i) => ({ period: i + 1, active: 100, churned: 1, retained: 1 - (i + 1) / 100, satisfaction: 6 }))
      }))
    for (const h of [4, 12, 30]) {
      const text = stripAnsi(renderTable({ ...withHorizon(h), horizon: h }))
      const lines = text.split("\n")
      const header = lines.find((l) => l.startsWith("Still active after"))!
      const shown = [...header.matchAll(/P(\d+)/g)].map((m) => Number(m[1]))
      const note = text.match(/(\d+) of (\d+) periods shown to fit 80 columns; not shown: ([P\d, \n]+)/)
      if (shown.length === h) expect(note, `horizon ${h}`).toBeNull()
      else {
        expect(note, `horizon ${h}`).not.toBeNull()
        expect(Number(note![1])).toBe(shown.length)
        expect(Number(note![2])).toBe(h)
        const left = [...note![3]!.matchAll(/P(\d+)/g)].map((m) => Number(m[1]))
        expect([...shown, ...left].sort((a, b) => a - b)).toEqual(Array.from({ length: h }, (_, i) => i + 1))
      }
      expect(longest(text)).toBeLessThanOrEqual(80)
    }
  })

  it("says none where there is nothing to list", () => {
    const calm = mapSegments(fixture, (s) => ({ ...s, abandonedAt: [], painPoints: [], drivers: [] }))
    const text = renderTable(calm)
    expect(text.match(/ none$/gm)).toHaveLength(9)
  })
})
