/**
 * The terminal report: a header, one summary table of the segments, then per-segment views of the
 * CSAT answers, where customers abandon, pain points, drivers and retention, and a legend. Every
 * line fits the given width.
 */
import { hasCustomers, NO_DATA, type Report, type SegmentReport } from "./Report.js"
import { clean, wrapWords } from "./text.js"
import { fixed, grouped, orDash, percent, periods, plusMinus, rows, signed, variantName } from "./format.js"

export interface TableOptions {
  /**
   * Style the text with ANSI escape codes: bold headings, a dim legend, NPS red below zero and
   * green above. The renderer never looks at the environment or the terminal; the caller passes
   * false when NO_COLOR is set or the output is not a terminal.
   * @default false
   */
  readonly color?: boolean
  /**
   * The longest a line may be, in columns. Widths below `MIN_WIDTH` are raised to it.
   * @default 80
   */
  readonly width?: number
}

/** The narrowest width the report fits. */
export const MIN_WIDTH = 72

/** Top touchpoints listed per segment for abandonment, pain points and drivers. */
const TOP = 3
const GAP = "  "
const SEP = " · "

interface Styles {
  readonly bold: (s: string) => string
  readonly dim: (s: string) => string
  readonly red: (s: string) => string
  readonly green: (s: string) => string
}

// Plain SGR codes rather than util.styleText: later Node versions make styleText consult the
// stream and the environment, and the caller alone decides.
const sgr =
  (open: number, close: number) =>
  (s: string): string =>
    s === "" ? s : `\u001b[${open}m${s}\u001b[${close}m`
const ansi: Styles = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39) }
const same = (s: string): string => s
const plain: Styles = { bold: same, dim: same, red: same, green: same }

const widthOf = (s: string): number => Array.from(s).length
const truncate = (s: string, w: number): string => {
  if (widthOf(s) <= w) return s
  return w <= 0 ? "" : `${Array.from(s).slice(0, w - 1).join("")}…`
}
const pad = (s: string, w: number, align: "left" | "right"): string => {
  const fill = " ".repeat(Math.max(0, w - widthOf(s)))
  return align === "left" ? s + fill : fill + s
}
const maxWidth = (xs: ReadonlyArray<string>): number => xs.reduce((m, x) => Math.max(m, widthOf(x)), 0)

const columnWidth = (c: Column): number => Math.max(c.minWidth ?? 0, widthOf(c.header), maxWidth(c.cells))
/** The width of columns after the first, each with the gap before it. */
const span = (cs: ReadonlyArray<Column>): number => cs.reduce((w, c) => w + GAP.length + columnWidth(c), 0)

interface Column {
  readonly header: string
  readonly cells: ReadonlyArray<string>
  readonly minWidth?: number
  /** Style of a body cell, given its row. */
  readonly style?: (row: number) => (s: string) => string
}

/**
 * Lay out a first, left-aligned column of `width0` and right-aligned columns after it; `indent`
 * goes before body rows, `gap0` after the first column. The header is styled with `header`.
 */
const grid = (
  first: Column,
  width0: number,
  columns: ReadonlyArray<Column>,
  indent: string,
  header: (s: string) => string,
  gap0: string = GAP
): string[] => {
  const widths = columns.map(columnWidth)
  const line = (cells: ReadonlyArray<string>, lead: string, styleOf: (col: number) => (s: string) => string): string => {
    const body = cells.map((c, i) => {
      const w = i === 0 ? width0 - widthOf(lead) : (widths[i - 1] ?? 0)
      const text = truncate(c, w)
      const filled = pad(text, w, i === 0 ? "left" : "right")
      const st = styleOf(i)
      return i === 0 ? st(text) + filled.slice(text.length) : filled.slice(0, filled.length - text.length) + st(text)
    })
    return (lead + (body[0] ?? "") + gap0 + body.slice(1).join(GAP)).trimEnd()
  }
  const out = [header(line([first.header, ...columns.map((c) => c.header)], "", () => same))]
  first.cells.forEach((label, r) => {
    const cells = [label, ...columns.map((c) => c.cells[r] ?? "")]
    const styleOf = (i: number): ((s: string) => string) => (i === 0 ? (first.style?.(r) ?? same) : (columns[i - 1]?.style?.(r) ?? same))
    out.push(line(cells, indent, styleOf))
  })
  return out
}

