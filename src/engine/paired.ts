/**
 * Paired blocks: the engine's entry point for analyses that need per-customer data (design.md,
 * The one door). Block b of customers runs through every arm (compiled models of one scenario
 * and its variants, same population and seed), each arm into its own accumulator and its own
 * per-customer records; then a reducer, supplied by the analysis, turns the arms' records of the
 * block into its own slots. Customer i is the same person in every arm (contract — common random
 * numbers), so the records pair customer by customer.
 *
 * A block's buffer: arm 0's accumulator, arm 1's, …, then the reducer's `size` slots. Buffers of
 * different blocks add entry by entry (exact totals, run.ts), so a paired job runs on the worker
 * pool like any block job. Plain TypeScript, no Effect: a worker imports this module.
 */
import { layout, type Layout } from "./accumulator.js"
import type { BlockRunner } from "./blockJob.js"
import type { CompiledModel } from "./compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock, type CustomerRecords } from "./kernel.js"

/** What an analysis adds per block, from the records of every arm. */
export interface BlockReducer {
  /** Slots of the reducer's part of a block buffer. */
  readonly size: number
  /**
   * Add block `block`'s `count` customers into `out` (length `size`, zeroed): `records[k]` holds
   * arm k's records of those customers (entries 0..count-1). Called once per block, in any order.
   */
  readonly reduce: (block: number, count: number, records: ReadonlyArray<CustomerRecords>, out: Float64Array) => void
}

/** Where each arm's accumulator and the reducer's slots sit in a paired block buffer. */
export interface PairedLayout {
  /** Each arm's accumulator layout. */
  readonly arms: ReadonlyArray<Layout>
  /** Offset of each arm's accumulator. */
  readonly offsets: ReadonlyArray<number>
  /** Offset of the reducer's slots. */
  readonly reducer: number
  readonly size: number
}

export const pairedLayout = (models: ReadonlyArray<CompiledModel>, reducerSize: number): PairedLayout => {
  const arms = models.map((m) => layout(m))
  const offsets: number[] = []
  let at = 0
  for (const l of arms) {
    offsets.push(at)
    at += l.size
  }
  return { arms, offsets, reducer: at, size: at + reducerSize }
}

/** Customers in block `block` of a population. */
export const blockCustomers = (population: number, block: number): number => Math.max(0, Math.min(BLOCK_SIZE, population - block * BLOCK_SIZE))

/**
 * The per-block function of a paired run, set up once per thread: `run(block, out)` runs every
 * arm on block `block` and reduces their records, into `out` (PairedLayout). The shape of a
 * block job's runner (blockJob.ts): declare the job where the reducer lives.
 *
 * pairedRunner requires at least one arm, every arm with the population and seed of the first.
 *
 * @example
 * export const myJob = defineJob(import.meta.url, "myJob", (models: CompiledModel[]) => pairedRunner(models, myReducer(models)))
 */
export const pairedRunner = (models: ReadonlyArray<CompiledModel>, reducer: BlockReducer): BlockRunner => {
  const first = models[0]
  if (first === undefined) throw new Error("pairedRunner requires at least one arm")
  if (models.some((m) => m.population !== first.population || m.seed !== first.seed)) throw new Error("pairedRunner requires every arm to have the same population and seed")
  const lay = pairedLayout(models, reducer.size)
  const scratch = models.map((m) => makeScratch(m))
  const records = models.map((m) => makeRecords(BLOCK_SIZE, m.nDims))
  return {
    size: lay.size,
    run: (block, out) => {
      const count = blockCustomers(first.population, block)
      for (let k = 0; k < models.length; k++) {
        const at = lay.offsets[k]!
        const arm = lay.arms[k]!
        runBlock(models[k]!, block, count, out.subarray(at, at + arm.size), arm, scratch[k]!, records[k]!)
      }
      reducer.reduce(block, count, records, out.subarray(lay.reducer, lay.size))
    }
  }
}
