/**
 * Writing calibrated values back to the files a scenario is made of, keeping the user's comments
 * and layout: each value's text is replaced where it stands in the file (the yaml Document API
 * gives its place), so every other byte stays as written; a key that is not in the file yet is
 * added beside its siblings. The edited text is parsed again and must hold exactly the old data
 * with the new values (else the document is printed again by the same API, comments kept).
 *
 * Three ways to write, as `cxsim calibrate --write` offers them:
 * - `inPlace`: the persona files (for `personas.<id>.<field>` paths) and the scenario edited;
 * - `newFiles`: copies of the touched persona files and of the scenario, in a folder, the copy
 *   of the scenario pointing at the copies (the originals untouched);
 * - `variant`: a new variant of the scenario with `set` patches (written by the TUI's
 *   saveVariant), persona values set through `personas.<id>.overrides`.
 *
 * Paths are those of variant `set` patches and sweep designs (src/load/loadScenario.ts
 * `personaTarget`); a value is written with at most 6 significant digits, the shortest text that
 * reads back as that number. Every write is atomic: a temporary file created exclusively under
 * a random name beside the target (so nothing planted at a temporary name is followed), then
 * renamed over it (src/load/atomicFile.ts); new files never replace an existing one.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { isDeepStrictEqual } from "node:util"
import { isMap, isScalar, parseDocument, type Node, type Pair, type YAMLMap } from "yaml"
import { applyPatches } from "../load/applyVariant.js"
import { createTemp, realTarget, replaceWith } from "../load/atomicFile.js"
import { FileError, InvalidInput, UsageError } from "../load/errors.js"
import { suggest, type Issue } from "../load/Issue.js"
import { loadScenario, personaPath, personaTarget } from "../load/loadScenario.js"
import { lintFile } from "../load/lint.js"
import { describeFsError, issueAt, readYaml, type YamlFile } from "../load/YamlFile.js"
import { BehaviourFields } from "../model/Persona.js"
import type { Patch } from "../model/Scenario.js"
import { saveVariantEffect, VariantExists } from "../tui/saveVariant.js"

/** A fitted value, by the path of a variant's `set` patch. */
export interface FittedValue {
  readonly path: string
  readonly value: number
}

/** Where the calibrated values go. */
export type WriteMode =
  | { readonly kind: "inPlace" }
  | { readonly kind: "newFiles"; readonly dir: string }
  | {
      readonly kind: "variant"
      readonly name: string
      /** The variant's description. @default "Calibrated to a survey (cxsim calibrate)." */
      readonly description?: string | undefined
      /** Replace a variant of the same name. @default false */
      readonly replace?: boolean | undefined
    }

export interface WriteBackRequest {
  /** The scenario file the calibration was made from. */
  readonly scenario: string
  /** The variant the calibration was made with. @default none (the baseline) */
  readonly variant?: string | undefined
  /** The fitted values (CalibrateOutput.values). */
  readonly values: ReadonlyArray<FittedValue>
  readonly mode: WriteMode
}

export interface WriteBackResult {
  /** Every file written (replaced or created), in the order written. */
  readonly files: ReadonlyArray<string>
  /** The scenario file that holds the calibrated model. */
  readonly scenario: string
  /** The variant to run it with (the new one in `variant` mode, else the one calibrated). */
  readonly variant: string | null
  /** What the user should know (a persona file that another scenario uses too...). */
  readonly warnings: ReadonlyArray<string>
}

/**
 * `--write` as typed: "in-place", "variant:NAME", or a folder.
 *
 * @example
 * parseWriteMode("variant:calibrated") // { kind: "variant", name: "calibrated" }
 */
export const parseWriteMode = (text: string): WriteMode =>
  text === "in-place" ? { kind: "inPlace" } : text.startsWith("variant:") ? { kind: "variant", name: text.slice("variant:".length) } : { kind: "newFiles", dir: text }

