/**
 * A sweep: run every point of a design (or a shard of them) and append each point's rows to the
 * output as it finishes, in point order, one write and one fsync per point. A rerun reads what
 * is there, keeps the complete points, drops anything cut short, and carries on: a killed sweep
 * loses at most the point in flight. Shards hold contiguous ranges of points; mergeSweep joins
 * them into the file one machine would have written.
 */
import * as Effect from "effect/Effect"
import { createHash } from "node:crypto"
import * as fsSync from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { checkOutput, writeAtomic } from "../cli/output.js"
import { designPoints, type PointsDesign } from "../design/points.js"
import type { Progress } from "../engine/run.js"
import { shardRange } from "../engine/run.js"
import type { WorkerError } from "../engine/pool.js"
import { FileError, UsageError, type InvalidInput } from "../load/errors.js"
import { suggest } from "../load/Issue.js"
import { loadDesign, type LoadedDesign } from "../load/loadDesign.js"
import { describeFsError } from "../load/YamlFile.js"
import { designDefaults } from "../model/Design.js"
import { runOptionsProblem, shardProblem } from "../api/runOptions.js"
import { checkPoints, metricOf, prepareRuns, replicationSeed, segmentsOf, type Runs, type RunsOptions } from "./Runs.js"
import { completePrefix, headerLine, metaLine, readMeta, rowLine, SWEEP_FORMAT_VERSION, sweepFormatOf, sweepFormats, type SweepFormat, type SweepMeta } from "./SweepFile.js"

export interface SweepOptions extends RunsOptions {
  /** The output file: created, or resumed when it holds this sweep's first points. */
  readonly out: string
  /** csv or ndjson. @default from `out`'s extension (.csv, .ndjson or .jsonl), else the design's `format`, else "csv" */
  readonly format?: SweepFormat | undefined
  /** Run only shard `index` (1-based) of `count`: a contiguous range of the points. @default all points */
  readonly shard?: { readonly index: number; readonly count: number } | undefined
  /** Start over when `out` holds another sweep, or a file cxsim did not write. @default false */
  readonly force?: boolean | undefined
  /** Called as customers are simulated (of the points still to run). @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
}

export interface SweepResult {
  readonly file: string
  readonly format: SweepFormat
  /** Points of this file (the shard's, or all). */
  readonly points: number
  /** Points found complete in the file and skipped. */
  readonly resumed: number
  /** Points run now. */
  readonly ran: number
  readonly rows: number
}

const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
  )

/** The design's points, in parameter values. */
export const pointsOf = (d: LoadedDesign, seed: number): number[][] => {
  const g = d.design.design
  const kind = g?.kind ?? designDefaults.kind
  const pd: PointsDesign =
    kind === "csv"
      ? { kind, points: d.csv ?? [] }
      : kind === "grid"
        ? { kind, levels: g?.levels ?? designDefaults.levels }
        : kind === "sobol"
          ? { kind, points: g?.points ?? designDefaults.points }
          : { kind, points: g?.points ?? designDefaults.points, seed }
  return designPoints(d.design.parameters, pd)
}

/** The longest time written points stay unsynced to disk. */
const SYNC_MS = 1000

const usage = (message: string, hint?: string) => Effect.fail(new UsageError({ message, hint }))
const io = <A>(file: string, f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (e) => new FileError({ file, message: `cannot write: ${describeFsError(e)}` }) })

/** Write all of `text` at the end of the file open as `fd` (a short write is continued). */
const writeAll = (fd: number, text: string): void => {
  const bytes = Buffer.from(text)
  let off = 0
  while (off < bytes.length) off += fsSync.writeSync(fd, bytes, off, bytes.length - off)
}

/** The rows of one point, all replications, as text. */
const pointRows = (runs: Runs, names: ReadonlyArray<string>, format: SweepFormat, point: number, values: ReadonlyArray<number>, onProgress: (done: number) => void) =>
  Effect.gen(function* () {
    let text = ""
    for (let rep = 0; rep < runs.replications; rep++) {
      const report = yield* runs.run(values, rep, (done) => onProgress(rep * runs.customers + done))
      const seed = replicationSeed(runs.seed, rep)
      for (const s of segmentsOf(report)) {
        for (const m of runs.metrics) text += rowLine({ point, replication: rep, seed, values, segment: s.id, metric: m, ...metricOf(s, m) }, names, format)
      }
    }
    return text
  })

/**
 * Where to start in `out`: the number of complete points kept (after truncating anything cut
 * short), or a fresh file with its metadata and header.
 */
