/**
 * The library's `bench`: run benchmark suites (each a baseline and variants compared on the same
 * customers), judge their gates, and compare with stored results. What `cxsim bench` runs.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { fidelity } from "../calibrate/fidelity.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import type { Progress } from "../engine/run.js"
import { FileError, InvalidInput, UsageError } from "../load/errors.js"
import type { Issue } from "../load/Issue.js"
import { loadSuite, type LoadedSuite } from "../load/loadSuite.js"
import { readBounded } from "../load/readBounded.js"
import { describeFsError, issueAt, MAX_FILE_BYTES } from "../load/YamlFile.js"
import type { BenchResult, StoredResults, SuiteResult } from "../stats/BenchResult.js"
import type { FitInput } from "../stats/fitGate.js"
import { benchResult, suiteResult } from "../stats/runBench.js"
import { compareWithStored, decodeStored, renderStored, scenarioConflicts, updateStored } from "../stats/storedResults.js"
import { compareEffect } from "./compare.js"
import { toPromise, type Cancellable } from "./toPromise.js"

export interface BenchOptions {
  /** Count an inconclusive gate as a failure (exit code 1). @default false */
  readonly strict?: boolean | undefined
  /** A stored results file to compare with; it must exist unless `update` is set. @default none */
  readonly baseline?: string | undefined
  /** Refresh the stored results: `BenchRun.updatedBaseline` holds the file's new text. @default false */
  readonly update?: boolean | undefined
  /** With `update`, accept stored results of another version of a suite's scenario. @default false */
  readonly acceptScenarioChange?: boolean | undefined
  /** The folder relative paths start from. @default process.cwd() */
  readonly cwd?: string | undefined
  /** Worker threads (see SimulateOptions). @default "auto" */
  readonly workers?: Workers | undefined
  /** Called as blocks complete, with the suite being run and its customers done. @default none */
  readonly onProgress?: ((p: Progress & { readonly suite: string }) => void) | undefined
}

/** Suites loaded and checked, ready to run. */
export interface LoadedBench {
  readonly suites: ReadonlyArray<LoadedSuite>
  /** Every file read (suites, scenarios, personas, stored results): outputs must not overwrite them. */
  readonly inputs: ReadonlyArray<string>
  readonly stored: StoredResults | null
}

/** A bench run: the result, and the refreshed stored results when `update` was asked. */
export interface BenchRun {
  readonly result: BenchResult
  /** The new text of the stored results file (with `update`), else null. */
  readonly updatedBaseline: string | null
}

const isSuiteFile = (name: string): boolean => /\.ya?ml$/i.test(name)

/**
 * The suite files of the paths: files as given, folders' *.yaml files in name order. A file named
 * twice — the same spelling, another one (`./a/../a/s.yaml`, an absolute path, a link), or as a
 * file and again through its folder — is run once, under the first name it was given.
 */
const expand = (paths: ReadonlyArray<string>, cwd: string) =>
  Effect.gen(function* () {
    const files: string[] = []
    const seen = new Set<string>()
    const add = (file: string, identity: string): void => {
      if (seen.has(identity)) return
      seen.add(identity)
      files.push(file)
    }
    /** What makes two names one file: device and inode; the resolved path when it cannot be read. */
    const identityOf = (file: string) =>
      Effect.promise(() =>
        fs.stat(path.resolve(cwd, file)).then(
          (st) => `${st.dev}:${st.ino}`,
          () => path.resolve(cwd, file)
        )
      )
    for (const p of paths) {
      const stat = yield* Effect.tryPromise({ try: () => fs.stat(path.resolve(cwd, p)), catch: (e) => new FileError({ file: p, message: describeFsError(e) }) })
      if (!stat.isDirectory()) {
        add(p, `${stat.dev}:${stat.ino}`)
        continue
      }
      const names = yield* Effect.tryPromise({ try: () => fs.readdir(path.resolve(cwd, p)), catch: (e) => new FileError({ file: p, message: describeFsError(e) }) })
      const suites = names.filter(isSuiteFile).sort()
      if (suites.length === 0) return yield* Effect.fail(new UsageError({ message: `cxsim bench: ${p} holds no suite files (*.yaml)`, hint: "see docs/ci.md for the suite format" }))
      for (const n of suites) {
        const file = path.join(p, n)
        add(file, yield* identityOf(file))
      }
    }
    return files
  })

