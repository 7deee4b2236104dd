/**
 * Latin hypercube sampling (McKay, Beckman and Conover 1979): n points in [0, 1)^d such that,
 * in every dimension, each of the n equal strata holds exactly one point, placed at random
 * within it. Cost: O(n·d).
 */
import { keyOf, permutation, seededUniform } from "./seededUniform.js"

/**
 * `n` points of a `d`-dimensional Latin hypercube, from `seed`.
 *
 * @example
 * latinHypercube(10, 3, 1) // 10 points; column j holds one value in each [i/10, (i+1)/10)
 */
export const latinHypercube = (n: number, d: number, seed: number): number[][] => {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(d) && d >= 1)) throw new Error(`latinHypercube requires whole n ≥ 1 and d ≥ 1, got ${n}, ${d}`)
  const u = seededUniform(seed, keyOf("latin-hypercube"))
  const points = Array.from({ length: n }, () => new Array<number>(d).fill(0))
  for (let j = 0; j < d; j++) {
    const strata = permutation(u, n)
    for (let i = 0; i < n; i++) (points[i] as number[])[j] = ((strata[i] as number) + u()) / n
  }
  return points
}
