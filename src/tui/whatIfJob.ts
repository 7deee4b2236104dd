/**
 * The terminal UI's block job: a paired comparison in which the baseline arm is simulated once
 * and kept, so that a what-if moved lever after lever costs one arm per block, not two.
 *
 * The baseline's per-customer outcomes live in a `BaselineStore`, columns on shared memory (one
 * copy for every worker), with a flag per block. For a block not yet captured, the job
 * simulates the baseline arm too, into the block's buffer, and writes its outcomes into the
 * store; the Runner, receiving the block, keeps its baseline totals and sets the flag. For a
 * captured block, the job reads the store and leaves the baseline's part of the buffer at zero
 * (the Runner adds the kept totals). So a run cancelled half-way still leaves its blocks kept.
 * Either way the variant arm and the per-customer pairing are those of the
 * comparison's own job (stats/pairBlock.ts: same layout, same `pairCustomers`), so the totals are
 * the comparison's, bit for bit (exact totals add in any grouping, engine/accumulator.ts).
 *
 * Plain TypeScript, no Effect: the pool's workers import this module (blockJob.ts).
 */
import { defineJob } from "../engine/blockJob.js"
import type { CompiledModel } from "../engine/compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock, type CustomerRecords } from "../engine/kernel.js"
import { blockCustomers } from "../engine/paired.js"
import { compareLayout, pairCustomers } from "../stats/pairBlock.js"

/**
 * The baseline's per-customer outcomes, customer i at index i: what the pairing reads (and the
 * kernel writes beside it), about 51 bytes a customer; no expectations (`nDims` 0).
 */
export interface BaselineStore
  extends Pick<CustomerRecords, "persona" | "remembered" | "satisfaction" | "csat" | "ltr" | "ces" | "outcome" | "abandonedAt" | "churnPeriod" | "revenue" | "cost"> {
  readonly customers: number
  /**
   * Per block: 1 once its outcomes are in the store and its baseline totals kept. Set by the
   * Runner when it receives the block, never by a worker (a cancelled run's blocks that never
   * arrived are captured again).
   */
  readonly captured: Uint8Array
}

/** A store for `customers` customers, on shared memory (zeroed). */
export const makeStore = (customers: number): BaselineStore => {
  const column = <T>(make: new (b: SharedArrayBuffer) => T, bytes: number): T => new make(new SharedArrayBuffer(Math.ceil(customers * bytes)))
  return {
    customers,
    captured: column(Uint8Array, 1 / BLOCK_SIZE),
    persona: column(Int32Array, 4),
    remembered: column(Float64Array, 8),
    satisfaction: column(Float64Array, 8),
    csat: column(Int8Array, 1),
    ltr: column(Int8Array, 1),
    ces: column(Int8Array, 1),
    outcome: column(Int32Array, 4),
    abandonedAt: column(Int32Array, 4),
    churnPeriod: column(Int32Array, 4),
    revenue: column(Float64Array, 8),
    cost: column(Float64Array, 8)
  }
}

const noExpectations = new Float64Array(0)

/** Block `block`'s customers of the store, as the kernel's records (views, no copy). */
const blockRecords = (s: BaselineStore, block: number): CustomerRecords => {
  const from = block * BLOCK_SIZE
  const to = Math.min(s.customers, from + BLOCK_SIZE)
  return {
    persona: s.persona.subarray(from, to),
    nDims: 0,
    expected: noExpectations,
    remembered: s.remembered.subarray(from, to),
    satisfaction: s.satisfaction.subarray(from, to),
    csat: s.csat.subarray(from, to),
    ltr: s.ltr.subarray(from, to),
    ces: s.ces.subarray(from, to),
    effort: null,
    // Not kept in the store: only calibration reads it, from its own records.
    cesNoise: noExpectations,
    outcome: s.outcome.subarray(from, to),
    abandonedAt: s.abandonedAt.subarray(from, to),
    churnPeriod: s.churnPeriod.subarray(from, to),
    revenue: s.revenue.subarray(from, to),
    cost: s.cost.subarray(from, to),
    visits: null,
    periods: null
  }
}

export interface WhatIfPayload {
  /** The baseline and the what-if, compiled with the same population and seed. */
  readonly base: CompiledModel
  readonly variant: CompiledModel
  /** The baseline's outcomes, for every customer of the population, and the blocks captured. */
  readonly store: BaselineStore
}

/**
 * A block's buffer has the comparison's layout (stats/pairBlock.ts, `compareLayout`) for one
 * variant; for a block already captured, the baseline's accumulator in it is left at zero.
 *
 * whatIfJob requires a store of the models' population.
 *
 * @example
 * await runPool(whatIfJob, { base, variant, store: makeStore(base.population) }, { from: 0, to: blocks, onBlock })
 */
export const whatIfJob = defineJob(import.meta.url, "whatIfJob", (p: WhatIfPayload) => {
  const { base, variant, store } = p
  if (store.customers !== base.population || variant.population !== base.population || variant.seed !== base.seed) {
    throw new Error("whatIfJob requires a baseline and a what-if of the store's population, with the same seed")
  }
  const lay = compareLayout({ base, variants: [variant] })
  const slots = lay.variants[0]!
  const baseScratch = makeScratch(base)
  const scratch = makeScratch(variant)
  const records = makeRecords(BLOCK_SIZE, 0)
  return {
    size: lay.size,
    run: (block: number, out: Float64Array): void => {
      const count = blockCustomers(base.population, block)
      const baseline = blockRecords(store, block)
      if (store.captured[block] === 0) runBlock(base, block, count, out.subarray(0, lay.base.size), lay.base, baseScratch, baseline)
      runBlock(variant, block, count, out.subarray(slots.acc, slots.acc + slots.layout.size), slots.layout, scratch, records)
      pairCustomers(base, variant, count, baseline, records, out.subarray(slots.pair, slots.pair + slots.pairLayout.size), slots.pairLayout, slots.tpMap)
    }
  }
})
