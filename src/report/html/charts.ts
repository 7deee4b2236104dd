/**
 * The chart kinds the HTML reports draw, as functions from rows to SVG: estimates with interval
 * whiskers around reference lines (segment levels, the comparison's forest plot, benchmark gates
 * against thresholds), horizontal bars (stacked or not), and lines over periods.
 */
import { FONT, ink, renderSvg, type ChartOption } from "./svg.js"

/** Width of every chart, in SVG pixels: two side by side on a laptop, one scaled down on a phone. */
export const CHART_WIDTH = 400

/** Room for the labels of category rows, in SVG pixels. */
const LABEL_WIDTH = 170
const ROW_HEIGHT = 30

/** A round step for about `count` ticks over `span`: 1, 2, 2.5 or 5 times a power of ten. */
const niceStep = (span: number, count: number): number => {
  const raw = span / count
  const p = 10 ** Math.floor(Math.log10(raw))
  const m = raw / p
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p
}

/** Bounds and tick interval of a value axis. */
export interface Bounds {
  readonly min: number
  readonly max: number
  readonly interval: number
}

/** A percentage axis, 0 to 100. */
export const PERCENT: Bounds = { min: 0, max: 100, interval: 20 }

/** Axis bounds on round ticks that hold every value, with a little room. */
export const axisBounds = (values: ReadonlyArray<number>): Bounds => {
  const xs = values.filter(Number.isFinite)
  let lo = xs.length === 0 ? 0 : Math.min(...xs)
  let hi = xs.length === 0 ? 1 : Math.max(...xs)
  if (hi - lo < 1e-9) {
    const d = Math.abs(lo) > 1e-9 ? Math.abs(lo) * 0.1 : 1
    lo -= d
    hi += d
  }
  // A little room on each side, but an axis that starts at zero stays there.
  const pad = (hi - lo) * 0.04
  const from = lo >= 0 && lo - pad < 0 ? 0 : lo - pad
  const to = hi <= 0 && hi + pad > 0 ? 0 : hi + pad
  const step = niceStep(to - from, 4)
  // Rounded so that tick labels never show binary noise (0.30000000000000004).
  const round = (x: number): number => Number(x.toPrecision(12))
  return { min: round(Math.floor(from / step) * step), max: round(Math.ceil(to / step) * step), interval: round(step) }
}

const categoryAxis = (labels: ReadonlyArray<string>, bold: ReadonlySet<number> = new Set()) => ({
  type: "category",
  data: labels.map((l, i) => (bold.has(i) ? { value: l, textStyle: { fontWeight: "bold" } } : l)),
  inverse: true,
  axisTick: { show: false },
  axisLine: { show: true, lineStyle: { color: ink.axis } },
  // Truncated well short of the room: browsers' fonts can be wider than the renderer's estimate.
  axisLabel: { color: ink.text, width: LABEL_WIDTH - 32, overflow: "truncate", ...FONT }
})

const valueAxis = (name: string, bounds: Bounds, formatter?: (x: number) => string) => ({
  type: "value",
  name,
  nameLocation: "middle",
  nameGap: 28,
  nameTextStyle: { color: ink.text, ...FONT },
  min: bounds.min,
  max: bounds.max,
  interval: bounds.interval,
  axisLine: { show: true, lineStyle: { color: ink.axis } },
  axisTick: { show: true, lineStyle: { color: ink.axis } },
  axisLabel: { color: ink.text, hideOverlap: true, ...FONT, ...(formatter === undefined ? {} : { formatter }) },
  splitLine: { show: true, lineStyle: { color: ink.grid } }
})

/** A reference line across a chart: zero, a threshold, the overall level. */
export interface Reference {
  readonly value: number
  readonly label: string
  readonly color: string
}

/** One row of an interval chart. */
export interface IntervalRow {
  readonly label: string
  readonly value: number
  readonly lower: number
  readonly upper: number
  readonly color: string
  /** The overall row: its label in bold. @default false */
  readonly bold?: boolean
}

interface RenderApi {
  readonly value: (dim: number) => number
  readonly coord: (point: [number, number]) => [number, number]
  readonly size: (point: [number, number]) => [number, number]
}

/** The whisker of one row: a line from lower to upper with caps, in the row's colour. */
const whisker = (_params: unknown, api: RenderApi) => {
  const row = api.value(0)
  const [x1, y] = api.coord([api.value(1), row])
  const [x2] = api.coord([api.value(2), row])
  const cap = api.size([0, 1])[1] * 0.18
  const stroke = { stroke: ink.text, lineWidth: 1.5 }
  return {
    type: "group",
    children: [
      { type: "line", shape: { x1, y1: y, x2, y2: y }, style: stroke },
      { type: "line", shape: { x1, y1: y - cap, x2: x1, y2: y + cap }, style: stroke },
      { type: "line", shape: { x1: x2, y1: y - cap, x2, y2: y + cap }, style: stroke }
    ]
  }
}

/**
 * Estimates as dots with their 95% interval as whiskers, one row per category, around reference
 * lines (dashed, labelled). The value axis holds every value unless `fixedBounds` are given.
 */
