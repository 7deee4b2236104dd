/**
 * The answer-noise share (src/calibrate/objective.ts `withAnswerNoise`, parameters.ts
 * `answerNoise`): the shares become (1 − ε)·p + ε/K exactly, the Jacobian column in ε is
 * 1/K − p (against a finite difference), the simulator simulates a point once whatever its ε,
 * bad bounds are refused by name, the value is never written back, and ε itself is recovered
 * from a small synthetic survey with known noise.
 */
import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { calibrateData } from "../../src/calibrate/calibrate.js"
import { share, simulator, withAnswerNoise } from "../../src/calibrate/objective.js"
import { targetsOf } from "../../src/calibrate/observed.js"
import { ANSWER_NOISE, resolveParameters } from "../../src/calibrate/parameters.js"
import { tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import type { YamlFile } from "../../src/load/YamlFile.js"
import { syntheticSurvey } from "./synthetic.js"

const file = "scenarios/restaurant.yaml"

const tallies: ReadonlyArray<Tally> = [
  { kind: "csat", categories: 5, period: 0, edges: [] },
  { kind: "ltr", categories: 11, period: 0, edges: [] },
  { kind: "churn", categories: 2, period: 2, edges: [] }
]

/** Simulated counts of two segments with m customers each, from a seeded draw per category. */
const countsArb = fc.array(fc.nat({ max: 400 }), { minLength: 36, maxLength: 36 })

const countsOf = (raw: ReadonlyArray<number>): Float64Array => {
  const lay = tallyLayout(tallies)
  const out = new Float64Array(2 * lay.perSegment)
  let r = 0
  for (let seg = 0; seg < 2; seg++) {
    const base = seg * lay.perSegment
    // Every tally's counts sum to the segment's customers: scale the draws to m = 1000.
    tallies.forEach((t, k) => {
      const xs = Array.from({ length: t.categories }, () => (raw[r++ % raw.length] as number) + 1)
      const sum = xs.reduce((a, b) => a + b, 0)
      xs.forEach((x, j) => (out[base + (lay.offsets[k] as number) + j] = (1000 * x) / sum))
    })
    out[base] = 1000
  }
  return out
}

describe("answer noise", () => {
  it("makes each smoothed share (1 − ε)·p + ε/K, and its Jacobian column 1/K − p matches a finite difference", () => {
    const lay = tallyLayout(tallies)
    fc.assert(
      fc.property(countsArb, fc.double({ min: 0, max: 0.5, noNaN: true }), (raw, eps) => {
        const sim = countsOf(raw)
        const h = 1e-4
        const at = withAnswerNoise(sim, tallies, eps)
        const up = withAnswerNoise(sim, tallies, eps + h)
        const down = withAnswerNoise(sim, tallies, Math.max(0, eps - h))
        const dx = eps + h - Math.max(0, eps - h)
        for (let seg = 0; seg < 2; seg++) {
          const base = seg * lay.perSegment
          const m = sim[base] as number
          tallies.forEach((t, k) => {
            const a = base + (lay.offsets[k] as number)
            for (let j = 0; j < t.categories; j++) {
              const p = share(sim, a, t.categories, m, j)
              expect(share(at, a, t.categories, m, j)).toBeCloseTo((1 - eps) * p + eps / t.categories, 12)
              const fd = (share(up, a, t.categories, m, j) - share(down, a, t.categories, m, j)) / dx
              expect(fd).toBeCloseTo(1 / t.categories - p, 8)
            }
          })
        }
      }),
      { seed: 9, numRuns: 50 }
    )
  })

  it("leaves the counts as simulated at ε = 0, the customers per segment always", () => {
    const sim = countsOf(Array.from({ length: 36 }, (_, i) => i * 7))
    expect(Array.from(withAnswerNoise(sim, tallies, 0))).toEqual(Array.from(sim))
    const noisy = withAnswerNoise(sim, tallies, 0.2)
    expect(noisy[0]).toBe(sim[0])
    expect(Array.from(noisy)).not.toEqual(Array.from(sim))
  })

  it("simulates a point once whatever its ε: the counts at ε are those at 0 with the noise applied", async () => {
    const files = new Map<string, YamlFile>()
    const s = await Effect.runPromise(loadScenario(file, { files }))
    const tg = await Effect.runPromise(targetsOf(s, await Effect.runPromise(syntheticSurvey(file, { seed: 1, respondents: 200 }))))
    const params = await Effect.runPromise(resolveParameters(s, file, files, [{ path: "model.satisfactionBias" }, { path: ANSWER_NOISE }]))
    const simulate = simulator(file, params, tg.tallies, { files, customers: 600, seed: 3, workers: 1 })
    const [a, b, c] = await Effect.runPromise(simulate([[1, 0], [1, 0.25], [1.5, 0]]))
    expect(Array.from(b as Float64Array)).toEqual(Array.from(withAnswerNoise(a as Float64Array, tg.tallies, 0.25)))
    expect(Array.from(c as Float64Array)).not.toEqual(Array.from(a as Float64Array))
    // Again, from the simulator's kept simulations: the same counts.
    const [d] = await Effect.runPromise(simulate([[1, 0.25]]))
    expect(Array.from(d as Float64Array)).toEqual(Array.from(b as Float64Array))
  })

  it("refuses bounds outside [0, 1) and a bad prior, naming answerNoise", async () => {
    const files = new Map<string, YamlFile>()
    const s = await Effect.runPromise(loadScenario(file, { files }))
    for (const bounds of [[0, 1], [-0.1, 0.2], [0.3, 0.1]] as const) {
      const r = await Effect.runPromise(Effect.either(resolveParameters(s, file, files, [{ path: ANSWER_NOISE, bounds }])))
      expect(Either.isLeft(r)).toBe(true)
      if (Either.isLeft(r)) expect(r.left.issues.map((i) => i.path)).toEqual([ANSWER_NOISE])
    }
    const r = await Effect.runPromise(resolveParameters(s, file, files, [{ path: ANSWER_NOISE }]))
    expect(r[0]).toMatchObject({ path: ANSWER_NOISE, bounds: [0, 0.3], start: 0 })
    expect(r[0]!.set(0.1)).toEqual([])
  })

  it("recovers a known answer-noise share from a small survey, never among the values written back", async () => {
    const data = await Effect.runPromise(syntheticSurvey(file, { seed: 41, respondents: 4000, noise: 0.1 }))
    const { result, values } = await Effect.runPromise(
      calibrateData(file, data, { parameters: [{ path: "model.satisfactionBias" }, { path: ANSWER_NOISE }] }, { seed: 5, customers: 3000, workers: 2, budget: 60, replicates: 60 })
    )
    const e = result.parameters.find((p) => p.path === ANSWER_NOISE)!
    expect(e.estimate.lower).toBeLessThanOrEqual(0.1)
    expect(e.estimate.upper).toBeGreaterThanOrEqual(0.1)
    expect(Math.abs(e.estimate.value - 0.1)).toBeLessThan(0.04)
    expect(e.estimate.upper - e.estimate.lower).toBeLessThan(0.15)
    expect(values.map((v) => v.path)).toEqual(["model.satisfactionBias"])
    // Without noise in the survey the estimate is near 0, and no bound warning is given for it.
    const clean = await Effect.runPromise(syntheticSurvey(file, { seed: 41, respondents: 4000 }))
    const r0 = await Effect.runPromise(
      calibrateData(file, clean, { parameters: [{ path: "model.satisfactionBias" }, { path: ANSWER_NOISE }] }, { seed: 5, customers: 3000, workers: 2, budget: 60, replicates: 60 })
    )
    const e0 = r0.result.parameters.find((p) => p.path === ANSWER_NOISE)!
    expect(e0.estimate.value).toBeLessThan(0.03)
    expect(e0.estimate.lower).toBe(0)
    expect(r0.result.warnings.some((w) => w.startsWith(ANSWER_NOISE))).toBe(false)
  }, 120_000)

  // The same result, byte for byte, on 1 and 2 workers with answerNoise free: in the calibration's
  // own test of it (test/calibrate/calibrate.test.ts), whose fits have answerNoise free.
})
