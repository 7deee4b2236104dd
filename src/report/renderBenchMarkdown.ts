/**
 * The benchmark result as Markdown with pipe tables, fit for a pull-request comment or a CI job
 * summary: the result in one line, the checks that need attention (breached, inconclusive) in a
 * table, each variant's headline, what changed since the stored results, and every check in a
 * collapsed table. It starts with a marker comment that a CI job can use to find and update its
 * earlier comment.
 */
import type { BenchResult, StoredSuiteComparison } from "../stats/BenchResult.js"
import type { CheckResult } from "../stats/gates.js"
import { beyondText, countsText, fitWhy, measureText, unjudgedText } from "./benchFormat.js"
import { fixed, grouped, signed } from "./format.js"
import { escapeMarkdown } from "./renderMarkdown.js"
import { mdTable } from "./renderComparisonMarkdown.js"

/**
 * The longest summary, in characters: a pull-request comment on the widely used hosted service
 * holds at most 65,536, and the checksum line comes after this text.
 */
export const MARKDOWN_BUDGET = 60_000

/** A row under a table that had to be cut to fit the budget. */
const leftOut = (n: number): string[] =>
  n > 0 ? ["", `…and ${grouped(n)} more check${n === 1 ? "" : "s"}, left out to keep this summary short enough for a pull-request comment: every check is in the JSON and JUnit reports.`] : []

/** The first line of every benchmark summary. */
export const BENCH_MARKER = "<!-- cxsim bench -->"

const verdictCell = (c: CheckResult, strict: boolean): string => {
  const v =
    c.verdict === "breached"
      ? c.measured === "fit"
        ? "**breached**"
        : `**breached** ${escapeMarkdown(beyondText(c))}`
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
  const attentionRows = [...attention].sort((a, b) => rank(a[1]) - rank(b[1]))
  const allRows = r.suites.flatMap((s) => s.checks.map((c) => [s.name, c] as const))
  const render = (keepAttention: number, keepAll: number): string[] => {
    const lines = [...out]
    if (attention.length > 0) {
      lines.push("### Needs attention", "", ...checkTable(r, attentionRows.slice(0, keepAttention)), ...leftOut(attention.length - keepAttention), "")
      lines.push("Breached: the whole 95% interval lies beyond the threshold. Inconclusive: the interval straddles it; more customers narrow it.", "")
      if (attention.some(([, c]) => c.measured === "fit")) {
        lines.push("Fit checks judge the baseline against a survey: the distance between simulated and observed answers, against the survey's noise ceiling.", "")
      }
    }
    lines.push("### Variants", "")
    for (const s of r.suites) {
      for (const v of s.variants) {
        lines.push(`- **${escapeMarkdown(s.name)} / ${escapeMarkdown(v.variant)}**: ${escapeMarkdown(v.headline)}`)
      }
    }
    lines.push("")
    if (r.stored !== null) {
      lines.push(`### Since the stored results (${escapeMarkdown(r.stored.file)})`, "")
      for (const x of r.stored.suites) lines.push(...storedSection(x))
      lines.push("", `_${escapeMarkdown(r.stored.method)}_`, "")
    }
    lines.push(
      "<details>",
      `<summary>All ${checks} checks</summary>`,
      "",
      ...checkTable(r, allRows.slice(0, keepAll)),
      ...leftOut(allRows.length - keepAll),
      "",
      r.suites.map((s) => `${escapeMarkdown(s.name)}: scenario ${escapeMarkdown(s.scenario.name)} (${s.scenario.hash.slice(0, 12)}), ${grouped(s.customers)} customers, seed ${s.seed}.`).join(" "),
      "",
      "</details>",
      "",
      `_${escapeMarkdown(r.method)}_`
    )
    return lines
  }
  // Within the budget of a pull-request comment: the collapsed list of every check gives way
  // first, then the checks that need attention (the breached ones stay longest); every check is
  // in --json and --junit.
  const size = (lines: ReadonlyArray<string>): number => lines.reduce((n, l) => n + l.length + 1, 0)
  const fits = (a: number, b: number): boolean => size(render(a, b)) <= MARKDOWN_BUDGET
  /** The most rows (0..n) for which `ok` holds, `ok` being true up to some count and false past it. */
  const most = (n: number, ok: (k: number) => boolean): number => {
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      if (ok(mid)) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  const whole = render(attentionRows.length, allRows.length)
  if (size(whole) <= MARKDOWN_BUDGET) return `${whole.join("\n")}\n`
  const keepAttention = fits(attentionRows.length, 0) ? attentionRows.length : most(attentionRows.length, (k) => fits(k, 0))
  const keepAll = keepAttention < attentionRows.length ? 0 : most(allRows.length, (k) => fits(keepAttention, k))
  return `${render(keepAttention, keepAll).join("\n")}\n`
}
