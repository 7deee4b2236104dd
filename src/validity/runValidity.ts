/**
 * Running the validity suite: load each effect's scenario arms (with a user's behavioural
 * parameters, if given), run every needed paired comparison once, measure each effect from the
 * reports, and judge it. Deterministic: every scenario runs at its own seed, so the same
 * options give the same report, byte for byte, whatever the number of workers.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Progress } from "../engine/run.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import { FileError, InvalidInput, UsageError } from "../load/errors.js"
import { formatIssue } from "../load/Issue.js"
import { loadPersonaFile, loadScenario, type BehaviourInput } from "../load/loadScenario.js"
import { BehaviourFields, type Persona } from "../model/Persona.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { ComparisonReport } from "../stats/Comparison.js"
import { compareEffect } from "../api/compare.js"
import { checkRunOptions } from "../api/runOptions.js"
import { VERSION } from "../version.js"
import type { Arm, Arms, BehaviouralEffect } from "./BehaviouralEffect.js"
import { effects as suiteEffects } from "./effects.js"
import { NotMeasurable } from "./Measured.js"
import { accepts, describeRule } from "./Rule.js"
import { VALIDITY_METHOD, VALIDITY_SCHEMA_VERSION, type CheckResult, type EffectResult, type Status, type ValidityReport } from "./ValidityReport.js"

/** Customers per segment and arm when none are given. */
export const DEFAULT_CUSTOMERS = 20_000

/** The folder of the suite's scenarios, in the package (beside src/ and dist/). */
export const SUITE_FOLDER = fileURLToPath(new URL("../../scenarios/validity/", import.meta.url))

export interface ValidityOptions {
  /** Customers per segment and arm of every effect's scenario. @default 20000 */
  readonly customers?: number | undefined
  /**
   * A persona file whose behavioural parameters (every field a scenario's persona `overrides`
   * may set, loyalty and memory included) replace the engine's defaults for the suite's
   * personas; what a suite scenario sets for its design (a Kano class, a base retention, a
   * switching cost) is kept.
   * @default none (the engine's defaults)
   */
  readonly persona?: string | undefined
  /** Worker threads, as for `compare`; the report is the same for any choice. @default "auto" */
  readonly workers?: Workers | undefined
  /** Called as customers are done, over the whole suite (every arm counted). @default none */
  readonly onProgress?: ((p: Progress) => void) | undefined
  /**
   * The effects to run, e.g. `validityEffects.filter((e) => e.id.startsWith("recovery"))`.
   * @default the whole suite (`validityEffects`)
   */
  readonly effects?: ReadonlyArray<BehaviouralEffect> | undefined
}

/** The behavioural fields of a persona, as a layer over the built-in defaults. */
const behaviourOf = (p: Persona): BehaviourInput => {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(BehaviourFields)) {
    const v = (p as Record<string, unknown>)[k]
    if (v !== undefined) out[k] = v
  }
  return out as BehaviourInput
}

/** One paired run: arm `from` as the baseline and the arms `to` as its variants. */
interface Group {
  readonly scenario: string
  readonly from: Arm
  readonly to: Arm[]
}

/** The runs the effects need, each once, in the order the effects first need them. */
export const plan = (list: ReadonlyArray<BehaviouralEffect>): ReadonlyArray<Group> => {
  const groups: Group[] = []
  const find = (scenario: string, from: Arm): Group | undefined => groups.find((g) => g.scenario === scenario && g.from === from)
  for (const e of list) {
    for (const [from, to] of e.pairs) {
      const g = find(e.scenario, from) ?? (groups.push({ scenario: e.scenario, from, to: [] }), groups[groups.length - 1]!)
      if (!g.to.includes(to)) g.to.push(to)
    }
  }
  for (const e of list) {
    for (const arm of e.reports ?? []) {
      const covered = groups.some((g) => g.scenario === e.scenario && (g.from === arm || g.to.includes(arm)))
      if (!covered) groups.push({ scenario: e.scenario, from: arm, to: [] })
    }
  }
  return groups
}

const r6 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : Math.round(x * 1e6) / 1e6 + 0)

/** A load failure of a suite scenario, with paths relative to the package. */
const loadProblem = (e: InvalidInput | FileError): string => {
  const text = e._tag === "FileError" ? `${e.file}: ${e.message}` : e.issues.map(formatIssue).join("; ")
  return text.split(SUITE_FOLDER).join("scenarios/validity/").replace(/\s+/g, " ").trim()
}

/** The arms of one scenario, for the measurements. */
const armsOf = (scenario: string, runs: ReadonlyMap<Group, ComparisonReport>): Arms => {
  const mine = [...runs.entries()].filter(([g]) => g.scenario === scenario)
  return {
    report: (arm) => {
      for (const [g, c] of mine) {
        if (g.from === arm) return c.baseline
        const i = g.to.indexOf(arm)
        if (i >= 0) return c.variants[i]!.report
      }
      throw new Error(`report requires the arm ${arm ?? "baseline"} of ${scenario} among the effect's pairs or reports`)
    },
    pair: (from, to) => {
      for (const [g, c] of mine) {
        const i = g.to.indexOf(to)
        if (g.from === from && i >= 0) return c.variants[i]!
      }
      throw new Error(`pair requires [${from ?? "baseline"}, ${to ?? "baseline"}] of ${scenario} among the effect's pairs`)
    }
  }
}

