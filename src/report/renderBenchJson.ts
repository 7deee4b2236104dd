/** The benchmark result as JSON (`cxsim bench --json FILE`). */
import type { BenchResult } from "../stats/BenchResult.js"
import { benchInPoints } from "./inPoints.js"

/**
 * Render a benchmark result as JSON: 2-space indent, final newline, keys in a fixed order.
 * Shares are in percent and their changes in percentage points, as in the checks
 * (`benchInPoints`); the `units` member says so for every metric.
 *
 * @example
 * ```ts
 * const again = JSON.parse(renderBenchJson(result)) // benchInPoints(result)
 * ```
 */
export const renderBenchJson = (r: BenchResult): string => `${JSON.stringify(benchInPoints(r), null, 2)}\n`
