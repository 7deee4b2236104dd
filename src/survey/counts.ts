/**
 * Weighted answer counts of a survey outcome per segment: the observed distributions that a
 * calibration compares with simulated ones. Respondents without an answer are not counted.
 */
import type { SurveyData, SurveyOutcome } from "./SurveyData.js"

export interface AnswerCounts {
  /** Categories per segment (the outcome's `categories`; 0 for spend). */
  readonly categories: number
  /** Weighted count of segment s answering category c at `s * categories + c`. */
  readonly counts: Float64Array
  /** Weighted respondents with an answer, per segment. */
  readonly n: Float64Array
  /** Weighted sum of the answers per segment: category indices, or amounts for spend. */
  readonly sum: Float64Array
}

/**
 * Count one outcome's answers per segment × category, each respondent with their weight.
 *
 * @param mask respondents to count. @default every respondent
 * @example
 * const check = splitHalves(survey, 7)
 * const observed = answerCounts(survey, survey.outcomes[0], (i) => check[i] === 1)
 */
export const answerCounts = (data: Pick<SurveyData, "segments" | "segment" | "weight" | "rows">, outcome: SurveyOutcome, mask?: (i: number) => boolean): AnswerCounts => {
  const S = data.segments.length
  const K = outcome.categories
  const counts = new Float64Array(S * K)
  const n = new Float64Array(S)
  const sum = new Float64Array(S)
  const answer = outcome.answer
  const value = outcome.value
  for (let i = 0; i < data.rows; i++) {
    const a = answer[i] as number
    if (a < 0 || (mask !== undefined && !mask(i))) continue
    const s = data.segment[i] as number
    const w = data.weight[i] as number
    n[s] = (n[s] as number) + w
    if (value !== null) sum[s] = (sum[s] as number) + w * (value[i] as number)
    else {
      counts[s * K + a] = (counts[s * K + a] as number) + w
      sum[s] = (sum[s] as number) + w * a
    }
  }
  return { categories: K, counts, n, sum }
}
