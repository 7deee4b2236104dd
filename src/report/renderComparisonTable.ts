/**
 * The terminal view of a comparison: per variant, its headline, the overall change of every
 * metric with its paired interval beside the unpaired half-width, who wins and who loses, the
 * change by segment, the touchpoints that explain it, and planning figures; then the method.
 * Every line fits the width (80 columns by default).
 */
import type { ComparisonReport, Metric, SegmentDiff, VariantComparison, Planning } from "../stats/Comparison.js"
import { directionMetrics, metrics } from "../stats/Comparison.js"
import { NO_DATA } from "./Report.js"
import { changeList } from "../stats/compare.js"
import {
  changeText,
  compactChange,
  halfText,
  intervalText,
  levelText,
  metricLabel,
  mixNote,
  pairingGain,
  revenueLabel
} from "./comparisonFormat.js"
import { fixed, grouped, periods, signed } from "./format.js"
import { clean, styles, table, truncate, widthOf, wrapWords, type Styles } from "./text.js"

export interface ComparisonTableOptions {
  /**
   * Style the text with ANSI escape codes (bold headings, dim notes, coloured directions). The
   * caller decides: false when NO_COLOR is set or the output is not a terminal.
   * @default false
   */
  readonly color?: boolean
  /**
   * The longest a line may be, in columns; widths below `MIN_WIDTH` are raised to it.
   * @default 80
   */
  readonly width?: number
}

/** The narrowest width the view fits. */
export const MIN_WIDTH = 72

/** Touchpoints listed per segment under "Why". */
const TOP = 3

const directionStyle = (s: Styles, d: SegmentDiff["direction"]): ((x: string) => string) =>
  d === "better" ? s.green : d === "worse" ? s.red : d === "mixed" ? s.yellow : s.dim

const overallTable = (c: ComparisonReport, v: VariantComparison, width: number): string[] => {
  const o = v.overall.diffs
  const rows = metrics
  return table(
    { header: "All customers", cells: rows.map((m) => metricLabel(m, c.currency)) },
    [
      { header: "Baseline", cells: rows.map((m) => levelText(m, o[m].baseline)) },
      { header: "Variant", cells: rows.map((m) => levelText(m, o[m].variant)) },
      { header: "Change", cells: rows.map((m) => `${changeText(m, o[m].delta)}${o[m].significant ? "*" : " "}`) },
      { header: "Paired 95% CI", cells: rows.map((m) => intervalText(m, o[m])), align: "left" },
      { header: "Unpaired", cells: rows.map((m) => halfText(m, o[m].unpairedHalfWidth)) }
    ],
    width
  )
}

const segmentRows = (v: VariantComparison): ReadonlyArray<SegmentDiff> => [...v.segments, v.overall]

/** The change of the judged metrics per segment, columns dropped from the right if too wide. */
const segmentTable = (v: VariantComparison, width: number): string[] => {
  const segs = segmentRows(v)
  const col = (m: Metric, header: string) => ({ header, cells: segs.map((s) => compactChange(m, s.diffs?.[m] ?? null)) })
  return table(
    { header: "Segment", cells: segs.map((s) => clean(s.label)) },
    [
      { header: "n", cells: segs.map((s) => grouped(s.n)) },
      col("nps", "NPS"),
      col("csat", "CSAT"),
      col("ces", "CES"),
      col("churn", "Churn pts"),
      col("completion", "Done pts")
    ],
    width
  )
}

/** "kitchen -0.61 · pay +0.03": the touchpoints whose contribution changed most, as many as fit. */
const attributionText = (s: SegmentDiff, w: number): string => {
  const parts = s.attribution.filter((a) => Math.abs(a.contribution) >= 0.005).slice(0, TOP).map((a) => `${clean(a.touchpoint)} ${signed(a.contribution, 2)}`)
  for (let k = parts.length; k > 0; k--) {
    const text = parts.slice(0, k).join(" · ")
    if (widthOf(text) <= w) return text
  }
  return truncate(parts[0] ?? "", w)
}

const planningLines = (c: ComparisonReport, p: Planning, v: VariantComparison, width: number): string[] => {
  const out: string[] = []
  const mde = directionMetrics
    .map((m) => `${metricLabel(m, c.currency).replace(/ \d.*$/, "")} ${fixed(m === "completion" || m === "churn" ? 100 * p.minimumDetectable[m] : p.minimumDetectable[m], m === "nps" || m === "completion" || m === "churn" ? 1 : 3)}${m === "completion" || m === "churn" ? " pts" : ""}`)
    .join(" · ")
  out.push(...wrapWords(`Smallest change this run detects (80% power, two-sided 5%, all customers): ${mde}.`, width, "    ", "  "))
  if (p.precision !== null && p.customersNeeded !== null) {
    const now = v.overall.diffs.nps
    const half = (now.upper - now.lower) / 2
    const text =
      now.sd === 0
        ? `For NPS ±${fixed(p.precision, 2)}: any population; no customer's NPS answer changes.`
        : `For NPS ±${fixed(p.precision, 2)}: about ${grouped(p.customersNeeded)} customers (this run: ${grouped(v.overall.n)} give ±${fixed(half, 2)}). ` +
          `Estimated from this run's paired spread: treat this run as a pilot and confirm with --customers ${p.customersNeeded}.`
    out.push(...wrapWords(text, width, "    ", "  "))
  }
  return out
}

