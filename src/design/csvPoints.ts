/**
 * Explicit design points from CSV text: a header naming the parameters (their paths), then one
 * point per line, numbers only, comma-separated. Blank lines and lines starting with # are
 * skipped. Problems come back with their line and column, never guessed around.
 */
import { suggest } from "../load/Issue.js"

export interface CsvProblem {
  readonly line: number
  readonly column: number
  readonly message: string
  readonly hint?: string | undefined
}

/**
 * The points of `text`, columns reordered to `names` (every name must be a column, and every
 * column a name).
 *
 * @example
 * csvPoints("a,b\n1,2\n3,4\n", ["b", "a"]) // { points: [[2, 1], [4, 3]], problems: [] }
 */
export const csvPoints = (text: string, names: ReadonlyArray<string>): { readonly points: number[][]; readonly problems: ReadonlyArray<CsvProblem> } => {
  const problems: CsvProblem[] = []
  const lines = text.split(/\r?\n/)
  let headerAt = -1
  let header: string[] = []
  const points: number[][] = []
  let order: number[] = []
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li] as string
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue
    const cells = raw.split(",").map((c) => c.trim())
    const columnOf = (k: number): number => raw.split(",").slice(0, k).reduce((s, c) => s + c.length + 1, 1)
    if (headerAt < 0) {
      headerAt = li
      header = cells
      header.forEach((h, k) => {
        if (!names.includes(h)) problems.push({ line: li + 1, column: columnOf(k), message: `the column "${h}" is not a parameter of the design`, hint: suggest(h, names.filter((n) => !cells.includes(n))) })
        else if (header.indexOf(h) !== k) problems.push({ line: li + 1, column: columnOf(k), message: `the column "${h}" appears twice` })
      })
      for (const n of names) if (!header.includes(n)) problems.push({ line: li + 1, column: 1, message: `no column for the parameter "${n}"`, hint: `add a column named ${n}` })
      order = names.map((n) => header.indexOf(n))
      continue
    }
    if (cells.length !== header.length) {
      problems.push({ line: li + 1, column: 1, message: `expected ${header.length} values, got ${cells.length}` })
      continue
    }
    const values = cells.map((c) => (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(c) ? Number(c) : NaN))
    const bad = values.findIndex((v) => !Number.isFinite(v))
    if (bad >= 0) {
      problems.push({ line: li + 1, column: columnOf(bad), message: `expected a number for "${header[bad]}", got "${cells[bad]}"` })
      continue
    }
    points.push(order.map((k) => values[k] as number))
  }
  if (headerAt < 0) problems.push({ line: 1, column: 1, message: "the file is empty", hint: `write a header line: ${names.join(",")}` })
  else if (points.length === 0 && problems.length === 0) problems.push({ line: headerAt + 2, column: 1, message: "the file has a header but no points" })
  return { points: problems.length === 0 ? points : [], problems }
}
