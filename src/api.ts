/**
 * The library API for analysts: load, validate and simulate, as Promises, and as Effects with
 * typed errors for programs built on Effect.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as path from "node:path"
import type { WorkerError, Workers } from "./engine/pool.js"
import { prepare, runEffect, type Progress } from "./engine/run.js"
import { requireValid } from "./load/checkResolved.js"
import { decodeWith } from "./load/decode.js"
import { FileError, InvalidInput, UsageError } from "./load/errors.js"
import type { Issue } from "./load/Issue.js"
import { nearFileHint } from "./load/nearFile.js"
import { loadScenario } from "./load/loadScenario.js"
import { loadSuite } from "./load/loadSuite.js"
import { readYaml, type YamlFile } from "./load/YamlFile.js"
import { Persona } from "./model/Persona.js"
import type { ResolvedScenario } from "./model/Resolved.js"
import type { Report } from "./report/Report.js"
import { summarize } from "./stats/summarize.js"
import { validityEffect, type ValidityOptions } from "./validity/runValidity.js"
import type { ValidityReport } from "./validity/ValidityReport.js"

import { checkRunOptions } from "./api/runOptions.js"
import { toPromise, type Cancellable } from "./api/toPromise.js"

/** Paired comparison of a baseline and its variants on the same customers (see api/compare.ts). */
export { compare, compareEffect, type CompareOptions } from "./api/compare.js"

/** The validity suite (see validity/runValidity.ts). */
export { validityEffect, type ValidityOptions } from "./validity/runValidity.js"