const variantSection = (c: ComparisonReport, v: VariantComparison & { readonly planning: Planning }, width: number, s: Styles): string[] => {
  const out: string[] = []
  out.push(s.bold(truncate(`${clean(v.variant)} vs baseline`, width)))
  if (v.description !== "") out.push(...wrapWords(v.description, width).map(s.dim))
  out.push(...wrapWords(v.headline, width))
  out.push("")

  const overall = overallTable(c, v, width)
  out.push(s.bold(overall[0] ?? ""), ...overall.slice(1))
  const gains = pairingGain(v.overall.diffs, metrics)
  if (gains.length > 0) {
    const lo = gains.reduce((a, b) => (b.ratio < a.ratio ? b : a))
    const hi = gains.reduce((a, b) => (b.ratio > a.ratio ? b : a))
    const name = (m: Metric): string => metricLabel(m, c.currency).replace(/ \d.*$/, "")
    const text =
      lo.metric === hi.metric
        ? `Pairing pays: the paired interval is ${fixed(lo.ratio, 1)}× narrower than the unpaired one at the same N.`
        : `Pairing pays: paired intervals are ${fixed(lo.ratio, 1)}× (${name(lo.metric)}) to ${fixed(hi.ratio, 1)}× (${name(hi.metric)}) narrower than unpaired ones at the same N.`
    out.push(...wrapWords(text, width).map(s.dim))
  }
  out.push("")

  out.push(s.bold(truncate("Who wins, who loses", width)))
  const labelW = Math.min(24, v.segments.reduce((w, g) => Math.max(w, widthOf(clean(g.label))), 7))
  for (const g of v.segments) {
    const label = truncate(clean(g.label), labelW).padEnd(labelW)
    const dir = g.direction.padEnd(9)
    const changes = g.diffs === null ? `${NO_DATA} no customers` : changeList(g, "any", 3) || "no clear change"
    out.push(`  ${label}  ${directionStyle(s, g.direction)(dir)}  ${truncate(changes, Math.max(8, width - labelW - 15))}`)
  }
  const mix = mixNote(c.baseline, v.report)
  if (mix !== undefined) out.push(...wrapWords(mix, width, "  ", "  "))
  out.push("")

  const seg = segmentTable(v, width)
  out.push(s.bold(truncate("Change by segment (± paired 95% CI, * significant)", width)))
  out.push(s.bold(seg[0] ?? ""), ...seg.slice(1))
  out.push("")

  out.push(s.bold(truncate("Why: touchpoints whose contribution changed most (reach × experience)", width)))
  for (const g of segmentRows(v)) {
    const label = truncate(clean(g.label), labelW).padEnd(labelW)
    const shown = attributionText(g, width - labelW - 4)
    const text = shown === "" ? s.dim(g.diffs === null ? NO_DATA : "no touchpoint changed") : shown
    out.push(`  ${label}  ${text}`)
  }
  const ab = v.overall.abandonedAt
    .filter((a) => a.diff.significant && Math.abs(a.diff.delta) >= 0.0005)
    .sort((x, y) => Math.abs(y.diff.delta) - Math.abs(x.diff.delta) || (x.touchpoint < y.touchpoint ? -1 : 1))
    .slice(0, TOP)
  if (ab.length > 0) {
    out.push(...wrapWords(`Giving up, all customers: ${ab.map((a) => `${clean(a.touchpoint)} ${signed(100 * a.diff.delta, 1)} pts`).join(" · ")}`, width, "    ", "  "))
  }
  out.push("")

  out.push(s.bold(truncate("Planning", width)))
  out.push(...planningLines(c, v.planning, v, width))
  return out
}

/**
 * Render a comparison for a terminal.
 *
 * @example
 * ```ts
 * process.stdout.write(renderComparisonTable(await compare(base, [variant]), { width: 100 }))
 * ```
 */
export const renderComparisonTable = (c: ComparisonReport, options: ComparisonTableOptions = {}): string => {
  const s = styles(options.color === true)
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? 80))
  const out: string[] = []
  // The first line starts with "cxsim ": that is how a later --out knows the file is ours.
  const engine = `cxsim ${clean(c.engine.version)} · `
  out.push(engine + s.bold(truncate(`${clean(c.scenario.title)} (${clean(c.scenario.name)})`, width - widthOf(engine))))
  const names = c.variants.map((v) => clean(v.variant))
  out.push(
    ...wrapWords(
      `compare ${names.length === 0 ? "no variant" : names.join(", ")} with the baseline · ${grouped(c.population)} customers · seed ${c.seed} · horizon ${periods(c.baseline.horizon)}`,
      width
    )
  )
  out.push("")
  if (c.variants.length === 0) out.push("No variant to compare.", "")
  for (const v of c.variants) out.push(...variantSection(c, v, width, s), "")
  const legend =
    `Paired: the same synthetic customers in every arm, compared customer by customer; 95% interval = ` +
    `mean difference ± 1.96·sd/√n; * = the interval excludes 0. Unpaired = ±1.96·√(s₁²/n + s₂²/n), what two ` +
    `independent samples of this size would give. Completion, churn and giving up change in percentage points ` +
    `(pts); ${revenueLabel(c.currency)} is revenue per customer over the horizon. A segment wins or loses on ` +
    `changes that are significant and at least 1% of the scale (CSAT 0.04, NPS 2, CES 0.06, 1 pt).`
  out.push(...wrapWords(legend, width).map(s.dim))
  return `${out.join("\n")}\n`
}
