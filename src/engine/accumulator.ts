/**
 * Accumulators: the mergeable sufficient statistics of a block of customers — counts, sums and
 * fixed-bin histograms per segment and per touchpoint, never per customer (design.md, contract
 * — memory). One flat Float64Array; merging is element-wise addition, done in block order.
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
  SCALARS: 14
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
  const period = ces + CES_BINS
  const tp = period + P.STRIDE * m.horizon
  const stride = tp + T.STRIDE * m.nTouchpoints
  return { outcome, csat, ltr, ces, period, tp, stride, size: stride * m.nPersonas }
}

export const makeAccumulator = (l: Layout): Float64Array => new Float64Array(l.size)

/** Add `from` into `into`. Merging in block order keeps the sums byte-identical for any split. */
export const mergeInto = (into: Float64Array, from: Float64Array): void => {
  if (into.length !== from.length) throw new Error("mergeInto requires accumulators of the same layout")
  for (let i = 0; i < into.length; i++) into[i] += from[i]!
}
