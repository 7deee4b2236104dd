/**
 * The Markdown report (GitHub-flavoured): a title, a summary, the segment table, the CSAT answers
 * and retention by segment, then one section per segment with where its customers abandon, its
 * pain points and its drivers.
 */
import { hasCustomers, NO_DATA, type Report, type SegmentReport } from "./Report.js"
import { fixed, grouped, orDash, percent, periods, plusMinus, rows, signed, variantName } from "./format.js"

/** Text made safe for a table cell or a heading: Markdown's specials escaped, one line. */
export const escapeMarkdown = (s: string): string =>
  s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, " ")
    .replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`)
    .trim()

type Align = "left" | "right"

/** A table; cells are Markdown already (escape text with `escapeMarkdown`). */
const table = (headers: ReadonlyArray<string>, align: ReadonlyArray<Align>, body: ReadonlyArray<ReadonlyArray<string>>): string[] => {
  const line = (cells: ReadonlyArray<string>): string => `| ${cells.join(" | ")} |`
  return [line(headers), line(headers.map((_, i) => (align[i] === "right" ? "---:" : ":---"))), ...body.map(line)]
}

const touchpointName = (report: Report, id: string): string => {
  const label = report.touchpoints.find((t) => t.id === id)?.label
  return escapeMarkdown(label === undefined || label === id ? id : `${label} (${id})`)
}

const segmentSection = (report: Report, s: SegmentReport): string[] => {
  const name = (id: string): string => touchpointName(report, id)
  if (!hasCustomers(s)) return [`### ${escapeMarkdown(s.label)}`, "", `No customers (${NO_DATA}): no figures for this segment.`, ""]
  const out = [`### ${escapeMarkdown(s.label)}`, "", `${grouped(s.n)} customers (${percent(s.share, 1)} of the population).`, ""]
  out.push("**Where customers abandon**", "")
  if (s.abandonedAt.length === 0) out.push("No customer abandoned.")
  else out.push(...table(["Touchpoint", "Share of segment"], ["left", "right"], s.abandonedAt.map((a) => [name(a.touchpoint), percent(a.rate, 1)])))
  out.push("", "**Pain points**", "")
  if (s.painPoints.length === 0) out.push("No pain points.")
  else
    out.push(
      ...table(
        ["Touchpoint", "Reach", "Severity", "Score"],
        ["left", "right", "right", "right"],
        s.painPoints.map((p) => [name(p.touchpoint), percent(p.reach, 1), fixed(p.severity, 2), fixed(p.score, 2)])
      )
    )
  out.push("", "**Drivers**", "")
  if (s.drivers.length === 0) out.push("No drivers.")
  else
    out.push(
      ...table(
        ["Touchpoint", "Reach", "Correlation", "Impact"],
        ["left", "right", "right", "right"],
        s.drivers.map((d) => [name(d.touchpoint), percent(d.reach, 1), fixed(d.correlation, 2), signed(d.impact, 2)])
      )
    )
  out.push("")
  return out
}

/**
 * Render a report as GitHub-flavoured Markdown.
 *
 * @example
 * ```ts
 * await fs.writeFile("restaurant.md", renderMarkdown(report))
 * ```
 */
export const renderMarkdown = (report: Report): string => {
  const segs = rows(report)
  const o = report.overall
  const label = (s: SegmentReport): string => (s === o ? `**${escapeMarkdown(s.label)}**` : escapeMarkdown(s.label))
  const variant = report.variant === null ? "baseline" : `variant ${escapeMarkdown(variantName(report))}`
  const out: string[] = [
    // The marker tells a later --out that the file is ours.
    "<!-- cxsim report -->",
    `# ${escapeMarkdown(report.scenario.title)}`,
    "",
    `Scenario ${escapeMarkdown(report.scenario.name)}, ${variant}: population ${grouped(report.population)}, seed ${report.seed}, ` +
      `horizon ${periods(report.horizon)}; cxsim ${escapeMarkdown(report.engine.version)}.`,
    "",
    `Overall CSAT ${plusMinus(o.csat, 2)}, NPS ${plusMinus(o.nps, 1)}, CES ${fixed(o.ces.mean, 2)}; ` +
      `${percent(o.completion.rate, 1)} completed the journey and ${percent(o.churn.rate, 1)} churned within ${periods(report.horizon)}.`,
    "",
    "## Segments",
    "",
    ...table(
      ["Segment", "Share", "CSAT", "NPS", "CES", "Completion", "Churn", `Revenue per customer (${escapeMarkdown(report.currency)})`],
      ["left", "right", "right", "right", "right", "right", "right", "right"],
      segs.map((s) => [
        label(s),
        percent(s.share, 1),
        orDash(s, (f) => plusMinus(f.csat, 2)),
        orDash(s, (f) => plusMinus(f.nps, 1)),
        orDash(s, (f) => fixed(f.ces.mean, 2)),
        orDash(s, (f) => percent(f.completion.rate, 1)),
        orDash(s, (f) => percent(f.churn.rate, 1)),
        orDash(s, (f) => fixed(f.revenue.perCustomer.mean, 2))
      ])
    ),
    "",
    "## CSAT answers",
    "",
    ...table(
      ["Segment", "1", "2", "3", "4", "5", "Top 2"],
      ["left", "right", "right", "right", "right", "right", "right"],
      segs.map((s) => [
        label(s),
        ...[0, 1, 2, 3, 4].map((i) => orDash(s, (f) => percent(f.csat.distribution[i] ?? 0, 1))),
        orDash(s, (f) => percent(f.csat.topTwoBox, 1))
      ])
    ),
    "",
    "## Retention",
    "",
    "Share of each segment still active at the end of the period.",
    ""
  ]
  const horizon = segs.reduce((h, s) => Math.max(h, s.retention?.length ?? 0), 0)
  if (horizon === 0) out.push("No periods.")
  else
    out.push(
      ...table(
        ["Period", ...segs.map(label)],
        ["left", ...segs.map((): Align => "right")],
        Array.from({ length: horizon }, (_, p) => [String(p + 1), ...segs.map((s) => orDash(s, (f) => (f.retention[p] ? percent(f.retention[p].retained, 1) : "")))])
      )
    )
  out.push("", "## By segment", "")
  for (const s of segs) out.push(...segmentSection(report, s))
  out.push(
    "---",
    "",
    "CSAT 1–5 · NPS −100..100 · CES 1 (easy) to 7 (hard) · ± = 95% confidence interval. " +
      "Pain point score: negative experience a touchpoint adds per customer (reach × severity). " +
      "Driver impact: satisfaction points (0–10) that one standard deviation of the touchpoint's experience moves; " +
      "drivers are ranked by reach × impact."
  )
  return `${out.join("\n")}\n`
}
