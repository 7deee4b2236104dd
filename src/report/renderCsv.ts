/**
 * The CSV report: one row per segment, then the overall row, under a header row. RFC 4180: CRLF
 * line ends; fields as `csvField` writes them (text guarded against escapes and formulas).
 */
import type { Report, SegmentReport } from "./Report.js"
import { csvField } from "./csvField.js"
import { rows } from "./format.js"

type Cell = string | number

/** The columns, in order, and how each is read from the report and a segment. */
const COLUMNS: ReadonlyArray<readonly [string, (r: Report, s: SegmentReport) => Cell]> = [
  ["scenario", (r) => r.scenario.name],
  ["variant", (r) => r.variant ?? ""],
  ["seed", (r) => r.seed],
  ["population", (r) => r.population],
  ["segment", (_, s) => s.id],
  ["label", (_, s) => s.label],
  ["n", (_, s) => s.n],
  ["share", (_, s) => s.share],
  ["completion", (_, s) => s.completion.rate],
  ["completion_lower", (_, s) => s.completion.lower],
  ["completion_upper", (_, s) => s.completion.upper],
  ["abandonment", (_, s) => s.abandonment.rate],
  ["csat_mean", (_, s) => s.csat.mean],
  ["csat_lower", (_, s) => s.csat.lower],
  ["csat_upper", (_, s) => s.csat.upper],
  ...[0, 1, 2, 3, 4].map((i) => [`csat_${i + 1}`, (_: Report, s: SegmentReport) => s.csat.distribution[i] ?? ""] as const),
  ["nps", (_, s) => s.nps.mean],
  ["nps_lower", (_, s) => s.nps.lower],
  ["nps_upper", (_, s) => s.nps.upper],
  ["promoters", (_, s) => s.nps.promoters],
  ["passives", (_, s) => s.nps.passives],
  ["detractors", (_, s) => s.nps.detractors],
  ["ces_mean", (_, s) => s.ces.mean],
  ["ces_lower", (_, s) => s.ces.lower],
  ["ces_upper", (_, s) => s.ces.upper],
  ["complaints", (_, s) => s.complaints.rate],
  ["churn", (_, s) => s.churn.rate],
  ["churn_lower", (_, s) => s.churn.lower],
  ["churn_upper", (_, s) => s.churn.upper],
  ["revenue_per_customer", (_, s) => s.revenue.perCustomer.mean],
  ["cost_per_customer", (_, s) => s.revenue.costPerCustomer],
  ["margin_per_customer", (_, s) => s.revenue.marginPerCustomer],
  ["satisfaction_mean", (_, s) => s.satisfaction.mean]
]

/** The header row's names, in order. */
export const csvColumns: ReadonlyArray<string> = COLUMNS.map(([name]) => name)

/**
 * Render a report as CSV, one row per segment plus `overall`. The variant is empty for the
 * baseline.
 *
 * @example
 * ```ts
 * await fs.writeFile("restaurant.csv", renderCsv(report))
 * ```
 */
export const renderCsv = (report: Report): string =>
  [csvColumns, ...rows(report).map((s) => COLUMNS.map(([, get]) => get(report, s)))].map((cells) => `${cells.map(csvField).join(",")}\r\n`).join("")
