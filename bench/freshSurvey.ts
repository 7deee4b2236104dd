/**
 * Calibrating a scenario written from the docs alone to a messy survey export with known true
 * values: bench/freshSurvey/ holds the scenario (an account opening: app, branch or phone, an
 * identity check that fails and is recovered, 3 personas, 2 periods) and two mappings, the one a
 * user writes on a first try (first-try.map.yaml: the agree scale's labels listed in the survey's
 * order with reverse, no id column) and the fixed one (fixed.map.yaml); this script makes the
 * surveys and runs the calibrations (bench/RESULTS.md, "Calibrating a new scenario to a messy
 * export").
 *
 *   npx tsx bench/freshSurvey.ts [--seeds 99,98,97] [--out DIR]
 *
 * The truth (the bundled value in brackets); an expectation moves with its whole zone:
 *   personas.digital-native.expectations.wait.expected   5     (8; zone 12–0, was 15–3)
 *   personas.branch-loyal.loyalty.retention             0.88  (0.95)
 *   personas.small-business.expectations.fee.expected    6     (8; zone 10–2, was 12–4)
 * every other value as bundled (model.satisfactionBias 1.1, no careless answers).
 *
 * The mess: a BOM, CRLF, `;` and decimal commas, a second header row of question texts, CSAT as
 * labels in two cases and as codes, a 0–10 recommend with "10 - Extremely likely" and "0 - Not at
 * all likely", effort as a 7-point agree scale ("The bank made it easy…": Strongly agree = least
 * effort), blanks and "N/A", segment values in other cases and spacings and one spelled
 * "Small-business", 60 respondents of a segment the scenario does not have ("Student"), 25
 * respondents exported twice (same id), a date column, a comment with quotes, `;` and line breaks.
 * 2,000 customers per survey, the survey's seed the simulation's.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { calibrate } from "../src/api/calibrate.js"
import { records } from "../src/api/records.js"
import { below, keyOf, seededUniform } from "../src/design/seededUniform.js"
import { loadScenario } from "../src/load/loadScenario.js"

const here = path.join(path.dirname(fileURLToPath(import.meta.url)), "freshSurvey")
const SCENARIO = path.join(here, "scenarios", "account-opening.yaml")

export const TRUE_VALUES = [
  { set: "personas.digital-native.expectations.wait.adequate", value: 12 },
  { set: "personas.digital-native.expectations.wait.expected", value: 5 },
  { set: "personas.digital-native.expectations.wait.desired", value: 0 },
  { set: "personas.branch-loyal.loyalty.retention", value: 0.88 },
  { set: "personas.small-business.expectations.fee.adequate", value: 10 },
  { set: "personas.small-business.expectations.fee.expected", value: 6 },
  { set: "personas.small-business.expectations.fee.desired", value: 2 }
] as const

/** The true value of every parameter of the default set (the bundled value where the truth keeps it). */
const TRUTH: Readonly<Record<string, number>> = {
  "personas.digital-native.expectations.wait.expected": 5,
  "personas.digital-native.expectations.clarity.expected": 7,
  "personas.digital-native.expectations.fee.expected": 5,
  "personas.digital-native.loyalty.retention": 0.85,
  "personas.branch-loyal.expectations.wait.expected": 20,
  "personas.branch-loyal.expectations.clarity.expected": 8,
  "personas.branch-loyal.expectations.fee.expected": 7,
  "personas.branch-loyal.loyalty.retention": 0.88,
  "personas.small-business.expectations.wait.expected": 12,
  "personas.small-business.expectations.clarity.expected": 7,
  "personas.small-business.expectations.fee.expected": 6,
  "personas.small-business.loyalty.retention": 0.9,
  "model.satisfactionBias": 1.1,
  answerNoise: 0
}

const CUSTOMERS = 2000
const CSAT = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]
const AGREE = ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Agree", "Strongly agree"]
const SEGMENT: Readonly<Record<string, ReadonlyArray<string>>> = {
  "digital-native": ["Digital", "digital", "DIGITAL", " Digital"],
  "branch-loyal": ["Branch", "branch", "BRANCH"],
  "small-business": ["Small business", "Small Business ", "small  business", "Small-business"]
}
const COMMENTS = ["", "", "", "Quick; easy", "The ID check failed twice.\nHad to call.", 'Staff were "very" helpful', "ok"]

