/**
 * The comparison as CSV, one row per variant, segment (then the overall row) and metric: the two
 * arms' means, the paired change with its 95% interval and half-width, the unpaired half-width,
 * and the segment's direction. RFC 4180: CRLF line ends; fields as `csvField` writes them (text
 * guarded against escapes and formulas). Completion and churn in percent, their changes in
 * percentage points, as in the JSON (`comparisonInPoints`).
 */
import { csvField } from "./csvField.js"
import { NO_DATA } from "./Report.js"
import { comparisonInPoints } from "./inPoints.js"
import { metrics, type ComparisonReport, type Metric, type SegmentDiff, type VariantComparison } from "../stats/Comparison.js"

type Cell = string | number | boolean

const COLUMNS: ReadonlyArray<readonly [string, (c: ComparisonReport, v: VariantComparison, s: SegmentDiff, m: Metric) => Cell]> = [
  ["scenario", (c) => c.scenario.name],
  ["variant", (_, v) => v.variant],
  ["seed", (c) => c.seed],
  ["population", (c) => c.population],
  ["segment", (_, __, s) => s.id],
  ["label", (_, __, s) => s.label],
  ["n", (_, __, s) => s.n],
  ["metric", (_, __, ___, m) => m],
  ["baseline_mean", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].baseline)],
  ["variant_mean", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].variant)],
  ["delta", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].delta)],
  ["lower", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].lower)],
  ["upper", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].upper)],
  ["significant", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].significant)],
  ["paired_half_width", (_, __, s, m) => (s.diffs === null ? NO_DATA : Math.round(((s.diffs[m].upper - s.diffs[m].lower) / 2) * 1e6) / 1e6)],
  ["unpaired_half_width", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].unpairedHalfWidth)],
  ["sd_difference", (_, __, s, m) => (s.diffs === null ? NO_DATA : s.diffs[m].sd)],
  ["direction", (_, __, s) => s.direction]
]

/** The header row's names, in order. */
export const comparisonCsvColumns: ReadonlyArray<string> = COLUMNS.map(([name]) => name)

/**
 * Render a comparison as CSV (long form: one row per variant, segment and metric).
 *
 * @example
 * ```ts
 * await fs.writeFile("compare.csv", renderComparisonCsv(comparison))
 * ```
 */
export const renderComparisonCsv = (c: ComparisonReport): string => {
  const rows: Cell[][] = []
  const inPoints = comparisonInPoints(c)
  for (const v of inPoints.variants) for (const s of [...v.segments, v.overall]) for (const m of metrics) rows.push(COLUMNS.map(([, get]) => get(c, v, s, m)))
  return [comparisonCsvColumns, ...rows].map((cells) => `${cells.map(csvField).join(",")}\r\n`).join("")
}
