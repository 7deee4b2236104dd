/**
 * The simulation as a block job: the payload is the compiled model (typed arrays and plain
 * metadata, so it crosses to a worker by structured clone, with no recompiling there); a block's
 * result is its accumulator.
 */
import { layout } from "./accumulator.js"
import { defineJob } from "./blockJob.js"
import type { CompiledModel } from "./compile.js"
import { BLOCK_SIZE, makeScratch, runBlock } from "./kernel.js"

export const simulateJob = defineJob(import.meta.url, "simulateJob", (m: CompiledModel) => {
  const lay = layout(m)
  const scratch = makeScratch(m)
  return {
    size: lay.size,
    run: (block: number, out: Float64Array): void => {
      const count = Math.min(BLOCK_SIZE, m.population - block * BLOCK_SIZE)
      runBlock(m, block, count, out, lay, scratch, null)
    }
  }
})