const claim = (out: string, meta: SweepMeta, header: string, format: SweepFormat, from: number, force: boolean, inputs: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const fresh = Effect.as(io(out, () => writeAtomic(out, metaLine(meta, format) + header, { force: true, inputs, mark: false })), 0)
    yield* Effect.tryPromise({ try: () => checkOutput(out, { force: true, inputs }), catch: (e) => e as UsageError | FileError })
    const text = yield* Effect.tryPromise({ try: () => fs.readFile(out, "utf8"), catch: (e) => e as { code?: string } })
      .pipe(Effect.catchAll((e) => (e.code === "ENOENT" ? Effect.succeed(undefined) : Effect.fail(new FileError({ file: out, message: describeFsError(e) })))))
    if (text === undefined) return yield* fresh
    const nl = text.indexOf("\n")
    const found = readMeta(nl < 0 ? text : text.slice(0, nl))
    if (found === undefined) {
      if (force) return yield* fresh
      return yield* usage(`${out} exists and is not a cxsim sweep file; not overwriting it`, "choose another --out, or add --force to replace it")
    }
    const same = found.format === format && metaLine(found.meta, format) === metaLine(meta, format)
    if (!same) {
      if (force) return yield* fresh
      const why = found.format !== format ? `it is ${found.format}, not ${format}` : found.meta.shard !== meta.shard ? `it holds shard ${found.meta.shard}, not ${meta.shard}` : "its scenario or design differ"
      return yield* usage(`${out} belongs to another sweep (${why}); not appending to it`, "choose another --out, or add --force to start this sweep over in it")
    }
    const afterHeader = nl + 1 + header.length
    if (text.length < afterHeader || text.slice(nl + 1, afterHeader) !== header) {
      if (force) return yield* fresh
      return yield* usage(`${out}: the header line is not this sweep's`, "add --force to start the sweep over")
    }
    const done = completePrefix(text, from, meta.rowsPerPoint, format)
    if (Buffer.byteLength(text.slice(0, done.bytes)) !== Buffer.byteLength(text)) {
      const bytes = Buffer.byteLength(text.slice(0, done.bytes))
      yield* io(out, () => fs.truncate(out, bytes))
    }
    return done.points
  })

/**
 * Run a sweep (the Effect form of `sweep`).
 */
export const sweepEffect = (scenarioFile: string, designFile: string, options: SweepOptions): Effect.Effect<SweepResult, InvalidInput | FileError | UsageError | WorkerError> =>
  Effect.gen(function* () {
    const wrong = runOptionsProblem("sweep", options) ?? (options.shard === undefined ? undefined : shardProblem("sweep", options.shard))
    if (wrong !== undefined) return yield* Effect.fail(wrong)
    if (options.format !== undefined && !(sweepFormats as ReadonlyArray<unknown>).includes(options.format))
      return yield* usage(`sweep: format must be csv or ndjson, got ${JSON.stringify(options.format) ?? String(options.format)}`, typeof options.format === "string" ? suggest(options.format, sweepFormats) : undefined)
    const named = sweepFormatOf(options.out)
    if (named === "parquet")
      return yield* usage(`sweep: ${options.out}: a sweep is written as CSV or NDJSON, not Parquet (it is appended to point by point, so that it can be resumed)`, "name the file .csv or .ndjson, and convert the finished file (docs/sweep.md)")
    const d = yield* loadDesign(designFile, { sweep: true })
    const runs = yield* prepareRuns(scenarioFile, d, options)
    const points = pointsOf(d, runs.seed)
    yield* checkPoints(runs, points)
    // The file's name before the design's setting: sweep.ndjson holds NDJSON, k.csv CSV.
    const format = options.format ?? named ?? d.design.format ?? "csv"
    const shard = options.shard ?? { index: 1, count: 1 }
    const range = shardRange(points.length, shard.index, shard.count)
    const rowsPerPoint = runs.replications * runs.segments.length * runs.metrics.length
    const designHash = createHash("sha256")
      .update(canonical({ v: SWEEP_FORMAT_VERSION, names: d.names, paths: d.design.parameters.map((p) => p.path), points, variant: d.design.variant ?? null, replications: runs.replications, seed: runs.seed, customers: runs.customers, metrics: runs.metrics }))
      .digest("hex")
    const meta: SweepMeta = {
      version: SWEEP_FORMAT_VERSION,
      scenario: runs.scenario.name,
      scenarioHash: runs.scenario.hash,
      design: designHash,
      points: points.length,
      rowsPerPoint,
      shard: `${shard.index}/${shard.count}`
    }
    const inputs = [scenarioFile, designFile, ...runs.scenario.personas.map((p) => p.file), ...(d.design.design?.file === undefined ? [] : [path.resolve(path.dirname(designFile), d.design.design.file)])]
    const resumed = yield* claim(options.out, meta, headerLine(d.names, format), format, range.from, options.force === true, inputs)
    const todo = range.to - range.from - resumed
    const total = todo * runs.replications * runs.customers
    let finished = 0
    const fd = yield* io(options.out, async () => fsSync.openSync(options.out, "a"))
    // Wall-clock time decides only how often the file is synced to disk, never what is in it.
    let synced = performance.now()
    yield* Effect.gen(function* () {
      for (let p = range.from + resumed; p < range.to; p++) {
        const text = yield* pointRows(runs, d.names, format, p, points[p] as number[], (done) => options.onProgress?.({ done: finished + done, total }))
        // A point's rows go in one write: a killed process leaves whole points, and at most a
        // cut last line, which a rerun drops. fsync (about 6 ms here) at most once a second and
        // at the end, against the loss of the page cache in a machine crash.
        // Synchronous: one system call for the point's rows, no promise per point.
        yield* Effect.uninterruptible(
          io(options.out, async () => {
            writeAll(fd, text)
            if (performance.now() - synced >= SYNC_MS || p === range.to - 1) {
              fsSync.fdatasyncSync(fd)
              synced = performance.now()
            }
          })
        )
        finished += runs.replications * runs.customers
        options.onProgress?.({ done: finished, total })
      }
    }).pipe(Effect.ensuring(Effect.sync(() => fsSync.closeSync(fd))))
    const count = range.to - range.from
    return { file: options.out, format, points: count, resumed, ran: todo, rows: count * rowsPerPoint }
  })
