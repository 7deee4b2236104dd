/**
 * The sweep output file: a first line of metadata (what sweep it belongs to), a CSV header, then
 * a row per point × replication × segment × metric. CSV or NDJSON. The metadata line lets a
 * rerun resume the same sweep and refuse to append to another; CSV readers skip it as a comment
 * (`#`), NDJSON readers see an object with `"cxsim": "sweep"`.
 */

import { NO_DATA } from "../report/Report.js"

export const SWEEP_FORMAT_VERSION = 1
export const sweepFormats = ["csv", "ndjson"] as const
export type SweepFormat = (typeof sweepFormats)[number]

/**
 * The format an output file's name asks for: .csv, .ndjson or .jsonl, and .parquet (which a
 * sweep cannot write: it is appended to point by point); undefined for any other name.
 */
export const sweepFormatOf = (file: string): SweepFormat | "parquet" | undefined => {
  const m = /\.(csv|ndjson|jsonl|parquet)$/i.exec(file)
  if (m === null) return undefined
  const ext = m[1]!.toLowerCase()
  return ext === "jsonl" ? "ndjson" : (ext as SweepFormat | "parquet")
}

export interface SweepMeta {
  readonly version: typeof SWEEP_FORMAT_VERSION
  readonly scenario: string
  /** The scenario's hash (its files, personas, and the variant's name). */
  readonly scenarioHash: string
  /** Hash of the design: parameters, points, replications, seed, customers, metrics. */
  readonly design: string
  /** Points of the whole design. */
  readonly points: number
  /** Rows each point writes. */
  readonly rowsPerPoint: number
  /** "i/n": which shard of the points the file holds ("1/1": all). */
  readonly shard: string
}

export interface SweepRow {
  readonly point: number
  readonly replication: number
  readonly seed: number
  readonly values: ReadonlyArray<number>
  readonly segment: string
  readonly metric: string
  /** The estimate and its 95% interval; null for a segment without customers (an empty segment has no figures). */
  readonly value: number | null
  readonly lo: number | null
  readonly hi: number | null
}

const CSV_META = "# cxsim sweep "

/** The metadata line (with its newline). Keys in a fixed order: the same sweep, the same bytes. */
export const metaLine = (m: SweepMeta, format: SweepFormat): string => {
  const body = { version: m.version, scenario: m.scenario, scenarioHash: m.scenarioHash, design: m.design, points: m.points, rowsPerPoint: m.rowsPerPoint, shard: m.shard }
  return format === "csv" ? `${CSV_META}${JSON.stringify(body)}\n` : `${JSON.stringify({ cxsim: "sweep", ...body })}\n`
}

/** Read a metadata line; undefined when the line is not one. */
export const readMeta = (line: string): { readonly meta: SweepMeta; readonly format: SweepFormat } | undefined => {
  try {
    if (line.startsWith(CSV_META)) return { meta: JSON.parse(line.slice(CSV_META.length)) as SweepMeta, format: "csv" }
    const o = JSON.parse(line) as Record<string, unknown>
    if (o["cxsim"] !== "sweep") return undefined
    const { cxsim: _, ...meta } = o
    return { meta: meta as unknown as SweepMeta, format: "ndjson" }
  } catch {
    return undefined
  }
}

/** The CSV header line (NDJSON has none). */
export const headerLine = (names: ReadonlyArray<string>, format: SweepFormat): string =>
  format === "csv" ? `${["point", "replication", "seed", ...names, "segment", "metric", "value", "lo", "hi"].join(",")}\n` : ""

/** Numbers as JavaScript's shortest round-trip text: the same double, the same characters. */
const num = (x: number): string => (Number.isFinite(x) ? String(x) : "")

/** A row's figure in CSV: the number, or "—" for an empty segment's (as in the run report's CSV). */
const figure = (x: number | null): string => (x === null ? NO_DATA : num(x))

/** One row as a line (with its newline). */
export const rowLine = (r: SweepRow, names: ReadonlyArray<string>, format: SweepFormat): string => {
  if (format === "csv") return `${[r.point, r.replication, r.seed, ...r.values.map(num), r.segment, r.metric, figure(r.value), figure(r.lo), figure(r.hi)].join(",")}\n`
  const parameters: Record<string, number> = {}
  names.forEach((n, i) => {
    parameters[n] = r.values[i] as number
  })
  return `${JSON.stringify({ point: r.point, replication: r.replication, seed: r.seed, parameters, segment: r.segment, metric: r.metric, value: r.value, lo: r.lo, hi: r.hi })}\n`
}

/** The point a row line belongs to; undefined for a line that is not a row. */
export const pointOfLine = (line: string, format: SweepFormat): number | undefined => {
  if (format === "csv") {
    const m = /^(\d+),/.exec(line)
    return m === null ? undefined : Number(m[1])
  }
  try {
    const p = (JSON.parse(line) as { point?: unknown }).point
    return typeof p === "number" ? p : undefined
  } catch {
    return undefined
  }
}

/**
 * How much of a sweep file is complete: the points, in order from `from`, whose rows are all
 * present, and the byte length of the file up to the last of them. Anything after (a point cut
 * short, a half-written last line) is to be dropped and run again.
 */
export const completePrefix = (text: string, from: number, rowsPerPoint: number, format: SweepFormat): { readonly points: number; readonly bytes: number } => {
  let pos = 0
  // Skip the metadata line and, for CSV, the header.
  for (let k = 0; k < (format === "csv" ? 2 : 1); k++) {
    const nl = text.indexOf("\n", pos)
    if (nl < 0) return { points: 0, bytes: 0 }
    pos = nl + 1
  }
  let points = 0
  let bytes = pos
  let rows = 0
  while (true) {
    const nl = text.indexOf("\n", pos)
    if (nl < 0) break
    const p = pointOfLine(text.slice(pos, nl), format)
    if (p !== from + points) break
    rows++
    pos = nl + 1
    if (rows === rowsPerPoint) {
      points++
      rows = 0
      bytes = pos
    }
  }
  return { points, bytes }
}
