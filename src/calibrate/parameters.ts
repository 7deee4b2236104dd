/**
 * Free parameters of a calibration: paths in the variant-patch syntax (loadScenario's `set`, as a
 * sweep sets its points), each with bounds, its value in the scenario and an optional prior.
 *
 * - An expectation level `personas.<id>.expectations.<dim>.expected` moves the persona's whole
 *   zone of tolerance: adequate and desired shift with it, the zone's width kept. No single
 *   field shifts a persona's expectations, and moving `expected` alone would soon leave the zone
 *   (refused by the scenario's checks); shifting all three is the least invasive change that
 *   keeps the persona's tolerance as written. `values` then lists the three levels set.
 * - Bounds, when not given, are derived from the path (`derivedBounds`): an expectation level
 *   ± 3 noticeable steps (the dimension's `scale`), retention [0.5, 0.995], satisfactionBias
 *   ± 2 around its value, recommend [−5, 5], effortNoise [0, 3], probabilities (tolerance, deviation, adaptation,
 *   memoryGain, noiseTrait) [0, 1]; any other path needs its bounds. Derived bounds always
 *   include the scenario's value.
 * - Every path is checked before fitting (`checkParameters`): the scenario is loaded with each
 *   parameter at each bound; a path that does not exist, a value refused, or a parameter that
 *   changes nothing (a persona's own value or the scenario's overrides take precedence) is
 *   InvalidInput naming the path.
 * - `answerNoise` (ANSWER_NOISE) is a parameter of the survey's measurement, not of the scenario:
 *   the share ε of careless answers, each uniformly random over its outcome's categories, so that
 *   the model's share of answer j of a K-category outcome is (1 − ε)·p_j(θ) + ε/K. It is applied
 *   to the simulated counts (objective.ts `withAnswerNoise`), needs no simulation of its own,
 *   sets nothing in the scenario (never written back), starts at 0, and has bounds within
 *   [0, 1) (default [0, 0.3]).
 */
import * as Effect from "effect/Effect"
import { InvalidInput, type FileError } from "../load/errors.js"
import { loadScenario, personaTarget, type SetValue } from "../load/loadScenario.js"
import type { YamlFile } from "../load/YamlFile.js"
import { behaviourDefaults, settingDefaults } from "../model/defaults.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { ANSWER_NOISE } from "../model/SurveyMap.js"
import type { SurveyData } from "../survey/SurveyData.js"
import type { FreeParameterSpec } from "./spec.js"

export interface FreeParameter {
  readonly path: string
  readonly bounds: readonly [number, number]
  /** The scenario's value. */
  readonly start: number
  readonly prior?: { readonly mean: number; readonly sd: number } | undefined
  /** The values to set (loadScenario's `set`) for value `v` of this parameter. */
  readonly set: (v: number) => ReadonlyArray<SetValue>
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

const lookup = (root: unknown, parts: ReadonlyArray<string>): unknown => {
  let node = root
  for (const k of parts) {
    if (Array.isArray(node) && /^\d+$/.test(k)) node = node[Number(k)]
    else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, k)) node = node[k]
    else return undefined
  }
  return node
}

/** The path of the answer-noise share (see the module's comment). */
export { ANSWER_NOISE }

/** Its bounds when none are given. */
export const ANSWER_NOISE_BOUNDS: readonly [number, number] = [0, 0.3]

/** Whether a parameter is the answer-noise share (measurement), not a scenario value. */
export const isAnswerNoise = (p: { readonly path: string }): boolean => p.path === ANSWER_NOISE

const expectationPath = /^personas\.([^.]+)\.expectations\.([^.]+)\.expected$/

/** The scenario's value at a set path: the persona as resolved (defaults filled), else the scenario file's data, else the model's defaults. */
export const valueAt = (s: ResolvedScenario, scenarioData: unknown, path: string): number | undefined => {
  const t = personaTarget(path)
  let v: unknown
  if (t !== undefined) {
    const p = s.personas.find((x) => x.id === t.id)
    if (p === undefined) return undefined
    const parts = t.path.split(".")
    if (parts[0] === "expectations" || parts[0] === "channels") v = lookup(p, parts)
    else if (parts[0] === "weights") v = parts.length === 2 ? (p.weights[parts[1] as string] ?? 1) : undefined
    else if (parts[0] === "value") v = p.value
    else v = lookup(p.behaviour, parts)
  } else {
    const parts = path.split(".")
    v = lookup(scenarioData, parts)
    if (v === undefined && parts[0] === "model") v = lookup({ ...behaviourDefaults, ...settingDefaults }, parts.slice(1))
  }
  return typeof v === "number" && Number.isFinite(v) ? v : undefined
}

