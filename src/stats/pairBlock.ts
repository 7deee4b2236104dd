/**
 * One block of a paired comparison: the engine runs the baseline and every variant on the same
 * block of customers (engine/paired.ts) and hands their per-customer records to this module's
 * reducer, which accumulates the per-customer differences per segment (the customer's baseline
 * persona) into one flat Float64Array. Plain TypeScript over typed arrays: no Effect, no closures
 * or allocation per customer (design.md, contract — the hot loop), so that a worker thread can
 * import this module: `compareJob` declares the comparison as a block job for the worker pool.
 *
 * Layout of a block's buffer (`CompareLayout`): the regular accumulators of the baseline and of
 * each variant, then per variant its paired accumulator (`PairLayout`). Buffers of different
 * blocks add entry by entry, in block order.
 */
import type { Layout } from "../engine/accumulator.js"
import type { BlockRunner } from "../engine/blockJob.js"
import { defineJob } from "../engine/blockJob.js"
import type { CompiledModel } from "../engine/compile.js"
import type { CustomerRecords } from "../engine/kernel.js"
import { pairedLayout, pairedRunner, type BlockReducer } from "../engine/paired.js"
import { metrics, type Metric } from "./Comparison.js"

/** Slots per metric: sums and sums of squares of the baseline, the variant and the difference. */
export const M = { sumB: 0, sqB: 1, sumV: 2, sqV: 3, sumD: 4, sqD: 5, STRIDE: 6 } as const

/** Metric indices in the paired accumulator (the order of `metrics`). */
export const MI = { csat: 0, nps: 1, ces: 2, satisfaction: 3, completion: 4, churn: 5, revenue: 6 } as const satisfies Record<Metric, number>

const NM = metrics.length

/** Layout of one variant's paired accumulator: per baseline segment, a block of `stride` slots. */
export interface PairLayout {
  readonly nSegments: number
  readonly nTpBaseline: number
  readonly nTpVariant: number
  /** Offset of the metric slots (after the count at 0). */
  readonly metric: number
  /** Per baseline touchpoint: customers who gave up there in the baseline. */
  readonly abBaseline: number
  /** Per variant touchpoint: customers who gave up there in the variant. */
  readonly abVariant: number
  /** Per variant touchpoint: customers who gave up there in both arms. */
  readonly abBoth: number
  readonly stride: number
  readonly size: number
}

export const pairLayout = (base: CompiledModel, variant: CompiledModel): PairLayout => {
  const metric = 1
  const abBaseline = metric + NM * M.STRIDE
  const abVariant = abBaseline + base.nTouchpoints
  const abBoth = abVariant + variant.nTouchpoints
  const stride = abBoth + variant.nTouchpoints
  return {
    nSegments: base.nPersonas,
    nTpBaseline: base.nTouchpoints,
    nTpVariant: variant.nTouchpoints,
    metric,
    abBaseline,
    abVariant,
    abBoth,
    stride,
    size: stride * base.nPersonas
  }
}

/** For each touchpoint of the variant, the baseline touchpoint with the same id, or −1. */
export const touchpointMap = (base: CompiledModel, variant: CompiledModel): Int32Array => {
  const ids = base.meta.touchpoints.map((t) => t.id)
  return Int32Array.from(variant.meta.touchpoints, (t) => ids.indexOf(t.id))
}

/** The per-customer NPS score from likelihood to recommend: promoters +100, detractors −100. */
const npsScore = (ltr: number): number => (ltr >= 9 ? 100 : ltr <= 6 ? -100 : 0)

const addMetric = (acc: Float64Array, at: number, b: number, v: number): void => {
  const d = v - b
  acc[at + M.sumB] += b
  acc[at + M.sqB] += b * b
  acc[at + M.sumV] += v
  acc[at + M.sqV] += v * v
  acc[at + M.sumD] += d
  acc[at + M.sqD] += d * d
}

/**
 * Add the paired differences of `count` customers, whose records the baseline and the variant
 * wrote for the same block, into `pair` (per the customer's baseline persona). Plain loops over
 * typed arrays: no allocation per customer.
 */
