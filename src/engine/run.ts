/**
 * Running a compiled model: blocks of customers, each with its own zeroed accumulator, added
 * exactly into the totals (accumulator.ts, `Exact`), on worker threads or in this thread
 * (pool.ts). Exact totals make the result the same, bit for bit, for any number of workers and
 * any split into shards (design.md, contract — determinism).
 *
 * "Workers" counts the threads that compute, this one included: a run on n workers starts n − 1
 * worker threads and computes in this thread too (pool.ts, `mainThread`), which would otherwise
 * only wait; a worker fewer to start, and a heap fewer in memory.
 */
import * as Effect from "effect/Effect"
import { addExact, exactToFloat64, layout, makeAccumulator, makeExact, type Exact, type Layout } from "./accumulator.js"
import type { BlockJob } from "./blockJob.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { compile, type CompiledModel } from "./compile.js"
import { BLOCK_SIZE, makeScratch, runBlock } from "./kernel.js"
import { Cancelled, runPool, WorkerError, type Workers } from "./pool.js"
import { blockRecords, recordColumns, recordsJob, type RecordLevel, type RowsFormat } from "./recordsJob.js"
import { simulateJob } from "./simulateJob.js"

export interface Progress {
  readonly done: number
  readonly total: number
}

/** A range of blocks, [from, to). */
export interface BlockRange {
  readonly from: number
  readonly to: number
}

/** What `summarize` reads: the model, the layout and the totals as doubles. */
export interface RunResult {
  readonly model: CompiledModel
  readonly layout: Layout
  readonly acc: Float64Array
}

/** A run of blocks of a model, with its exact totals. */
export interface BlocksResult extends RunResult {
  /** The same totals as `acc`, exact (what a shard writes and `merge` adds). */
  readonly exact: Exact
  /** The blocks that were run. */
  readonly blocks: BlockRange
}

/** Override the population and seed of a compiled model. */
export const withRun = (m: CompiledModel, o: { readonly customers?: number | undefined; readonly seed?: number | undefined }): CompiledModel => ({
  ...m,
  population: o.customers ?? m.population,
  seed: o.seed ?? m.seed
})

/** Compile a scenario for a run: its population and seed, or these. */
export const prepare = (s: ResolvedScenario, o: { readonly customers?: number | undefined; readonly seed?: number | undefined } = {}): CompiledModel =>
  withRun(compile(s), o)

export const blockCount = (population: number): number => Math.ceil(population / BLOCK_SIZE)

/** Customers in blocks [from, to) of a population. */
export const customersIn = (population: number, r: BlockRange): number => Math.max(0, Math.min(population, r.to * BLOCK_SIZE) - r.from * BLOCK_SIZE)

/**
 * The blocks of shard `index` (1-based) of `count`: contiguous ranges that together cover every
 * block exactly once, in order; a shard may be empty when there are more shards than blocks.
 */
export const shardRange = (blocks: number, index: number, count: number): BlockRange => {
  if (!(Number.isInteger(index) && Number.isInteger(count) && 1 <= index && index <= count)) {
    throw new Error(`shardRange requires 1 ≤ index ≤ count, got ${index}/${count}`)
  }
  return { from: Math.floor(((index - 1) * blocks) / count), to: Math.floor((index * blocks) / count) }
}

const result = (m: CompiledModel, lay: Layout, exact: Exact, blocks: BlockRange): BlocksResult => ({
  model: m,
  layout: lay,
  acc: exactToFloat64(exact),
  exact,
  blocks
})

/** Run blocks [from, to) synchronously in this thread (tests, benchmarks). */
export const runSync = (m: CompiledModel, blocks: BlockRange = { from: 0, to: blockCount(m.population) }): BlocksResult => {
  const lay = layout(m)
  const exact = makeExact(lay.size)
  const scratch = makeScratch(m)
  const acc = makeAccumulator(lay)
  for (let b = blocks.from; b < blocks.to; b++) {
    acc.fill(0)
    runBlock(m, b, Math.min(BLOCK_SIZE, m.population - b * BLOCK_SIZE), acc, lay, scratch, null)
    addExact(exact, acc)
  }
  return result(m, lay, exact, blocks)
}

