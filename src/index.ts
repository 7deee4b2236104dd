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
export { compare, compareEffect, type CompareOptions } from "./api.js"
export {
  COMPARISON_SCHEMA_VERSION,
  metrics,
  higherIsBetter,
  noticeable,
  type ComparisonReport,
  type VariantComparison,
  type SegmentDiff,
  type Diff,
  type ArmLevel,
  type Metric,
  type Direction,
  type Planning,
  type TouchpointChange,
  type AbandonmentChange
} from "./stats/Comparison.js"
export type { Progress } from "./engine/run.js"
export { WorkerError, type Workers } from "./engine/pool.js"
export { FileError, InvalidInput, UsageError } from "./load/errors.js"
export { formatIssue, type Issue } from "./load/Issue.js"
export type { ResolvedScenario, ResolvedPersona, Behaviour, Settings } from "./model/Resolved.js"
export type { Scenario, Touchpoint, Dimension, Variant, Patch } from "./model/Scenario.js"
export type { Persona } from "./model/Persona.js"
export type { Distribution } from "./model/Distribution.js"
export { SCHEMA_VERSION, type Report, type SegmentReport, type Rate, type Estimate } from "./report/Report.js"
export { renderHtml } from "./report/html/renderHtml.js"
export { renderComparisonHtml } from "./report/html/renderComparisonHtml.js"
export { renderBenchHtml } from "./report/html/renderBenchHtml.js"
export type { BenchResult } from "./stats/BenchResult.js"
export { VERSION } from "./version.js"
