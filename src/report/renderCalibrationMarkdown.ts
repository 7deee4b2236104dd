/**
 * The calibration as GitHub-flavoured Markdown, for a pull-request comment or a wiki page: what
 * was fitted to what, the parameters table, one fidelity table per segment, the warnings, and a
 * legend. The same content as the terminal table, without its width limit.
 */
import type { CalibrationResult } from "../calibrate/CalibrationResult.js"
import { grouped } from "./format.js"
import {
  droppedText,
  estimateText,
  FIDELITY_LEGEND,
  figureLabel,
  figureText,
  headlineFigures,
  intervalsText,
  intervalText,
  numberOrMissing,
  optimizerText,
  outcomeNames,
  parameterDigits,
  splitText,
  statusMeaning,
  statusText,
  variantText
} from "./renderCalibrationFormat.js"
import { mdTable } from "./renderComparisonMarkdown.js"
import { escapeMarkdown } from "./renderMarkdown.js"

/** The first line (what `--out` and the checksum recognise as cxsim's Markdown). */
export const CALIBRATION_MARKER = "<!-- cxsim calibration -->"

/** Text from a file as inline code: one line, no backtick to end it early, pipes escaped for tables. */
const code = (s: string): string => `\`${s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ").replace(/`/g, "'").replace(/\|/g, "\\|")}\``

const verdictCell = (v: "good" | "fair" | "poor"): string => (v === "poor" ? "**poor**" : v)

/**
 * Render a calibration as Markdown.
 *
 * @example
 * ```ts
 * await fs.writeFile("calibration.md", renderCalibrationMarkdown(result))
 * ```
 */
export const renderCalibrationMarkdown = (r: CalibrationResult): string => {
  const f = r.fidelity
  const out: string[] = [
    CALIBRATION_MARKER,
    `# Calibration: ${escapeMarkdown(r.scenario.title)}`,
    "",
    `Scenario ${escapeMarkdown(r.scenario.name)}, ${escapeMarkdown(variantText(r))}; survey ${code(r.survey.file)} ` +
      `(${grouped(r.survey.rows)} respondents; rows dropped: ${escapeMarkdown(droppedText(r))}); seed ${r.seed}; ` +
      `${grouped(r.customers)} synthetic customers per evaluation; cxsim ${escapeMarkdown(r.engine.version)}.`,
    "",
    `${escapeMarkdown(splitText(r))}. Fit: ${escapeMarkdown(optimizerText(r))}. Intervals: ${escapeMarkdown(intervalsText(r))}.`,
    "",
    `**Fidelity on the check respondents: ${verdictCell(f.verdict).replace(/\*/g, "")}** — distance ${numberOrMissing(f.distance, 3)} ` +
      `against a noise ceiling of ${numberOrMissing(f.noiseCeiling, 3)}.`,
    "",
    "## Parameters",
    ""
  ]
  if (r.parameters.length === 0) out.push("No free parameters.")
  else
    out.push(
      ...mdTable(
        ["Parameter", "Bounds", "Start", "Estimate [95% interval]", "Status"],
        ["left", "right", "right", "left", "left"],
        r.parameters.map((p) => {
          const d = parameterDigits(p)
          return [
            code(p.path),
            `${numberOrMissing(p.bounds[0], d)} – ${numberOrMissing(p.bounds[1], d)}`,
            numberOrMissing(p.start, d),
            estimateText(p),
            p.status === "identified" ? statusText(p) : `*${statusText(p)}*${p.with === undefined ? "" : ` with ${code(p.with)}`}`
          ]
        })
      )
    )
  const unclear = r.parameters.filter((p) => p.status !== "identified")
  if (unclear.length > 0) {
    out.push("", ...unclear.map((p) => `- ${code(p.path)} — *${statusText(p)}*: ${escapeMarkdown(statusMeaning(p))}.`))
  }
  out.push("", "## Fidelity by segment", "")
  for (const g of f.segments) {
    out.push(
      `### ${escapeMarkdown(g.label)} (${escapeMarkdown(g.segment)})`,
      "",
      `${grouped(g.n)} check respondents; distance ${numberOrMissing(g.distance, 3)} against a ceiling of ${numberOrMissing(g.noiseCeiling, 3)}: ${verdictCell(g.verdict)}.`,
      ""
    )
    if (g.outcomes.length === 0) {
      out.push("No outcome answered by check respondents.", "")
      continue
    }
    const rows: string[][] = []
    for (const o of g.outcomes) {
      const figures = headlineFigures(o)
      figures.forEach((x, i) => {
        const first = i === 0
        rows.push([
          `${escapeMarkdown(figureLabel(o, x, figures.length === 1))}${first ? ` (${code(o.column)})` : ""}`,
          figureText(x.observed?.value, x.unit),
          intervalText(x.observed, x.unit),
          figureText(x.simulated, x.unit),
          first ? numberOrMissing(o.distance, 3) : "",
          first ? numberOrMissing(o.noiseCeiling, 3) : "",
          first ? numberOrMissing(o.varianceRatio, 2) : "",
          first ? verdictCell(o.verdict) : ""
        ])
      })
    }
    out.push(
      ...mdTable(
        ["Outcome", "Observed", "95% interval", "Simulated", "Distance", "Noise ceiling", "Variance ratio", "Verdict"],
        ["left", "right", "right", "right", "right", "right", "right", "left"],
        rows
      ),
      ""
    )
  }
  if (r.warnings.length > 0) out.push("## Warnings", "", ...r.warnings.map((w) => `- ${escapeMarkdown(w)}`), "")
  const kinds = [...new Set(f.segments.flatMap((g) => g.outcomes.map((o) => o.kind)))]
  out.push(
    "---",
    "",
    [
      ...FIDELITY_LEGEND.map((l) => `${l.charAt(0).toUpperCase()}${l.slice(1)}.`),
      `Outcomes: ${kinds.map((k) => outcomeNames[k]).join(", ") || "none"}; shares in %, intervals 95%.`,
      "The verdict compares each distance with its noise ceiling (docs/calibrate.md)."
    ]
      .map(escapeMarkdown)
      .join(" ")
  )
  return `${out.join("\n")}\n`
}
