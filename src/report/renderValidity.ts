/**
 * The validity report in its three formats: a terminal summary (table), Markdown (what
 * docs/validity.md holds: the table of effects, then one paragraph per effect on its design) and
 * JSON. Numbers are formatted without a locale, so the text is the same on every machine.
 */
import type { CheckResult, EffectResult, Status, ValidityReport } from "../validity/ValidityReport.js"
import { fixed, grouped } from "./format.js"
import { mdTable } from "./renderComparisonMarkdown.js"
import { escapeMarkdown } from "./renderMarkdown.js"
import { clean, pad, styles, truncate, widthOf, wrapWords, type Styles } from "./text.js"

export const validityFormats = ["table", "md", "json"] as const
export type ValidityFormat = (typeof validityFormats)[number]

/** The first line of the Markdown report (what `--out` recognises as written by cxsim). */
export const VALIDITY_MARKER = "<!-- cxsim validity -->"

/** Decimals for an estimate of this size: 1 from 10 on (NPS points), then 2, 3, and 4 below 0.1. */
export const digitsFor = (x: number): number => {
  const a = Math.abs(x)
  return a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : 4
}

/** A number with `digits` decimals; ±∞ for an unbounded end of an interval. */
export const numberText = (x: number | null, digits: number, side: "lower" | "upper" | "estimate" = "estimate"): string => {
  if (x === null) return side === "lower" ? "-∞" : side === "upper" ? "∞" : "n/a"
  return fixed(x, digits)
}

/** "-0.808 [-0.812, -0.804]": the estimate and its interval with the estimate's decimals, or "not measured". */
export const measureText = (c: CheckResult): string => {
  if (c.estimate === null) return "not measured"
  const d = digitsFor(c.estimate)
  return `${numberText(c.estimate, d)} [${numberText(c.lower, d, "lower")}, ${numberText(c.upper, d, "upper")}]`
}

/** "10 of 20 effects hold, 6 fail, 4 not measurable". */
export const summaryText = (r: ValidityReport): string => {
  const s = r.summary
  const parts = [`${s.passed} of ${r.effects.length} effects hold`]
  if (s.failed > 0) parts.push(`${s.failed} fail${s.failed === 1 ? "s" : ""}`)
  if (s.notMeasurable > 0) parts.push(`${s.notMeasurable} not measurable`)
  return parts.join(", ")
}

const behaviourText = (r: ValidityReport): string =>
  r.persona === null ? "the engine's default behavioural parameters" : `the behavioural parameters of ${r.persona}`

const statusWord: Readonly<Record<Status, string>> = { pass: "pass", fail: "FAIL", "not measurable": "n/m" }

const statusStyle = (s: Styles, status: Status): ((x: string) => string) => (status === "pass" ? s.green : status === "fail" ? s.red : s.yellow)

export interface ValidityTextOptions {
  /** ANSI styles (the caller decides, from NO_COLOR and the terminal). @default false */
  readonly color?: boolean
  /** The longest line, in columns (at least 60). @default 80 */
  readonly width?: number
}

/** The terminal summary: per effect its status, name and source, then each check with its rule. */
export const renderValidityText = (r: ValidityReport, o: ValidityTextOptions = {}): string => {
  const s = styles(o.color ?? false)
  const width = Math.max(60, o.width ?? 80)
  const indent = " ".repeat(6)
  const lines: string[] = [
    s.bold(truncate(`cxsim validity: ${summaryText(r)}`, width)),
    ...wrapWords(`${grouped(r.customers)} customers per segment and arm; ${behaviourText(r)}.`, width).map(s.dim),
    ""
  ]
  for (const e of r.effects) {
    lines.push(`${statusStyle(s, e.status)(pad(statusWord[e.status], 4, "left"))}  ${truncate(`${clean(e.id)} · ${clean(e.source)}`, width - 6)}`)
    for (const c of e.checks) {
      const measure = measureText(c)
      const room = width - indent.length - 2 - widthOf(measure)
      if (c.estimate !== null && room >= 16) lines.push(`${indent}${pad(truncate(clean(c.quantity), room), room, "left")}  ${measure}`)
      else lines.push(...wrapWords(c.estimate === null ? c.quantity : `${c.quantity}: ${measure}`, width, indent, indent))
      const rule = `accept ${c.accept}`
      lines.push(...wrapWords(rule, width, indent, indent).map(c.pass === false ? s.red : s.dim))
    }
    if (e.reason !== null) lines.push(...wrapWords(e.reason, width, indent, indent).map(s.yellow))
  }
  lines.push("", `${summaryText(r)}.`)
  return `${lines.join("\n")}\n`
}

