/**
 * Acceptance rules of the validity suite: what a measured quantity must show for an effect to
 * hold. Ranges are judged on the estimate (its interval is reported beside it); sign rules may
 * also ask the interval to exclude 0.
 */
import type { Measured } from "./Measured.js"

export type Rule =
  /** min ≤ estimate ≤ max (either end may be open). */
  | { readonly kind: "range"; readonly min?: number; readonly max?: number }
  /** The estimate has this sign; with `interval`, the whole interval too (it excludes 0). */
  | { readonly kind: "sign"; readonly sign: -1 | 1; readonly interval: boolean }
  /**
   * The estimate is on the right side of `bound`, or beyond it by no more than its interval's
   * half-width (not clearly on the wrong side).
   */
  | { readonly kind: "noWorseThan"; readonly side: "atLeast" | "atMost"; readonly bound: number }

/** Does the measured quantity satisfy the rule? A NaN estimate never does. */
export const accepts = (rule: Rule, m: Measured): boolean => {
  const x = m.estimate
  if (Number.isNaN(x)) return false
  switch (rule.kind) {
    case "range":
      return (rule.min === undefined || x >= rule.min) && (rule.max === undefined || x <= rule.max)
    case "sign": {
      if (!(rule.sign * x > 0)) return false
      if (!rule.interval) return true
      const near = rule.sign > 0 ? m.lower : m.upper
      return near !== null && rule.sign * near > 0
    }
    case "noWorseThan": {
      const half = m.lower === null || m.upper === null ? 0 : (m.upper - m.lower) / 2
      return rule.side === "atLeast" ? x >= rule.bound - half : x <= rule.bound + half
    }
  }
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000))

/** The rule in a few words: "≤ 0.5", "1.5 … 3", "< 0, interval excludes 0". */
export const describeRule = (rule: Rule): string => {
  switch (rule.kind) {
    case "range":
      if (rule.min !== undefined && rule.max !== undefined) return `${num(rule.min)} … ${num(rule.max)}`
      if (rule.min !== undefined) return `≥ ${num(rule.min)}`
      if (rule.max !== undefined) return `≤ ${num(rule.max)}`
      return "any value"
    case "sign":
      return `${rule.sign > 0 ? ">" : "<"} 0${rule.interval ? ", interval excludes 0" : ""}`
    case "noWorseThan":
      return `${rule.side === "atLeast" ? "≥" : "≤"} ${num(rule.bound)}, or ${rule.side === "atLeast" ? "below" : "above"} by less than its half-width`
  }
}
