/**
 * The calibration as JSON: the result document itself, its keys always in the order of the
 * contract (src/calibrate/CalibrationResult.ts) whatever order the object was built in, so that
 * the same calibration gives the same bytes. The checksum mark is added where every output is
 * written (src/cli/output.ts, src/checksum.ts), as for the other JSON outputs.
 */
import type { AnswerShare, CalibrationResult, Interval, OutcomeFidelity, ParameterEstimate, SegmentFidelity } from "../calibrate/CalibrationResult.js"

const interval = (i: Interval): Interval => ({ value: i.value, lower: i.lower, upper: i.upper })

const compared = (x: { readonly observed: Interval; readonly simulated: number }) => ({ observed: interval(x.observed), simulated: x.simulated })

const parameter = (p: ParameterEstimate): ParameterEstimate => ({
  path: p.path,
  bounds: [p.bounds[0], p.bounds[1]],
  start: p.start,
  estimate: interval(p.estimate),
  status: p.status,
  ...(p.with === undefined ? {} : { with: p.with })
})

const share = (s: AnswerShare): AnswerShare => ({ label: s.label, observed: interval(s.observed), simulated: s.simulated })

const outcome = (o: OutcomeFidelity): OutcomeFidelity => ({
  kind: o.kind,
  column: o.column,
  n: o.n,
  shares: o.shares.map(share),
  mean: compared(o.mean),
  ...(o.topTwoBox === undefined ? {} : { topTwoBox: compared(o.topTwoBox) }),
  ...(o.nps === undefined ? {} : { nps: compared(o.nps) }),
  ...(o.rate === undefined ? {} : { rate: compared(o.rate) }),
  distance: o.distance,
  varianceRatio: o.varianceRatio,
  noiseCeiling: o.noiseCeiling,
  verdict: o.verdict
})

const segment = (g: SegmentFidelity): SegmentFidelity => ({
  segment: g.segment,
  label: g.label,
  n: g.n,
  outcomes: g.outcomes.map(outcome),
  distance: g.distance,
  noiseCeiling: g.noiseCeiling,
  verdict: g.verdict
})

/**
 * The result with its keys in the contract's order (members left undefined are left out).
 *
 * @example
 * ```ts
 * JSON.stringify(calibrationDocument(result)) // the same text for equal results
 * ```
 */
export const calibrationDocument = (r: CalibrationResult): CalibrationResult => ({
  schemaVersion: r.schemaVersion,
  kind: r.kind,
  engine: { name: r.engine.name, version: r.engine.version },
  scenario: { name: r.scenario.name, title: r.scenario.title, hash: r.scenario.hash },
  variant: r.variant,
  survey: { file: r.survey.file, hash: r.survey.hash, rows: r.survey.rows, dropped: r.survey.dropped.map((d) => ({ reason: d.reason, rows: d.rows })) },
  seed: r.seed,
  customers: r.customers,
  split: { fit: r.split.fit, check: r.split.check, where: r.split.where },
  optimizer: {
    method: r.optimizer.method,
    evaluations: r.optimizer.evaluations,
    iterations: r.optimizer.iterations,
    converged: r.optimizer.converged,
    objective: { start: r.optimizer.objective.start, end: r.optimizer.objective.end }
  },
  intervals: { method: r.intervals.method, replicates: r.intervals.replicates, confidence: r.intervals.confidence },
  parameters: r.parameters.map(parameter),
  fidelity: { distance: r.fidelity.distance, noiseCeiling: r.fidelity.noiseCeiling, verdict: r.fidelity.verdict, segments: r.fidelity.segments.map(segment) },
  warnings: [...r.warnings]
})

/**
 * Render a calibration as JSON with a 2-space indent and a final newline. A number that is not
 * finite (a variance ratio with no observed variance) is written as null, as JSON has no NaN.
 *
 * @example
 * ```ts
 * const again: CalibrationResult = JSON.parse(renderCalibrationJson(result))
 * ```
 */
export const renderCalibrationJson = (r: CalibrationResult): string => `${JSON.stringify(calibrationDocument(r), null, 2)}\n`
