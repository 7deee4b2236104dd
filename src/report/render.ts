/** Rendering a report in any of its formats. */
import { renderHtml } from "./html/renderHtml.js"
import type { Report } from "./Report.js"
import { renderCsv } from "./renderCsv.js"
import { renderJson } from "./renderJson.js"
import { renderMarkdown } from "./renderMarkdown.js"
import { renderTable } from "./renderTable.js"

export type Format = "table" | "json" | "csv" | "md" | "html"

/** Every format, in the order help lists them. */
export const formats = ["table", "json", "csv", "md", "html"] as const satisfies ReadonlyArray<Format>

export interface RenderOptions {
  /**
   * Style the table with ANSI escape codes; the other formats ignore it. The caller decides
   * (false when NO_COLOR is set or the output is not a terminal).
   * @default false
   */
  readonly color?: boolean
  /**
   * The longest line of the table, in columns; the other formats ignore it.
   * @default 80
   */
  readonly width?: number
}

/**
 * Render a report as text in `format`.
 *
 * @example
 * ```ts
 * process.stdout.write(render(report, "md"))
 * ```
 */
export const render = (report: Report, format: Format, options: RenderOptions = {}): string => {
  switch (format) {
    case "table":
      return renderTable(report, options)
    case "json":
      return renderJson(report)
    case "csv":
      return renderCsv(report)
    case "md":
      return renderMarkdown(report)
    case "html":
      return renderHtml(report)
    default: {
      const unknown: never = format
      throw new Error(`render requires a known format, got ${String(unknown)}`)
    }
  }
}
