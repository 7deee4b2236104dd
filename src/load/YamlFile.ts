/**
 * Reading a YAML file safely, keeping the source positions of every node so that later errors
 * can name the line and column of the field they are about.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fs from "node:fs/promises"
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from "yaml"
import { FileError, InvalidInput } from "./errors.js"
import { decodeText } from "./decodeText.js"
import { capIssues, formatPath, type Issue } from "./Issue.js"

/** Input files larger than this are refused before they are read. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024
const MAX_ALIASES = 100
const MAX_DEPTH = 64
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"])

export interface YamlFile {
  readonly file: string
  readonly text: string
  readonly doc: Document.Parsed
  readonly lines: LineCounter
  readonly data: unknown
}

const position = (lines: LineCounter, offset: number | undefined): { line?: number; column?: number } => {
  if (offset === undefined) return {}
  const p = lines.linePos(offset)
  return { line: p.line, column: p.col }
}

/** Each map's pairs by key, built once per map: locating many issues stays linear. */
const pairIndex = new WeakMap<object, Map<string, Pair>>()

const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
  let index = pairIndex.get(map)
  if (index === undefined) {
    index = new Map()
    for (const it of map.items) if (isScalar(it.key)) {
      const k = String(it.key.value)
      if (!index.has(k)) index.set(k, it)
    }
    pairIndex.set(map, index)
  }
  return index.get(key)
}

/**
 * Where a field path points in the file: the key of the deepest existing node on the path
 * (the key itself for an unknown key, the parent for a missing one).
 */
export const locate = (f: YamlFile, path: ReadonlyArray<PropertyKey>): { line?: number; column?: number } => {
  let node: unknown = f.doc.contents
  let offset: number | undefined = (node as Node | null)?.range?.[0]
  for (const seg of path) {
    if (isMap(node)) {
      const pair = pairOf(node, String(seg))
      if (pair === undefined) break
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset
      node = pair.value
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg]
      if (item === undefined) break
      offset = (item as Node).range?.[0] ?? offset
      node = item
    } else break
  }
  return position(f.lines, offset)
}

/** Locate a path, or the nearest existing ancestor. */
export const issueAt = (
  f: YamlFile,
  path: ReadonlyArray<PropertyKey>,
  message: string,
  hint?: string
): Issue => ({ file: f.file, ...locate(f, path), path: formatPath(path), message, hint })

const CORE = "tag:yaml.org,2002:"
const SCALAR_TAGS = new Set(["str", "int", "float", "bool", "null"].map((t) => CORE + t))

/**
 * An explicit tag is refused unless it is a core one that fits its node (`!!str 42`): the others
 * turn text into binary data, sets, dates or nothing at all, none of which a field takes.
 */
const tagIssue = (node: unknown): { message: string; hint: string } | undefined => {
  const tag = (node as { tag?: string } | null)?.tag
  if (tag === undefined) return undefined
  if (isMap(node) ? tag === CORE + "map" : isSeq(node) ? tag === CORE + "seq" : SCALAR_TAGS.has(tag)) return undefined
  const shown = tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag
  return { message: `the tag ${shown} is not supported${SCALAR_TAGS.has(tag) ? " on a list or a map" : ""}`, hint: "delete it and write the value itself (text, a number, true or false, a list or a map)" }
}

/** Refuse keys that could reach object prototypes, tags, and absurd nesting. */
const checkNodes = (f: Omit<YamlFile, "data">): Issue[] => {
  const issues: Issue[] = []
  const walk = (node: unknown, path: PropertyKey[], depth: number): void => {
    if (depth > MAX_DEPTH) {
      issues.push({ file: f.file, ...position(f.lines, (node as Node).range?.[0]), path: formatPath(path), message: `nesting deeper than ${MAX_DEPTH} levels is not supported` })
      return
    }
    const tagged = tagIssue(node)
    if (tagged !== undefined) {
      issues.push({ file: f.file, ...position(f.lines, (node as Node).range?.[0]), path: formatPath(path), ...tagged })
      return
    }
    if (isMap(node)) {
      // Duplicate keys, found with a set (the parser's own check compares every pair of keys).
      const first = new Map<string, number | undefined>()
      for (const it of node.items) {
        if (!isPair(it)) continue
        const key = isScalar(it.key) && it.key.value !== null ? String(it.key.value) : undefined
        if (key !== undefined) {
          const at = (it.key as Node).range?.[0]
          if (first.has(key)) {
            const line = position(f.lines, first.get(key)).line
            issues.push({ file: f.file, ...position(f.lines, at), path: formatPath([...path, key]), message: `the key "${key}" is given twice${line === undefined ? "" : ` (first on line ${line})`}`, hint: "keep one of them" })
            continue
          }
          first.set(key, at)
        }
        if (key === undefined) {
          issues.push({ file: f.file, ...position(f.lines, (it.key as Node | null)?.range?.[0] ?? (it.value as Node | null)?.range?.[0]), path: formatPath(path), message: "keys must be plain names, not lists, maps or nothing" })
          continue
        }
        if (FORBIDDEN_KEYS.has(key) || key === "<<") {
          issues.push({ file: f.file, ...position(f.lines, (it.key as Node).range?.[0]), path: formatPath([...path, key]), message: `the key "${key}" is not allowed` })
          continue
        }
        walk(it.value, [...path, key], depth + 1)
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => walk(it, [...path, i], depth + 1))
    }
  }
  walk(f.doc.contents, [], 0)
  return issues
}