/** Load every suite, reporting the problems of all of them together. */
const loadAll = (files: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const issues: Issue[] = []
    const suites: LoadedSuite[] = []
    for (const file of files) {
      const r = yield* Effect.either(loadSuite(file))
      if (Either.isRight(r)) suites.push(r.right)
      else if (r.left._tag === "FileError") issues.push({ file: r.left.file, path: "", message: r.left.message })
      else issues.push(...r.left.issues)
    }
    const seen = new Map<string, LoadedSuite>()
    for (const s of suites) {
      const other = seen.get(s.name)
      if (other !== undefined) {
        issues.push(issueAt(s.yaml, ["name"], `another suite is named "${s.name}" (${other.file}); names identify stored results`, "give each suite its own name: field"))
      } else seen.set(s.name, s)
    }
    if (issues.length > 0) return yield* Effect.fail(new InvalidInput({ issues }))
    return suites
  })

/** The stored results file, or null when it does not exist (yet). */
const readStored = (file: string, cwd: string) =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: async () => {
        const where = path.resolve(cwd, file)
        // Not there yet is fine (--update-baseline writes it); then a regular file, within bounds:
        // a FIFO would block and a device never end.
        await fs.stat(where)
        return await readBounded(where, MAX_FILE_BYTES)
      },
      catch: (e) => e
    }).pipe(
      Effect.catchAll((e) =>
        (e as { code?: string }).code === "ENOENT"
          ? Effect.succeed(null)
          : Effect.fail(new FileError({ file, message: e instanceof FileError ? e.message : describeFsError(e) }))
      )
    )
    if (text === null) return null
    const r = decodeStored(file, text)
    if (Either.isLeft(r)) return yield* Effect.fail(r.left)
    return r.right
  })

/**
 * Load benchmark suites (files, or folders of *.yaml suites) and the stored results, and check
 * them, before anything runs (Effect). Fails with every problem of every suite at once.
 */
export const loadBenchEffect = (paths: ReadonlyArray<string>, options: BenchOptions = {}): Effect.Effect<LoadedBench, InvalidInput | FileError | UsageError> =>
  Effect.gen(function* () {
    const cwd = options.cwd ?? process.cwd()
    const baselineFile = options.baseline
    const update = options.update === true
    const suites = yield* loadAll(yield* expand(paths, cwd))
    const inputs = [...suites.flatMap((s) => s.inputs), ...(baselineFile !== undefined && !update ? [baselineFile] : [])]
    let stored: StoredResults | null = null
    if (baselineFile !== undefined) {
      stored = yield* readStored(baselineFile, cwd)
      if (stored === null && !update) {
        return yield* Effect.fail(
          new InvalidInput({
            issues: [{ file: baselineFile, path: "", message: "no such file: there are no stored results to compare with", hint: `store them first: cxsim bench ${paths.join(" ")} --baseline ${baselineFile} --update-baseline` }]
          })
        )
      }
      if (stored !== null && update && options.acceptScenarioChange !== true) {
        const conflicts = scenarioConflicts(stored, suites.map((s) => ({ name: s.name, hash: s.baseline.hash })))
        if (conflicts.length > 0) {
          const which = conflicts.map((c) => `${c.suite} (stored ${c.storedHash.slice(0, 12)}, now ${c.hash.slice(0, 12)})`).join(", ")
          return yield* Effect.fail(
            new UsageError({
              message: `cxsim bench: the stored results in ${baselineFile} are for another version of the scenario of ${which}; not updating them`,
              hint: "review the change, then add --accept-scenario-change to store the new results"
            })
          )
        }
      }
    }
    return { suites, inputs, stored }
  })

