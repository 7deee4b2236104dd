/**
 * Setting numbers where a file has numbers, on its decoded value (the fast path of a sweep's
 * points): instead of copying the whole data, patching it and decoding it all again, the data
 * and its decoded value are copied along each path only, and the part of the data that the
 * schema checks together with the changed number is decoded again, with the same schema and
 * options as the loader's decode: the number alone for a plain field (`retention`, `share`), the
 * whole distribution for a field of one (a union of forms), the whole object for a refined
 * object. Decoding is compositional: a struct checks each field on its own, so the result is
 * the decoded value the loader would have produced, and valid exactly when its decode would be.
 *
 * Anything else answers `undefined` and the caller takes the loader's ordinary path, which
 * reports every problem as it always did: a path that does not exist or does not end at a
 * number, a value that is not a number, paths of which one contains another, or a value the
 * schema refuses.
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"

/** One value to set, by the dotted path of a `set` patch. */
export interface NumberSet {
  readonly set: string
  readonly value: unknown
}

type Json = Record<string, unknown>

const isObject = (x: unknown): x is Json => x !== null && typeof x === "object" && !Array.isArray(x)

const decoders = new WeakMap<AST.AST, (u: unknown) => Either.Either<unknown, unknown>>()
/** The loader's decode (decode.ts, `decodeWith`: first error, excess properties refused) of one part. */
const decodeAt = (ast: AST.AST, u: unknown): Either.Either<unknown, unknown> => {
  let d = decoders.get(ast)
  if (d === undefined) {
    const decode = Schema.decodeUnknownEither(Schema.make<unknown, unknown, never>(ast))
    d = (x) => decode(x, { errors: "first", onExcessProperty: "error" })
    decoders.set(ast, d)
  }
  return d(u)
}

/** An optional field's schema is its own or nothing: the value is there, so its own. */
const present = (ast: AST.AST): AST.AST => {
  if (ast._tag !== "Union") return ast
  const some = ast.types.filter((t) => t._tag !== "UndefinedKeyword")
  return some.length === 1 ? present(some[0] as AST.AST) : ast
}

/** The schema of `key` inside a value of schema `ast`, when that value checks its fields each on its own. */
const child = (ast: AST.AST, key: string): AST.AST | undefined => {
  if (ast._tag === "TypeLiteral") {
    const own = ast.propertySignatures.find((p) => p.name === key)
    if (own !== undefined) return ast.indexSignatures.length === 0 ? own.type : undefined
    return ast.propertySignatures.length === 0 && ast.indexSignatures.length === 1 ? (ast.indexSignatures[0] as AST.IndexSignature).type : undefined
  }
  if (ast._tag === "TupleType") {
    const i = Number(key)
    if (i < ast.elements.length) return (ast.elements[i] as AST.OptionalType).type
    return ast.rest.length === 1 ? (ast.rest[0] as AST.Type).type : undefined
  }
  return undefined
}

const BAD_KEYS = new Set(["", "__proto__", "constructor", "prototype"])

/** Whether `key` names an existing entry of `node`, as a set patch reads it (applyVariant.ts). */
const has = (node: unknown, key: string): boolean =>
  Array.isArray(node) ? /^\d+$/.test(key) && Number(key) < node.length : isObject(node) && Object.prototype.hasOwnProperty.call(node, key)

const at = (node: unknown, key: string): unknown => (Array.isArray(node) ? node[Number(key)] : (node as Json)[key])

/** A copy of `node` with `key` replaced (arrays stay arrays; key order is kept). */
const withKey = (node: unknown, key: string, value: unknown): unknown => {
  if (Array.isArray(node)) {
    const copy = [...node]
    copy[Number(key)] = value
    return copy
  }
  return { ...(node as Json), [key]: value }
}

/** `root` with the value at `parts` replaced, copied along the path only. */
const replaceAt = (root: unknown, parts: ReadonlyArray<string>, value: unknown, from = 0): unknown =>
  from === parts.length ? value : withKey(root, parts[from] as string, replaceAt(at(root, parts[from] as string), parts, value, from + 1))

const valueAt = (root: unknown, parts: ReadonlyArray<string>, to: number): unknown => {
  let node = root
  for (let i = 0; i < to; i++) node = at(node, parts[i] as string)
  return node
}

/**
 * `decoded` (the decoded value of `data` with schema `schema`) with each number set, as decoding
 * `data` with the patches applied would give it; undefined when that cannot be told this way
 * (see the module's comment), or when the value is refused.
 */
export const setNumbers = (schema: AST.AST, data: unknown, decoded: unknown, sets: ReadonlyArray<NumberSet>): unknown => {
  const paths = sets.map((s) => s.set.split("."))
  // Paths of which one contains another (or repeats it): the ordinary path.
  const joined = sets.map((s) => s.set)
  for (let i = 0; i < joined.length; i++) {
    for (let k = 0; k < joined.length; k++) {
      if (i === k) continue
      const a = joined[i] as string
      const b = joined[k] as string
      if (a === b || b.startsWith(`${a}.`)) return undefined
    }
  }
  let raw = data
  for (let i = 0; i < sets.length; i++) {
    const parts = paths[i] as string[]
    const value = (sets[i] as NumberSet).value
    if (typeof value !== "number" || parts.some((p) => BAD_KEYS.has(p))) return undefined
    let node: unknown = data
    let dnode: unknown = decoded
    for (const key of parts) {
      if (!has(node, key) || !has(dnode, key)) return undefined
      node = at(node, key)
      dnode = at(dnode, key)
    }
    if (typeof node !== "number" || node !== dnode) return undefined
    raw = replaceAt(raw, parts, value)
  }
  let out = decoded
  for (const parts of paths) {
    // The deepest part of the path whose schema is checked as a whole: decode it again.
    let ast = present(schema)
    let depth = 0
    while (depth < parts.length) {
      const next = child(ast, parts[depth] as string)
      if (next === undefined) break
      ast = present(next)
      depth++
    }
    const r = decodeAt(ast, valueAt(raw, parts, depth))
    if (Either.isLeft(r)) return undefined
    out = replaceAt(out, parts.slice(0, depth), r.right)
  }
  return out
}
