/**
 * Loading a scenario: read and decode the file, check it, apply the chosen variant, read the
 * persona files it refers to, and fill in every default. All problems found are reported
 * together, each with its file, line and field.
 */
import { Effect, Either } from "effect"
import { createHash } from "node:crypto"
import * as path from "node:path"
import * as fs from "node:fs"
import { Persona } from "../model/Persona.js"
import type { Behaviour, ResolvedPersona, ResolvedScenario, Settings } from "../model/Resolved.js"
import { Scenario, type ModelSettings } from "../model/Scenario.js"
import { behaviourDefaults, scenarioDefaults, settingDefaults } from "../model/defaults.js"
import { applyPatches } from "./applyVariant.js"
import { checkScenario } from "./check.js"
import { decodeWith } from "./decode.js"
import { FileError, InvalidInput } from "./errors.js"
import { capIssues, didYouMean, formatPath, suggest, type Issue } from "./Issue.js"
import { issueAt, readYaml, type YamlFile } from "./YamlFile.js"

export interface LoadOptions {
  /** Name of the variant to apply. @default none (the baseline) */
  readonly variant?: string | undefined
  /** Also check every variant declared in the file (what `cxsim validate` does). @default false */
  readonly checkAllVariants?: boolean | undefined
  /**
   * Behavioural parameters that replace the built-in defaults for every persona, under the
   * scenario's `model:`, the persona files and the scenario's persona `overrides` (what
   * `cxsim validity --persona` uses: a calibrated persona's parameters, with the suite's own
   * design fields kept). Included in the scenario's hash.
   * @default none (the built-in defaults)
   */
  readonly behaviour?: BehaviourInput | undefined
}

const decodeScenario = decodeWith(Scenario)
const decodePersona = decodeWith(Persona)

export type BehaviourInput = Partial<Omit<Behaviour, "memory" | "loyalty">> & {
  readonly memory?: Partial<Behaviour["memory"]> | undefined
  readonly loyalty?: Partial<Behaviour["loyalty"]> | undefined
}

const stripUndefined = <T extends object>(o: T | undefined): Partial<T> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o ?? {})) if (v !== undefined) out[k] = v
  return out as Partial<T>
}

/** Layer behaviour: built-in defaults < scenario `model:` < persona file < scenario persona overrides. */
export const mergeBehaviour = (...layers: ReadonlyArray<BehaviourInput | undefined>): Behaviour => {
  let b: Behaviour = behaviourDefaults
  for (const l of layers) {
    if (l === undefined) continue
    const { memory, loyalty, ...rest } = l
    const own: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && k in behaviourDefaults) own[k] = v
    b = {
      ...b,
      ...(own as Partial<Behaviour>),
      memory: { ...b.memory, ...stripUndefined(memory) },
      loyalty: { ...b.loyalty, ...stripUndefined(loyalty) }
    }
  }
  return b
}

const settingsOf = (m: ModelSettings | undefined): Settings => ({ ...settingDefaults, ...stripUndefined(pickSettings(m)) })

const pickSettings = (m: ModelSettings | undefined): Partial<Settings> => {
  if (m === undefined) return {}
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(settingDefaults)) out[k] = (m as Record<string, unknown>)[k]
  return out as Partial<Settings>
}

/** Where a persona's file is: its `file:` relative to the scenario, else personas/ beside or above. */
export const personaPath = (scenarioFile: string, id: string, file: string | undefined): string => {
  const dir = path.dirname(scenarioFile)
  if (file !== undefined) return path.isAbsolute(file) ? file : path.join(dir, file)
  const candidates = [path.join(dir, "..", "personas", `${id}.yaml`), path.join(dir, "personas", `${id}.yaml`)]
  return candidates.find((c) => fs.existsSync(c)) ?? (candidates[0] as string)
}

const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v
  )

const fail = (issues: Issue[]) => Effect.fail(new InvalidInput({ issues }))

const variantIssues = (f: YamlFile, base: Scenario, name: string): { data?: unknown; issues: Issue[] } => {
  const variant = base.variants?.[name]
  if (variant === undefined) return { issues: [] }
  const vpath = ["variants", name, "patches"]
  const { data, problems } = applyPatches(f.data, variant.patches)
  if (problems.length > 0) {
    return { issues: problems.map((p) => issueAt(f, [...vpath, p.index], `variant "${name}": ${p.message}`, p.hint)) }
  }
  const decoded = decodeScenario(f, data)
  if (Either.isLeft(decoded)) {
    return {
      issues: decoded.left.issues.map((i) => ({ ...issueAt(f, ["variants", name], `after applying variant "${name}": ${i.path}: ${i.message}`, i.hint), path: `variants.${name}` }))
    }
  }
  const problems2 = checkScenario(decoded.right)
  if (problems2.length > 0) {
    return {
      issues: problems2.map((p) => ({ ...issueAt(f, ["variants", name], `after applying variant "${name}": ${formatPath(p.path)}: ${p.message}`, p.hint), path: `variants.${name}` }))
    }
  }
  return { data, issues: [] }
}