/** What to do about the YAML syntax errors people make most, by the parser's error code. */
const SYNTAX_HINTS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: "indent with spaces: YAML does not allow tabs",
  BLOCK_AS_IMPLICIT_KEY: 'text with ": " in it needs quotes (label: "Wait: kitchen"); otherwise check this line\'s indentation',
  MULTILINE_IMPLICIT_KEY: "write key: value on one line, with a space after the colon; check the indentation of the lines above",
  BAD_INDENT: "keys of one map start at the same column, and a { or [ is closed on the line it opens (or the next lines are indented further)",
  BAD_SCALAR_START: "put the value in quotes",
  MISSING_CHAR: "close what was opened: a quote, a { or a ["
}

/**
 * Where flow brackets (`[`, `{`) or compact sequences (`- - -`) first nest deeper than `limit`,
 * or -1: a linear scan before the parser, whose recursion takes gigabytes on a few megabytes of
 * brackets. Comments and quoted
 * text are skipped; a bracket inside plain text is counted, which can only make the scan stop
 * later than the parser would, never refuse a file the parser reads within the limit.
 */
const flowTooDeep = (text: string, limit: number): number => {
  /** Compact sequences ("- - - 1") from `j`, a line's start: where they pass the limit, or -1. */
  const compact = (j: number): number => {
    let n = 0
    for (;;) {
      while (text.charCodeAt(j) === 0x20) j++
      const next = text.charCodeAt(j + 1)
      if (text.charCodeAt(j) !== 0x2d || (next !== 0x20 && next !== 0x09)) return -1
      if (++n > limit) return j
      j += 2
    }
  }
  let depth = 0
  const first = compact(0)
  if (first >= 0) return first
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const before = i === 0 ? 0x0a : text.charCodeAt(i - 1)
    if (c === 0x0a) {
      const at = compact(i + 1)
      if (at >= 0) return at
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--
    } else if (c === 0x23 && (before === 0x20 || before === 0x09 || before === 0x0a)) {
      // A comment, to the end of its line (the newline is looked at next).
      const nl = text.indexOf("\n", i)
      if (nl < 0) break
      i = nl - 1
    } else if ((c === 0x22 || c === 0x27) && " \t\n[{,:-?".includes(String.fromCharCode(before))) {
      // To the closing quote: \" escapes one in double quotes, '' one in single quotes.
      let j = i + 1
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j)
        if (c === 0x22 && d === 0x5c) j++
        else if (d === c) {
          if (c === 0x27 && text.charCodeAt(j + 1) === 0x27) j++
          else break
        }
      }
      i = j
    }
  }
  return -1
}

/**
 * Parse YAML text; syntax errors become issues with line and column. Each stage is linear in the
 * text, and the fiber yields between stages, so that Ctrl-C stops a long parse at once.
 */
export const parseYaml = (file: string, text: string): Effect.Effect<YamlFile, InvalidInput> =>
  Effect.gen(function* () {
    const deep = flowTooDeep(text, MAX_DEPTH)
    if (deep >= 0) {
      const before = text.slice(0, deep).split("\n")
      const at = { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 }
      return yield* Effect.fail(new InvalidInput({ issues: [{ file, ...at, path: "", message: `nesting deeper than ${MAX_DEPTH} levels is not supported` }] }))
    }
    const lines = new LineCounter()
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, merge: false })
    yield* Effect.yieldNow()
    // A tab in an indentation throws the parser off for the lines after it: those errors are its
    // echoes (a map's keys "not at the same column"), so the tabs alone are reported.
    const tabs = doc.errors.filter((e) => e.code === "TAB_AS_INDENT")
    const syntax: Issue[] = (tabs.length > 0 ? tabs : doc.errors).map((e) => {
      const p = lines.linePos(e.pos[0])
      // The parser's own recursion gives up on brackets nested thousands deep.
      if (/call stack/i.test(e.message)) return { file, line: p.line, column: p.col, path: "", message: `nesting deeper than ${MAX_DEPTH} levels is not supported` }
      return { file, line: p.line, column: p.col, path: "", message: firstLine(e.message), hint: SYNTAX_HINTS[e.code] }
    })
    if (syntax.length > 0) return yield* Effect.fail(new InvalidInput({ issues: capIssues(syntax) }))
    const base = { file, text, doc, lines }
    const hostile = checkNodes(base)
    if (hostile.length > 0) return yield* Effect.fail(new InvalidInput({ issues: capIssues(hostile) }))
    yield* Effect.yieldNow()
    let data: unknown
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIASES })
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      return yield* Effect.fail(
        new InvalidInput({
          issues: [{ file, path: "", message: `cannot expand the file: ${message}`, hint: "aliases (*name) may be used at most 100 times and must not nest exponentially" }]
        })
      )
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      // Nothing but blank lines and comments (an editor's unsaved buffer, a redirect that failed).
      const empty = (data === null || data === undefined) && text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).every((l) => /^[ \t]*(?:#.*)?$/.test(l))
      const message = empty ? "the file is empty (only blank lines or comments): expected a map of fields (key: value)" : "expected a map of fields (key: value) at the top of the file"
      return yield* Effect.fail(new InvalidInput({ issues: [{ file, line: 1, column: 1, path: "", message }] }))
    }
    yield* Effect.yieldNow()
    return { ...base, data }
  })

