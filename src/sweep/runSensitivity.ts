/**
 * A sensitivity analysis: sample the design's parameters for the method (one at a time, Morris
 * trajectories, or Saltelli's scheme on a Sobol sequence), run the points on the worker pool,
 * and turn each segment's and metric's outputs into indices (stats/sensitivity). Sampling,
 * running and analysing stay apart; this file only wires them.
 */
import * as Effect from "effect/Effect"
import { keyOf } from "../design/seededUniform.js"
import { morrisTrajectories } from "../design/morrisTrajectories.js"
import { saltelli, splitSaltelli } from "../design/saltelli.js"
import { bounds, scale, type Range } from "../design/scale.js"
import { sobolSequence } from "../design/sobolSequence.js"
import { mix32 } from "../engine/rng.js"
import type { Progress } from "../engine/run.js"
import type { WorkerError } from "../engine/pool.js"
import { UsageError, type FileError, type InvalidInput } from "../load/errors.js"
import { loadDesign } from "../load/loadDesign.js"
import { designDefaults, sensitivityMethods, type Design, type SensitivityMethod } from "../model/Design.js"
import type { Metric } from "../stats/Comparison.js"
import { disagreements, ranks } from "../stats/sensitivity/disagreement.js"
import { morris } from "../stats/sensitivity/morris.js"
import { oat } from "../stats/sensitivity/oat.js"
import { sobolJansen } from "../stats/sensitivity/sobolJansen.js"
import { SENSITIVITY_SCHEMA_VERSION, type Effect as ParameterEffect, type SegmentDisagreement, type SensitivityReport, type SensitivityResult } from "../stats/sensitivity/SensitivityReport.js"
import { VERSION } from "../version.js"
import { runOptionsProblem } from "../api/runOptions.js"
import { checkPoints, metricOf, prepareRuns, segmentsOf, type RunsOptions } from "./Runs.js"

