/** Rendering a comparison in any of its formats (the same formats as a report). */
import type { ComparisonReport } from "../stats/Comparison.js"
import { renderComparisonHtml } from "./html/renderComparisonHtml.js"
import type { Format, RenderOptions } from "./render.js"
import { renderComparisonCsv } from "./renderComparisonCsv.js"
import { renderComparisonJson } from "./renderComparisonJson.js"
import { renderComparisonMarkdown } from "./renderComparisonMarkdown.js"
import { renderComparisonTable } from "./renderComparisonTable.js"

/**
 * Render a comparison as text in `format`.
 *
 * @example
 * ```ts
 * process.stdout.write(renderComparison(comparison, "md"))
 * ```
 */
export const renderComparison = (c: ComparisonReport, format: Format, options: RenderOptions = {}): string => {
  switch (format) {
    case "table":
      return renderComparisonTable(c, options)
    case "json":
      return renderComparisonJson(c)
    case "csv":
      return renderComparisonCsv(c)
    case "md":
      return renderComparisonMarkdown(c)
    case "html":
      return renderComparisonHtml(c)
    default: {
      const unknown: never = format
      throw new Error(`renderComparison requires a known format, got ${String(unknown)}`)
    }
  }
}
