/**
 * One CSV field as RFC 4180 wants it (a field with a comma, a quote or a line break quoted,
 * quotes doubled); numbers as JavaScript prints them (no locale), non-finite ones empty.
 *
 * Text comes from the user's files (names, labels), so two guards apply to it: control
 * characters but the line feed are escaped (`escapeControl`: a CSV printed to a terminal cannot
 * drive it; a line break in a label stays one, quoted), and a
 * text that a spreadsheet would take for a formula (it begins with `=`, `+`, `-` or `@`) gets a
 * leading `'`, which spreadsheets show as text.
 *
 * @example
 * csvField('=HYPERLINK("x")') // "\"'=HYPERLINK(\"\"x\"\")\""
 */
import { escapeControl } from "../escapeControl.js"

export const csvField = (x: string | number | boolean): string => {
  if (typeof x === "boolean") return x ? "true" : "false"
  if (typeof x === "number") return Number.isFinite(x) ? String(x) : ""
  const text = (/^[=+\-@]/.test(x) ? `'${x}` : x).split("\n").map(escapeControl).join("\n")
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
