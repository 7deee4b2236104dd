/**
 * Calibration end to end (src/calibrate/calibrate.ts) on surveys simulated from known
 * parameters (test/calibrate/synthetic.ts, another seed than the fit's):
 * - the same inputs give the same result, byte for byte, on 1 and 2 workers;
 * - at 4,000 respondents the true values lie inside their intervals (one survey: how often
 *   intervals hold the truth over many surveys is measured by the bench, 90–93% at 1,000);
 * - a survey the model cannot produce (bimodal CSAT) is judged poor on CSAT, not everywhere.
 * Small populations and budgets keep it quick; the bench (bench/calibrate.ts) runs the large case.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { calibrateData } from "../../src/calibrate/calibrate.js"
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
  it("gives the same result, byte for byte, on 1 and 2 workers", async () => {
    const data = await survey(600)
    const a = await fit(data, { workers: 1, budget: 21, customers: 3000, replicates: 20 })
    const b = await fit(data, { workers: 2, budget: 21, customers: 3000, replicates: 20 })
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(a.result.optimizer.evaluations).toBeGreaterThan(1)
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
  }, 900_000)
})
