/**
 * The comparison as Markdown with pipe tables, for a wiki page or a pull request: per variant its
 * headline, the overall change of every metric (paired interval beside the unpaired half-width),
 * who wins and who loses, the change by segment, the touchpoints that explain it, where customers
 * give up, and planning; then the method.
 */
import type { ComparisonReport, Metric, SegmentDiff, VariantComparison, Planning } from "../stats/Comparison.js"
import { directionMetrics, metrics } from "../stats/Comparison.js"
import { changeList } from "../stats/compare.js"
import { changeText, compactChange, halfText, intervalText, levelText, metricLabel, mixNote, pairedHalf, pairingGain } from "./comparisonFormat.js"
import { fixed, grouped, percent, periods, signed } from "./format.js"
import { escapeMarkdown } from "./renderMarkdown.js"
import { NO_DATA } from "./Report.js"

type Align = "left" | "right"

/** A table; cells are Markdown already. */
export const mdTable = (headers: ReadonlyArray<string>, align: ReadonlyArray<Align>, body: ReadonlyArray<ReadonlyArray<string>>): string[] => {
  const line = (cells: ReadonlyArray<string>): string => `| ${cells.join(" | ")} |`
  return [line(headers), line(headers.map((_, i) => (align[i] === "right" ? "---:" : ":---"))), ...body.map(line)]
}

const rowsOf = (v: VariantComparison): ReadonlyArray<SegmentDiff> => [...v.segments, v.overall]

const star = (significant: boolean): string => (significant ? " \\*" : "")

const planningText = (c: ComparisonReport, v: VariantComparison, p: Planning): string[] => {
  const mde = directionMetrics
    .map((m) => {
      const share = m === "completion" || m === "churn"
      return `${metricLabel(m, c.currency).replace(/ \d.*$/, "")} ${fixed(share ? 100 * p.minimumDetectable[m] : p.minimumDetectable[m], m === "nps" || share ? 1 : 3)}${share ? " pts" : ""}`
    })
    .join(", ")
  const out = [`Smallest change this run detects (all customers, 80% power, two-sided 5%): ${mde}.`]
  if (p.precision !== null && p.customersNeeded !== null) {
    const nps = v.overall.diffs.nps
    out.push(
      "",
      nps.sd === 0
        ? `For an NPS interval of ±${fixed(p.precision, 2)}: any population; no customer's NPS answer changes.`
        : `For an NPS interval of ±${fixed(p.precision, 2)}: about **${grouped(p.customersNeeded)} customers** ` +
            `(this run: ${grouped(v.overall.n)} give ±${fixed(pairedHalf(nps), 2)}). Estimated from this run's paired spread: ` +
            `treat this run as a pilot and confirm with \`--customers ${p.customersNeeded}\`.`
    )
  }
  return out
}