export interface SimulateOptions {
  /** The variant to apply. @default the baseline (no variant) */
  readonly variant?: string | undefined
  /** Number of synthetic customers. @default the scenario's `population` */
  readonly customers?: number | undefined
  /** Seed of the random streams. @default the scenario's `seed` */
  readonly seed?: number | undefined
  /**
   * Worker threads: a number (1 runs in the calling thread), or "auto" — one per core, and the
   * calling thread alone for small runs (under about 65,000 customers; 8,000 once workers of an
   * earlier run of the process are idle). The report is the same, byte for byte, for any number
   * of workers.
   * @default "auto"
   */
  readonly workers?: Workers | undefined
  /** Called as blocks of customers complete, with the customers done so far. @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
}

/** What `validate` found in one file. */
export interface ValidationResult {
  readonly file: string
  readonly kind: "scenario" | "persona" | "suite" | "unknown"
  readonly issues: ReadonlyArray<Issue>
}

/**
 * Simulate a loaded scenario (for sweeps: load once, change, simulate many times). Fails with
 * `UsageError` for a wrong option (customers, seed, workers), `InvalidInput` for a scenario the
 * loader would refuse.
 */
export const simulateScenarioEffect = (scenario: ResolvedScenario, options: SimulateOptions = {}): Effect.Effect<Report, InvalidInput | UsageError | WorkerError> =>
  Effect.zipRight(Effect.zipRight(checkRunOptions("simulate", options), requireValid("simulateScenario", [scenario])), simulateCheckedEffect(scenario, options))

/**
 * Simulate a scenario just as `loadScenario` gave it, without checking it again (a sweep's
 * points: the loader has checked each one); `simulateScenarioEffect` checks first.
 */
export const simulateCheckedEffect = (scenario: ResolvedScenario, options: SimulateOptions = {}): Effect.Effect<Report, WorkerError> =>
  Effect.gen(function* () {
    const model = prepare(scenario, { customers: options.customers, seed: options.seed })
    const run = yield* runEffect(model, { workers: options.workers, onProgress: options.onProgress })
    return summarize(run, {
      scenario: { name: scenario.name, title: scenario.title, hash: scenario.hash },
      variant: scenario.variant,
      currency: scenario.currency
    })
  })

/**
 * Load a scenario file, its personas and a variant, with every default filled in. With `files`,
 * the files read are kept there (and those already there are not read again): pass the same map
 * to `lintFile` and the scenario is read and decoded once.
 */
export const loadEffect = (
  file: string,
  options: { readonly variant?: string | undefined; readonly files?: Map<string, YamlFile> | undefined } = {}
): Effect.Effect<ResolvedScenario, InvalidInput | FileError> => loadScenario(file, { variant: options.variant, files: options.files })

/** Load and simulate a scenario file. */
export const simulateEffect = (file: string, options: SimulateOptions = {}): Effect.Effect<Report, InvalidInput | FileError | UsageError | WorkerError> =>
  // The options are checked before the file is read; the loader has checked the scenario.
  Effect.zipRight(checkRunOptions("simulate", options), Effect.flatMap(loadEffect(file, { variant: options.variant }), (s) => simulateCheckedEffect(s, options)))

const decodePersona = decodeWith(Persona)

/** A loader's failure as the issues `validate` returns. */
const issuesOf = (e: InvalidInput | FileError): ReadonlyArray<Issue> => (e._tag === "FileError" ? [{ file: e.file, path: "", message: e.message }] : e.issues)

/**
 * Check a scenario file (with its personas and every variant), a persona file on its own, or a
 * bench suite (with its scenario, variants and gates, as `cxsim bench` checks it before running).
 * Never fails: problems are returned as issues.
 */
export const validateEffect = (file: string): Effect.Effect<ValidationResult> =>
  Effect.gen(function* () {
    const parsed = yield* Effect.either(readYaml(file))
    if (Either.isLeft(parsed)) {
      const e = parsed.left
      const hint = e._tag === "FileError" && e.message === "no such file" ? nearFileHint(file) : undefined
      const issues = e._tag === "FileError" ? [{ file: e.file, path: "", message: e.message, ...(hint === undefined ? {} : { hint }) }] : e.issues
      return { file, kind: "unknown" as const, issues }
    }
    const data = parsed.right.data as Record<string, unknown>
    if ("journey" in data || "dimensions" in data) {
      // The file as read above: loaded without reading and parsing it again.
      const r = yield* Effect.either(loadScenario(file, { checkAllVariants: true, files: new Map([[file, parsed.right]]) }))
      if (Either.isRight(r)) return { file, kind: "scenario" as const, issues: [] }
      return { file, kind: "scenario" as const, issues: issuesOf(r.left) }
    }
    if ("expectations" in data) {
      const r = decodePersona(parsed.right)
      return { file, kind: "persona" as const, issues: Either.isLeft(r) ? r.left.issues : [] }
    }
    if ("gates" in data) {
      const r = yield* Effect.either(loadSuite(file))
      return { file, kind: "suite" as const, issues: Either.isLeft(r) ? issuesOf(r.left) : [] }
    }
    // A sweep design names no scenario: only the sweep can check it, against the scenario it is given.
    const hint = "parameters" in data ? "a sweep design is checked against its scenario by cxsim sweep SCENARIO DESIGN --out FILE, before any point runs" : undefined
    return {
      file,
      kind: "unknown" as const,
      issues: [{ file, line: 1, column: 1, path: "", message: `${path.basename(file)} is neither a scenario (it has no journey:), a persona (it has no expectations:) nor a bench suite (it has no gates:)`, hint }]
    }
  })

/**
 * Load and simulate a scenario file.
 *
 * @example
 * import { simulate } from "cxsim"
 * const report = await simulate("scenarios/restaurant.yaml", { variant: "faster-kitchen", customers: 20000 })
 * console.log(report.overall.nps.mean)
 *
 * Rejects with `InvalidInput` (its `issues` name file, line and field), `FileError`,
 * `UsageError` (a wrong option: customers, seed, workers), or `WorkerError` when a worker
 * thread fails.
 */
export const simulate = (file: string, options: SimulateOptions & Cancellable = {}): Promise<Report> => toPromise(simulateEffect(file, options), options.signal)

/** Load a scenario (Promise). Rejects with `InvalidInput` or `FileError`. */
export const load = (file: string, options: { readonly variant?: string | undefined } = {}): Promise<ResolvedScenario> =>
  toPromise(loadEffect(file, options))

/** Simulate a loaded scenario (Promise). */
export const simulateScenario = (scenario: ResolvedScenario, options: SimulateOptions & Cancellable = {}): Promise<Report> =>
  toPromise(simulateScenarioEffect(scenario, options), options.signal)

/**
 * Run the validity suite (Promise): does the model, with the default behavioural parameters or
 * with those of a persona file, reproduce the effects of the literature? See `validityEffect`.
 *
 * @example
 * import { validity } from "cxsim"
 * const report = await validity({ persona: "personas/calibrated.yaml" })
 * for (const e of report.effects) console.log(e.id, e.status, e.checks.map((c) => c.estimate))
 *
 * Rejects with `InvalidInput` or `FileError` for a bad persona file, `UsageError` for a wrong
 * option (customers, workers), `WorkerError` when a worker thread fails.
 */
export const validity = (options: ValidityOptions & Cancellable = {}): Promise<ValidityReport> => toPromise(validityEffect(options), options.signal)

/** Validate a file (Promise); resolves with its issues, empty when the file is valid. */
export const validate = (file: string): Promise<ValidationResult> => toPromise(validateEffect(file))
