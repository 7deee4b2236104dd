/**
 * Fidelity: how the simulated answers compare with real ones the fit never saw (the check
 * respondents), per segment and outcome.
 *
 * - Observed shares with Wilson intervals (Wilson 1927), on the Kish effective number of
 *   respondents n = (Σw)² / Σw² (n itself when the survey has no weights).
 * - Mean answer with a normal interval; CSAT top-two box; NPS (promoters 9–10 minus detractors
 *   0–6, in points, interval from the variance of the difference, (P + D − (P − D)²)/n);
 *   the rate of churn or of "satisfied".
 * - distance: total variation between the observed and simulated answer distributions,
 *   ½ Σ |observed − simulated| (spend: over its decile bins, observed.ts).
 * - varianceRatio: variance of simulated answers over that of the observed (NaN, shown as
 *   missing, when the observed answers do not vary).
 * - noiseCeiling: the same distance between two random halves of the check answers, averaged
 *   over NOISE_SPLITS seeded splits: what sampling alone produces, so no model can be expected to
 *   do better.
 * - verdict: "good" when distance ≤ ceiling + 0.02; "poor" when distance > 2·ceiling + 0.05;
 *   else "fair". The same rule judges a segment (respondent-weighted mean distance and ceiling
 *   of its outcomes) and the whole survey (the same over segments).
 */
import * as Effect from "effect/Effect"
import type { Tally } from "../engine/calibrationJob.js"
import type { WorkerError, Workers } from "../engine/pool.js"
import type { FileError, InvalidInput } from "../load/errors.js"
import { loadScenario } from "../load/loadScenario.js"
import type { YamlFile } from "../load/YamlFile.js"
import { keyOf, permutation, seededUniform } from "../design/seededUniform.js"
import { wilson, Z95 } from "../stats/intervals.js"
import type { SurveyData } from "../survey/SurveyData.js"
import type { CalibrationResult, Interval, OutcomeFidelity, SegmentFidelity } from "./CalibrationResult.js"
import { simulator } from "./objective.js"
import { answerOf, observe, targetsOf, type Targets } from "./observed.js"

/** Random halvings of the check answers averaged for the noise ceiling. */
export const NOISE_SPLITS = 5

export type Verdict = "good" | "fair" | "poor"

/** The verdict rule (see the module's comment). */
export const verdictOf = (distance: number, ceiling: number): Verdict => (distance <= ceiling + 0.02 ? "good" : distance > 2 * ceiling + 0.05 ? "poor" : "fair")

const wilsonOf = (share: number, n: number): Interval => {
  const w = wilson(share * n, n)
  return { value: share, lower: w.lower, upper: w.upper }
}

/** Value of category j on the survey's scale. */
const valueOf = (t: Tally, j: number): number => (t.kind === "csat" || t.kind === "ces" ? j + 1 : j)

const totalVariation = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0
  for (let j = 0; j < a.length; j++) s += Math.abs((a[j] as number) - (b[j] as number))
  return s / 2
}

const meanVar = (shares: ArrayLike<number>, t: Tally): { mean: number; variance: number } => {
  let m = 0
  let m2 = 0
  for (let j = 0; j < shares.length; j++) {
    const v = valueOf(t, j)
    m += (shares[j] as number) * v
    m2 += (shares[j] as number) * v * v
  }
  return { mean: m, variance: Math.max(0, m2 - m * m) }
}

const nps = (shares: ArrayLike<number>): { value: number; variance: number } => {
  let P = 0
  let D = 0
  for (let j = 0; j < shares.length; j++) {
    if (j >= 9) P += shares[j] as number
    else if (j <= 6) D += shares[j] as number
  }
  return { value: 100 * (P - D), variance: P + D - (P - D) ** 2 }
}

export interface FidelityInput {
  readonly targets: Targets
  readonly data: SurveyData
  /** The check respondents. */
  readonly include: (r: number) => boolean
  /** Simulated counts (engine/calibrationJob.ts layout). */
  readonly simulated: Float64Array
  /** Persona labels, in the scenario's order. */
  readonly labels: ReadonlyArray<string>
  readonly seed: number
}

