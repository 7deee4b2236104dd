/**
 * Keeping a what-if: write it as a named variant into the scenario file, or into a new scenario
 * file, so that `cxsim run --variant NAME`, `cxsim compare` and `cxsim bench` can use it.
 *
 * The file is read with the yaml Document API, which tells where the `variants` map and each
 * variant are; the new variant is rendered by the same API and spliced in at that place, so
 * that every other byte of the file (comments, their alignment, folded text, blank lines) stays
 * as the user wrote it. (Re-printing the whole document would keep the comments but re-wrap long
 * text and move aligned comments.) The result is parsed again and must hold exactly the data of
 * the old file plus the new variant; it is written to a temporary file created exclusively under
 * a random name beside the target (src/load/atomicFile.ts), loaded with the new variant applied
 * as `cxsim run` would, and only then renamed over the target.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { isDeepStrictEqual } from "node:util"
import { Document, isCollection, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from "yaml"
import { FileError, InvalidInput, UsageError } from "../load/errors.js"
import { createTemp, realTarget, replaceWith } from "../load/atomicFile.js"
import { personaPath, loadScenario } from "../load/loadScenario.js"
import { describeFsError } from "../load/YamlFile.js"
import type { Patch } from "../model/Scenario.js"

/** The variant name is taken; saving again with `replace: true` overwrites it. */
export class VariantExists extends Schema.TaggedError<VariantExists>()("VariantExists", {
  file: Schema.String,
  name: Schema.String
}) {}

export interface SaveRequest {
  /** The scenario file the what-if was made from. */
  readonly source: string
  /** Where to save: the source itself, or a new file (which must not exist yet). */
  readonly target: string
  readonly name: string
  readonly description: string
  /** Every patch of the variant (those of the variant started from, then the what-if's). */
  readonly patches: ReadonlyArray<Patch>
  /** Overwrite a variant of the same name. @default false */
  readonly replace?: boolean | undefined
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/

const read = (file: string) =>
  Effect.tryPromise({ try: () => fs.readFile(file, "utf8"), catch: (e) => new FileError({ file, message: describeFsError(e) }) })

/** Is there anything at `file`, a dangling symlink included? */
const exists = (file: string) => Effect.promise(() => fs.lstat(file).then(() => true, () => false))

/** Do the two paths name the same file (however spelled, through symlinks)? */
const sameFile = (a: string, b: string) =>
  Effect.promise(async () => {
    if (path.resolve(a) === path.resolve(b)) return true
    const [ra, rb] = await Promise.all([realTarget(a).catch(() => path.resolve(a)), realTarget(b).catch(() => path.resolve(b))])
    return ra === rb
  })

/** The variant as YAML data: a description and its patches. */
const variantData = (r: SaveRequest): Record<string, unknown> => ({
  ...(r.description.trim() === "" ? {} : { description: r.description.trim() }),
  patches: r.patches.map((p) => ({ ...p }))
})

/** Patch values that are maps or lists are written on one line, as the bundled scenarios do. */
const flowValues = (patches: unknown): void => {
  if (!isSeq(patches)) return
  for (const item of patches.items) {
    if (!isMap(item)) continue
    for (const key of ["value", "touchpoint"]) {
      const v = item.get(key, true)
      if (isCollection(v)) v.flow = true
    }
  }
}

/** `name: {description, patches}` rendered by the yaml library, patch values in flow style. */
const renderEntry = (name: string, data: Record<string, unknown>, indent: number): string => {
  const doc = new Document({ [name]: data })
  flowValues(doc.getIn([name, "patches"], true))
  const text = doc.toString({ lineWidth: Math.max(60, 100 - indent) })
  const pad = " ".repeat(indent)
  return text
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => (l === "" ? l : pad + l))
    .join("\n")
    .concat("\n")
}

const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1

