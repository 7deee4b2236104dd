/** The comparison as JSON: the report object as it is, pretty-printed. */
import type { ComparisonReport } from "../stats/Comparison.js"

/**
 * Render a comparison as JSON with a 2-space indent and a final newline. Keys keep the order of
 * the object, so the same comparison always gives the same bytes; `engine` comes second, which
 * is how a later --out recognises the file as cxsim's.
 *
 * @example
 * ```ts
 * const again: ComparisonReport = JSON.parse(renderComparisonJson(comparison))
 * ```
 */
export const renderComparisonJson = (c: ComparisonReport): string => `${JSON.stringify(c, null, 2)}\n`
