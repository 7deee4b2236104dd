/**
 * The library's shards: `simulateShard` runs a deterministic slice of a run's blocks and gives
 * its partial result; `merge` checks that partial results cover one run exactly once and reports
 * as that run would, byte for byte (design.md, Scale). What `cxsim run --shard` and
 * `cxsim merge` run.
 */
import * as Effect from "effect/Effect"
import * as fs from "node:fs/promises"
import { exactToFloat64, layout } from "../engine/accumulator.js"
import type { WorkerError } from "../engine/pool.js"
import { blockCount, prepare, runEffect, shardRange } from "../engine/run.js"
import { encodePart, MAX_PART_BYTES, mergeParts, type PartFile, type Shard } from "../engine/shard.js"
import { readBounded } from "../load/readBounded.js"
import { FileError, MergeError, UsageError } from "../load/errors.js"
import { describeFsError } from "../load/YamlFile.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { Report } from "../report/Report.js"
import { summarize } from "../stats/summarize.js"
import type { SimulateOptions } from "../api.js"
import { runOptionsProblem, shardProblem } from "./runOptions.js"
import { toPromise, type Cancellable } from "./toPromise.js"
import { writeRecordsRunEffect, type WriteRecordsOptions } from "./records.js"

export type { Shard } from "../engine/shard.js"

export interface ShardOptions extends Omit<SimulateOptions, "variant"> {
  /** Which slice: shard `index` (1-based) of `count` contiguous slices of the blocks. */
  readonly shard: Shard
  /**
   * Also write the shard's per-customer records to `file` (see `writeRecords`); its metadata
   * names the shard. The shards' rows, in shard order, are the rows of the one-machine file
   * (docs/scale.md shows how to join them).
   * @default none
   */
  readonly records?: ({ readonly file: string } & Pick<WriteRecordsOptions, "level" | "format">) | undefined
}

/**
 * Run shard i of n of a loaded scenario (Effect): its partial result, as the text of a part
 * file (one line of JSON) for `merge`; with `records`, the shard's records are written from the
 * same pass.
 */
export const simulateShardEffect = (scenario: ResolvedScenario, options: ShardOptions): Effect.Effect<string, WorkerError | FileError | UsageError> =>
  Effect.suspend(() => {
    const wrong = runOptionsProblem("simulateShard", options) ?? shardProblem("simulateShard", options.shard)
    if (wrong !== undefined) return Effect.fail(wrong)
    const model = prepare(scenario, { customers: options.customers, seed: options.seed })
    const blocks = shardRange(blockCount(model.population), options.shard.index, options.shard.count)
    const r = options.records
    const run =
      r === undefined
        ? runEffect(model, { workers: options.workers, blocks, onProgress: options.onProgress })
        : writeRecordsRunEffect(scenario, model, r.file, { workers: options.workers, onProgress: options.onProgress, shard: options.shard, level: r.level, format: r.format })
    return Effect.map(run, (res) => encodePart(scenario, res, options.shard))
  })

/**
 * Run shard i of n of a loaded scenario: the text of its part file.
 *
 * @example
 * import { load, simulateShard } from "cxsim"
 * const scenario = await load("scenarios/restaurant.yaml")
 * await fs.writeFile("part-2.json", await simulateShard(scenario, { shard: { index: 2, count: 4 } }))
 */
export const simulateShard = (scenario: ResolvedScenario, options: ShardOptions & Cancellable): Promise<string> => toPromise(simulateShardEffect(scenario, options), options.signal)

/** Merge part files already read (Effect): fails with `MergeError` listing every problem. */
export const mergeTextsEffect = (parts: ReadonlyArray<PartFile>): Effect.Effect<Report, MergeError> =>
  Effect.suspend(() => {
    const merged = mergeParts(parts)
    if (!merged.ok) return Effect.fail(new MergeError({ problems: merged.problems }))
    const { scenario, model } = merged
    return Effect.succeed(
      summarize(
        { model, layout: layout(model), acc: exactToFloat64(merged.exact) },
        { scenario: { name: scenario.name, title: scenario.title, hash: scenario.hash }, variant: scenario.variant, currency: scenario.currency }
      )
    )
  })

/** Read part files and merge them (Effect). */
export const mergeEffect = (files: ReadonlyArray<string>): Effect.Effect<Report, MergeError | FileError> =>
  Effect.flatMap(
    Effect.forEach(files, (file) =>
      Effect.tryPromise({
        // Bounded: a huge file, or /dev/zero, is refused before it is read.
        try: () => readBounded(file, MAX_PART_BYTES),
        catch: (e) => (e instanceof FileError ? e : new FileError({ file, message: describeFsError(e) }))
      }).pipe(Effect.map((text) => ({ file, text })))
    ),
    mergeTextsEffect
  )

/**
 * Merge the part files of a sharded run into the report of one run, byte for byte. Rejects with
 * `MergeError` (its `problems` name the files) when the parts are not every shard of one run
 * exactly once, or `FileError`.
 *
 * @example
 * import { merge } from "cxsim"
 * const report = await merge(["part-1.json", "part-2.json", "part-3.json", "part-4.json"])
 */
export const merge = (files: ReadonlyArray<string>): Promise<Report> => toPromise(mergeEffect(files))
