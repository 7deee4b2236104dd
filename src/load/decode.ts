/**
 * Decoding YAML data with an Effect Schema, strictly (unknown keys are errors), turning every
 * parse issue into a located, readable message with a "did you mean" where one helps.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { InvalidInput } from "./errors.js"
import type { Issue } from "./Issue.js"
import { capIssues, didYouMean, MAX_ISSUES, suggest } from "./Issue.js"
import { issueAt, type YamlFile } from "./YamlFile.js"
import { distributionKinds } from "../model/Distribution.js"
import { BehaviourFields, Persona } from "../model/Persona.js"
import { AddPatch, RemovePatch, ReplacePatch, ReroutePatch, SetPatch } from "../model/Scenario.js"

const describeActual = (message: string): string => {
  const m = /actual (.*)$/s.exec(message)
  const a = m?.[1] ?? ""
  // `key:` with nothing after it is YAML's null: say so in the file's terms.
  return a === "null" ? "nothing (an empty value)" : a
}

/** A schema's name (`ScheduleEntry`) in words (`schedule entry`). */
const words = (identifier: string): string => identifier.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()

/**
 * What a field expects, in words, when the schema names it by its identifier: a struct
 * (`Touchpoint`) is a map of fields, a record (`{ readonly [x: …]: Touchpoint }`) a map of ids.
 */
const namedExpected = (e: string): string | undefined => {
  if (/^[A-Z][A-Za-z]*$/.test(e)) return `a map of fields (${words(e)})`
  const record = /^\{ readonly \[x: .*?\]: (.*) \}$/s.exec(e)
  if (record === null) return undefined
  const value = record[1] ?? ""
  const of = /^[A-Z][A-Za-z]*$/.test(value) ? words(value) : TYPE_NAMES[value]?.replace(/^an? /, "") ?? "value"
  return `a map of key: ${of}`
}

/** `7` as a fraction of 1 (0.07), to 12 significant digits. */
const percentToFraction = (x: string): number => Number((Number(x) / 100).toPrecision(12))

/** A hint for a value of the wrong type: text that is a number, or a percentage; a list for a map. */
const typeHint = (expected: string, actual: string): string | undefined => {
  if (expected === "a map of fields (variant)" && actual.startsWith("[")) return "put the list of patches under patches: (a variant is { description, patches })"
  if (expected.startsWith("a map of fields") && actual.startsWith("[")) return "write its fields as key: value lines; a list (\"- \" lines) goes under one of its fields"
  if (expected.startsWith("a map") && actual.startsWith("[")) return "write the entries as key: value lines, without a leading \"- \""
  if (expected.startsWith("a map") && actual.startsWith("nothing")) return "give it its fields, indented under it, or remove the key"
  if (!expected.startsWith("a number")) return undefined
  // 5 for a rate of 0 … 1 is a percentage (1.5 is more likely a slip of another kind).
  if (expected === "a number between 0 and 1" && /^\d+(\.\d+)?$/.test(actual) && Number(actual) >= 2 && Number(actual) <= 100) {
    return `write a fraction of 1: ${percentToFraction(actual)} for ${actual}%`
  }
  const m = /^"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(%?)\s*"$/i.exec(actual)
  if (m === null) return undefined
  const n = m[1] ?? ""
  if (m[2] === "%") return `write a plain number: ${percentToFraction(n)} for ${n}% if it is a share, weight, rate or probability (a fraction of 1), else ${n}`
  return `write the number without quotes: ${n}`
}

/** A bench suite's gate rule (`gates[2].min`): in the metric's unit, percent for a share. */
const gateRuleAt = (path: ReadonlyArray<PropertyKey>): boolean =>
  path.length === 3 && path[0] === "gates" && typeof path[1] === "number" && ["min", "max", "maxDrop", "maxRise"].includes(String(path[2]))

/** `"70%"` in a gate rule: gates take percent (and percentage points) as they are, not fractions. */
const gateRuleHint = (actual: string): string | undefined => {
  const m = /^"\s*([-+]?(?:\d+\.?\d*|\.\d+))\s*%\s*"$/.exec(actual)
  if (m === null) return undefined
  return `write a plain number: ${m[1] ?? ""} (a gate on completion, churn or abandonment is in percent, its change in percentage points: docs/ci.md)`
}

