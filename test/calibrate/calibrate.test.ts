/**
 * Calibration end to end (src/calibrate/calibrate.ts) on surveys simulated from known
 * parameters (test/calibrate/synthetic.ts, another seed than the fit's):
 * - the same inputs give the same result, byte for byte, on 1 and 2 workers (answerNoise free too);
 * - at 4,000 respondents the true values lie inside their intervals (one survey: how often
 *   intervals hold the truth over many surveys is measured by the bench, 90–93% at 1,000);
 * - a survey the model cannot produce (bimodal CSAT) is judged poor on CSAT, not everywhere.
 * Small populations and budgets keep it quick; the bench (bench/calibrate.ts) runs the large case.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { calibrateData } from "../../src/calibrate/calibrate.js"
import { ANSWER_NOISE } from "../../src/calibrate/parameters.js"
import type { CalibrateSection } from "../../src/calibrate/spec.js"
import { keyOf, seededUniform } from "../../src/design/seededUniform.js"
import { syntheticSurvey } from "./synthetic.js"

const file = "scenarios/restaurant.yaml"
const section: CalibrateSection = {
  parameters: [
    { path: "personas.family.loyalty.retention" },
    { path: "model.satisfactionBias" },
    { path: "personas.busy-professional.expectations.food-wait.expected" }
  ]
}
// The truth: retention 0.9, bias 1.5, the busy professionals' food-wait zone 3 minutes later (15 → 18).
const truth = [0.9, 1.5, 18]
const truthSet = [
  { set: "personas.family.loyalty.retention", value: 0.9 },
  { set: "model.satisfactionBias", value: 1.5 },
  { set: "personas.busy-professional.expectations.food-wait.adequate", value: 23 },
  { set: "personas.busy-professional.expectations.food-wait.expected", value: 18 },
  { set: "personas.busy-professional.expectations.food-wait.desired", value: 13 }
]

const survey = (respondents: number, seed = 99) => Effect.runPromise(syntheticSurvey(file, { set: truthSet, seed, respondents }))
const fit = (data: Awaited<ReturnType<typeof survey>>, o: { workers?: number; budget?: number; customers?: number; replicates?: number } = {}, spec = section) =>
  Effect.runPromise(calibrateData(file, data, spec, { seed: 3, customers: o.customers ?? 6000, workers: o.workers ?? 2, budget: o.budget ?? 300, replicates: o.replicates ?? 100 }))

describe("calibration", () => {
  // answerNoise free too: its smoothing of the merged counts is the same for any number of
  // workers (this was also a test of its own, test/calibrate/answerNoise.test.ts, on the same
  // scenario: merged here, so that the fits run once).
  it("gives the same result, byte for byte, on 1 and 2 workers, answerNoise free too", async () => {
    const data = await Effect.runPromise(syntheticSurvey(file, { set: truthSet, seed: 99, respondents: 600, noise: 0.05 }))
    const spec: CalibrateSection = { parameters: [...section.parameters!, { path: ANSWER_NOISE }] }
    const a = await fit(data, { workers: 1, budget: 30, customers: 3000, replicates: 20 }, spec)
    const b = await fit(data, { workers: 2, budget: 30, customers: 3000, replicates: 20 }, spec)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(a.result.optimizer.evaluations).toBeGreaterThan(1)
    expect(a.result.parameters.map((p) => p.path)).toEqual([...section.parameters!.map((p) => p.path), ANSWER_NOISE])
  }, 600_000)

  // Recovery on one survey of 4,000 respondents, 10,000 customers per evaluation. Its intervals'
  // coverage over many surveys is the bench's (bench/calibrate.ts, coverage: 90–93% of true
  // values inside at 1,000 respondents); on this one, all three hold the truth (food wait 15.9
  // [13.1, 21.8]). Measured on the same seeds: at 2,000 respondents the food wait's interval ends
  // just short of 18 (13.2 [10.6, 18.0] with 15,000 customers), one of the misses a 95% interval
  // is allowed.
  it("recovers known parameters at 4,000 respondents: each true value inside its interval, a good fit", async () => {
    const r = await fit(await survey(4000), { customers: 10_000, budget: 300 })
    expect(r.result.optimizer.converged).toBe(true)
    expect(r.result.optimizer.objective.end).toBeLessThan(r.result.optimizer.objective.start)
    r.result.parameters.forEach((p, i) => {
      expect(p.status).toBe("identified")
      expect(p.estimate.lower).toBeLessThanOrEqual(truth[i]!)
      expect(p.estimate.upper).toBeGreaterThanOrEqual(truth[i]!)
    })
    // The fit on the truth's own process is judged good out of sample.
    expect(r.result.fidelity.verdict).toBe("good")
    expect(r.values.map((v) => v.path)).toEqual([...section.parameters!.slice(0, 2).map((p) => p.path), ...truthSet.slice(2).map((v) => v.set)])
  }, 900_000)

  it("judges a survey the model cannot produce poor where it is poor: bimodal CSAT", async () => {
    const data = await survey(6000)
    // Every respondent answers CSAT 1 or 5, at random: no satisfaction mapping makes that.
    const csat = data.outcomes.find((o) => o.kind === "csat")!
    const u = seededUniform(5, keyOf("bimodal"))
    for (let r = 0; r < data.rows; r++) csat.answer[r] = u() < 0.5 ? 0 : 4
    // Retention free for every persona: churn can be matched whatever the fit does to satisfaction.
    const spec: CalibrateSection = { parameters: [{ path: "model.satisfactionBias" }, ...["busy-professional", "family", "bargain-hunter"].map((id) => ({ path: `personas.${id}.loyalty.retention` }))] }
    const { result } = await fit(data, {}, spec)
    expect(result.fidelity.verdict).not.toBe("good")
    for (const s of result.fidelity.segments) {
      const byKind = Object.fromEntries(s.outcomes.map((o) => [o.kind, o]))
      expect(byKind["csat"]!.verdict).toBe("poor")
      expect(byKind["churn"]!.verdict).not.toBe("poor")
      expect(byKind["csat"]!.varianceRatio).toBeLessThan(0.5)
    }
    // The report says where the model cannot follow, and what may move it (bimodal, not reversed).
    expect(result.warnings.filter((w) => w.startsWith("outcome csat:"))).toEqual([
      "outcome csat: the fit is poor in all 3 segments: the model, with these free parameters, does not make these answers, and a what-if read on this outcome rests on the assumptions there; check the column's mapping, then free a parameter that moves it (an expectation level, model.satisfactionBias or model.satisfactionSlope) or take the model's limit as found (docs/calibrate.md, proof out of sample)"
    ])
  }, 900_000)
})

/** The survey with only these respondents (rows), every column kept. */
const subset = (data: Awaited<ReturnType<typeof survey>>, rows: ReadonlyArray<number>): Awaited<ReturnType<typeof survey>> => ({
  ...data,
  rows: rows.length,
  segment: Int32Array.from(rows, (r) => data.segment[r] as number),
  weight: Float64Array.from(rows, (r) => data.weight[r] as number),
  outcomes: data.outcomes.map((o) => ({ ...o, answer: Int16Array.from(rows, (r) => o.answer[r] as number), value: o.value === null ? null : Float64Array.from(rows, (r) => o.value![r] as number) })),
  measured: data.measured.map((m) => ({ ...m, values: Float64Array.from(rows, (r) => m.values[r] as number) })),
  where: data.where === null ? null : Uint8Array.from(rows, (r) => data.where![r] as number)
})

