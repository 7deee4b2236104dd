/**
 * What each part of the screen shows, as lines of styled text of an exact width: the levers,
 * and the three views of the results (segments, satisfaction, funnel), the keys, the save
 * dialog. Pure functions of the state, so that the layout at any size can be reasoned about.
 */
import type { ResolvedScenario } from "../model/Resolved.js"
import { mixNote } from "../report/comparisonFormat.js"
import { fixed, percent, signed } from "../report/format.js"
import { hasCustomers, NO_DATA, type FilledSegment, type SegmentReport } from "../report/Report.js"
import type { ComparisonReport, Diff, Metric, SegmentDiff } from "../stats/Comparison.js"
import { counts, improves } from "../stats/compare.js"
import { showValue, showWithUnit, type Lever, type LeverGroup } from "./Lever.js"
import { p, type Piece } from "./Line.js"
import { bar, block, fit, fitLabel, joinNames, truncate, wrap } from "./text.js"

export type Lines = Piece[][]

const blank = (): Piece[] => []

/** Pad a list of lines to exactly `height` (cut when longer). */
export const toHeight = (lines: Lines, height: number): Lines => {
  const out = lines.slice(0, Math.max(0, height))
  while (out.length < height) out.push(blank())
  return out
}

// --- levers ------------------------------------------------------------------------------------

export type LeverItem = { readonly kind: "group"; readonly group: LeverGroup } | { readonly kind: "lever"; readonly lever: Lever; readonly index: number }

/** Group headings and levers in one list; `index` counts levers only. */
export const leverItems = (groups: ReadonlyArray<LeverGroup>): ReadonlyArray<LeverItem> => {
  const out: LeverItem[] = []
  let index = 0
  for (const group of groups) {
    out.push({ kind: "group", group })
    for (const lever of group.levers) out.push({ kind: "lever", lever, index: index++ })
  }
  return out
}

export interface LeverView {
  readonly items: ReadonlyArray<LeverItem>
  readonly cursor: number
  readonly baseline: ResolvedScenario
  readonly current: ResolvedScenario
  /** The text being typed into the lever under the cursor, if any. */
  readonly typing: string | null
}

const VALUE_W = 30

export const leverLines = (v: LeverView, width: number, height: number): Lines => {
  const at = v.items.findIndex((it) => it.kind === "lever" && it.index === v.cursor)
  // The cursor a third of the way down, so that what comes next is visible too.
  const top = Math.max(0, Math.min(at - Math.floor(height / 3), v.items.length - height))
  const shown = v.items.slice(top, top + height)
  const labelW = width - 1 - 3 - VALUE_W - 1
  const lines = shown.map((it): Piece[] => {
    if (it.kind === "group") return [p(truncate(it.group.title, width - 1), { bold: true })]
    const lever = it.lever
    const here = it.index === v.cursor
    const from = lever.get(v.baseline)
    const to = lever.get(v.current)
    const changed = Math.abs(from - to) > 1e-9
    const mark = here ? " › " : "   "
    const label = fitLabel(lever.label, labelW)
    if (here && v.typing !== null) {
      const unit = lever.unit === "%" ? "%" : ` ${lever.unit}`
      const field = `[${v.typing}▏]${unit}`
      return [p(mark, { bold: true }), p(label, { bold: true }), p(" "), p(fit(field, VALUE_W, "right"), { inverse: true })]
    }
    const value = changed ? `${showValue(lever, from)} → ${showWithUnit(lever, to)}` : showWithUnit(lever, to)
    return [
      p(mark, { bold: true }),
      p(label, { bold: here, inverse: here }),
      p(" "),
      p(fit(value, VALUE_W, "right"), { color: changed ? "yellow" : undefined, bold: changed || here })
    ]
  })
  return toHeight(lines, height)
}

// --- shared pieces of the results ----------------------------------------------------------------

/**
 * ▲ for a change for the better, ▼ for the worse, as the comparison counts them (significant
 * and at least noticeable, the rule segments are judged by); nothing otherwise.
 */
const marker = (m: Metric, d: Diff): Piece => {
  if (!counts(m, d)) return p(" ")
  const good = improves(m, d)
  return p(good ? "▲" : "▼", { color: good ? "green" : "red", bold: true })
}

