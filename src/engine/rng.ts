/**
 * Seeded random streams. Each block of customers gets its own generators, derived from the
 * stable key (seed, block index, stream purpose), never from a running counter, so that any
 * block can be computed anywhere, in any order (design.md, contract — determinism).
 *
 * seedrandom's `tychei` is used: about 4 ns a draw, against 26 ns for its default ARC4. The
 * key is hashed into the seed string, since small consecutive integer seeds give correlated
 * first outputs with some generators.
 */
import seedrandom from "seedrandom"

/** A uniform draw in the open interval (0, 1): never exactly 0 or 1, so inverse CDFs stay finite. */
export type Uniform = () => number

export type StreamPurpose = "persona" | "walk" | "post"

const TWO_POW_MINUS_32 = 2 ** -32

/** FNV-1a over the key, then mixed: a short, stable hash for the seed string. */
const hashKey = (key: string): string => {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193)
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15)
  }
  return `${(h1 >>> 0).toString(16)}-${(h2 >>> 0).toString(16)}-${key}`
}

/** The generator of one stream of one block. */
export const blockStream = (seed: number, block: number, purpose: StreamPurpose): Uniform => {
  const prng = seedrandom.tychei(hashKey(`cxsim/${seed}/${block}/${purpose}`))
  return () => ((prng.int32() >>> 0) + 0.5) * TWO_POW_MINUS_32
}
