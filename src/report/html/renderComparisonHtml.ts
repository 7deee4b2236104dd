/**
 * The comparison as one self-contained HTML page: per variant, its headline with who gains and
 * who loses, then a forest plot per metric — each segment's paired change (variant − baseline)
 * with its 95% interval around zero, coloured by whether it helps, hurts or does not count — and
 * the table of baseline, variant and change behind each.
 */
import { pct } from "../inPoints.js"
import { directionMetrics, shareMetrics, type ComparisonReport, type Metric, type SegmentDiff, type VariantComparison } from "../../stats/Comparison.js"
import { changeList, counts, improves } from "../../stats/compare.js"
import { changeText, changeUnit, intervalBounds, levelText, metricLabel, mixNote } from "../comparisonFormat.js"
import { grouped } from "../format.js"
import { NO_DATA } from "../Report.js"
import { intervalChart } from "./charts.js"
import { countCell, escapeHtml, figure, num, page, palette, section, shellWord, table } from "./page.js"
import { ink } from "./svg.js"

/** The metrics drawn, in this order: the judged ones, then revenue. */
const drawn: ReadonlyArray<Metric> = [...directionMetrics, "revenue"]

const scaleOf = (m: Metric): number => (shareMetrics.has(m) ? 100 : 1)

/** Blue when the change helps and counts, vermillion when it hurts and counts, grey otherwise. */
const colourOf = (m: Metric, s: SegmentDiff): string => {
  if (s.diffs === null) return palette.grey
  const d = s.diffs[m]
  if (m === "revenue" ? !d.significant : !counts(m, d)) return palette.grey
  return improves(m, d) ? palette.blue : palette.vermillion
}

const forestFigure = (c: ComparisonReport, vi: number, m: Metric): string => {
  const v = c.variants[vi] as VariantComparison
  const rows: ReadonlyArray<SegmentDiff> = [...v.segments, v.overall]
  const scale = scaleOf(m)
  const json = (x: number): number => (scale === 100 ? pct(x) : x)
  const keyOf = (s: SegmentDiff): string => `variants.${vi}.${s === v.overall ? "overall" : `segments.${v.segments.indexOf(s)}`}.diffs.${m}`
  const label = m === "revenue" ? `Revenue per customer (${c.currency})` : metricLabel(m, c.currency)
  const unit = changeUnit(m, c.currency)
  const svg = intervalChart(
    `cmp-${vi}-${m}`,
    rows.flatMap((s) => {
      // An empty segment has no change to draw: the table shows it with "—".
      if (s.diffs === null) return []
      const d = s.diffs[m]
      return { label: s.label, value: scale * d.delta, lower: scale * d.lower, upper: scale * d.upper, color: colourOf(m, s), bold: s === v.overall }
    }),
    `Change (${unit})`,
    [{ value: 0, label: "no change", color: ink.axis }]
  )
  const helps = v.segments.filter((s) => colourOf(m, s) === palette.blue).map((s) => s.label)
  const hurts = v.segments.filter((s) => colourOf(m, s) === palette.vermillion).map((s) => s.label)
  const o = v.overall.diffs[m]
  const description =
    `Paired change (${v.variant} − baseline) per segment with its 95% interval, in ${unit}; the dashed line is no change. ` +
    `All customers: ${changeText(m, o.delta)}${o.significant ? "" : " (not significant)"}. ` +
    (helps.length > 0 ? `Better for ${helps.join(", ")}. ` : "") +
    (hurts.length > 0 ? `Worse for ${hurts.join(", ")}. ` : "") +
    (helps.length === 0 && hurts.length === 0 ? "No segment changes by a noticeable, significant amount." : "")
  const tbl = table(
    ["Segment", "Baseline", "Variant", "Change", "95% CI low", "95% CI high", "Significant"],
    rows.map((s) => {
      if (s.diffs === null) return [s.label, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA]
      const d = s.diffs[m]
      const k = keyOf(s)
      const [lower, upper] = intervalBounds(m, d)
      return [
        s.label,
        // The numbers as the JSON output gives them: shares in percent (report/inPoints.ts).
        num(levelText(m, d.baseline), json(d.baseline), `${k}.baseline`),
        num(levelText(m, d.variant), json(d.variant), `${k}.variant`),
        num(changeText(m, d.delta), json(d.delta), `${k}.delta`),
        num(lower, json(d.lower), `${k}.lower`),
        num(upper, json(d.upper), `${k}.upper`),
        d.significant ? "yes" : "no"
      ]
    })
  )
  return figure({ id: `fig-${vi}-${m}`, title: `${label}: change by segment`, description, svg, table: tbl })
}

