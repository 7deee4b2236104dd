/**
 * Decoding YAML data with an Effect Schema, strictly (unknown keys are errors), turning every
 * parse issue into a located, readable message with a "did you mean" where one helps.
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidInput } from "./errors.js"
import type { Issue } from "./Issue.js"
import { capIssues, MAX_ISSUES, suggest } from "./Issue.js"
import { issueAt, type YamlFile } from "./YamlFile.js"
import { distributionKinds } from "../model/Distribution.js"

const describeActual = (message: string): string => {
  const m = /actual (.*)$/s.exec(message)
  return m?.[1] ?? ""
}

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
  // The schema's own names are not the user's: a list, or a map of fields.
  if (/^ReadonlyArray<.*>$/s.test(e)) return "a list"
  if (/^[A-Z][A-Za-z]*$/.test(e)) return "a map of fields (key: value)"
  return e.replace(/^a non-negative number$/, "a number ≥ 0").replace(/^a positive number$/, "a number > 0")
}

const DIST_HINT =
  "a distribution is a number, or a map with dist: fixed | normal | truncnormal | lognormal | beta | triangular | uniform | discrete (see docs/format.md)"

/** Turn Effect's parse issues into our located, de-duplicated issues. */
export const toIssues = (f: YamlFile, error: ParseResult.ParseError): Issue[] => {
  const raw = ParseResult.ArrayFormatter.formatErrorSync(error)
  // Paths with an issue deeper down, and the number of issues at each path (linear in issues).
  const keyOf = (path: ReadonlyArray<PropertyKey>): string => path.map(String).join("\u0000")
  const deeper = new Set<string>()
  const at = new Map<string, number>()
  for (const r of raw) {
    for (let i = 0; i < r.path.length; i++) deeper.add(keyOf(r.path.slice(0, i)))
    const k = keyOf(r.path)
    at.set(k, (at.get(k) ?? 0) + 1)
  }
  // A union (distribution, patch) reports one issue per member; keep the most specific ones.
  const kept = raw.filter((r) => {
    if (r._tag !== "Type") return true
    const k = keyOf(r.path)
    // The other members of a union (a number for a distribution, undefined for an optional
    // field) fail too when the real problem lies deeper: keep only the deeper issue.
    const isUnionNoise = /^Expected (number|undefined), actual [{[]/.test(r.message) && deeper.has(k)
    // An optional field's other member (undefined) fails beside the real problem at that path.
    const isOptionalNoise = /^Expected undefined, actual/.test(r.message) && (deeper.has(k) || (at.get(k) ?? 0) > 1)
    return !isUnionNoise && !isOptionalNoise
  })
  const seen = new Set<string>()
  const out: Issue[] = []
  for (const r of kept) {
    if (out.length === MAX_ISSUES) break
    const path = r.path
    const last = path[path.length - 1]
    let message: string
    let hint: string | undefined
    if (r._tag === "Unexpected") {
      const m = /expected: (.*)$/.exec(r.message)
      const allowed = m?.[1]?.split(" | ").map((s) => s.replace(/^"|"$/g, "")) ?? []
      if (allowed.some((a) => a.startsWith("a string matching the pattern"))) {
        message = `"${String(last)}" is not a valid id`
        hint = "an id starts with a letter, then letters, digits, '-' or '_'"
      } else {
        message = `unknown field "${String(last)}"`
        hint = suggest(String(last), allowed)
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
      hint = "a patch is one of { set, value }, { add, touchpoint }, { replace, touchpoint }, { remove }, { reroute, from, to }"
    } else {
      const actual = describeActual(r.message)
      message = `expected ${humanExpected(r.message)}${actual === "" ? "" : `, got ${actual}`}`
    }
    const key = `${path.join(".")}|${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(issueAt(f, path, message, hint))
  }
  return capIssues(out, kept.length)
}

export const decodeWith =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (f: YamlFile, data: unknown = f.data): Either.Either<A, InvalidInput> => {
    const decode = Schema.decodeUnknownEither(schema)
    // Stopping at the first error is about 8 times faster on valid data (sweeps decode every
    // point); only invalid data is decoded again to report every problem.
    const quick = decode(data, { errors: "first", onExcessProperty: "error" })
    if (Either.isRight(quick)) return Either.right(quick.right)
    const r = decode(data, { errors: "all", onExcessProperty: "error" })
    return Either.mapLeft(r, (e) => new InvalidInput({ issues: toIssues(f, e) }))
  }
