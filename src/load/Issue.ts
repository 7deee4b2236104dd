/**
 * A problem found in a user's file: where it is (file, line, column, field path), what is wrong,
 * and a hint. Every loader error is a list of these.
 */
import { escapeControl } from "../escapeControl.js"

export interface Issue {
  readonly file: string
  readonly line?: number | undefined
  readonly column?: number | undefined
  /** Dotted field path, e.g. `journey.touchpoints.kitchen.next`. Empty for the whole file. */
  readonly path: string
  readonly message: string
  readonly hint?: string | undefined
}

export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("")

/**
 * `file:line:col: path: message (hint)` — one line per issue, the form editors and CI parse.
 * Everything in it may come from the file (a key, a name): control characters are escaped.
 */
export const formatIssue = (issue: Issue): string => {
  const file = escapeControl(issue.file)
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`
  const field = issue.path === "" ? "" : `${escapeControl(issue.path)}: `
  const hint = issue.hint === undefined ? "" : `\n    hint: ${escapeControl(issue.hint)}`
  return `${where}: ${field}${escapeControl(issue.message)}${hint}`
}

/** At most this many problems are listed per file; the rest are counted. */
export const MAX_ISSUES = 50

/**
 * The first `MAX_ISSUES` issues, and one more saying how many of `total` were left out.
 *
 * @example
 * capIssues(issues, issues.length)
 */
export const capIssues = (issues: ReadonlyArray<Issue>, total: number = issues.length): Issue[] => {
  const listed = issues.slice(0, MAX_ISSUES)
  const first = listed[0]
  if (total <= listed.length || first === undefined) return listed
  return [...listed, { file: first.file, path: "", message: `and ${total - listed.length} more problems (at most ${MAX_ISSUES} are listed)`, hint: "fix these first; a file this wrong may not be the file you meant" }]
}

/** Words longer than this are compared on their first `MAX_COMPARED` characters only. */
const MAX_COMPARED = 64

/**
 * Edit distance, for "did you mean" suggestions, or `limit + 1` as soon as it is known to exceed
 * `limit`. Linear memory, O(|a| · |b|) time on at most `MAX_COMPARED` characters of each.
 */
export const levenshtein = (a0: string, b0: string, limit = Infinity): number => {
  const a = a0.slice(0, MAX_COMPARED)
  const b = b0.slice(0, MAX_COMPARED)
  const m = a.length
  const n = b.length
  if (Math.abs(m - n) > limit) return limit + 1
  let prev = new Int32Array(n + 1)
  let cur = new Int32Array(n + 1)
  for (let j = 0; j <= n; j++) prev[j] = j
  for (let i = 1; i <= m; i++) {
    cur[0] = i
    let rowMin = i
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      cur[j] = d
      if (d < rowMin) rowMin = d
    }
    if (rowMin > limit) return limit + 1
    const t = prev
    prev = cur
    cur = t
  }
  return prev[n]!
}

/**
 * The closest candidate to `word`, when it is close enough to be a likely typo. Candidates whose
 * length differs from the word's by more than the allowed distance are skipped unseen, and at
 * most `MAX_COMPARED` characters are compared, so that long ids cost little.
 */
export const didYouMean = (word: string, candidates: Iterable<string>): string | undefined => {
  const w = word.toLowerCase()
  const len = Math.min(word.length, MAX_COMPARED)
  const limit = len <= 3 ? 1 : Math.max(2, Math.floor(len / 3))
  let best: string | undefined
  let bestD = limit + 1
  for (const c of candidates) {
    if (Math.abs(Math.min(c.length, MAX_COMPARED) - len) > limit) continue
    const d = levenshtein(w, c.toLowerCase(), bestD - 1)
    if (d < bestD) {
      bestD = d
      best = c
    }
  }
  return best
}

export const suggest = (word: string, candidates: Iterable<string>): string | undefined => {
  const list = [...candidates]
  const m = didYouMean(word, list)
  if (m !== undefined) return `did you mean "${m}"?`
  return list.length > 0 && list.length <= 12 ? `expected one of: ${list.join(", ")}` : undefined
}