/** The survey's text for one seed. */
export const makeSurvey = async (seed: number): Promise<string> => {
  const scenario = await Effect.runPromise(loadScenario(SCENARIO, { set: TRUE_VALUES.map((t) => ({ ...t })) }))
  const u = seededUniform(seed, keyOf("fresh-survey"))
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[below(u, xs.length)] as T
  const quote = (s: string): string => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  const csat = (v: number): string => {
    const r = u()
    if (r < 0.03) return "N/A"
    if (r < 0.06) return ""
    if (r < 0.2) return String(v)
    const label = CSAT[v - 1] as string
    return u() < 0.7 ? label : label.toLowerCase()
  }
  const ltr = (v: number): string => (u() < 0.04 ? "" : v === 10 ? (u() < 0.8 ? "10 - Extremely likely" : "10") : v === 0 ? "0 - Not at all likely" : String(v))
  const date = (): string => `2026-11-${String(1 + below(u, 28)).padStart(2, "0")} ${String(8 + below(u, 13)).padStart(2, "0")}:${String(below(u, 60)).padStart(2, "0")}`
  const rows: string[][] = []
  let id = 50000
  for await (const r of records(scenario, { customers: CUSTOMERS, seed, workers: 1 })) {
    const persona = r["persona"] as string
    const churn = r["churn_period"] as number | null
    const fee = persona !== "small-business" && u() < 0.5 ? "" : Math.max(0, 6 + 1.5 * (u() + u() + u() - 1.5) * 2).toFixed(2).replace(".", ",")
    rows.push([
      String(++id),
      date(),
      pick(SEGMENT[persona] as ReadonlyArray<string>),
      csat(r["csat"] as number),
      ltr(r["ltr"] as number),
      u() < 0.05 ? "N/A" : (AGREE[7 - (r["ces"] as number)] as string),
      u() < 0.05 ? "" : churn === null ? "Yes" : "No",
      fee,
      quote(pick(COMMENTS))
    ])
  }
  for (let i = 0; i < 60; i++) rows.push([String(++id), date(), "Student", pick(CSAT), String(below(u, 11)), pick(AGREE), pick(["Yes", "No"]), "", ""])
  for (let i = 0; i < 25; i++) rows.push([...(rows[below(u, CUSTOMERS)] as string[])])
  // Shuffled as an export sorted by something else would be (Fisher–Yates on the seeded stream).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = below(u, i + 1)
    ;[rows[i], rows[j]] = [rows[j] as string[], rows[i] as string[]]
  }
  const header = ["Respondent ID", "Submitted", "Customer type", "Q1", "Q2", "Q3", "Q4", "Monthly fee paid", "Comments"]
  const questions = ["Respondent ID", "Date submitted", "Which best describes you?", "Overall, how satisfied are you with opening your account?", "How likely are you to recommend us to a friend or colleague?", "The bank made it easy to open my account.", "Are you still a customer today?", "Monthly fee paid (EUR)", "Anything else you want to tell us?"]
  return `\uFEFF${[header, questions, ...rows].map((r) => r.join(";")).join("\r\n")}\r\n`
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name)
    return i < 0 ? undefined : process.argv[i + 1]
  }
  const seeds = (arg("--seeds") ?? "99,98,97").split(",").map(Number)
  const out = arg("--out") ?? fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-fresh-"))
  const maps = ["first-try", "default-set", "fixed"]
  const inside: Record<string, [number, number]> = Object.fromEntries(maps.map((m) => [m, [0, 0]]))
  for (const seed of seeds) {
    const survey = path.join(out, `account-survey-${seed}.csv`)
    fs.writeFileSync(survey, await makeSurvey(seed))
    for (const m of maps) {
      const t0 = performance.now()
      const { result } = await calibrate(SCENARIO, { survey, map: path.join(here, `${m}.map.yaml`) })
      const seconds = (performance.now() - t0) / 1000
      console.log(`seed ${seed} · ${m} · ${result.survey.rows} respondents · dropped ${result.survey.dropped.map((d) => `${d.reason} ${d.rows}`).join(", ")} · fit ${result.fidelity.verdict} ${result.fidelity.distance.toFixed(3)} (ceiling ${result.fidelity.noiseCeiling.toFixed(3)}) · ${result.optimizer.evaluations} evaluations · ${seconds.toFixed(1)} s`)
      for (const p of result.parameters) {
        const truth = TRUTH[p.path] as number
        const ok = p.estimate.lower <= truth && truth <= p.estimate.upper
        const tally = inside[m] as [number, number]
        tally[0] += ok ? 1 : 0
        tally[1] += 1
        console.log(`  ${p.path}: truth ${truth}, ${p.estimate.value.toPrecision(3)} [${p.estimate.lower.toPrecision(3)}, ${p.estimate.upper.toPrecision(3)}] ${p.status}${ok ? "" : " · MISS"}`)
      }
      for (const w of result.warnings) console.log(`  warning: ${w}`)
    }
  }
  for (const m of maps) console.log(`${m}: the truth inside ${inside[m]?.[0]} of ${inside[m]?.[1]} intervals`)
  console.log(`surveys in ${out}`)
}
