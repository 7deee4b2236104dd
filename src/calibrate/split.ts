/**
 * Which respondents fit and which check: a seeded split, stratified by segment (each segment's
 * respondents shuffled with a stream keyed by the seed and the segment's id, the first share of
 * them to the check, the rest to the fit), or, with a `where` expression, the matching
 * respondents fit and the others check. The one place that decides it.
 */
import { keyOf, permutation, seededUniform } from "../design/seededUniform.js"
import type { SurveyData } from "../survey/SurveyData.js"

/** Per respondent: 1 fits, 0 checks. */
export type SplitMask = Uint8Array

/**
 * The split of a survey: with `data.where`, that mask; else each segment's respondents in a
 * seeded random order, ⌊n·check⌋ of them checking (at least one when the segment has two or more).
 *
 * @example
 * const mask = splitRespondents(data, 42) // half of each segment fits, half checks
 */
export const splitRespondents = (data: SurveyData, seed: number, check = 0.5): SplitMask => {
  if (!(check > 0 && check < 1)) throw new Error(`splitRespondents requires 0 < check < 1, got ${check}`)
  if (data.where !== null) return Uint8Array.from(data.where)
  const mask = new Uint8Array(data.rows)
  const bySegment: number[][] = data.segments.map(() => [])
  for (let r = 0; r < data.rows; r++) bySegment[data.segment[r] as number]?.push(r)
  bySegment.forEach((rows, s) => {
    const order = permutation(seededUniform(seed, keyOf(`split:${data.segments[s]}`)), rows.length)
    const nCheck = rows.length < 2 ? 0 : Math.max(1, Math.floor(rows.length * check))
    order.forEach((i, k) => {
      mask[rows[i] as number] = k < nCheck ? 0 : 1
    })
  })
  return mask
}
