/**
 * Loading a scenario: read and decode the file, check it, apply the chosen variant, read the
 * persona files it refers to, and fill in every default. All problems found are reported
 * together, each with its file, line and field.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
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
import { setNumbers } from "./setNumbers.js"
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

const decodeScenario = decodeWith(Scenario, "scenario")
const decodePersona = decodeWith(Persona, "persona")

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

export interface LoadedPersona {
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

/** The channels of a scenario's touchpoints. */
const channelsOf = (s: Scenario): string[] => Object.values(s.journey.touchpoints).map((t) => t.channel ?? scenarioDefaults.channel)

/**
 * The channels a persona may prefer in scenario `s`: those of its touchpoints, of the file's
 * baseline `base`, and those any variant of the file gives a touchpoint. A variant may close a
 * channel (remove the branch) or open one (add an app) that a persona has a preference for.
 *
 * @example
 * knownChannels(variantScenario, baseline) // Set { "web", "branch", "app" }
 */
export const knownChannels = (s: Scenario, base: Scenario = s): Set<string> => {
  const known = new Set([...channelsOf(s), ...channelsOf(base)])
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== "object" || depth > 64) return
    for (const [k, x] of Object.entries(v)) {
      if (k === "channel" && typeof x === "string") known.add(x)
      else walk(x, depth + 1)
    }
  }
  for (const variant of Object.values(base.variants ?? {})) {
    for (const patch of variant.patches) {
      if ("set" in patch && /(^|\.)channel$/.test(patch.set) && typeof patch.value === "string") known.add(patch.value)
      walk(patch, 0)
    }
  }
  return known
}

export const checkPersona = (lp: LoadedPersona, s: Scenario, channels: ReadonlySet<string> = knownChannels(s)): Issue[] => {
  const issues: Issue[] = []
  const dims = Object.keys(s.dimensions)
  const f = lp.file
  const p = lp.persona
  const byDim = (field: "expectations" | "weights" | "kano", rec: Readonly<Record<string, unknown>> | undefined): void => {
    for (const d of Object.keys(rec ?? {})) {
      if (!dims.includes(d)) issues.push(issueAt(f, [field, d], `the scenario ${s.name ?? ""} has no dimension "${d}"`.replace("  ", " "), suggest(d, dims)))
    }
  }
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

/** A persona's channel preferences for the channels `s` has; all of them when it has each. */
const channelPreferences = (prefs: Readonly<Record<string, number>> | undefined, s: Scenario): Record<string, number> => {
  const present = new Set(channelsOf(s))
  return Object.fromEntries(Object.entries(prefs ?? {}).filter(([c]) => present.has(c)))
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
    // A preference for a channel this scenario (or variant) has no touchpoint of does nothing.
    channels: channelPreferences(p.channels, s),
    value: p.value ?? 0,
    behaviour: mergeBehaviour(base, s.model, p, ref?.overrides)
  }
}

/** The persona files a scenario refers to, each read once (shared by the variants validate checks). */
type PersonaCache = Map<string, Either.Either<LoadedPersona, InvalidInput | FileError>>

/** The YAML files of folder `d` (none when it does not exist). */
const yamlFilesIn = (d: string): string[] => {
  try {
    return fs.readdirSync(d).filter((f) => /\.ya?ml$/i.test(f))
  } catch {
    return []
  }
}

/**
 * What to do about a persona file that is not where it was looked for. Without `file:`: a file of
 * the persona's id with another extension or case (only `<id>.yaml` is looked for), else a near
 * id, in the folders looked in; with `file:`, a near name in its folder.
 */
