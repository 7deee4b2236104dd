/**
 * The Sobol low-discrepancy sequence in [0, 1)^d (Sobol 1967), with Joe and Kuo's direction
 * numbers (sobolDirections.ts), in Gray-code order (Antonov and Saleev 1979), unscrambled: the
 * first point is the origin, then (½, ½, …), (¾, ¼, …), (¼, ¾, …). Cost: O(n·d) after O(32·d).
 */
import { sobolDirections } from "./sobolDirections.js"

const BITS = 32

/** The largest number of dimensions the embedded direction numbers support. */
export const SOBOL_MAX_DIMENSIONS = sobolDirections.length + 1

/** Direction integers v[dim][bit], scaled to 32 bits. */
const directions = (d: number): Uint32Array[] => {
  const v: Uint32Array[] = []
  const first = new Uint32Array(BITS)
  for (let k = 0; k < BITS; k++) first[k] = (1 << (31 - k)) >>> 0
  v.push(first)
  for (let j = 1; j < d; j++) {
    const row = sobolDirections[j - 1] as ReadonlyArray<number>
    const s = row[0] as number
    const a = row[1] as number
    const m = row.slice(2)
    const vj = new Uint32Array(BITS)
    for (let k = 0; k < Math.min(s, BITS); k++) vj[k] = ((m[k] as number) << (31 - k)) >>> 0
    for (let k = s; k < BITS; k++) {
      let x = (vj[k - s] as number) ^ ((vj[k - s] as number) >>> s)
      for (let i = 1; i < s; i++) if (((a >>> (s - 1 - i)) & 1) === 1) x ^= vj[k - i] as number
      vj[k] = x >>> 0
    }
    v.push(vj)
  }
  return v
}

/**
 * The first `n` points of the `d`-dimensional Sobol sequence, skipping the first `skip`.
 *
 * @example
 * sobolSequence(4, 2) // [[0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]
 */
export const sobolSequence = (n: number, d: number, skip = 0): number[][] => {
  if (!(Number.isInteger(d) && d >= 1 && d <= SOBOL_MAX_DIMENSIONS)) {
    throw new Error(`sobolSequence requires 1 ≤ d ≤ ${SOBOL_MAX_DIMENSIONS}, got ${d}`)
  }
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(skip) && skip >= 0 && n + skip <= 2 ** BITS)) {
    throw new Error(`sobolSequence requires whole n, skip ≥ 0 and n + skip ≤ 2^32, got n=${n}, skip=${skip}`)
  }
  const v = directions(d)
  const x = new Uint32Array(d)
  const out: number[][] = []
  for (let i = 0; i < n + skip; i++) {
    if (i >= skip) out.push(Array.from(x, (xi) => xi / 2 ** BITS))
    // Gray code: the next point flips the direction of the lowest zero bit of i.
    let c = 0
    let ii = i
    while ((ii & 1) === 1) {
      ii >>>= 1
      c++
    }
    for (let j = 0; j < d; j++) x[j] = ((x[j] as number) ^ ((v[j] as Uint32Array)[c] as number)) >>> 0
  }
  return out
}
