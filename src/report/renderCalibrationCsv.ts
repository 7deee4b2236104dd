/**
 * The calibration's fidelity as CSV, for a spreadsheet or a plot: one row per segment, outcome
 * and figure — the share of each answer, then the headline figures (mean, top-2 box, NPS, rate) —
 * observed with its 95% interval against simulated, with the outcome's distance, noise ceiling,
 * variance ratio and verdict. Shares as in the JSON (0..1), NPS in points. RFC 4180 with CRLF
 * line ends, fields as `csvField` writes them (text guarded against escapes and formulas). The
 * parameters are in the JSON; a CSV file holds one table.
 */
import type { CalibrationResult, Interval, OutcomeFidelity, SegmentFidelity } from "../calibrate/CalibrationResult.js"
import { csvField } from "./csvField.js"
import { headlineFigures } from "./renderCalibrationFormat.js"

/** The header row's names, in order. */
export const calibrationCsvColumns = [
  "scenario",
  "variant",
  "seed",
  "segment",
  "label",
  "kind",
  "column",
  "n",
  "figure",
  "answer",
  "observed",
  "observed_lower",
  "observed_upper",
  "simulated",
  "distance",
  "noise_ceiling",
  "variance_ratio",
  "verdict"
] as const

type Cell = string | number

const row = (r: CalibrationResult, g: SegmentFidelity, o: OutcomeFidelity, figure: string, answer: string, observed: Interval | undefined, simulated: number | undefined): Cell[] => [
  r.scenario.name,
  r.variant ?? "",
  r.seed,
  g.segment,
  g.label,
  o.kind,
  o.column,
  o.n,
  figure,
  answer,
  observed?.value ?? Number.NaN,
  observed?.lower ?? Number.NaN,
  observed?.upper ?? Number.NaN,
  simulated ?? Number.NaN,
  o.distance,
  o.noiseCeiling,
  o.varianceRatio,
  o.verdict
]

/**
 * Render a calibration's fidelity as CSV (a number that is missing or not finite is an empty
 * field; the variant is empty for the baseline).
 *
 * @example
 * ```ts
 * await fs.writeFile("fidelity.csv", renderCalibrationCsv(result))
 * ```
 */
export const renderCalibrationCsv = (r: CalibrationResult): string => {
  const rows: Cell[][] = [[...calibrationCsvColumns]]
  for (const g of r.fidelity.segments) {
    for (const o of g.outcomes) {
      for (const s of o.shares) rows.push(row(r, g, o, "share", s.label, s.observed, s.simulated))
      for (const f of headlineFigures(o)) rows.push(row(r, g, o, f.name, "", f.observed, f.simulated))
    }
  }
  return rows.map((cells) => `${cells.map(csvField).join(",")}\r\n`).join("")
}