/** The fidelity section of a calibration (see the module's comment). */
export const fidelityOf = (inp: FidelityInput): CalibrationResult["fidelity"] => {
  const { targets: tg, data, simulated: sim } = inp
  const obs = observe(tg, data, inp.include)
  const per = tg.layout.perSegment
  const T = tg.tallies.length
  const byPersona: number[][] = Array.from({ length: tg.personas }, () => [])
  for (let r = 0; r < data.rows; r++) if (inp.include(r)) byPersona[tg.personaOf[data.segment[r] as number] as number]?.push(r)
  const segments: SegmentFidelity[] = []
  for (const id of data.segments) {
    const p = tg.personaOf[data.segments.indexOf(id)] as number
    const seg = p * per
    const n = obs.counts[seg] as number
    if (!(n > 0)) continue
    const m = sim[seg] as number
    const outcomes: OutcomeFidelity[] = []
    for (let t = 0; t < T; t++) {
      const W = obs.weight[p * T + t] as number
      if (!(W > 0)) continue
      const tally = tg.tallies[t] as Tally
      const o = tg.outcomes[t]!
      const neff = (W * W) / (obs.weightSq[p * T + t] as number)
      const at = seg + (tg.layout.offsets[t] as number)
      const K = tally.categories
      const q = Float64Array.from({ length: K }, (_, j) => (obs.counts[at + j] as number) / W)
      const s = Float64Array.from({ length: K }, (_, j) => (m > 0 ? (sim[at + j] as number) / m : 0))
      let oMean: { mean: number; variance: number }
      let sMean: { mean: number; variance: number }
      if (tally.kind === "spend") {
        const om = (obs.counts[at + K] as number) / W
        const sm = m > 0 ? (sim[at + K] as number) / m : 0
        oMean = { mean: om, variance: Math.max(0, (obs.counts[at + K + 1] as number) / W - om * om) }
        sMean = { mean: sm, variance: m > 0 ? Math.max(0, (sim[at + K + 1] as number) / m - sm * sm) : 0 }
      } else {
        oMean = meanVar(q, tally)
        sMean = meanVar(s, tally)
      }
      const half = Z95 * Math.sqrt(oMean.variance / neff)
      // The noise ceiling: two random halves of these answers.
      const rows = (byPersona[p] as number[]).filter((r) => answerOf(tg, t, r) >= 0)
      let ceiling = 0
      for (let k = 0; k < NOISE_SPLITS; k++) {
        const order = permutation(seededUniform(inp.seed, keyOf(`noise:${id}:${o.column}:${k}`)), rows.length)
        const a = new Float64Array(K)
        const b = new Float64Array(K)
        let wa = 0
        let wb = 0
        order.forEach((i, pos) => {
          const r = rows[i] as number
          const w = data.weight[r] as number
          const j = answerOf(tg, t, r)
          if (pos < rows.length / 2) {
            a[j] = a[j]! + w
            wa += w
          } else {
            b[j] = b[j]! + w
            wb += w
          }
        })
        if (wa > 0 && wb > 0) ceiling += totalVariation(a.map((x) => x / wa), b.map((x) => x / wb)) / NOISE_SPLITS
        else ceiling += 1 / NOISE_SPLITS
      }
      const distance = totalVariation(q, s)
      const fid: OutcomeFidelity = {
        kind: o.kind,
        column: o.column,
        n: W,
        shares: tally.kind === "spend" ? [] : Array.from({ length: K }, (_, j) => ({ label: o.labels[j] ?? String(j), observed: wilsonOf(q[j]!, neff), simulated: s[j]! })),
        mean: { observed: { value: oMean.mean, lower: oMean.mean - half, upper: oMean.mean + half }, simulated: sMean.mean },
        ...(tally.kind === "csat" && K >= 2 ? { topTwoBox: { observed: wilsonOf(q[K - 1]! + q[K - 2]!, neff), simulated: s[K - 1]! + s[K - 2]! } } : {}),
        ...(tally.kind === "ltr"
          ? (() => {
              const on = nps(q)
              const h = 100 * Z95 * Math.sqrt(on.variance / neff)
              return { nps: { observed: { value: on.value, lower: Math.max(-100, on.value - h), upper: Math.min(100, on.value + h) }, simulated: nps(s).value } }
            })()
          : {}),
        ...(tally.kind === "churn" || tally.kind === "satisfied" ? { rate: { observed: wilsonOf(q[1]!, neff), simulated: s[1]! } } : {}),
        distance,
        // Answers that do not vary (every respondent gave the same) have no ratio: NaN, shown as missing.
        varianceRatio: oMean.variance > 1e-9 * Math.max(1, oMean.mean * oMean.mean) ? sMean.variance / oMean.variance : Number.NaN,
        noiseCeiling: ceiling,
        verdict: verdictOf(distance, ceiling)
      }
      outcomes.push(fid)
    }
    const wsum = outcomes.reduce((a, x) => a + x.n, 0)
    const distance = wsum > 0 ? outcomes.reduce((a, x) => a + x.n * x.distance, 0) / wsum : 0
    const noiseCeiling = wsum > 0 ? outcomes.reduce((a, x) => a + x.n * x.noiseCeiling, 0) / wsum : 0
    segments.push({ segment: id, label: inp.labels[p] ?? id, n, outcomes, distance, noiseCeiling, verdict: verdictOf(distance, noiseCeiling) })
  }
  const total = segments.reduce((a, x) => a + x.n, 0)
  const distance = total > 0 ? segments.reduce((a, x) => a + x.n * x.distance, 0) / total : 0
  const noiseCeiling = total > 0 ? segments.reduce((a, x) => a + x.n * x.noiseCeiling, 0) / total : 0
  return { distance, noiseCeiling, verdict: verdictOf(distance, noiseCeiling), segments }
}

