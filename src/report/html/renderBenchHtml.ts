/**
 * The benchmark result as one self-contained HTML page: the verdict and its counts, then per
 * suite and gate a chart of every check's 95% interval against the gate's threshold, each dot
 * coloured by its verdict (and named in the table behind it), and what changed since the stored
 * results.
 */
import type { BenchResult, StoredSuiteComparison, SuiteResult } from "../../stats/BenchResult.js"
import type { CheckResult, Verdict } from "../../stats/gates.js"
import { countsText, fitWhy, measureText, unjudgedText } from "../benchFormat.js"
import { fixed, grouped } from "../format.js"
import { NO_DATA } from "../Report.js"
import { intervalChart } from "./charts.js"
import { cellHtml, escapeHtml, figure, num, page, palette, section, table, type Cell } from "./page.js"

/** Verdict colours (Okabe–Ito): passed bluish green, inconclusive orange, breached vermillion. */
const verdictColour: Readonly<Record<Verdict, string>> = { passed: palette.green, "no data": palette.grey, inconclusive: palette.orange, breached: palette.vermillion }

/** A verdict in words with a mark, so that it reads without colour too. */
const verdictCell = (v: Verdict): Cell => ({
  text: v === "passed" ? "✓ passed" : v === "inconclusive" ? "? inconclusive" : v === "no data" ? `${NO_DATA} no data` : "✗ BREACHED",
  className: `v-${v.replace(" ", "-")}`
})

/** Where the gate's threshold lies on the axis of its measure. */
const limit = (c: CheckResult): number => (c.rule === "maxDrop" ? -c.threshold : c.threshold)

const unitWords = (c: CheckResult): string => (c.unit === "pts" ? "percentage points" : c.unit === "%" ? "%" : c.unit === "" ? "points" : c.unit)

const gateFigure = (r: BenchResult, si: number, gate: number): string => {
  const suite = r.suites[si] as SuiteResult
  const checks = suite.checks.map((c, i) => ({ c, i })).filter((x) => x.c.gate === gate)
  const first = (checks[0] as { c: CheckResult }).c
  if (first.measured === "fit") return fitFigure(si, checks)
  const title = first.name === null ? first.description : `${first.name}: ${first.description}`
  const svg = intervalChart(
    `bench-${si}-${gate}`,
    // A check without data (a segment without customers, or too few) has nothing to draw; its row says so.
    checks.flatMap(({ c }) =>
      c.value === null || c.lower === null || c.upper === null ? [] : [{ label: `${c.variant} · ${c.segmentLabel}`, value: c.value, lower: c.lower, upper: c.upper, color: verdictColour[c.verdict] }]
    ),
    `${first.measured === "change" ? "Change" : "Level"} (${unitWords(first)})`,
    [{ value: limit(first), label: "threshold", color: palette.vermillion }]
  )
  const count = (v: Verdict): number => checks.filter(({ c }) => c.verdict === v).length
  const notPassed = checks.filter(({ c }) => c.verdict !== "passed").map(({ c }) => `${c.variant} · ${c.segmentLabel} ${c.verdict} (${measureText(c)})`)
  const description =
    `${first.description}. Each dot is a check's measure, the whiskers its 95% interval, the dashed line the threshold (${fixed(limit(first), 2)}). ` +
    `${count("breached")} breached, ${count("inconclusive")} inconclusive, ${count("passed")} passed${count("no data") > 0 ? `, ${count("no data")} no data (too few customers to judge)` : ""}` +
    (notPassed.length === 0 ? "." : `: ${notPassed.join("; ")}.`)
  const k = (i: number): string => `suites.${si}.checks.${i}`
  const tbl = table(
    ["Variant · segment", "Measured", "95% CI low", "95% CI high", "Threshold", "Verdict"],
    checks.map(({ c, i }) => [
      `${c.variant} · ${c.segmentLabel}`,
      c.value === null ? NO_DATA : num(fixed(c.value, 3), c.value, `${k(i)}.value`),
      c.lower === null ? NO_DATA : num(fixed(c.lower, 3), c.lower, `${k(i)}.lower`),
      c.upper === null ? NO_DATA : num(fixed(c.upper, 3), c.upper, `${k(i)}.upper`),
      num(fixed(c.threshold, 3), c.threshold, `${k(i)}.threshold`),
      verdictCell(c.verdict)
    ])
  )
  return figure({ id: `fig-${si}-${gate}`, title, description, svg, table: tbl })
}

