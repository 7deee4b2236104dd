/**
 * A small report built by hand: two segments of the restaurant scenario and their overall row.
 * The counts are consistent (shares, histograms and abandonment add up; the overall row is the sum
 * of the segments) and every distribution sums to 1. Frozen, so a renderer that mutates its input
 * fails.
 */
import { hasCustomers, type FilledSegment, type Report, type SegmentReport } from "../../src/report/Report.js"

const busyProfessional: FilledSegment = {
  id: "busy-professional",
  label: "Busy professional",
  n: 1200,
  share: 0.6,
  completion: { count: 1056, rate: 0.88, lower: 0.860391, upper: 0.897184 },
  abandonment: { count: 144, rate: 0.12, lower: 0.102816, upper: 0.139609 },
  outcomes: { done: 0.88 },
  abandonedAt: [
    { touchpoint: "kitchen", count: 66, rate: 0.055 },
    { touchpoint: "order-at-table", count: 42, rate: 0.035 },
    { touchpoint: "arrive", count: 24, rate: 0.02 },
    { touchpoint: "meal", count: 12, rate: 0.01 }
  ],
  satisfaction: { mean: 5.9, lower: 5.73592, upper: 6.06408, sd: 2.9 },
  csat: { mean: 3.54, lower: 3.459784, upper: 3.620216, distribution: [0.15, 0.1, 0.14, 0.28, 0.33], topTwoBox: 0.61 },
  nps: {
    mean: -22,
    lower: -26.707236,
    upper: -17.292764,
    promoters: 0.26,
    passives: 0.26,
    detractors: 0.48,
    distribution: [0.1, 0.05, 0.05, 0.05, 0.06, 0.07, 0.1, 0.12, 0.14, 0.12, 0.14]
  },
  ces: { mean: 2.98, lower: 2.903647, upper: 3.056353, distribution: [0.08, 0.45, 0.05, 0.3, 0.08, 0.03, 0.01] },
  complaints: { count: 180, rate: 0.15, lower: 0.130915, upper: 0.171318 },
  churn: { count: 816, rate: 0.68, lower: 0.653069, upper: 0.705783 },
  churnByCsat: [
    { csat: 1, n: 180, churned: 170, rate: 0.944444 },
    { csat: 2, n: 120, churned: 110, rate: 0.916667 },
    { csat: 3, n: 168, churned: 140, rate: 0.833333 },
    { csat: 4, n: 336, churned: 220, rate: 0.654762 },
    { csat: 5, n: 396, churned: 176, rate: 0.444444 }
  ],
  retention: [
    { period: 1, active: 1200, churned: 312, retained: 0.74, satisfaction: 5.9 },
    { period: 2, active: 888, churned: 228, retained: 0.55, satisfaction: 6.35 },
    { period: 3, active: 660, churned: 156, retained: 0.42, satisfaction: 6.52 },
    { period: 4, active: 504, churned: 120, retained: 0.32, satisfaction: 6.61 }
  ],
  revenue: {
    total: 142080,
    perCustomer: { mean: 118.4, lower: 114.156553, upper: 122.643447 },
    cost: 37440,
    costPerCustomer: 31.2,
    marginPerCustomer: 87.2
  },
  journey: { steps: 5.2, effort: 1.9, failures: 0.07, recovered: 0.04, lost: 0 },
  touchpoints: [
    { touchpoint: "arrive", reach: 1, visits: 1.01, abandoned: 0.02, failures: 0, experience: -0.25 },
    { touchpoint: "order-at-table", reach: 0.96, visits: 0.98, abandoned: 0.035, failures: 0, experience: -1.05 },
    { touchpoint: "kitchen", reach: 0.94, visits: 1.16, abandoned: 0.055, failures: 0.05, experience: -1.02 },
    { touchpoint: "meal", reach: 0.88, visits: 1.1, abandoned: 0.01, failures: 0, experience: -0.24 },
    { touchpoint: "pay", reach: 0.88, visits: 0.91, abandoned: 0, failures: 0, experience: -1.5 }
  ],
  painPoints: [
    { touchpoint: "pay", reach: 0.88, severity: 1.84, score: 1.6192 },
    { touchpoint: "kitchen", reach: 0.94, severity: 1.52, score: 1.4288 },
    { touchpoint: "order-at-table", reach: 0.96, severity: 0.92, score: 0.8832 },
    { touchpoint: "arrive", reach: 1, severity: 0.55, score: 0.55 },
    { touchpoint: "meal", reach: 0.88, severity: 0.38, score: 0.3344 }
  ],
  drivers: [
    { touchpoint: "pay", reach: 0.88, correlation: 0.82, impact: 1.95 },
    { touchpoint: "order-at-table", reach: 0.96, correlation: 0.44, impact: 1.2 },
    { touchpoint: "kitchen", reach: 0.94, correlation: 0.36, impact: 0.9 },
    { touchpoint: "arrive", reach: 1, correlation: 0.25, impact: 0.7 }
  ]
}