const missingPersonaHint = (scenarioFile: string, id: string, file: string | undefined): string | undefined => {
  const dir = path.dirname(scenarioFile)
  const relative = (d: string, name: string): string => path.relative(dir, path.join(d, name)).split(path.sep).join("/")
  if (file !== undefined) {
    const target = path.isAbsolute(file) ? file : path.join(dir, file)
    const near = didYouMean(path.basename(target), yamlFilesIn(path.dirname(target)))
    return near === undefined ? undefined : `did you mean file: ${relative(path.dirname(target), near)}?`
  }
  const folders = [path.join(dir, "..", "personas"), path.join(dir, "personas")].map((d) => ({ d, names: yamlFilesIn(d) }))
  const idOf = (name: string): string => name.replace(/\.ya?ml$/i, "")
  for (const { d, names } of folders) {
    const same = names.find((n) => idOf(n).toLowerCase() === id.toLowerCase())
    if (same !== undefined) return `found ${relative(d, same)}, but only ${id}.yaml is looked for: rename it ${id}.yaml, or give its path with file: ${relative(d, same)}`
  }
  for (const { names } of folders) {
    const near = didYouMean(id, names.map(idOf))
    if (near !== undefined) return `did you mean "${near}"? (personas/${names.find((n) => idOf(n) === near) ?? `${near}.yaml`})`
  }
  return `put it at personas/${id}.yaml, or give its path with file:`
}

