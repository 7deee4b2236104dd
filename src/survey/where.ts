/**
 * `--fit-where EXPR`: a tiny, safe expression over a survey row's columns, parsed once (no eval).
 *
 *   expr   := term ("or" term)*            term := factor ("and" factor)*
 *   factor := "not" factor | "(" expr ")" | column op value | column "in" "[" value ("," value)* "]"
 *   op     := == != < <= > >=             value := number | "text" | 'text' (in a list also a bare word)
 *   column := a name of letters, digits, _ . - (not starting with a digit), or `any text`
 *
 * Text compares case-insensitively with spaces trimmed (a run of spaces as one), as labels do; `<` `<=` `>` `>=` compare
 * numbers (read with the file's decimal mark); a cell that is not a number equals no number.
 * Logic is three-valued: a comparison on a missing cell, or an ordering (`<`…) of a cell that is
 * not a number, is unknown; `not unknown` is unknown,
 * and a row matches only when the whole expression is true — so a row whose cell is missing
 * never matches, whether or not the expression negates.
 */
import type { Issue } from "../load/Issue.js"
import { suggest } from "../load/Issue.js"

/** The `file` of issues about the expression. */
export const WHERE_SOURCE = "--fit-where"

type Op = "==" | "!=" | "<" | "<=" | ">" | ">="
type Value = { readonly kind: "number"; readonly n: number } | { readonly kind: "text"; readonly s: string }

export type WhereNode =
  | { readonly t: "and" | "or"; readonly a: WhereNode; readonly b: WhereNode }
  | { readonly t: "not"; readonly a: WhereNode }
  | { readonly t: "cmp"; readonly column: string; readonly at: number; readonly op: Op; readonly value: Value }
  | { readonly t: "in"; readonly column: string; readonly at: number; readonly values: ReadonlyArray<Value> }

/** A parsed expression: its text, its tree, and the columns it names (with their offsets). */
export interface WhereExpr {
  readonly text: string
  readonly root: WhereNode
  readonly columns: ReadonlyArray<{ readonly name: string; readonly at: number }>
}

/** How a bound expression reads cells: missing-value test and number reading of the file. */
export interface CellReader {
  readonly isMissing: (cell: string) => boolean
  /** The cell as a number, NaN when it is not one. */
  readonly number: (cell: string) => number
}

/** A bound expression: true when the row matches. */
export type WherePredicate = (cells: ReadonlyArray<string>, read: CellReader) => boolean

/** The longest expression accepted, in characters. */
export const MAX_WHERE_CHARS = 4096

type Token =
  | { readonly k: "num"; readonly n: number; readonly at: number }
  | { readonly k: "str"; readonly s: string; readonly at: number }
  | { readonly k: "word"; readonly s: string; readonly at: number; readonly quoted: boolean }
  | { readonly k: "op"; readonly s: string; readonly at: number }
  | { readonly k: "end"; readonly at: number }

class WhereError extends Error {
  constructor(
    readonly at: number,
    readonly detail: string,
    readonly hint?: string | undefined
  ) {
    super(detail)
  }
}

const issue = (at: number, message: string, hint?: string): Issue => ({ file: WHERE_SOURCE, line: 1, column: at + 1, path: "", message, hint })

const lex = (text: string): Token[] => {
  const out: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    const at = i
    if (c === '"' || c === "'") {
      let s = ""
      i++
      while (i < text.length && text[i] !== c) s += text[i++]
      if (i === text.length) throw new WhereError(at, "a quoted text is never closed", `end it with ${c}`)
      i++
      out.push({ k: "str", s, at })
    } else if (c === "`") {
      const end = text.indexOf("`", i + 1)
      if (end < 0) throw new WhereError(at, "a `column name` is never closed", "end it with `")
      out.push({ k: "word", s: text.slice(i + 1, end), at, quoted: true })
      i = end + 1
    } else if (/^[-+]?(\d|\.\d)/.test(text.slice(i, i + 3))) {
      // A number: a digit first, or after a sign or a point (".." or "-." alone are not).
      const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i)) as RegExpExecArray
      out.push({ k: "num", n: Number(m[0]), at })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i)) as RegExpExecArray
      out.push({ k: "word", s: m[0], at, quoted: false })
      i += m[0].length
    } else {
      const two = text.slice(i, i + 2)
      if (["==", "!=", "<=", ">="].includes(two)) {
        out.push({ k: "op", s: two, at })
        i += 2
      } else if ("<>()[],".includes(c)) {
        out.push({ k: "op", s: c, at })
        i++
      } else if (c === "=") throw new WhereError(at, 'a single "=" is not a comparison', "write == to compare")
      else throw new WhereError(at, `unexpected character "${c}"`, "compare a column with == != < <= > >= or in [..], and combine with and, or, not, ( )")
    }
  }
  out.push({ k: "end", at: text.length })
  return out
}

