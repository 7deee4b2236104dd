/**
 * A calibration for the terminal: what was fitted to what, each free parameter from its start to
 * its estimate with the 95% interval and whether the survey pins it down, then per segment how
 * the simulated answers compare with the check respondents' (the headline figure of each outcome,
 * its distance against the noise ceiling, the variance ratio, a verdict), the warnings last.
 * Every line fits the width.
 */
import type { CalibrationResult, OutcomeFidelity, ParameterEstimate } from "../calibrate/CalibrationResult.js"
import { grouped } from "./format.js"
import {
  droppedText,
  figureLabel,
  estimateText,
  figureText,
  headlineFigures,
  intervalsText,
  intervalText,
  MISSING,
  numberOrMissing,
  optimizerText,
  outcomeNames,
  parameterDigits,
  splitText,
  statusText,
  variantText
} from "./renderCalibrationFormat.js"
import { clean, pad, styles, table, truncate, widthOf, wrapWords, type Styles } from "./text.js"

export interface CalibrationTableOptions {
  /**
   * Style the text with ANSI escape codes (bold headings, verdicts and statuses in colour). The
   * caller decides: false when NO_COLOR is set or the output is not a terminal.
   * @default false
   */
  readonly color?: boolean
  /**
   * The longest a line may be, in columns; widths below 72 are raised to 72.
   * @default 80
   */
  readonly width?: number
}

const INDENT = "  "

const TABLE_LEGEND =
  "Dist.: total variation between observed and simulated answer shares (0..1). Ceil.: noise ceiling, the distance " +
  "between two random halves of the real answers, which no model beats. Var.: simulated over observed variance " +
  "(well under 1: synthetic answers too narrow). […]: 95% interval; shares in %."

const verdictStyle = (s: Styles, v: "good" | "fair" | "poor"): ((x: string) => string) => (v === "good" ? s.green : v === "fair" ? s.yellow : s.red)

const statusStyle = (s: Styles, p: ParameterEstimate): ((x: string) => string) => (p.status === "identified" ? (x: string) => x : s.yellow)

/** Style the last cell of a laid-out line (right-aligned, so it ends the line). */
const styleEnd = (line: string, cell: string, style: (x: string) => string): string =>
  cell !== "" && line.endsWith(cell) ? line.slice(0, line.length - cell.length) + style(cell) : line

const parameterLines = (r: CalibrationResult, width: number, s: Styles): string[] => {
  const ps = r.parameters
  const paths = ps.map((p) => clean(p.path))
  const start = { header: "Start", cells: ps.map((p) => numberOrMissing(p.start, parameterDigits(p))) }
  const estimate = { header: "Estimate [95% interval]", cells: ps.map(estimateText), align: "left" as const }
  const status = { header: "Status", cells: ps.map(statusText), align: "left" as const }
  const out: string[] = []
  const rest = [start, estimate, status].reduce((w, c) => w + 2 + Math.max(widthOf(c.header), ...c.cells.map(widthOf)), 0)
  const longest = Math.max(widthOf("Parameter"), ...paths.map(widthOf))
  if (longest + rest <= width) {
    const lines = table({ header: "Parameter", cells: paths }, [start, estimate, status], width)
    out.push(s.bold(lines[0] ?? ""), ...lines.slice(1).map((l, i) => styleEnd(l, status.cells[i] ?? "", statusStyle(s, ps[i] as ParameterEstimate))))
  } else {
    // Paths too long to share a line with the numbers: each on its own line, the numbers below
    // it, aligned from one parameter to the next.
    out.push(s.bold("Parameter: start → estimate [95% interval], status"))
    const startW = Math.max(...start.cells.map(widthOf))
    const estimateW = Math.max(...estimate.cells.map(widthOf))
    ps.forEach((p, i) => {
      out.push(truncate(paths[i] ?? "", width))
      const numbers = `${INDENT}${pad(start.cells[i] ?? "", startW, "right")} → ${pad(estimate.cells[i] ?? "", estimateW, "left")}  `
      out.push(truncate(numbers, width - widthOf(status.cells[i] ?? "")) + statusStyle(s, p)(status.cells[i] ?? ""))
    })
  }
  // Each trade-off once, however many of its two parameters name it.
  const pairs = new Set<string>()
  for (const p of ps) {
    if (p.status !== "correlated" || p.with === undefined) continue
    const key = [p.path, p.with].sort().join("\u0000")
    if (pairs.has(key)) continue
    pairs.add(key)
    out.push(...wrapWords(`correlated: ${p.path} trades off against ${p.with}; only their combination is pinned down.`, width, INDENT + INDENT, INDENT).map(s.dim))
  }
  return out
}

