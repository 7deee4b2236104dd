/**
 * The terminal summary of `cxsim bench`: per suite its checks with their verdicts, breaches and
 * inconclusive ones first, then what changed since the stored results, then the overall result
 * and exit code. Every line fits the width.
 */
import type { BenchResult, StoredSuiteComparison, SuiteResult } from "../stats/BenchResult.js"
import { noDataReason, type CheckResult, type Verdict } from "../stats/gates.js"
import { beyondText, countsText, fitWhy, measureText, verdictWord } from "./benchFormat.js"
import { grouped } from "./format.js"
import { clean, pad, styles, truncate, widthOf, wrapWords, type Styles } from "./text.js"

export interface BenchTextOptions {
  /** ANSI styles (the caller decides, from NO_COLOR and the terminal). @default false */
  readonly color?: boolean
  /** The longest line, in columns (at least 60). @default 80 */
  readonly width?: number
  /** List passed checks one by one too (otherwise only their number). @default true */
  readonly passed?: boolean
}

const verdictStyle = (s: Styles, v: Verdict): ((x: string) => string) => (v === "breached" ? s.red : v === "inconclusive" ? s.yellow : v === "no data" ? s.dim : s.green)

const order: Readonly<Record<Verdict, number>> = { breached: 0, inconclusive: 1, "no data": 2, passed: 3 }

/**
 * One line per check — verdict, segment, the gate's name (or rule), the measure and its 95%
 * interval — and, for a check that did not pass, its rule in words on the next lines.
 */
const checkLines = (c: CheckResult, width: number, s: Styles): string[] => {
  const word = verdictWord(c.verdict).padEnd(12)
  const measure = measureText(c)
  const what = `${clean(c.segmentLabel)} · ${clean(c.name ?? c.description)}`
  const room = width - 4 - 12 - 2 - 2 - widthOf(measure)
  const out =
    room >= 12
      ? [`    ${verdictStyle(s, c.verdict)(word)}  ${pad(truncate(what, room), room, "left")}  ${measure}`.trimEnd()]
      : [`    ${verdictStyle(s, c.verdict)(word)}  ${truncate(what, width - 18)}`, ...wrapWords(measure, width, " ".repeat(18), " ".repeat(18))]
  if (c.verdict !== "passed") {
    const why =
      c.measured === "fit"
        ? fitWhy(c)
        : c.verdict === "breached" ? `the whole 95% interval lies beyond the threshold, ${beyondText(c)}` : c.verdict === "no data" ? `${noDataReason(c)}: nothing to judge` : "the 95% interval straddles the threshold"
    out.push(...wrapWords(`${clean(c.description)}; ${why}`, width, " ".repeat(18), " ".repeat(18)).map(s.dim))
  }
  return out
}

const storedLines = (x: StoredSuiteComparison, width: number, s: Styles): string[] => {
  if (!x.found) return wrapWords(`${x.suite}: no stored results (new suite)`, width, "    ", "  ")
  const what = [
    x.scenarioChanged ? "scenario changed" : "scenario unchanged",
    x.engineChanged ? `cxsim ${x.storedEngineVersion ?? "?"} before` : "same cxsim",
    x.settingsChanged ? "seed or customers changed" : "",
    x.surveyChanged ? "a fit gate's survey changed" : ""
  ].filter((p) => p !== "")
  const verdictChanges = x.checks.filter((c) => c.change === "worse" || c.change === "better" || c.change === "new" || c.change === "gone")
  const moved = x.metrics.filter((m) => m.significant)
  const out = wrapWords(`${x.suite}: ${what.join(", ")}; ${verdictChanges.length} verdict change${verdictChanges.length === 1 ? "" : "s"}, ${moved.length} significant metric change${moved.length === 1 ? "" : "s"}`, width, "    ", "  ")
  if (x.drift) out.push(...wrapWords("warning: the results differ although the scenario, cxsim, seed and customers are the same", width, "    ", "    ").map(s.red))
  for (const c of verdictChanges) {
    const then = c.stored === null ? "none" : c.stored.verdict
    const now = c.current === null ? "none" : c.current.verdict
    out.push(...wrapWords(`${c.change}: ${clean(c.variant)} · ${clean(c.segmentLabel)} · ${clean(c.description)}: ${then} → ${now}`, width, "      ", "    "))
  }
  return out
}

/**
 * Render a benchmark result for a terminal.
 *
 * @example
 * ```ts
 * process.stdout.write(renderBenchText(result, { color: true }))
 * ```
 */
export const renderBenchText = (r: BenchResult, options: BenchTextOptions = {}): string => {
  const s = styles(options.color === true)
  const width = Math.max(60, Math.floor(options.width ?? 80))
  const listPassed = options.passed ?? true
  const checks = r.suites.reduce((n, x) => n + x.checks.length, 0)
  // The first line starts with "cxsim ": a later --out recognises the file as ours.
  const out: string[] = [
    truncate(`cxsim ${clean(r.engine.version)} · bench · ${r.suites.length} suite${r.suites.length === 1 ? "" : "s"} · ${checks} check${checks === 1 ? "" : "s"}${r.strict ? " · strict" : ""}`, width),
    ""
  ]
  const suite = (x: SuiteResult): void => {
    out.push(s.bold(truncate(`${clean(x.name)} · ${clean(x.file)}`, width)))
    out.push(
      ...wrapWords(`scenario ${clean(x.scenario.name)} (${x.scenario.hash.slice(0, 12)}) · ${grouped(x.customers)} customers · seed ${x.seed} · ${countsText(x.counts)}`, width, "    ", "  ").map(s.dim)
    )
    // Fit checks judge the baseline, before the variants.
    const fits = x.checks.filter((c) => c.measured === "fit").sort((a, b) => order[a.verdict] - order[b.verdict])
    if (fits.length > 0) {
      out.push("  baseline")
      out.push(...wrapWords("the scenario as it stands, against the surveys of its fit gates", width, "    ", "    ").map(s.dim))
      for (const c of fits) if (listPassed || c.verdict !== "passed") out.push(...checkLines(c, width, s))
    }
    for (const v of x.variants) {
      const checks = x.checks.filter((c) => c.variant === v.variant && c.measured !== "fit").sort((a, b) => order[a.verdict] - order[b.verdict])
      if (checks.length === 0) continue
      out.push(`  ${truncate(clean(v.variant), width - 2)}`)
      out.push(...wrapWords(v.headline, width, "    ", "    ").map(s.dim))
      for (const c of checks) if (listPassed || c.verdict !== "passed") out.push(...checkLines(c, width, s))
    }
    out.push("")
  }
  r.suites.forEach(suite)
  if (r.stored !== null) {
    out.push(s.bold(truncate(`Since the stored results (${clean(r.stored.file)})`, width)))
    for (const x of r.stored.suites) out.push(...storedLines(x, width, s))
    out.push("")
  }
  const failed = r.exitCode !== 0
  out.push((failed ? s.red : s.green)(truncate(`Result: ${countsText(r.counts)} → exit ${r.exitCode}`, width)))
  if (r.strict && r.counts.inconclusive > 0) out.push(...wrapWords("With --strict, inconclusive gates fail the run.", width).map(s.dim))
  if (r.strict && r.counts.noData > 0) out.push(...wrapWords("With --strict, gates on a segment without customers fail the run.", width).map(s.dim))
  if (!r.strict && r.counts.inconclusive > 0) {
    out.push(...wrapWords("Inconclusive: the 95% interval straddles the threshold; more customers narrow it. They do not fail the run unless --strict.", width).map(s.dim))
  }
  return `${out.join("\n")}\n`
}
