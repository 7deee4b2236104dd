/**
 * Fidelity (src/calibrate/fidelity.ts) on a survey small enough to recompute by hand: shares,
 * Wilson intervals, mean, top-two box, NPS, distance, variance ratio, noise ceiling, verdicts.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { fidelityOf, poorOutcomes, reversedScales, verdictOf } from "../../src/calibrate/fidelity.js"
import { targetsOf } from "../../src/calibrate/observed.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import { wilson } from "../../src/stats/intervals.js"
import type { SurveyData, SurveyOutcome } from "../../src/survey/SurveyData.js"

const s = await Effect.runPromise(loadScenario("scenarios/restaurant.yaml"))
const csatAnswers = [0, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, 2]
const ltrAnswers = [10, 9, 9, 8, 7, 6, 0, 3, 10, 10, 5, 9]
const n = csatAnswers.length
const outcome = (kind: SurveyOutcome["kind"], categories: number, answers: number[]): SurveyOutcome => ({
  kind,
  column: `q_${kind}`,
  categories,
  labels: Array.from({ length: categories }, (_, i) => `L${i}`),
  answer: Int16Array.from(answers),
  value: null
})
const data: SurveyData = {
  file: "s.csv",
  hash: "h",
  rows: n,
  dropped: [],
  segments: ["family"],
  segment: new Int32Array(n),
  weight: new Float64Array(n).fill(1),
  outcomes: [outcome("csat", 5, csatAnswers), outcome("ltr", 11, ltrAnswers)],
  measured: [],
  where: null,
  whereText: null
}

describe("fidelity", () => {
  it("compares observed and simulated answers as recomputed by hand", () => {
    const tg = Effect.runSync(targetsOf(s, data))
    const family = s.personas.findIndex((p) => p.id === "family")
    const sim = new Float64Array(tg.personas * tg.layout.perSegment)
    const at = family * tg.layout.perSegment
    const simCsat = [0, 10, 20, 30, 40]
    const simLtr = [0, 0, 0, 0, 0, 0, 10, 20, 30, 20, 20]
    sim[at] = 100
    simCsat.forEach((c, j) => (sim[at + tg.layout.offsets[0]! + j] = c))
    simLtr.forEach((c, j) => (sim[at + tg.layout.offsets[1]! + j] = c))
    const f = fidelityOf({ targets: tg, data, include: () => true, simulated: sim, labels: s.personas.map((p) => p.label), seed: 3 })
    expect(f.segments.map((x) => x.segment)).toEqual(["family"])
    const [csat, ltr] = f.segments[0]!.outcomes
    const obs = [1, 2, 2, 3, 4].map((c) => c / n)
    expect(csat!.shares.map((x) => x.observed.value)).toEqual(obs)
    expect(csat!.shares.map((x) => x.simulated)).toEqual([0, 0.1, 0.2, 0.3, 0.4])
    expect(csat!.shares[4]!.observed.lower).toBeCloseTo(wilson(4, n).lower, 12)
    expect(csat!.shares.map((x) => x.label)).toEqual(["L0", "L1", "L2", "L3", "L4"])
    const mean = obs.reduce((a, q, j) => a + q * (j + 1), 0)
    expect(csat!.mean.observed.value).toBeCloseTo(mean, 12)
    expect(csat!.mean.simulated).toBeCloseTo(4, 12)
    expect(csat!.topTwoBox!.observed.value).toBeCloseTo(7 / 12, 12)
    expect(csat!.topTwoBox!.simulated).toBeCloseTo(0.7, 12)
    const tv = 0.5 * obs.reduce((a, q, j) => a + Math.abs(q - [0, 0.1, 0.2, 0.3, 0.4][j]!), 0)
    expect(csat!.distance).toBeCloseTo(tv, 12)
    const varObs = obs.reduce((a, q, j) => a + q * (j + 1) ** 2, 0) - mean ** 2
    expect(csat!.varianceRatio).toBeCloseTo(1 / varObs, 12)
    // NPS: promoters 9–10 (6 of 12), detractors 0–6 (4 of 12).
    expect(ltr!.nps!.observed.value).toBeCloseTo((100 * (6 - 4)) / 12, 10)
    expect(ltr!.nps!.simulated).toBeCloseTo(100 * (0.4 - 0.1), 10)
    expect(ltr!.nps!.observed.lower).toBeLessThan(ltr!.nps!.observed.value)
    for (const o of [csat!, ltr!]) {
      expect(o.noiseCeiling).toBeGreaterThan(0)
      expect(o.noiseCeiling).toBeLessThanOrEqual(1)
      expect(o.verdict).toBe(verdictOf(o.distance, o.noiseCeiling))
    }
    expect(f.segments[0]!.distance).toBeCloseTo((csat!.distance + ltr!.distance) / 2, 12)
  })

  it("answers that do not vary: no variance ratio (NaN, shown as missing); a constant amount still tells a simulated one apart", () => {
    const same: SurveyData = {
      ...data,
      outcomes: [outcome("csat", 5, csatAnswers.map(() => 3)), { ...outcome("spend", 0, csatAnswers.map(() => 0)), labels: [], value: new Float64Array(n).fill(50) }]
    }
    const tg = Effect.runSync(targetsOf(s, same))
    // The one amount is the one edge: at most 50, and more.
    expect(tg.tallies[1]!.edges).toEqual([50])
    const family = s.personas.findIndex((p) => p.id === "family")
    const sim = new Float64Array(tg.personas * tg.layout.perSegment)
    const at = family * tg.layout.perSegment
    sim[at] = 100
    ;[10, 20, 30, 20, 20].forEach((c, j) => (sim[at + tg.layout.offsets[0]! + j] = c))
    // Simulated amounts: 40 at most 50, 60 above.
    sim[at + tg.layout.offsets[1]!] = 40
    sim[at + tg.layout.offsets[1]! + 1] = 60
    const f = fidelityOf({ targets: tg, data: same, include: () => true, simulated: sim, labels: s.personas.map((p) => p.label), seed: 3 })
    const [csat, spend] = f.segments[0]!.outcomes
    expect(csat!.varianceRatio).toBeNaN()
    expect(csat!.distance).toBeCloseTo(0.8, 12)
    expect(spend!.varianceRatio).toBeNaN()
    expect(spend!.distance).toBeCloseTo(0.6, 12)
    expect(csat!.noiseCeiling).toBe(0)
  })

  it("names a scale whose answers fit far better read the other way round (a mapping with the direction wrong), and no other", () => {
    // CSAT observed mostly 4–5; simulated mostly 1–2, the mirror image: poor as read, close reversed.
    const high = [4, 4, 4, 3, 4, 3, 4, 4, 2, 3, 4, 4]
    const mirrored = [40, 20, 10, 5, 0].map((c) => c * 2)
    const mixed: SurveyData = { ...data, outcomes: [outcome("csat", 5, high), outcome("ltr", 11, ltrAnswers)] }
    const tg = Effect.runSync(targetsOf(s, mixed))
    const family = s.personas.findIndex((p) => p.id === "family")
    const simulate = (csat: number[]): Float64Array => {
      const sim = new Float64Array(tg.personas * tg.layout.perSegment)
      const at = family * tg.layout.perSegment
      sim[at] = 150
      csat.forEach((c, j) => (sim[at + tg.layout.offsets[0]! + j] = c))
      // Likelihood to recommend simulated as observed: not reversed.
      ltrAnswers.forEach((a) => (sim[at + tg.layout.offsets[1]! + a] = (sim[at + tg.layout.offsets[1]! + a] as number) + 150 / n))
      return sim
    }
    const fidelity = (csat: number[]) => fidelityOf({ targets: tg, data: mixed, include: () => true, simulated: simulate(csat), labels: s.personas.map((p) => p.label), seed: 3 })
    const f = fidelity(mirrored)
    const csat = f.segments[0]!.outcomes[0]!
    expect(csat.verdict).toBe("poor")
    const flagged = reversedScales(f)
    expect(flagged.map((o) => [o.column, o.kind])).toEqual([["q_csat", "csat"]])
    expect(flagged[0]!.distance).toBeCloseTo(csat.distance, 12)
    // Reversed, the observed shares (0, 0, 1, 3, 8 of 12 from worst) become (8, 3, 1, 0, 0) against (80, 40, 20, 10, 0) of 150.
    const rev = [8 / 12, 3 / 12, 1 / 12, 0, 0]
    expect(flagged[0]!.reversed).toBeCloseTo(0.5 * rev.reduce((a, q, j) => a + Math.abs(q - mirrored[j]! / 150), 0), 12)
    expect(flagged[0]!.reversed).toBeLessThanOrEqual(flagged[0]!.distance / 2)
    // Poor, in its one segment; the likelihood to recommend, simulated as observed, is not.
    expect(poorOutcomes(f)).toEqual([{ column: "q_csat", kind: "csat", segments: ["family"], of: 1 }])
    // The same answers simulated the right way round: nothing to say.
    expect(reversedScales(fidelity([0, 10, 20, 40, 80]))).toEqual([])
    expect(poorOutcomes(fidelity([0, 10, 20, 40, 80]))).toEqual([])
  })

  it("judges distance against the noise ceiling", () => {
    expect(verdictOf(0.05, 0.04)).toBe("good")
    expect(verdictOf(0.07, 0.04)).toBe("fair")
    expect(verdictOf(0.14, 0.04)).toBe("poor")
  })
})