/** The survey with every answer of the respondents `drop` says removed (the rows kept). */
const withoutAnswers = (data: Awaited<ReturnType<typeof survey>>, drop: (r: number) => boolean): Awaited<ReturnType<typeof survey>> => ({
  ...data,
  outcomes: data.outcomes.map((o) => ({
    ...o,
    answer: o.answer.map((a, r) => (drop(r) ? -1 : a)),
    value: o.value === null ? null : o.value.map((v, r) => (drop(r) ? Number.NaN : v))
  }))
})

const refusal = async (data: Awaited<ReturnType<typeof survey>>, spec = section): Promise<string> => {
  const r = await Effect.runPromise(Effect.either(calibrateData(file, data, spec, { seed: 3, customers: 1000, workers: 1, budget: 10, replicates: 4 })))
  if (r._tag === "Right" || r.left._tag !== "InvalidInput") throw new Error("expected the calibration to be refused")
  return r.left.issues.map((i) => `${i.path}: ${i.message}${i.hint === undefined ? "" : ` (${i.hint})`}`).join("\n")
}

describe("calibration on surveys too thin to tell", () => {
  it("refuses when no respondent with an answer is left to check the fit, or to fit, naming why", async () => {
    const data = await survey(300)
    // One respondent per segment: each goes to the fit, none to the check.
    const firsts = data.segments.map((_, k) => Array.from(data.segment).indexOf(k)).filter((r) => r >= 0)
    expect(await refusal(subset(data, firsts))).toMatchInlineSnapshot(`"rows: no respondent with an answer is left to check the fit (the check holds out a share of each segment that has two or more respondents; this survey has 3)"`)
    expect(await refusal({ ...data, where: new Uint8Array(data.rows).fill(1), whereText: "wait <= 99" })).toMatchInlineSnapshot(`"rows: no respondent with an answer is left to check the fit (every respondent with an answer matches wait <= 99: the check is on the others)"`)
    expect(await refusal(withoutAnswers(data, () => true))).toMatchInlineSnapshot(`"rows: none of the 151 respondents fitting the parameters answered any outcome (check the outcomes' columns and the mapping's missing values)"`)
    expect(await refusal({ ...data, weight: new Float64Array(data.rows) })).toMatchInlineSnapshot(`"rows: no respondent is left to fit (every respondent's weight is 0)"`)
  })

  it("a persona whose respondents answered nothing: its parameter's interval is its bounds, flat, with a warning; the others are fitted", async () => {
    const data = await survey(600)
    const family = data.segments.indexOf("family")
    const thin = withoutAnswers(data, (r) => data.segment[r] === family)
    const { result } = await fit(thin, { customers: 2000, budget: 12, replicates: 20, workers: 1 })
    const retention = result.parameters.find((p) => p.path === "personas.family.loyalty.retention")!
    expect(retention.status).toBe("flat")
    expect(retention.estimate.lower).toBe(retention.bounds[0])
    expect(retention.estimate.upper).toBe(retention.bounds[1])
    expect(retention.estimate.value).toBe(retention.start)
    expect(result.warnings).toContain("personas.family.loyalty.retention: no fit respondents of segment family answered, so the survey cannot tell its value (its interval is its bounds)")
    expect(result.parameters.find((p) => p.path === "model.satisfactionBias")!.estimate.upper).toBeLessThan(result.parameters.find((p) => p.path === "model.satisfactionBias")!.bounds[1])
    expect(JSON.stringify(result)).not.toMatch(/NaN|null,"upper"|Infinity/)
  }, 300_000)

  it("every respondent giving the same answer: a warning naming it, the variance ratio missing, no number that is not finite elsewhere; segment typos warned", async () => {
    const data = await survey(600)
    const csat = data.outcomes.find((o) => o.kind === "csat")!
    const same = { ...data, outcomes: data.outcomes.map((o) => (o === csat ? { ...o, answer: o.answer.map((a) => (a < 0 ? a : 3)) } : o)), segmentTypos: [{ column: "occasion", value: "famly meal", suggestion: "family meal", rows: 3 }] }
    const { result } = await fit(same, { customers: 2000, budget: 12, replicates: 20, workers: 1 })
    // And the reader's likely typos of segment values, with their did-you-mean.
    expect(result.warnings).toContain('segment column occasion: 3 rows hold "famly meal", which no rule of the mapping names (dropped: no segment); did you mean "family meal"?')
    expect(result.warnings).toContain(`outcome ${csat.column}: every respondent who answered gave the same answer (${csat.labels[3]}); nothing in the survey varies there: check the export, and read its fit as that of one answer`)
    for (const sg of result.fidelity.segments) {
      for (const o of sg.outcomes) {
        if (o.kind === "csat") expect(o.varianceRatio).toBeNaN()
        else expect(Number.isFinite(o.varianceRatio)).toBe(true)
        expect(Number.isFinite(o.distance) && Number.isFinite(o.noiseCeiling)).toBe(true)
      }
    }
    for (const p of result.parameters) expect([p.estimate.value, p.estimate.lower, p.estimate.upper].every(Number.isFinite)).toBe(true)
  }, 300_000)
})