const family: FilledSegment = {
  id: "family",
  label: "Family with children",
  n: 800,
  share: 0.4,
  completion: { count: 728, rate: 0.91, lower: 0.88816, upper: 0.927921 },
  abandonment: { count: 72, rate: 0.09, lower: 0.072079, upper: 0.11184 },
  outcomes: { done: 0.91 },
  abandonedAt: [
    { touchpoint: "kitchen", count: 36, rate: 0.045 },
    { touchpoint: "arrive", count: 16, rate: 0.02 },
    { touchpoint: "order-at-table", count: 12, rate: 0.015 },
    { touchpoint: "meal", count: 8, rate: 0.01 }
  ],
  satisfaction: { mean: 6.5, lower: 6.312903, upper: 6.687097, sd: 2.7 },
  csat: { mean: 3.71, lower: 3.61682, upper: 3.80318, distribution: [0.12, 0.08, 0.13, 0.31, 0.36], topTwoBox: 0.67 },
  nps: {
    mean: -4,
    lower: -9.958275,
    upper: 1.958275,
    promoters: 0.35,
    passives: 0.26,
    detractors: 0.39,
    distribution: [0.07, 0.04, 0.04, 0.05, 0.05, 0.06, 0.08, 0.12, 0.14, 0.16, 0.19]
  },
  ces: { mean: 2.83, lower: 2.735917, upper: 2.924083, distribution: [0.1, 0.5, 0.03, 0.26, 0.07, 0.03, 0.01] },
  complaints: { count: 96, rate: 0.12, lower: 0.099278, upper: 0.144354 },
  churn: { count: 480, rate: 0.6, lower: 0.565652, upper: 0.633392 },
  churnByCsat: [
    { csat: 1, n: 96, churned: 90, rate: 0.9375 },
    { csat: 2, n: 64, churned: 58, rate: 0.90625 },
    { csat: 3, n: 104, churned: 90, rate: 0.865385 },
    { csat: 4, n: 248, churned: 146, rate: 0.58871 },
    { csat: 5, n: 288, churned: 96, rate: 0.333333 }
  ],
  retention: [
    { period: 1, active: 800, churned: 176, retained: 0.78, satisfaction: 6.5 },
    { period: 2, active: 624, churned: 136, retained: 0.61, satisfaction: 6.9 },
    { period: 3, active: 488, churned: 96, retained: 0.49, satisfaction: 7.02 },
    { period: 4, active: 392, churned: 72, retained: 0.4, satisfaction: 7.1 }
  ],
  revenue: {
    total: 114000,
    perCustomer: { mean: 142.5, lower: 136.402023, upper: 148.597977 },
    cost: 27280,
    costPerCustomer: 34.1,
    marginPerCustomer: 108.4
  },
  journey: { steps: 5.6, effort: 1.6, failures: 0.05, recovered: 0.03, lost: 0 },
  touchpoints: [
    { touchpoint: "arrive", reach: 1, visits: 1.02, abandoned: 0.02, failures: 0, experience: -0.2 },
    { touchpoint: "order-at-table", reach: 0.98, visits: 1, abandoned: 0.015, failures: 0, experience: -0.9 },
    { touchpoint: "kitchen", reach: 0.96, visits: 1.14, abandoned: 0.045, failures: 0.04, experience: -0.96 },
    { touchpoint: "meal", reach: 0.91, visits: 1.15, abandoned: 0.01, failures: 0, experience: -0.21 },
    { touchpoint: "pay", reach: 0.91, visits: 0.95, abandoned: 0, failures: 0, experience: -1.38 }
  ],
  painPoints: [
    { touchpoint: "pay", reach: 0.91, severity: 1.6, score: 1.456 },
    { touchpoint: "kitchen", reach: 0.96, severity: 1.35, score: 1.296 },
    { touchpoint: "order-at-table", reach: 0.98, severity: 0.8, score: 0.784 },
    { touchpoint: "arrive", reach: 1, severity: 0.48, score: 0.48 },
    { touchpoint: "meal", reach: 0.91, severity: 0.3, score: 0.273 }
  ],
  drivers: [
    { touchpoint: "pay", reach: 0.91, correlation: 0.78, impact: 1.8 },
    { touchpoint: "order-at-table", reach: 0.98, correlation: 0.4, impact: 1.05 },
    { touchpoint: "kitchen", reach: 0.96, correlation: 0.38, impact: 0.95 },
    { touchpoint: "arrive", reach: 1, correlation: 0.22, impact: 0.6 }
  ]
}

