/** The fit/check split (src/calibrate/split.ts): stratified by segment, seeded, `where` obeyed. */
import { describe, expect, it } from "vitest"
import { splitRespondents } from "../../src/calibrate/split.js"
import type { SurveyData } from "../../src/survey/SurveyData.js"

const survey = (segment: number[], where: number[] | null = null): SurveyData => ({
  file: "s.csv",
  hash: "h",
  rows: segment.length,
  dropped: [],
  segments: ["a", "b", "c"],
  segment: Int32Array.from(segment),
  weight: new Float64Array(segment.length).fill(1),
  outcomes: [],
  measured: [],
  where: where === null ? null : Uint8Array.from(where),
  whereText: where === null ? null : "wait <= 30"
})

describe("the split", () => {
  const segs = Array.from({ length: 301 }, (_, i) => (i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0))
  it("checks ⌊n/2⌋ of each segment's respondents, the same for the same seed", () => {
    const data = survey(segs)
    const a = splitRespondents(data, 4)
    for (let s = 0; s < 3; s++) {
      const rows = segs.flatMap((x, r) => (x === s ? [r] : []))
      expect(rows.filter((r) => a[r] === 0).length).toBe(Math.floor(rows.length / 2))
    }
    expect(Array.from(splitRespondents(data, 4))).toEqual(Array.from(a))
    expect(Array.from(splitRespondents(data, 5))).not.toEqual(Array.from(a))
    expect(Array.from(splitRespondents(data, 4, 0.2)).filter((m) => m === 0).length).toBeLessThan(Array.from(a).filter((m) => m === 0).length)
  })

  it("splits a segment the same whatever the other segments hold", () => {
    const alone = survey(segs.filter((x) => x === 0))
    const both = splitRespondents(survey(segs), 9)
    expect(Array.from(both).filter((_, r) => segs[r] === 0)).toEqual(Array.from(splitRespondents(alone, 9)))
  })

  it("with `where`, fits on the matching respondents and checks the others", () => {
    const where = segs.map((_, i) => (i % 2 === 0 ? 1 : 0))
    expect(Array.from(splitRespondents(survey(segs, where), 4))).toEqual(where)
  })
})