/**
 * The value as written: at most 6 significant digits (a fit is not more precise than that), and
 * the shortest decimal text that reads back as exactly this number.
 *
 * @example
 * writtenValue(0.951234567) // 0.951235
 */
export const writtenValue = (x: number): number => {
  const v = Number(x.toPrecision(6))
  return Object.is(v, -0) ? 0 : v
}

type Value = number | string

/** One value to set in one file, at `path` (keys), for the fitted path `source`. */
interface Edit {
  readonly path: ReadonlyArray<string>
  readonly value: Value
  readonly source: string
}

const BEHAVIOUR = new Set(Object.keys(BehaviourFields))

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** YAML text of a value: numbers as `String` gives them; a string plain when safe, else double-quoted. */
const valueText = (v: Value): string => (typeof v === "number" ? String(v) : /^[A-Za-z0-9_][A-Za-z0-9._\/-]*$/.test(v) ? v : JSON.stringify(v))

const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1

/** A splice of the text: [from, to) replaced by `text`. */
interface Splice {
  readonly from: number
  readonly to: number
  readonly text: string
}

/**
 * Replace [from, to) by `text`; a comment after it on the line keeps its column when the spaces
 * before it allow (at least one space is kept).
 */
const keepComment = (text: string, from: number, to: number, value: string): Splice => {
  const m = /^( +)#/.exec(text.slice(to, text.indexOf("\n", to) === -1 ? undefined : text.indexOf("\n", to)))
  if (m === null) return { from, to, text: value }
  const spaces = (m[1] as string).length + (to - from) - value.length
  return { from, to: to + (m[1] as string).length, text: value + " ".repeat(Math.max(1, spaces)) }
}

/** Where to put a new key `key: value` in the map at `parent`, or undefined when not simple. */
const insertion = (text: string, map: YAMLMap, key: string, value: Value, eol: string): Splice | undefined => {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) || map.range === undefined || map.range === null) return undefined
  const pairs = map.items as Array<Pair<Node, Node | null>>
  if (map.flow === true) {
    // `{ share: 0.4 }` → `{ share: 0.4, file: x }`: before the closing brace and its spaces.
    const close = text.lastIndexOf("}", map.range[1])
    if (close < map.range[0]) return undefined
    let at = close
    while (at > map.range[0] && (text[at - 1] === " " || text[at - 1] === "\t")) at--
    return { from: at, to: at, text: `${pairs.length > 0 ? ", " : " "}${key}: ${valueText(value)}${pairs.length > 0 ? "" : " "}` }
  }
  const first = pairs[0]?.key
  const last = pairs[pairs.length - 1]
  if (!isScalar(first) || first.range === undefined || first.range === null || last === undefined) return undefined
  // After the line that ends the last entry (its value, or its key when it has none).
  const end = last.value?.range?.[1] ?? (isScalar(last.key) ? last.key.range?.[1] : undefined)
  if (end === undefined) return undefined
  const nl = text.indexOf("\n", Math.max(end - 1, 0))
  const at = nl === -1 ? text.length : nl + 1
  const indent = " ".repeat(first.range[0] - lineStart(text, first.range[0]))
  const before = nl === -1 ? eol : ""
  return { from: at, to: at, text: `${before}${indent}${key}: ${valueText(value)}${eol}` }
}

/**
 * The text with the values set, every other byte unchanged where possible; or the problems
 * (a path that does not exist in the file) as issues located in the file.
 */
