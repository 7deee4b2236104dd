/**
 * Morris elementary effects (Morris 1991), with μ* (Campolongo, Cariboni and Saltelli 2007):
 * per parameter, the mean μ, the mean of absolute values μ* (how much it matters) and the
 * standard deviation σ (how much its effect depends on the other parameters: interactions or
 * non-linearity) of its elementary effects (Δy / Δx, x on the unit scale). Cost: O(r·d).
 */
import type { MorrisSample } from "../../design/morrisTrajectories.js"

export interface MorrisIndex {
  readonly parameter: number
  readonly mu: number
  readonly muStar: number
  readonly sigma: number
}

/**
 * Morris indices of the outputs `y` (one per point of `sample`, in order).
 *
 * @example
 * const m = morrisTrajectories(50, 3, 4, 1)
 * const indices = morris(m, m.points.map(model))
 */
export const morris = (sample: Pick<MorrisSample, "steps" | "r" | "d">, y: ArrayLike<number>): MorrisIndex[] => {
  const { r, d } = sample
  if (y.length !== r * (d + 1)) throw new Error(`morris requires ${r * (d + 1)} outputs, got ${y.length}`)
  const effects = Array.from({ length: d }, () => [] as number[])
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < d; s++) {
      const step = sample.steps[t * d + s] as { parameter: number; delta: number }
      const before = y[t * (d + 1) + s] as number
      const after = y[t * (d + 1) + s + 1] as number
      ;(effects[step.parameter] as number[]).push((after - before) / step.delta)
    }
  }
  return effects.map((ee, parameter) => {
    const n = ee.length
    const mu = ee.reduce((a, b) => a + b, 0) / n
    const muStar = ee.reduce((a, b) => a + Math.abs(b), 0) / n
    const sigma = n > 1 ? Math.sqrt(ee.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1)) : 0
    return { parameter, mu, muStar, sigma }
  })
}
