/**
 * The benchmark result as Markdown with pipe tables, fit for a pull-request comment or a CI job
 * summary: the result in one line, the checks that need attention (breached, inconclusive) in a
 * table, each variant's headline, what changed since the stored results, and every check in a
 * collapsed table. It starts with a marker comment that a CI job can use to find and update its
 * earlier comment.
 */
import type { BenchResult, StoredSuiteComparison } from "../stats/BenchResult.js"
import type { CheckResult } from "../stats/gates.js"
import { countsText, fitWhy, measureText, unjudgedText } from "./benchFormat.js"
import { fixed, grouped, signed } from "./format.js"
import { escapeMarkdown } from "./renderMarkdown.js"
import { mdTable } from "./renderComparisonMarkdown.js"

/** The first line of every benchmark summary. */
export const BENCH_MARKER = "<!-- cxsim bench -->"

const verdictCell = (c: CheckResult, strict: boolean): string => {
  const v =
    c.verdict === "breached"
      ? "**breached**"
      : c.verdict === "inconclusive" || c.verdict === "no data"
        ? strict
          ? `**${c.verdict}** (fails with --strict)`
          : c.verdict
        : "passed"
  // A fit check says why, when it did not pass.
  const why = c.measured === "fit" && c.verdict !== "passed" ? fitWhy(c) : ""
  return why === "" ? v : `${v}: ${escapeMarkdown(why)}`
}

const checkTable = (r: BenchResult, rows: ReadonlyArray<readonly [string, CheckResult]>): string[] =>
  mdTable(
    ["Suite", "Variant", "Segment", "Gate", "Measured (95% CI)", "Verdict"],
    ["left", "left", "left", "left", "right", "left"],
    rows.map(([suite, c]) => [
      escapeMarkdown(suite),
      escapeMarkdown(c.variant),
      escapeMarkdown(c.segmentLabel),
      escapeMarkdown(c.name === null ? c.description : `${c.name}: ${c.description}`),
      `${c.measured} ${escapeMarkdown(measureText(c))}`,
      verdictCell(c, r.strict)
    ])
  )

const metricDigits = (m: string): number => (m === "nps" ? 1 : m === "completion" || m === "churn" ? 1 : m === "revenue" ? 2 : 3)
const scaled = (m: string, x: number): number => (m === "completion" || m === "churn" ? 100 * x : x)

const storedSection = (x: StoredSuiteComparison): string[] => {
  if (!x.found) return [`- **${escapeMarkdown(x.suite)}**: no stored results yet (a new suite).`]
  const what = [
    x.scenarioChanged ? "the scenario changed" : "the scenario is unchanged",
    x.engineChanged ? `stored with cxsim ${escapeMarkdown(x.storedEngineVersion ?? "?")}` : "same cxsim version",
    x.settingsChanged ? "seed or customers changed" : "",
    x.surveyChanged ? "a fit gate's survey changed" : ""
  ].filter((p) => p !== "")
  const out = [`- **${escapeMarkdown(x.suite)}**: ${what.join(", ")}.`]
  if (x.drift) out.push("  **Warning:** the results differ although the scenario, cxsim version, seed and customers are the same.")
  const changes = x.checks.filter((c) => c.change === "worse" || c.change === "better" || c.change === "new" || c.change === "gone")
  for (const c of changes) {
    const then = c.stored === null ? "none" : c.stored.verdict
    const now = c.current === null ? "none" : c.current.verdict
    out.push(`  - ${c.change}: ${escapeMarkdown(c.variant)} · ${escapeMarkdown(c.segmentLabel)} · ${escapeMarkdown(c.description)}: ${then} → ${now}`)
  }
  const moved = x.metrics.filter((m) => m.significant)
  if (moved.length > 0) {
    out.push("", ...mdTable(
      ["Arm", "Segment", "Metric", "Stored", "Now", "Change (95% CI, unpaired)"],
      ["left", "left", "left", "right", "right", "right"],
      moved.map((m) => {
        const d = metricDigits(m.metric)
        const unit = m.metric === "completion" || m.metric === "churn" ? " pts" : ""
        return [
          escapeMarkdown(m.arm),
          escapeMarkdown(m.segmentLabel),
          m.metric,
          fixed(scaled(m.metric, m.stored), d),
          fixed(scaled(m.metric, m.current), d),
          `${signed(scaled(m.metric, m.delta), d)} [${signed(scaled(m.metric, m.lower), d)}, ${signed(scaled(m.metric, m.upper), d)}]${unit}`
        ]
      })
    ).map((l) => `  ${l}`), "")
  } else if (changes.length === 0) out.push("  No verdict changed and no metric moved significantly.")
  return out
}