const editText = (f: YamlFile, edits: ReadonlyArray<Edit>): { readonly text: string } | { readonly issues: Issue[] } => {
  const patches: Patch[] = edits.map((e) => ({ set: e.path.join("."), value: e.value }))
  const expected = applyPatches(f.data, patches)
  if (expected.problems.length > 0) {
    return {
      issues: expected.problems.map((p) => {
        const e = edits[p.index] as Edit
        return { ...issueAt(f, e.path.slice(0, -1), `cannot write ${e.source}: ${p.message.replace(/in the scenario$/, "in this file")}`, STALE), path: e.source }
      })
    }
  }
  const eol = f.text.includes("\r\n") ? "\r\n" : "\n"
  const splices: Splice[] = []
  let simple = true
  for (const e of edits) {
    const node = f.doc.getIn(e.path, true) as Node | undefined
    if (isScalar(node) && node.range !== undefined && node.range !== null && typeof node.value !== "object") {
      splices.push(keepComment(f.text, node.range[0], node.range[1], valueText(e.value)))
      continue
    }
    const parent = f.doc.getIn(e.path.slice(0, -1), true) as Node | undefined
    const add = node === undefined && isMap(parent) ? insertion(f.text, parent, e.path[e.path.length - 1] as string, e.value, eol) : undefined
    if (add === undefined) simple = false
    else splices.push(add)
  }
  const sorted = [...splices].sort((a, b) => b.from - a.from)
  const overlapping = sorted.some((s, i) => i > 0 && s.to > (sorted[i - 1] as Splice).from)
  if (simple && !overlapping) {
    const out = sorted.reduce((t, s) => t.slice(0, s.from) + s.text + t.slice(s.to), f.text)
    if (isDeepStrictEqual(parseDocument(out).toJS(), expected.data)) return { text: out }
  }
  // Not a plain value or key (a list item, a value that was a map): the document printed again.
  const doc = parseDocument(f.text)
  for (const e of edits) doc.setIn(e.path, e.value)
  const out = doc.toString()
  if (!isDeepStrictEqual(parseDocument(out).toJS(), expected.data)) throw new Error(`writeBack requires an edit that reads back as set (${f.file})`)
  return { text: out }
}

const read = (file: string) => readYaml(file)

/** The hint of a path that is not in the file: it was when the calibration loaded it. */
const STALE = "the file has changed since the calibration: calibrate again"

const fail = (issues: Issue[]) => Effect.fail(new InvalidInput({ issues }))

const cannotWrite = (file: string) => (e: unknown) => new FileError({ file, message: `cannot write: ${describeFsError(e)}` })

/** The scenario's data as the calibration saw it: the variant applied. */
const appliedData = (f: YamlFile, variant: string | undefined): { readonly data: Record<string, unknown> } | { readonly issues: Issue[] } => {
  if (variant === undefined) return { data: isObject(f.data) ? f.data : {} }
  const variants = isObject(f.data) ? f.data["variants"] : undefined
  const v = isObject(variants) ? variants[variant] : undefined
  if (!isObject(v) || !Array.isArray(v["patches"])) {
    return { issues: [{ file: f.file, path: "variants", message: `there is no variant "${variant}"`, hint: suggest(variant, isObject(variants) ? Object.keys(variants) : []) }] }
  }
  const r = applyPatches(f.data, v["patches"] as Patch[])
  if (r.problems.length > 0) return { issues: r.problems.map((p) => issueAt(f, ["variants", variant, "patches", p.index], `variant "${variant}": ${p.message}`, p.hint)) }
  return { data: isObject(r.data) ? r.data : {} }
}

/** The patches of the chosen variant, as written. */
const variantPatches = (f: YamlFile, variant: string | undefined): ReadonlyArray<Patch> => {
  if (variant === undefined || !isObject(f.data)) return []
  const v = isObject(f.data["variants"]) ? (f.data["variants"] as Record<string, unknown>)[variant] : undefined
  return isObject(v) && Array.isArray(v["patches"]) ? (v["patches"] as Patch[]) : []
}

/** `{a: {b: x}}` from ["a", "b"] and x, merged into `base` (a copy). */
const mergeAt = (base: unknown, keys: ReadonlyArray<string>, value: Value): Record<string, unknown> => {
  const out: Record<string, unknown> = isObject(base) ? { ...base } : {}
  const [k, ...rest] = keys as [string, ...string[]]
  out[k] = rest.length === 0 ? value : mergeAt(out[k], rest, value)
  return out
}