/**
 * A fit gate's figure: per segment the distance over the noise ceiling (a dot, no interval: the
 * ceiling stands for the survey's noise), the ceiling itself at 1 and the gate's max; the table
 * gives respondents, distance, ceiling and the fidelity verdict.
 */
const fitFigure = (si: number, checks: ReadonlyArray<{ readonly c: CheckResult; readonly i: number }>): string => {
  const first = (checks[0] as { c: CheckResult }).c
  const title = first.name === null ? first.description : `${first.name}: ${first.description}`
  const svg = intervalChart(
    `bench-${si}-${first.gate}`,
    checks.flatMap(({ c }) => (c.value === null ? [] : [{ label: `baseline · ${c.segmentLabel}`, value: c.value, lower: c.value, upper: c.value, color: verdictColour[c.verdict] }])),
    "Distance to the survey (× its noise ceiling)",
    [{ value: 1, label: "noise ceiling", color: palette.grey }, ...(first.rule === "max" ? [{ value: first.threshold, label: "max", color: palette.vermillion }] : [])]
  )
  const notPassed = checks.filter(({ c }) => c.verdict !== "passed").map(({ c }) => `${c.segmentLabel} ${c.verdict} (${measureText(c)}; ${fitWhy(c)})`)
  const survey = first.fit?.survey ?? "?"
  const description =
    `${first.description}. The scenario's baseline against ${survey}: each dot is a segment's distance between simulated and observed answers, ` +
    `in multiples of the survey's noise ceiling (the distance between two random halves of it: what sampling alone gives). ` +
    (notPassed.length === 0 ? "Every check passed." : `${notPassed.join("; ")}.`)
  const k = (i: number): string => `suites.${si}.checks.${i}`
  const figure3 = (x: number | null | undefined, key: string): Cell => (x === null || x === undefined ? NO_DATA : num(fixed(x, 3), x, key))
  const tbl = table(
    ["Segment", "Respondents", "Distance", "Noise ceiling", "Distance / ceiling", "Threshold", "Fidelity", "Verdict"],
    checks.map(({ c, i }) => [
      `baseline · ${c.segmentLabel}`,
      c.fit === undefined ? NO_DATA : num(fixed(c.fit.respondents, 1), c.fit.respondents, `${k(i)}.fit.respondents`),
      figure3(c.fit?.distance, `${k(i)}.fit.distance`),
      figure3(c.fit?.noiseCeiling, `${k(i)}.fit.noiseCeiling`),
      figure3(c.value, `${k(i)}.value`),
      c.rule === "notPoor" ? "not poor" : num(fixed(c.threshold, 3), c.threshold, `${k(i)}.threshold`),
      c.fit?.fidelity ?? NO_DATA,
      verdictCell(c.verdict)
    ])
  )
  return figure({ id: `fig-${si}-${first.gate}`, title, description, svg, table: tbl })
}

const storedHtml = (x: StoredSuiteComparison): string => {
  if (!x.found) return `<p>${escapeHtml(`${x.suite}: no stored results yet (a new suite).`)}</p>`
  const what = [
    x.scenarioChanged ? "the scenario changed" : "the scenario is unchanged",
    x.engineChanged ? `stored with cxsim ${x.storedEngineVersion ?? "?"}` : "same cxsim version",
    x.settingsChanged ? "seed or customers changed" : "",
    x.surveyChanged ? "a fit gate's survey changed" : ""
  ].filter((p) => p !== "")
  const changes = x.checks.filter((c) => c.change === "worse" || c.change === "better" || c.change === "new" || c.change === "gone")
  return [
    `<p>${escapeHtml(`${x.suite}: ${what.join(", ")}.`)}</p>`,
    x.drift ? `<p class="loss">${escapeHtml("Warning: the results differ although the scenario, cxsim version, seed and customers are the same.")}</p>` : "",
    changes.length === 0
      ? `<p>No verdict changed.</p>`
      : table(
          ["Check", "Change", "Then", "Now"],
          changes.map((c) => [`${c.variant} · ${c.segmentLabel} · ${c.description}`, c.change, c.stored?.verdict ?? "none", c.current?.verdict ?? "none"])
        )
  ].join("\n")
}