export interface LoadedPersona {
  readonly file: YamlFile
  readonly persona: Persona
}

const loadPersona = (file: string): Effect.Effect<LoadedPersona, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readYaml(file)
    const decoded = decodePersona(f)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    return { file: f, persona: decoded.right }
  })

export const checkPersona = (lp: LoadedPersona, s: Scenario): Issue[] => {
  const issues: Issue[] = []
  const dims = Object.keys(s.dimensions)
  const f = lp.file
  const p = lp.persona
  const byDim = (field: "expectations" | "weights" | "kano", rec: Readonly<Record<string, unknown>> | undefined): void => {
    for (const d of Object.keys(rec ?? {})) {
      if (!dims.includes(d)) issues.push(issueAt(f, [field, d], `the scenario ${s.name ?? ""} has no dimension "${d}"`.replace("  ", " "), suggest(d, dims)))
    }
  }
  const channels = new Set(Object.values(s.journey.touchpoints).map((t) => t.channel ?? scenarioDefaults.channel))
  for (const c of Object.keys(p.channels ?? {})) {
    if (!channels.has(c)) issues.push(issueAt(f, ["channels", c], `the scenario ${s.name ?? ""} has no channel "${c}"`.replace("  ", " "), suggest(c, channels)))
  }
  byDim("expectations", p.expectations)
  byDim("weights", p.weights)
  byDim("kano", p.kano)
  for (const [d, e] of Object.entries(p.expectations)) {
    const dim = s.dimensions[d]
    if (dim === undefined) continue
    const sign = dim.better === "higher" ? 1 : -1
    const expected = e.expected ?? (e.adequate + e.desired) / 2
    if (sign * (e.desired - e.adequate) < 0) {
      issues.push(issueAt(f, ["expectations", d, "desired"], `desired (${e.desired}) is worse than adequate (${e.adequate}) for a dimension where ${dim.better} is better`, dim.better === "lower" ? "for lower-is-better dimensions, desired ≤ adequate (wait: adequate 15, desired 5)" : "desired ≥ adequate"))
    } else if (sign * (expected - e.adequate) < 0 || sign * (e.desired - expected) < 0) {
      issues.push(issueAt(f, ["expectations", d, "expected"], `expected (${expected}) must lie between adequate (${e.adequate}) and desired (${e.desired})`))
    }
  }
  return issues
}

const resolvePersona = (id: string, lp: LoadedPersona, s: Scenario, fileName: string, base: BehaviourInput | undefined): ResolvedPersona => {
  const p = lp.persona
  const ref = s.personas[id]
  const expectations: Record<string, { adequate: number; expected: number; desired: number; spread: number }> = {}
  for (const [d, e] of Object.entries(p.expectations)) {
    expectations[d] = { adequate: e.adequate, desired: e.desired, expected: e.expected ?? (e.adequate + e.desired) / 2, spread: e.spread ?? 0 }
  }
  return {
    id,
    label: p.label ?? id,
    description: p.description ?? "",
    file: fileName,
    share: ref?.share ?? 0,
    expectations,
    weights: { ...(p.weights ?? {}) },
    kano: { ...(p.kano ?? {}) },
    channels: { ...(p.channels ?? {}) },
    value: p.value ?? 0,
    behaviour: mergeBehaviour(base, s.model, p, ref?.overrides)
  }
}

/** The persona files a scenario refers to, each read once (shared by the variants validate checks). */
type PersonaCache = Map<string, Either.Either<LoadedPersona, InvalidInput | FileError>>

/** Persona files under the folders a persona without `file:` is looked for in, for "did you mean". */
const personaIdsNear = (scenarioFile: string): string[] => {
  const dir = path.dirname(scenarioFile)
  const ids = new Set<string>()
  for (const d of [path.join(dir, "..", "personas"), path.join(dir, "personas")]) {
    try {
      for (const f of fs.readdirSync(d)) if (/\.ya?ml$/i.test(f)) ids.add(f.replace(/\.ya?ml$/i, ""))
    } catch {
      // No such folder: nothing to suggest from it.
    }
  }
  return [...ids]
}