const noPersona = (f: YamlFile, at: string, id: string, personas: Record<string, unknown>): Issue => ({
  file: f.file,
  path: at,
  message: `there is no persona "${id}" in the scenario`,
  hint: suggest(id, Object.keys(personas))
})

interface Plan {
  /** Edits of the scenario file. */
  readonly scenario: Edit[]
  /** Edits of persona files, by file (as resolved from the scenario). */
  readonly personas: Map<string, { readonly ids: Set<string>; readonly edits: Edit[] }>
  readonly warnings: string[]
}

/** Which file each value goes to. Scenario values that the variant itself sets go into its patch. */
const plan = (f: YamlFile, data: Record<string, unknown>, req: WriteBackRequest): Plan | { readonly issues: Issue[] } => {
  const issues: Issue[] = []
  const out: Plan = { scenario: [], personas: new Map(), warnings: [] }
  const personas = isObject(data["personas"]) ? data["personas"] : {}
  const patches = variantPatches(f, req.variant)
  for (const v of req.values) {
    const value = writtenValue(v.value)
    const t = personaTarget(v.path)
    if (t === undefined) {
      const i = patches.map((p) => ("set" in p ? p.set : "")).lastIndexOf(v.path)
      const at = i >= 0 && req.variant !== undefined ? ["variants", req.variant, "patches", String(i), "value"] : v.path.split(".")
      out.scenario.push({ path: at, value, source: v.path })
      continue
    }
    const ref = personas[t.id]
    if (!isObject(ref)) {
      issues.push(noPersona(f, v.path, t.id, personas))
      continue
    }
    const file = personaPath(f.file, t.id, typeof ref["file"] === "string" ? ref["file"] : undefined)
    const entry = out.personas.get(file) ?? { ids: new Set<string>(), edits: [] }
    const clash = entry.edits.find((e) => e.path.join(".") === t.path && e.value !== value)
    if (clash !== undefined) {
      issues.push({ file: f.file, path: v.path, message: `${clash.source} and ${v.path} are the same field of ${file} with different values`, hint: "give each persona its own file before writing in place" })
      continue
    }
    entry.ids.add(t.id)
    entry.edits.push({ path: t.path.split("."), value, source: v.path })
    out.personas.set(file, entry)
    const shadow = t.path.split(".").reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), ref["overrides"])
    if (shadow !== undefined) {
      out.warnings.push(`personas.${t.id}.overrides.${t.path} in ${f.file} overrides the persona file's ${t.path}: the value written to ${file} has no effect while it is there`)
    }
  }
  return issues.length > 0 ? { issues } : out
}

/** Other scenario files beside this one that use `personaFile` too. */
const sharedWith = (scenario: string, personaFile: string) =>
  Effect.promise(async () => {
    const dir = path.dirname(scenario)
    const self = await realTarget(scenario).catch(() => path.resolve(scenario))
    const target = await realTarget(personaFile).catch(() => path.resolve(personaFile))
    const names = await fs.readdir(dir).catch(() => [] as string[])
    const users: string[] = []
    for (const name of names.filter((n) => /\.ya?ml$/i.test(n)).sort()) {
      const other = path.join(dir, name)
      if ((await realTarget(other).catch(() => other)) === self) continue
      const text = await fs.readFile(other, "utf8").catch(() => undefined)
      if (text === undefined) continue
      const data = parseDocument(text).toJS() as unknown
      const personas = isObject(data) && isObject(data["personas"]) ? data["personas"] : {}
      for (const [id, ref] of Object.entries(personas)) {
        const p = personaPath(other, id, isObject(ref) && typeof ref["file"] === "string" ? ref["file"] : undefined)
        if ((await realTarget(p).catch(() => path.resolve(p))) === target) {
          users.push(other)
          break
        }
      }
    }
    return users
  })