const suiteSection = (r: BenchResult, si: number): string => {
  const s = r.suites[si] as SuiteResult
  const gates = [...new Set(s.checks.map((c) => c.gate))]
  const lead = [
    `<p class="lead">${escapeHtml(
      `${s.description === "" ? "" : `${s.description} `}Scenario ${s.scenario.name} (${s.scenario.hash.slice(0, 12)}), ${grouped(s.customers)} customers, seed ${s.seed}: ${countsText(s.counts)}.`
    )}</p>`,
    `<ul>${s.variants.map((v) => `<li><strong>${escapeHtml(v.variant)}</strong>: ${escapeHtml(v.headline)}</li>`).join("")}</ul>`
  ].join("")
  return section(`suite-${si}`, `Suite ${s.name}: ${s.verdict}`, lead, gates.map((g) => gateFigure(r, si, g)))
}

/**
 * Render a benchmark result as one self-contained HTML page (inline CSS and SVG charts, no
 * script, no network). The same result always gives the same bytes.
 *
 * @example
 * ```ts
 * await fs.writeFile("bench.html", renderBenchHtml(result))
 * ```
 */
export const renderBenchHtml = (r: BenchResult): string => {
  const checks = r.suites.reduce((n, s) => n + s.checks.length, 0)
  const head =
    r.counts.breached > 0
      ? `${r.counts.breached} gate check${r.counts.breached === 1 ? "" : "s"} breached`
      : r.exitCode !== 0
        ? `${unjudgedText(r.counts)} (fails with --strict)`
        : r.counts.inconclusive + r.counts.noData > 0
          ? `No gate breached (${unjudgedText(r.counts)})`
          : "Every gate holds"
  const card = (label: string, v: Verdict, n: number, key: string): string =>
    `<div class="card"><span>${escapeHtml(label)}</span>${cellHtml(num(String(n), n, key), "b", ` style="color:var(--${v === "passed" ? "pass" : v === "inconclusive" ? "warn" : "bad"})"`)}</div>`
  return page({
    kind: "bench",
    title: `cxsim bench — ${head}`,
    kicker: `cxsim bench · ${r.suites.length} suite${r.suites.length === 1 ? "" : "s"} · ${checks} check${checks === 1 ? "" : "s"}`,
    heading: head,
    meta: [
      ["Suites", r.suites.map((s) => s.name).join(", ")],
      ["Verdict", { text: r.verdict, className: `v-${r.verdict}` }],
      ["Exit code", num(String(r.exitCode), r.exitCode, "exitCode")],
      ["Strict", r.strict ? "yes" : "no"],
      ["cxsim", r.engine.version]
    ],
    command: `cxsim bench ${r.suites.map((s) => s.file).join(" ")}${r.strict ? " --strict" : ""} --html FILE`,
    body: [
      `<div class="cards">${card("Breached", "breached", r.counts.breached, "counts.breached")}${card("Inconclusive", "inconclusive", r.counts.inconclusive, "counts.inconclusive")}${card("Passed", "passed", r.counts.passed, "counts.passed")}</div>`,
      `<p>${escapeHtml("Breached: the whole 95% interval lies beyond the threshold. Inconclusive: the interval straddles it; more customers narrow it. Passed: the interval lies within.")}</p>`,
      ...r.suites.map((_, i) => suiteSection(r, i)),
      r.stored === null ? "" : `<section id="stored"><h2>${escapeHtml(`Since the stored results (${r.stored.file})`)}</h2>${r.stored.suites.map(storedHtml).join("\n")}</section>`
    ].filter((x) => x !== ""),
    footer: r.method
  })
}