/** The end of the last line of content in [from, to): blank and comment lines after it excluded. */
const contentEnd = (text: string, from: number, to: number): number => {
  let end = to
  for (;;) {
    const start = lineStart(text, end > from && text[end - 1] === "\n" ? end - 1 : end)
    const line = text.slice(start, end).trim()
    if (start <= from || (line !== "" && !line.startsWith("#"))) return end
    end = start
  }
}

/**
 * The text of the file with the variant added or replaced, everything else untouched; or
 * undefined when the `variants` map is not a plain block map (the caller re-prints then).
 */
const splice = (text: string, doc: Document.Parsed, name: string, data: Record<string, unknown>): string | undefined => {
  const eol = text.includes("\r\n") ? "\r\n" : "\n"
  const withEol = (s: string): string => (eol === "\n" ? s : s.replace(/\n/g, eol))
  const variants = doc.get("variants", true) as Node | undefined
  if (variants === undefined && !doc.has("variants")) {
    const sep = text === "" || text.endsWith("\n") ? "" : eol
    return `${text}${sep}${withEol(`\nvariants:\n${renderEntry(name, data, 2)}`)}`
  }
  if (!isMap(variants) || variants.flow === true || variants.items.length === 0) return undefined
  const map = variants as YAMLMap
  const pairs = map.items as Array<Pair<Node, Node | null>>
  const first = pairs[0]?.key
  if (!isScalar(first) || first.range === undefined || first.range === null) return undefined
  const indent = first.range[0] - lineStart(text, first.range[0])
  const entry = withEol(renderEntry(name, data, indent))
  const existing = pairs.find((p) => isScalar(p.key) && String(p.key.value) === name)
  if (existing !== undefined) {
    const key = existing.key
    const end = existing.value?.range?.[2] ?? key.range?.[2]
    if (key.range === undefined || key.range === null || end === undefined) return undefined
    const from = lineStart(text, key.range[0])
    const to = contentEnd(text, from, end)
    const after = text.slice(to).startsWith(eol) ? to + eol.length : to
    return text.slice(0, from) + entry + text.slice(after)
  }
  const last = pairs[pairs.length - 1]
  const end = last?.value?.range?.[2] ?? map.range?.[2]
  if (end === undefined) return undefined
  const to = contentEnd(text, map.range?.[0] ?? 0, end)
  const at = text.slice(to).startsWith(eol) ? to + eol.length : to
  const sep = at > 0 && text[at - 1] !== "\n" ? eol : ""
  return text.slice(0, at) + sep + entry + text.slice(at)
}

/** Persona files are found relative to the scenario: a copy elsewhere names them with `file:`. */
const repointPersonas = (doc: Document.Parsed, source: string, target: string): void => {
  const personas = doc.get("personas", true)
  if (!isMap(personas)) return
  for (const pair of personas.items) {
    if (!isScalar(pair.key)) continue
    const id = String(pair.key.value)
    const ref = pair.value
    const given = isMap(ref) ? ref.get("file") : undefined
    const resolved = personaPath(source, id, typeof given === "string" ? given : undefined)
    if (typeof given !== "string" && personaPath(target, id, undefined) === resolved) continue
    const rel = path.relative(path.dirname(path.resolve(target)), resolved).split(path.sep).join("/")
    doc.setIn(["personas", id, "file"], rel)
  }
}

const scenarioData = (text: string): unknown => parseDocument(text).toJS() as unknown

/**
 * Save a what-if as a variant. Fails with `VariantExists` (unless `replace`), `UsageError` (a
 * name that is not an id, a new file that exists), `InvalidInput` (the variant would not load:
 * the issues say why; nothing is written) or `FileError`.
 */