const names = (v: VariantComparison, ids: ReadonlyArray<string>): string =>
  ids.map((id) => v.segments.find((s) => s.id === id)?.label ?? id).join(", ")

const variantSection = (c: ComparisonReport, vi: number): string => {
  const v = c.variants[vi] as VariantComparison
  const gainers = v.winners.length === 0 ? "nobody" : names(v, v.winners)
  const losers = v.losers.length === 0 ? "nobody" : names(v, v.losers)
  const why = (id: string, want: "better" | "worse"): string => {
    const s = v.segments.find((x) => x.id === id)
    const list = s === undefined ? "" : changeList(s, want, 3)
    return list === "" ? "" : ` (${list})`
  }
  const mix = mixNote(c.baseline, v.report)
  const lead = [
    v.description === "" ? "" : `<p><em>${escapeHtml(v.description)}</em></p>`,
    `<div class="callout"><p><strong>${escapeHtml(v.headline)}</strong></p>`,
    `<p><span class="gain">Gains:</span> ${escapeHtml(v.winners.length === 0 ? gainers : v.winners.map((id) => `${names(v, [id])}${why(id, "better")}`).join("; "))}</p>`,
    `<p><span class="loss">Loses:</span> ${escapeHtml(v.losers.length === 0 ? losers : v.losers.map((id) => `${names(v, [id])}${why(id, "worse")}`).join("; "))}</p>`,
    mix === undefined ? "" : `<p>${escapeHtml(mix)}</p>`,
    "</div>"
  ].join("")
  return section(`variant-${vi}`, `Variant ${v.variant}`, lead, drawn.map((m) => forestFigure(c, vi, m)))
}

/** The command that reproduces a comparison: the scenario file is the one whose hash the report shows. */
const commandLine = (c: ComparisonReport): string =>
  ["cxsim compare SCENARIO.yaml", "--variants", shellWord(c.variants.map((v) => v.variant).join(",")), "--seed", String(c.seed), "--customers", String(c.population), "--format html"].join(" ")

/**
 * Render a comparison as one self-contained HTML page (inline CSS and SVG charts, no script, no
 * network). The same comparison always gives the same bytes.
 *
 * @example
 * ```ts
 * await fs.writeFile("compare.html", renderComparisonHtml(await compare(baseline, [variant])))
 * ```
 */
export const renderComparisonHtml = (c: ComparisonReport): string =>
  page({
    kind: "comparison",
    title: `${c.scenario.title} — comparison — cxsim`,
    kicker: `cxsim comparison · ${c.variants.length} variant${c.variants.length === 1 ? "" : "s"} against the baseline`,
    heading: c.scenario.title,
    meta: [
      ["Scenario", c.scenario.name],
      ["Variants", c.variants.map((v) => v.variant).join(", ")],
      ["Seed", num(String(c.seed), c.seed, "seed")],
      ["Customers in each arm", countCell(c.population, "population")],
      ["cxsim", c.engine.version],
      ["Scenario hash", c.scenario.hash]
    ],
    command: commandLine(c),
    body: [
      `<p>${escapeHtml(
        `The baseline and each variant ran on the same ${grouped(c.population)} synthetic customers, so each change is measured customer by customer (paired). ` +
          "In each chart a dot is a segment's change and the whiskers its 95% interval: blue helps, vermillion hurts, grey is not a noticeable, significant change."
      )}</p>`,
      `<ul>${c.variants.map((v, i) => `<li><a href="#variant-${i}">${escapeHtml(v.variant)}</a>: ${escapeHtml(v.headline)}</li>`).join("")}</ul>`,
      ...c.variants.map((_, i) => variantSection(c, i))
    ],
    footer: `Pairing: ${c.method.pairing}. Interval: ${c.method.interval}. Direction: ${c.method.direction}.`
  })