const overall: FilledSegment = {
  id: "overall",
  label: "All customers",
  n: 2000,
  share: 1,
  completion: { count: 1784, rate: 0.892, lower: 0.877638, upper: 0.904859 },
  abandonment: { count: 216, rate: 0.108, lower: 0.095141, upper: 0.122362 },
  outcomes: { done: 0.892 },
  abandonedAt: [
    { touchpoint: "kitchen", count: 102, rate: 0.051 },
    { touchpoint: "order-at-table", count: 54, rate: 0.027 },
    { touchpoint: "arrive", count: 40, rate: 0.02 },
    { touchpoint: "meal", count: 20, rate: 0.01 }
  ],
  satisfaction: { mean: 6.14, lower: 6.015696, upper: 6.264304, sd: 2.836296 },
  csat: { mean: 3.608, lower: 3.547031, upper: 3.668969, distribution: [0.138, 0.092, 0.136, 0.292, 0.342], topTwoBox: 0.634 },
  nps: {
    mean: -14.8,
    lower: -18.514779,
    upper: -11.085221,
    promoters: 0.296,
    passives: 0.26,
    detractors: 0.444,
    distribution: [0.088, 0.046, 0.046, 0.05, 0.056, 0.066, 0.092, 0.12, 0.14, 0.136, 0.16]
  },
  ces: { mean: 2.92, lower: 2.86064, upper: 2.97936, distribution: [0.088, 0.47, 0.042, 0.284, 0.076, 0.03, 0.01] },
  complaints: { count: 276, rate: 0.138, lower: 0.123577, upper: 0.153811 },
  churn: { count: 1296, rate: 0.648, lower: 0.626803, upper: 0.668629 },
  churnByCsat: [
    { csat: 1, n: 276, churned: 260, rate: 0.942029 },
    { csat: 2, n: 184, churned: 168, rate: 0.913043 },
    { csat: 3, n: 272, churned: 230, rate: 0.845588 },
    { csat: 4, n: 584, churned: 366, rate: 0.626712 },
    { csat: 5, n: 684, churned: 272, rate: 0.397661 }
  ],
  retention: [
    { period: 1, active: 2000, churned: 488, retained: 0.756, satisfaction: 6.14 },
    { period: 2, active: 1512, churned: 364, retained: 0.574, satisfaction: 6.576984 },
    { period: 3, active: 1148, churned: 252, retained: 0.448, satisfaction: 6.732544 },
    { period: 4, active: 896, churned: 192, retained: 0.352, satisfaction: 6.824375 }
  ],
  revenue: {
    total: 256080,
    perCustomer: { mean: 128.04, lower: 124.477226, upper: 131.602774 },
    cost: 64720,
    costPerCustomer: 32.36,
    marginPerCustomer: 95.68
  },
  journey: { steps: 5.36, effort: 1.78, failures: 0.062, recovered: 0.036, lost: 0 },
  touchpoints: [
    { touchpoint: "arrive", reach: 1, visits: 1.014, abandoned: 0.02, failures: 0, experience: -0.23 },
    { touchpoint: "order-at-table", reach: 0.968, visits: 0.988, abandoned: 0.027, failures: 0, experience: -0.99 },
    { touchpoint: "kitchen", reach: 0.948, visits: 1.152, abandoned: 0.051, failures: 0.046, experience: -0.996 },
    { touchpoint: "meal", reach: 0.892, visits: 1.12, abandoned: 0.01, failures: 0, experience: -0.228 },
    { touchpoint: "pay", reach: 0.892, visits: 0.926, abandoned: 0, failures: 0, experience: -1.452 }
  ],
  painPoints: [
    { touchpoint: "pay", reach: 0.892, severity: 1.742063, score: 1.55392 },
    { touchpoint: "kitchen", reach: 0.948, severity: 1.451139, score: 1.37568 },
    { touchpoint: "order-at-table", reach: 0.968, severity: 0.871405, score: 0.84352 },
    { touchpoint: "arrive", reach: 1, severity: 0.522, score: 0.522 },
    { touchpoint: "meal", reach: 0.892, severity: 0.347354, score: 0.30984 }
  ],
  drivers: [
    { touchpoint: "pay", reach: 0.892, correlation: 0.8, impact: 1.9 },
    { touchpoint: "order-at-table", reach: 0.968, correlation: 0.42, impact: 1.14 },
    { touchpoint: "kitchen", reach: 0.948, correlation: 0.37, impact: 0.92 },
    { touchpoint: "arrive", reach: 1, correlation: 0.24, impact: 0.66 }
  ]
}

