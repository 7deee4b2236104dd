/**
 * How the comparison renderers write metrics: labels, levels, changes and intervals in each
 * metric's unit (shares as percentages, their changes in percentage points).
 */
import { shareMetrics, type Diff, type Metric } from "../stats/Comparison.js"
import { fixed, percent, signed } from "./format.js"
import { NO_DATA, type Report } from "./Report.js"

/** Decimals of a change and its interval (paired intervals are tight: one more than the levels). */
const CHANGE_DIGITS: Readonly<Record<Metric, number>> = { csat: 3, nps: 1, ces: 3, satisfaction: 3, completion: 1, churn: 1, revenue: 2 }
/** Decimals of a level (as the run report shows them). */
const LEVEL_DIGITS: Readonly<Record<Metric, number>> = { csat: 2, nps: 1, ces: 2, satisfaction: 2, completion: 1, churn: 1, revenue: 2 }

/** "EUR/cust" for a short currency code, else "Rev/cust" (as the run report). */
export const revenueLabel = (currency: string): string => {
  const c = currency.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim()
  return c !== "" && Array.from(c).length <= 4 ? `${c}/cust` : "Rev/cust"
}

/** A metric's row label, with its scale. */
export const metricLabel = (m: Metric, currency: string): string => {
  switch (m) {
    case "csat":
      return "CSAT 1–5"
    case "nps":
      return "NPS"
    case "ces":
      return "CES 1–7"
    case "satisfaction":
      return "Satisfaction 0–10"
    case "completion":
      return "Completion"
    case "churn":
      return "Churn"
    case "revenue":
      return revenueLabel(currency)
  }
}

/** Scale a value of the metric for display: shares to percent (points). */
const scaled = (m: Metric, x: number): number => (shareMetrics.has(m) ? 100 * x : x)

/** A level: "3.85", "12.3", "91.2%". */
export const levelText = (m: Metric, x: number): string => (shareMetrics.has(m) ? percent(x, LEVEL_DIGITS[m]) : fixed(x, LEVEL_DIGITS[m]))

/** A change, signed, in the metric's unit (percentage points for shares, without the unit). */
export const changeText = (m: Metric, delta: number): string => signed(scaled(m, delta), CHANGE_DIGITS[m])

/**
 * "[+0.095, +0.106]": the paired interval of a change, with the metric's digits, or more (up to
 * 6, the precision of the results) when a bound would otherwise print on the other side of 0 than
 * it lies: a significant rise reads "[+0.0004, +0.0021]", never "[0.000, +0.002]", which would
 * seem to contain no change.
 */
export const intervalText = (m: Metric, d: Pick<Diff, "lower" | "upper">): string => {
  const [lower, upper] = intervalBounds(m, d)
  return `[${lower}, ${upper}]`
}

/** The two bounds of `intervalText`, for a table with a column each. */
export const intervalBounds = (m: Metric, d: Pick<Diff, "lower" | "upper">): [string, string] => {
  const side = (x: number): number => (x === 0 ? 0 : Math.sign(x))
  let digits = CHANGE_DIGITS[m]
  while (digits < 6 && [d.lower, d.upper].some((b) => Number.isFinite(b) && side(Number(scaled(m, b).toFixed(digits))) !== side(scaled(m, b)))) digits++
  return [signed(scaled(m, d.lower), digits), signed(scaled(m, d.upper), digits)]
}

/** "±0.005": a half-width in the metric's unit. */
export const halfText = (m: Metric, half: number): string => `±${fixed(scaled(m, half), CHANGE_DIGITS[m])}`

/** Half-width of the paired interval of a difference. */
export const pairedHalf = (d: Pick<Diff, "lower" | "upper">): number => (d.upper - d.lower) / 2

/** "+0.158±0.011*": a change, its paired half-width, and a star when significant; "—" for an empty segment's (null). */
export const compactChange = (m: Metric, d: Diff | null): string =>
  d === null ? NO_DATA : `${changeText(m, d.delta)}±${fixed(scaled(m, pairedHalf(d)), CHANGE_DIGITS[m])}${d.significant ? "*" : ""}`

/** The unit of a metric's changes, for headers and legends. */
export const changeUnit = (m: Metric, currency: string): string =>
  shareMetrics.has(m) ? "percentage points" : m === "nps" ? "NPS points" : m === "revenue" ? `${currency} per customer` : "points"

/**
 * How many times narrower the paired interval is than the unpaired one, per metric (metrics with
 * a paired width of 0 are left out).
 */
export const pairingGain = (d: Readonly<Record<Metric, Diff>>, ms: ReadonlyArray<Metric>): Array<{ metric: Metric; ratio: number }> =>
  ms
    .filter((m) => pairedHalf(d[m]) > 0 && d[m].unpairedHalfWidth > 0)
    .map((m) => ({ metric: m, ratio: d[m].unpairedHalfWidth / pairedHalf(d[m]) }))

/**
 * A variant that changes the persona mix gives some customers another persona. Segments stay the
 * customers' baseline personas, so such a customer's change is that of becoming someone else: a
 * segment that "gains" may only have lost customers to a happier persona. Undefined when every
 * segment has as many customers in the variant as in the baseline (the mix did not change).
 */
export const mixNote = (baseline: Report, variant: Report): string | undefined => {
  const before = new Map(baseline.segments.map((g) => [g.id, g.n]))
  const moved = variant.segments.some((g) => before.get(g.id) !== g.n) || variant.segments.length !== baseline.segments.length
  return moved
    ? "The persona mix differs: segments are the customers' baseline personas, and a customer given another persona answers as the one they became, so a segment's change here is partly who it lost to another segment, not what the journey did to it."
    : undefined
}
