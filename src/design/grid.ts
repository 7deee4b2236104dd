/**
 * A full factorial grid: every combination of the given levels, the first parameter varying
 * slowest (row-major order). Cost: the product of the level counts.
 */

/**
 * Every combination of `levels[0] × levels[1] × …`.
 *
 * @example
 * grid([[1, 2], [10, 20, 30]]) // [[1,10],[1,20],[1,30],[2,10],[2,20],[2,30]]
 */
export const grid = (levels: ReadonlyArray<ReadonlyArray<number>>): number[][] => {
  if (levels.some((l) => l.length === 0)) throw new Error("grid requires at least one level per parameter")
  let out: number[][] = [[]]
  for (const l of levels) out = out.flatMap((p) => l.map((x) => [...p, x]))
  return out
}

/** `count` evenly spaced levels from `low` to `high` (both included; one level is the midpoint). */
export const evenLevels = (low: number, high: number, count: number): number[] =>
  count === 1 ? [(low + high) / 2] : Array.from({ length: count }, (_, i) => (i === count - 1 ? high : low + ((high - low) * i) / (count - 1)))
