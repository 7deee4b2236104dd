/**
 * Splitting respondents, seeded and stratified by segment: the fit half and the check half of a
 * calibration (`splitHalves`), and two random halves for the noise ceiling (`randomHalves`).
 * Each segment is shuffled with its own stream, keyed by (seed, purpose, segment id), so that a
 * segment's split does not depend on the others; the same seed gives the same split.
 */
import { keyOf, permutation, seededUniform } from "../design/seededUniform.js"
import type { SurveyData } from "./SurveyData.js"

/** Per segment, its respondents in file order. */
const bySegment = (data: Pick<SurveyData, "segments" | "segment" | "rows">, within?: (i: number) => boolean): number[][] => {
  const out: number[][] = data.segments.map(() => [])
  for (let i = 0; i < data.rows; i++) if (within === undefined || within(i)) out[data.segment[i] as number]?.push(i)
  return out
}

/** Mark round(share × n) respondents of each segment, picked by a seeded shuffle. */
const mark = (data: Pick<SurveyData, "segments" | "segment" | "rows">, seed: number, purpose: string, share: number, out: Uint8Array, within?: (i: number) => boolean): void => {
  bySegment(data, within).forEach((members, s) => {
    const u = seededUniform(seed, keyOf(`${purpose}:${data.segments[s] as string}`))
    const order = permutation(u, members.length)
    const k = Math.round(share * members.length)
    for (let j = 0; j < members.length; j++) out[members[order[j] as number] as number] = j < k ? 1 : 0
  })
}

/**
 * The check respondents (1) and the fit respondents (0): in each segment, round(checkShare × n)
 * respondents, picked at random with the seed.
 *
 * @param checkShare share held out to check the fit. @default 0.5
 * @example
 * const check = splitHalves(survey, 7) // check[i] === 1: respondent i judges the fit
 */
export const splitHalves = (data: Pick<SurveyData, "segments" | "segment" | "rows">, seed: number, checkShare = 0.5): Uint8Array => {
  if (!(checkShare >= 0 && checkShare <= 1)) throw new Error(`splitHalves requires 0 ≤ checkShare ≤ 1, got ${checkShare}`)
  const out = new Uint8Array(data.rows)
  mark(data, seed, "split", checkShare, out)
  return out
}

/**
 * Two disjoint random halves within each segment (0 and 1; half of each segment, rounded, in
 * half 1), for the noise ceiling: the distance between them is what sampling alone gives. With
 * `within`, only those respondents are split; the others get 2. Independent of `splitHalves`
 * for the same seed.
 *
 * @param within the respondents to split. @default every respondent
 * @example
 * const check = splitHalves(survey, 7)
 * const halves = randomHalves(survey, 7, (i) => check[i] === 1)
 */
export const randomHalves = (data: Pick<SurveyData, "segments" | "segment" | "rows">, seed: number, within?: (i: number) => boolean): Uint8Array => {
  const out = new Uint8Array(data.rows).fill(within === undefined ? 0 : 2)
  mark(data, seed, "noise", 0.5, out, within)
  return out
}
