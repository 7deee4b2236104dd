/**
 * The library's per-customer records: `records` streams one row per synthetic customer (or per
 * touchpoint visit, or per period) as an async iterable; `writeRecords` runs a scenario and
 * writes its records to a CSV, NDJSON or Parquet file while it runs, and returns the run's
 * report, from the same pass (design.md, contract — records). Rows come in customer order, the
 * same for any number of workers; memory stays flat whatever the population.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { SimulateOptions } from "../api.js"
import type { CompiledModel } from "../engine/compile.js"
import type { WorkerError } from "../engine/pool.js"
import { recordColumns, recordLabels, recordLevels, type RecordLevel } from "../engine/recordsJob.js"
import { BLOCK_SIZE } from "../engine/kernel.js"
import { blockCount, prepare, runRecordsEffect, shardRange, type BlocksResult, type RecordBlock } from "../engine/run.js"
import type { Shard } from "../engine/shard.js"
import { FileError, UsageError } from "../load/errors.js"
import { suggest } from "../load/Issue.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { Report } from "../report/Report.js"
import { openRecordSink, type RecordSink } from "../records/RecordSink.js"
import { recordsFormatOf, recordsFormats, recordsMeta, type RecordsFormat } from "../records/RecordsMeta.js"
import { summarize } from "../stats/summarize.js"
import { checkRunOptions, runOptionsProblem } from "./runOptions.js"
import { toPromise, type Cancellable } from "./toPromise.js"

export type { RecordLevel } from "../engine/recordsJob.js"
export type { RecordsFormat, RecordsMeta } from "../records/RecordsMeta.js"

/** One record: column name → value (null where the column has none, e.g. no churn). */
export type RecordRow = Readonly<Record<string, string | number | boolean | null>>

/**
 * A row of level "customer": the customer's first journey and their totals over the horizon
 * (README, per-customer records). `expected_<dimension>` for each of the scenario's dimensions.
 */
export type CustomerRecord = {
  readonly customer: number
  readonly persona: string
  readonly [expected: `expected_${string}`]: number
  readonly remembered: number
  readonly satisfaction: number
  readonly csat: number
  readonly ltr: number
  readonly ces: number
  /** null when the customer gave up. */
  readonly outcome: string | null
  readonly completed: boolean
  /** The touchpoint where the customer gave up, else null. */
  readonly abandoned_at: string | null
  /** The period after which the customer left, null when retained over the horizon. */
  readonly churn_period: number | null
  readonly revenue: number
  readonly cost: number
}

/** A row of level "visit": one touchpoint visit, every period. */
export type VisitRecord = {
  readonly customer: number
  readonly persona: string
  readonly period: number
  readonly step: number
  readonly touchpoint: string
  readonly experience: number
  readonly failed: boolean
}

/** A row of level "period": one period a customer was active in. */
export type PeriodRecord = {
  readonly customer: number
  readonly persona: string
  readonly period: number
  /** null when the customer gave up. */
  readonly outcome: string | null
  readonly completed: boolean
  readonly satisfaction: number
  readonly cumulative_satisfaction: number
  readonly churned: boolean
  readonly revenue: number
}

/** The row type of each level. */
export interface RecordOf {
  readonly customer: CustomerRecord
  readonly visit: VisitRecord
  readonly period: PeriodRecord
}

export interface RecordsOptions extends Omit<SimulateOptions, "variant"> {
  /**
   * A row per customer (their first journey and horizon totals), per touchpoint visit (every
   * period), or per period a customer was active in.
   * @default "customer"
   */
  readonly level?: RecordLevel | undefined
}

export interface WriteRecordsOptions extends RecordsOptions {
  /** The file format. @default from the file's extension: .csv, .ndjson (or .jsonl), .parquet */
  readonly format?: RecordsFormat | undefined
}

/** Turns a block's numbers into row objects, ids by name. */
const rowMaker = (model: CompiledModel, level: RecordLevel) => {
  const cols = recordColumns(model.meta, level)
  const ids = recordLabels(model.meta, cols)
  return (b: RecordBlock): RecordRow[] => {
    if (b.data === undefined) throw new Error("records requires the rows as numbers")
    const data = b.data
    const rows: RecordRow[] = []
    for (let r = 0; r < b.rows; r++) {
      const row: Record<string, string | number | boolean | null> = {}
      cols.forEach((c, k) => {
        const v = data[r * b.columns + k]!
        row[c.name] = c.kind === "int" || c.kind === "float" ? v : c.kind === "flag" ? v === 1 : v < 0 ? null : c.kind === "optionalInt" ? v : ids[k]![v]!
      })
      rows.push(row)
    }
    return rows
  }
}