export const intervalChart = (
  id: string,
  rows: ReadonlyArray<IntervalRow>,
  axis: string,
  references: ReadonlyArray<Reference> = [],
  formatter?: (x: number) => string,
  fixedBounds?: Bounds
): string => {
  const bounds = fixedBounds ?? axisBounds([...rows.flatMap((r) => [r.lower, r.upper, r.value]), ...references.map((r) => r.value)])
  const bold = new Set(rows.flatMap((r, i) => (r.bold === true ? [i] : [])))
  const option: ChartOption = {
    // Whiskers over the dots, so that a narrow interval still shows. Room on the right for a reference line's label at the edge.
    grid: { left: LABEL_WIDTH, right: 36, top: references.length > 0 ? 26 : 10, bottom: 50 },
    yAxis: categoryAxis(rows.map((r) => r.label), bold),
    xAxis: valueAxis(axis, bounds, formatter),
    series: [
      { type: "custom", renderItem: whisker, data: rows.map((r, i) => [i, r.lower, r.upper]), encode: { x: [1, 2], y: 0 }, silent: true, z: 4 },
      {
        type: "scatter",
        symbolSize: 11,
        z: 3,
        silent: true,
        data: rows.map((r, i) => ({ value: [r.value, i], itemStyle: { color: r.color, borderColor: ink.text, borderWidth: 1 } })),
        markLine:
          references.length === 0
            ? undefined
            : {
                silent: true,
                symbol: "none",
                animation: false,
                data: references.map((r) => ({
                  xAxis: r.value,
                  lineStyle: { color: r.color, type: "dashed", width: 1.5 },
                  label: { formatter: r.label, position: "start", color: ink.text, ...FONT, fontSize: 12 }
                }))
              }
      }
    ]
  }
  return renderSvg(option, CHART_WIDTH, 10 + (references.length > 0 ? 16 : 0) + 50 + ROW_HEIGHT * rows.length, id)
}

/** One series of a bar chart: a name for the legend, a colour, a value per row. */
export interface BarSeries {
  readonly name: string
  readonly color: string
  readonly data: ReadonlyArray<number>
}

/** Horizontal bars, one row per label; stacked when asked (with a legend when there is more than one series). */
export const barChart = (
  id: string,
  labels: ReadonlyArray<string>,
  series: ReadonlyArray<BarSeries>,
  axis: string,
  options: { readonly stack?: boolean; readonly bounds?: Bounds; readonly formatter?: (x: number) => string; readonly bold?: ReadonlySet<number> } = {}
): string => {
  const stack = options.stack === true
  const totals = labels.map((_, i) => series.reduce((t, s) => t + (s.data[i] ?? 0), 0))
  const values = stack ? [0, ...totals] : [0, ...series.flatMap((s) => s.data)]
  const legend = series.length > 1
  const option: ChartOption = {
    grid: { left: LABEL_WIDTH, right: 20, top: legend ? 34 : 10, bottom: 50 },
    legend: legend
      ? { top: 0, left: 8, itemWidth: 14, itemHeight: 10, itemGap: 20, textStyle: { color: ink.text, ...FONT }, data: series.map((s) => s.name) }
      : undefined,
    yAxis: categoryAxis(labels, options.bold),
    xAxis: valueAxis(axis, options.bounds ?? axisBounds(values), options.formatter),
    series: series.map((s) => ({
      type: "bar",
      name: s.name,
      stack: stack ? "all" : undefined,
      silent: true,
      barMaxWidth: 18,
      itemStyle: { color: s.color },
      data: [...s.data]
    }))
  }
  const rowHeight = !stack && series.length > 1 ? ROW_HEIGHT + 10 * (series.length - 1) : ROW_HEIGHT
  return renderSvg(option, CHART_WIDTH, (legend ? 34 : 10) + 50 + rowHeight * labels.length, id)
}

/** One line of a line chart; dashed when asked. */
export interface LineSeries {
  readonly name: string
  readonly color: string
  readonly data: ReadonlyArray<number>
  /** @default false */
  readonly dashed?: boolean
}

/** Lines over the x categories (periods), with a legend. */
export const lineChart = (
  id: string,
  x: ReadonlyArray<string>,
  series: ReadonlyArray<LineSeries>,
  xName: string,
  yName: string,
  options: { readonly bounds?: Bounds; readonly formatter?: (x: number) => string } = {}
): string => {
  // Room for two names a row (fonts differ in width from one machine to the next).
  const top = 26 + 24 * Math.ceil(series.length / 2)
  const option: ChartOption = {
    grid: { left: 64, right: 20, top, bottom: 50 },
    legend: { top: 0, left: 8, right: 8, itemWidth: 22, itemHeight: 10, itemGap: 28, textStyle: { color: ink.text, ...FONT }, data: series.map((s) => s.name) },
    xAxis: {
      type: "category",
      data: [...x],
      boundaryGap: false,
      name: xName,
      nameLocation: "middle",
      nameGap: 28,
      nameTextStyle: { color: ink.text, ...FONT },
      axisLine: { show: true, lineStyle: { color: ink.axis } },
      axisTick: { show: true, lineStyle: { color: ink.axis } },
      axisLabel: { color: ink.text, ...FONT }
    },
    yAxis: { ...valueAxis(yName, options.bounds ?? axisBounds(series.flatMap((s) => s.data)), options.formatter), nameGap: 46 },
    series: series.map((s) => ({
      type: "line",
      name: s.name,
      silent: true,
      symbol: "circle",
      symbolSize: 6,
      itemStyle: { color: s.color },
      lineStyle: { color: s.color, width: 2, type: s.dashed === true ? "dashed" : "solid" },
      data: [...s.data]
    }))
  }
  return renderSvg(option, CHART_WIDTH, top + 50 + 220, id)
}