const DIRECTION: Record<SegmentDiff["direction"], { readonly text: string; readonly color: Piece["color"] }> = {
  better: { text: "▲ better", color: "green" },
  worse: { text: "▼ worse", color: "red" },
  mixed: { text: "◆ mixed", color: "yellow" },
  unchanged: { text: "· no change", color: undefined },
  "no data": { text: `${NO_DATA} no customers`, color: undefined }
}

/**
 * Rows of the results: each segment, then all customers, with the report of each arm (undefined
 * where the segment has no customers: it has no figures to show).
 */
interface Row {
  readonly diff: SegmentDiff
  readonly base: FilledSegment | undefined
  readonly whatIf: FilledSegment | undefined
}

const rowsOf = (r: ComparisonReport): ReadonlyArray<Row> => {
  const v = r.variants[0]
  if (v === undefined) return []
  const find = (rep: ReadonlyArray<SegmentReport>, id: string): FilledSegment | undefined => {
    const s = rep.find((x) => x.id === id)
    return s !== undefined && hasCustomers(s) ? s : undefined
  }
  return [
    ...v.segments.map((diff) => ({ diff, base: find(r.baseline.segments, diff.id), whatIf: find(v.report.segments, diff.id) })),
    { diff: v.overall, base: r.baseline.overall, whatIf: v.report.overall }
  ]
}

/**
 * The rows that fit `height` lines at two lines a row (with a heading and a footer): every one,
 * or the first segments and all customers, and how many were left out.
 */
const fitRows = (rows: ReadonlyArray<Row>, height: number): { readonly shown: ReadonlyArray<Row>; readonly hidden: number } => {
  const pairs = Math.max(1, Math.floor((height - 2) / 2))
  if (rows.length <= pairs) return { shown: rows, hidden: 0 }
  return { shown: [...rows.slice(0, pairs - 1), ...rows.slice(-1)], hidden: rows.length - pairs }
}

const hiddenNote = (hidden: number, width: number): Piece[] => [
  p(truncate(`${hidden} more segment${hidden === 1 ? "" : "s"} not shown: a taller terminal shows every one`, width - 1), { dim: true })
]

export interface ResultsView {
  readonly report: ComparisonReport | null
  /** The report is of an earlier what-if; a new run is on its way. */
  readonly stale: boolean
}

const waiting = (width: number, height: number): Lines =>
  toHeight([blank(), [p(fit("  Running the baseline and the what-if on the same synthetic customers…", width - 1), { dim: true })]], height)

// --- segments ------------------------------------------------------------------------------------

interface Column {
  readonly metric: Metric
  readonly title: string
  readonly value: (x: number) => string
  readonly delta: (x: number) => string
}

const columns: ReadonlyArray<Column> = [
  { metric: "csat", title: "CSAT", value: (x) => fixed(x, 2), delta: (x) => signed(x, 2) },
  { metric: "nps", title: "NPS", value: (x) => fixed(x, 1), delta: (x) => signed(x, 1) },
  { metric: "ces", title: "Effort", value: (x) => fixed(x, 2), delta: (x) => signed(x, 2) },
  { metric: "churn", title: "Churn", value: (x) => percent(x, 1), delta: (x) => signed(100 * x, 1) }
]
const VAL = 6
const DELTA = 5
const CELL = VAL + 1 + DELTA + 1