/** `Expected "lower", actual "Lower"`: one member of a union of words. */
const LITERAL = /^Expected ("(?:[^"\\]|\\.)*"), actual (.*)$/s

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  string: "text",
  boolean: "true or false",
  undefined: "nothing"
}

/** Schemas named by an identifier that are not maps of fields, in the user's words. */
const NAMED: Record<string, string> = {
  Label: "text, a number or true/false",
  KanoClass: "one of must-be, one-dimensional, attractive, indifferent",
  Next: "a map of next steps and their weights (id: weight)",
  Distribution: "a distribution"
}

const humanExpected = (message: string): string => {
  const m = /^Expected (.*?), actual/s.exec(message)
  const e = m?.[1] ?? message
  const named = TYPE_NAMES[e] ?? NAMED[e]
  if (named !== undefined) return named
  // The schema's own names are not the user's: a list (a struct's name, a map of fields, is put
  // in words by namedExpected).
  if (/^ReadonlyArray<.*>$/s.test(e)) return "a list"
  return e.replace(/^a non-negative number$/, "a number ≥ 0").replace(/^a positive number$/, "a number > 0")
}

const DIST_HINT =
  "a distribution is a number, or a map with dist: fixed | normal | truncnormal | lognormal | beta | triangular | uniform | discrete (see docs/format.md)"

/** The forms of a variant's patch, each a list of its keys, the first naming it (set, add, …). */
const PATCH_FORMS: ReadonlyArray<ReadonlyArray<string>> = [SetPatch, AddPatch, ReplacePatch, RemovePatch, ReroutePatch].map((s) => Object.keys(s.fields))
const PATCH_NAMES: ReadonlyArray<string> = PATCH_FORMS.map((keys) => keys[0] ?? "")

/** The persona file's own fields, which a scenario's overrides and model cannot change. */
const PERSONA_OWN: ReadonlyArray<string> = Object.keys(Persona.fields).filter((k) => !Object.prototype.hasOwnProperty.call(BehaviourFields, k))

const PATCH_HINT = "a patch is one of { set, value }, { add, touchpoint }, { replace, touchpoint }, { remove }, { reroute, from, to }"
/** The message of the one issue that stands for a patch naming no form. */
const UNNAMED_PATCH = "unnamed patch"

/** The value at `path` in decoded YAML data, or undefined. */
const valueAt = (data: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let v = data
  for (const k of path) {
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, k)) return undefined
    v = (v as Record<PropertyKey, unknown>)[k]
  }
  return v
}

/**
 * The field names of every named struct of a schema (`Loyalty` → retention, satisfaction, …), to
 * say what to write where a map of fields was expected. Linear in the schema's size.
 */
const fieldsByIdentifier = (ast: AST.AST): Map<string, ReadonlyArray<string>> => {
  const out = new Map<string, ReadonlyArray<string>>()
  const seen = new Set<AST.AST>()
  const walk = (a: AST.AST): void => {
    if (seen.has(a)) return
    seen.add(a)
    if (AST.isTypeLiteral(a)) {
      const id = AST.getIdentifierAnnotation(a)
      if (Option.isSome(id)) out.set(id.value, a.propertySignatures.map((p) => String(p.name)))
      for (const p of a.propertySignatures) walk(p.type)
      for (const i of a.indexSignatures) walk(i.type)
    } else if (AST.isUnion(a)) a.types.forEach(walk)
    else if (AST.isTransformation(a)) {
      walk(a.from)
      walk(a.to)
    } else if (AST.isRefinement(a)) walk(a.from)
    else if (AST.isSuspend(a)) walk(a.f())
    else if (AST.isTupleType(a)) {
      for (const e of a.elements) walk(e.type)
      for (const r of a.rest) walk(r.type)
    }
  }
  walk(ast)
  return out
}