/** Read, decode and check the personas of `scenario`: the resolved personas, or every issue. */
const resolvePersonas = (
  f: YamlFile,
  scenario: Scenario,
  cache: PersonaCache,
  behaviour: BehaviourInput | undefined
): Effect.Effect<{ readonly personas: ResolvedPersona[]; readonly loaded: Map<string, LoadedPersona> } | { readonly issues: Issue[] }> =>
  Effect.gen(function* () {
    const issues: Issue[] = []
    const loaded = new Map<string, LoadedPersona>()
    const personaFiles: Record<string, string> = {}
    for (const [id, ref] of Object.entries(scenario.personas)) {
      const pfile = personaPath(f.file, id, ref.file)
      personaFiles[id] = pfile
      let r = cache.get(pfile)
      if (r === undefined) {
        r = yield* Effect.either(loadPersona(pfile))
        cache.set(pfile, r)
      }
      if (Either.isLeft(r)) {
        const e = r.left
        if (e._tag === "FileError") {
          const near = ref.file === undefined && e.message === "no such file" ? didYouMean(id, personaIdsNear(f.file)) : undefined
          const hint = near !== undefined ? `did you mean "${near}"? (personas/${near}.yaml)` : ref.file === undefined ? `put it at personas/${id}.yaml, or give its path with file:` : undefined
          issues.push(issueAt(f, ["personas", id], `cannot read the persona file ${pfile}: ${e.message}`, hint))
        } else issues.push(...e.issues)
        continue
      }
      loaded.set(id, r.right)
      issues.push(...checkPersona(r.right, scenario))
      yield* Effect.yieldNow()
    }
    if (issues.length > 0) return { issues }
    const personas = Object.keys(scenario.personas).map((id) => resolvePersona(id, loaded.get(id) as LoadedPersona, scenario, personaFiles[id] as string, behaviour))
    return { personas, loaded }
  })

/**
 * Load a scenario file with its personas, apply a variant, and fill in the defaults. Each stage
 * is linear in the files' size and yields to the runtime, so that Ctrl-C stops it at once.
 *
 * @example
 * const scenario = yield* loadScenario("scenarios/restaurant.yaml", { variant: "faster-kitchen" })
 */
export const loadScenario = (
  file: string,
  options: LoadOptions = {}
): Effect.Effect<ResolvedScenario, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readYaml(file)
    const decoded = decodeScenario(f)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    yield* Effect.yieldNow()
    const base = decoded.right
    const problems = checkScenario(base)
    const issues: Issue[] = problems.map((p) => issueAt(f, p.path, p.message, p.hint))
    yield* Effect.yieldNow()

    const variants = base.variants ?? {}
    if (options.variant !== undefined && !Object.prototype.hasOwnProperty.call(variants, options.variant)) {
      const names = Object.keys(variants)
      issues.push({
        file: f.file,
        path: "variants",
        message: `there is no variant "${options.variant}"`,
        hint: names.length === 0 ? "this scenario declares no variants" : suggest(options.variant, names) ?? `variants: ${names.join(", ")}`
      })
    }
    if (issues.length > 0) return yield* fail(capIssues(issues))

    // The scenario as loaded (the baseline, or the chosen variant applied), and, for validate,
    // every other variant applied and resolved exactly as `load` with that variant would.
    const cache: PersonaCache = new Map()
    let scenario = base
    if (options.variant !== undefined) {
      const r = variantIssues(f, base, options.variant)
      if (r.issues.length > 0) return yield* fail(capIssues(r.issues))
      scenario = Either.getOrThrow(decodeScenario(f, r.data)) as Scenario
    }
    const resolved = yield* resolvePersonas(f, scenario, cache, options.behaviour)
    if ("issues" in resolved) return yield* fail(capIssues(resolved.issues))
    if (options.checkAllVariants === true) {
      for (const name of Object.keys(variants)) {
        if (name === options.variant) continue
        const r = variantIssues(f, base, name)
        if (r.issues.length > 0) issues.push(...r.issues)
        else {
          const v = yield* resolvePersonas(f, Either.getOrThrow(decodeScenario(f, r.data)) as Scenario, cache, options.behaviour)
          if ("issues" in v) issues.push(...v.issues.map((i) => ({ ...i, message: `with variant "${name}": ${i.message}` })))
        }
        yield* Effect.yieldNow()
      }
      if (issues.length > 0) return yield* fail(capIssues(issues))
    }

    const hash = createHash("sha256")
      .update(
        canonical({
          scenario: f.data,
          personas: [...resolved.loaded.entries()].map(([id, lp]) => [id, lp.file.data]),
          ...(options.behaviour === undefined ? {} : { behaviour: options.behaviour })
        })
      )
      .digest("hex")
    const resolvedScenario: ResolvedScenario = {
      name: scenario.name ?? path.basename(file).replace(/\.ya?ml$/i, ""),
      title: scenario.title ?? scenario.name ?? path.basename(file).replace(/\.ya?ml$/i, ""),
      description: scenario.description ?? "",
      file,
      currency: scenario.currency ?? scenarioDefaults.currency,
      seed: scenario.seed ?? scenarioDefaults.seed,
      population: scenario.population ?? scenarioDefaults.population,
      horizon: scenario.horizon ?? scenarioDefaults.horizon,
      dimensions: scenario.dimensions,
      personas: resolved.personas,
      journey: {
        start: scenario.journey.start,
        touchpoints: scenario.journey.touchpoints,
        outcomes: scenario.journey.outcomes ?? scenarioDefaults.outcomes
      },
      settings: settingsOf(scenario.model),
      variants,
      variant: options.variant ?? null,
      hash
    }
    return resolvedScenario
  })

/** Check a persona file on its own (schema only: its dimensions are checked against a scenario). */
export const loadPersonaFile = (file: string): Effect.Effect<Persona, InvalidInput | FileError> =>
  Effect.map(loadPersona(file), (lp) => lp.persona)
