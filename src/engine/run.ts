/**
 * Running a compiled model: blocks of customers, each with its own zeroed accumulator, merged
 * into the total in block order (design.md, contract — determinism).
 */
import { Effect } from "effect"
import { layout, makeAccumulator, mergeInto, type Layout } from "./accumulator.js"
import type { CompiledModel } from "./compile.js"
import { BLOCK_SIZE, makeScratch, runBlock } from "./kernel.js"

export interface Progress {
  readonly done: number
  readonly total: number
}

export interface RunResult {
  readonly model: CompiledModel
  readonly layout: Layout
  readonly acc: Float64Array
}

/** Override the population and seed of a compiled model. */
export const withRun = (m: CompiledModel, o: { readonly customers?: number | undefined; readonly seed?: number | undefined }): CompiledModel => ({
  ...m,
  population: o.customers ?? m.population,
  seed: o.seed ?? m.seed
})

export const blockCount = (population: number): number => Math.ceil(population / BLOCK_SIZE)

/** Run blocks [from, to) and merge them, in order, into `total`. */
export const runBlocks = (m: CompiledModel, lay: Layout, from: number, to: number, total: Float64Array): void => {
  const scratch = makeScratch(m)
  const acc = makeAccumulator(lay)
  for (let b = from; b < to; b++) {
    acc.fill(0)
    const count = Math.min(BLOCK_SIZE, m.population - b * BLOCK_SIZE)
    runBlock(m, b, count, acc, lay, scratch, null)
    mergeInto(total, acc)
  }
}

/** Run the whole population synchronously (small runs, tests). */
export const runSync = (m: CompiledModel): RunResult => {
  const lay = layout(m)
  const total = makeAccumulator(lay)
  runBlocks(m, lay, 0, blockCount(m.population), total)
  return { model: m, layout: lay, acc: total }
}

/** Blocks per slice between progress reports and interruption checks. */
const SLICE = 16

/**
 * Run the whole population as an Effect: interruptible between slices of blocks, reporting
 * progress after each slice.
 */
export const runEffect = (m: CompiledModel, onProgress?: (p: Progress) => void): Effect.Effect<RunResult> =>
  Effect.gen(function* () {
    const lay = layout(m)
    const total = makeAccumulator(lay)
    const blocks = blockCount(m.population)
    for (let b = 0; b < blocks; b += SLICE) {
      const to = Math.min(blocks, b + SLICE)
      yield* Effect.sync(() => runBlocks(m, lay, b, to, total))
      if (onProgress !== undefined) {
        const done = Math.min(m.population, to * BLOCK_SIZE)
        yield* Effect.sync(() => onProgress({ done, total: m.population }))
      }
      yield* Effect.yieldNow()
    }
    return { model: m, layout: lay, acc: total }
  })
