/**
 * Accumulators: the mergeable sufficient statistics of a block of customers — counts, sums and
 * fixed-bin histograms per segment and per touchpoint, never per customer (design.md, contract
 * — memory). A block's accumulator is one flat Float64Array, filled by the kernel.
 *
 * Totals over blocks are exact (see `Exact` below), so that any grouping of the blocks — one
 * thread, any number of workers, any split into shards merged later — gives the same totals, bit
 * for bit (design.md, contract — determinism). Float addition is not associative: adding block
 * accumulators as doubles in another grouping would change the last bits.
 */
import type { CompiledModel } from "./compile.js"

/** Per-segment scalar slots. */
export const S = {
  n: 0,
  completed: 1,
  abandoned: 2,
  complaints: 3,
  satSum: 4,
  satSq: 5,
  revenue: 6,
  revenueSq: 7,
  cost: 8,
  effortSum: 9,
  steps: 10,
  failures: 11,
  recovered: 12,
  lost: 13,
  /** Touchpoint visits in every period (first visits and repeat visits): the work done. */
  evaluations: 14,
  SCALARS: 15
} as const

/** Per-touchpoint slots. */
export const T = {
  reach: 0,
  visits: 1,
  abandonAt: 2,
  negSum: 3,
  uSum: 4,
  uSq: 5,
  sSum: 6,
  sSq: 7,
  uS: 8,
  failures: 9,
  STRIDE: 10
} as const

/** Per-period slots. */
export const P = { active: 0, churned: 1, satSum: 2, STRIDE: 3 } as const

export const CSAT_BINS = 5
export const LTR_BINS = 11
export const CES_BINS = 7

export interface Layout {
  readonly outcome: number
  readonly csat: number
  readonly ltr: number
  readonly ces: number
  /** Customers who churned over the horizon, by their CSAT answer after the first journey. */
  readonly csatChurn: number
  readonly period: number
  readonly tp: number
  /** Slots per segment. */
  readonly stride: number
  /** Slots in all. */
  readonly size: number
}

export const layout = (m: Pick<CompiledModel, "nOutcomes" | "horizon" | "nTouchpoints" | "nPersonas">): Layout => {
  const outcome = S.SCALARS
  const csat = outcome + m.nOutcomes
  const ltr = csat + CSAT_BINS
  const ces = ltr + LTR_BINS
  const csatChurn = ces + CES_BINS
  const period = csatChurn + CSAT_BINS
  const tp = period + P.STRIDE * m.horizon
  const stride = tp + T.STRIDE * m.nTouchpoints
  return { outcome, csat, ltr, ces, csatChurn, period, tp, stride, size: stride * m.nPersonas }
}

export const makeAccumulator = (l: Layout): Float64Array => new Float64Array(l.size)

/** Add `from` into `into`, as doubles (rounded; for exact totals over blocks use `Exact`). */
export const mergeInto = (into: Float64Array, from: Float64Array): void => {
  if (into.length !== from.length) throw new Error("mergeInto requires accumulators of the same layout")
  for (let i = 0; i < into.length; i++) into[i] += from[i]!
}

// ---------------------------------------------------------------------------------------------
// Exact totals

/**
 * Exact totals of block accumulators, on a fixed-point grid.
 *
 * Each entry of a block's accumulator is rounded to the grid of 2⁻²⁴ (about 6·10⁻⁸): the integer
 * q = round(x · 2²⁴). Integers add exactly, in any order and grouping. q is kept as two doubles
 * holding integers, q = hi · 2⁴⁰ + lo with 0 ≤ lo < 2⁴⁰, each exact while it stays below 2⁵³;
 * `hi` and `lo` of a total are added limb by limb with one carry. Only `toFloat64` rounds, once,
 * and it rounds the same total to the same double whatever the grouping.
 *
 * Limits:
 * - resolution: each block's entry moves by at most 2⁻²⁵ (3·10⁻⁸) when put on the grid; over
 *   10⁴ blocks (10⁷ customers) a sum moves by at most 3·10⁻⁴, a relative 10⁻¹¹ of a sum of
 *   10⁷ satisfactions: far below the 6 decimals of the report. Counts are integers, exact.
 * - magnitude: none for finite entries. A total that leaves the two limbs (past 2⁶⁹, about
 *   5.9·10²⁰ — 20,000 customers whose revenue over 12 periods is 3·10⁸ each have squared
 *   revenues of 1.8·10²¹) moves, for that entry only, to an exact big integer (`wide`); it is
 *   still exact and still rounded once, so the grouping of the blocks never shows. Entries must
 *   be finite: the loader's bounds (docs/format.md, Limits) keep every one of them finite.
 * - cost: a few operations per entry and block (about 3 µs for a block of 700 entries), against
 *   milliseconds to simulate the block; a wide entry costs a big-integer addition, about 0.2 µs.
 *   Memory: two arrays of the layout's size, whatever the population (design.md, contract —
 *   memory), and one big integer per wide entry.
 */