/** Turn Effect's parse issues into our located, de-duplicated issues. */
export const toIssues = (
  f: YamlFile,
  error: ParseResult.ParseError,
  data: unknown = f.data,
  fields: ReadonlyMap<string, ReadonlyArray<string>> = new Map(),
  doc = "docs/format.md"
): Issue[] => {
  const raw0 = ParseResult.ArrayFormatter.formatErrorSync(error)
  const keyOf = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join("\u0000")
  // A patch fails once per form (the missing set, add, replace… of each): keep the problems of
  // the form its keys name, or say that it names none.
  const missingNames = new Map<string, Set<string>>()
  for (const r of raw0) {
    const last = String(r.path[r.path.length - 1])
    if (r._tag !== "Missing" || !PATCH_NAMES.includes(last)) continue
    const k = keyOf(r.path.slice(0, -1))
    missingNames.set(k, (missingNames.get(k) ?? new Set()).add(last))
  }
  const patchForms = new Map<string, ReadonlyArray<string> | undefined>()
  // Patches that name no form: their keys, and the form one of them is near.
  const unnamed = new Map<string, { readonly given: ReadonlyArray<string>; readonly near: string | undefined }>()
  for (const r of raw0) {
    if (r._tag !== "Missing") continue
    const parent = r.path.slice(0, -1)
    const k = keyOf(parent)
    if ((missingNames.get(k)?.size ?? 0) < 2 || patchForms.has(k)) continue
    const patch = valueAt(data, parent)
    const form = patch !== null && typeof patch === "object" ? PATCH_FORMS.find((keys) => Object.prototype.hasOwnProperty.call(patch, keys[0] ?? "")) : undefined
    patchForms.set(k, form)
    if (form === undefined) {
      const given = patch !== null && typeof patch === "object" ? Object.keys(patch) : []
      unnamed.set(k, { given, near: given.map((g) => didYouMean(g, PATCH_NAMES)).find((m) => m !== undefined) })
    }
  }
  const formOf = (path: ReadonlyArray<PropertyKey>): ReadonlyArray<string> | undefined | null => {
    if (patchForms.size === 0 || path.length === 0) return null
    const k = keyOf(path.slice(0, -1))
    return patchForms.has(k) ? patchForms.get(k) : null
  }
  const raw: ParseResult.ArrayFormatterIssue[] = []
  const said = new Set<string>()
  for (const r of raw0) {
    const form = formOf(r.path)
    if (form === undefined) {
      // A patch naming no form: one issue in its place, for all its forms' problems.
      const k = keyOf(r.path.slice(0, -1))
      if (!said.has(k)) raw.push({ _tag: "Type", path: r.path.slice(0, -1), message: UNNAMED_PATCH })
      said.add(k)
      continue
    }
    const key = String(r.path[r.path.length - 1])
    // Each form lists the keys it lacks and those it does not know: keep the named form's.
    if (form === null || (r._tag === "Unexpected" ? !form.includes(key) : form.includes(key))) raw.push(r)
  }
  // Paths with an issue deeper down, and the number of issues at each path (linear in issues).
  const deeper = new Set<string>()
  const at = new Map<string, number>()
  for (const r of raw) {
    for (let i = 0; i < r.path.length; i++) deeper.add(keyOf(r.path.slice(0, i)))
    const k = keyOf(r.path)
    at.set(k, (at.get(k) ?? 0) + 1)
  }
  // A union (distribution, patch) reports one issue per member; keep the most specific ones.
  const specific = raw.filter((r) => {
    if (r._tag !== "Type") return true
    const k = keyOf(r.path)
    // The other members of a union (a number for a distribution, undefined for an optional
    // field) fail too when the real problem lies deeper: keep only the deeper issue.
    const isUnionNoise = /^Expected (number|undefined), actual [{[]/.test(r.message) && deeper.has(k)
    // An optional field's other member (undefined) fails beside the real problem at that path.
    const isOptionalNoise = /^Expected undefined, actual/.test(r.message) && (deeper.has(k) || (at.get(k) ?? 0) > 1)
    return !isUnionNoise && !isOptionalNoise
  })
  // A missing or unknown field is one problem, however many members of a union report it.
  const once = new Set<string>()
  const distinct = specific.filter((r) => {
    if (r._tag === "Type") return true
    const k = `${r._tag}\u0000${keyOf(r.path)}`
    if (once.has(k)) return false
    once.add(k)
    return true
  })
  // A required field that is missing because its key is misspelt ("sclae" for "scale") is one
  // problem: the unknown key, with its did-you-mean.
  const missing = new Map<string, string[]>()
  for (const r of distinct) {
    if (r._tag !== "Missing") continue
    const k = keyOf(r.path.slice(0, -1))
    missing.set(k, [...(missing.get(k) ?? []), String(r.path[r.path.length - 1])])
  }
  const misspelt = new Set<string>()
  for (const r of missing.size === 0 ? [] : distinct) {
    const names = r._tag === "Unexpected" ? missing.get(keyOf(r.path.slice(0, -1))) : undefined
    const near = names === undefined ? undefined : didYouMean(String(r.path[r.path.length - 1]), names)
    if (near !== undefined) misspelt.add(keyOf([...r.path.slice(0, -1), near]))
  }
  const kept = distinct.filter((r) => r._tag !== "Missing" || !misspelt.has(keyOf(r.path)))
  // A union of words (better: higher | lower, a Kano class) fails once per word: gather them.
  const literals = new Map<string, string[]>()
  for (const r of kept) {
    const m = r._tag === "Type" ? LITERAL.exec(r.message) : null
    if (m === null) continue
    const k = keyOf(r.path)
    literals.set(k, [...(literals.get(k) ?? []), m[1] ?? ""])
  }
  const seen = new Set<string>()
  const out: Issue[] = []
  for (const r of kept) {
    if (out.length === MAX_ISSUES) break
    const path = r.path
    const last = path[path.length - 1]
    let message: string
    let hint: string | undefined
    const choices = r._tag === "Type" && LITERAL.test(r.message) ? literals.get(keyOf(path)) : undefined
    const patch = r.message === UNNAMED_PATCH ? unnamed.get(keyOf(path)) : undefined
    if (patch !== undefined) {
      message = `a patch starts with one of ${PATCH_NAMES.join(", ")}; this one has ${patch.given.length === 0 ? "no field" : patch.given.join(", ")}`
      hint = patch.near !== undefined ? `did you mean "${patch.near}"?` : PATCH_HINT
    } else if (choices !== undefined) {
      const actual = describeActual(r.message)
      message = `expected ${choices.length === 1 ? choices[0] : `one of ${choices.join(", ")}`}, got ${actual}`
      const near = didYouMean(actual.replace(/^"|"$/g, ""), choices.map((w) => w.replace(/^"|"$/g, "")))
      hint = near === undefined ? undefined : `did you mean "${near}"?`
    } else if (r._tag === "Unexpected") {
      const m = /expected: (.*)$/.exec(r.message)
      const allowed = m?.[1]?.split(" | ").map((s) => s.replace(/^"|"$/g, "")) ?? []
      if (allowed.some((a) => a.startsWith("a string matching the pattern"))) {
        message = `"${String(last)}" is not a valid id`
        hint = "an id starts with a letter, then letters, digits, '-' or '_'"
      } else {
        const form = formOf(path)
        if (form !== null && form !== undefined) allowed.splice(0, allowed.length, ...form)
        message = `unknown field "${String(last)}"`
        // A persona, touchpoint or dimension is named by its key; its display name is label.
        const naming = ["name", "id", "title"].includes(String(last)) && allowed.includes("label")
        // overrides: and model: take behaviour fields; expectations, value… are the persona file's.
        const personaOwn = PERSONA_OWN.includes(String(last)) && ["overrides", "model"].includes(String(path[path.length - 2]))
        hint = naming
          ? "a display name is label: (the id is the key this is written under)"
          : personaOwn
            ? `${String(path[path.length - 2])}: takes behaviour fields only (docs/format.md, Behaviour fields); ${String(last)} is set in the persona file`
            : suggest(String(last), allowed)
      }
    } else if (r._tag === "Missing") {
      message = `the field "${String(last)}" is required`
    } else if (String(last) === "dist" && r._tag === "Type") {
      const actual = describeActual(r.message)
      message = `unknown distribution ${actual}`
      hint = suggest(actual.replace(/^"|"$/g, ""), distributionKinds)
    } else if (/^Expected Fixed \| Normal/.test(r.message)) {
      message = `expected a distribution, got ${describeActual(r.message)}`
      hint = DIST_HINT
    } else if (/^Expected SetPatch \| AddPatch/.test(r.message)) {
      message = `expected a patch, got ${describeActual(r.message)}`
      hint = PATCH_HINT
    } else {
      const actual = describeActual(r.message)
      const plain = humanExpected(r.message)
      const expected = namedExpected(plain) ?? plain
      message = `expected ${expected}${actual === "" ? "" : `, got ${actual}`}`
      hint = gateRuleAt(path) ? gateRuleHint(actual) ?? typeHint(expected, actual) : typeHint(expected, actual)
      // A single value where a map of fields belongs (loyalty: 0.9): name the fields.
      const names = fields.get(plain)
      if (hint === undefined && names !== undefined && !actual.startsWith("{")) hint = `write its fields: ${String(last)}: { ${names.join(", ")} } (${doc})`
    }
    const key = `${path.join(".")}|${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(issueAt(f, path, message, hint))
  }
  // In the file's order, as an editor lists them (the schema's order would jump about the file).
  // A stable sort: problems at the same place keep the schema's order.
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
  // Each union of words was listed once, not once per word.
  let merged = 0
  for (const ws of literals.values()) merged += ws.length - 1
  return capIssues(out, kept.length - merged)
}

/** The kinds of file a user writes, each told by a top-level field only it has. */
export type FileKind = "scenario" | "persona" | "suite" | "design"
const KINDS: ReadonlyArray<{ readonly kind: FileKind; readonly name: string; readonly marks: ReadonlyArray<string> }> = [
  { kind: "scenario", name: "a scenario", marks: ["journey", "dimensions"] },
  { kind: "persona", name: "a persona", marks: ["expectations"] },
  { kind: "suite", name: "a bench suite", marks: ["gates"] },
  { kind: "design", name: "a sweep design", marks: ["parameters"] }
]

/**
 * One problem for a file of another kind than the one asked for (a persona given as the
 * scenario, a sweep's two files swapped), instead of every field it lacks and has too many.
 */
const wrongKind = (f: YamlFile, data: unknown, expected: FileKind): Issue | undefined => {
  if (data === null || typeof data !== "object") return undefined
  const has = (mark: string): boolean => Object.prototype.hasOwnProperty.call(data, mark)
  const want = KINDS.find((k) => k.kind === expected)
  if (want === undefined || want.marks.some(has)) return undefined
  const found = KINDS.find((k) => k.kind !== expected && k.marks.some(has))
  if (found === undefined) return undefined
  const mark = found.marks.find(has) ?? ""
  const name = f.file.split(/[\\/]/).pop() ?? f.file
  return { file: f.file, line: 1, column: 1, path: "", message: `${name} is ${found.name} (it has ${mark}:), not ${want.name}`, hint: `give ${want.name} file here (one with ${want.marks[0]}:); check the order of the files` }
}

/**
 * A decoder of a file's data against `schema`, with every problem located. `kind` names the file
 * kind expected (a file of another kind is one problem); `doc` is the page that documents its fields.
 */
export const decodeWith = <A, I>(schema: Schema.Schema<A, I>, kind?: FileKind, doc = "docs/format.md") => {
  // The field names of the schema's structs, built on the first invalid file only.
  let fields: Map<string, ReadonlyArray<string>> | undefined
  return (f: YamlFile, data: unknown = f.data): Either.Either<A, InvalidInput> => {
    const decode = Schema.decodeUnknownEither(schema)
    // Stopping at the first error is about 8 times faster on valid data (sweeps decode every
    // point); only invalid data is decoded again to report every problem.
    const quick = decode(data, { errors: "first", onExcessProperty: "error" })
    if (Either.isRight(quick)) return Either.right(quick.right)
    const other = kind !== undefined && data === f.data ? wrongKind(f, data, kind) : undefined
    if (other !== undefined) return Either.left(new InvalidInput({ issues: [other] }))
    const r = decode(data, { errors: "all", onExcessProperty: "error" })
    return Either.mapLeft(r, (e) => {
      fields ??= fieldsByIdentifier(schema.ast)
      return new InvalidInput({ issues: toIssues(f, e, data, fields, doc) })
    })
  }
}