/** Per segment two rows, the baseline then the what-if with its paired change. */
export const segmentLines = (v: ResultsView, width: number, height: number): Lines => {
  const r = v.report
  const variant = r?.variants[0]
  if (r === null || variant === undefined) return waiting(width, height)
  const labelW = width - 1 - 5 - columns.length * CELL
  const header: Piece[] = [
    p(fit("Segment / what-if", labelW), { bold: true }),
    p(fit("Share", 5, "right"), { bold: true }),
    ...columns.map((c) => p(`${fit(c.title, VAL, "right")} ${fit(c.metric === "churn" ? "Δ pts" : "Δ", DELTA, "right")} `, { bold: true }))
  ]
  const winners = new Set(variant.winners)
  const losers = new Set(variant.losers)
  const lines: Lines = [header]
  const { shown, hidden } = fitRows(rowsOf(r), height)
  for (const row of shown) {
    const d = row.diff
    if (d.diffs === null) {
      // A segment without customers: "—" where its figures would be.
      const none = columns.map((c) => p(`${fit(NO_DATA, VAL, "right")} ${" ".repeat(DELTA)} `, { dim: true }))
      lines.push([p(fit(d.label, labelW), { bold: true }), p(fit(percent(0, 0), 5, "right")), ...none])
      lines.push([p(fit(`  ${DIRECTION["no data"].text}`, labelW), { dim: true }), p(fit(NO_DATA, 5, "right"), { dim: true }), ...none])
      continue
    }
    const diffs = d.diffs
    const tone: Piece["color"] = winners.has(d.id) ? "green" : losers.has(d.id) ? "red" : undefined
    lines.push([
      p(fit(d.label, labelW), { bold: true, color: tone }),
      p(fit(percent(row.base?.share ?? 0, 0), 5, "right")),
      ...columns.map((c) => p(`${fit(c.value(diffs[c.metric].baseline), VAL, "right")} ${" ".repeat(DELTA)} `))
    ])
    const dir = DIRECTION[d.direction]
    lines.push([
      p(fit(`  ${dir.text}`, labelW), { color: dir.color, bold: d.direction !== "unchanged", dim: v.stale }),
      p(fit(percent(row.whatIf?.share ?? 0, 0), 5, "right"), { dim: v.stale }),
      ...columns.flatMap((c) => {
        const diff = diffs[c.metric]
        return [
          p(fit(c.value(diff.variant), VAL, "right"), { dim: v.stale, bold: !v.stale }),
          p(" "),
          p(fit(c.delta(diff.delta), DELTA, "right"), { dim: v.stale || !counts(c.metric, diff) }),
          v.stale ? p(" ") : marker(c.metric, diff)
        ]
      })
    ])
  }
  const extra = height - lines.length - 1
  if (extra >= 2) {
    lines.push(blank())
    for (const l of wrap(variant.headline, width - 3).slice(0, extra - 1)) lines.push([p(` ${l}`, { dim: v.stale })])
  }
  lines.length = Math.min(lines.length, height - 1)
  const winnerNames = variant.segments.filter((s) => winners.has(s.id)).map((s) => s.label)
  const loserNames = variant.segments.filter((s) => losers.has(s.id)).map((s) => s.label)
  // With another persona mix, some customers became another persona: a segment's Δ is partly
  // theirs, so "gains" and "loses" would read as the journey's doing.
  const mixed = mixNote(r.baseline, variant.report) !== undefined
  const footer: Piece[] = mixed
    ? [p(truncate("! New persona mix: a segment's Δ includes customers who became another persona", width - 1), { bold: true, color: "yellow" })]
    : winnerNames.length > 0 && loserNames.length > 0
      ? [
          p("! Opposite moves: ", { bold: true, color: "yellow" }),
          p(`${joinNames(winnerNames)} gain${winnerNames.length === 1 ? "s" : ""}`, { bold: true, color: "green" }),
          p(" · "),
          p(`${joinNames(loserNames)} lose${loserNames.length === 1 ? "s" : ""}`, { bold: true, color: "red" })
        ]
      : hidden > 0
        ? hiddenNote(hidden, width)
        : [p(truncate("Δ = what-if − base · ▲ better ▼ worse: significant (95%, paired) and noticeable", width - 1), { dim: true })]
  return toHeight([...toHeight(lines, height - 1), footer], height)
}

// --- satisfaction ----------------------------------------------------------------------------------

