/**
 * Intervals (src/calibrate/intervals.ts) on a model whose answer is known in closed form: one
 * yes/no outcome with share p(θ) = 0.3 + 0.2·θ. With n respondents, the estimate's standard
 * error is √(p(1 − p)/n) / 0.2; simulating m customers adds the shares' own sampling error,
 * √(p(1 − p)/m) / 0.2, in quadrature. Then a response that saturates: steep below the estimate,
 * nearly flat above it (as an expectation level's effect on the answers is), where a straight
 * line through the estimate would give an interval too narrow on the flat side. Then the
 * respondents: two outcomes that every respondent answers alike tell no more than one, which a
 * bootstrap of whole respondents knows and one of independent cells does not. Then a pair of
 * parameters whose effects on an answer multiply: the 2-D grid lets the refits follow it.
 */
import { describe, expect, it } from "vitest"
import { tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { axisPoints, bootstrapIntervals, jacobianPoints, surfaceShares } from "../../src/calibrate/intervals.js"
import type { Observed, Respondents, Targets } from "../../src/calibrate/observed.js"
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

  it("follow a response that saturates: short on the steep side, out to where the data allow on the flat one", () => {
    // p(θ) = 0.3 + 0.2θ up to θ = 0.2, ten times flatter beyond: the kink lies past the Jacobian's step.
    const kinked = (theta: number) => 0.3 + 0.2 * Math.min(theta, 0.2) + 0.02 * Math.max(theta - 0.2, 0)
    const n = 300
    const param: FreeParameter = { path: "x", bounds: [-1, 1.5], start: 0, set: (v) => [{ set: "x", value: v }] }
    const observed: Observed = { counts: Float64Array.from([n, 0.7 * n, 0.3 * n]), weight: Float64Array.from([n]), weightSq: Float64Array.from([n]), total: n }
    const m = 1e9
    const at = (theta: number) => Float64Array.from([m, m * (1 - kinked(theta)), m * kinked(theta)])
    const points = jacobianPoints([param], [0])
    const axis = axisPoints([param], [0])
    expect(axis.map((x) => x[0])).toEqual([-0.375, -0.875, -1, 0.375, 0.875, 1.5])
    const base = { targets, observed, params: [param], estimate: [0], center: at(0), points, simulated: points.map((x) => at(x[0]!)), replicates: 2000, seed: 4 }
    const r = bootstrapIntervals({ ...base, surface: { points: axis, simulated: axis.map((x) => at(x[0]!)) } })[0]!
    // Closed form: p̂ ± 1.96·√(p(1 − p)/n) mapped back through p(θ).
    const dp = Z95 * Math.sqrt((0.3 * 0.7) / n)
    const lower = -dp / 0.2
    const upper = 0.2 + (dp - 0.04) / 0.02
    expect(r.estimate.lower / lower).toBeGreaterThan(0.9)
    expect(r.estimate.lower / lower).toBeLessThan(1.1)
    expect(r.estimate.upper / upper).toBeGreaterThan(0.9)
    expect(r.estimate.upper / upper).toBeLessThan(1.1)
    // Without the further points (the slope at the estimate carried on), the flat side's width is missed.
    const straight = bootstrapIntervals(base)[0]!
    expect(straight.estimate.upper).toBeLessThan(0.5 * upper)
  })

  it("resample whole respondents: two outcomes answered alike are as wide as one, where independent cells would be √2 narrower", () => {
    const two: Tally[] = [tallies[0]!, tallies[0]!]
    const tg2: Targets = { tallies: two, outcomes: [], layout: tallyLayout(two), personas: 1, personaOf: [0] }
    const n = 1000
    const yes = 0.3 * n
    const observed: Observed = { counts: Float64Array.from([n, n - yes, yes, n - yes, yes]), weight: Float64Array.from([n, n]), weightSq: Float64Array.from([n, n]), total: n }
    const answers = new Int16Array(2 * n)
    for (let r = 0; r < n; r++) answers[2 * r] = answers[2 * r + 1] = r < yes ? 1 : 0
    const respondents: Respondents = { persona: new Int32Array(n), weight: new Float64Array(n).fill(1), answers }
    const param: FreeParameter = { path: "x", bounds: [-1, 1.5], start: 0, set: (v) => [{ set: "x", value: v }] }
    const m = 1e9
    const at = (theta: number) => Float64Array.from([m, m * (1 - shareAt(theta)), m * shareAt(theta), m * (1 - shareAt(theta)), m * shareAt(theta)])
    const points = jacobianPoints([param], [0])
    const base = { targets: tg2, observed, params: [param], estimate: [0], center: at(0), points, simulated: points.map((x) => at(x[0]!)), replicates: 2000, seed: 4, profile: false }
    const half = (r: { estimate: { lower: number; upper: number } }) => (r.estimate.upper - r.estimate.lower) / 2
    const whole = half(bootstrapIntervals({ ...base, respondents })[0]!) / (Z95 * se(n))
    expect(whole).toBeGreaterThan(0.9)
    expect(whole).toBeLessThan(1.1)
    const cells = half(bootstrapIntervals(base)[0]!) / (Z95 * se(n) * Math.SQRT1_2)
    expect(cells).toBeGreaterThan(0.9)
    expect(cells).toBeLessThan(1.1)
  })

  it("follow a pair's interaction on its 2-D grid: off the axes the surface is the response, where the axes alone miss the product", () => {
    // Answer 1's share 0.3 + 0.2a + 0.2b + 0.4ab, answer 2's 0.5 + 0.2a − 0.2b, simulated along the axes and on a grid.
    const two: Tally[] = [tallies[0]!, tallies[0]!]
    const tg2: Targets = { tallies: two, outcomes: [], layout: tallyLayout(two), personas: 1, personaOf: [0] }
    const p1 = (a: number, b: number) => 0.3 + 0.2 * a + 0.2 * b + 0.4 * a * b
    const p2 = (a: number, b: number) => 0.5 + 0.2 * a - 0.2 * b
    const m = 1e12
    const at = (x: ArrayLike<number>) => {
      const [a, b] = [x[0]!, x[1]!]
      return Float64Array.from([m, m * (1 - p1(a, b)), m * p1(a, b), m * (1 - p2(a, b)), m * p2(a, b)])
    }
    const n = 1000
    const observed: Observed = { counts: Float64Array.from([n, 0.7 * n, 0.3 * n, 0.5 * n, 0.5 * n]), weight: Float64Array.from([n, n]), weightSq: Float64Array.from([n, n]), total: n }
    const params: FreeParameter[] = ["a", "b"].map((path) => ({ path, bounds: [-1, 1], start: 0, set: (v: number) => [{ set: path, value: v }] }))
    const grid = [-0.6, -0.3, 0.2, 0.4, 0.6]
    const along = grid.flatMap((v) => [Float64Array.from([v, 0]), Float64Array.from([0, v])])
    const pairs = grid.flatMap((u) => grid.map((v) => Float64Array.from([u, v])))
    const points = jacobianPoints(params, [0, 0])
    const base = { targets: tg2, observed, params, estimate: [0, 0], center: at([0, 0]), points, simulated: points.map(at), replicates: 200, seed: 4 }
    const withPairs = { ...base, surface: { points: [...along, ...pairs], simulated: [...along, ...pairs].map(at) } }
    const axesOnly = { ...base, surface: { points: along, simulated: along.map(at) } }
    for (const [a, b] of [[0.3, 0.3], [-0.45, 0.5], [0.5, -0.2]] as const) {
      const s = surfaceShares(withPairs, [a, b])
      expect(s[1]).toBeCloseTo(p1(a, b), 9)
      expect(s[3]).toBeCloseTo(p2(a, b), 9)
      // The axes alone add the two effects and lose the product.
      expect(surfaceShares(axesOnly, [a, b])[1]! - p1(a, b)).toBeCloseTo(-0.4 * a * b, 9)
    }
  })
})