/**
 * Render a benchmark result as Markdown for a pull request.
 *
 * @example
 * ```ts
 * await fs.writeFile("bench.md", renderBenchMarkdown(result))
 * ```
 */
export const renderBenchMarkdown = (r: BenchResult): string => {
  const head =
    r.counts.breached > 0
      ? `❌ ${r.counts.breached} gate${r.counts.breached === 1 ? "" : "s"} breached`
      : r.exitCode !== 0
        ? `❌ ${unjudgedText(r.counts, true)} (--strict)`
        : r.counts.inconclusive + r.counts.noData > 0
          ? `✅ no gate breached (${unjudgedText(r.counts)})`
          : "✅ every gate holds"
  const checks = r.suites.reduce((n, s) => n + s.checks.length, 0)
  const out: string[] = [
    BENCH_MARKER,
    `## cxsim bench: ${head}`,
    "",
    `${countsText(r.counts)} — ${checks} check${checks === 1 ? "" : "s"} in ${r.suites.length} suite${r.suites.length === 1 ? "" : "s"}, cxsim ${escapeMarkdown(r.engine.version)}${r.strict ? ", --strict" : ""}; exit code ${r.exitCode}.`,
    ""
  ]
  const attention = r.suites.flatMap((s) => s.checks.filter((c) => c.verdict !== "passed").map((c) => [s.name, c] as const))
  const rank = (c: CheckResult): number => (c.verdict === "breached" ? 0 : 1)
  if (attention.length > 0) {
    out.push("### Needs attention", "", ...checkTable(r, [...attention].sort((a, b) => rank(a[1]) - rank(b[1]))), "")
    out.push("Breached: the whole 95% interval lies beyond the threshold. Inconclusive: the interval straddles it; more customers narrow it.", "")
    if (attention.some(([, c]) => c.measured === "fit")) {
      out.push("Fit checks judge the baseline against a survey: the distance between simulated and observed answers, against the survey's noise ceiling.", "")
    }
  }
  out.push("### Variants", "")
  for (const s of r.suites) {
    for (const v of s.variants) {
      out.push(`- **${escapeMarkdown(s.name)} / ${escapeMarkdown(v.variant)}**: ${escapeMarkdown(v.headline)}`)
    }
  }
  out.push("")
  if (r.stored !== null) {
    out.push(`### Since the stored results (${escapeMarkdown(r.stored.file)})`, "")
    for (const x of r.stored.suites) out.push(...storedSection(x))
    out.push("", `_${escapeMarkdown(r.stored.method)}_`, "")
  }
  out.push(
    "<details>",
    `<summary>All ${checks} checks</summary>`,
    "",
    ...checkTable(r, r.suites.flatMap((s) => s.checks.map((c) => [s.name, c] as const))),
    "",
    r.suites.map((s) => `${escapeMarkdown(s.name)}: scenario ${escapeMarkdown(s.scenario.name)} (${s.scenario.hash.slice(0, 12)}), ${grouped(s.customers)} customers, seed ${s.seed}.`).join(" "),
    "",
    "</details>",
    "",
    `_${escapeMarkdown(r.method)}_`
  )
  return `${out.join("\n")}\n`
}
