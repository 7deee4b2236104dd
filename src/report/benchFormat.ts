/** How the benchmark renderers write a check's measure and interval, in the gate's unit. */
import type { CheckResult, Verdict } from "../stats/gates.js"
import { fixed, signed } from "./format.js"
import { NO_DATA } from "./Report.js"

const digits = (c: Pick<CheckResult, "metric">): number =>
  c.metric === "nps" || c.metric === "completion" || c.metric === "churn" || c.metric === "abandonment" ? 1 : c.metric === "revenue" ? 2 : 3

const unitText = (c: Pick<CheckResult, "unit">): string => (c.unit === "%" ? "%" : c.unit === "" || c.unit === "points" ? "" : ` ${c.unit}`)

type Measure = Pick<CheckResult, "metric" | "measured" | "value" | "lower" | "upper" | "unit" | "rule" | "threshold" | "fit"> & { readonly n?: number }

/** The threshold where the interval's bounds are judged: a change may not fall below −maxDrop. */
const boundary = (c: Pick<CheckResult, "rule" | "threshold">): number => (c.rule === "maxDrop" ? -c.threshold : c.threshold)

/**
 * The metric's usual digits, or more (up to 6, the precision of the results): as many as it
 * takes for each bound of the interval to print on the side of the threshold where it lies, so
 * that a breach never reads as touching its threshold ("+0.6 [+0.5, +0.6]" against 0.5 becomes
 * "+0.55 [+0.51, +0.59]").
 */
export const measureDigits = (c: Measure): number => {
  const t = boundary(c)
  const side = (x: number): number => Math.sign(x - t)
  let d = digits(c)
  while (d < 6 && [c.lower, c.upper].some((b) => b !== null && Number.isFinite(b) && side(Number(b.toFixed(d))) !== side(b))) d++
  return d
}

/** A fit check's measure: "distance 0.065, ceiling 0.040 (1.64×)"; "— (no respondents)" without them. */
export const fitText = (c: Measure): string => {
  const f = c.fit
  if (f === undefined || f.distance === null || f.noiseCeiling === null) return `${NO_DATA} (no respondents)`
  return `distance ${fixed(f.distance, 3)}, ceiling ${fixed(f.noiseCeiling, 3)}${c.value === null ? "" : ` (${fixed(c.value, 2)}×)`}`
}

/** Why a fit check did not pass, in words. */
export const fitWhy = (c: Pick<CheckResult, "verdict" | "rule" | "value" | "fit">): string => {
  if (c.fit?.reason != null) return c.fit.reason
  if (c.verdict !== "breached") return ""
  const why = c.rule === "notPoor" ? "the fit is poor" : `the distance is ${c.value === null ? "beyond" : `${fixed(c.value, 2)} ×`} the noise ceiling`
  // Where to look first: the survey column that fits worst.
  const w = c.fit?.worst
  return w == null ? why : `${why}; worst: ${w.column} (distance ${fixed(w.distance, 3)}, ceiling ${fixed(w.noiseCeiling, 3)})`
}

/**
 * "+5.0 [+4.7, +5.4]" for a change, "3.2% [2.9%, 3.5%]" for a level; "— (no customers)" or "— (3
 * customers, too few)" without data; a fit check's distance and ceiling.
 */
export const measureText = (c: Measure): string => {
  if (c.measured === "fit") return fitText(c)
  if (c.value === null || c.lower === null || c.upper === null) {
    return c.n === undefined || c.n === 0 ? `${NO_DATA} (no customers)` : `${NO_DATA} (${c.n} customer${c.n === 1 ? "" : "s"}, too few)`
  }
  const d = measureDigits(c)
  const f = (x: number): string => (c.measured === "change" ? signed(x, d) : fixed(x, d))
  const u = unitText(c)
  return u === "%" ? `${f(c.value)}% [${f(c.lower)}%, ${f(c.upper)}%]` : `${f(c.value)} [${f(c.lower)}, ${f(c.upper)}]${u}`
}

/**
 * How far a breached check's interval lies beyond its threshold, from the nearer end: "by 4.0
 * pts" (percentage points, for percentages), "by 0.58 points", "by 15.98 EUR"; "" for a check that
 * is not breached, a fit check (its distance says it) or one without data.
 */
export const beyondText = (c: Measure & Pick<CheckResult, "verdict">): string => {
  if (c.verdict !== "breached" || c.measured === "fit" || c.lower === null || c.upper === null) return ""
  const t = c.threshold
  const by = c.rule === "maxDrop" ? -t - c.upper : c.rule === "min" ? t - c.upper : c.lower - t
  const unit = c.unit === "%" || c.unit === "pts" ? " pts" : c.unit === "" || c.unit === "points" ? " points" : ` ${c.unit}`
  return `by ${fixed(by, measureDigits(c))}${unit}`
}

/** What a measure is, in words: "change", or "level". */
export const measuredWord = (c: Pick<CheckResult, "measured">): string => c.measured

/** A verdict as the terminal shows it: breaches in capitals. */
export const verdictWord = (v: Verdict): string => (v === "breached" ? "BREACHED" : v)

/** "1 breached, 2 inconclusive, 19 passed" (and ", 1 no data" when a gate's segment has no customers). */
export const countsText = (c: { readonly passed: number; readonly noData: number; readonly inconclusive: number; readonly breached: number }): string =>
  `${c.breached} breached, ${c.inconclusive} inconclusive, ${c.passed} passed${c.noData > 0 ? `, ${c.noData} no data` : ""}`

/**
 * The checks that were not judged, for a headline: "1 inconclusive", "2 without data", "1
 * inconclusive, 2 without data"; `gates` writes "1 gate inconclusive". "" when there are none.
 */
export const unjudgedText = (c: { readonly inconclusive: number; readonly noData: number }, gates = false): string =>
  [
    c.inconclusive > 0 ? `${c.inconclusive}${gates ? ` gate${c.inconclusive === 1 ? "" : "s"}` : ""} inconclusive` : "",
    c.noData > 0 ? `${c.noData} without data` : ""
  ]
    .filter((x) => x !== "")
    .join(", ")