const isKeyword = (t: Token, w: string): boolean => t.k === "word" && !t.quoted && t.s.toLowerCase() === w

const describe = (t: Token): string =>
  t.k === "end" ? "the end of the expression" : t.k === "num" ? `the number ${t.n}` : t.k === "str" ? `the text "${t.s}"` : `"${t.s}"`

/**
 * Parse an expression; the issues name the offending column (character) of the expression.
 *
 * @example
 * parseWhere('wait_min <= 30 and purpose == "business"')
 */
export const parseWhere = (text: string): { readonly expr: WhereExpr } | { readonly issues: ReadonlyArray<Issue> } => {
  if (text.length > MAX_WHERE_CHARS) return { issues: [issue(0, `the expression is longer than ${MAX_WHERE_CHARS} characters`)] }
  try {
    const toks = lex(text)
    let p = 0
    const columns: { name: string; at: number }[] = []
    const peek = (): Token => toks[p] as Token
    const next = (): Token => toks[p++] as Token
    const expectOp = (s: string, what: string): void => {
      const t = next()
      if (!(t.k === "op" && t.s === s)) throw new WhereError(t.at, `expected ${what}, got ${describe(t)}`)
    }
    const value = (inList: boolean): Value => {
      const t = next()
      if (t.k === "num") return { kind: "number", n: t.n }
      if (t.k === "str") return { kind: "text", s: t.s }
      if (inList && t.k === "word") return { kind: "text", s: t.s }
      throw new WhereError(t.at, `expected a number or a "quoted text", got ${describe(t)}`, t.k === "word" ? `write "${t.s}" in quotes to compare with that text` : undefined)
    }
    let depth = 0
    const factor = (): WhereNode => {
      const t = peek()
      if (isKeyword(t, "not")) {
        next()
        return { t: "not", a: factor() }
      }
      if (t.k === "op" && t.s === "(") {
        next()
        if (++depth > 64) throw new WhereError(t.at, "parentheses nest deeper than 64 levels")
        const e = expr()
        depth--
        expectOp(")", 'a closing ")"')
        return e
      }
      if (t.k !== "word" || (!t.quoted && ["and", "or", "in"].includes(t.s.toLowerCase()))) {
        throw new WhereError(t.at, `expected a column name, got ${describe(t)}`, "a condition reads: column == value, column < number, column in [a, b]")
      }
      next()
      columns.push({ name: t.s, at: t.at })
      const o = next()
      if (isKeyword(o, "in")) {
        expectOp("[", 'a list in "[ ]"')
        const values: Value[] = [value(true)]
        for (;;) {
          const s = next()
          if (s.k === "op" && s.s === "]") break
          if (!(s.k === "op" && s.s === ",")) throw new WhereError(s.at, `expected "," or "]", got ${describe(s)}`)
          values.push(value(true))
        }
        return { t: "in", column: t.s, at: t.at, values }
      }
      if (o.k !== "op" || !["==", "!=", "<", "<=", ">", ">="].includes(o.s)) {
        throw new WhereError(o.at, `expected a comparison (== != < <= > >= in) after the column "${t.s}", got ${describe(o)}`, t.quoted ? undefined : "a column name with spaces is written in backquotes: `my column`")
      }
      const v = value(false)
      const op = o.s as Op
      if (v.kind === "text" && op !== "==" && op !== "!=") throw new WhereError(o.at, `${op} compares numbers; text compares with ==, != or in [...] only`, "a date is text: split by a month or a wave column with in [...], or by a number")
      return { t: "cmp", column: t.s, at: t.at, op, value: v }
    }
    const term = (): WhereNode => {
      let a = factor()
      while (isKeyword(peek(), "and")) {
        next()
        a = { t: "and", a, b: factor() }
      }
      return a
    }
    const expr = (): WhereNode => {
      let a = term()
      while (isKeyword(peek(), "or")) {
        next()
        a = { t: "or", a, b: term() }
      }
      return a
    }
    if (peek().k === "end") throw new WhereError(0, "the expression is empty", 'e.g. --fit-where "wait_min <= 30"')
    const root = expr()
    const rest = peek()
    if (rest.k !== "end") throw new WhereError(rest.at, `expected "and", "or" or the end, got ${describe(rest)}`)
    return { expr: { text, root, columns } }
  } catch (e) {
    if (e instanceof WhereError) return { issues: [issue(e.at, e.detail, e.hint)] }
    throw e
  }
}

