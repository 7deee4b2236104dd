/**
 * Running a design's points: the scenario is read once (its files cached), each point is the
 * scenario with the design's values set (on top of an optional variant) and checked,
 * then simulated once per replication on the worker pool. Shared by sweeps and sensitivity
 * analyses.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { simulateCheckedEffect } from "../api.js"
import { mix32 } from "../engine/rng.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import { FileError, InvalidInput } from "../load/errors.js"
import type { LoadedDesign } from "../load/loadDesign.js"
import { loadScenario, pointLoader } from "../load/loadScenario.js"
import { issueAt, type YamlFile } from "../load/YamlFile.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { hasCustomers, type Report, type SegmentReport } from "../report/Report.js"
import { metrics as allMetrics, type Metric } from "../stats/Comparison.js"

export interface RunsOptions {
  /** Worker threads per simulation. @default "auto" */
  readonly workers?: Workers | undefined
  /** Customers per run, over the design's `customers`. @default the design's, else the scenario's population */
  readonly customers?: number | undefined
  /** Seed, over the design's `seed`. @default the design's, else the scenario's seed */
  readonly seed?: number | undefined
}

export interface Runs {
  /** The scenario as the design starts from it (its variant applied, no values set). */
  readonly scenario: ResolvedScenario
  readonly customers: number
  readonly seed: number
  readonly replications: number
  readonly metrics: ReadonlyArray<Metric>
  /** Segment ids, then "overall". */
  readonly segments: ReadonlyArray<string>
  /**
   * The scenario of one point, decoded and checked (problems at a parameter's path name the
   * design's line). A value left undefined leaves that parameter as the scenario has it.
   */
  readonly load: (values: ReadonlyArray<number | undefined>) => Effect.Effect<ResolvedScenario, InvalidInput | FileError>
  /** Simulate one point (parameter values in the design's order) for one replication. */
  readonly run: (values: ReadonlyArray<number | undefined>, replication: number, onProgress?: (done: number) => void) => Effect.Effect<Report, InvalidInput | FileError | WorkerError>
}

/**
 * The seed of a replication: the design's seed for the first, then seeds derived from
 * (seed, replication), never a counter added to the seed. Every point uses the same seeds (common
 * random numbers: differences between points are the parameters', not the draws').
 */
export const replicationSeed = (seed: number, replication: number): number =>
  replication === 0 ? seed : mix32(mix32(seed ^ 0x2545f491) ^ mix32(replication + 0x9e3779b9))

/**
 * Check a design before running it: its first point, and each parameter at its lowest and
 * highest value among the points (others as in the first point), so that a value the scenario
 * refuses is reported before anything runs. 2d + 1 loads; combinations can still fail later.
 */
export const checkPoints = (runs: Runs, points: ReadonlyArray<ReadonlyArray<number | undefined>>): Effect.Effect<void, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const first = points[0] as ReadonlyArray<number | undefined>
    const loaded = yield* Effect.either(runs.load(first))
    if (Either.isLeft(loaded)) return yield* Effect.fail(loaded.left._tag === "InvalidInput" ? yield* withEveryMissingPath(runs, first, loaded.left) : loaded.left)
    for (let i = 0; i < first.length; i++) {
      // A loop, not Math.min(...column): a spread of a million points overflows the call stack.
      let lo = Infinity
      let hi = -Infinity
      for (const p of points) {
        const x = p[i]
        if (x === undefined) continue
        if (x < lo) lo = x
        if (x > hi) hi = x
      }
      if (lo > hi) continue
      for (const v of [lo, hi]) if (v !== first[i]) yield* runs.load(first.map((x, k) => (k === i ? v : x)))
    }
  })

/** A parameter path that names nothing in the scenario (a misspelt touchpoint, field or persona). */
const MISSING_PATH = /does not exist in the scenario|: unknown field "|: there is no persona "/

/**
 * The first point stops at its first misspelt path (patches apply in the parameters' order): each
 * later parameter is set alone, so that every misspelt path of the design is reported at once. Only the problems of a path that names
 * nothing are added (a value may be refused alone and accepted with the others: shares).
 */
