/** The benchmark result as JSON (`cxsim bench --json FILE`). */
import type { BenchResult } from "../stats/BenchResult.js"

/**
 * Render a benchmark result as JSON: 2-space indent, final newline, keys in a fixed order
 * (`engine` second, so a later --json recognises the file as cxsim's).
 *
 * @example
 * ```ts
 * const again: BenchResult = JSON.parse(renderBenchJson(result))
 * ```
 */
export const renderBenchJson = (r: BenchResult): string => `${JSON.stringify(r, null, 2)}\n`