/**
 * Per-customer records of a loaded scenario, as an async iterable of rows in customer order.
 * The run advances as rows are read (a block or two ahead): memory stays flat however many
 * customers. Breaking out of the loop stops the run. Rejects with `WorkerError` if a worker
 * fails, `UsageError` for a wrong option (customers, seed, workers).
 *
 * @example
 * import { load, records } from "cxsim"
 * const scenario = await load("scenarios/restaurant.yaml")
 * for await (const row of records(scenario, { customers: 10000 })) {
 *   if (row.abandoned_at !== null) console.log(row.customer, row.persona, row.abandoned_at)
 * }
 */
export const records = <L extends RecordLevel = "customer">(
  scenario: ResolvedScenario,
  options: RecordsOptions & { readonly level?: L | undefined } = {}
): AsyncIterable<RecordOf[L]> => recordRows(scenario, options) as AsyncIterable<RecordOf[L]>

/** A level or format that is none of the known ones (a script in JavaScript, a value read from a file), else undefined. */
const recordsOptionsProblem = (fn: string, options: { readonly level?: unknown; readonly format?: unknown }): UsageError | undefined => {
  const bad = (name: string, value: unknown, known: ReadonlyArray<string>) =>
    new UsageError({
      message: `${fn}: ${name} must be ${known.slice(0, -1).join(", ")} or ${known[known.length - 1]}, got ${JSON.stringify(value) ?? String(value)}`,
      hint: typeof value === "string" ? suggest(value, known) : undefined
    })
  if (options.level !== undefined && !(recordLevels as ReadonlyArray<unknown>).includes(options.level)) return bad("level", options.level, recordLevels)
  if (options.format !== undefined && !(recordsFormats as ReadonlyArray<unknown>).includes(options.format)) return bad("format", options.format, recordsFormats)
  return undefined
}

const recordRows = (scenario: ResolvedScenario, options: RecordsOptions): AsyncIterable<RecordRow> => ({
  [Symbol.asyncIterator]: (): AsyncIterator<RecordRow> => {
    const wrong = runOptionsProblem("records", options) ?? recordsOptionsProblem("records", options)
    if (wrong !== undefined) return { next: () => Promise.reject(wrong) }
    const level = options.level ?? "customer"
    const model = prepare(scenario, { customers: options.customers, seed: options.seed })
    const toRows = rowMaker(model, level)
    // At most one block waits for the reader while the next one is computed.
    const waiting: RecordRow[][] = []
    let wakeReader: (() => void) | undefined
    let releaseRun: (() => void) | undefined
    let ended = false
    let failure: { readonly error: unknown } | undefined
    const fiber = Effect.runFork(
      runRecordsEffect(model, level, {
        workers: options.workers,
        onProgress: options.onProgress,
        onRecords: (b) => {
          waiting.push(toRows(b))
          wakeReader?.()
          return new Promise<void>((resolve) => (releaseRun = resolve))
        }
      })
    )
    fiber.addObserver((exit) => {
      ended = true
      if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) {
        const f = Cause.failureOption(exit.cause)
        failure = { error: Option.isSome(f) ? f.value : Cause.squash(exit.cause) }
      }
      wakeReader?.()
    })
    let rows: RecordRow[] = []
    let i = 0
    return {
      next: async (): Promise<IteratorResult<RecordRow>> => {
        for (;;) {
          if (i < rows.length) return { value: rows[i++]!, done: false }
          const nextRows = waiting.shift()
          if (nextRows !== undefined) {
            rows = nextRows
            i = 0
            const release = releaseRun
            releaseRun = undefined
            release?.()
            continue
          }
          if (ended) {
            if (failure !== undefined) throw failure.error
            return { value: undefined, done: true }
          }
          await new Promise<void>((resolve) => (wakeReader = resolve))
          wakeReader = undefined
        }
      },
      return: async (): Promise<IteratorResult<RecordRow>> => {
        if (!ended) await Effect.runPromise(Fiber.interrupt(fiber))
        ended = true
        return { value: undefined, done: true }
      }
    }
  }
})

