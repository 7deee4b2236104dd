/**
 * A calibration result written by hand for the renderers' tests: three segments of the
 * restaurant, CSAT (5 points), likelihood to recommend and churn, six parameters with every
 * status. The figures are made up to look like a real fit; no test treats them as the model's.
 */
import { CALIBRATION_SCHEMA_VERSION, type AnswerShare, type CalibrationResult, type Interval, type OutcomeFidelity } from "../../src/calibrate/CalibrationResult.js"

const iv = (value: number, lower: number, upper: number): Interval => ({ value, lower, upper })

const shares = (labels: ReadonlyArray<string>, observed: ReadonlyArray<number>, simulated: ReadonlyArray<number>, n: number): AnswerShare[] =>
  labels.map((label, i) => {
    const p = observed[i] ?? 0
    const h = 1.96 * Math.sqrt((p * (1 - p)) / n)
    return { label, observed: iv(p, Math.max(0, p - h), Math.min(1, p + h)), simulated: simulated[i] ?? 0 }
  })

const csat = (n: number, obs: ReadonlyArray<number>, sim: ReadonlyArray<number>, distance: number, ceiling: number, ratio: number, verdict: OutcomeFidelity["verdict"]): OutcomeFidelity => {
  const mean = obs.reduce((s, p, i) => s + p * (i + 1), 0)
  const simMean = sim.reduce((s, p, i) => s + p * (i + 1), 0)
  const top = (obs[3] ?? 0) + (obs[4] ?? 0)
  return {
    kind: "csat",
    column: "Q1 satisfaction",
    n,
    shares: shares(["1", "2", "3", "4", "5"], obs, sim, n),
    mean: { observed: iv(mean, mean - 0.09, mean + 0.09), simulated: simMean },
    topTwoBox: { observed: iv(top, top - 0.045, top + 0.045), simulated: (sim[3] ?? 0) + (sim[4] ?? 0) },
    distance,
    varianceRatio: ratio,
    noiseCeiling: ceiling,
    verdict
  }
}

const ltr = (n: number, nps: number, simNps: number, distance: number, ceiling: number, ratio: number, verdict: OutcomeFidelity["verdict"]): OutcomeFidelity => {
  const labels = Array.from({ length: 11 }, (_, i) => String(i))
  const obs = [0.02, 0.01, 0.02, 0.03, 0.04, 0.08, 0.1, 0.16, 0.2, 0.18, 0.16]
  const sim = [0.01, 0.01, 0.01, 0.02, 0.04, 0.09, 0.12, 0.19, 0.22, 0.17, 0.12]
  return {
    kind: "ltr",
    column: "recommend_0_10",
    n,
    shares: shares(labels, obs, sim, n),
    mean: { observed: iv(7.4, 7.2, 7.6), simulated: 7.3 },
    nps: { observed: iv(nps, nps - 8.5, nps + 8.5), simulated: simNps },
    distance,
    varianceRatio: ratio,
    noiseCeiling: ceiling,
    verdict
  }
}

const churn = (n: number, rate: number, sim: number, distance: number, ceiling: number, verdict: OutcomeFidelity["verdict"]): OutcomeFidelity => ({
  kind: "churn",
  column: "left_within_3_months",
  n,
  shares: shares(["no", "yes"], [1 - rate, rate], [1 - sim, sim], n),
  mean: { observed: iv(rate, rate - 0.04, rate + 0.04), simulated: sim },
  rate: { observed: iv(rate, rate - 0.04, rate + 0.04), simulated: sim },
  distance,
  // A yes/no answer: its variance is fixed by its rate, so the ratio says little; not computed.
  varianceRatio: Number.NaN,
  noiseCeiling: ceiling,
  verdict
})

