/**
 * The run report as one self-contained HTML page: what was run (so it can be reproduced), the
 * headline figures, then charts with their numbers — CSAT, NPS, churn and revenue per segment
 * with 95% intervals, the CSAT answers per segment, the journey as a funnel with where customers
 * gave up, retention over the horizon, and the pain points and drivers.
 */
import { hasCustomers, NO_DATA, type Estimate, type FilledSegment, type Report, type SegmentReport } from "../Report.js"
import { fixed, grouped, percent, periods, plusMinus, rows, signed, variantName } from "../format.js"
import { revenueLabel } from "../comparisonFormat.js"
import { barChart, intervalChart, lineChart, PERCENT } from "./charts.js"
import { cellHtml, countCell, escapeHtml, figure, num, page, palette, section, seriesColours, shellWord, table, type Cell } from "./page.js"
import { ink } from "./svg.js"

/** Where a segment is in the report: "segments.2", or "overall". */
const keyOf = (report: Report, s: SegmentReport): string => (s === report.overall ? "overall" : `segments.${report.segments.indexOf(s)}`)

/** A segment's colour in every chart of the page; the overall row is drawn in the text colour. */
const colourOf = (report: Report, s: SegmentReport): string =>
  s === report.overall ? palette.grey : (seriesColours[report.segments.indexOf(s) % seriesColours.length] as string)

/** The touchpoint's label, or its id. */
const touchpointLabel = (report: Report, id: string): string => report.touchpoints.find((t) => t.id === id)?.label ?? id

interface Level {
  readonly id: string
  readonly title: string
  readonly axis: string
  /** Where the estimate is in a segment, and how to read it. */
  readonly path: string
  readonly get: (s: FilledSegment) => Estimate
  /** The estimate as shown (percent for shares). */
  readonly scale: number
  readonly digits: number
  readonly higherIsBetter: boolean
}

const levels = (report: Report): ReadonlyArray<Level> => [
  { id: "csat", title: "CSAT by segment", axis: "CSAT (1–5, mean answer)", path: "csat", get: (s) => s.csat, scale: 1, digits: 2, higherIsBetter: true },
  { id: "nps", title: "NPS by segment", axis: "NPS (points, −100 to 100)", path: "nps", get: (s) => s.nps, scale: 1, digits: 1, higherIsBetter: true },
  {
    id: "churn",
    title: `Churn within ${periods(report.horizon)} by segment`,
    axis: "Churn (% of the segment)",
    path: "churn",
    get: (s) => ({ mean: s.churn.rate, lower: s.churn.lower, upper: s.churn.upper }),
    scale: 100,
    digits: 1,
    higherIsBetter: false
  },
  {
    id: "revenue",
    title: "Revenue per customer by segment",
    axis: `Revenue per customer (${report.currency})`,
    path: "revenue.perCustomer",
    get: (s) => s.revenue.perCustomer,
    scale: 1,
    digits: 2,
    higherIsBetter: true
  }
]

/** The segments with customers, then the overall row: what a chart can draw. */
const filledRows = (report: Report): ReadonlyArray<FilledSegment> => rows(report).filter(hasCustomers)

/** The segments no customer belongs to, said in a chart's description: "Kids has no customers (—)." */
const emptyNote = (report: Report): string => {
  const empty = report.segments.filter((s) => !hasCustomers(s)).map((s) => s.label)
  return empty.length === 0 ? "" : ` ${empty.join(", ")} ${empty.length === 1 ? "has" : "have"} no customers (${NO_DATA}).`
}

const levelFigure = (report: Report, l: Level): string => {
  const segs = rows(report)
  const show = (x: number): string => fixed(l.scale * x, l.digits) + (l.scale === 100 ? "%" : "")
  const mean = l.path === "churn" ? "rate" : "mean"
  const ranked = report.segments.filter(hasCustomers).sort((a, b) => l.get(b).mean - l.get(a).mean)
  const best = l.higherIsBetter ? ranked[0] : ranked[ranked.length - 1]
  const worst = l.higherIsBetter ? ranked[ranked.length - 1] : ranked[0]
  const o = l.get(report.overall)
  const description =
    `Each dot is a segment's estimate, the whiskers its 95% confidence interval; the dashed line is all customers (${show(o.mean)}). ` +
    (best !== undefined && worst !== undefined && best !== worst
      ? `Best: ${best.label} (${show(l.get(best).mean)}); worst: ${worst.label} (${show(l.get(worst).mean)}).`
      : "") +
    emptyNote(report)
  const svg = intervalChart(
    `run-${l.id}`,
    filledRows(report).map((s) => {
      const e = l.get(s)
      return { label: s.label, value: l.scale * e.mean, lower: l.scale * e.lower, upper: l.scale * e.upper, color: colourOf(report, s), bold: s === report.overall }
    }),
    l.axis,
    [{ value: l.scale * o.mean, label: "all", color: ink.axis }]
  )
  const tbl = table(
    ["Segment", "Estimate", "95% CI low", "95% CI high", "Customers"],
    segs.map((s) => {
      if (!hasCustomers(s)) return [s.label, NO_DATA, NO_DATA, NO_DATA, countCell(s.n, `${keyOf(report, s)}.n`)]
      const e = l.get(s)
      const k = `${keyOf(report, s)}.${l.path}`
      return [s.label, num(show(e.mean), e.mean, `${k}.${mean}`, l.scale), num(show(e.lower), e.lower, `${k}.lower`, l.scale), num(show(e.upper), e.upper, `${k}.upper`, l.scale), countCell(s.n, `${keyOf(report, s)}.n`)]
    })
  )
  return figure({ id: `fig-${l.id}`, title: l.title, description, svg, table: tbl })
}