const deepFreeze = <T>(x: T): T => {
  if (typeof x === "object" && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v)
    Object.freeze(x)
  }
  return x
}

export const fixture: Report = deepFreeze({
  schemaVersion: 2,
  engine: { name: "cxsim", version: "0.1.0" },
  scenario: { name: "restaurant", title: "A restaurant visit", hash: "753a97a92e6ad431c41723a539adcc8b5ade84557e381418ecbb2f5555c5f89e" },
  variant: null,
  seed: 42,
  population: 2000,
  horizon: 4,
  currency: "EUR",
  blockSize: 1024,
  method: {
    confidence: 0.95,
    means: "normal approximation: mean ± 1.96·s/√n",
    proportions: "Wilson score interval",
    nps: "per-customer score +100/0/−100: mean ± 1.96·s/√n",
    survey: "CSAT, likelihood to recommend and effort are surveyed after each customer's first journey; churn, retention and revenue run over the horizon"
  },
  dimensions: ["service-wait", "food-wait", "food-temperature", "cleanliness", "price"],
  touchpoints: [
    { id: "arrive", label: "Welcome and seating", stage: "arrival", channel: "in-person" },
    { id: "order-at-table", label: "Order with a waiter", stage: "ordering", channel: "in-person" },
    { id: "kitchen", label: "Waiting for the food", stage: "meal", channel: "in-person" },
    { id: "meal", label: "Eating", stage: "meal", channel: "in-person" },
    { id: "pay", label: "Paying", stage: "departure", channel: "in-person" }
  ],
  outcomes: [{ id: "done", kind: "completed" }],
  segments: [busyProfessional, family],
  overall
})

/** A copy of a report with its segments with customers (and overall row) changed by `f`; the copy is not frozen. */
export const mapSegments = (report: Report, f: (s: FilledSegment) => FilledSegment): Report => ({
  ...report,
  segments: report.segments.map((s) => (hasCustomers(s) ? f(s) : s)),
  overall: f(report.overall)
})

/** The segment's figures; fails the test when it has no customers. */
export const filled = (s: SegmentReport | undefined): FilledSegment => {
  if (s === undefined || !hasCustomers(s)) throw new Error(`expected a segment with customers, got ${s === undefined ? "none" : `${s.id} (n = 0)`}`)
  return s
}

/** Rename touchpoint `from` to `to` everywhere in a report. */
export const renameTouchpoint = (report: Report, from: string, to: string): Report => {
  const rename = <T extends { readonly touchpoint: string }>(x: T): T => (x.touchpoint === from ? { ...x, touchpoint: to } : x)
  return {
    ...mapSegments(report, (s) => ({
      ...s,
      abandonedAt: s.abandonedAt.map(rename),
      touchpoints: s.touchpoints.map(rename),
      painPoints: s.painPoints.map(rename),
      drivers: s.drivers.map(rename)
    })),
    touchpoints: report.touchpoints.map((t) => (t.id === from ? { ...t, id: to } : t))
  }
}
