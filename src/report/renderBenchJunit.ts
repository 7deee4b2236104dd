/**
 * The benchmark result as JUnit XML, the test report format CI systems read: one <testsuite>
 * per suite, one <testcase> per check (gate × variant × segment).
 *
 * - passed: an empty test case;
 * - breached: a <failure type="breached">;
 * - inconclusive: a <skipped> with the reason, so that it shows but does not fail the build;
 *   with --strict, a <failure type="inconclusive"> instead.
 *
 * Every test case carries <properties> with its verdict, variant, segment, metric (and touchpoint),
 * rule, measure, interval, threshold and their unit. No
 * times are written, so the same run gives the same bytes.
 */
import type { BenchResult } from "../stats/BenchResult.js"
import { noDataReason, type CheckResult } from "../stats/gates.js"
import { beyondText, fitWhy, measureText } from "./benchFormat.js"
import { NO_DATA } from "./Report.js"

/** Text made safe for XML attributes and content: the five specials escaped, control characters dropped. */
export const escapeXml = (s: string): string =>
  s
    // XML 1.0 allows tab, line feed and carriage return among the control characters, nothing else.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join("")

const property = (name: string, value: string | number): string => `<property${attrs({ name, value })}/>`

const caseName = (c: CheckResult): string => `${c.variant} · ${c.segmentLabel} · ${c.name ?? c.description}`

/** A fit check's figures as properties. */
const fitProperties = (c: CheckResult): string[] =>
  c.fit === undefined
    ? []
    : [
        property("survey", c.fit.survey),
        property("survey.hash", c.fit.surveyHash),
        property("map", c.fit.map),
        property("respondents", c.fit.respondents),
        property("distance", c.fit.distance ?? NO_DATA),
        property("noiseCeiling", c.fit.noiseCeiling ?? NO_DATA),
        property("fidelity", c.fit.fidelity ?? NO_DATA)
      ].map((p) => `        ${p}`)

/** A check's testcase up to its value: the properties every check has. */
const caseOpening = (suite: string, c: CheckResult): string[] => [
  `    <testcase${attrs({ name: caseName(c), classname: `${suite}.${c.variant}` })}>`,
  "      <properties>",
  `        ${property("verdict", c.verdict)}`,
  `        ${property("variant", c.variant)}`,
  `        ${property("segment", c.segment)}`,
  `        ${property("metric", c.metric)}`,
  ...(c.touchpoint === null ? [] : [`        ${property("touchpoint", c.touchpoint)}`]),
  `        ${property("rule", c.rule)}`,
  `        ${property("threshold", c.threshold)}`,
  `        ${property("measured", c.measured)}`,
  `        ${property("value", c.value ?? NO_DATA)}`,
  // The unit of value, lower, upper and threshold: a churn of 5.8 is percent, a change of 5.8 points.
  `        ${property("unit", c.unit)}`
]

const testcase = (suite: string, c: CheckResult, strict: boolean): string[] => {
  if (c.measured === "fit") return fitTestcase(suite, c, strict)
  const detail = `${c.description}: ${c.measured} ${measureText(c)} (95% interval)`
  const lines = [
    ...caseOpening(suite, c),
    `        ${property("lower", c.lower ?? NO_DATA)}`,
    `        ${property("upper", c.upper ?? NO_DATA)}`,
    "      </properties>"
  ]
  if (c.verdict === "breached") {
    const beyond = `the whole 95% interval lies beyond the threshold, ${beyondText(c)}`
    lines.push(`      <failure${attrs({ type: "breached", message: `breached: ${detail}; ${beyond}` })}>${escapeXml(`${detail}; ${beyond}.`)}</failure>`)
  } else if (c.verdict === "no data") {
    // No measure and no interval to quote: the rule, and why it could not be judged.
    const why = `${c.description}: ${noDataReason(c)}, nothing to judge`
    if (strict) lines.push(`      <failure${attrs({ type: "no data", message: `no data (--strict): ${why}` })}>${escapeXml(`${why}.`)}</failure>`)
    else lines.push(`      <skipped${attrs({ message: `no data: ${why}` })}/>`)
  }
  else if (c.verdict === "inconclusive" && strict) {
    lines.push(`      <failure${attrs({ type: "inconclusive", message: `inconclusive (--strict): ${detail}` })}>${escapeXml(`The 95% interval straddles the threshold. ${detail}`)}</failure>`)
  } else if (c.verdict === "inconclusive") lines.push(`      <skipped${attrs({ message: `inconclusive: ${detail}; more customers narrow the interval` })}/>`)
  lines.push("    </testcase>")
  return lines
}

/** A fit check: the baseline against a survey (no interval: the noise ceiling stands for the survey's noise). */
const fitTestcase = (suite: string, c: CheckResult, strict: boolean): string[] => {
  const why = fitWhy(c)
  const detail = `${c.description}: ${measureText(c)}${why === "" ? "" : `; ${why}`}`
  const lines = [
    ...caseOpening(suite, c),
    ...fitProperties(c),
    "      </properties>"
  ]
  if (c.verdict === "breached") lines.push(`      <failure${attrs({ type: "breached", message: `breached: ${detail}` })}>${escapeXml(detail)}</failure>`)
  else if (c.verdict !== "passed" && strict) lines.push(`      <failure${attrs({ type: c.verdict, message: `${c.verdict} (--strict): ${detail}` })}>${escapeXml(detail)}</failure>`)
  else if (c.verdict !== "passed") lines.push(`      <skipped${attrs({ message: `${c.verdict}: ${detail}` })}/>`)
  lines.push("    </testcase>")
  return lines
}

/**
 * Render a benchmark result as JUnit XML.
 *
 * @example
 * ```ts
 * await fs.writeFile("bench.xml", renderBenchJunit(result))
 * ```
 */
export const renderBenchJunit = (r: BenchResult): string => {
  // Inconclusive checks and checks without data are skipped, or failures with --strict.
  const open = (c: CheckResult): boolean => c.verdict === "inconclusive" || c.verdict === "no data"
  const failures = (cs: ReadonlyArray<CheckResult>): number => cs.filter((c) => c.verdict === "breached" || (r.strict && open(c))).length
  const skipped = (cs: ReadonlyArray<CheckResult>): number => (r.strict ? 0 : cs.filter(open).length)
  const all = r.suites.flatMap((s) => s.checks)
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // The marker tells a later --junit that the file is ours.
    "<!-- cxsim bench -->",
    `<testsuites${attrs({ name: "cxsim bench", tests: all.length, failures: failures(all), errors: 0, skipped: skipped(all) })}>`
  ]
  for (const s of r.suites) {
    out.push(`  <testsuite${attrs({ name: s.name, tests: s.checks.length, failures: failures(s.checks), errors: 0, skipped: skipped(s.checks), file: s.file })}>`)
    out.push(
      "    <properties>",
      `      ${property("scenario", s.scenario.name)}`,
      `      ${property("scenario.hash", s.scenario.hash)}`,
      `      ${property("seed", s.seed)}`,
      `      ${property("customers", s.customers)}`,
      `      ${property("cxsim", s.engineVersion)}`,
      "    </properties>"
    )
    for (const c of s.checks) out.push(...testcase(s.name, c, r.strict))
    out.push("  </testsuite>")
  }
  out.push("</testsuites>")
  return `${out.join("\n")}\n`
}
