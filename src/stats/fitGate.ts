/**
 * Fit gates (`metric: fit`): does the scenario's baseline still fit a survey? The fidelity of the
 * scenario as it stands (calibrate/fidelity.ts: no fit, every respondent compared) gives, overall
 * and per segment, the distance between the simulated and the observed answer distributions and
 * the noise ceiling — the same distance between two random halves of the survey, what sampling
 * alone produces. A fit gate judges the baseline only: the survey saw today's service, not a
 * variant's.
 *
 * - `max: X`: passed when distance ≤ X × noise ceiling, else breached;
 * - no rule: passed unless the fidelity verdict is "poor" (distance > 2 × ceiling + 0.05);
 * - inconclusive: fewer than MIN_FIT_RESPONDENTS (weighted) respondents in the segment, or a noise
 *   ceiling of 0 (every answer alike) under a `max` rule: the survey cannot tell;
 * - no data: the survey has no respondent in the segment.
 *
 * The measure (`value`) is the distance over the noise ceiling; there is no interval (`lower`
 * and `upper` are null): the ceiling already stands for the survey's sampling noise.
 */
import * as path from "node:path"
import type { CalibrationResult } from "../calibrate/CalibrationResult.js"
import { verdictOf } from "../calibrate/fidelity.js"
import type { Gate } from "../model/BenchSuite.js"
import type { Verdict } from "./gates.js"

/** Below this many (weighted) respondents a segment's fit is inconclusive, as calibration warns. */
export const MIN_FIT_RESPONDENTS = 30

/** The unit of a fit check's measure and threshold: multiples of the noise ceiling. */
export const FIT_UNIT = "× ceiling"

/** The fidelity of the baseline to one survey, with the files it came from. */
export interface FitInput {
  /** The survey and mapping files, relative to the working directory when inside it. */
  readonly survey: string
  readonly surveyHash: string
  readonly map: string
  readonly mapHash: string
  readonly fidelity: CalibrationResult["fidelity"]
}

/** What a fit check measured, besides its verdict (JSON: `fit`). */
export interface FitFigures {
  readonly survey: string
  /** Content hashes of the survey and the mapping: stored results compare only like with like. */
  readonly surveyHash: string
  readonly map: string
  readonly mapHash: string
  /** Respondents of the segment (weighted: the sum of their weights). */
  readonly respondents: number
  /** Total variation between simulated and observed answers (0..1); null without respondents. */
  readonly distance: number | null
  /** The same distance between two random halves of the survey; null without respondents. */
  readonly noiseCeiling: number | null
  /** The fidelity verdict of calibration: good, fair or poor; null without respondents. */
  readonly fidelity: "good" | "fair" | "poor" | null
  /** Why the check is inconclusive or without data; null otherwise. */
  readonly reason: string | null
  /**
   * The survey column that fits worst in the segment (over every segment for "overall"): the
   * largest distance over its noise ceiling, weighted by respondents; null without respondents.
   * Where to look first when the fit is poor.
   */
  readonly worst: FitWorst | null
}

/** One outcome's fit: its survey column, its distance and its noise ceiling. */
export interface FitWorst {
  readonly column: string
  readonly distance: number
  readonly noiseCeiling: number
}

const r6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : 0)

/**
 * The outcome (survey column) of `segments` with the largest distance over its noise ceiling,
 * each column's distance and ceiling weighted by its respondents over the segments; by distance
 * alone where no ceiling is above 0. Null when no outcome has respondents.
 */
export const worstOutcome = (segments: ReadonlyArray<FitInput["fidelity"]["segments"][number]>): FitWorst | null => {
  const by = new Map<string, { n: number; d: number; c: number }>()
  for (const sg of segments) {
    for (const o of sg.outcomes) {
      if (!(o.n > 0)) continue
      const a = by.get(o.column) ?? { n: 0, d: 0, c: 0 }
      a.n += o.n
      a.d += o.n * o.distance
      a.c += o.n * o.noiseCeiling
      by.set(o.column, a)
    }
  }
  let worst: FitWorst | null = null
  let worstRatio = -Infinity
  let worstDistance = -Infinity
  for (const [column, a] of by) {
    const distance = a.d / a.n
    const ceiling = a.c / a.n
    const ratio = ceiling > 0 ? distance / ceiling : Infinity
    if (ratio > worstRatio || (ratio === worstRatio && distance > worstDistance)) {
      worstRatio = ratio
      worstDistance = distance
      worst = { column, distance: r6(distance), noiseCeiling: r6(ceiling) }
    }
  }
  return worst
}