const segmentLines = (r: CalibrationResult, width: number, s: Styles): string[] => {
  const out: string[] = []
  for (const g of r.fidelity.segments) {
    const verdict = verdictStyle(s, g.verdict)(g.verdict)
    const tail = ` · n ${grouped(g.n)} · distance ${numberOrMissing(g.distance, 3)} vs ceiling ${numberOrMissing(g.noiseCeiling, 3)} · `
    const room = width - widthOf(tail) - widthOf(g.verdict)
    // The segment's id beside its label when there is room for both.
    const withId = `${clean(g.label)} (${clean(g.segment)})`
    const name = widthOf(withId) <= room ? withId : truncate(clean(g.label), Math.max(8, room))
    out.push(widthOf(name) + widthOf(tail) + widthOf(g.verdict) <= width ? s.bold(name) + tail + verdict : s.bold(truncate(name, width)))
    const rows: Array<{ label: string; observed: string; simulated: string; distance: string; ceiling: string; ratio: string; verdict: string; o: OutcomeFidelity }> = []
    for (const o of g.outcomes) {
      const figures = headlineFigures(o)
      figures.forEach((f, i) => {
        const first = i === 0
        rows.push({
          label: figureLabel(o, f, figures.length === 1),
          observed: f.observed === undefined ? MISSING : `${figureText(f.observed.value, f.unit)} ${intervalText(f.observed, f.unit)}`,
          simulated: figureText(f.simulated, f.unit),
          distance: first ? numberOrMissing(o.distance, 3) : "",
          ceiling: first ? numberOrMissing(o.noiseCeiling, 3) : "",
          ratio: first ? numberOrMissing(o.varianceRatio, 2) : "",
          verdict: first ? o.verdict : "",
          o
        })
      })
    }
    const lines = table(
      { header: "Outcome", cells: rows.map((x) => x.label) },
      [
        { header: "Observed [95%]", cells: rows.map((x) => x.observed) },
        { header: "Sim.", cells: rows.map((x) => x.simulated) },
        { header: "Dist.", cells: rows.map((x) => x.distance) },
        { header: "Ceil.", cells: rows.map((x) => x.ceiling) },
        { header: "Var.", cells: rows.map((x) => x.ratio) },
        { header: "Verdict", cells: rows.map((x) => x.verdict), align: "left" }
      ],
      width,
      INDENT
    )
    out.push(s.dim(lines[0] ?? ""), ...lines.slice(1).map((l, i) => {
      const row = rows[i]
      return row === undefined || row.verdict === "" ? l : styleEnd(l, row.verdict, verdictStyle(s, row.o.verdict))
    }))
    if (g.outcomes.length === 0) out.push(s.dim(`${INDENT}no outcome answered by check respondents`))
    out.push("")
  }
  return out
}

/** "CSAT = Q1 satisfaction, Recommend = recommend_0_10": each outcome's column, once. */
const columnsText = (r: CalibrationResult): string => {
  const seen = new Map<string, string>()
  for (const g of r.fidelity.segments) for (const o of g.outcomes) seen.set(`${o.kind}\u0000${o.column}`, `${outcomeNames[o.kind]} = ${o.column}`)
  return [...seen.values()].join(", ")
}

/**
 * Render a calibration for a terminal.
 *
 * @example
 * ```ts
 * // The caller decides on color, from NO_COLOR and whether stdout is a terminal.
 * process.stdout.write(renderCalibrationTable(result, { color: process.stdout.isTTY && !process.env["NO_COLOR"] }))
 * ```
 */
export const renderCalibrationTable = (r: CalibrationResult, options: CalibrationTableOptions = {}): string => {
  const s = styles(options.color ?? false)
  const width = Math.max(72, Math.floor(options.width ?? 80))
  const para = (text: string): string[] => wrapWords(text, width, INDENT)
  // The first line starts with "cxsim ": that is how a later --out knows the file is ours.
  const engine = `cxsim ${clean(r.engine.version)} · calibration · `
  const out: string[] = [
    engine + s.bold(truncate(`${clean(r.scenario.title)} (${clean(r.scenario.name)})`, width - widthOf(engine))),
    ...para(`${variantText(r)} · seed ${r.seed} · ${grouped(r.customers)} synthetic customers per evaluation`),
    ...para(`survey ${r.survey.file}: ${grouped(r.survey.rows)} respondents; rows dropped: ${droppedText(r)}`),
    ...para(splitText(r)),
    ...para(`outcomes: ${columnsText(r) || "none"}`),
    ...para(`fit: ${optimizerText(r)}`),
    ...para(`intervals: ${intervalsText(r)}`),
    ""
  ]
  out.push(...(r.parameters.length === 0 ? [s.dim("No free parameters.")] : parameterLines(r, width, s)), "")

  const f = r.fidelity
  const verdict = verdictStyle(s, f.verdict)(f.verdict)
  const head = `Fidelity on the check respondents: distance ${numberOrMissing(f.distance, 3)}, ceiling ${numberOrMissing(f.noiseCeiling, 3)} · `
  out.push(widthOf(head) + widthOf(f.verdict) <= width ? s.bold(head) + verdict : s.bold(truncate(head + f.verdict, width)), "")
  out.push(...segmentLines(r, width, s))

  if (r.warnings.length > 0) {
    out.push(s.bold("Warnings"))
    for (const w of r.warnings) out.push(...wrapWords(w, width, INDENT + INDENT, `${INDENT}- `).map(s.yellow))
    out.push("")
  }
  out.push(...wrapWords(TABLE_LEGEND, width).map(s.dim))
  return `${out.map((l) => l.trimEnd()).join("\n")}\n`
}