/** Does anything exist at `file` (a dangling symlink included)? */
const exists = (file: string) => Effect.promise(() => fs.lstat(file).then(() => true, () => false))

/** Create `file` with `content`, never replacing anything: a temporary file, then a hard link (atomic, fails if taken). */
const createNew = (file: string, content: string) =>
  Effect.tryPromise({
    try: async () => {
      const target = path.resolve(file)
      const tmp = await createTemp(target, content)
      try {
        await fs.link(tmp, target)
      } finally {
        await fs.rm(tmp, { force: true })
      }
    },
    catch: (e) =>
      (e as { code?: string }).code === "EEXIST"
        ? new UsageError({ message: `${file} exists; the calibrated files are written as new files only`, hint: "choose an empty folder" })
        : cannotWrite(file)(e)
  })

/** Persona ids whose files are copied, and the rest, repointed from the copy of the scenario. */
const repoint = (f: YamlFile, target: string, copies: ReadonlyMap<string, string>): Edit[] => {
  const data = isObject(f.data) ? f.data : {}
  const personas = isObject(data["personas"]) ? data["personas"] : {}
  const edits: Edit[] = []
  for (const [id, ref] of Object.entries(personas)) {
    const given = isObject(ref) && typeof ref["file"] === "string" ? ref["file"] : undefined
    const original = personaPath(f.file, id, given)
    const resolved = copies.get(original) ?? original
    if (given === undefined && path.resolve(personaPath(target, id, undefined)) === path.resolve(resolved)) continue
    const rel = path.relative(path.dirname(path.resolve(target)), path.resolve(resolved)).split(path.sep).join("/")
    edits.push({ path: ["personas", id, "file"], value: rel, source: `personas.${id}.file` })
  }
  return edits
}

const inPlace = (f: YamlFile, p: Plan, req: WriteBackRequest) =>
  Effect.gen(function* () {
    const warnings = [...p.warnings]
    const texts: Array<{ readonly file: string; readonly text: string }> = []
    const issues: Issue[] = []
    for (const [file, entry] of p.personas) {
      const pf = yield* read(file)
      const r = editText(pf, entry.edits)
      if ("issues" in r) issues.push(...r.issues)
      else texts.push({ file, text: r.text })
      for (const other of yield* sharedWith(req.scenario, file)) {
        warnings.push(`${file} is also used by ${other}: editing it in place changes that scenario too (write with a folder or a variant to keep it apart)`)
      }
    }
    if (p.scenario.length > 0) {
      const r = editText(f, p.scenario)
      if ("issues" in r) issues.push(...r.issues)
      else texts.push({ file: req.scenario, text: r.text })
    }
    if (issues.length > 0) return yield* fail(issues)
    // Every temporary file first, then the renames: a failure before them leaves every input as it was.
    const temps: Array<{ readonly tmp: string; readonly target: string; readonly file: string }> = []
    const removeTemps = Effect.promise(() => Promise.all(temps.map((t) => fs.rm(t.tmp, { force: true }))))
    yield* Effect.gen(function* () {
      for (const t of texts) {
        const target = yield* Effect.tryPromise({ try: () => realTarget(t.file), catch: cannotWrite(t.file) })
        const mode = yield* Effect.promise(() => fs.stat(target).then((s) => s.mode & 0o777, () => undefined))
        temps.push({ tmp: yield* Effect.tryPromise({ try: () => createTemp(target, t.text, mode), catch: cannotWrite(t.file) }), target, file: t.file })
      }
    }).pipe(Effect.tapError(() => removeTemps))
    for (const t of temps) yield* Effect.tryPromise({ try: () => replaceWith(t.tmp, t.target), catch: cannotWrite(t.file) }).pipe(Effect.tapError(() => removeTemps))
    return { files: texts.map((t) => t.file), scenario: req.scenario, variant: req.variant ?? null, warnings } satisfies WriteBackResult
  })

