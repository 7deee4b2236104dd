/**
 * Where the intervals' response surface is simulated (src/calibrate/surface.ts): by groups of
 * parameters, one parameter of every persona at once, read back per parameter and per pair.
 */
import { describe, expect, it } from "vitest"
import { tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { alongEach, gridValues, groupedValues, groupPairs, pairGrids, pairsOfEach } from "../../src/calibrate/surface.js"
import type { Targets } from "../../src/calibrate/observed.js"
import type { FreeParameter } from "../../src/calibrate/parameters.js"
import type { Structure } from "../../src/calibrate/scoring.js"

// Parameters 0 and 1 of persona 0, 2 of persona 1, 3 scenario-level: groups [0, 2], [1], [3].
const st: Structure = { persona: [0, 0, 1, -1], groups: [[0, 2], [1], [3]] }
const tallies: Tally[] = [{ kind: "satisfied", categories: 2, period: 0, edges: [] }]
const tg: Targets = { tallies, outcomes: [], layout: tallyLayout(tallies), personas: 2, personaOf: [0, 1] }
const x = [0, 0, 0, 0]

describe("the response surface's points", () => {
  it("pairs the groups whose members move a segment in common", () => {
    // [0, 2] with [1]: parameters 0 and 1 both move persona 0; every group with the scenario-level [3].
    expect(groupPairs(st)).toEqual([[0, 1], [0, 2], [1, 2]])
    expect(groupPairs({ persona: [0, 1], groups: [[0, 1]] })).toEqual([])
    expect(groupPairs({ persona: [0, 1, 2], groups: [[0, 1], [2]] })).toEqual([])
    expect(groupPairs({ persona: [0, 1, 1], groups: [[0, 1], [2]] })).toEqual([[0, 1]])
  })

  it("moves a group's members together, and reads each one's segment back alone", () => {
    const values = [[1, 2], [5], [3], [7, 8, 9]]
    const pts = groupedValues(st, x, values)
    expect(pts.map((p) => Array.from(p))).toEqual([
      [1, 0, 3, 0],
      [2, 0, 0, 0],
      [0, 5, 0, 0],
      [0, 0, 0, 7],
      [0, 0, 0, 8],
      [0, 0, 0, 9]
    ])
    // Counts per persona: [weight, no, yes]; the centre 10s, a simulation 20s for persona 0 and 30s for persona 1.
    const center = Float64Array.from([10, 10, 10, 10, 10, 10])
    const sims = pts.map(() => Float64Array.from([20, 20, 20, 30, 30, 30]))
    const each = alongEach(tg, st, x, center, pts, sims)
    expect(each.points.map((p) => Array.from(p))).toEqual([[1, 0, 0, 0], [0, 0, 3, 0], [2, 0, 0, 0], [0, 5, 0, 0], [0, 0, 0, 7], [0, 0, 0, 8], [0, 0, 0, 9]])
    expect(Array.from(each.simulated[0]!)).toEqual([20, 20, 20, 10, 10, 10])
    expect(Array.from(each.simulated[1]!)).toEqual([10, 10, 10, 30, 30, 30])
    // A scenario-level parameter moves every segment: the simulation whole.
    expect(Array.from(each.simulated[4]!)).toEqual([20, 20, 20, 30, 30, 30])
  })

  it("lays a grid per pair of groups and reads back every pair of members that share a segment", () => {
    const values = [[1, 2], [5, 6], [3], [7]]
    const grids = pairGrids(st, x, values, [[0, 1]])
    expect(grids.map((p) => Array.from(p))).toEqual([
      [1, 5, 3, 0],
      [1, 6, 3, 0],
      [2, 5, 0, 0],
      [2, 6, 0, 0]
    ])
    const pairs = pairsOfEach(st, x, grids, grids.map(() => new Float64Array(6)))
    // Only (0, 1) share persona 0; 2 (persona 1) with 1 (persona 0) moves no segment in common.
    expect(pairs.points.map((p) => Array.from(p))).toEqual([[1, 5, 0, 0], [1, 6, 0, 0], [2, 5, 0, 0], [2, 6, 0, 0]])
  })

  it("places the grid values where the pilot's refits spread, at least the Jacobian's step, within the bounds", () => {
    const p: FreeParameter = { path: "x", bounds: [0, 10], start: 5, set: (v) => [{ set: "x", value: v }] }
    // Refits spread uniformly over [4, 8]: 1.25 × the 1% / 99% quantiles' distance either side, in thirds.
    const draws = Float64Array.from({ length: 401 }, (_, k) => 4 + k / 100)
    const [vs] = gridValues([p], [5], [draws])
    const below = 1.25 * (5 - 4.04)
    const above = 1.25 * (7.96 - 5)
    const expected = [5 - below, 5 - (2 * below) / 3, 5 - below / 3, 5 + above / 3, 5 + (2 * above) / 3, Math.min(10, 5 + above)]
    vs!.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 9))
    // All refits at the estimate: the Jacobian's step (0.05 of the range) × 1.25 either side; clamped at a bound, repeats dropped.
    const [at] = gridValues([p], [9.9], [new Float64Array(50).fill(9.9)])
    expect(at!.every((v) => v <= 10)).toBe(true)
    expect(at!.filter((v) => v > 9.9)).toEqual([10])
    expect(at!.filter((v) => v < 9.9).length).toBe(3)
  })
})
