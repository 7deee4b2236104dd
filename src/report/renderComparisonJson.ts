/** The comparison as JSON: the report object, shares in percent and percentage points, pretty-printed. */
import type { ComparisonReport } from "../stats/Comparison.js"
import { comparisonInPoints } from "./inPoints.js"

/**
 * Render a comparison as JSON with a 2-space indent and a final newline. Keys keep the order of
 * the object, so the same comparison always gives the same bytes. Completion, churn and
 * abandonment are in percent, their changes in percentage points (`comparisonInPoints`), and
 * the `units` member says so for every metric.
 *
 * @example
 * ```ts
 * const again = JSON.parse(renderComparisonJson(comparison)) // comparisonInPoints(comparison)
 * ```
 */
export const renderComparisonJson = (c: ComparisonReport): string => `${JSON.stringify(comparisonInPoints(c), null, 2)}\n`
