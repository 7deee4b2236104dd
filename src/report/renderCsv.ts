/**
 * The CSV report: one row per segment, then the overall row, under a header row. RFC 4180: CRLF
 * line ends; fields as `csvField` writes them (text guarded against escapes and formulas).
 */
import { hasCustomers, NO_DATA, type FilledSegment, type Report, type SegmentReport } from "./Report.js"
import { csvField } from "./csvField.js"
import { rows } from "./format.js"

type Cell = string | number

/** A figure column: read from a segment with customers; "—" for an empty segment. */
const figure = (name: string, get: (s: FilledSegment) => Cell): readonly [string, (r: Report, s: SegmentReport) => Cell] => [
  name,
  (_, s) => (hasCustomers(s) ? get(s) : NO_DATA)
]

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
  figure("completion", (s) => s.completion.rate),
  figure("completion_lower", (s) => s.completion.lower),
  figure("completion_upper", (s) => s.completion.upper),
  figure("abandonment", (s) => s.abandonment.rate),
  figure("csat_mean", (s) => s.csat.mean),
  figure("csat_lower", (s) => s.csat.lower),
  figure("csat_upper", (s) => s.csat.upper),
  ...[0, 1, 2, 3, 4].map((i) => figure(`csat_${i + 1}`, (s) => s.csat.distribution[i] ?? "")),
  figure("nps", (s) => s.nps.mean),
  figure("nps_lower", (s) => s.nps.lower),
  figure("nps_upper", (s) => s.nps.upper),
  figure("promoters", (s) => s.nps.promoters),
  figure("passives", (s) => s.nps.passives),
  figure("detractors", (s) => s.nps.detractors),
  figure("ces_mean", (s) => s.ces.mean),
  figure("ces_lower", (s) => s.ces.lower),
  figure("ces_upper", (s) => s.ces.upper),
  figure("complaints", (s) => s.complaints.rate),
  figure("churn", (s) => s.churn.rate),
  figure("churn_lower", (s) => s.churn.lower),
  figure("churn_upper", (s) => s.churn.upper),
  figure("revenue_per_customer", (s) => s.revenue.perCustomer.mean),
  figure("cost_per_customer", (s) => s.revenue.costPerCustomer),
  figure("margin_per_customer", (s) => s.revenue.marginPerCustomer),
  figure("satisfaction_mean", (s) => s.satisfaction.mean)
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
