/** cxsim run SCENARIO: simulate and report; with --shard, run a slice and write a partial result. */
import * as Effect from "effect/Effect"
import * as os from "node:os"
import { loadEffect, simulateCheckedEffect } from "../../api.js"
import { writeRecordsEffect } from "../../api/records.js"
import { simulateShardEffect } from "../../api/shards.js"
import { recordLevels, type RecordLevel } from "../../engine/recordsJob.js"
import { readShard } from "../../engine/shard.js"
import type { WorkerError } from "../../engine/pool.js"
import { FileError, InvalidInput, UsageError } from "../../load/errors.js"
import type { YamlFile } from "../../load/YamlFile.js"
import type { Report } from "../../report/Report.js"
import { suggest } from "../../load/Issue.js"
import { formats, render, type Format } from "../../report/render.js"
import { flag, intOption, parse, str, workersOption } from "../args.js"
import { runHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic } from "../output.js"
import { progressBar } from "../progress.js"
import { recordsFormatOf } from "../../records/RecordsMeta.js"
import { checkRecordsOutput } from "../recordsOutput.js"
import { strictOption, warnScenario } from "../warnings.js"

export const runCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("run", args, {
      variant: { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      workers: { type: "string" },
      shard: { type: "string" },
      records: { type: "string" },
      "records-level": { type: "string" },
      ...strictOption,
      help: { type: "boolean", short: "h" }
    })
    const positionals = parsed.positionals
    if (flag(parsed, "help")) {
      io.out(runHelp)
      return
    }
    if (positionals.length !== 1) {
      return yield* Effect.fail(
        new UsageError({
          message: positionals.length === 0 ? "cxsim run: which scenario? Give one scenario file" : `cxsim run: one scenario at a time, got ${positionals.length}`,
          hint: "cxsim run scenarios/restaurant.yaml"
        })
      )
    }
    const file = positionals[0] as string
    const format = (str(parsed, "format") ?? "table") as Format
    if (!formats.includes(format)) {
      return yield* Effect.fail(new UsageError({ message: `cxsim run: unknown format "${format}"`, hint: suggest(format, formats) }))
    }
    const customers = intOption("run", "customers", str(parsed, "customers"), 1, 1e9)
    const seed = intOption("run", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1)
    const workers = workersOption("run", str(parsed, "workers"), os.availableParallelism(), io.err)
    const shardText = str(parsed, "shard")
    const shard = shardText === undefined ? undefined : readShard(shardText)
    if (shardText !== undefined && shard === undefined) {
      return yield* Effect.fail(
        new UsageError({ message: `cxsim run: --shard must be i/n with 1 ≤ i ≤ n, got "${shardText}"`, hint: "--shard 1/4 runs the first quarter of the blocks" })
      )
    }
    if (shard !== undefined && str(parsed, "format") !== undefined) {
      return yield* Effect.fail(
        new UsageError({
          message: "cxsim run: --shard writes a partial result for cxsim merge, not a report; --format goes to cxsim merge",
          hint: "cxsim run SCENARIO --shard 1/4 --out part-1.json, then cxsim merge part-*.json --format md"
        })
      )
    }
    const records = str(parsed, "records")
    const levelText = str(parsed, "records-level")
    const recordsFormat = records === undefined ? undefined : recordsFormatOf(records)
    if (records !== undefined && recordsFormat === undefined) {
      return yield* Effect.fail(
        new UsageError({ message: `cxsim run: --records ${records}: the file name should end in .csv, .ndjson or .parquet (the format)`, hint: "--records customers.csv" })
      )
    }
    if (levelText !== undefined && records === undefined) {
      return yield* Effect.fail(new UsageError({ message: "cxsim run: --records-level goes with --records FILE", hint: "--records visits.csv --records-level visit" }))
    }
    if (levelText !== undefined && !recordLevels.includes(levelText as RecordLevel)) {
      return yield* Effect.fail(new UsageError({ message: `cxsim run: --records-level must be customer, visit or period, got "${levelText}"`, hint: suggest(levelText, recordLevels) }))
    }
    const level = (levelText ?? "customer") as RecordLevel
    // The files are read and decoded once, for the run and for its warnings.
    const files = new Map<string, YamlFile>()
    const scenario = yield* loadEffect(file, { variant: str(parsed, "variant"), files })
    yield* warnScenario(io, file, str(parsed, "variant"), flag(parsed, "strict"), files)
    const inputs = [file, ...scenario.personas.map((p) => p.file)]
    const out = str(parsed, "out")
    if (records !== undefined && recordsFormat !== undefined) {
      yield* fromTaggedPromise(() => checkRecordsOutput(records, recordsFormat, { force: flag(parsed, "force"), inputs, out }))
    }
    const written = { force: flag(parsed, "force"), inputs }
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, written))
    const label = shard === undefined ? scenario.name : `${scenario.name} ${shard.index}/${shard.count}`
    const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, label)
    const onProgress = (p: { readonly done: number; readonly total: number }): void => bar.update(p.done, p.total)
    let text: string
    if (shard === undefined) {
      const options = { customers, seed, workers, onProgress }
      // The loader has checked the scenario: it is simulated without checking it again.
      const simulation: Effect.Effect<Report, InvalidInput | WorkerError | FileError | UsageError> =
        records === undefined ? simulateCheckedEffect(scenario, options) : writeRecordsEffect(scenario, records, { ...options, level, format: recordsFormat })
      const report = yield* simulation.pipe(Effect.ensuring(Effect.sync(() => bar.finish())))
      text = render(report, format, { color: out === undefined && useColor(io) })
    } else {
      const shardRecords = records === undefined ? undefined : { file: records, level, format: recordsFormat }
      text = yield* simulateShardEffect(scenario, { shard, customers, seed, workers, onProgress, records: shardRecords }).pipe(Effect.ensuring(Effect.sync(() => bar.finish())))
    }
    io.commit?.()
    if (out === undefined) io.out(text)
    // Once the result is computed, writing it is not interrupted halfway.
    else yield* Effect.uninterruptible(fromTaggedPromise(() => writeAtomic(out, text, written)))
  })