export interface SensitivityOptions extends RunsOptions {
  /** oat, morris or sobol. @default the design's `sensitivity.method`, else "oat" */
  readonly method?: SensitivityMethod | undefined
  /** Called as customers are simulated. @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
}

type SensitivitySettings = NonNullable<Design["sensitivity"]>

/** A parameter's figures without its name and rank, of each method. */
type Values = ParameterEffect extends infer E ? (E extends ParameterEffect ? Omit<E, "parameter" | "rank"> : never) : never

/** The points a method runs (undefined: the parameter as the scenario has it), and how to read the outputs. */
interface Plan {
  readonly points: ReadonlyArray<ReadonlyArray<number | undefined>>
  readonly settings: Readonly<Record<string, number>>
  readonly analyse: (y: Float64Array, seed: number) => { readonly baseline?: number; readonly effects: ReadonlyArray<Values>; readonly scores: ReadonlyArray<number> }
}

const plan = (method: SensitivityMethod, ranges: ReadonlyArray<Range>, s: SensitivitySettings, seed: number): Plan => {
  const d = ranges.length
  const toValues = (unit: ReadonlyArray<ReadonlyArray<number>>) => unit.map((u) => u.map((x, i) => scale(ranges[i] as Range, x)))
  switch (method) {
    case "oat": {
      const lows = ranges.map((r, i) => ranges.map((_, k) => (k === i ? bounds(r).low : undefined)))
      const highs = ranges.map((r, i) => ranges.map((_, k) => (k === i ? bounds(r).high : undefined)))
      const base = ranges.map(() => undefined)
      return {
        points: [base, ...lows, ...highs],
        settings: {},
        analyse: (y) => {
          const e = oat(y[0] as number, y.subarray(1, 1 + d), y.subarray(1 + d, 1 + 2 * d))
          return { baseline: y[0] as number, effects: e.map(({ parameter: _, ...rest }) => rest), scores: e.map((x) => x.swing) }
        }
      }
    }
    case "morris": {
      const r = s.trajectories ?? designDefaults.trajectories
      const levels = s.levels ?? designDefaults.morrisLevels
      const m = morrisTrajectories(r, d, levels, seed)
      return {
        points: toValues(m.points),
        settings: { trajectories: r, levels },
        analyse: (y) => {
          const e = morris(m, y)
          return { effects: e.map(({ parameter: _, ...rest }) => rest), scores: e.map((x) => x.muStar) }
        }
      }
    }
    case "sobol": {
      const n = s.samples ?? designDefaults.samples
      const bootstrap = s.bootstrap ?? designDefaults.bootstrap
      const sample = saltelli(sobolSequence(n, 2 * d, 1), d)
      return {
        points: toValues(sample.points),
        settings: { samples: n, bootstrap },
        analyse: (y, bootSeed) => {
          const { yA, yB, yAB } = splitSaltelli(y, n, d)
          const e = sobolJansen(yA, yB, yAB, { bootstrap, seed: bootSeed })
          return { effects: e.map(({ parameter: _, ...rest }) => rest), scores: e.map((x) => x.total) }
        }
      }
    }
  }
}

/** Run a sensitivity analysis: the body of `sensitivityEffect`, typed for any method. */
const runSensitivityEffect = (scenarioFile: string, designFile: string, options: SensitivityOptions = {}): Effect.Effect<SensitivityReport, InvalidInput | FileError | UsageError | WorkerError> =>
  Effect.gen(function* () {
    const wrong =
      runOptionsProblem("sensitivity", options) ??
      (options.method === undefined || sensitivityMethods.includes(options.method)
        ? undefined
        : new UsageError({ message: `sensitivity: method must be one of ${sensitivityMethods.join(", ")}, got ${JSON.stringify(options.method)}` }))
    if (wrong !== undefined) return yield* Effect.fail(wrong)
    const first = yield* loadDesign(designFile, { method: options.method ?? "oat" })
    const method = options.method ?? first.design.sensitivity?.method ?? "oat"
    const d = method === (options.method ?? "oat") ? first : yield* loadDesign(designFile, { method })
    const runs = yield* prepareRuns(scenarioFile, d, options)
    const p = plan(method, d.design.parameters, d.design.sensitivity ?? {}, runs.seed)
    yield* checkPoints(runs, p.points)
    const empty = new Set<string>()
    const outputs = new Map<string, Float64Array>()
    for (const s of runs.segments) for (const m of runs.metrics) outputs.set(`${s}\u0000${m}`, new Float64Array(p.points.length))
    const total = p.points.length * runs.replications * runs.customers
    let finished = 0
    for (const [k, values] of p.points.entries()) {
      for (let rep = 0; rep < runs.replications; rep++) {
        const report = yield* runs.run(values, rep, (done) => options.onProgress?.({ done: finished + done, total }))
        finished += runs.customers
        for (const s of segmentsOf(report)) {
          for (const m of runs.metrics) {
            const y = outputs.get(`${s.id}\u0000${m}`) as Float64Array
            const value = metricOf(s, m).value
            if (value === null) empty.add(s.id)
            // The mean over replications.
            else y[k] = (y[k] as number) + value / runs.replications
          }
        }
      }
      options.onProgress?.({ done: finished, total })
    }
    // A segment without customers at some point has no figure there: it is left out, and said.
    const segments = runs.segments.filter((s) => !empty.has(s))
    const names = d.names
    const results: SensitivityResult[] = []
    const scoresBy = new Map<Metric, Record<string, ReadonlyArray<number>>>()
    for (const m of runs.metrics) {
      for (const s of segments) {
        const a = p.analyse(outputs.get(`${s}\u0000${m}`) as Float64Array, mix32(runs.seed ^ keyOf(`${s}/${m}`)))
        const r = ranks(a.scores)
        const effects = a.effects.map((e, i) => ({ parameter: names[i] as string, rank: r[i] as number, ...e })).sort((x, y) => x.rank - y.rank)
        results.push({ segment: s, metric: m, ...(a.baseline === undefined ? {} : { baseline: a.baseline }), effects })
        if (s !== "overall") scoresBy.set(m, { ...(scoresBy.get(m) ?? {}), [s]: a.scores })
      }
    }
    const disagree: SegmentDisagreement[] = runs.metrics.flatMap((m) =>
      disagreements(scoresBy.get(m) ?? {}).map((x) => ({ metric: m, parameter: names[x.parameter] as string, best: x.best, worst: x.worst, spread: x.spread }))
    )
    // The plan of `method` gave every result that method's figures: the report of that method.
    const report = {
      schemaVersion: SENSITIVITY_SCHEMA_VERSION,
      engine: { name: "cxsim", version: VERSION },
      scenario: { name: runs.scenario.name, hash: runs.scenario.hash },
      variant: runs.scenario.variant,
      method,
      seed: runs.seed,
      customers: runs.customers,
      replications: runs.replications,
      runs: p.points.length * runs.replications,
      settings: p.settings,
      parameters: d.design.parameters.map((q, i) => ({ name: names[i] as string, path: q.path, ...bounds(q) })),
      segments,
      empty: runs.segments.filter((s) => empty.has(s)),
      metrics: runs.metrics,
      results,
      disagreements: disagree.sort((a, b) => b.spread - a.spread)
    }
    return report as SensitivityReport
  })

/** `sensitivityEffect`: with a method in the options, the report of that method. */
export interface SensitivityEffect {
  <M extends SensitivityMethod>(
    scenarioFile: string,
    designFile: string,
    options: SensitivityOptions & { readonly method: M }
  ): Effect.Effect<SensitivityReport<M>, InvalidInput | FileError | UsageError | WorkerError>
  (scenarioFile: string, designFile: string, options?: SensitivityOptions): Effect.Effect<SensitivityReport, InvalidInput | FileError | UsageError | WorkerError>
}

/**
 * Run a sensitivity analysis (the Effect form of `sensitivity`). With `method` in the options the
 * report's type is that method's (`SensitivityReport<"morris">`); without, the design's method
 * is used and the report's `method` tells which.
 */
export const sensitivityEffect: SensitivityEffect = runSensitivityEffect as SensitivityEffect