const probabilities = new Set(["tolerance", "deviation", "adaptation", "memoryGain", "noiseTrait"])

/** Bounds derived from a path (see the module's comment), or undefined when the path needs its own. */
export const derivedBounds = (s: ResolvedScenario, path: string, start: number): readonly [number, number] | undefined => {
  const widen = (lo: number, hi: number): readonly [number, number] => [Math.min(lo, start), Math.max(hi, start)]
  const e = expectationPath.exec(path)
  if (e !== null) {
    const scale = s.dimensions[e[2] as string]?.scale
    return scale === undefined ? undefined : [start - 3 * scale, start + 3 * scale]
  }
  const leaf = path.slice(path.lastIndexOf(".") + 1)
  if (path.endsWith("loyalty.retention")) return widen(0.5, 0.995)
  if (leaf === "satisfactionBias") return [start - 2, start + 2]
  if (leaf === "recommend") return widen(-5, 5)
  if (leaf === "effortNoise") return widen(0, 3)
  if (probabilities.has(leaf)) return [0, 1]
  return undefined
}

/** The set values for a parameter at `path` whose scenario value is `start`. */
const setterOf = (s: ResolvedScenario, path: string, start: number): ((v: number) => ReadonlyArray<SetValue>) => {
  const e = expectationPath.exec(path)
  const zone = e === null ? undefined : s.personas.find((p) => p.id === e[1])?.expectations[e[2] as string]
  if (e === null || zone === undefined) return (v) => [{ set: path, value: v }]
  const base = path.slice(0, -".expected".length)
  // The zone moves with the expected level, its width kept.
  return (v) => [
    { set: `${base}.adequate`, value: zone.adequate + (v - start) },
    { set: `${base}.expected`, value: v },
    { set: `${base}.desired`, value: zone.desired + (v - start) }
  ]
}

/** Whether some respondent of the segment answered some outcome. */
const answeredIn = (data: SurveyData, id: string): boolean => {
  const seg = data.segments.indexOf(id)
  for (let r = 0; r < data.rows; r++) if (data.segment[r] === seg && data.outcomes.some((o) => (o.answer[r] as number) >= 0) && (data.weight[r] as number) > 0) return true
  return false
}

/**
 * The default free parameters (docs/calibrate.md): per persona the survey has answers for, a
 * shift of its expectations per noticed dimension and, when the survey has a churn outcome, its
 * retention; the global satisfactionBias; and the survey's share of careless answers,
 * answerNoise (bounds [0, 0.3]). `answered` says which personas have answers (calibration asks
 * of its fit respondents); by default, any respondent with an answer and a weight.
 */
export const defaultParameters = (s: ResolvedScenario, data: SurveyData, answered: (persona: string) => boolean = (id) => answeredIn(data, id)): ReadonlyArray<FreeParameterSpec> => {
  const churn = data.outcomes.some((o) => o.kind === "churn")
  const out: FreeParameterSpec[] = []
  for (const p of s.personas) {
    if (!data.segments.includes(p.id) || !answered(p.id)) continue
    for (const d of Object.keys(p.expectations)) out.push({ path: `personas.${p.id}.expectations.${d}.expected` })
    if (churn) out.push({ path: `personas.${p.id}.loyalty.retention` })
  }
  out.push({ path: "model.satisfactionBias" })
  out.push({ path: ANSWER_NOISE })
  return out
}

const issue = (file: string, path: string, message: string, hint?: string) => ({ file, path, message, ...(hint === undefined ? {} : { hint }) })