/** "kitchen 5.5% · order-at-table 3.5% · arrive 2.0%", touchpoints shortened until it fits `w`. */
const items = (xs: ReadonlyArray<{ readonly name: string; readonly value: string }>, w: number): string => {
  const parts = xs.map((x) => ({ name: clean(x.name), value: x.value }))
  for (let k = parts.length; k > 0; k--) {
    const shown = parts.slice(0, k)
    const fixedPart = shown.reduce((s, x) => s + 1 + widthOf(x.value), 0) + SEP.length * (k - 1)
    const longest = maxWidth(shown.map((x) => x.name))
    for (let cap = longest; cap >= 1; cap--) {
      const total = fixedPart + shown.reduce((s, x) => s + Math.min(widthOf(x.name), cap), 0)
      if (total <= w) return shown.map((x) => `${truncate(x.name, cap)} ${x.value}`).join(SEP)
    }
  }
  return ""
}

/** Periods to show when not all fit: evenly spread, first and last included. */
const pickPeriods = (horizon: number, fit: number): number[] => {
  if (horizon <= fit) return Array.from({ length: horizon }, (_, i) => i)
  if (fit <= 1) return [horizon - 1]
  const picked = Array.from({ length: fit }, (_, i) => Math.round((i * (horizon - 1)) / (fit - 1)))
  return [...new Set(picked)]
}

/** Share of a segment: whole percent, or one decimal below 10%. */
const share = (x: number): string => percent(x, x < 0.1 ? 1 : 0)

/** "EUR/cust" for a currency code; a longer currency name would widen the column, so "Rev/cust". */
const revenueHeader = (currency: string): string => {
  const c = clean(currency).trim()
  return c !== "" && widthOf(c) <= 4 ? `${c}/cust` : "Rev/cust"
}

const summaryColumns = (report: Report, segs: ReadonlyArray<SegmentReport>, s: Styles): Column[] => [
  { header: "Share", cells: segs.map((g) => share(g.share)) },
  { header: "CSAT", cells: segs.map((g) => orDash(g, (f) => plusMinus(f.csat, 2))) },
  {
    header: "NPS",
    cells: segs.map((g) => orDash(g, (f) => plusMinus(f.nps, 1))),
    style: (r) => {
      const m = segs[r]?.nps?.mean ?? 0
      return m < 0 ? s.red : m > 0 ? s.green : same
    }
  },
  { header: "CES", cells: segs.map((g) => orDash(g, (f) => fixed(f.ces.mean, 2))) },
  { header: "Done", cells: segs.map((g) => orDash(g, (f) => percent(f.completion.rate, 1))) },
  { header: "Churn", cells: segs.map((g) => orDash(g, (f) => percent(f.churn.rate, 1))) },
  { header: revenueHeader(report.currency), cells: segs.map((g) => orDash(g, (f) => fixed(f.revenue.perCustomer.mean, 2))) }
]

/**
 * Render a report for a terminal.
 *
 * @example
 * ```ts
 * // The caller decides on color, from NO_COLOR and whether stdout is a terminal.
 * process.stdout.write(renderTable(report, { color: true, width: 100 }))
 * ```
 */