const newFiles = (f: YamlFile, p: Plan, req: WriteBackRequest, dir: string) =>
  Effect.gen(function* () {
    yield* Effect.tryPromise({ try: () => fs.mkdir(dir, { recursive: true }), catch: cannotWrite(dir) })
    const scenarioCopy = path.join(dir, path.basename(req.scenario))
    const copies = new Map<string, string>()
    for (const file of p.personas.keys()) {
      const copy = path.join(dir, path.basename(file))
      if (copy === scenarioCopy || [...copies.values()].includes(copy)) {
        return yield* Effect.fail(new UsageError({ message: `two calibrated files would both be ${copy}`, hint: "give the persona files different names, or write in place or as a variant" }))
      }
      copies.set(file, copy)
    }
    for (const target of [...copies.values(), scenarioCopy]) {
      if (yield* exists(target)) return yield* Effect.fail(new UsageError({ message: `${target} exists; the calibrated files are written as new files only`, hint: "choose an empty folder" }))
    }
    const texts: Array<{ readonly file: string; readonly text: string }> = []
    const issues: Issue[] = []
    for (const [file, entry] of p.personas) {
      const r = editText(yield* read(file), entry.edits)
      if ("issues" in r) issues.push(...r.issues)
      else texts.push({ file: copies.get(file) as string, text: r.text })
    }
    const s = editText(f, [...p.scenario, ...repoint(f, scenarioCopy, copies)])
    if ("issues" in s) issues.push(...s.issues)
    else texts.push({ file: scenarioCopy, text: s.text })
    if (issues.length > 0) return yield* fail(issues)
    // Persona copies first, the scenario that points at them last; all removed if one fails.
    const written: string[] = []
    const removeWritten = Effect.promise(() => Promise.all(written.map((w) => fs.rm(w, { force: true }))))
    for (const t of texts) {
      yield* createNew(t.file, t.text).pipe(Effect.tapError(() => removeWritten))
      written.push(t.file)
    }
    yield* loadScenario(scenarioCopy, { variant: req.variant }).pipe(Effect.tapError(() => removeWritten))
    return { files: written, scenario: scenarioCopy, variant: req.variant ?? null, warnings: p.warnings } satisfies WriteBackResult
  })

const asVariant = (f: YamlFile, data: Record<string, unknown>, req: WriteBackRequest, mode: Extract<WriteMode, { kind: "variant" }>) =>
  Effect.gen(function* () {
    const issues: Issue[] = []
    const scenarioPatches: Patch[] = []
    const overrides = new Map<string, Record<string, unknown>>()
    const personas = isObject(data["personas"]) ? data["personas"] : {}
    for (const v of req.values) {
      const value = writtenValue(v.value)
      const t = personaTarget(v.path)
      if (t === undefined) {
        scenarioPatches.push({ set: v.path, value })
        continue
      }
      const ref = personas[t.id]
      const keys = t.path.split(".")
      if (!isObject(ref)) issues.push(noPersona(f, v.path, t.id, personas))
      else if (!BEHAVIOUR.has(keys[0] as string)) {
        issues.push({
          file: f.file,
          path: v.path,
          message: `"${keys[0] ?? ""}" is a field of the persona's own file, which a variant cannot change; a variant changes a persona only through personas.${t.id}.overrides (behaviour fields)`,
          hint: "write the calibrated values to new files (--write DIR) or in place (--write in-place)"
        })
      } else overrides.set(t.id, mergeAt(overrides.get(t.id) ?? ref["overrides"], keys, value))
    }
    if (issues.length > 0) return yield* fail(issues)
    const patches: Patch[] = [...scenarioPatches, ...[...overrides].map(([id, value]): Patch => ({ set: `personas.${id}.overrides`, value }))]
    const check = applyPatches(data, patches)
    if (check.problems.length > 0) {
      return yield* fail(
        check.problems.map((p) => {
          const patch = patches[p.index] as { readonly set: string }
          return { ...issueAt(f, patch.set.split(".").slice(0, -1), `cannot write ${patch.set}: ${p.message}`, STALE), path: patch.set }
        })
      )
    }
    const saved = yield* saveVariantEffect({
      source: req.scenario,
      target: req.scenario,
      name: mode.name,
      description: mode.description ?? "Calibrated to a survey (cxsim calibrate).",
      patches: [...variantPatches(f, req.variant), ...patches],
      replace: mode.replace
    })
    return { files: [saved.file], scenario: saved.file, variant: saved.name, warnings: [] } satisfies WriteBackResult
  })

