/** The JSON report: the report object as it is, pretty-printed. */
import type { Report } from "./Report.js"

/**
 * Render a report as JSON with a 2-space indent and a final newline. Keys keep the order of the
 * object, so the same report always gives the same bytes.
 *
 * @example
 * ```ts
 * const again: Report = JSON.parse(renderJson(report))
 * ```
 */
export const renderJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`