export const renderTable = (report: Report, options: TableOptions = {}): string => {
  const s = options.color === true ? ansi : plain
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? 80))
  const segs = rows(report)
  const labels = segs.map((g) => clean(g.label))
  const fit = (line: string): string => truncate(line, width)

  // One space after the labels is enough: "Share" is wider than any share, so values keep two.
  const columns = summaryColumns(report, segs, s)
  // Numbers too wide for the width (revenue in the millions): drop columns from the right.
  while (columns.length > 1 && span(columns) - 1 + 8 > width) columns.pop()
  const longestLabel = Math.max(maxWidth(labels), "Segment".length)
  const labelW = Math.max(8, Math.min(longestLabel, width - span(columns) + 1))

  const out: string[] = []
  // The first line starts with "cxsim ": that is how a later --out knows the file is ours.
  const engine = `cxsim ${clean(report.engine.version)} · `
  out.push(engine + s.bold(truncate(`${clean(report.scenario.title)} (${clean(report.scenario.name)})`, width - widthOf(engine))))
  out.push(
    fit(
      [
        report.variant === null ? "baseline" : `variant ${clean(variantName(report))}`,
        `population ${grouped(report.population)}`,
        `seed ${report.seed}`,
        `horizon ${periods(report.horizon)}`
      ].join(SEP)
    )
  )
  out.push("")

  const summary = grid({ header: "Segment", cells: labels }, labelW, columns, "", s.bold, " ")
  const rule = s.dim("─".repeat(labelW + span(columns) - 1))
  out.push(...summary.slice(0, -1), rule, summary[summary.length - 1] ?? "")
  out.push("")

  // Per-segment views: a heading, then one row per segment, indented. Their label columns take
  // what the numbers leave, so labels cut short in the summary may show in full here.
  const indent = "  "
  const labelCells = { header: "", cells: labels }
  const numbers = (heading: string, cols: ReadonlyArray<Column>, first: number): void => {
    out.push(...grid({ ...labelCells, header: heading }, Math.min(first, width - span(cols)), cols, indent, s.bold), "")
  }

  const csatColumns = [
    ...[0, 1, 2, 3, 4].map((i) => ({ header: String(i + 1), cells: segs.map((g) => orDash(g, (f) => percent(f.csat.distribution[i] ?? 0, 0))) })),
    { header: "Top 2", cells: segs.map((g) => orDash(g, (f) => percent(f.csat.topTwoBox, 0))) }
  ].map((c) => ({ ...c, minWidth: 4 }))
  numbers("CSAT answers", csatColumns, Math.max(indent.length + longestLabel, "CSAT answers".length))

  type Item = { readonly name: string; readonly value: string }
  // An empty segment's lists are null: it shows "—", not "none" (nobody to have abandoned).
  const lists: ReadonlyArray<readonly [string, ReadonlyArray<ReadonlyArray<Item> | null>]> = [
    ["Where customers abandon (share of the segment)", segs.map((g) => g.abandonedAt?.map((a) => ({ name: a.touchpoint, value: percent(a.rate, 1) })) ?? null)],
    ["Pain points (negative experience per customer)", segs.map((g) => g.painPoints?.map((p) => ({ name: p.touchpoint, value: fixed(p.score, 2) })) ?? null)],
    [
      "Drivers (impact: satisfaction points per SD; ranked by reach × impact)",
      segs.map((g) => g.drivers?.map((d) => ({ name: d.touchpoint, value: signed(d.impact, 2) })) ?? null)
    ]
  ]
  const natural = (xs: ReadonlyArray<Item>): number => widthOf(xs.slice(0, TOP).map((x) => `${clean(x.name)} ${x.value}`).join(SEP))
  // Label and touchpoints on one line when every row of every list fits; otherwise, for all three
  // lists alike, the label on a line and its touchpoints on the next.
  const oneLine = lists.every(([, bySeg]) => bySeg.every((xs) => indent.length + longestLabel + GAP.length + natural(xs ?? []) <= width))
  for (const [heading, bySeg] of lists) {
    out.push(s.bold(fit(heading)))
    bySeg.forEach((all, r) => {
      const xs = all?.slice(0, TOP) ?? []
      const label = labels[r] ?? ""
      const none = s.dim(all === null ? NO_DATA : "none")
      if (oneLine) {
        const text = xs.length === 0 ? none : items(xs, width - indent.length - longestLabel - GAP.length)
        out.push(`${indent}${pad(label, longestLabel, "left")}${GAP}${text}`)
      } else {
        out.push(truncate(indent + label, width))
        out.push(indent + indent + (xs.length === 0 ? none : items(xs, width - 2 * indent.length)))
      }
    })
    out.push("")
  }

  const horizon = segs.reduce((h, g) => Math.max(h, g.retention?.length ?? 0), 0)
  const heading = "Still active after"
  if (horizon === 0) out.push(s.bold(`${heading}: no periods`), "")
  else {
    const cellW = Math.max(4, `P${horizon}`.length)
    const all = horizon * (cellW + GAP.length)
    const wanted = Math.max(indent.length + longestLabel, heading.length)
    // Labels give way to periods down to the summary's label width; then periods are sampled.
    const first = Math.min(wanted, Math.max(width - all, indent.length + labelW), width - cellW - GAP.length)
    const shown = pickPeriods(horizon, Math.floor((width - first) / (cellW + GAP.length)))
    const cols = shown.map((p) => ({
      header: `P${p + 1}`,
      minWidth: cellW,
      cells: segs.map((g) => (hasCustomers(g) ? (g.retention[p] === undefined ? "" : percent(g.retention[p].retained, 0)) : NO_DATA))
    }))
    numbers(heading, cols, first)
    if (shown.length < horizon) {
      // Sampled to fit the width: say so, and which periods are left out.
      const left = Array.from({ length: horizon }, (_, p) => p).filter((p) => !shown.includes(p))
      const note = `${shown.length} of ${horizon} periods shown to fit ${width} columns; not shown: ${left.map((p) => `P${p + 1}`).join(", ")}`
      out.splice(out.length - 1, 0, ...wrapWords(note, width, indent, indent).map(s.dim))
    }
  }

  const legend = ["CSAT 1–5", "NPS −100..100", "CES 1 easy..7 hard", "± = 95% CI", "Done = completed"]
  out.push(...wrap(legend, width).map(s.dim))
  return `${out.join("\n")}\n`
}

/** Join `parts` with " · " into as few lines of at most `width` as it takes. */
const wrap = (parts: ReadonlyArray<string>, width: number): string[] => {
  const lines: string[] = []
  for (const p of parts) {
    const last = lines[lines.length - 1]
    if (last !== undefined && widthOf(last + SEP + p) <= width) lines[lines.length - 1] = last + SEP + p
    else lines.push(truncate(p, width))
  }
  return lines
}
