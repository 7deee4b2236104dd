/**
 * Known answers: the Ishigami function (Ishigami and Homma 1990), f = sin x1 + a sin² x2 +
 * b x3⁴ sin x1 on [−π, π]³, whose Sobol indices are known in closed form (Sobol and Levitan
 * 1999): computed here from the formulas, not pasted.
 */
import { describe, expect, it } from "vitest"
import { morrisTrajectories } from "../../../src/design/morrisTrajectories.js"
import { saltelli, splitSaltelli } from "../../../src/design/saltelli.js"
import { sobolSequence } from "../../../src/design/sobolSequence.js"
import { disagreements, ranks } from "../../../src/stats/sensitivity/disagreement.js"
import { morris } from "../../../src/stats/sensitivity/morris.js"
import { oat } from "../../../src/stats/sensitivity/oat.js"
import { sobolJansen } from "../../../src/stats/sensitivity/sobolJansen.js"

const a = 7
const b = 0.1
const pi = Math.PI
const ishigami = (u: ReadonlyArray<number>): number => {
  const [x1, x2, x3] = u.map((v) => -pi + 2 * pi * v) as [number, number, number]
  return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)
}

// Partial variances: V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸(1/18 − 1/50), V = V1 + V2 + V13.
const V1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2
const V2 = a ** 2 / 8
const V13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
const V = V1 + V2 + V13
const truth = { first: [V1 / V, V2 / V, 0], total: [(V1 + V13) / V, V2 / V, V13 / V] }

describe("Sobol indices (Saltelli sampling, Jansen estimators) on Ishigami", () => {
  const n = 2 ** 13
  const s = saltelli(sobolSequence(n, 6, 1), 3)
  const { yA, yB, yAB } = splitSaltelli(s.points.map(ishigami), n, 3)
  const indices = sobolJansen(yA, yB, yAB, { bootstrap: 100, seed: 11 })

  it("the analytic values are the published ones", () => {
    expect(truth.first[0]).toBeCloseTo(0.3139, 4)
    expect(truth.first[1]).toBeCloseTo(0.4424, 4)
    expect(truth.total[0]).toBeCloseTo(0.5576, 4)
    expect(truth.total[2]).toBeCloseTo(0.2437, 4)
  })

  it("first-order and total indices lie within 0.02 of the truth", () => {
    indices.forEach((ix, i) => {
      expect(Math.abs(ix.first - (truth.first[i] as number)), `S${i + 1} = ${ix.first}`).toBeLessThan(0.02)
      expect(Math.abs(ix.total - (truth.total[i] as number)), `ST${i + 1} = ${ix.total}`).toBeLessThan(0.02)
    })
  })

  it("bootstrap intervals surround the estimates and are reproducible from the seed", () => {
    for (const ix of indices) {
      expect(ix.firstLower).toBeLessThanOrEqual(ix.first)
      expect(ix.firstUpper).toBeGreaterThanOrEqual(ix.first)
      expect(ix.totalLower).toBeLessThanOrEqual(ix.total)
      expect(ix.totalUpper).toBeGreaterThanOrEqual(ix.total)
      expect(ix.totalUpper - ix.totalLower).toBeGreaterThan(0)
    }
    expect(sobolJansen(yA, yB, yAB, { bootstrap: 100, seed: 11 })).toEqual(indices)
    expect(sobolJansen(yA, yB, yAB, { bootstrap: 100, seed: 12 })).not.toEqual(indices)
  })

  it("the intervals cover the truth, and narrow as N grows", () => {
    indices.forEach((ix, i) => {
      expect(ix.totalLower - 0.005).toBeLessThanOrEqual(truth.total[i] as number)
      expect(ix.totalUpper + 0.005).toBeGreaterThanOrEqual(truth.total[i] as number)
    })
    const small = saltelli(sobolSequence(512, 6, 1), 3)
    const o = splitSaltelli(small.points.map(ishigami), 512, 3)
    const wide = sobolJansen(o.yA, o.yB, o.yAB, { bootstrap: 100, seed: 11 })
    wide.forEach((w, i) => expect(w.totalUpper - w.totalLower).toBeGreaterThan((indices[i] as { totalUpper: number; totalLower: number }).totalUpper - (indices[i] as { totalLower: number }).totalLower))
  })
})

describe("Morris screening on Ishigami", () => {
  it("ranks x1 and x2 above x3 by μ*, and gives x3 a σ from its interaction with x1", () => {
    const m = morrisTrajectories(100, 3, 4, 3)
    const ix = morris(m, m.points.map(ishigami))
    const muStar = ix.map((i) => i.muStar)
    expect(ranks(muStar)[2]).toBe(3)
    // x2 acts alone (additive, σ from its non-linearity only); x3's effect has the sign of sin x1.
    expect(Math.abs((ix[2] as { mu: number }).mu)).toBeLessThan((ix[2] as { muStar: number }).muStar / 2)
  })

  it("recovers the slopes of a linear function exactly, with σ = 0", () => {
    const m = morrisTrajectories(5, 4, 6, 9)
    const coef = [3, -2, 0, 0.5]
    const ix = morris(m, m.points.map((x) => x.reduce((s, v, i) => s + v * (coef[i] as number), 0)))
    ix.forEach((v, i) => {
      expect(v.mu).toBeCloseTo(coef[i] as number, 10)
      expect(v.muStar).toBeCloseTo(Math.abs(coef[i] as number), 10)
      expect(v.sigma).toBeCloseTo(0, 10)
    })
  })
})

describe("one at a time", () => {
  it("on Ishigami from the centre misses x3 entirely (it only acts through x1), unlike Sobol", () => {
    const centre = [0.5, 0.5, 0.5]
    const at = (i: number, v: number): number => ishigami(centre.map((c, k) => (k === i ? v : c)))
    const e = oat(ishigami(centre), [0, 1, 2].map((i) => at(i, 0.25)), [0, 1, 2].map((i) => at(i, 0.75)))
    expect((e[2] as { swing: number }).swing).toBeCloseTo(0, 12)
    expect((e[0] as { swing: number }).swing).toBeCloseTo(2 * Math.sin(pi / 2), 12)
  })
})

describe("ranks and disagreements", () => {
  it("ranks larger scores first, and calls out the parameters whose rank differs most between segments", () => {
    expect(ranks([0.1, 0.5, 0.3])).toEqual([3, 1, 2])
    const d = disagreements({ busy: [0.6, 0.1, 0.2], family: [0.05, 0.5, 0.25], senior: [0.5, 0.4, 0.3] })
    expect(d[0]).toEqual({ parameter: 0, best: { segment: "busy", rank: 1 }, worst: { segment: "family", rank: 3 }, spread: 2 })
    expect(disagreements({ a: [1, 2], b: [2, 3] })).toEqual([])
  })
})
