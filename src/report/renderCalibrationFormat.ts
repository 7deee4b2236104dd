/**
 * What every renderer of a calibration shows, said once: the headline figures of an outcome
 * (mean CSAT and top-2 box, NPS, a yes-rate, a mean), how each kind of number is written, the
 * names of outcomes and statuses, and the one-line summaries of the fit. No locale is consulted.
 */
import type { CalibrationResult, Interval, OutcomeFidelity, ParameterEstimate } from "../calibrate/CalibrationResult.js"
import type { OutcomeKind } from "../survey/SurveyData.js"
import { fixed, grouped, percent, signed } from "./format.js"
import { digitsFor } from "./renderValidity.js"

/** Shown where a number is missing or not finite. */
export const MISSING = "—"

/** How a figure is written: a share (percent), NPS points, or a mean on the survey's scale. */
export type FigureUnit = "share" | "points" | "mean"

/** One headline figure of an outcome: observed (with interval) against simulated. */
export interface HeadlineFigure {
  /** "mean", "top 2 box", "NPS", "yes", "churned". */
  readonly name: string
  readonly unit: FigureUnit
  /** Undefined when the result does not carry it. */
  readonly observed: Interval | undefined
  readonly simulated: number | undefined
  /** Where it is in the JSON document, below the outcome ("mean", "topTwoBox"...). */
  readonly key: string
}

/** The outcome kinds as a reader names them. */
export const outcomeNames: Readonly<Record<OutcomeKind, string>> = {
  csat: "CSAT",
  ltr: "Recommend",
  ces: "CES",
  satisfied: "Satisfied",
  churn: "Churn",
  spend: "Spend"
}

const pick = (name: string, unit: FigureUnit, key: string, f: { readonly observed: Interval; readonly simulated: number } | undefined): HeadlineFigure => ({
  name,
  unit,
  key,
  observed: f?.observed,
  simulated: f?.simulated
})

/** The figures a reader looks at first for an outcome, in order. */
export const headlineFigures = (o: OutcomeFidelity): ReadonlyArray<HeadlineFigure> => {
  switch (o.kind) {
    case "csat":
      return [pick("mean", "mean", "mean", o.mean), pick("top 2 box", "share", "topTwoBox", o.topTwoBox)]
    case "ltr":
      return [pick("NPS", "points", "nps", o.nps)]
    case "satisfied":
      return [pick("yes", "share", "rate", o.rate)]
    case "churn":
      return [pick("churned", "share", "rate", o.rate)]
    case "ces":
    case "spend":
      return [pick("mean", "mean", "mean", o.mean)]
  }
}

/** The row label of a figure: "CSAT mean", "CSAT top 2 box", "NPS", "Churn", "CES mean". */
export const figureLabel = (o: OutcomeFidelity, f: HeadlineFigure, single: boolean): string =>
  o.kind === "ltr" ? "NPS" : single && o.kind !== "ces" && o.kind !== "spend" ? outcomeNames[o.kind] : `${outcomeNames[o.kind]} ${f.name}`

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x)

/** A figure's value without its unit sign: "72.1" for a share, "+12.3" for NPS, "3.81" for a mean. */
const bare = (x: number, unit: FigureUnit): string => (unit === "share" ? fixed(100 * x, 1) : unit === "points" ? signed(x, 1) : fixed(x, 2))

/** A figure's value: "72.1%", "+12.3", "3.81"; `MISSING` when there is none. */
export const figureText = (x: number | undefined, unit: FigureUnit): string =>
  !finite(x) ? MISSING : unit === "share" ? percent(x, 1) : bare(x, unit)

/** "[68.0, 76.0]" in the figure's unit (shares in percent); `MISSING` when there is none. */
export const intervalText = (i: Interval | undefined, unit: FigureUnit): string =>
  i === undefined || !finite(i.lower) || !finite(i.upper) ? MISSING : `[${bare(i.lower, unit)}, ${bare(i.upper, unit)}]`

/** A number with `digits` decimals, `MISSING` when not finite. */
export const numberOrMissing = (x: number | undefined, digits: number): string => (finite(x) ? fixed(x, digits) : MISSING)

/** Decimals for a parameter: those its estimate needs (at least those its start needs, up to 4). */
export const parameterDigits = (p: ParameterEstimate): number => Math.max(digitsFor(p.estimate.value), Math.min(digitsFor(p.start), 4))

/** "0.951 [0.940, 0.962]". */
export const estimateText = (p: ParameterEstimate): string => {
  const d = parameterDigits(p)
  return `${numberOrMissing(p.estimate.value, d)} [${numberOrMissing(p.estimate.lower, d)}, ${numberOrMissing(p.estimate.upper, d)}]`
}

/** "identified", "flat", "at bound", "correlated". */
export const statusText = (p: ParameterEstimate): string => (p.status === "at-bound" ? "at bound" : p.status)

/** What each status means, for the legends. */
export const statusMeaning = (p: ParameterEstimate): string =>
  p.status === "identified"
    ? "pinned down by the survey"
    : p.status === "flat"
      ? "the survey hardly moves the fit along it: its interval fills most of its bounds"
      : p.status === "at-bound"
        ? "the estimate sits on a bound: the best value may lie outside them"
        : `only a combination with ${p.with ?? "another parameter"} is pinned down`

/** "baseline", or "variant NAME". */
export const variantText = (r: CalibrationResult): string => (r.variant === null ? "baseline" : `variant ${r.variant}`)

/** "600 respondents fitted the parameters, 600 check the fit", or the --fit-where version. */
export const splitText = (r: CalibrationResult): string =>
  r.split.where === null
    ? `${grouped(r.split.fit)} respondents fitted the parameters, ${grouped(r.split.check)} others check the fit`
    : `fitted on the ${grouped(r.split.fit)} respondents where ${r.split.where}, checked on the ${grouped(r.split.check)} others`

/** "no segment 12, weight not a number 3", or "none". */
export const droppedText = (r: CalibrationResult): string =>
  r.survey.dropped.length === 0 ? "none" : r.survey.dropped.map((d) => `${d.reason} ${grouped(d.rows)}`).join(", ")

/** "CMA-ES …: 1,240 evaluations, 62 iterations, converged; objective 2.413 → 2.052". */
export const optimizerText = (r: CalibrationResult): string => {
  const o = r.optimizer
  return (
    `${o.method}: ${grouped(o.evaluations)} evaluations, ${grouped(o.iterations)} iterations, ${o.converged ? "converged" : "not converged"}; ` +
    `objective ${numberOrMissing(o.objective.start, 3)} → ${numberOrMissing(o.objective.end, 3)}`
  )
}

/** "parametric bootstrap…, 200 replicates, 95%". */
export const intervalsText = (r: CalibrationResult): string =>
  `${r.intervals.method}, ${grouped(r.intervals.replicates)} replicates, ${fixed(100 * r.intervals.confidence, 0)}%`

/** The legend of the fidelity figures. */
export const FIDELITY_LEGEND: ReadonlyArray<string> = [
  "distance: total variation between observed and simulated answers (0 same, 1 disjoint)",
  "ceiling: the distance between two random halves of the real answers, which no model beats",
  "variance ratio: simulated over observed variance; well under 1 means synthetic answers too narrow"
]