/** CSAT answers 1 to 5, from unhappy to happy: vermillion, orange, grey, sky blue, blue. */
const answerColours = [palette.vermillion, palette.orange, palette.grey, palette.sky, palette.blue]

const answersFigure = (report: Report): string => {
  const segs = rows(report)
  const drawn = filledRows(report)
  const svg = barChart(
    "run-answers",
    drawn.map((s) => s.label),
    answerColours.map((color, a) => ({ name: `${a + 1}`, color, data: drawn.map((s) => 100 * (s.csat.distribution[a] ?? 0)) })),
    "Share of answers (%)",
    { stack: true, bounds: PERCENT, bold: new Set([drawn.length - 1]) }
  )
  const ranked = report.segments.filter(hasCustomers).sort((a, b) => b.csat.topTwoBox - a.csat.topTwoBox)
  const description =
    `How each segment answered the CSAT question, from 1 (very dissatisfied) to 5 (very satisfied). ` +
    `All customers: ${percent(report.overall.csat.topTwoBox, 1)} answered 4 or 5` +
    (ranked.length > 1 ? `; most satisfied: ${ranked[0]!.label} (${percent(ranked[0]!.csat.topTwoBox, 1)}), least: ${ranked[ranked.length - 1]!.label} (${percent(ranked[ranked.length - 1]!.csat.topTwoBox, 1)}).` : ".") +
    emptyNote(report)
  const tbl = table(
    ["Segment", "1", "2", "3", "4", "5", "Top 2 (4–5)"],
    segs.map((s) => !hasCustomers(s) ? [s.label, ...[0, 1, 2, 3, 4, 5].map(() => NO_DATA)] : [
      s.label,
      ...[0, 1, 2, 3, 4].map((a) => num(percent(s.csat.distribution[a] ?? 0, 1), s.csat.distribution[a] ?? 0, `${keyOf(report, s)}.csat.distribution.${a}`, 100)),
      num(percent(s.csat.topTwoBox, 1), s.csat.topTwoBox, `${keyOf(report, s)}.csat.topTwoBox`, 100)
    ])
  )
  return figure({ id: "fig-answers", title: "CSAT answers by segment", description, svg, table: tbl })
}

const funnelFigure = (report: Report): string => {
  const o = report.overall
  const tps = o.touchpoints
  const labels = [...tps.map((t) => touchpointLabel(report, t.touchpoint)), "Completed"]
  const svg = barChart(
    "run-funnel",
    labels,
    [
      { name: "Reached, went on", color: palette.blue, data: [...tps.map((t) => 100 * Math.max(0, t.reach - t.abandoned)), 100 * o.completion.rate] },
      { name: "Gave up here", color: palette.vermillion, data: [...tps.map((t) => 100 * t.abandoned), 0] }
    ],
    "Share of all customers (%)",
    { stack: true, bounds: PERCENT, bold: new Set([labels.length - 1]) }
  )
  const lost = [...o.abandonedAt].slice(0, 3)
  const description =
    `The journey's touchpoints in order: the bar is the share of all customers who reached each one, the vermillion part those who gave up there. ` +
    `${percent(o.completion.rate, 1)} completed the journey` +
    (lost.length === 0 ? "; nobody gave up." : `; most gave up at ${lost.map((a) => `${touchpointLabel(report, a.touchpoint)} (${percent(a.rate, 1)})`).join(", ")}.`)
  const segs = report.segments
  const tbl = table(
    ["Touchpoint", "Reached", "Gave up here", ...segs.map((s) => `Gave up: ${s.label}`)],
    tps.map((t, i) => [
      touchpointLabel(report, t.touchpoint),
      num(percent(t.reach, 1), t.reach, `overall.touchpoints.${i}.reach`, 100),
      num(percent(t.abandoned, 1), t.abandoned, `overall.touchpoints.${i}.abandoned`, 100),
      ...segs.map((s, k): Cell => {
        if (!hasCustomers(s)) return NO_DATA
        const row = s.touchpoints[i]
        return row === undefined || row.touchpoint !== t.touchpoint ? "" : num(percent(row.abandoned, 1), row.abandoned, `segments.${k}.touchpoints.${i}.abandoned`, 100)
      })
    ])
  )
  return figure({ id: "fig-funnel", title: "The journey: who reached each step, and where they gave up", description, svg, table: tbl })
}

