/** How the benchmark renderers write a check's measure and interval, in the gate's unit. */
import type { CheckResult, Verdict } from "../stats/gates.js"
import { fixed, signed } from "./format.js"

const digits = (c: Pick<CheckResult, "metric">): number =>
  c.metric === "nps" || c.metric === "completion" || c.metric === "churn" || c.metric === "abandonment" ? 1 : c.metric === "revenue" ? 2 : 3

const unitText = (c: Pick<CheckResult, "unit">): string => (c.unit === "%" ? "%" : c.unit === "" || c.unit === "points" ? "" : ` ${c.unit}`)

/** "+5.0 [+4.7, +5.4]" for a change, "3.2% [2.9%, 3.5%]" for a level. */
export const measureText = (c: Pick<CheckResult, "metric" | "measured" | "value" | "lower" | "upper" | "unit">): string => {
  const f = (x: number): string => (c.measured === "change" ? signed(x, digits(c)) : fixed(x, digits(c)))
  const u = unitText(c)
  return u === "%" ? `${f(c.value)}% [${f(c.lower)}%, ${f(c.upper)}%]` : `${f(c.value)} [${f(c.lower)}, ${f(c.upper)}]${u}`
}

/** What a measure is, in words: "change", or "level". */
export const measuredWord = (c: Pick<CheckResult, "measured">): string => (c.measured === "change" ? "change" : "level")

/** A verdict as the terminal shows it: breaches in capitals. */
export const verdictWord = (v: Verdict): string => (v === "breached" ? "BREACHED" : v)

/** "1 breached, 2 inconclusive, 19 passed". */
export const countsText = (c: { readonly passed: number; readonly inconclusive: number; readonly breached: number }): string =>
  `${c.breached} breached, ${c.inconclusive} inconclusive, ${c.passed} passed`
