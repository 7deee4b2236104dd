/** Rendering a calibration in any of its formats. */
import type { CalibrationResult } from "../calibrate/CalibrationResult.js"
import { renderCalibrationHtml } from "./html/renderCalibrationHtml.js"
import { renderCalibrationCsv } from "./renderCalibrationCsv.js"
import { renderCalibrationJson } from "./renderCalibrationJson.js"
import { renderCalibrationMarkdown } from "./renderCalibrationMarkdown.js"
import { renderCalibrationTable, type CalibrationTableOptions } from "./renderCalibrationTable.js"

/** The formats of a calibration, in the order help lists them. */
export const calibrationFormats = ["table", "md", "json", "csv", "html"] as const

export type CalibrationFormat = (typeof calibrationFormats)[number]

/**
 * Render a calibration as text in `format`; `options` (color, width) apply to the table only.
 *
 * @example
 * ```ts
 * process.stdout.write(renderCalibration(result, "md"))
 * ```
 */
export const renderCalibration = (r: CalibrationResult, format: CalibrationFormat, options: CalibrationTableOptions = {}): string => {
  switch (format) {
    case "table":
      return renderCalibrationTable(r, options)
    case "md":
      return renderCalibrationMarkdown(r)
    case "json":
      return renderCalibrationJson(r)
    case "csv":
      return renderCalibrationCsv(r)
    case "html":
      return renderCalibrationHtml(r)
    default: {
      const unknown: never = format
      throw new Error(`renderCalibration requires a known format, got ${String(unknown)}`)
    }
  }
}