/** Per segment the CSAT answers 1–5 of each arm as a small histogram, top-2 box and mean. */
export const satisfactionLines = (v: ResultsView, width: number, height: number): Lines => {
  const r = v.report
  const variant = r?.variants[0]
  if (r === null || variant === undefined) return waiting(width, height)
  const BIN = 5
  const showLtr = width >= 80
  const tail = 7 + 13 + (showLtr ? 13 : 0)
  const labelW = width - 1 - 5 * BIN - tail
  const header: Piece[] = [
    p(fit("CSAT answers", labelW), { bold: true }),
    ...["1", "2", "3", "4", "5"].map((b) => p(fit(b, BIN, "right"), { bold: true })),
    p(fit("Top-2", 7, "right"), { bold: true }),
    p(fit("Mean   Δ   ", 13, "right"), { bold: true }),
    ...(showLtr ? [p(fit("  Recommend", 13), { bold: true })] : [])
  ]
  const lines: Lines = [header]
  const arm = (label: string, s: FilledSegment | undefined, max: number, mean: number, diff: Diff | null, style: Omit<Piece, "text">): Piece[] => {
    const dist = s?.csat.distribution ?? []
    const ltr = s?.nps.distribution ?? []
    const ltrMax = Math.max(...ltr, 1e-9)
    return [
      p(fit(label, labelW), style),
      ...[0, 1, 2, 3, 4].flatMap((i) => {
        const f = dist[i] ?? 0
        return [p(` ${block(f / max)}`, { color: "cyan", dim: v.stale }), p(fit(percent(f, 0), BIN - 2, "right"), { dim: v.stale })]
      }),
      p(fit(percent(s?.csat.topTwoBox ?? 0, 0), 7, "right"), { dim: v.stale }),
      p(fit(fixed(mean, 2), 6, "right"), { dim: v.stale }),
      p(diff === null ? "       " : ` ${fit(signed(diff.delta, 2), 5, "right")}`, { dim: v.stale || diff === null || !counts("csat", diff) }),
      diff === null || v.stale ? p(" ") : marker("csat", diff),
      ...(showLtr ? [p("  "), p(fit(ltr.map((x) => block(x / ltrMax)).join(""), 11), { color: "cyan", dim: v.stale })] : [])
    ]
  }
  const { shown, hidden } = fitRows(rowsOf(r), height)
  for (const row of shown) {
    if (row.diff.diffs === null) {
      // A segment without customers: no answers to show.
      const none = p(fit(`${NO_DATA} no customers`, 5 * BIN, "right"), { dim: true })
      lines.push([p(fit(row.diff.label, labelW), { bold: true }), none])
      lines.push([p(fit("  what-if", labelW)), none])
      continue
    }
    const max = Math.max(...(row.base?.csat.distribution ?? []), ...(row.whatIf?.csat.distribution ?? []), 1e-9)
    const c = row.diff.diffs.csat
    lines.push(arm(row.diff.label, row.base, max, c.baseline, null, { bold: true }))
    lines.push(arm("  what-if", row.whatIf, max, c.variant, c, {}))
  }
  lines.length = Math.min(lines.length, height - 1)
  const footer = hidden > 0 ? hiddenNote(hidden, width) : [p(truncate("Bars: share of each answer, per segment on one scale · Top-2: answers 4 and 5", width - 1), { dim: true })]
  return toHeight([...toHeight(lines, height - 1), footer], height)
}

// --- funnel ----------------------------------------------------------------------------------------

export interface FunnelView extends ResultsView {
  /** Which row: a segment's index, or the number of segments for all customers. */
  readonly segment: number
  /** The touchpoint to keep in view (the lever under the cursor belongs to it). */
  readonly focus: string | null
}

