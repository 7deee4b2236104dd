/** Splits (stratified, seeded, deterministic) and weighted counts against a direct recount. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { answerCounts } from "../../src/survey/counts.js"
import { randomHalves, splitHalves } from "../../src/survey/split.js"
import type { SurveyData, SurveyOutcome } from "../../src/survey/SurveyData.js"

/** A survey of `sizes[s]` respondents per segment, interleaved, with random answers and weights. */
const survey = (sizes: ReadonlyArray<number>, answers: ReadonlyArray<number>, weights: ReadonlyArray<number>): SurveyData => {
  const seg: number[] = []
  const left = [...sizes]
  while (left.some((n) => n > 0)) left.forEach((n, s) => n > 0 && (seg.push(s), (left[s] = n - 1)))
  const rows = seg.length
  const answer = Int16Array.from({ length: rows }, (_, i) => answers[i % answers.length] ?? -1)
  const outcome: SurveyOutcome = { kind: "csat", column: "sat", categories: 5, labels: ["1", "2", "3", "4", "5"], answer, value: null }
  return {
    file: "s.csv",
    hash: "",
    rows,
    dropped: [],
    segments: sizes.map((_, s) => `p${s}`),
    segment: Int32Array.from(seg),
    weight: Float64Array.from({ length: rows }, (_, i) => weights[i % weights.length] ?? 1),
    outcomes: [outcome],
    measured: [],
    where: null,
    whereText: null
  }
}

const sizes = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 5 })
const answers = fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 1, maxLength: 20 })
const weights = fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 1, maxLength: 7 })

describe("splitHalves", () => {
  it("holds out round(share × n) of each segment, the same for the same seed", () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.constantFrom(0.5, 0.3, 0.25, 0.9), (sz, seed, share) => {
        const d = survey(sz, [0], [1])
        const check = splitHalves(d, seed, share)
        expect(check.length).toBe(d.rows)
        sz.forEach((n, s) => {
          let k = 0
          for (let i = 0; i < d.rows; i++) if (d.segment[i] === s) k += check[i] as number
          expect(k).toBe(Math.round(share * n))
        })
        expect(splitHalves(d, seed, share)).toEqual(check)
        expect([...check].every((v) => v === 0 || v === 1)).toBe(true)
      }),
      { seed: 20261202, numRuns: 200 }
    )
  })

  it("differs between seeds, and a segment's split does not depend on the other segments", () => {
    const d = survey([200, 100], [0], [1])
    expect(splitHalves(d, 1)).not.toEqual(splitHalves(d, 2))
    const alone = survey([200], [0], [1])
    const a = splitHalves(alone, 5)
    const both = splitHalves(d, 5)
    const first = [...both].filter((_, i) => d.segment[i] === 0)
    expect(first).toEqual([...a])
  })

  it("refuses a share outside 0..1", () => {
    expect(() => splitHalves(survey([3], [0], [1]), 1, 1.5)).toThrow("splitHalves requires 0 ≤ checkShare ≤ 1, got 1.5")
  })
})

describe("randomHalves", () => {
  it("splits each segment in two halves (within a subset when given), independently of splitHalves", () => {
    const d = survey([101, 40, 7], [0], [1])
    const check = splitHalves(d, 9)
    const h = randomHalves(d, 9, (i) => check[i] === 1)
    ;[101, 40, 7].forEach((_, s) => {
      const inCheck = [...check].filter((c, i) => c === 1 && d.segment[i] === s).length
      const ones = [...h].filter((v, i) => v === 1 && d.segment[i] === s).length
      const zeros = [...h].filter((v, i) => v === 0 && d.segment[i] === s).length
      expect(ones).toBe(Math.round(inCheck / 2))
      expect(ones + zeros).toBe(inCheck)
    })
    for (let i = 0; i < d.rows; i++) expect(h[i] === 2).toBe(check[i] === 0)
    const all = randomHalves(d, 9)
    expect([...all].every((v) => v === 0 || v === 1)).toBe(true)
    expect(all).not.toEqual(splitHalves(d, 9))
  })
})

describe("answerCounts", () => {
  it("equals a direct recount of weighted answers per segment × category, with or without a mask", () => {
    fc.assert(
      fc.property(sizes, answers, weights, fc.integer({ min: 0, max: 1000 }), (sz, an, w, seed) => {
        const d = survey(sz, an, w)
        const o = d.outcomes[0] as SurveyOutcome
        const check = splitHalves(d, seed)
        for (const mask of [undefined, (i: number) => check[i] === 1]) {
          const c = answerCounts(d, o, mask)
          sz.forEach((_, s) => {
            let n = 0
            let sum = 0
            for (let k = 0; k < 5; k++) {
              let want = 0
              for (let i = 0; i < d.rows; i++) if (d.segment[i] === s && o.answer[i] === k && (mask === undefined || mask(i))) want += d.weight[i] as number
              expect(c.counts[s * 5 + k]).toBeCloseTo(want, 9)
              n += want
              sum += want * k
            }
            expect(c.n[s]).toBeCloseTo(n, 9)
            expect(c.sum[s]).toBeCloseTo(sum, 9)
          })
        }
      }),
      { seed: 20261202, numRuns: 200 }
    )
  })

  it("sums amounts for spend, skipping missing ones", () => {
    const d = survey([2, 1], [0], [2, 1, 0.5])
    const spend: SurveyOutcome = { kind: "spend", column: "spend", categories: 0, labels: [], answer: Int16Array.from([0, -1, 0]), value: Float64Array.from([10, Number.NaN, 4]) }
    const c = answerCounts(d, spend)
    // segments interleave: rows 0 (p0, w 2), 1 (p1, w 1, missing), 2 (p0, w 0.5)
    expect([...c.n]).toEqual([2.5, 0])
    expect([...c.sum]).toEqual([22, 0])
    expect(c.counts.length).toBe(0)
  })
})