export interface RunOptions {
  /**
   * Worker threads: a number (1 runs in this thread), or "auto": one per core, and this thread
   * alone for small runs (a few blocks).
   * @default "auto"
   */
  readonly workers?: Workers | undefined
  /** The blocks to run (a shard). @default every block of the population */
  readonly blocks?: BlockRange | undefined
  /** Called as blocks complete, with the customers done so far in the range. @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
}

/**
 * Run blocks [from, to) of any block job (blockJob.ts) as an Effect, on worker threads or in this
 * thread, adding every block's result exactly into totals of `size` entries: the same totals, bit
 * for bit, for any number of workers. Interruptible at any time (workers are terminated); fails
 * with `WorkerError` when a worker crashes. `onProgress` receives the blocks done so far.
 */
export const runExactEffect = <P>(
  job: BlockJob<P>,
  payload: P,
  o: { readonly size: number; readonly from: number; readonly to: number; readonly workers?: Workers | undefined; readonly onProgress?: ((blocksDone: number) => void) | undefined }
): Effect.Effect<Exact, WorkerError> =>
  Effect.async<Exact, WorkerError>((resume, signal) => {
    const exact = makeExact(o.size)
    runPool(job, payload, { from: o.from, to: o.to, workers: o.workers, mainThread: true, signal, onBlock: (_, acc) => addExact(exact, acc), onProgress: o.onProgress }).then(
      () => resume(Effect.succeed(exact)),
      (e: unknown) => {
        if (e instanceof Cancelled) return // interrupted: nobody is waiting for the result
        resume(e instanceof WorkerError ? Effect.fail(e) : Effect.die(e))
      }
    )
  })

/**
 * Run a model as an Effect: on worker threads or in this thread, interruptible at any time
 * (workers are terminated), failing with `WorkerError` when a worker crashes.
 */
export const runEffect = (m: CompiledModel, options: RunOptions = {}): Effect.Effect<BlocksResult, WorkerError> => {
  const lay = layout(m)
  const blocks = options.blocks ?? { from: 0, to: blockCount(m.population) }
  const total = customersIn(m.population, blocks)
  const onProgress = options.onProgress
  return Effect.map(
    runExactEffect(simulateJob, m, {
      size: lay.size,
      from: blocks.from,
      to: blocks.to,
      workers: options.workers,
      onProgress: onProgress === undefined ? undefined : (done) => onProgress({ done: customersIn(m.population, { from: blocks.from, to: blocks.from + done }), total })
    }),
    (exact) => result(m, lay, exact, blocks)
  )
}

/**
 * Run every block of a population through a block job (a paired job, paired.ts, or any other)
 * as an Effect: exact totals of `size` entries, the same bit for bit for any number of workers;
 * progress in customers.
 */
export const runJobEffect = <P>(
  job: BlockJob<P>,
  payload: P,
  o: { readonly size: number; readonly population: number; readonly workers?: Workers | undefined; readonly onProgress?: ((p: Progress) => void) | undefined }
): Effect.Effect<Exact, WorkerError> => {
  const blocks = { from: 0, to: blockCount(o.population) }
  const onProgress = o.onProgress
  return runExactEffect(job, payload, {
    size: o.size,
    ...blocks,
    workers: o.workers,
    onProgress: onProgress === undefined ? undefined : (done) => onProgress({ done: customersIn(o.population, { from: 0, to: done }), total: o.population })
  })
}

/**
 * One block's records, in customer order: `rows` rows of `columns` numbers, or, when the run was
 * asked for bytes, those rows as CSV or NDJSON text or Parquet pages (recordsJob.ts). Valid only until the
 * consumer's call returns (or its promise settles).
 */
export interface RecordBlock {
  readonly block: number
  readonly rows: number
  readonly columns: number
  /** Row r's column k at r·columns + k (rows as numbers). */
  readonly data: Float64Array | undefined
  /** The rows as bytes (with `text`). */
  readonly bytes: Uint8Array | undefined
}

export interface RecordsRunOptions<E = never> {
  /** Worker threads (see RunOptions). @default "auto" */
  readonly workers?: Workers | undefined
  /** Called as blocks complete. @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
  /**
   * Receives each block's records in customer order. A returned promise holds the next blocks
   * until it settles, and the pool goes no further than its window ahead: memory stays flat
   * whatever the population, however slow the consumer.
   */
  readonly onRecords: (b: RecordBlock) => unknown
  /** The blocks to run (a shard): their records, and their totals. @default every block of the population */
  readonly blocks?: BlockRange | undefined
  /** Encode the rows where they are computed (workers), as CSV or NDJSON text or Parquet pages: `bytes`, not `data`. @default none: numbers */
  readonly text?: RowsFormat | undefined
  /** Which errors thrown by `onRecords` (a write that failed) fail the run as such; others are defects. @default none */
  readonly failsWith?: ((e: unknown) => e is E) | undefined
}

/**
 * Run a model with per-customer records at `level` (Effect): the records stream to `onRecords`
 * in customer order, the same for any number of workers, and the run's totals come back as for
 * `runEffect`, from the same pass.
 */
export const runRecordsEffect = <E = never>(m: CompiledModel, level: RecordLevel, options: RecordsRunOptions<E>): Effect.Effect<BlocksResult, WorkerError | E> => {
  const lay = layout(m)
  const blocks = options.blocks ?? { from: 0, to: blockCount(m.population) }
  const total = customersIn(m.population, blocks)
  const columns = recordColumns(m.meta, level).length
  const onProgress = options.onProgress
  return Effect.async<BlocksResult, WorkerError | E>((resume, signal) => {
    const exact = makeExact(lay.size)
    runPool(recordsJob, { model: m, level, text: options.text }, {
      ...blocks,
      workers: options.workers,
      mainThread: true,
      signal,
      onBlock: (block, result) => {
        addExact(exact, result.subarray(0, lay.size))
        return options.onRecords({ block, columns, ...blockRecords(result, lay.size, columns, options.text !== undefined) })
      },
      onProgress: onProgress === undefined ? undefined : (done) => onProgress({ done: customersIn(m.population, { from: blocks.from, to: blocks.from + done }), total })
    }).then(
      () => resume(Effect.succeed(result(m, lay, exact, blocks))),
      (e: unknown) => {
        if (e instanceof Cancelled) return
        resume(e instanceof WorkerError || options.failsWith?.(e) === true ? Effect.fail(e as WorkerError | E) : Effect.die(e))
      }
    )
  })
}
