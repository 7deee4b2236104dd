/**
 * One block of a paired comparison: the baseline and every variant run on the same block of
 * customers, and their per-customer differences accumulated per segment (the customer's
 * baseline persona) into one flat Float64Array. Plain TypeScript over typed arrays: no Effect,
 * no closures or allocation per customer (design.md, contract — the hot loop), so that a worker
 * thread can import this module and run blocks on its own: `compareRunner(models)` has the shape
 * of a block job's runner (engine/blockJob.ts) — a size and a `run(block, out)` — and
 * `compareJob` declares it as a block job, so the worker pool (engine/pool.ts) can run it.
 *
 * Layout of a block's buffer (`CompareLayout`): the baseline's regular accumulator, then per
 * variant its regular accumulator and its paired accumulator (`PairLayout`). Buffers of
 * different blocks add entry by entry, in block order.
 */
import { layout, type Layout } from "../engine/accumulator.js"
import { defineJob } from "../engine/blockJob.js"
import type { CompiledModel } from "../engine/compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock, type CustomerRecords, type Scratch } from "../engine/kernel.js"
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

/** Where each arm's results sit in one flat buffer: the baseline's accumulator at 0, then per variant its accumulator and its paired accumulator. */
export interface CompareLayout {
  readonly base: Layout
  readonly variants: ReadonlyArray<VariantSlots>
  readonly size: number
}

export const compareLayout = (models: CompareModels): CompareLayout => {
  const base = layout(models.base)
  let at = base.size
  const variants = models.variants.map((v): VariantSlots => {
    const lay = layout(v)
    const pl = pairLayout(models.base, v)
    const slots = { layout: lay, acc: at, pairLayout: pl, pair: at + lay.size, tpMap: touchpointMap(models.base, v) }
    at += lay.size + pl.size
    return slots
  })
  return { base, variants, size: at }
}

/** Working memory of one thread of comparison: a block buffer with its views, scratch and records. Allocate once, reuse for every block. */
export interface CompareWork {
  /** One block's results (see CompareLayout); `compareBlock` zeroes and fills it. */
  readonly out: Float64Array
  readonly baseAcc: Float64Array
  readonly variantAcc: ReadonlyArray<Float64Array>
  readonly pairAcc: ReadonlyArray<Float64Array>
  readonly baseScratch: Scratch
  readonly variantScratch: ReadonlyArray<Scratch>
  readonly recBase: CustomerRecords
  readonly recVariant: CustomerRecords
}

export const makeCompareWork = (models: CompareModels, lay: CompareLayout): CompareWork => {
  const out = new Float64Array(lay.size)
  return {
    out,
    baseAcc: out.subarray(0, lay.base.size),
    variantAcc: lay.variants.map((v) => out.subarray(v.acc, v.acc + v.layout.size)),
    pairAcc: lay.variants.map((v) => out.subarray(v.pair, v.pair + v.pairLayout.size)),
    baseScratch: makeScratch(models.base),
    variantScratch: models.variants.map((v) => makeScratch(v)),
    recBase: makeRecords(),
    recVariant: makeRecords()
  }
}

/** Customers in block `block` of a population. */
export const blockSize = (population: number, block: number): number => Math.max(0, Math.min(BLOCK_SIZE, population - block * BLOCK_SIZE))

/**
 * Simulate block `block` through the baseline and every variant, and pair them: fills `work.out`
 * with the block's regular accumulators and paired accumulators. Deterministic in (models,
 * block) alone, so blocks may be computed anywhere and in any order, then merged in block order.
 */
export const compareBlock = (models: CompareModels, lay: CompareLayout, work: CompareWork, block: number): void => {
  const count = blockSize(models.base.population, block)
  work.out.fill(0)
  runBlock(models.base, block, count, work.baseAcc, lay.base, work.baseScratch, work.recBase)
  for (let k = 0; k < models.variants.length; k++) {
    const v = models.variants[k]!
    const slots = lay.variants[k]!
    runBlock(v, block, count, work.variantAcc[k]!, slots.layout, work.variantScratch[k]!, work.recVariant)
    pairCustomers(models.base, v, count, work.recBase, work.recVariant, work.pairAcc[k]!, slots.pairLayout, slots.tpMap)
  }
}

/**
 * The per-block function of a comparison, set up once per thread: `run(block, out)` fills `out`
 * (length `size`) with block `block`'s results. The shape of a block job's runner.
 */
export const compareRunner = (models: CompareModels): { readonly size: number; readonly run: (block: number, out: Float64Array) => void } => {
  const lay = compareLayout(models)
  const work = makeCompareWork(models, lay)
  return {
    size: lay.size,
    run: (block, out) => {
      compareBlock(models, lay, work, block)
      out.set(work.out)
    }
  }
}

/**
 * The comparison as a block job for the worker pool: the payload is the compiled arms (typed
 * arrays and plain data, so they cross to a worker by structured clone); a block's result is its
 * buffer (CompareLayout), to be added into exact totals in block order.
 *
 * @example
 * await runPool(compareJob, models, { from: 0, to: blockCount(n), onBlock: (_, out) => addExact(exact, out) })
 */
export const compareJob = defineJob(import.meta.url, "compareJob", compareRunner)
