/**
 * Morris trajectories (Morris 1991; Campolongo, Cariboni and Saltelli 2007): r random walks on a
 * p-level grid of [0, 1]^d, each changing one parameter at a time by ±Δ, Δ = p / (2(p − 1)),
 * so that each step gives one elementary effect. r·(d + 1) points. Cost: O(r·d²).
 */
import { below, keyOf, permutation, seededUniform } from "./seededUniform.js"

export interface MorrisSample {
  /** r·(d + 1) points: trajectory t is points[t(d+1)] … points[t(d+1) + d]. */
  readonly points: number[][]
  /** For step s of trajectory t (index t·d + s): the parameter changed and the signed change. */
  readonly steps: ReadonlyArray<{ readonly parameter: number; readonly delta: number }>
  readonly r: number
  readonly d: number
}

/**
 * `r` trajectories in `d` dimensions on a `levels`-level grid (levels even, ≥ 2), from `seed`.
 *
 * @example
 * const m = morrisTrajectories(20, 3, 4, 1) // 80 points, 60 elementary effects
 */
export const morrisTrajectories = (r: number, d: number, levels: number, seed: number): MorrisSample => {
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0)) throw new Error(`morrisTrajectories requires an even number of levels ≥ 2, got ${levels}`)
  if (!(Number.isInteger(r) && r >= 1 && Number.isInteger(d) && d >= 1)) throw new Error(`morrisTrajectories requires whole r ≥ 1 and d ≥ 1, got ${r}, ${d}`)
  const u = seededUniform(seed, keyOf("morris"))
  const delta = levels / (2 * (levels - 1))
  const points: number[][] = []
  const steps: Array<{ parameter: number; delta: number }> = []
  for (let t = 0; t < r; t++) {
    // Start on a grid level; each parameter moves by +Δ if that stays in [0, 1], else by −Δ.
    const x = Array.from({ length: d }, () => below(u, levels) / (levels - 1))
    points.push([...x])
    for (const i of permutation(u, d)) {
      const xi = x[i] as number
      const step = xi + delta <= 1 + 1e-12 ? delta : -delta
      x[i] = Math.min(1, Math.max(0, xi + step))
      points.push([...x])
      steps.push({ parameter: i, delta: step })
    }
  }
  return { points, steps, r, d }
}