export const pairCustomers = (
  base: CompiledModel,
  variant: CompiledModel,
  count: number,
  recB: CustomerRecords,
  recV: CustomerRecords,
  pair: Float64Array,
  pl: PairLayout,
  tpMap: Int32Array
): void => {
  for (let c = 0; c < count; c++) {
    const at = recB.persona[c]! * pl.stride
    pair[at] += 1
    const m = at + pl.metric
    addMetric(pair, m + MI.csat * M.STRIDE, recB.csat[c]!, recV.csat[c]!)
    addMetric(pair, m + MI.nps * M.STRIDE, npsScore(recB.ltr[c]!), npsScore(recV.ltr[c]!))
    addMetric(pair, m + MI.ces * M.STRIDE, recB.ces[c]!, recV.ces[c]!)
    addMetric(pair, m + MI.satisfaction * M.STRIDE, recB.satisfaction[c]!, recV.satisfaction[c]!)
    const oB = recB.outcome[c]!
    const oV = recV.outcome[c]!
    addMetric(pair, m + MI.completion * M.STRIDE, oB >= 0 ? base.outcomeCompleted[oB]! : 0, oV >= 0 ? variant.outcomeCompleted[oV]! : 0)
    addMetric(pair, m + MI.churn * M.STRIDE, recB.churnPeriod[c]! >= 0 ? 1 : 0, recV.churnPeriod[c]! >= 0 ? 1 : 0)
    addMetric(pair, m + MI.revenue * M.STRIDE, recB.revenue[c]!, recV.revenue[c]!)
    const aB = recB.abandonedAt[c]!
    const aV = recV.abandonedAt[c]!
    if (aB >= 0) pair[at + pl.abBaseline + aB] += 1
    if (aV >= 0) {
      pair[at + pl.abVariant + aV] += 1
      if (aB >= 0 && tpMap[aV] === aB) pair[at + pl.abBoth + aV] += 1
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One block of every arm

/** The compiled arms of a comparison, all with the same population and seed. */
export interface CompareModels {
  readonly base: CompiledModel
  readonly variants: ReadonlyArray<CompiledModel>
}

export interface VariantSlots {
  readonly layout: Layout
  /** Offset of the variant's regular accumulator in a block buffer. */
  readonly acc: number
  readonly pairLayout: PairLayout
  /** Offset of the variant's paired accumulator in a block buffer. */
  readonly pair: number
  readonly tpMap: Int32Array
}

/** Where each arm's results sit in one flat buffer: the arms' accumulators (baseline at 0), then each variant's paired accumulator. */
export interface CompareLayout {
  readonly base: Layout
  readonly variants: ReadonlyArray<VariantSlots>
  readonly size: number
}

const arms = (models: CompareModels): CompiledModel[] => [models.base, ...models.variants]

export const compareLayout = (models: CompareModels): CompareLayout => {
  const pairs = models.variants.map((v) => pairLayout(models.base, v))
  const paired = pairedLayout(arms(models), pairs.reduce((n, pl) => n + pl.size, 0))
  let at = paired.reducer
  const variants = models.variants.map((v, k): VariantSlots => {
    const pl = pairs[k]!
    const slots = { layout: paired.arms[k + 1]!, acc: paired.offsets[k + 1]!, pairLayout: pl, pair: at, tpMap: touchpointMap(models.base, v) }
    at += pl.size
    return slots
  })
  return { base: paired.arms[0]!, variants, size: paired.size }
}

/** The comparison's reducer: each variant's records paired with the baseline's, into its paired accumulator. */
const pairReducer = (models: CompareModels, lay: CompareLayout): BlockReducer => {
  const first = lay.variants[0]?.pair ?? lay.size
  return {
    size: lay.size - first,
    reduce: (_block, count, records, out) => {
      for (let k = 0; k < models.variants.length; k++) {
        const slots = lay.variants[k]!
        const at = slots.pair - first
        pairCustomers(models.base, models.variants[k]!, count, records[0]!, records[k + 1]!, out.subarray(at, at + slots.pairLayout.size), slots.pairLayout, slots.tpMap)
      }
    }
  }
}

/**
 * The per-block function of a comparison, set up once per thread: `run(block, out)` fills `out`
 * (length `size`, zeroed) with block `block`'s results (CompareLayout). Deterministic in (models,
 * block) alone, so blocks may be computed anywhere and in any order, then added in block order.
 */
export const compareRunner = (models: CompareModels): BlockRunner => pairedRunner(arms(models), pairReducer(models, compareLayout(models)))

/**
 * The comparison as a block job for the worker pool: the payload is the compiled arms (typed
 * arrays and plain data, so they cross to a worker by structured clone); a block's result is its
 * buffer (CompareLayout), to be added into exact totals in block order.
 *
 * @example
 * await runPool(compareJob, models, { from: 0, to: blockCount(n), onBlock: (_, out) => addExact(exact, out) })
 */
export const compareJob = defineJob(import.meta.url, "compareJob", compareRunner)
