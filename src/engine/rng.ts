/**
 * Seeded random streams. Each block of customers gets its own generators, derived from the
 * stable key (seed, block index, stream purpose), never from a running counter, so that any
 * block can be computed anywhere, in any order (design.md, contract — determinism).
 *
 * The generator is seedrandom's `tychei` algorithm (about 4 ns a draw, against 26 ns for its
 * default ARC4), as a class reseeded in place (`Tyche`): the kernel keeps one generator per
 * stream for a whole run and reseeds it per block, or per customer and period for the journey
 * walk, without allocating. Keys are mixed (`mix32`) into the seed, since small consecutive
 * integer seeds give correlated first outputs with some generators.
 */

/** A uniform draw in the open interval (0, 1): never exactly 0 or 1, so inverse CDFs stay finite. */
export type Uniform = () => number

export type StreamPurpose = "persona" | "walk" | "post"

/** Outputs a generator makes ahead at a time (Tyche; `next` and `uniform` write 4 + BATCH out). */
const BATCH = 16

/** A constant per stream purpose, mixed into its seeds. */
const purposeKey: Readonly<Record<StreamPurpose, number>> = { persona: 0x9e3779b1, walk: 0x85ebca77, post: 0xc2b2ae3d }

/** The generator of one stream of one block, as a function (tests, and code outside the kernel). */
export const blockStream = (seed: number, block: number, purpose: StreamPurpose): Uniform => {
  const g = new Tyche()
  seedBlock(g, seed, block, purpose)
  return () => g.uniform()
}

/**
 * seedrandom's tychei algorithm (the same state update and seeding), as a class that can be
 * reseeded in place: one walk stream per customer and period without allocating per customer,
 * so that customer i's journey draws do not depend on what earlier customers of the block did
 * (common random numbers hold even when a variant changes path lengths). A test checks it
 * against seedrandom.tychei output for the same integer seed.
 *
 * The state lives in one Int32Array, not in object fields: the words a, b, c, d (0–3), the
 * next outputs made BATCH at a time (4 … 4 + BATCH − 1) and the position of the next one to
 * read (4 + BATCH). Typed-array elements keep their int32 representation in optimised code
 * whatever values they hold, and `uniform` and `next` stay small (no module constants, whose
 * reads carry checks): small enough for the optimising compiler to inline them wherever they
 * are called, within its budget of inlined code (a draw returned by a call it does not inline
 * is boxed, an allocation). The outputs are the same, in the same order.
 */
export class Tyche {
  /** a, b, c, d; then the next BATCH outputs; then the index in `s` of the next one to read. */
  readonly s = new Int32Array(5 + BATCH)

  /** Same state as seedrandom.tychei(hi · 2³² + lo) for 0 ≤ hi < 2²¹. Cost: about 40 ns. */
  reseed(hi: number, lo: number): void {
    const s = this.s
    s[0] = hi
    s[1] = lo
    s[2] = 2654435769
    s[3] = 1367130551
    advance(s, 20, false)
    s[4 + BATCH] = 4 + BATCH
  }

  /** Make the next BATCH outputs; the next read is the first of them. */
  refill(): void {
    const s = this.s
    advance(s, BATCH, true)
    s[4 + BATCH] = 4
  }

  /** The next output, a signed 32-bit integer. */
  next(): number {
    const s = this.s
    if (s[20] === 20) this.refill() // s[4 + BATCH], written out: a literal keeps the method small
    return s[s[20]++] as number
  }

  /** A uniform draw in the open interval (0, 1). */
  uniform(): number {
    const s = this.s
    if (s[20] === 20) this.refill()
    return (((s[s[20]++] as number) >>> 0) + 0.5) * 2.3283064365386963e-10 // 2⁻³²
  }
}

/**
 * `n` state updates of the generator on s[0..3] (a, b, c, d), in registers; with `keep`, the
 * k-th output goes to s[4 + k] (n ≤ BATCH then).
 */
const advance = (s: Int32Array, n: number, keep: boolean): void => {
  let a = s[0] as number
  let b = s[1] as number
  let c = s[2] as number
  let d = s[3] as number
  for (let k = 0; k < n; k++) {
    b = (b << 25) ^ (b >>> 7) ^ c
    c = (c - d) | 0
    d = (d << 24) ^ (d >>> 8) ^ a
    a = (a - b) | 0
    b = (b << 20) ^ (b >>> 12) ^ c
    c = (c - d) | 0
    d = (d << 16) ^ (c >>> 16) ^ a
    a = (a - b) | 0
    if (keep) s[4 + k] = a
  }
  s[0] = a
  s[1] = b
  s[2] = c
  s[3] = d
}

/** A 32-bit finaliser (good avalanche): mixes keys into generator seeds. */
export const mix32 = (x: number): number => {
  let h = x | 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * Seed the stream `purpose` of block `block` (0 ≤ block < 2³²). For one seed and purpose,
 * distinct blocks get distinct low seed words (mix32 is a bijection).
 */
export const seedBlock = (g: Tyche, seed: number, block: number, purpose: StreamPurpose): void => {
  const k = purposeKey[purpose]
  const lo = mix32(mix32(mix32(seed) ^ k) ^ block)
  const hi = mix32(lo ^ mix32(block + k)) & 0x1fffff
  g.reseed(hi, lo)
}

/** Seed a customer's walk stream for one period from (seed, customer index, period). */
export const seedWalk = (g: Tyche, seed: number, customer: number, period: number): void => {
  const hi = mix32(mix32(seed ^ 0x5bd1e995) ^ Math.floor(customer / 0x100000000)) & 0x1fffff
  const lo = mix32(mix32(seed + 0x9e3779b9) ^ mix32((customer >>> 0) ^ Math.imul(period + 1, 0x27d4eb2d)))
  g.reseed(hi, lo)
}