const retentionFigure = (report: Report): string => {
  const segs = rows(report)
  const horizon = segs.reduce((h, s) => Math.max(h, s.retention?.length ?? 0), 0)
  const x = Array.from({ length: horizon }, (_, p) => String(p + 1))
  const svg = lineChart(
    "run-retention",
    x,
    filledRows(report).map((s) => ({ name: s.label, color: s === report.overall ? ink.text : colourOf(report, s), dashed: s === report.overall, data: s.retention.map((r) => 100 * r.retained) })),
    "Period",
    "Still active (%)",
    { bounds: PERCENT }
  )
  const last = (s: FilledSegment): number => s.retention[s.retention.length - 1]?.retained ?? NaN
  const ranked = report.segments.filter(hasCustomers).sort((a, b) => last(b) - last(a))
  const description =
    `Share of each segment still a customer at the end of each period, over ${periods(report.horizon)}. ` +
    `At the end: all customers ${percent(last(report.overall), 1)}` +
    (ranked.length > 1 ? `; most loyal ${ranked[0]!.label} (${percent(last(ranked[0]!), 1)}), least ${ranked[ranked.length - 1]!.label} (${percent(last(ranked[ranked.length - 1]!), 1)}).` : ".") +
    emptyNote(report)
  const tbl = table(
    ["Period", ...segs.map((s) => s.label)],
    x.map((p, i) => [p, ...segs.map((s): Cell => (!hasCustomers(s) ? NO_DATA : s.retention[i] === undefined ? "" : num(percent(s.retention[i].retained, 1), s.retention[i].retained, `${keyOf(report, s)}.retention.${i}.retained`, 100)))])
  )
  return figure({ id: "fig-retention", title: "Retention by segment", description, svg, table: tbl })
}

const painFigure = (report: Report): string => {
  const o = report.overall
  const ps = o.painPoints
  const svg = barChart(
    "run-pain",
    ps.map((p) => touchpointLabel(report, p.touchpoint)),
    [{ name: "Score", color: palette.vermillion, data: ps.map((p) => p.score) }],
    "Negative experience per customer"
  )
  const description =
    ps.length === 0
      ? "No touchpoint left a noticeably negative experience."
      : `Touchpoints ranked by the negative experience they add per customer: how many reach them times how bad it is for those who do. Worst: ${ps
          .slice(0, 3)
          .map((p) => `${touchpointLabel(report, p.touchpoint)} (${fixed(p.score, 2)})`)
          .join(", ")}.`
  const segs = filledRows(report)
  const tbl = table(
    ["Segment · touchpoint", "Reach", "Severity", "Score"],
    segs.flatMap((s) =>
      s.painPoints.map((p, i) => [
        `${s.label} · ${touchpointLabel(report, p.touchpoint)}`,
        num(percent(p.reach, 1), p.reach, `${keyOf(report, s)}.painPoints.${i}.reach`, 100),
        num(fixed(p.severity, 2), p.severity, `${keyOf(report, s)}.painPoints.${i}.severity`),
        num(fixed(p.score, 2), p.score, `${keyOf(report, s)}.painPoints.${i}.score`)
      ])
    )
  )
  return figure({ id: "fig-pain", title: "Pain points (all customers)", description, svg, table: tbl })
}

const driversFigure = (report: Report): string => {
  const ds = report.overall.drivers
  const svg = barChart(
    "run-drivers",
    ds.map((d) => touchpointLabel(report, d.touchpoint)),
    [{ name: "Impact", color: palette.blue, data: ds.map((d) => d.impact) }],
    "Satisfaction points (0–10) per SD"
  )
  const description =
    ds.length === 0
      ? "No touchpoint's experience moves satisfaction noticeably."
      : `Touchpoints whose experience moves satisfaction most, ranked by reach × impact: the bar is how many satisfaction points (0–10) one standard deviation of the touchpoint's experience moves. Strongest: ${ds
          .slice(0, 3)
          .map((d) => `${touchpointLabel(report, d.touchpoint)} (${signed(d.impact, 2)})`)
          .join(", ")}.`
  const segs = filledRows(report)
  const tbl = table(
    ["Segment · touchpoint", "Reach", "Correlation", "Impact"],
    segs.flatMap((s) =>
      s.drivers.map((d, i) => [
        `${s.label} · ${touchpointLabel(report, d.touchpoint)}`,
        num(percent(d.reach, 1), d.reach, `${keyOf(report, s)}.drivers.${i}.reach`, 100),
        num(fixed(d.correlation, 2), d.correlation, `${keyOf(report, s)}.drivers.${i}.correlation`),
        num(signed(d.impact, 2), d.impact, `${keyOf(report, s)}.drivers.${i}.impact`)
      ])
    )
  )
  return figure({ id: "fig-drivers", title: "Drivers of satisfaction (all customers)", description, svg, table: tbl })
}