/**
 * Per-customer records as an Effect Stream (see `records`).
 *
 * @example
 * const n = yield* Stream.runCount(Stream.filter(recordsStream(scenario, { customers: 5000 }), (r) => r.churn_period !== null))
 */
export const recordsStream = <L extends RecordLevel = "customer">(
  scenario: ResolvedScenario,
  options: RecordsOptions & { readonly level?: L | undefined } = {}
): Stream.Stream<RecordOf[L], WorkerError | UsageError> => Stream.fromAsyncIterable(records(scenario, options), (e) => e as WorkerError | UsageError)

const isFileError = (e: unknown): e is FileError => e instanceof FileError

/**
 * Write the records of blocks `blocks` of a compiled model to `file` as they run (all blocks when
 * no shard is given); the run's totals. The file appears only once complete.
 */
export const writeRecordsRunEffect = (
  scenario: ResolvedScenario,
  model: CompiledModel,
  file: string,
  options: WriteRecordsOptions & { readonly shard?: Shard | undefined }
): Effect.Effect<BlocksResult, WorkerError | FileError | UsageError> =>
  Effect.gen(function* () {
    const wrong = recordsOptionsProblem("writeRecords", options)
    if (wrong !== undefined) return yield* Effect.fail(wrong)
    const format = options.format ?? recordsFormatOf(file)
    if (format === undefined) {
      return yield* Effect.fail(new UsageError({ message: `records: which format for ${file}? The file name should end in .csv, .ndjson or .parquet`, hint: "--records customers.csv" }))
    }
    const level = options.level ?? "customer"
    const all = blockCount(model.population)
    const blocks = options.shard === undefined ? { from: 0, to: all } : shardRange(all, options.shard.index, options.shard.count)
    const customers = { from: Math.min(model.population, blocks.from * BLOCK_SIZE), to: Math.min(model.population, blocks.to * BLOCK_SIZE) }
    const meta = recordsMeta(scenario, model, level, format, options.shard === undefined ? undefined : { shard: options.shard, blocks, customers })
    const sink = yield* Effect.tryPromise({ try: (): Promise<RecordSink> => openRecordSink(file, format, meta, model.meta), catch: (e) => e as FileError })
    const run = yield* runRecordsEffect(model, level, {
      workers: options.workers,
      blocks,
      onProgress: options.onProgress,
      text: sink.text,
      onRecords: (b) => sink.write(b),
      failsWith: isFileError
    }).pipe(Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.sync(() => sink.abort()))))
    yield* Effect.uninterruptible(Effect.try({ try: () => sink.finish(), catch: (e) => e as FileError }))
    return run
  })

/**
 * Run a loaded scenario and write its per-customer records to `file` as it runs (Effect); the
 * result is the run's report, from the same pass. The file appears only once complete (written
 * to a temporary file, then renamed); a failed or interrupted run leaves nothing. CSV gets its
 * metadata in FILE.meta.json beside it.
 */
export const writeRecordsEffect = (
  scenario: ResolvedScenario,
  file: string,
  options: WriteRecordsOptions = {}
): Effect.Effect<Report, WorkerError | FileError | UsageError> =>
  Effect.map(
    Effect.zipRight(
      checkRunOptions("writeRecords", options),
      Effect.suspend(() => writeRecordsRunEffect(scenario, prepare(scenario, { customers: options.customers, seed: options.seed }), file, options))
    ),
    (run) => summarize(run, { scenario: { name: scenario.name, title: scenario.title, hash: scenario.hash }, variant: scenario.variant, currency: scenario.currency })
  )

/**
 * Run a loaded scenario and write its per-customer records to a file as it runs; resolves with
 * the run's report (the same as `simulateScenario` gives).
 *
 * @example
 * import { load, writeRecords } from "cxsim"
 * const report = await writeRecords(await load("scenarios/support.yaml"), "customers.parquet", { customers: 1_000_000 })
 */
export const writeRecords = (scenario: ResolvedScenario, file: string, options: WriteRecordsOptions & Cancellable = {}): Promise<Report> =>
  toPromise(writeRecordsEffect(scenario, file, options), options.signal)
