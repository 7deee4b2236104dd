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

/** Edit distance, for "did you mean" suggestions. */
export const levenshtein = (a: string, b: string): number => {
  const m = a.length
  const n = b.length
  let prev = Array.from({ length: n + 1 }, (_, j) => j)
  for (let i = 1; i <= m; i++) {
    const cur = [i]
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost)
    }
    prev = cur
  }
  return prev[n] ?? 0
}

/** The closest candidate to `word`, when it is close enough to be a likely typo. */
export const didYouMean = (word: string, candidates: Iterable<string>): string | undefined => {
  let best: string | undefined
  let bestD = Infinity
  const w = word.toLowerCase()
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase())
    if (d < bestD) {
      bestD = d
      best = c
    }
  }
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3))
  return best !== undefined && bestD <= limit ? best : undefined
}

export const suggest = (word: string, candidates: Iterable<string>): string | undefined => {
  const list = [...candidates]
  const m = didYouMean(word, list)
  if (m !== undefined) return `did you mean "${m}"?`
  return list.length > 0 && list.length <= 12 ? `expected one of: ${list.join(", ")}` : undefined
}
