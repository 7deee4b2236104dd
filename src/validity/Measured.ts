/**
 * A quantity the validity suite measures — an estimate with its 95% interval — and the ways the
 * suite gets those intervals:
 *
 * - a paired difference between two arms (stats/compare.ts): mean difference ± 1.96·sd/√n;
 * - a difference over its baseline standard deviation: the paired interval divided by the sd
 *   (at 20,000 customers the sd's own error, about 0.5%, is left out);
 * - a proportion: Wilson's score interval; a difference of proportions of different customers:
 *   Newcombe's hybrid score interval (stats/intervals.ts);
 * - a ratio of two estimates: a conservative bound — each estimate's interval taken at 97.5%
 *   (Bonferroni), the ratio's interval spanning the ratios of their ends, so that it covers the
 *   true ratio with at least 95% whatever the correlation of the two; unbounded when the
 *   denominator's interval reaches 0;
 * - a difference of two mean satisfactions from different periods or arms, whose spread the
 *   report does not give: ± 1.96·5·(1/√n₁ + 1/√n₂), since a score on 0–10 has a standard
 *   deviation of at most 5 (Popoviciu 1935), and sd(a − b) ≤ sd(a) + sd(b) for any correlation.
 */
import type { Diff } from "../stats/Comparison.js"
import { newcombe, wilson, Z95 } from "../stats/intervals.js"

export interface Measured {
  readonly estimate: number
  /** Lower end of the 95% interval; null when unbounded below. */
  readonly lower: number | null
  /** Upper end of the 95% interval; null when unbounded above. */
  readonly upper: number | null
}

/** A measurement that needs what this engine's reports do not give. Its message says what. */
export class NotMeasurable extends Error {
  readonly _tag = "NotMeasurable"
  constructor(reason: string) {
    super(`not measurable: ${reason}`)
  }
}

/** The standard normal quantile at 1 − 0.025/2: two 97.5% intervals hold together with ≥ 95%. */
export const Z_BONFERRONI = 2.241402727604947

const within = (x: number | null, ok: (v: number) => boolean): boolean => x !== null && ok(x)

/** A paired difference from a comparison. */
export const fromDiff = (d: Diff): Measured => ({ estimate: d.delta, lower: d.lower, upper: d.upper })

/** `m` with each side of its interval stretched from 95% to the confidence of `z`. */
export const widen = (m: Measured, z: number): Measured => ({
  estimate: m.estimate,
  lower: m.lower === null ? null : m.estimate - ((m.estimate - m.lower) * z) / Z95,
  upper: m.upper === null ? null : m.estimate + ((m.upper - m.estimate) * z) / Z95
})

/** −m. */
export const negate = (m: Measured): Measured => ({
  estimate: -m.estimate,
  lower: m.upper === null ? null : -m.upper,
  upper: m.lower === null ? null : -m.lower
})

/** |m|, with the interval of the absolute value (from 0 when the interval straddles 0). */
export const magnitude = (m: Measured): Measured => {
  if (within(m.lower, (l) => l >= 0)) return m
  if (within(m.upper, (u) => u <= 0)) return negate(m)
  const ends = [m.lower, m.upper].map((x) => (x === null ? null : Math.abs(x)))
  return { estimate: Math.abs(m.estimate), lower: 0, upper: ends.includes(null) ? null : Math.max(...(ends as number[])) }
}

/** m divided by a positive constant (a standard deviation). */
export const scaled = (m: Measured, by: number): Measured => {
  if (!(by > 0)) throw new NotMeasurable(`the standard deviation to scale by is ${by}`)
  return { estimate: m.estimate / by, lower: m.lower === null ? null : m.lower / by, upper: m.upper === null ? null : m.upper / by }
}

/**
 * a / b with the conservative Bonferroni interval (see the module comment), from a and b with
 * their 95% intervals. Unbounded on both sides when b's 97.5% interval reaches 0.
 */
export const ratio = (a: Measured, b: Measured): Measured => quotient(widen(a, Z_BONFERRONI), widen(b, Z_BONFERRONI))

/**
 * a / b, its interval spanning the ratios of the ends of a's and b's intervals as given (give
 * them at 97.5% for a joint 95%). Unbounded on both sides when b's interval reaches 0.
 */
export const quotient = (a: Measured, b: Measured): Measured => {
  const estimate = b.estimate === 0 ? NaN : a.estimate / b.estimate
  const wa = a
  const bl = b.lower
  const bu = b.upper
  if (bl === null || bu === null || (bl <= 0 && bu >= 0)) return { estimate, lower: null, upper: null }
  // On a denominator of one sign, a/b is monotone in a and in b: the extremes are at the corners.
  const quotients = [wa.lower ?? -Infinity, wa.upper ?? Infinity].flatMap((x) => [x / bl, x / bu])
  const lower = Math.min(...quotients)
  const upper = Math.max(...quotients)
  return { estimate, lower: Number.isFinite(lower) ? lower : null, upper: Number.isFinite(upper) ? upper : null }
}

/** The proportion k/n with Wilson's interval (at 95%, or at the confidence of `z`). */
export const proportion = (k: number, n: number, z: number = Z95): Measured => {
  if (n <= 0) throw new NotMeasurable("no customers to take a proportion of")
  const w = wilson(k, n, z)
  return { estimate: w.rate, lower: w.lower, upper: w.upper }
}

/** k1/n1 − k2/n2 for two groups of different customers, with Newcombe's interval (95%, or `z`). */
export const proportionDifference = (k1: number, n1: number, k2: number, n2: number, z: number = Z95): Measured => {
  if (n1 <= 0 || n2 <= 0) throw new NotMeasurable("a group without customers")
  const d = newcombe(k1, n1, k2, n2, z)
  return { estimate: d.difference, lower: d.lower, upper: d.upper }
}

/** Largest standard deviation of a score on 0–10 (Popoviciu's inequality: half the range). */
const SD_BOUND = 5

/** mean1 − mean2 of satisfactions (0–10) over n1 and n2 customers, with the conservative bound. */
export const satisfactionDifference = (mean1: number, n1: number, mean2: number, n2: number): Measured => {
  if (n1 <= 0 || n2 <= 0) throw new NotMeasurable("a period without customers")
  const half = Z95 * SD_BOUND * (1 / Math.sqrt(n1) + 1 / Math.sqrt(n2))
  const d = mean1 - mean2
  return { estimate: d, lower: d - half, upper: d + half }
}
