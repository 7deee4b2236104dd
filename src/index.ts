/**
 * cxsim — customer segment and persona simulation.
 *
 * The public API, listed by name. Everything else is internal.
 */
export {
  load,
  loadEffect,
  simulate,
  simulateEffect,
  simulateScenario,
  simulateScenarioEffect,
  validate,
  validateEffect,
  type SimulateOptions,
  type ValidationResult
} from "./api.js"
export { compare, compareEffect, type CompareOptions } from "./api/compare.js"
export {
  bench,
  benchEffect,
  loadBenchEffect,
  runBenchEffect,
  runSuiteEffect,
  type BenchOptions,
  type BenchRun,
  type LoadedBench
} from "./api/bench.js"
export { merge, mergeEffect, mergeTextsEffect, simulateShard, simulateShardEffect, type ShardOptions, type Shard } from "./api/shards.js"
export type { PartFile } from "./engine/shard.js"
export {
  records,
  recordsStream,
  writeRecords,
  writeRecordsEffect,
  type RecordRow,
  type CustomerRecord,
  type VisitRecord,
  type PeriodRecord,
  type RecordOf,
  type RecordsOptions,
  type WriteRecordsOptions,
  type RecordLevel,
  type RecordsFormat,
  type RecordsMeta
} from "./api/records.js"
export type { BenchResult, SuiteResult, StoredResults } from "./stats/BenchResult.js"
export { validity, validityEffect, type ValidityOptions } from "./api.js"
export {
  VALIDITY_SCHEMA_VERSION,
  type ValidityReport,
  type EffectResult,
  type CheckResult as ValidityCheck,
  type Status as ValidityStatus
} from "./validity/ValidityReport.js"
export { effects as validityEffects } from "./validity/effects.js"
export type { BehaviouralEffect, Arm, Arms, Check as EffectCheck } from "./validity/BehaviouralEffect.js"
export type { Measured } from "./validity/Measured.js"
export type { Rule } from "./validity/Rule.js"
export { sweep, sweepEffect, mergeSweep, mergeSweepEffect, type SweepOptions, type SweepResult } from "./api/sweep.js"
export { sensitivity, sensitivityEffect, type Sensitivity, type SensitivityEffect, type SensitivityOptions } from "./api/sensitivity.js"
export type { SensitivityReport, SensitivityResult, SegmentDisagreement, Effect as ParameterEffect, OatEffect, MorrisEffect, SobolEffect, EffectOf } from "./stats/sensitivity/SensitivityReport.js"
export type { SensitivityMethod } from "./model/Design.js"
export type { Design, Parameter } from "./model/Design.js"
export { grid } from "./design/grid.js"
export { latinHypercube } from "./design/latinHypercube.js"
export { sobolSequence } from "./design/sobolSequence.js"
export { saltelli, splitSaltelli } from "./design/saltelli.js"
export { morrisTrajectories } from "./design/morrisTrajectories.js"
export { oat } from "./stats/sensitivity/oat.js"
export { morris } from "./stats/sensitivity/morris.js"
export { sobolJansen } from "./stats/sensitivity/sobolJansen.js"
export {
  COMPARISON_SCHEMA_VERSION,
  metrics,
  higherIsBetter,
  noticeable,
  type ComparisonReport,
  type VariantComparison,
  type SegmentDiff,
  type FilledSegmentDiff,
  type EmptySegmentDiff,
  type Diff,
  type ArmLevel,
  type Metric,
  type Direction,
  type Planning,
  type TouchpointChange,
  type AbandonmentChange
} from "./stats/Comparison.js"
export type { Progress } from "./engine/run.js"
export { Cancelled, WorkerError, type Workers } from "./engine/pool.js"
export type { Cancellable } from "./api/toPromise.js"
export { FileError, InvalidInput, MergeError, UsageError } from "./load/errors.js"
export { formatIssue, type Issue } from "./load/Issue.js"
export type { ResolvedScenario, ResolvedPersona, Behaviour, Settings } from "./model/Resolved.js"
export type { Scenario, Touchpoint, Dimension, Variant, Patch } from "./model/Scenario.js"
export type { Persona } from "./model/Persona.js"
export type { Distribution } from "./model/Distribution.js"
export { SCHEMA_VERSION, hasCustomers, NO_DATA, type Report, type SegmentReport, type FilledSegment, type EmptySegment, type Rate, type Estimate } from "./report/Report.js"
export { lint, lintFile, FAR_STEPS, LONG_JOURNEY, type Warning } from "./load/lint.js"
export { renderHtml } from "./report/html/renderHtml.js"
export { renderComparisonHtml } from "./report/html/renderComparisonHtml.js"
export { renderBenchHtml } from "./report/html/renderBenchHtml.js"
export { VERSION } from "./version.js"
export { calibrate, calibrateEffect, type CalibrateFileOptions, type Calibration, type CalibratedValue, type CalibrateProgress } from "./api/calibrate.js"
export type { CalibrationResult, ParameterEstimate, SegmentFidelity, OutcomeFidelity } from "./calibrate/CalibrationResult.js"
export { writeBack, writeBackEffect, type WriteBackRequest, type WriteBackResult, type WriteMode } from "./calibrate/writeBack.js"
export { renderCalibration, calibrationFormats, type CalibrationFormat } from "./report/renderCalibration.js"
export type { SurveyData } from "./survey/SurveyData.js"
