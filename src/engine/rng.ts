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

const TWO_POW_MINUS_32 = 2 ** -32
/** Outputs a generator makes ahead at a time (Tyche). */
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
 */
export class Tyche {
  a = 0
  b = 0
  c = 0
  d = 0
  /**
   * The next outputs, made BATCH at a time: `uniform` and `next` then read one element, small
   * enough for the optimising compiler to inline wherever they are called (a draw returned by
   * a call it does not inline is boxed, an allocation). The outputs are the same, in the same order.
   */
  private readonly ahead = new Int32Array(BATCH)
  private at = BATCH

  /** Same state as seedrandom.tychei(hi · 2³² + lo) for 0 ≤ hi < 2²¹. Cost: about 40 ns. */
  reseed(hi: number, lo: number): void {
    this.a = hi | 0
    this.b = lo | 0
    this.c = 2654435769 | 0
    this.d = 1367130551
    for (let k = 0; k < 20; k++) this.step()
    this.at = BATCH
  }

  /** The generator's state update: its next output. */
  private step(): number {
    let b = this.b
    let c = this.c
    let d = this.d
    let a = this.a
    b = (b << 25) ^ (b >>> 7) ^ c
    c = (c - d) | 0
    d = (d << 24) ^ (d >>> 8) ^ a
    a = (a - b) | 0
    this.b = b = (b << 20) ^ (b >>> 12) ^ c
    this.c = c = (c - d) | 0
    this.d = (d << 16) ^ (c >>> 16) ^ a
    return (this.a = (a - b) | 0)
  }

  private refill(): void {
    const ahead = this.ahead
    for (let k = 0; k < BATCH; k++) ahead[k] = this.step()
    this.at = 0
  }

  /** The next output, a signed 32-bit integer. */
  next(): number {
    if (this.at === BATCH) this.refill()
    return this.ahead[this.at++] as number
  }

  /** A uniform draw in the open interval (0, 1). */
  uniform(): number {
    if (this.at === BATCH) this.refill()
    return (((this.ahead[this.at++] as number) >>> 0) + 0.5) * TWO_POW_MINUS_32
  }
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