/**
 * Write calibrated values back (Effect). Fails with `InvalidInput` (a path that is no longer in
 * the file, a persona field a variant cannot set, a value the scenario refuses: each located),
 * `UsageError` (a new file that exists, a variant name that is not an id), `VariantExists`
 * (unless `replace`) or `FileError`; nothing is left half-written.
 */
export const writeBackEffect = (req: WriteBackRequest): Effect.Effect<WriteBackResult, InvalidInput | UsageError | FileError | VariantExists> =>
  Effect.gen(function* () {
    const f = yield* read(req.scenario)
    const infinite = req.values.filter((v) => !Number.isFinite(v.value))
    if (infinite.length > 0) {
      return yield* fail(infinite.map((v) => ({ file: f.file, path: v.path, message: `the fitted value ${String(v.value)} is not a finite number; nothing is written` })))
    }
    const applied = appliedData(f, req.variant)
    if ("issues" in applied) return yield* fail(applied.issues)
    // The values must load as the calibration loaded them (ranges, shares...), before any write.
    yield* loadScenario(req.scenario, { variant: req.variant, set: req.values.map((v) => ({ set: v.path, value: writtenValue(v.value) })) })
    // The warnings the written values bring (a zone moved past the dimension's min): said now,
    // not first by a later run, for which --strict makes them errors.
    const before = new Set((yield* lintFile(req.scenario, req.variant).pipe(Effect.orElseSucceed(() => []))).map(lintKey))
    const mode = req.mode
    const written = yield* Effect.gen(function* () {
      if (mode.kind === "variant") return yield* asVariant(f, applied.data, req, mode)
      const p = plan(f, applied.data, req)
      if ("issues" in p) return yield* fail(p.issues)
      return mode.kind === "inPlace" ? yield* inPlace(f, p, req) : yield* newFiles(f, p, req, mode.dir)
    })
    const after = yield* lintFile(written.scenario, written.variant ?? undefined).pipe(Effect.orElseSucceed(() => []))
    const fresh = after
      .filter((w) => !before.has(lintKey(w)))
      .map((w) => `${w.file}${w.line === undefined ? "" : `:${w.line}`}: ${w.path === "" ? "" : `${w.path}: `}${w.message} (the written values bring it, and cxsim run --strict refuses it: narrow the fitted parameter's bounds to keep it out)`)
    return fresh.length === 0 ? written : { ...written, warnings: [...written.warnings, ...fresh] }
  })

/** A warning without its file and line, to tell the written values' own from those there before. */
const lintKey = (w: Issue): string => `${w.path}\u0001${w.message}`

/**
 * Write calibrated values back to the scenario's files, as new files, or as a variant.
 *
 * @example
 * ```ts
 * const { values } = await calibrate(...)
 * const r = await writeBack({ scenario: "scenarios/restaurant.yaml", values, mode: { kind: "newFiles", dir: "calibrated" } })
 * // r.scenario === "calibrated/restaurant.yaml"
 * ```
 */
export const writeBack = async (req: WriteBackRequest): Promise<WriteBackResult> => {
  const exit = await Effect.runPromiseExit(writeBackEffect(req))
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  throw Cause.squash(exit.cause)
}