const firstLine = (s: string): string => s.split("\n")[0] ?? s

/** Read and parse a YAML file, refusing huge files before reading them. */
export const readYaml = (file: string): Effect.Effect<YamlFile, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const stat = yield* Effect.tryPromise({
      try: () => fs.stat(file),
      catch: (e) => new FileError({ file, message: describeFsError(e) })
    })
    if (!stat.isFile()) return yield* Effect.fail(new FileError({ file, message: "is not a file" }))
    if (stat.size > MAX_FILE_BYTES) {
      return yield* Effect.fail(
        new InvalidInput({
          issues: [{ file, path: "", message: `the file is ${(stat.size / 1048576).toFixed(1)} MiB; input files may be at most ${MAX_FILE_BYTES / 1048576} MiB` }]
        })
      )
    }
    const bytes = yield* Effect.tryPromise({
      try: () => fs.readFile(file),
      catch: (e) => new FileError({ file, message: describeFsError(e) })
    })
    const decoded = decodeText(file, bytes)
    if ("issue" in decoded) return yield* Effect.fail(new InvalidInput({ issues: [decoded.issue] }))
    const text = decoded.text
    const hit = recent.get(file)
    if (hit !== undefined && hit.text === text) {
      recent.delete(file)
      recent.set(file, hit)
      return yield* Either.isRight(hit.result) ? Effect.succeed({ ...hit.result.right }) : Effect.fail(hit.result.left)
    }
    const result = yield* Effect.either(parseYaml(file, text))
    remember(file, text, Either.map(result, (f) => ({ ...f, data: deepFreeze(f.data) })))
    return yield* Either.isRight(result) ? Effect.succeed(result.right) : Effect.fail(result.left)
  })

/**
 * The files read last and what their parse gave, by path: a file read again with the same text
 * (`validate` then `run`, `load` with each variant, a test loading a bundled scenario) is not
 * parsed again. Each read still reads the whole text and compares it, so an edited file is
 * parsed afresh. The data is frozen (readers copy it before patching), and each hit is a new
 * object, so a decode memoised by file object decodes it again. Bounded by the texts' total size.
 */
const recent = new Map<string, { readonly text: string; readonly result: Either.Either<YamlFile, InvalidInput> }>()
const RECENT_BYTES = 1024 * 1024
let recentBytes = 0

const remember = (file: string, text: string, result: Either.Either<YamlFile, InvalidInput>): void => {
  const old = recent.get(file)
  if (old !== undefined) {
    recent.delete(file)
    recentBytes -= old.text.length
  }
  if (text.length > RECENT_BYTES / 4) return
  recent.set(file, { text, result })
  recentBytes += text.length
  for (const [k, v] of recent) {
    if (recentBytes <= RECENT_BYTES) break
    recent.delete(k)
    recentBytes -= v.text.length
  }
}

const deepFreeze = <T>(x: T): T => {
  if (x !== null && typeof x === "object" && !ArrayBuffer.isView(x) && !Object.isFrozen(x)) {
    Object.freeze(x)
    for (const v of Object.values(x)) deepFreeze(v)
  }
  return x
}

export const describeFsError = (e: unknown): string => {
  const code = (e as { code?: string } | null)?.code
  switch (code) {
    case "ENOENT":
      return "no such file"
    case "EACCES":
    case "EPERM":
      return "permission denied"
    case "EISDIR":
      return "is a directory, not a file"
    case "ENOSPC":
      return "no space left on the device"
    case "EDQUOT":
      return "disk quota exceeded"
    case "EROFS":
      return "read-only file system"
    case "ELOOP":
      return "a loop of symbolic links"
    case "ENAMETOOLONG":
      return "the path is too long"
    case "ENOTDIR":
      return "a part of the path is not a folder"
    case "EEXIST":
      return "a file of that name exists"
    default:
      return e instanceof Error ? e.message : String(e)
  }
}