/** Read, decode and check the personas of `scenario`: the resolved personas, or every issue. */
const resolvePersonas = (
  f: YamlFile,
  scenario: Scenario,
  known: ReadonlySet<string>,
  cache: PersonaCache,
  behaviour: BehaviourInput | undefined,
  personaSet: ReadonlyMap<string, ReadonlyArray<SetValue>> = new Map(),
  files?: Map<string, YamlFile>
): Effect.Effect<{ readonly personas: ResolvedPersona[]; readonly loaded: Map<string, LoadedPersona> } | { readonly issues: Issue[] }> =>
  Effect.gen(function* () {
    const issues: Issue[] = []
    const loaded = new Map<string, LoadedPersona>()
    const personaFiles: Record<string, string> = {}
    for (const [id, ref] of Object.entries(scenario.personas)) {
      const pfile = personaPath(f.file, id, ref.file)
      personaFiles[id] = pfile
      const patches = personaSet.get(id)
      let r = patches === undefined ? cache.get(pfile) : undefined
      if (r === undefined) {
        r = yield* Effect.either(loadPersona(pfile, patches, files))
        if (patches === undefined) cache.set(pfile, r)
      }
      if (Either.isLeft(r)) {
        const e = r.left
        if (e._tag === "FileError") {
          const hint = e.message === "no such file" ? missingPersonaHint(f.file, id, ref.file) : ref.file === undefined ? `put it at personas/${id}.yaml, or give its path with file:` : undefined
          issues.push(issueAt(f, ["personas", id], `cannot read the persona file ${pfile}: ${e.message}`, hint))
        } else issues.push(...e.issues)
        continue
      }
      loaded.set(id, r.right)
      issues.push(...checkPersona(r.right, scenario, known))
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
    const { f, base, variants, data, scenario: chosen } = yield* loadBase(file, options)
    let scenario = chosen
    const issues: Issue[] = []
    const cache: PersonaCache = new Map()
    // A sweep's point: values set after the variant, in the scenario or in a persona's own file.
    const set = options.set ?? []
    const personaSet = new Map<string, SetValue[]>()
    const scenarioSet: SetValue[] = []
    const setIssues: Issue[] = []
    for (const v of set) {
      const t = personaTarget(v.set)
      if (t === undefined) scenarioSet.push(v)
      else if (!Object.prototype.hasOwnProperty.call(scenario.personas, t.id)) {
        setIssues.push({ file: f.file, path: v.set, message: `there is no persona "${t.id}" in the scenario`, hint: suggest(t.id, Object.keys(scenario.personas)) })
      } else personaSet.set(t.id, [...(personaSet.get(t.id) ?? []), { set: t.path, value: v.value }])
    }
    if (scenarioSet.length > 0 && setIssues.length === 0) {
      const r = applyPatches(data, scenarioSet)
      for (const p of r.problems) setIssues.push({ file: f.file, path: (scenarioSet[p.index] as SetValue).set, message: p.message, hint: p.hint })
      if (setIssues.length === 0) {
        const d = decodeScenario(f, r.data)
        if (Either.isLeft(d)) return yield* Effect.fail(d.left)
        scenario = d.right
        const p = checkScenario(scenario)
        if (p.length > 0) return yield* fail(p.map((i) => issueAt(f, i.path, i.message, i.hint)))
      }
    }
    if (setIssues.length > 0) return yield* fail(setIssues)
    const resolved = yield* resolvePersonas(f, scenario, knownChannels(scenario, base), cache, options.behaviour, personaSet, options.files)
    if ("issues" in resolved) return yield* fail(capIssues(resolved.issues))
    if (options.checkAllVariants === true) {
      for (const name of Object.keys(variants)) {
        if (name === options.variant) continue
        const r = variantIssues(f, base, name)
        if (r.issues.length > 0) issues.push(...r.issues)
        else {
          const vs = Either.getOrThrow(decodeScenario(f, r.data)) as Scenario
          const v = yield* resolvePersonas(f, vs, knownChannels(vs, base), cache, options.behaviour)
          if ("issues" in v) issues.push(...v.issues.map((i) => ({ ...i, message: `with variant "${name}": ${i.message}` })))
        }
        yield* Effect.yieldNow()
      }
      if (issues.length > 0) return yield* fail(capIssues(issues))
    }
    return finish(file, f, scenario, variants, resolved.personas, resolved.loaded, options, set)
  })

/**
 * The file read, decoded and checked, and the chosen variant applied and checked: the raw data
 * (with the variant's patches) and its decoded scenario, or the first problems found.
 */
const loadBase = (file: string, options: LoadOptions) =>
  Effect.gen(function* () {
    const f = yield* readCached(file, options.files)
    const decoded = decodeScenarioFile(f)
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

    // The scenario as loaded (the baseline, or the chosen variant applied); validate applies and
    // resolves every other variant exactly as `load` with that variant would.
    let scenario = base
    let data: unknown = f.data
    if (options.variant !== undefined) {
      const r = variantIssues(f, base, options.variant)
      if (r.issues.length > 0) return yield* fail(capIssues(r.issues))
      data = r.data
      scenario = Either.getOrThrow(decodeScenario(f, r.data)) as Scenario
    }
    return { f, base, variants, data, scenario }
  })

/** The resolved scenario: defaults filled in, and its hash. */
const finish = (
  file: string,
  f: YamlFile,
  scenario: Scenario,
  variants: NonNullable<Scenario["variants"]>,
  personas: ResolvedPersona[],
  loaded: ReadonlyMap<string, LoadedPersona>,
  options: LoadOptions,
  set: ReadonlyArray<SetValue>
): ResolvedScenario => {
  // canonical({ behaviour?, personas: [[id, data]…], scenario, set? }) (keys sorted), from each
  // file's canonical text computed once: a sweep's points do not serialise the files again.
  const personasText = [...loaded.entries()].map(([id, lp]) => `[${JSON.stringify(id)},${canonicalFile(lp.file)}]`).join(",")
  const hash = createHash("sha256")
    .update(
      `{${options.behaviour === undefined ? "" : `"behaviour":${canonical(options.behaviour)},`}"personas":[${personasText}],"scenario":${canonicalFile(f)}${set.length > 0 ? `,"set":${canonical(set)}` : ""}}`
    )
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
  }
}

/** Loads the points of one scenario: `load(set)` is `loadScenario(file, { ...options, set })`. */
export interface PointLoader {
  readonly load: (set: ReadonlyArray<SetValue>) => Effect.Effect<ResolvedScenario, InvalidInput | FileError>
  /** Points loaded by setting numbers on the decoded scenario, and by the ordinary path. */
  readonly counts: { fast: number; slow: number }
}