/**
 * The fidelity of the suite's baseline to each survey of its fit gates (the suite's seed and
 * customers, every respondent compared), by gate index.
 */
const fitsEffect = (s: LoadedSuite, options: Pick<BenchOptions, "workers">, fitted: (k: number) => void): Effect.Effect<Map<number, FitInput>, InvalidInput | FileError | WorkerError> =>
  Effect.gen(function* () {
    const out = new Map<number, FitInput>()
    for (const [k, x] of s.fits.entries()) {
      const f = yield* fidelity(s.scenarioFile, x.data, null, { seed: s.seed, customers: s.customers, workers: options.workers })
      const input: FitInput = { survey: x.survey, surveyHash: x.data.hash, map: x.map, mapHash: x.mapHash, fidelity: f }
      for (const i of x.gates) out.set(i, input)
      fitted(k + 1)
    }
    return out
  })

/**
 * Compare a suite's variants with its baseline, measure its baseline's fit to its fit gates'
 * surveys, and judge its gates (Effect). Progress counts the comparison's customers, then the
 * customers of each survey's simulation (a step when each is done).
 */
export const runSuiteEffect = (s: LoadedSuite, options: Pick<BenchOptions, "workers" | "onProgress"> = {}): Effect.Effect<SuiteResult, InvalidInput | FileError | WorkerError> => {
  const onProgress = options.onProgress
  const fitCustomers = s.fits.length * s.customers
  let compared = 0
  return Effect.gen(function* () {
    const c = yield* compareEffect(s.baseline, s.variants, {
      customers: s.customers,
      seed: s.seed,
      workers: options.workers,
      onProgress:
        onProgress === undefined
          ? undefined
          : (p) => {
              compared = p.total
              onProgress({ done: p.done, total: p.total + fitCustomers, suite: s.name })
            }
    }).pipe(Effect.catchTag("UsageError", (e) => Effect.die(e))) // the suite's customers and seed were checked when it was loaded
    const fits = yield* fitsEffect(s, options, (k) => onProgress?.({ done: compared + k * s.customers, total: compared + fitCustomers, suite: s.name }))
    return suiteResult(s, c, fits)
  })
}

/** Run loaded suites (Effect): the verdicts, compared with the stored results when given. */
export const runBenchEffect = (loaded: LoadedBench, options: BenchOptions = {}): Effect.Effect<BenchRun, InvalidInput | FileError | WorkerError> =>
  Effect.gen(function* () {
    const results: SuiteResult[] = []
    for (const s of loaded.suites) results.push(yield* runSuiteEffect(s, options))
    const baselineFile = options.baseline
    const stored = loaded.stored
    const result = benchResult(results, options.strict === true, stored === null || baselineFile === undefined ? null : compareWithStored(baselineFile, stored, results))
    return { result, updatedBaseline: options.update === true && baselineFile !== undefined ? renderStored(updateStored(stored, results)) : null }
  })

/**
 * Run benchmark suites and judge their gates (Effect): load, then run. `result.exitCode` is 1
 * when a gate is breached (or, with `strict`, inconclusive).
 */
export const benchEffect = (paths: ReadonlyArray<string>, options: BenchOptions = {}): Effect.Effect<BenchRun, InvalidInput | FileError | UsageError | WorkerError> =>
  Effect.flatMap(loadBenchEffect(paths, options), (loaded) => runBenchEffect(loaded, options))

/**
 * Run benchmark suites and judge their gates.
 *
 * @example
 * import { bench } from "cxsim"
 * const { result } = await bench(["bench/journeys"], { baseline: "bench/journeys/baseline.json" })
 * for (const s of result.suites) console.log(s.name, s.verdict)
 * process.exitCode = result.exitCode
 */
export const bench = (paths: ReadonlyArray<string>, options: BenchOptions & Cancellable = {}): Promise<BenchRun> => toPromise(benchEffect(paths, options), options.signal)
