/**
 * Number and text formatting shared by the text renderers. No locale is consulted, so a report
 * renders to the same text on every machine.
 */
import { hasCustomers, NO_DATA, type Estimate, type FilledSegment, type Report, type SegmentReport } from "./Report.js"

/** `x` with `digits` decimals; never "-0.0"; "n/a" when not finite. */
export const fixed = (x: number, digits: number): string => {
  if (!Number.isFinite(x)) return "n/a"
  const s = x.toFixed(digits)
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
}

/** Like `fixed`, with a "+" on positive values. */
export const signed = (x: number, digits: number): string => {
  const s = fixed(x, digits)
  return x > 0 && s !== fixed(0, digits) ? `+${s}` : s
}

/** A share (0–1) as a percentage: `percent(0.8915, 1)` is "89.2%". */
export const percent = (x: number, digits: number): string => (Number.isFinite(x) ? `${fixed(100 * x, digits)}%` : "n/a")

/** An integer with thousands separated by commas: `grouped(20000)` is "20,000". */
export const grouped = (x: number): string => {
  if (!Number.isFinite(x)) return "n/a"
  const s = fixed(Math.abs(x), 0).replace(/\B(?=(\d{3})+$)/g, ",")
  return x < 0 && s !== "0" ? `-${s}` : s
}

/** Half the width of a 95% interval: the "±" of an estimate. */
export const halfWidth = (e: Estimate): number => (e.upper - e.lower) / 2

/** "3.54 ±0.08": mean and half-width with the same decimals. */
export const plusMinus = (e: Estimate, digits: number): string => `${fixed(e.mean, digits)} ±${fixed(halfWidth(e), digits)}`

/** The rows of every per-segment view: the segments in report order, then the overall row. */
export const rows = (report: Report): ReadonlyArray<SegmentReport> => [...report.segments, report.overall]

/** The variant's name, or "baseline" when the scenario ran as written. */
export const variantName = (report: Report): string => report.variant ?? "baseline"

/** "4 periods", "1 period". */
export const periods = (n: number): string => `${n} period${n === 1 ? "" : "s"}`

/**
 * A cell of a segment's row: `f` of its figures, or "—" for an empty segment (no customers, no
 * figures).
 *
 * @example
 * orDash(segment, (g) => fixed(g.ces.mean, 2)) // "2.41", or "—" when the segment is empty
 */
export const orDash = (g: SegmentReport, f: (g: FilledSegment) => string): string => (hasCustomers(g) ? f(g) : NO_DATA)