/** An ordered scale (csat, ces, ltr) whose answers fit far better read the other way round. */
export interface ReversedScale {
  readonly column: string
  readonly kind: "csat" | "ces" | "ltr"
  /** Respondent-weighted distance over the segments, as read. */
  readonly distance: number
  /** The same with every observed answer j read as K − 1 − j. */
  readonly reversed: number
}

/**
 * The outcomes whose fit is poor as read (respondent-weighted over the segments) and whose
 * distance at least halves when the observed answers are read the other way round: most often a
 * mapping that has the scale's direction wrong (`reverse`, or `labels` listed in the survey's
 * order rather than the model's), which the fit cannot repair and which silently biases every
 * parameter the outcome informs.
 */
export const reversedScales = (f: CalibrationResult["fidelity"]): ReversedScale[] => {
  const by = new Map<string, { kind: ReversedScale["kind"]; n: number; d: number; r: number; c: number }>()
  for (const sg of f.segments) {
    for (const o of sg.outcomes) {
      if (o.kind !== "csat" && o.kind !== "ces" && o.kind !== "ltr") continue
      const K = o.shares.length
      let r = 0
      for (let j = 0; j < K; j++) r += Math.abs((o.shares[K - 1 - j]?.observed.value ?? 0) - (o.shares[j]?.simulated ?? 0))
      const a = by.get(o.column) ?? { kind: o.kind, n: 0, d: 0, r: 0, c: 0 }
      a.n += o.n
      a.d += o.n * o.distance
      a.r += (o.n * r) / 2
      a.c += o.n * o.noiseCeiling
      by.set(o.column, a)
    }
  }
  const out: ReversedScale[] = []
  for (const [column, a] of by) {
    if (!(a.n > 0)) continue
    const distance = a.d / a.n
    const reversed = a.r / a.n
    if (verdictOf(distance, a.c / a.n) === "poor" && reversed <= distance / 2) out.push({ column, kind: a.kind, distance, reversed })
  }
  return out
}

/** An outcome whose fit is poor in one segment or more: where the model cannot make the answers. */
export interface PoorOutcome {
  readonly column: string
  readonly kind: OutcomeFidelity["kind"]
  /** The segments (ids) where it is poor, in the report's order. */
  readonly segments: ReadonlyArray<string>
  /** The segments with answers to it. */
  readonly of: number
}

/** The outcomes judged poor in some segment, in the order they first appear. */
export const poorOutcomes = (f: CalibrationResult["fidelity"]): PoorOutcome[] => {
  const by = new Map<string, { kind: OutcomeFidelity["kind"]; segments: string[]; of: number }>()
  for (const sg of f.segments) {
    for (const o of sg.outcomes) {
      const a = by.get(o.column) ?? { kind: o.kind, segments: [], of: 0 }
      a.of++
      if (o.verdict === "poor") a.segments.push(sg.segment)
      by.set(o.column, a)
    }
  }
  return [...by].filter(([, a]) => a.segments.length > 0).map(([column, a]) => ({ column, ...a }))
}

export interface FidelityOptions {
  /** Variant of the scenario to compare. @default none (the baseline) */
  readonly variant?: string | undefined
  /** Seed of the simulation and of the noise ceiling's halvings. @default the scenario's seed */
  readonly seed?: number | undefined
  /** Synthetic customers simulated. @default 20,000 */
  readonly customers?: number | undefined
  /** Worker threads. @default "auto" */
  readonly workers?: Workers | undefined
}

/**
 * The fidelity of a scenario as it stands (no fit) against a survey: the respondents with
 * mask 0 are compared (all of them when `mask` is null), as in a calibration's check.
 *
 * @example
 * const f = yield* fidelity("scenarios/restaurant.yaml", survey, null, { seed: 7 })
 * f.verdict // "good" | "fair" | "poor"
 */
export const fidelity = (scenarioFile: string, data: SurveyData, mask: Uint8Array | null, options: FidelityOptions = {}): Effect.Effect<CalibrationResult["fidelity"], InvalidInput | FileError | WorkerError> =>
  Effect.gen(function* () {
    const files = new Map<string, YamlFile>()
    const s = yield* loadScenario(scenarioFile, { variant: options.variant, files })
    const tg = yield* targetsOf(s, data)
    const seed = options.seed ?? s.seed
    const sim = yield* simulator(scenarioFile, [], tg.tallies, { variant: options.variant, files, customers: options.customers ?? DEFAULT_CUSTOMERS, seed, workers: options.workers })([[]])
    return fidelityOf({ targets: tg, data, include: mask === null ? () => true : (r) => mask[r] === 0, simulated: sim[0] as Float64Array, labels: s.personas.map((p) => p.label), seed })
  })

/** Synthetic customers per evaluation, unless told otherwise. */
export const DEFAULT_CUSTOMERS = 20_000