/**
 * A loader of a scenario's points (a sweep's): what `loadScenario(file, { ...options, set })`
 * gives, the same value and the same errors, without copying, patching and decoding the whole
 * scenario for each point. The scenario, its variant and its personas are loaded and checked
 * once; a point whose values each replace a number by a number is then set on the decoded
 * scenario or persona (setNumbers.ts: only the changed part is decoded again), the scenario
 * checked as a whole (checkScenario: sums, the graph, the distributions) and each persona
 * against it (checkPersona), and the personas resolved and the hash computed as the loader does.
 * Any other point, and any point with a problem, goes through `loadScenario`, which reports it
 * exactly as before.
 */
export const pointLoader = (file: string, options: Omit<LoadOptions, "set" | "checkAllVariants"> = {}): Effect.Effect<PointLoader> =>
  Effect.gen(function* () {
    const counts = { fast: 0, slow: 0 }
    const slow = (set: ReadonlyArray<SetValue>) =>
      Effect.suspend(() => {
        counts.slow++
        return loadScenario(file, { ...options, set })
      })
    const prepared = yield* Effect.either(
      Effect.gen(function* () {
        const b = yield* loadBase(file, options)
        const personas: Array<{ readonly id: string; readonly file: string; readonly lp: LoadedPersona }> = []
        for (const [id, ref] of Object.entries(b.scenario.personas)) {
          const pfile = personaPath(b.f.file, id, ref.file)
          personas.push({ id, file: pfile, lp: yield* loadPersona(pfile, [], options.files) })
        }
        return { ...b, personas }
      })
    )
    if (Either.isLeft(prepared)) return { load: slow, counts }
    const { f, data, base, scenario: start, variants, personas } = prepared.right
    // Points set numbers only: the channels stay those of the starting scenario.
    const known = knownChannels(start, base)
    const fast = (set: ReadonlyArray<SetValue>): ResolvedScenario | undefined => {
      const scenarioSet: SetValue[] = []
      const personaSet = new Map<string, SetValue[]>()
      for (const v of set) {
        const t = personaTarget(v.set)
        if (t === undefined) scenarioSet.push(v)
        else if (!Object.prototype.hasOwnProperty.call(start.personas, t.id)) return undefined
        else personaSet.set(t.id, [...(personaSet.get(t.id) ?? []), { set: t.path, value: v.value }])
      }
      let scenario = start
      if (scenarioSet.length > 0) {
        const s = setNumbers(Scenario.ast, data, start, scenarioSet)
        if (s === undefined) return undefined
        scenario = s as Scenario
        if (checkScenario(scenario).length > 0) return undefined
      }
      const loaded = new Map<string, LoadedPersona>()
      for (const p of personas) {
        const patches = personaSet.get(p.id)
        let lp = p.lp
        if (patches !== undefined) {
          const persona = setNumbers(Persona.ast, lp.file.data, lp.persona, patches)
          if (persona === undefined) return undefined
          lp = { file: lp.file, persona: persona as Persona }
        }
        if (checkPersona(lp, scenario, known).length > 0) return undefined
        loaded.set(p.id, lp)
      }
      const resolved = personas.map((p) => resolvePersona(p.id, loaded.get(p.id) as LoadedPersona, scenario, p.file, options.behaviour))
      return finish(file, f, scenario, variants, resolved, loaded, options, set)
    }
    const load = (set: ReadonlyArray<SetValue>) =>
      Effect.suspend(() => {
        const r = fast(set)
        if (r === undefined) return slow(set)
        counts.fast++
        return Effect.succeed(r)
      })
    return { load, counts }
  })

/** Check a persona file on its own (schema only: its dimensions are checked against a scenario). */
export const loadPersonaFile = (file: string): Effect.Effect<Persona, InvalidInput | FileError> =>
  Effect.map(loadPersona(file), (lp) => lp.persona)