/** The gate in words: "the fit to survey.csv must not be poor". */
export const describeFitGate = (g: Gate): string => {
  const name = `the fit to ${path.basename(g.survey ?? "?")}`
  return g.max === undefined
    ? `${name} must not be poor`
    : `${name} must stay within ${String(r6(g.max))} × the noise ceiling`
}

/** One fit check: the measure (distance / ceiling), the threshold in the same unit, the verdict and the figures. */
export interface FitJudgement {
  readonly value: number | null
  readonly threshold: number
  readonly verdict: Verdict
  readonly fit: FitFigures
}

const plural = (n: number, one: string): string => `${one}${n === 1 ? "" : "s"}`

/**
 * Judge a fit gate on one segment ("overall" or a persona id) of the fidelity.
 *
 * @example
 * judgeFit({ metric: "fit", max: 1.5, survey: "s.csv", map: "m.yaml" }, input, "family").verdict // "passed"
 */
export const judgeFit = (g: Gate, input: FitInput, segment: string): FitJudgement => {
  const f = input.fidelity
  const seg = segment === "overall" ? undefined : f.segments.find((s) => s.segment === segment)
  const respondents = segment === "overall" ? f.segments.reduce((a, s) => a + s.n, 0) : (seg?.n ?? 0)
  const files = { survey: input.survey, surveyHash: input.surveyHash, map: input.map, mapHash: input.mapHash }
  const ruleThreshold = (ceiling: number): number => (g.max !== undefined ? g.max : ceiling > 0 ? r6(2 + 0.05 / ceiling) : 0)
  if (!(respondents > 0) || (segment !== "overall" && seg === undefined)) {
    return {
      value: null,
      threshold: g.max ?? 0,
      verdict: "no data",
      fit: { ...files, respondents: 0, distance: null, noiseCeiling: null, fidelity: null, reason: "the survey has no respondents in this segment: nothing to judge", worst: null }
    }
  }
  const distance = seg?.distance ?? f.distance
  const ceiling = seg?.noiseCeiling ?? f.noiseCeiling
  const fidelity = verdictOf(distance, ceiling)
  const figures = { ...files, respondents: r6(respondents), distance: r6(distance), noiseCeiling: r6(ceiling), fidelity }
  const worst = worstOutcome(seg === undefined ? f.segments : [seg])
  const shown = Math.round(respondents * 10) / 10
  if (respondents < MIN_FIT_RESPONDENTS) {
    return {
      value: ceiling > 0 ? r6(distance / ceiling) : null,
      threshold: ruleThreshold(ceiling),
      verdict: "inconclusive",
      fit: { ...figures, reason: `only ${shown} ${plural(shown, "respondent")} in the survey: too few to judge the fit (${MIN_FIT_RESPONDENTS} or more)`, worst }
    }
  }
  if (!(ceiling > 0)) {
    // Every answer alike in both halves: only a distance of (nearly) 0 says anything.
    const verdict: Verdict = g.max === undefined ? (fidelity === "poor" ? "breached" : "passed") : "inconclusive"
    return {
      value: null,
      threshold: ruleThreshold(ceiling),
      verdict,
      fit: { ...figures, reason: verdict === "inconclusive" ? "the noise ceiling is 0 (the answers are all alike): nothing to measure the distance against" : null, worst }
    }
  }
  const ok = g.max !== undefined ? distance <= g.max * ceiling : fidelity !== "poor"
  return { value: r6(distance / ceiling), threshold: ruleThreshold(ceiling), verdict: ok ? "passed" : "breached", fit: { ...figures, reason: null, worst } }
}