export const saveVariantEffect = (r: SaveRequest): Effect.Effect<{ readonly file: string; readonly name: string }, VariantExists | UsageError | InvalidInput | FileError> =>
  Effect.gen(function* () {
    if (!ID.test(r.name)) {
      return yield* Effect.fail(new UsageError({ message: `"${r.name}" cannot name a variant`, hint: "a letter, then letters, digits, '-' or '_'" }))
    }
    const same = yield* sameFile(r.source, r.target)
    if (!same && (yield* exists(r.target))) {
      return yield* Effect.fail(new UsageError({ message: `${r.target} exists; a what-if goes into its own scenario file or a new one`, hint: "choose a file name that does not exist yet" }))
    }
    if (!same && !/\.ya?ml$/i.test(r.target)) {
      return yield* Effect.fail(new UsageError({ message: `${r.target}: a scenario file ends in .yaml`, hint: "choose a name such as scenarios/my-what-if.yaml" }))
    }
    const text = yield* read(r.source)
    const doc = parseDocument(text)
    if (doc.errors.length > 0) {
      return yield* Effect.fail(new InvalidInput({ issues: [{ file: r.source, path: "", message: `cannot read the file as YAML: ${doc.errors[0]?.message.split("\n")[0] ?? ""}` }] }))
    }
    if (same && r.replace !== true) {
      const taken = doc.getIn(["variants", r.name])
      if (taken !== undefined) return yield* Effect.fail(new VariantExists({ file: r.target, name: r.name }))
    }
    const data = variantData(r)
    const before = doc.toJS() as Record<string, unknown>
    const expected = { ...before, variants: { ...((before["variants"] as Record<string, unknown> | null | undefined) ?? {}), [r.name]: data } }

    let out: string | undefined
    if (same) {
      const spliced = splice(text, doc, r.name, data)
      if (spliced !== undefined && isDeepStrictEqual(scenarioData(spliced), expected)) out = spliced
    }
    if (out === undefined) {
      // A new file, or a variants map written in flow style: the document is printed again
      // (comments kept; long lines may be re-wrapped).
      if (!same) repointPersonas(doc, r.source, r.target)
      const variants = doc.get("variants", true)
      if (isMap(variants)) variants.flow = false
      else doc.set("variants", doc.createNode({}))
      doc.setIn(["variants", r.name], doc.createNode(data))
      flowValues(doc.getIn(["variants", r.name, "patches"], true))
      out = doc.toString()
    }

    // Through the target's real path: a symlinked scenario keeps its link. The temporary file is
    // created exclusively under a random name beside it, so nothing planted there is followed.
    const cannotWrite = (e: unknown) => new FileError({ file: r.target, message: `cannot write: ${describeFsError(e)}` })
    const target = yield* Effect.tryPromise({ try: () => realTarget(r.target), catch: cannotWrite })
    const mode = same ? yield* Effect.promise(() => fs.stat(target).then((s) => s.mode & 0o777, () => undefined)) : undefined
    const tmp = yield* Effect.tryPromise({ try: () => createTemp(target, out, mode), catch: cannotWrite })
    const removeTmp = Effect.promise(() => fs.rm(tmp, { force: true }))
    // The variant must load exactly as `cxsim run --variant` will load it.
    yield* loadScenario(tmp, { variant: r.name }).pipe(
      Effect.mapError((e) =>
        e._tag === "InvalidInput"
          ? new InvalidInput({ issues: e.issues.map((i) => (i.file === tmp ? { ...i, file: r.target } : i)) })
          : new FileError({ file: r.target, message: e.message })
      ),
      Effect.tapError(() => removeTmp)
    )
    yield* Effect.tryPromise({ try: () => replaceWith(tmp, target), catch: cannotWrite })
    return { file: r.target, name: r.name }
  })

/** Save a what-if as a variant (Promise); rejects with the typed errors of `saveVariantEffect`. */
export const saveVariant = async (r: SaveRequest): Promise<{ readonly file: string; readonly name: string }> => {
  const exit = await Effect.runPromiseExit(saveVariantEffect(r))
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  throw Cause.squash(exit.cause)
}

/** A variant name not yet used in the scenario: `what-if`, `what-if-2`… */
export const freeName = (taken: ReadonlyArray<string>, base = "what-if"): string => {
  if (!taken.includes(base)) return base
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`
}
