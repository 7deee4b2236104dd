/**
 * Sobol sensitivity indices from Saltelli samples (saltelli.ts) with Jansen's estimators
 * (Jansen 1999; Saltelli et al. 2010, table 2): with V the variance of the outputs of A and B,
 *   first order  S_i  = (V − ½·mean((y_B − y_AB_i)²)) / V — the share of the variance that x_i
 *                                                         explains alone;
 *   total        ST_i = ½·mean((y_A − y_AB_i)²) / V      — the share it has a hand in, alone or
 *                                                         through interactions.
 * Intervals: percentile bootstrap over the N base rows (the same resampled rows for every
 * parameter), drawn from a seeded stream. Cost: O(N·d·(1 + bootstrap)).
 */
import type { Uniform } from "../../engine/rng.js"
import { below, seededUniform } from "../../design/seededUniform.js"

export interface SobolIndex {
  readonly parameter: number
  readonly first: number
  readonly firstLower: number
  readonly firstUpper: number
  readonly total: number
  readonly totalLower: number
  readonly totalUpper: number
}

export interface SobolOptions {
  /** Bootstrap resamples for the intervals (0: no intervals, bounds equal the estimate). @default 200 */
  readonly bootstrap?: number | undefined
  /** Seed of the bootstrap stream; derive it from stable keys (segment, metric). @default 0 */
  readonly seed?: number | undefined
  /** Confidence of the intervals. @default 0.95 */
  readonly confidence?: number | undefined
}

const estimate = (yA: ArrayLike<number>, yB: ArrayLike<number>, yAB: ArrayLike<number>, rows: ArrayLike<number>): { first: number; total: number } => {
  const n = rows.length
  let sum = 0
  let sum2 = 0
  for (let k = 0; k < n; k++) {
    const j = rows[k] as number
    const a = yA[j] as number
    const b = yB[j] as number
    sum += a + b
    sum2 += a * a + b * b
  }
  const mean = sum / (2 * n)
  const v = sum2 / (2 * n) - mean * mean
  let dFirst = 0
  let dTotal = 0
  for (let k = 0; k < n; k++) {
    const j = rows[k] as number
    const ab = yAB[j] as number
    dFirst += ((yB[j] as number) - ab) ** 2
    dTotal += ((yA[j] as number) - ab) ** 2
  }
  if (!(v > 0)) return { first: 0, total: 0 }
  return { first: (v - dFirst / (2 * n)) / v, total: dTotal / (2 * n) / v }
}

const percentile = (sorted: Float64Array, q: number): number => {
  const pos = q * (sorted.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return (sorted[lo] as number) + (pos - lo) * ((sorted[hi] as number) - (sorted[lo] as number))
}

/**
 * First-order and total Sobol indices of each parameter, with bootstrap intervals.
 *
 * @example
 * const s = saltelli(sobolSequence(4096, 6, 1), 3)
 * const { yA, yB, yAB } = splitSaltelli(s.points.map(model), s.n, 3)
 * sobolJansen(yA, yB, yAB, { seed: 7 })
 */
export const sobolJansen = (
  yA: ArrayLike<number>,
  yB: ArrayLike<number>,
  yAB: ReadonlyArray<ArrayLike<number>>,
  options: SobolOptions = {}
): SobolIndex[] => {
  const n = yA.length
  if (yB.length !== n || yAB.some((y) => y.length !== n)) throw new Error("sobolJansen requires yA, yB and every yAB of the same length")
  if (n < 2) throw new Error("sobolJansen requires at least 2 base points")
  const resamples = options.bootstrap ?? 200
  const alpha = (1 - (options.confidence ?? 0.95)) / 2
  const all = Uint32Array.from({ length: n }, (_, j) => j)
  const point = yAB.map((y) => estimate(yA, yB, y, all))
  const boot = yAB.map(() => ({ first: new Float64Array(resamples), total: new Float64Array(resamples) }))
  const u: Uniform = seededUniform(options.seed ?? 0, 0x50b01)
  const rows = new Uint32Array(n)
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < n; k++) rows[k] = below(u, n)
    yAB.forEach((y, i) => {
      const e = estimate(yA, yB, y, rows)
      const bi = boot[i] as { first: Float64Array; total: Float64Array }
      bi.first[b] = e.first
      bi.total[b] = e.total
    })
  }
  return point.map((p, i) => {
    const bi = boot[i] as { first: Float64Array; total: Float64Array }
    if (resamples === 0) return { parameter: i, first: p.first, firstLower: p.first, firstUpper: p.first, total: p.total, totalLower: p.total, totalUpper: p.total }
    bi.first.sort()
    bi.total.sort()
    return {
      parameter: i,
      first: p.first,
      firstLower: percentile(bi.first, alpha),
      firstUpper: percentile(bi.first, 1 - alpha),
      total: p.total,
      totalLower: percentile(bi.total, alpha),
      totalUpper: percentile(bi.total, 1 - alpha)
    }
  })
}
