/**
 * CES on a survey's own number of points (engine/calibrationJob.ts): 1 + round((k − 1)·(1 −
 * exp(−E/effortScale))) from the first journey's effort E, the model's own 7-point CES when k = 7.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { exactToFloat64 } from "../../src/engine/accumulator.js"
import { calibrationJob, candidateBlocks, candidateSize, cesCategory, tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { prepare, runExactEffect } from "../../src/engine/run.js"
import { loadScenario } from "../../src/load/loadScenario.js"

describe("CES on k points", () => {
  it("is the model's 7-point CES at k = 7, for efforts on both sides of every step", () => {
    for (const scale of [1, 4, 9.5]) {
      for (let e = 0; e <= 40; e += 0.013) {
        const model = Math.min(7, 1 + Math.round(6 * (1 - Math.exp(-e / scale))))
        expect(cesCategory(e, scale, 7) + 1).toBe(model)
      }
    }
  })

  it("with the answer's noise (effortNoise × z, CES points): the model's noisy 7-point CES at k = 7, clamped to the scale, and scaled to k points", () => {
    for (const noise of [-3.2, -0.6, 0.49, 0.51, 2.7]) {
      for (let e = 0; e <= 20; e += 0.113) {
        const model = Math.min(7, Math.max(1, 1 + Math.round(6 * (1 - Math.exp(-e / 4)) + noise)))
        expect(cesCategory(e, 4, 7, noise) + 1).toBe(model)
      }
    }
    // Three CES points of noise are a half-scale on any k: 1 at no effort on 5 points becomes 3.
    expect(cesCategory(0, 4, 5, 3)).toBe(2)
    expect(cesCategory(0, 4, 5, -3)).toBe(0)
    expect(cesCategory(1e6, 4, 5, 3)).toBe(4)
  })

  it("on 5 points: no effort is 1, much effort is 5, and it never falls as effort grows", () => {
    expect(cesCategory(0, 4, 5)).toBe(0)
    expect(cesCategory(1e6, 4, 5)).toBe(4)
    let last = 0
    for (let e = 0; e < 30; e += 0.05) {
      const c = cesCategory(e, 4, 5)
      expect(c).toBeGreaterThanOrEqual(last)
      last = c
    }
  })

  it("counts every customer once on a 5-point scale, and tells the same story as the 7-point one", async () => {
    const s = await Effect.runPromise(loadScenario("scenarios/support.yaml"))
    const m = prepare(s, { customers: 4000, seed: 3 })
    const tallies: Tally[] = [
      { kind: "ces", categories: 5, period: 0, edges: [] },
      { kind: "ces", categories: 7, period: 0, edges: [] }
    ]
    const per = candidateSize(m, tallies)
    const all = exactToFloat64(await Effect.runPromise(runExactEffect(calibrationJob, { models: [m], tallies }, { size: per, from: 0, to: candidateBlocks(m), workers: 1 })))
    const lay = tallyLayout(tallies)
    for (let p = 0; p < m.nPersonas; p++) {
      const seg = p * lay.perSegment
      const n = all[seg]!
      const five = Array.from({ length: 5 }, (_, j) => all[seg + lay.offsets[0]! + j]!)
      const seven = Array.from({ length: 7 }, (_, j) => all[seg + lay.offsets[1]! + j]!)
      expect(five.reduce((a, b) => a + b, 0)).toBe(n)
      // The mean position on the scale (0 = least effort, 1 = most) agrees within the rounding of the steps.
      const pos = (xs: number[]) => xs.reduce((a, x, j) => a + x * (j / (xs.length - 1)), 0) / n
      if (n > 0) expect(Math.abs(pos(five) - pos(seven))).toBeLessThan(0.1)
    }
  })
})