export const fixture: CalibrationResult = {
  schemaVersion: CALIBRATION_SCHEMA_VERSION,
  kind: "calibration",
  engine: { name: "cxsim", version: "0.9.0" },
  scenario: { name: "restaurant", title: "Restaurant lunch service", hash: "3f1c0a9b7d2e4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f" },
  variant: null,
  survey: {
    file: "scenarios/calibrate/restaurant-survey.csv",
    hash: "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
    rows: 1200,
    dropped: [
      { reason: "no segment", rows: 12 },
      { reason: "weight not a number", rows: 3 }
    ]
  },
  seed: 7,
  customers: 4000,
  split: { fit: 600, check: 600, where: null },
  optimizer: { method: "CMA-ES (Hansen 2016), bounds by a logistic transform", evaluations: 1240, iterations: 62, converged: true, objective: { start: 2.4131, end: 2.0518 } },
  intervals: { method: "parametric bootstrap, Gauss-Newton refits", replicates: 200, confidence: 0.95 },
  parameters: [
    { path: "personas.busy-professional.loyalty.retention", bounds: [0.5, 1], start: 0.97, estimate: iv(0.9512, 0.9404, 0.9618), status: "identified" },
    {
      path: "personas.busy-professional.expectations.food-wait.expected",
      bounds: [5, 30],
      start: 15,
      estimate: iv(12.43, 10.9, 14.1),
      status: "identified"
    },
    { path: "personas.family.loyalty.retention", bounds: [0.5, 1], start: 0.95, estimate: iv(0.999, 0.991, 1), status: "at-bound" },
    { path: "personas.family.expectations.service-wait.expected", bounds: [1, 20], start: 8, estimate: iv(9.1, 1.6, 19.2), status: "flat" },
    {
      path: "personas.bargain-hunter.expectations.price.expected",
      bounds: [8, 20],
      start: 14.5,
      estimate: iv(15.2, 12.1, 18.4),
      status: "correlated",
      with: "model.satisfactionBias"
    },
    { path: "model.satisfactionBias", bounds: [-1, 3], start: 1.1, estimate: iv(1.32, 0.71, 1.95), status: "correlated", with: "personas.bargain-hunter.expectations.price.expected" }
  ],
  fidelity: {
    distance: 0.0712,
    noiseCeiling: 0.0521,
    verdict: "fair",
    segments: [
      {
        segment: "busy-professional",
        label: "Busy professional",
        n: 240,
        outcomes: [
          csat(240, [0.04, 0.08, 0.2, 0.42, 0.26], [0.03, 0.09, 0.22, 0.43, 0.23], 0.04, 0.05, 0.91, "good"),
          ltr(236, 14.0, 11.0, 0.06, 0.07, 0.84, "good"),
          churn(240, 0.12, 0.11, 0.01, 0.03, "good")
        ],
        distance: 0.037,
        noiseCeiling: 0.05,
        verdict: "good"
      },
      {
        segment: "family",
        label: "Family",
        n: 210,
        outcomes: [
          csat(210, [0.15, 0.05, 0.1, 0.3, 0.4], [0.04, 0.1, 0.26, 0.38, 0.22], 0.24, 0.06, 0.55, "poor"),
          ltr(205, 21.0, 5.0, 0.11, 0.08, 0.62, "fair"),
          churn(210, 0.08, 0.09, 0.01, 0.03, "good")
        ],
        distance: 0.12,
        noiseCeiling: 0.057,
        verdict: "poor"
      },
      {
        segment: "bargain-hunter",
        label: "Bargain hunter",
        n: 150,
        outcomes: [
          csat(150, [0.06, 0.12, 0.3, 0.36, 0.16], [0.05, 0.13, 0.29, 0.37, 0.16], 0.02, 0.07, 0.97, "good"),
          ltr(148, -4.0, -2.0, 0.08, 0.09, 0.9, "good"),
          churn(150, 0.31, 0.22, 0.09, 0.05, "fair")
        ],
        distance: 0.063,
        noiseCeiling: 0.07,
        verdict: "good"
      }
    ]
  },
  warnings: [
    "personas.family.expectations.service-wait.expected is flat: its interval fills 93% of its bounds; the survey cannot tell it.",
    "personas.family.loyalty.retention sits at its upper bound 1; widen the bounds or check the churn column.",
    "Family: synthetic CSAT answers are too narrow (variance ratio 0.55)."
  ]
}