const variantSection = (c: ComparisonReport, v: VariantComparison & { readonly planning: Planning }): string[] => {
  const o = v.overall.diffs
  const out: string[] = [`## ${escapeMarkdown(v.variant)}`, ""]
  if (v.description !== "") out.push(`_${escapeMarkdown(v.description)}_`, "")
  out.push(`**${escapeMarkdown(v.headline)}**`, "")
  out.push(
    ...mdTable(
      ["All customers", "Baseline", "Variant", "Change", "Paired 95% CI", "Unpaired ±"],
      ["left", "right", "right", "right", "right", "right"],
      metrics.map((m) => [metricLabel(m, c.currency), levelText(m, o[m].baseline), levelText(m, o[m].variant), `${changeText(m, o[m].delta)}${star(o[m].significant)}`, intervalText(m, o[m]), halfText(m, o[m].unpairedHalfWidth)])
    )
  )
  const gains = pairingGain(o, metrics)
  if (gains.length > 0) {
    const lo = Math.min(...gains.map((g) => g.ratio))
    const hi = Math.max(...gains.map((g) => g.ratio))
    out.push("", `Pairing pays: the paired intervals are ${fixed(lo, 1)}× to ${fixed(hi, 1)}× narrower than unpaired ones at the same N.`)
  }
  out.push("", "### Who wins, who loses", "")
  out.push(
    ...mdTable(
      ["Segment", "Customers", "Direction", "Changes that count"],
      ["left", "right", "left", "left"],
      v.segments.map((s) => [escapeMarkdown(s.label), grouped(s.n), s.direction === "worse" || s.direction === "mixed" ? `**${s.direction}**` : s.direction, s.diffs === null ? NO_DATA : escapeMarkdown(changeList(s)) || "none"])
    )
  )
  const mix = mixNote(c.baseline, v.report)
  if (mix !== undefined) out.push("", mix)
  out.push("", "### Change by segment", "", "Change ± half-width of the paired 95% interval; \\* significant. Completion and churn in percentage points.", "")
  const judged: ReadonlyArray<Metric> = ["nps", "csat", "ces", "completion", "churn", "satisfaction", "revenue"]
  out.push(
    ...mdTable(
      ["Segment", ...judged.map((m) => metricLabel(m, c.currency))],
      ["left", ...judged.map((): Align => "right")],
      rowsOf(v).map((s) => [s === v.overall ? `**${escapeMarkdown(s.label)}**` : escapeMarkdown(s.label), ...judged.map((m) => compactChange(m, s.diffs?.[m] ?? null).replace("*", " \\*"))])
    )
  )
  out.push("", "### Why: touchpoints whose contribution changed most", "", "Contribution = reach × mean experience of those who reach it, per customer of the segment.", "")
  const attr = rowsOf(v).flatMap((s) =>
    s.attribution
      .filter((a) => Math.abs(a.contribution) >= 0.005)
      .slice(0, 3)
      .map((a) => [
        escapeMarkdown(s.label),
        escapeMarkdown(a.touchpoint),
        `${percent(a.reachBaseline, 1)} → ${percent(a.reachVariant, 1)}`,
        `${fixed(a.experienceBaseline, 2)} → ${fixed(a.experienceVariant, 2)}`,
        signed(a.contribution, 3)
      ])
  )
  if (attr.length === 0) out.push("No touchpoint changed.")
  else out.push(...mdTable(["Segment", "Touchpoint", "Reach", "Experience", "Contribution"], ["left", "left", "right", "right", "right"], attr))
  const ab = v.overall.abandonedAt.filter((a) => a.diff.significant && Math.abs(a.diff.delta) >= 0.0005)
  out.push("", "### Where customers give up (all customers)", "")
  if (ab.length === 0) out.push("No significant change.")
  else
    out.push(
      ...mdTable(
        ["Touchpoint", "Baseline", "Variant", "Change (pts)", "Paired 95% CI"],
        ["left", "right", "right", "right", "right"],
        ab.map((a) => [escapeMarkdown(a.touchpoint), percent(a.diff.baseline, 2), percent(a.diff.variant, 2), signed(100 * a.diff.delta, 2), `[${signed(100 * a.diff.lower, 2)}, ${signed(100 * a.diff.upper, 2)}]`])
      )
    )
  out.push("", "### Planning", "", ...planningText(c, v, v.planning), "")
  return out
}

/**
 * Render a comparison as Markdown with pipe tables.
 *
 * @example
 * ```ts
 * await fs.writeFile("compare.md", renderComparisonMarkdown(comparison))
 * ```
 */
export const renderComparisonMarkdown = (c: ComparisonReport): string => {
  const out: string[] = [
    // The marker tells a later --out that the file is ours.
    "<!-- cxsim comparison -->",
    `# ${escapeMarkdown(c.scenario.title)}: variants compared`,
    "",
    `Scenario ${escapeMarkdown(c.scenario.name)}: ${c.variants.map((v) => escapeMarkdown(v.variant)).join(", ") || "no variant"} ` +
      `against the baseline, ${grouped(c.population)} customers, seed ${c.seed}, horizon ${periods(c.baseline.horizon)}; cxsim ${escapeMarkdown(c.engine.version)}.`,
    ""
  ]
  for (const v of c.variants) out.push(...variantSection(c, v))
  out.push(
    "---",
    "",
    "**Method.** The same synthetic customers in every arm (common random numbers), compared customer by customer and per segment of their baseline persona. " +
      "95% interval of a change: mean of the per-customer differences ± 1.96·sd/√n; \\* = the interval excludes 0. " +
      "Unpaired ± = 1.96·√(s₁²/n + s₂²/n), what two independent samples of the same size would give. " +
      "A segment wins or loses on changes in CSAT, NPS, CES, completion and churn that are significant and at least 1% of the scale " +
      "(CSAT 0.04, NPS 2 points, CES 0.06, 1 percentage point). CSAT 1–5 · NPS −100..100 · CES 1 (easy) to 7 (hard)."
  )
  return `${out.join("\n")}\n`
}