/** The headline figures of all customers, as cards. */
const cards = (report: Report): string => {
  const o = report.overall
  const card = (label: string, cell: Cell, extra = ""): string =>
    `<div class="card"><span>${escapeHtml(label)}</span>${cellHtml(cell, "b")}${extra === "" ? "" : `<span>${escapeHtml(extra)}</span>`}</div>`
  const ci = (e: Estimate, d: number): string => `95% CI ${fixed(e.lower, d)} to ${fixed(e.upper, d)}`
  return [
    `<div class="cards">`,
    card("CSAT (1–5)", num(fixed(o.csat.mean, 2), o.csat.mean, "overall.csat.mean"), ci(o.csat, 2)),
    card("NPS", num(fixed(o.nps.mean, 1), o.nps.mean, "overall.nps.mean"), ci(o.nps, 1)),
    card("Effort, CES (1–7)", num(fixed(o.ces.mean, 2), o.ces.mean, "overall.ces.mean"), "lower is easier"),
    card("Completed the journey", num(percent(o.completion.rate, 1), o.completion.rate, "overall.completion.rate", 100)),
    card(`Churned within ${periods(report.horizon)}`, num(percent(o.churn.rate, 1), o.churn.rate, "overall.churn.rate", 100)),
    card(revenueLabel(report.currency).replace("/cust", " per customer"), num(fixed(o.revenue.perCustomer.mean, 2), o.revenue.perCustomer.mean, "overall.revenue.perCustomer.mean"), ci(o.revenue.perCustomer, 2)),
    `</div>`
  ].join("")
}

/** The command that reproduces a run: the scenario file is the one whose hash the report shows. */
export const runCommandLine = (report: Report): string =>
  ["cxsim run SCENARIO.yaml", ...(report.variant === null ? [] : ["--variant", shellWord(report.variant)]), "--seed", String(report.seed), "--customers", String(report.population), "--format html"].join(" ")

/**
 * Render a report as one self-contained HTML page (inline CSS and SVG charts, no script, no
 * network). The same report always gives the same bytes.
 *
 * @example
 * ```ts
 * await fs.writeFile("restaurant.html", renderHtml(await simulate("scenarios/restaurant.yaml")))
 * ```
 */
export const renderHtml = (report: Report): string => {
  const o = report.overall
  const variant = variantName(report)
  return page({
    kind: "report",
    title: `${report.scenario.title} — ${variant} — cxsim`,
    kicker: `cxsim run report · ${report.variant === null ? "baseline" : `variant ${variant}`}`,
    heading: report.scenario.title,
    meta: [
      ["Scenario", report.scenario.name],
      ["Variant", variant],
      ["Seed", num(String(report.seed), report.seed, "seed")],
      ["Customers", countCell(report.population, "population")],
      ["Horizon", periods(report.horizon)],
      ["cxsim", report.engine.version],
      ["Scenario hash", report.scenario.hash]
    ],
    command: runCommandLine(report),
    body: [
      `<p>${escapeHtml(
        `All ${grouped(o.n)} customers: CSAT ${plusMinus(o.csat, 2)}, NPS ${plusMinus(o.nps, 1)}, effort (CES) ${fixed(o.ces.mean, 2)}; ` +
          `${percent(o.completion.rate, 1)} completed the journey and ${percent(o.churn.rate, 1)} churned within ${periods(report.horizon)}. ` +
          `± is the 95% confidence interval.`
      )}</p>`,
      cards(report),
      section("segments", "Segments", `<p class="lead">${escapeHtml(`${report.segments.length} segments; every chart shows each segment and all customers (bold).`)}</p>`, levels(report).map((l) => levelFigure(report, l))),
      section("answers", "Satisfaction and loyalty", "", [answersFigure(report), retentionFigure(report)]),
      section("journey", "The journey, its pain points and drivers", "", [funnelFigure(report), painFigure(report), driversFigure(report)])
    ],
    footer: `Intervals: 95% confidence. Means: ${report.method.means}. Proportions: ${report.method.proportions}. NPS: ${report.method.nps}. ${report.method.survey}.`
  })
}
