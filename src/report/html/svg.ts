/**
 * Charts as inline SVG, drawn in Node when the report is written, by Apache ECharts' server-side
 * SVG renderer (no DOM, no canvas, no browser). Every chart is static (no animation) at a fixed size, and the renderer's
 * style-class counters are replaced by the chart's id and the class's order in the chart, so the same
 * report gives the same bytes in any process.
 */
import type { EChartsCoreOption } from "echarts"
import { createRequire } from "node:module"

type Echarts = typeof import("echarts")

let library: Echarts | undefined

/**
 * The library, loaded on first use: only the HTML reports need it, and its single-file build
 * loads several times faster than its many ES modules, so the other formats start as fast as before.
 */
const echarts = (): Echarts => (library ??= createRequire(import.meta.url)("echarts") as Echarts)

/** An ECharts option. */
export type ChartOption = EChartsCoreOption

/** Colours the page's style sheet restyles for dark mode and print (see page.ts). */
export const ink = {
  /** Axis labels, names and legend text. */
  text: "#3b3b3b",
  /** Axis lines and ticks. */
  axis: "#6e6e6e",
  /** Grid lines. */
  grid: "#d9d9d9"
} as const

/** The font of every chart: the page's own, at a size readable when the chart is scaled to a phone. */
export const FONT = { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", fontSize: 13 } as const

/**
 * Draw `option` as an SVG string of `width` × `height` pixels (scaled to the page by its viewBox).
 * `id` (unique in the page, letters, digits and dashes) replaces the renderer's counters in
 * class names, so that two charts' hover styles never clash and two renders are identical.
 *
 * @example
 * ```ts
 * const svg = renderSvg({ xAxis: { type: "category", data: ["a"] }, yAxis: {}, series: [{ type: "bar", data: [1] }] }, 480, 240, "c1")
 * ```
 */
export const renderSvg = (option: ChartOption, width: number, height: number, id: string): string => {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new Error(`renderSvg requires an id of lower-case letters, digits and dashes, got "${id}"`)
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height })
  try {
    chart.setOption({ animation: false, textStyle: { ...FONT, color: ink.text }, ...option })
    // The renderer numbers its classes and clip paths with counters global to the process: renumber them
    // in order of appearance, under the chart's id.
    const classes = new Map<string, number>()
    return chart
      .renderToSVGString()
      .replace(/\bzr\d+-[a-z]+-?\d+\b/g, (c) => {
        if (!classes.has(c)) classes.set(c, classes.size)
        return `${id}-${classes.get(c)}`
      })
      .replace(/ ecmeta_[a-z_]+="[^"]*"/g, "")
      .replace(/\n+/g, "\n")
      .trim()
  } finally {
    chart.dispose()
  }
}