const INNER_SPACE = /\s{2,}|[^\S ]/
/**
 * A label as cxsim compares it: trimmed, in lower case, any run of spaces (a tab, a no-break
 * space) as one space.
 */
export const norm = (s: string): string => {
  const t = s.trim().toLowerCase()
  return INNER_SPACE.test(t) ? t.replace(/\s+/g, " ") : t
}

const T = 1
const F = 0
const U = 2

/**
 * Bind an expression to a header: every column it names must be there (did-you-mean otherwise).
 *
 * @example
 * const r = bindWhere(expr, ["id", "wait_min"])
 * if ("match" in r) r.match(cells, reader)
 */
export const bindWhere = (expr: WhereExpr, header: ReadonlyArray<string>): { readonly match: WherePredicate } | { readonly issues: ReadonlyArray<Issue> } => {
  const index = new Map<string, number>()
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i)
  })
  const issues = expr.columns.filter((c) => !index.has(c.name)).map((c) => issue(c.at, `the survey has no column "${c.name}"`, suggest(c.name, header)))
  if (issues.length > 0) return { issues }
  type Eval = (cells: ReadonlyArray<string>, read: CellReader) => number
  const build = (n: WhereNode): Eval => {
    switch (n.t) {
      case "not": {
        const a = build(n.a)
        return (c, r) => {
          const x = a(c, r)
          return x === U ? U : 1 - x
        }
      }
      case "and": {
        const a = build(n.a)
        const b = build(n.b)
        return (c, r) => {
          const x = a(c, r)
          if (x === F) return F
          const y = b(c, r)
          return y === F ? F : x === T && y === T ? T : U
        }
      }
      case "or": {
        const a = build(n.a)
        const b = build(n.b)
        return (c, r) => {
          const x = a(c, r)
          if (x === T) return T
          const y = b(c, r)
          return y === T ? T : x === F && y === F ? F : U
        }
      }
      case "in": {
        const k = index.get(n.column) as number
        const eqs = n.values.map((v) => equals(v))
        return (c, r) => {
          const cell = c[k] ?? ""
          if (r.isMissing(cell)) return U
          let unknown = false
          for (const eq of eqs) {
            const x = eq(cell, r)
            if (x === T) return T
            if (x === U) unknown = true
          }
          return unknown ? U : F
        }
      }
      case "cmp": {
        const k = index.get(n.column) as number
        const eq = equals(n.value)
        const op = n.op
        const v = n.value
        return (c, r) => {
          const cell = c[k] ?? ""
          if (r.isMissing(cell)) return U
          if (op === "==") return eq(cell, r)
          if (op === "!=") {
            const x = eq(cell, r)
            return x === U ? U : 1 - x
          }
          const x = r.number(cell)
          if (Number.isNaN(x) || v.kind !== "number") return U
          const y = v.n
          return (op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y) ? T : F
        }
      }
    }
  }
  const equals = (v: Value): ((cell: string, r: CellReader) => number) => {
    if (v.kind === "text") {
      const s = norm(v.s)
      return (cell) => (norm(cell) === s ? T : F)
    }
    return (cell, r) => {
      const x = r.number(cell)
      return x === v.n ? T : F
    }
  }
  const root = build(expr.root)
  return { match: (cells, read) => root(cells, read) === T }
}