const measureEffect = (e: BehaviouralEffect, arms: Arms | string): EffectResult => {
  const base = {
    id: e.id,
    name: e.name,
    source: e.source,
    literature: e.literature,
    scenario: path.isAbsolute(e.scenario) ? e.scenario : `scenarios/validity/${e.scenario}`,
    tolerance: e.tolerance,
    design: e.design
  }
  let reason: string | null = typeof arms === "string" ? `not measurable: ${arms}` : null
  const checks: CheckResult[] = e.checks.map((c) => {
    const unmeasured = { quantity: c.quantity, estimate: null, lower: null, upper: null, accept: describeRule(c.accept), pass: null }
    if (typeof arms === "string") return unmeasured
    try {
      const m = c.measure(arms)
      return { quantity: c.quantity, estimate: r6(m.estimate), lower: r6(m.lower), upper: r6(m.upper), accept: describeRule(c.accept), pass: accepts(c.accept, m) }
    } catch (err) {
      if (!(err instanceof NotMeasurable)) throw err
      reason ??= err.message
      return unmeasured
    }
  })
  const status: Status = reason !== null ? "not measurable" : checks.every((c) => c.pass === true) ? "pass" : "fail"
  return { ...base, status, reason, checks }
}

/**
 * Run the validity suite and judge every effect.
 *
 * @example
 * import { validityEffect } from "cxsim"
 * const report = yield* validityEffect({ customers: 20000 })
 * const failing = report.effects.filter((e) => e.status !== "pass").map((e) => e.id)
 *
 * Fails with `InvalidInput` or `FileError` for a bad `persona` file, `UsageError` for a wrong
 * option (customers, workers), `WorkerError` when a worker thread fails. A suite scenario this engine cannot load makes its effects "not
 * measurable", with the reason.
 */
export const validityEffect = (options: ValidityOptions = {}): Effect.Effect<ValidityReport, InvalidInput | FileError | UsageError | WorkerError> =>
  Effect.gen(function* () {
    yield* checkRunOptions("validity", options)
    const customers = options.customers ?? DEFAULT_CUSTOMERS
    const list = options.effects ?? suiteEffects
    const behaviour = options.persona === undefined ? undefined : behaviourOf(yield* loadPersonaFile(options.persona))

    // Load every arm; a scenario this engine cannot load is recorded, not fatal.
    const groups = plan(list)
    const loaded = new Map<string, ResolvedScenario>()
    const unloadable = new Map<string, string>()
    for (const g of groups) {
      for (const arm of [g.from, ...g.to]) {
        const key = `${g.scenario}\u0000${arm ?? ""}`
        if (loaded.has(key) || unloadable.has(g.scenario)) continue
        const r = yield* Effect.either(loadScenario(path.resolve(SUITE_FOLDER, g.scenario), { variant: arm ?? undefined, behaviour }))
        if (Either.isLeft(r)) unloadable.set(g.scenario, `the scenario does not load in this engine: ${loadProblem(r.left)}`)
        else loaded.set(key, r.right)
      }
    }
    const arm = (g: Group, a: Arm): ResolvedScenario => loaded.get(`${g.scenario}\u0000${a ?? ""}`)!
    const runnable = groups.filter((g) => !unloadable.has(g.scenario))

    // Run each group once, with progress over the whole suite.
    const sizeOf = (g: Group): number => customers * arm(g, g.from).personas.length
    const total = runnable.reduce((t, g) => t + sizeOf(g) * (1 + g.to.length), 0)
    let finished = 0
    const runs = new Map<Group, ComparisonReport>()
    for (const g of runnable) {
      const weight = 1 + g.to.length
      const c = yield* compareEffect(
        arm(g, g.from),
        g.to.map((a) => arm(g, a)),
        {
          customers: sizeOf(g),
          workers: options.workers,
          onProgress: options.onProgress === undefined ? undefined : (p) => options.onProgress?.({ done: finished + p.done * weight, total })
        }
      ).pipe(Effect.catchTag("UsageError", (e) => Effect.die(e))) // the suite's own sizes and seeds
      finished += sizeOf(g) * weight
      runs.set(g, c)
    }

    const results = list.map((e) => measureEffect(e, unloadable.get(e.scenario) ?? armsOf(e.scenario, runs)))
    return {
      schemaVersion: VALIDITY_SCHEMA_VERSION,
      engine: { name: "cxsim", version: VERSION },
      customers,
      persona: options.persona ?? null,
      method: VALIDITY_METHOD,
      effects: results,
      summary: {
        passed: results.filter((r) => r.status === "pass").length,
        failed: results.filter((r) => r.status === "fail").length,
        notMeasurable: results.filter((r) => r.status === "not measurable").length
      }
    } satisfies ValidityReport
  })
