/**
 * The survey's answers as counts in the layout of the simulated ones (engine/calibrationJob.ts):
 * which outcomes are tallied and on which scale, which persona each survey segment is, and the
 * weighted counts of a subset of respondents per segment and outcome.
 *
 * Spend, a continuous amount, is counted in up to 10 bins between the deciles of all
 * respondents' answers, so that it too compares as a distribution.
 */
import * as Effect from "effect/Effect"
import { tallyLayout, binOf, type Tally, type TallyLayout } from "../engine/calibrationJob.js"
import { InvalidInput } from "../load/errors.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { SurveyData, SurveyOutcome } from "../survey/SurveyData.js"

export interface Targets {
  readonly tallies: ReadonlyArray<Tally>
  /** The survey outcome of each tally. */
  readonly outcomes: ReadonlyArray<SurveyOutcome>
  readonly layout: TallyLayout
  /** Personas of the scenario (the simulated segments). */
  readonly personas: number
  /** Per survey segment: its persona's index in the scenario. */
  readonly personaOf: ReadonlyArray<number>
}

/** Weighted answers of a subset of respondents, in the simulated counts' layout. */
export interface Observed {
  /** Per persona: slot 0 its respondents' weight, then per tally the weighted count of each category (spend: then Σw·x, Σw·x²). */
  readonly counts: Float64Array
  /** Per persona and tally (p·T + t): weight of the respondents who answered, and Σw². */
  readonly weight: Float64Array
  readonly weightSq: Float64Array
  /** Weight of all the subset's respondents. */
  readonly total: number
}

const spendEdges = (o: SurveyOutcome): number[] => {
  const xs: number[] = []
  const v = o.value
  if (v !== null) for (let r = 0; r < v.length; r++) if (Number.isFinite(v[r] as number)) xs.push(v[r] as number)
  xs.sort((a, b) => a - b)
  const edges: number[] = []
  for (let q = 1; q < 10; q++) {
    const e = xs[Math.min(xs.length - 1, Math.floor((q * xs.length) / 10))]
    if (e !== undefined && (edges.length === 0 || e > (edges[edges.length - 1] as number)) && e < (xs[xs.length - 1] as number)) edges.push(e)
  }
  // Amounts that (almost) all equal the largest have no decile below it: that largest amount is
  // the one edge, so that simulated amounts above every observed one still tell.
  if (edges.length === 0 && xs.length > 0) edges.push(xs[xs.length - 1] as number)
  return edges
}

/** What is tallied for a survey on a scenario; InvalidInput for a segment that is not a persona. */
export const targetsOf = (s: ResolvedScenario, data: SurveyData): Effect.Effect<Targets, InvalidInput> => {
  const ids = s.personas.map((p) => p.id)
  const personaOf = data.segments.map((id) => ids.indexOf(id))
  const missing = data.segments.filter((_, i) => personaOf[i] === -1)
  if (missing.length > 0) {
    return Effect.fail(new InvalidInput({ issues: missing.map((id) => ({ file: data.file, path: "segments", message: `the survey's segment "${id}" is not a persona of the scenario ${s.name}`, hint: `personas: ${ids.join(", ")}` })) }))
  }
  const tallies = data.outcomes.map((o): Tally => ({
    kind: o.kind,
    categories: o.kind === "spend" ? spendEdges(o).length + 1 : o.categories,
    period: o.kind === "churn" ? Math.min(o.period ?? s.horizon, s.horizon) : 0,
    edges: o.kind === "spend" ? spendEdges(o) : []
  }))
  return Effect.succeed({ tallies, outcomes: data.outcomes, layout: tallyLayout(tallies), personas: ids.length, personaOf })
}

/** The category of respondent r's answer to tally t, or −1 when missing. */
export const answerOf = (tg: Targets, t: number, r: number): number => {
  const o = tg.outcomes[t] as SurveyOutcome
  if (o.kind !== "spend") return o.answer[r] as number
  // Spend: the amount decides (NaN when missing).
  const x = o.value?.[r] ?? NaN
  return Number.isFinite(x) ? binOf((tg.tallies[t] as Tally).edges, x) : -1
}

/** Weighted counts of the respondents r with include(r). */
export const observe = (tg: Targets, data: SurveyData, include: (r: number) => boolean): Observed => {
  const per = tg.layout.perSegment
  const T = tg.tallies.length
  const counts = new Float64Array(tg.personas * per)
  const weight = new Float64Array(tg.personas * T)
  const weightSq = new Float64Array(tg.personas * T)
  let total = 0
  for (let r = 0; r < data.rows; r++) {
    if (!include(r)) continue
    const w = data.weight[r] as number
    const p = tg.personaOf[data.segment[r] as number] as number
    const seg = p * per
    counts[seg] += w
    total += w
    for (let t = 0; t < T; t++) {
      const a = answerOf(tg, t, r)
      if (a < 0) continue
      const at = seg + (tg.layout.offsets[t] as number)
      counts[at + a] += w
      weight[p * T + t] += w
      weightSq[p * T + t] += w * w
      const tally = tg.tallies[t] as Tally
      if (tally.kind === "spend") {
        const x = (tg.outcomes[t] as SurveyOutcome).value?.[r] as number
        counts[at + tally.categories] += w * x
        counts[at + tally.categories + 1] += w * x * x
      }
    }
  }
  return { counts, weight, weightSq, total }
}

/** Respondents one by one: the bootstrap resamples them whole, every answer of a respondent together. */
export interface Respondents {
  /** Per respondent: its persona's index in the scenario. */
  readonly persona: Int32Array
  readonly weight: Float64Array
  /** Per respondent and tally (r·T + t): the answer's category, −1 when missing. */
  readonly answers: Int16Array
}

/** The respondents r with include(r), in survey order. */
export const respondentsOf = (tg: Targets, data: SurveyData, include: (r: number) => boolean): Respondents => {
  const T = tg.tallies.length
  const rows: number[] = []
  for (let r = 0; r < data.rows; r++) if (include(r)) rows.push(r)
  const persona = new Int32Array(rows.length)
  const weight = new Float64Array(rows.length)
  const answers = new Int16Array(rows.length * T)
  rows.forEach((r, i) => {
    persona[i] = tg.personaOf[data.segment[r] as number] as number
    weight[i] = data.weight[r] as number
    for (let t = 0; t < T; t++) answers[i * T + t] = answerOf(tg, t, r)
  })
  return { persona, weight, answers }
}
