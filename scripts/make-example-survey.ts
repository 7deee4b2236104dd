/**
 * Make the bundled example survey, scenarios/calibrate/restaurant-survey.csv: guests of the
 * restaurant scenario simulated from personas that differ from the bundled ones in known ways,
 * their per-customer records turned into survey answers, then the mess of a real export added.
 *
 *   npx tsx scripts/make-example-survey.ts
 *
 * The "true" values, which a calibration of this survey should recover (the bundled value in
 * brackets). An expectation moves with its whole zone of tolerance (adequate and desired by the
 * same amount), as calibration's default parameters move it:
 *   personas.family.loyalty.retention                           0.93  (0.98)
 *   personas.busy-professional.expectations.food-wait.expected  11    (15; zone 16–6, was 20–10)
 *   personas.bargain-hunter.expectations.price.expected         12.5  (14.5; zone 14.5–9, was 16.5–11)
 * Customers: 2000, seed 2026.
 *
 * The mess: a BOM, CRLF line ends, `;` separators with decimal commas, "NA" and empty cells
 * (about 3% of each answer), labels in mixed case and with spaces, a quoted free-text comment
 * (with `;`, commas, doubled quotes and line breaks), an extra column (`source`), a weight column,
 * and 40 respondents no segment rule takes (occasion "Other" without a coupon). The measured
 * `food_wait_min` is drawn from the kitchen's wait distribution (lognormal, mean 14, sd 5) per
 * respondent: per-customer records do not carry delivered levels, so this column is not linked
 * to the answers. Deterministic: the same bytes on every run (test/survey/example.test.ts).
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { records } from "../src/api/records.js"
import { below, keyOf, seededUniform } from "../src/design/seededUniform.js"
import { loadScenario } from "../src/load/loadScenario.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
export const EXAMPLE_SURVEY = path.join(root, "scenarios", "calibrate", "restaurant-survey.csv")

/** The values the survey was simulated from. */
export const TRUE_VALUES = [
  { set: "personas.family.loyalty.retention", value: 0.93 },
  { set: "personas.busy-professional.expectations.food-wait.adequate", value: 16 },
  { set: "personas.busy-professional.expectations.food-wait.expected", value: 11 },
  { set: "personas.busy-professional.expectations.food-wait.desired", value: 6 },
  { set: "personas.bargain-hunter.expectations.price.adequate", value: 14.5 },
  { set: "personas.bargain-hunter.expectations.price.expected", value: 12.5 },
  { set: "personas.bargain-hunter.expectations.price.desired", value: 9 }
] as const

const CUSTOMERS = 2000
const SEED = 2026
const UNMATCHED = 40

const SAT_LABELS = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
const OCCASION: Readonly<Record<string, string>> = { "busy-professional": "Work lunch", family: "Family meal", "bargain-hunter": "Other" }
const COMMENTS = [
  "",
  "",
  "",
  "",
  "Great pasta",
  "Food was cold; waiter said \"sorry\", never again",
  "Slow, but friendly staff",
  "Kids loved it.\nWill come back",
  "Too expensive for what it is",
  "Had to wait 40 min; asked twice",
  "ok"
]
const SOURCES = ["email", "QR code", "kiosk"]

/** The survey's text: the records of the simulated guests, as a real export would write them. */
export const makeExampleSurvey = async (): Promise<string> => {
  const scenario = await Effect.runPromise(loadScenario(path.join(root, "scenarios", "restaurant.yaml"), { set: TRUE_VALUES.map((t) => ({ ...t })) }))
  const u = seededUniform(SEED, keyOf("example-survey"))
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[below(u, xs.length)] as T
  const cased = (s: string): string => {
    const r = u()
    return r < 0.6 ? s : r < 0.75 ? s.toLowerCase() : r < 0.85 ? s.toUpperCase() : ` ${s} `
  }
  /** About 3% of answers missing, written as NA or left empty. */
  const orMissing = (s: string): string => (u() < 0.03 ? pick(["NA", "", "NA"]) : s)
  const comma = (x: number, decimals: number): string => x.toFixed(decimals).replace(".", ",")
  const quote = (s: string): string => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  /** A lognormal draw with the given mean and sd (Box–Muller on the seeded stream). */
  const lognormal = (mean: number, sd: number): number => {
    const s2 = Math.log(1 + (sd * sd) / (mean * mean))
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
    return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * z)
  }
  const header = ["respondent", "occasion", "coupon", "overall_sat", "recommend", "effort", "happy", "still_customer_m3", "spend_6m", "food_wait_min", "weight", "comment", "source"]
  const lines = [header.join(";")]
  let id = 1000
  const row = (r: Readonly<Record<string, unknown>>, occasion: string, coupon: string): void => {
    const csat = r["csat"] as number
    const churn = r["churn_period"] as number | null
    lines.push(
      [
        String(id++),
        cased(occasion),
        cased(coupon),
        orMissing(cased(SAT_LABELS[csat - 1] as string)),
        orMissing(String(r["ltr"])),
        orMissing(String(r["ces"])),
        orMissing(cased(csat >= 4 ? pick(["Yes", "Y", "yes"]) : pick(["No", "N", "no"]))),
        orMissing(cased(churn !== null && churn < 3 ? "no" : "yes")),
        orMissing(comma(r["revenue"] as number, 2)),
        orMissing(comma(lognormal(14, 5), 1)),
        comma(0.6 + 1.2 * u(), 2),
        quote(pick(COMMENTS)),
        pick(SOURCES)
      ].join(";")
    )
  }
  const kept: Array<Readonly<Record<string, unknown>>> = []
  for await (const r of records(scenario, { customers: CUSTOMERS, seed: SEED, workers: 1 })) {
    const persona = r["persona"] as string
    row(r, OCCASION[persona] as string, persona === "bargain-hunter" ? "yes" : pick(["no", "no", "yes"]))
    if (kept.length < UNMATCHED && persona !== "bargain-hunter") kept.push(r)
  }
  // Respondents no segment rule takes: another occasion without a coupon.
  for (const r of kept) row(r, "Other", "no")
  return `\uFEFF${lines.join("\r\n")}\r\n`
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await makeExampleSurvey()
  fs.mkdirSync(path.dirname(EXAMPLE_SURVEY), { recursive: true })
  const tmp = `${EXAMPLE_SURVEY}.${process.pid}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, EXAMPLE_SURVEY)
  console.log(`wrote ${path.relative(process.cwd(), EXAMPLE_SURVEY)} (${text.split("\r\n").length - 2} respondents)`)
}
