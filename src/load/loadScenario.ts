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
import { formatPath, suggest, type Issue } from "./Issue.js"
import { issueAt, readYaml, type YamlFile } from "./YamlFile.js"

export interface LoadOptions {
  /** Name of the variant to apply. @default none (the baseline) */
  readonly variant?: string | undefined
  /** Also check every variant declared in the file (what `cxsim validate` does). @default false */
  readonly checkAllVariants?: boolean | undefined
  /**
   * Values to set after the variant (a sweep's point), as `set` patches. A path
   * `personas.<id>.<field>` whose field is not one of the scenario's (share, file, overrides)
   * sets the persona file's own data (`personas.family.loyalty.retention`), before the persona is
   * decoded and checked as strictly as the file. @default none
   */
  readonly set?: ReadonlyArray<SetValue> | undefined
  /** Files already read, by path: each is read once and reused (sweeps). @default none */
  readonly files?: Map<string, YamlFile> | undefined
}

/** One value to set, by the path of a variant's `set` patch. */
export interface SetValue {
  readonly set: string
  readonly value: unknown
}

/** Fields of a scenario's persona reference; any other `personas.<id>.<field>` is the persona's own. */
const personaRefFields = new Set(["share", "file", "overrides"])

/** The persona a set path reaches into, and the path inside its file; undefined for scenario paths. */
export const personaTarget = (setPath: string): { readonly id: string; readonly path: string } | undefined => {
  const parts = setPath.split(".")
  if (parts[0] !== "personas" || parts.length < 3 || personaRefFields.has(parts[2] as string)) return undefined
  return { id: parts[1] as string, path: parts.slice(2).join(".") }
}

const readCached = (file: string, files: Map<string, YamlFile> | undefined): Effect.Effect<YamlFile, InvalidInput | FileError> => {
  const hit = files?.get(file)
  if (hit !== undefined) return Effect.succeed(hit)
  return Effect.tap(readYaml(file), (f) => Effect.sync(() => files?.set(file, f)))
}

const decodeScenario = decodeWith(Scenario)
const decodePersona = decodeWith(Persona)

/**
 * A file's own data decodes to the same value each time: when files are cached (a sweep loads
 * the same scenario for every point), decode each once. Patched data is always decoded afresh.
 */
const once = <A, E>(decode: (f: YamlFile) => Either.Either<A, E>) => {
  const memo = new WeakMap<YamlFile, Either.Either<A, E>>()
  return (f: YamlFile): Either.Either<A, E> => {
    const hit = memo.get(f)
    if (hit !== undefined) return hit
    const r = decode(f)
    memo.set(f, r)
    return r
  }
}
const decodeScenarioFile = once((f) => decodeScenario(f))
const decodePersonaFile = once((f) => decodePersona(f))

type BehaviourInput = Partial<Omit<Behaviour, "memory" | "loyalty">> & {
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
  if (file !== undefined) return path.resolve(dir, file)
  const candidates = [path.resolve(dir, "..", "personas", `${id}.yaml`), path.resolve(dir, "personas", `${id}.yaml`)]
  return candidates.find((c) => fs.existsSync(c)) ?? (candidates[0] as string)
}

const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v
  )

const canonicalTexts = new WeakMap<YamlFile, string>()
/** canonical(f.data), once per file read. */
const canonicalFile = (f: YamlFile): string => {
  const hit = canonicalTexts.get(f)
  if (hit !== undefined) return hit
  const text = canonical(f.data)
  canonicalTexts.set(f, text)
  return text
}

/** A path relative to the working directory when it is inside it, else absolute. */
const displayPath = (p: string): string => {
  const rel = path.relative(process.cwd(), p)
  return rel === "" || rel.startsWith("..") ? p : rel
}

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

interface LoadedPersona {
  readonly file: YamlFile
  readonly persona: Persona
}

/**
 * A copy of a persona's data with the maps on the way to each set path created when absent
 * (a persona file may leave loyalty, memory… to their defaults); decoding then refuses any
 * field the persona format does not know, with a "did you mean".
 */
const withMaps = (data: unknown, set: ReadonlyArray<SetValue>): unknown => {
  const copy = structuredClone(data) as Record<string, unknown>
  for (const v of set) {
    let node: Record<string, unknown> = copy
    for (const key of v.set.split(".").slice(0, -1)) {
      if (key === "__proto__" || key === "constructor" || key === "prototype") break
      if (!Object.prototype.hasOwnProperty.call(node, key)) node[key] = {}
      const next = node[key]
      if (next === null || typeof next !== "object" || Array.isArray(next)) break
      node = next as Record<string, unknown>
    }
  }
  return copy
}

const loadPersona = (
  file: string,
  set: ReadonlyArray<SetValue> = [],
  files?: Map<string, YamlFile>
): Effect.Effect<LoadedPersona, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readCached(file, files)
    let data = f.data
    if (set.length > 0) {
      const r = applyPatches(withMaps(f.data, set), set)
      if (r.problems.length > 0) {
        return yield* Effect.fail(new InvalidInput({ issues: r.problems.map((p) => ({ file, path: (set[p.index] as SetValue).set, message: `cannot set it in the persona file: ${p.message}`, hint: p.hint })) }))
      }
      data = r.data
    }
    const decoded = data === f.data ? decodePersonaFile(f) : decodePersona(f, data)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    return { file: f, persona: decoded.right }
  })

const checkPersona = (lp: LoadedPersona, s: Scenario): Issue[] => {
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

const resolvePersona = (id: string, lp: LoadedPersona, s: Scenario, fileName: string): ResolvedPersona => {
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
    behaviour: mergeBehaviour(s.model, p, ref?.overrides)
  }
}