const withEveryMissingPath = (runs: Runs, first: ReadonlyArray<number | undefined>, e: InvalidInput): Effect.Effect<InvalidInput> =>
  Effect.gen(function* () {
    const issues = [...e.issues]
    const seen = new Set(issues.map((i) => `${i.path}|${i.message}`))
    for (let k = 0; k < first.length; k++) {
      if (first[k] === undefined || issues.some((i) => i.path === `parameters[${k}].path`)) continue
      const alone = yield* Effect.either(runs.load(first.map((x, j) => (j === k ? x : undefined))))
      if (Either.isRight(alone) || alone.left._tag !== "InvalidInput") continue
      for (const i of alone.left.issues) {
        if (i.path !== `parameters[${k}].path` || !MISSING_PATH.test(i.message) || seen.has(`${i.path}|${i.message}`)) continue
        seen.add(`${i.path}|${i.message}`)
        issues.push(i)
      }
    }
    return new InvalidInput({ issues })
  })

/** A metric of a segment: the estimate and its 95% interval; nulls for an empty segment. */
export const metricOf = (s: SegmentReport, m: Metric): { readonly value: number; readonly lo: number; readonly hi: number } | { readonly value: null; readonly lo: null; readonly hi: null } => {
  if (!hasCustomers(s)) return { value: null, lo: null, hi: null }
  switch (m) {
    case "completion":
    case "churn": {
      const r = s[m]
      return { value: r.rate, lo: r.lower, hi: r.upper }
    }
    case "revenue":
      return { value: s.revenue.perCustomer.mean, lo: s.revenue.perCustomer.lower, hi: s.revenue.perCustomer.upper }
    default: {
      const e = s[m]
      return { value: e.mean, lo: e.lower, hi: e.upper }
    }
  }
}

/** The segments of a report in output order: each persona, then overall. */
export const segmentsOf = (r: Report): ReadonlyArray<SegmentReport> => [...r.segments, { ...r.overall, id: "overall" }]

/** Problems at a parameter's path are the design's: name the design file's line for them. */
const relocate = (d: LoadedDesign, e: InvalidInput): InvalidInput =>
  new InvalidInput({
    // An optional field's "expected nothing" beside the real problem at the same path is noise.
    issues: e.issues.filter((i) => !(i.message.startsWith("expected nothing") && e.issues.some((o) => o !== i && o.path === i.path))).map((i) => {
      const k = d.design.parameters.findIndex((p) => p.path === i.path || (i.path !== "" && p.path.endsWith(`.${i.path}`)))
      if (k < 0) return i
      return { ...issueAt(d.yaml, ["parameters", k, "path"], `${d.design.parameters[k]?.path}: ${i.message}`, i.hint), path: `parameters[${k}].path` }
    })
  })

/**
 * Prepare the runs of a design on a scenario file: load it once (its files are then cached).
 * Check a point with `load` before running many.
 */
export const prepareRuns = (scenarioFile: string, d: LoadedDesign, o: RunsOptions = {}): Effect.Effect<Runs, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const files = new Map<string, YamlFile>()
    const variant = d.design.variant
    const scenario = yield* loadScenario(scenarioFile, { variant, files })
    const setOf = (values: ReadonlyArray<number | undefined>) => d.design.parameters.flatMap((p, i) => (values[i] === undefined ? [] : [{ set: p.path, value: values[i] }]))
    // Each point as loadScenario with its values set would give it (the same value, the same
    // errors), without decoding the whole scenario again when a value replaces a number.
    const points = yield* pointLoader(scenarioFile, { variant, files })
    const load = (values: ReadonlyArray<number | undefined>) => Effect.mapError(points.load(setOf(values)), (e) => (e._tag === "InvalidInput" ? relocate(d, e) : e))
    const customers = o.customers ?? d.design.customers ?? scenario.population
    const seed = o.seed ?? d.design.seed ?? scenario.seed
    return {
      scenario,
      customers,
      seed,
      replications: d.design.replications ?? 1,
      metrics: d.design.metrics ?? allMetrics,
      segments: [...scenario.personas.map((p) => p.id), "overall"],
      load,
      run: (values, replication, onProgress) =>
        // The point was checked as it was loaded: it is not checked again.
        Effect.flatMap(load(values), (s) =>
          simulateCheckedEffect(s, {
            customers,
            seed: replicationSeed(seed, replication),
            workers: o.workers,
            onProgress: onProgress === undefined ? undefined : (p) => onProgress(p.done)
          })
        )
    }
  })
