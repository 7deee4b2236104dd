/**
 * Saltelli's sampling scheme for Sobol indices (Saltelli 2002; Saltelli et al. 2010): from N
 * base points in [0, 1)^(2d), the matrices A (first d columns) and B (last d columns), and for
 * each parameter i the matrix AB_i: A with its column i taken from B. The model then runs
 * N·(d + 2) points; sobolJansen.ts turns the outputs into indices. Cost: O(N·d²).
 */

export interface SaltelliSample {
  /** The points, in blocks of d + 2 per base point j: A_j, AB_1j … AB_dj, B_j. */
  readonly points: number[][]
  readonly n: number
  readonly d: number
}

/**
 * The Saltelli points of `base` (N rows of 2d columns, e.g. from sobolSequence(N, 2d, 1)).
 *
 * @example
 * const s = saltelli(sobolSequence(1024, 6, 1), 3) // 1024 × 5 points
 */
export const saltelli = (base: ReadonlyArray<ReadonlyArray<number>>, d: number): SaltelliSample => {
  const points: number[][] = []
  for (const row of base) {
    if (row.length !== 2 * d) throw new Error(`saltelli requires base rows of ${2 * d} columns, got ${row.length}`)
    const a = row.slice(0, d)
    const b = row.slice(d)
    points.push(a)
    for (let i = 0; i < d; i++) points.push(a.map((x, k) => (k === i ? (b[i] as number) : x)))
    points.push(b)
  }
  return { points, n: base.length, d }
}

/** Split model outputs (one per Saltelli point, in order) into yA, yB and yAB[i]. */
export const splitSaltelli = (y: ArrayLike<number>, n: number, d: number): { yA: Float64Array; yB: Float64Array; yAB: Float64Array[] } => {
  if (y.length !== n * (d + 2)) throw new Error(`splitSaltelli requires ${n * (d + 2)} outputs, got ${y.length}`)
  const yA = new Float64Array(n)
  const yB = new Float64Array(n)
  const yAB = Array.from({ length: d }, () => new Float64Array(n))
  for (let j = 0; j < n; j++) {
    const o = j * (d + 2)
    yA[j] = y[o] as number
    for (let i = 0; i < d; i++) (yAB[i] as Float64Array)[j] = y[o + 1 + i] as number
    yB[j] = y[o + d + 1] as number
  }
  return { yA, yB, yAB }
}