/** Resolve specs into free parameters (start values, bounds, setters); InvalidInput names each path at fault. */
export const resolveParameters = (s: ResolvedScenario, scenarioFile: string, files: ReadonlyMap<string, YamlFile>, specs: ReadonlyArray<FreeParameterSpec>): Effect.Effect<ReadonlyArray<FreeParameter>, InvalidInput> => {
  const data = files.get(scenarioFile)?.data
  const issues: ReturnType<typeof issue>[] = []
  const out: FreeParameter[] = []
  const seen = new Set<string>()
  for (const spec of specs) {
    if (seen.has(spec.path)) {
      issues.push(issue(scenarioFile, spec.path, "this parameter is listed twice"))
      continue
    }
    seen.add(spec.path)
    if (spec.path === ANSWER_NOISE) {
      const b = spec.bounds ?? ANSWER_NOISE_BOUNDS
      if (!(Number.isFinite(b[0]) && Number.isFinite(b[1]) && b[0] >= 0 && b[0] < b[1] && b[1] < 1)) {
        issues.push(issue(scenarioFile, spec.path, `bounds [${b[0]}, ${b[1]}] are not a share of careless answers`, "give a lowest value ≥ 0 and a higher one < 1, such as [0, 0.3]"))
        continue
      }
      if (spec.prior !== undefined && !(Number.isFinite(spec.prior.mean) && spec.prior.sd > 0)) {
        issues.push(issue(scenarioFile, spec.path, "a prior needs a finite mean and a positive sd"))
        continue
      }
      out.push({ path: ANSWER_NOISE, bounds: [b[0], b[1]], start: b[0], prior: spec.prior, set: () => [] })
      continue
    }
    const start = valueAt(s, data, spec.path)
    if (start === undefined) {
      issues.push(issue(scenarioFile, spec.path, "there is no number at this path in the scenario or its personas", "write a path to a numeric field, such as personas.<id>.loyalty.retention or model.satisfactionBias"))
      continue
    }
    const bounds = spec.bounds ?? derivedBounds(s, spec.path, start)
    if (bounds === undefined) {
      issues.push(issue(scenarioFile, spec.path, "no bounds are known for this parameter", "give them: bounds: [lowest, highest]"))
      continue
    }
    if (!(Number.isFinite(bounds[0]) && Number.isFinite(bounds[1]) && bounds[0] < bounds[1])) {
      issues.push(issue(scenarioFile, spec.path, `bounds [${bounds[0]}, ${bounds[1]}] are not an interval`, "give the lowest value first, then a higher one"))
      continue
    }
    if (spec.prior !== undefined && !(Number.isFinite(spec.prior.mean) && spec.prior.sd > 0)) {
      issues.push(issue(scenarioFile, spec.path, "a prior needs a finite mean and a positive sd"))
      continue
    }
    out.push({ path: spec.path, bounds: [bounds[0], bounds[1]], start, prior: spec.prior, set: setterOf(s, spec.path, start) })
  }
  return issues.length > 0 ? Effect.fail(new InvalidInput({ issues })) : Effect.succeed(out)
}

/** Every set value of a parameter vector. */
export const setValues = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>): SetValue[] => params.flatMap((p, i) => p.set(x[i] as number))

/** What a loaded scenario simulates with (its hash aside): two values of a parameter that give the same are a parameter that changes nothing. */
const fingerprint = (s: ResolvedScenario): string => JSON.stringify({ ...s, hash: "" })

/**
 * Check every parameter before fitting: the scenario loads with each at each bound (the others
 * at their start), and moving it changes the scenario. Problems name the parameter's path. With
 * `dropInert` (the default set), a parameter that changes nothing is left out with a warning
 * instead. Returns the parameters kept and the warnings.
 */
export const checkParameters = (
  scenarioFile: string,
  params: ReadonlyArray<FreeParameter>,
  o: { readonly variant?: string | undefined; readonly files: Map<string, YamlFile>; readonly dropInert?: boolean | undefined }
): Effect.Effect<{ readonly params: ReadonlyArray<FreeParameter>; readonly warnings: ReadonlyArray<string> }, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const starts = params.map((p) => p.start)
    const issues: InvalidInput["issues"][number][] = []
    const kept: FreeParameter[] = []
    const warnings: string[] = []
    for (let i = 0; i < params.length; i++) {
      const p = params[i] as FreeParameter
      if (isAnswerNoise(p)) {
        // A parameter of the measurement: it sets nothing in the scenario, and moves every answer share.
        kept.push(p)
        continue
      }
      const prints: string[] = []
      for (const v of p.bounds) {
        const x = starts.map((s, k) => (k === i ? v : s))
        const r = yield* Effect.either(loadScenario(scenarioFile, { variant: o.variant, files: o.files, set: setValues(params, x) }))
        if (r._tag === "Left") {
          if (r.left._tag === "FileError") return yield* Effect.fail(r.left)
          for (const e of r.left.issues) issues.push({ ...e, path: p.path, message: `${p.path} = ${v}: ${e.message}` })
          break
        }
        prints.push(fingerprint(r.right))
      }
      const inert = prints.length === 2 && prints[0] === prints[1]
      if (inert && o.dropInert === true) warnings.push(`${p.path} is left out: moving it changes nothing in the scenario`)
      else if (!inert) kept.push(p)
      else {
        issues.push({ file: scenarioFile, path: p.path, message: `${p.path}: moving it changes nothing in the scenario`, hint: "a persona's own value or the scenario's persona overrides take precedence; set the parameter there" })
      }
    }
    if (issues.length > 0) return yield* Effect.fail(new InvalidInput({ issues }))
    return { params: kept, warnings }
  })