/** Reach and abandonment per touchpoint, both arms, with the top pain points ranked. */
export const funnelLines = (v: FunnelView, width: number, height: number): Lines => {
  const r = v.report
  const variant = r?.variants[0]
  if (r === null || variant === undefined) return waiting(width, height)
  const rows = rowsOf(r)
  const row = rows[Math.min(Math.max(0, v.segment), rows.length - 1)]
  if (row === undefined) return waiting(width, height)
  const BAR = 10
  const tail = 1 + BAR + 2 + 11 + 2 + 14 + 2 + 9
  const labelW = width - 1 - tail
  const title: Piece[] = [
    p("Journey funnel · ", { bold: true }),
    p(row.diff.label, { bold: true }),
    p(truncate("  (f: next segment; ! pain point, ranked)", Math.max(0, width - 20 - row.diff.label.length)), { dim: true })
  ]
  const header: Piece[] = [
    p(fit("Touchpoint", labelW), { bold: true }),
    p(fit(" Reach", 1 + BAR), { bold: true }),
    p(fit("base→what-if", 13, "right"), { bold: true }),
    p(fit("Gave up", 16, "right"), { bold: true }),
    p(fit("Pain", 11, "right"), { bold: true })
  ]
  const ids: string[] = []
  for (const t of r.baseline.touchpoints) ids.push(t.id)
  for (const t of variant.report.touchpoints) if (!ids.includes(t.id)) ids.push(t.id)
  const rank = (s: FilledSegment | undefined, id: string): number => {
    const i = (s?.painPoints ?? []).filter((x) => x.score > 0).findIndex((x) => x.touchpoint === id)
    return i >= 0 && i < 3 ? i + 1 : 0
  }
  const body = ids.map((id): Piece[] => {
    // A segment without customers: nobody reached anything, so no figure, "—".
    if (row.diff.diffs === null) return [p(fit(` ${id}`, labelW)), p(" "), p(fit(NO_DATA, BAR), { dim: true }), p(fit(NO_DATA, 13, "right"), { dim: true }), p(fit(NO_DATA, 15, "right"), { dim: true })]
    const b = row.base?.touchpoints.find((t) => t.touchpoint === id)
    const w = row.whatIf?.touchpoints.find((t) => t.touchpoint === id)
    const ab = row.diff.abandonedAt.find((a) => a.touchpoint === id)
    const rb = rank(row.base, id)
    const rw = rank(row.whatIf, id)
    const pain = rb === 0 && rw === 0 ? "" : `${rb === 0 ? "–" : `#${rb}`}→${rw === 0 ? "–" : `#${rw}`}`
    const abMark: Piece =
      ab === undefined || !counts("completion", ab.diff) || v.stale ? p(" ") : ab.diff.delta < 0 ? p("▲", { color: "green", bold: true }) : p("▼", { color: "red", bold: true })
    const focus = id === v.focus
    return [
      p(fit(`${focus ? "›" : " "}${id}`, labelW), { bold: focus }),
      p(" "),
      p(bar(w?.reach ?? 0, BAR), { color: "cyan", dim: v.stale }),
      p(fit(`${percent(b?.reach ?? 0, 0)}→${percent(w?.reach ?? 0, 0)}`, 13, "right"), { dim: v.stale }),
      p(fit(`${percent(b?.abandoned ?? 0, 1)}→${percent(w?.abandoned ?? 0, 1)}`, 15, "right"), { dim: v.stale }),
      abMark,
      p(fit(pain === "" ? "" : `! ${pain}`, 11, "right"), { color: rw > 0 ? "red" : undefined, bold: rw > 0, dim: v.stale })
    ]
  })
  const room = Math.max(1, height - 2)
  const at = Math.max(0, ids.indexOf(v.focus ?? ""))
  const fits = body.length <= room
  const top = fits ? 0 : Math.max(0, Math.min(at - Math.floor((room - 1) / 2), body.length - (room - 1)))
  const shown = fits ? body : body.slice(top, top + room - 1)
  const more = fits ? [] : [[p(fit(`  ${top > 0 ? `↑ ${top} above  ` : ""}${body.length - top - shown.length > 0 ? `↓ ${body.length - top - shown.length} below` : ""} (the funnel follows the lever cursor)`, width - 1), { dim: true })]]
  return toHeight([title, header, ...shown, ...more], height)
}

// --- keys --------------------------------------------------------------------------------------------

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ["↑ ↓  k j", "choose a lever"],
  ["← →  h l  - +", "change it by one step"],
  ["PgUp PgDn  [ ]", "previous / next touchpoint"],
  ["Enter  =", "type an exact value (Enter sets it, Esc cancels)"],
  ["u", "undo the last change"],
  ["r", "reset the what-if to the baseline (u brings it back)"],
  ["s", "keep the what-if as a variant (scenario file or a new file)"],
  ["Tab  1 2 3", "results: segments · satisfaction · funnel"],
  ["f", "funnel: next segment"],
  ["o", "open another scenario"],
  ["?  Esc", "show / hide these keys"],
  ["q  Ctrl-C", "quit; the terminal is left as it was"]
]

export const helpLines = (width: number, height: number): Lines => {
  const lines: Lines = [[p("Keys", { bold: true })]]
  for (const [k, what] of KEYS) lines.push([p(`  ${fit(k, 17)}`, { bold: true }), p(truncate(what, width - 20))])
  lines.push(blank())
  lines.push([p("Reading the results", { bold: true })])
  for (const t of [
    "Base and what-if run the same synthetic customers: what differs is the journey.",
    "Δ = what-if − base: CSAT 1–5, NPS points, effort (CES 1–7, lower is easier),",
    "churn in points. ▲ better ▼ worse: the 95% paired interval excludes 0 and the",
    "change is noticeable (CSAT 0.04, NPS 2, CES 0.06, churn 1 point)."
  ])
    lines.push([p(`  ${truncate(t, width - 3)}`)])
  return toHeight(lines, height)
}
