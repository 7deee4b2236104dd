/**
 * Confidence intervals at 95%. Populations are large (thousands of customers), so normal-
 * approximation intervals are used for means; Wilson's score interval for proportions, which
 * stays inside [0, 1] and behaves near 0 and 1 (Wilson 1927).
 */
/**
 * z for a two-sided 95% interval: the standard normal quantile at 0.975, 1.959964…
 * (simple-statistics' `probit` is an approximation that gives 1.95716 here, 0.14% short.)
 */
export const Z95 = 1.959963984540054

/**
 * The fewest customers of a segment whose paired changes are judged: called significant in a
 * comparison, or held to a gate. The intervals of means and paired changes are normal
 * approximations, which need a sample of some size: with 1 customer (or a few who all answered
 * alike) an interval has no width, and one customer's answer would count as a certain change.
 */
export const MIN_JUDGED = 30

export interface Interval {
  readonly lower: number
  readonly upper: number
}

/** Mean ± z·s/√n from count, sum and sum of squares (s is the sample standard deviation). */
export const meanInterval = (n: number, sum: number, sumSq: number): { mean: number; sd: number } & Interval => {
  if (n <= 0) return { mean: NaN, sd: NaN, lower: NaN, upper: NaN }
  const mean = sum / n
  const variance = n > 1 ? Math.max(0, (sumSq - n * mean * mean) / (n - 1)) : 0
  const sd = Math.sqrt(variance)
  const half = n > 1 ? (Z95 * sd) / Math.sqrt(n) : 0
  return { mean, sd, lower: mean - half, upper: mean + half }
}

/** Mean and interval of a score from its histogram: bin i holds the count of value `values[i]`. */
export const histogramInterval = (counts: ArrayLike<number>, valueOf: (i: number) => number) => {
  let n = 0
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0
    const v = valueOf(i)
    n += c
    sum += c * v
    sumSq += c * v * v
  }
  return meanInterval(n, sum, sumSq)
}

/** Wilson score interval for a proportion k/n (at 95%, or at the confidence of `z`). */
export const wilson = (k: number, n: number, z: number = Z95): { rate: number } & Interval => {
  if (n <= 0) return { rate: NaN, lower: NaN, upper: NaN }
  const p = k / n
  const z2 = z * z
  const denom = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denom
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom
  return { rate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) }
}

/**
 * Interval of the difference k1/n1 − k2/n2 of two proportions of independent samples, from
 * their Wilson intervals: Newcombe's hybrid score method (Newcombe 1998, method 10).
 */
export const newcombe = (k1: number, n1: number, k2: number, n2: number, z: number = Z95): { difference: number } & Interval => {
  const a = wilson(k1, n1, z)
  const b = wilson(k2, n2, z)
  const d = a.rate - b.rate
  return {
    difference: d,
    lower: d - Math.sqrt((a.rate - a.lower) ** 2 + (b.upper - b.rate) ** 2),
    upper: d + Math.sqrt((a.upper - a.rate) ** 2 + (b.rate - b.lower) ** 2)
  }
}