const resultCell = (e: EffectResult): string => (e.status === "pass" ? "pass" : e.status === "fail" ? "**fail**" : "*not measurable*")

const cell = (e: EffectResult, f: (c: CheckResult) => string): string => e.checks.map(f).join("<br>")

/** docs/validity.md: the table of effects, then each effect's design, then the method. */
export const renderValidityMarkdown = (r: ValidityReport): string => {
  const rows = r.effects.map((e) => [
    escapeMarkdown(e.name),
    escapeMarkdown(e.source),
    escapeMarkdown(e.literature),
    cell(e, (c) => `${escapeMarkdown(c.quantity)}: ${escapeMarkdown(measureText(c))}`),
    cell(e, (c) => escapeMarkdown(c.accept)),
    resultCell(e)
  ])
  const lines = [
    VALIDITY_MARKER,
    "# Validity: the effects of the literature, measured",
    "",
    "Does cxsim reproduce the effects that the customer-experience literature reports? Each effect below is",
    "measured on its own small scenario (in [scenarios/validity/](../scenarios/validity/)), by comparing arms",
    "(variants of the scenario) on the same synthetic customers, and judged against a tolerance taken from",
    "its source. A user who changes a default or calibrates a persona reruns the suite with",
    "`cxsim validity --persona FILE` and sees which effects still hold.",
    "",
    `Written by \`npm run validity\` (\`cxsim validity --format md\`) with cxsim ${r.engine.version},`,
    `${grouped(r.customers)} customers per segment and arm, and ${behaviourText(r)}.`,
    "Do not edit it by hand: a test checks that it is what the command writes.",
    "",
    `**${summaryText(r)}.**`,
    "",
    ...mdTable(["Effect", "Source", "The literature", "cxsim measures (95% interval)", "Tolerance", "Result"], ["left", "left", "left", "left", "left", "left"], rows),
    "",
    "S is satisfaction on 0–10 after the first journey, SD its standard deviation; a step is one noticeable",
    "step of the dimension (its `scale`); A, E and D are the adequate, expected and desired levels.",
    "",
    "## The effects one by one",
    ""
  ]
  for (const e of r.effects) {
    lines.push(`### ${escapeMarkdown(e.name)} (\`${e.id}\`)`, "", escapeMarkdown(e.design), "")
    lines.push(`**Tolerance.** ${escapeMarkdown(e.tolerance)}`, "")
    lines.push(`Scenario: [${e.scenario}](../${e.scenario}).`, "")
    if (e.reason !== null) lines.push(`**Not measurable:** ${escapeMarkdown(e.reason.replace(/^not measurable: /, ""))}`, "")
  }
  lines.push("## Method", "")
  for (const [k, v] of Object.entries(r.method)) lines.push(`- **${k}**: ${escapeMarkdown(v)}`)
  return `${lines.join("\n")}\n`
}

export const renderValidityJson = (r: ValidityReport): string => `${JSON.stringify(r, null, 2)}\n`

/** The report in one of the formats. */
export const renderValidity = (r: ValidityReport, format: ValidityFormat, o: ValidityTextOptions = {}): string =>
  format === "json" ? renderValidityJson(r) : format === "md" ? renderValidityMarkdown(r) : renderValidityText(r, o)