/**
 * Load a scenario file with its personas, apply a variant, and fill in the defaults.
 *
 * @example
 * const scenario = yield* loadScenario("scenarios/restaurant.yaml", { variant: "faster-kitchen" })
 */
export const loadScenario = (
  file: string,
  options: LoadOptions = {}
): Effect.Effect<ResolvedScenario, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readCached(file, options.files)
    const decoded = decodeScenarioFile(f)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    const base = decoded.right
    const problems = checkScenario(base)
    const issues: Issue[] = problems.map((p) => issueAt(f, p.path, p.message, p.hint))

    const variants = base.variants ?? {}
    let data: unknown = f.data
    if (options.variant !== undefined && !Object.prototype.hasOwnProperty.call(variants, options.variant)) {
      const names = Object.keys(variants)
      issues.push({
        file: f.file,
        path: "variants",
        message: `there is no variant "${options.variant}"`,
        hint: names.length === 0 ? "this scenario declares no variants" : suggest(options.variant, names) ?? `variants: ${names.join(", ")}`
      })
    }
    const toCheck = options.checkAllVariants === true ? Object.keys(variants) : options.variant !== undefined ? [options.variant] : []
    if (issues.length === 0) {
      for (const name of toCheck) {
        const r = variantIssues(f, base, name)
        issues.push(...r.issues)
        if (name === options.variant && r.data !== undefined) data = r.data
      }
    }
    if (issues.length > 0) return yield* fail(issues)

    const set = options.set ?? []
    const personaSet = new Map<string, SetValue[]>()
    const scenarioSet: SetValue[] = []
    for (const v of set) {
      const t = personaTarget(v.set)
      if (t === undefined) scenarioSet.push(v)
      else if (!Object.prototype.hasOwnProperty.call(base.personas, t.id)) {
        issues.push({ file: f.file, path: v.set, message: `there is no persona "${t.id}" in the scenario`, hint: suggest(t.id, Object.keys(base.personas)) })
      } else personaSet.set(t.id, [...(personaSet.get(t.id) ?? []), { set: t.path, value: v.value }])
    }
    if (scenarioSet.length > 0) {
      const r = applyPatches(data, scenarioSet)
      for (const p of r.problems) issues.push({ file: f.file, path: (scenarioSet[p.index] as SetValue).set, message: p.message, hint: p.hint })
      data = r.data
    }
    if (issues.length > 0) return yield* fail(issues)

    let scenario = base
    if (data !== f.data) {
      const d = decodeScenario(f, data)
      if (Either.isLeft(d)) return yield* Effect.fail(d.left)
      scenario = d.right
      if (scenarioSet.length > 0) {
        const p = checkScenario(scenario)
        if (p.length > 0) return yield* fail(p.map((i) => issueAt(f, i.path, i.message, i.hint)))
      }
    }

    // Persona files, each read once.
    const personaIssues: Issue[] = []
    const loaded = new Map<string, LoadedPersona>()
    const personaFiles: Record<string, string> = {}
    for (const [id, ref] of Object.entries(scenario.personas)) {
      const pfile = personaPath(file, id, ref.file)
      personaFiles[id] = pfile
      const r = yield* Effect.either(loadPersona(pfile, personaSet.get(id), options.files))
      if (Either.isLeft(r)) {
        const e = r.left
        if (e._tag === "FileError") {
          personaIssues.push(issueAt(f, ["personas", id], `cannot read the persona file ${displayPath(pfile)}: ${e.message}`, ref.file === undefined ? `put it at personas/${id}.yaml, or give its path with file:` : undefined))
        } else personaIssues.push(...e.issues)
        continue
      }
      loaded.set(id, r.right)
      personaIssues.push(...checkPersona(r.right, scenario))
    }
    if (personaIssues.length > 0) return yield* fail(personaIssues)

    const personas = Object.keys(scenario.personas).map((id) =>
      resolvePersona(id, loaded.get(id) as LoadedPersona, scenario, personaFiles[id] as string)
    )
    // The text of canonical({ personas, scenario, set? }), each file's part computed once.
    const personaText = [...loaded.entries()].map(([id, lp]) => `[${JSON.stringify(id)},${canonicalFile(lp.file)}]`).join(",")
    const hash = createHash("sha256")
      .update(`{"personas":[${personaText}],"scenario":${canonicalFile(f)}${set.length > 0 ? `,"set":${canonical(set)}` : ""}}`)
      .digest("hex")
    return {
      name: scenario.name ?? path.basename(file).replace(/\.ya?ml$/i, ""),
      title: scenario.title ?? scenario.name ?? path.basename(file).replace(/\.ya?ml$/i, ""),
      description: scenario.description ?? "",
      file,
      currency: scenario.currency ?? scenarioDefaults.currency,
      seed: scenario.seed ?? scenarioDefaults.seed,
      population: scenario.population ?? scenarioDefaults.population,
      horizon: scenario.horizon ?? scenarioDefaults.horizon,
      dimensions: scenario.dimensions,
      personas,
      journey: {
        start: scenario.journey.start,
        touchpoints: scenario.journey.touchpoints,
        outcomes: scenario.journey.outcomes ?? scenarioDefaults.outcomes
      },
      settings: settingsOf(scenario.model),
      variants,
      variant: options.variant ?? null,
      hash
    } satisfies ResolvedScenario
  })

/** Check a persona file on its own (schema only: its dimensions are checked against a scenario). */
export const loadPersonaFile = (file: string): Effect.Effect<Persona, InvalidInput | FileError> =>
  Effect.map(loadPersona(file), (lp) => lp.persona)
