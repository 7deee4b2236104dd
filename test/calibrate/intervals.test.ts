/**
 * Intervals (src/calibrate/intervals.ts) on a model whose answer is known in closed form: one
 * yes/no outcome with share p(θ) = 0.3 + 0.2·θ. With n respondents, the estimate's standard
 * error is √(p(1 − p)/n) / 0.2; simulating m customers adds the shares' own sampling error,
 * √(p(1 − p)/m) / 0.2, in quadrature.
 */
import { describe, expect, it } from "vitest"
import { tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { bootstrapIntervals, jacobianPoints } from "../../src/calibrate/intervals.js"
import type { Observed, Targets } from "../../src/calibrate/observed.js"
import type { FreeParameter } from "../../src/calibrate/parameters.js"
import { Z95 } from "../../src/stats/intervals.js"

const tallies: Tally[] = [{ kind: "satisfied", categories: 2, period: 0, edges: [] }]
const targets: Targets = { tallies, outcomes: [], layout: tallyLayout(tallies), personas: 1, personaOf: [0] }
const shareAt = (theta: number) => 0.3 + 0.2 * theta
const sim = (theta: number, m: number) => Float64Array.from([m, m * (1 - shareAt(theta)), m * shareAt(theta)])

const intervalFor = (n: number, m: number, bounds: readonly [number, number] = [-1, 1.5]) => {
  const param: FreeParameter = { path: "x", bounds, start: 0, set: (v) => [{ set: "x", value: v }] }
  const observed: Observed = { counts: Float64Array.from([n, 0.7 * n, 0.3 * n]), weight: Float64Array.from([n]), weightSq: Float64Array.from([n]), total: n }
  const points = jacobianPoints([param], [0])
  return bootstrapIntervals({ targets, observed, params: [param], estimate: [0], center: sim(0, m), points, simulated: points.map((x) => sim(x[0]!, m)), replicates: 2000, seed: 4 })[0]!
}

describe("bootstrap intervals", () => {
  const se = (n: number) => Math.sqrt((0.3 * 0.7) / n) / 0.2
  it("match the closed-form standard error when simulation noise is negligible", () => {
    const r = intervalFor(1000, 1e9)
    const half = (r.estimate.upper - r.estimate.lower) / 2
    expect(half / (Z95 * se(1000))).toBeGreaterThan(0.9)
    expect(half / (Z95 * se(1000))).toBeLessThan(1.1)
    expect(r.status).toBe("identified")
  })

  it("widen with the simulated customers' own noise: m = n gives √2 times wider", () => {
    const r = intervalFor(1000, 1000)
    const half = (r.estimate.upper - r.estimate.lower) / 2
    expect(half / (Z95 * Math.SQRT2 * se(1000))).toBeGreaterThan(0.9)
    expect(half / (Z95 * Math.SQRT2 * se(1000))).toBeLessThan(1.1)
  })

  it("call a parameter the data cannot tell flat, and one on its bound at-bound", () => {
    expect(intervalFor(3, 1e9, [-0.2, 0.2]).status).toBe("flat")
    expect(intervalFor(1000, 1e9, [0, 1]).status).toBe("at-bound")
  })
})
