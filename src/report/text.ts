/**
 * Plain-text layout for the terminal renderers of comparisons and benchmark verdicts: widths in
 * code points, truncation with an ellipsis, padding, word wrapping, right-aligned columns, and
 * ANSI styles that the caller switches on (never from the environment).
 */

/**
 * Text from a report laid out in a table: control characters (escape codes among them) and the
 * bidirectional overrides become spaces, so they can neither drive the terminal nor break the
 * layout. (Messages show them as escapes instead: src/escapeControl.ts.)
 */
export const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, " ")

export const widthOf = (s: string): number => Array.from(s).length

export const truncate = (s: string, w: number): string => {
  if (widthOf(s) <= w) return s
  return w <= 0 ? "" : `${Array.from(s).slice(0, w - 1).join("")}…`
}

/** `s` cut to `w` columns from its start, "…" first: the end of a long dotted path tells it apart from its neighbours. */
export const truncateStart = (s: string, w: number): string => {
  if (widthOf(s) <= w) return s
  return w <= 0 ? "" : `…${Array.from(s).slice(-(w - 1)).join("")}`
}

export const pad = (s: string, w: number, align: "left" | "right"): string => {
  const fill = " ".repeat(Math.max(0, w - widthOf(s)))
  return align === "left" ? s + fill : fill + s
}

/** Words of `text` in lines of at most `width`: the first prefixed by `first`, the others by `indent`. */
export const wrapWords = (text: string, width: number, indent = "", first = ""): string[] => {
  const lines: string[] = []
  let line = ""
  for (const word of clean(text).split(/\s+/).filter((w) => w !== "")) {
    const lead = lines.length === 0 ? first : indent
    const candidate = line === "" ? lead + word : `${line} ${word}`
    if (widthOf(candidate) <= width || line === "") line = truncate(candidate, width)
    else {
      lines.push(line)
      line = truncate(indent + word, width)
    }
  }
  if (line !== "") lines.push(line)
  return lines
}

export interface Styles {
  readonly bold: (s: string) => string
  readonly dim: (s: string) => string
  readonly red: (s: string) => string
  readonly green: (s: string) => string
  readonly yellow: (s: string) => string
}

const sgr =
  (open: number, close: number) =>
  (s: string): string =>
    s === "" ? s : `\u001b[${open}m${s}\u001b[${close}m`
const same = (s: string): string => s

/** Styles as SGR escape codes when `color`, else the identity. */
export const styles = (color: boolean): Styles =>
  color
    ? { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39) }
    : { bold: same, dim: same, red: same, green: same, yellow: same }

/** A column of a table: a header and one cell per row. */
export interface Column {
  readonly header: string
  readonly cells: ReadonlyArray<string>
  /** Right-aligned unless "left". @default "right" */
  readonly align?: "left" | "right"
}

const columnWidth = (c: Column): number => c.cells.reduce((w, x) => Math.max(w, widthOf(x)), widthOf(c.header))

/**
 * A table: a left-aligned first column, then the others separated by two spaces. Columns are
 * dropped from the right until the table fits `width`; the first column is truncated last.
 * Returns the header line, then one line per row (unstyled).
 */
export const table = (first: Column, columns: ReadonlyArray<Column>, width: number, indent = ""): string[] => {
  const cols = [...columns]
  const rest = (): number => cols.reduce((w, c) => w + 2 + columnWidth(c), 0)
  const firstWanted = columnWidth(first)
  while (cols.length > 0 && indent.length + Math.min(firstWanted, 12) + rest() > width) cols.pop()
  const w0 = Math.max(1, Math.min(firstWanted, width - indent.length - rest()))
  const line = (cells: ReadonlyArray<string>): string =>
    (
      indent +
      pad(truncate(cells[0] ?? "", w0), w0, "left") +
      cols.map((c, i) => `  ${pad(truncate(cells[i + 1] ?? "", columnWidth(c)), columnWidth(c), c.align ?? "right")}`).join("")
    ).trimEnd()
  return [line([first.header, ...cols.map((c) => c.header)]), ...first.cells.map((label, r) => line([label, ...cols.map((c) => c.cells[r] ?? "")]))]
}