export interface Exact {
  readonly hi: Float64Array
  readonly lo: Float64Array
  /** Entries whose total left the limbs: the whole total, in grid units (hi and lo then stay 0). */
  readonly wide: Map<number, bigint>
}

/** Bits of the grid: entries are rounded to multiples of 2^-GRID_BITS. */
export const GRID_BITS = 24
const SCALE = 2 ** GRID_BITS
const UNSCALE = 2 ** -GRID_BITS
const LIMB = 2 ** 40
const INV_LIMB = 2 ** -40
const MAX_HI = 2 ** 53

export const makeExact = (size: number): Exact => ({ hi: new Float64Array(size), lo: new Float64Array(size), wide: new Map() })

/** A finite double on the grid, as a big integer (exact: beyond 2^53 a double is an integer). */
const gridBig = (x: number): bigint => {
  const q = Math.round(x * SCALE)
  return Number.isFinite(q) ? BigInt(q) : BigInt(x) << BigInt(GRID_BITS)
}

/** The total of entry `i` as a big integer, whether it is wide or in the limbs. */
const totalBig = (e: Exact, i: number): bigint => e.wide.get(i) ?? (BigInt(e.hi[i]!) << 40n) + BigInt(e.lo[i]!)

/** Move entry `i` to a big integer holding `total`. */
const widen = (e: Exact, i: number, total: bigint): void => {
  e.wide.set(i, total)
  e.hi[i] = 0
  e.lo[i] = 0
}

/** Add a block's accumulator (doubles) into exact totals. */
export const addExact = (into: Exact, from: Float64Array): void => {
  const th = into.hi
  const tl = into.lo
  const n = th.length
  if (from.length !== n) throw new Error("addExact requires an accumulator of the same layout")
  for (let i = 0; i < n; i++) {
    const x = from[i]!
    if (x === 0) continue
    if (!Number.isFinite(x)) throw new Error(`addExact requires finite entries; entry ${i} is ${x}`)
    const q = Math.round(x * SCALE)
    const h = Math.floor(q * INV_LIMB)
    let lo = tl[i]! + (q - h * LIMB)
    let hi = th[i]! + h
    if (lo >= LIMB) {
      lo -= LIMB
      hi += 1
    }
    if (hi >= MAX_HI || hi <= -MAX_HI || !Number.isFinite(q) || into.wide.has(i)) {
      widen(into, i, totalBig(into, i) + gridBig(x))
      continue
    }
    tl[i] = lo
    th[i] = hi
  }
}

/** Add exact totals into exact totals (merging shards). */
export const addExactTotals = (into: Exact, from: Exact): void => {
  const n = into.hi.length
  if (from.hi.length !== n) throw new Error("addExactTotals requires totals of the same layout")
  for (let i = 0; i < n; i++) {
    let lo = into.lo[i]! + from.lo[i]!
    let hi = into.hi[i]! + from.hi[i]!
    if (lo >= LIMB) {
      lo -= LIMB
      hi += 1
    }
    if (hi >= MAX_HI || hi <= -MAX_HI || into.wide.has(i) || from.wide.has(i)) {
      widen(into, i, totalBig(into, i) + totalBig(from, i))
      continue
    }
    into.lo[i] = lo
    into.hi[i] = hi
  }
}

/** The totals as doubles: each rounded once, the same way for any grouping of the blocks. */
export const exactToFloat64 = (e: Exact): Float64Array => {
  const out = new Float64Array(e.hi.length)
  for (let i = 0; i < out.length; i++) out[i] = (e.hi[i]! * LIMB + e.lo[i]!) * UNSCALE
  // Number() of a big integer rounds to the nearest double, as the sum of the limbs above does.
  for (const [i, w] of e.wide) out[i] = Number(w) * UNSCALE
  return out
}

/** The totals as decimal integers in units of 2^-GRID_BITS (for partial results in files). */
export const exactToStrings = (e: Exact): string[] =>
  Array.from(e.hi, (_, i) => totalBig(e, i).toString())

/** Totals from `exactToStrings`; throws on anything that is not an integer within the limits. */
export const exactFromStrings = (values: ReadonlyArray<string>): Exact => {
  const e = makeExact(values.length)
  values.forEach((s, i) => {
    // 340 digits: past any finite total of doubles on the grid (2^1024 · 2^24 · 2^64 blocks).
    if (typeof s !== "string" || !/^-?\d{1,340}$/.test(s)) throw new Error(`exactFromStrings requires integers as strings; entry ${i} is ${JSON.stringify(s)}`)
    const v = BigInt(s)
    const hi = v >> 40n
    const h = Number(hi)
    if (h >= MAX_HI || h <= -MAX_HI) return widen(e, i, v)
    e.hi[i] = h
    e.lo[i] = Number(v - (hi << 40n))
  })
  return e
}
