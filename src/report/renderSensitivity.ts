/**
 * Rendering a sensitivity report: a terminal table (a tornado of text bars for one-at-a-time
 * effects, bars of μ* for Morris, of the total index for Sobol) within 80 columns, Markdown, or
 * JSON. Per metric and segment, most important parameter first; then where segments disagree.
 */
import type { Effect, SensitivityReport, SensitivityResult } from "../stats/sensitivity/SensitivityReport.js"
import { clean, pad, truncate, truncateStart } from "./text.js"

export const sensitivityFormats = ["table", "md", "json"] as const
export type SensitivityFormat = (typeof sensitivityFormats)[number]

/** A number in at most 7 characters: 3 decimals below 1, 2 below 100, none above. */
const num = (x: number | undefined): string => {
  if (x === undefined || !Number.isFinite(x)) return "–"
  const a = Math.abs(x)
  return a >= 100 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toFixed(3)
}

const ordinal = (n: number): string => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`

const NAME = 18
const bar = (value: number, max: number, width: number): string => "#".repeat(max > 0 ? Math.round((Math.max(0, value) / max) * width) : 0)

/** A tornado row: the span from the low and high effects to 0, left of | when negative. */
const tornado = (e: Effect, max: number, half: number): string => {
  const lo = Math.min(e.low ?? 0, e.high ?? 0, 0)
  const hi = Math.max(e.low ?? 0, e.high ?? 0, 0)
  const left = bar(-lo, max, half)
  const right = bar(hi, max, half)
  return `${pad(left, half, "right")}|${pad(right, half, "left")}`
}

const title = (r: SensitivityReport): string => {
  const what = { oat: "one at a time", morris: "Morris elementary effects", sobol: "Sobol indices" }[r.method]
  // Segments without customers at some point have no figures there: say they are left out.
  const empty = r.empty.length === 0 ? "" : `No customers at some points, so left out: ${r.empty.map(clean).join(", ")}\n`
  return `Sensitivity of ${clean(r.scenario.name)}${r.variant === null ? "" : ` (${clean(r.variant)})`}: ${what}\n${r.parameters.length} parameters, ${r.runs} runs of ${r.customers} customers, seed ${r.seed}\n${empty}`
}

const tableBlock = (r: SensitivityReport, res: SensitivityResult): string[] => {
  const head = `${res.metric} · ${clean(res.segment)}${res.baseline === undefined ? "" : ` — baseline ${num(res.baseline)}`}`
  const lines = [truncate(head, 80)]
  // A parameter without a name is labelled by its path, told apart by its end (…wait.mean, …price.mean).
  const name = (e: Effect) => pad((e.parameter.includes(".") ? truncateStart : truncate)(clean(e.parameter), NAME), NAME, "left")
  if (r.method === "oat") {
    const max = Math.max(...res.effects.map((e) => Math.max(Math.abs(e.low ?? 0), Math.abs(e.high ?? 0))))
    lines.push(`  ${pad("parameter", NAME, "left")} ${pad("falls", 15, "right")}|${pad("rises", 15, "left")} ${pad("Δ at low", 8, "right")} ${pad("Δ at high", 9, "right")}`)
    for (const e of res.effects) lines.push(`  ${name(e)} ${tornado(e, max, 15)} ${pad(num(e.low), 8, "right")} ${pad(num(e.high), 9, "right")}`)
  } else if (r.method === "morris") {
    const max = Math.max(...res.effects.map((e) => e.muStar ?? 0))
    lines.push(`  ${pad("parameter", NAME, "left")} ${pad("mu*", 30, "left")} ${pad("mu*", 8, "right")} ${pad("sigma", 8, "right")} ${pad("mu", 8, "right")}`)
    for (const e of res.effects) lines.push(`  ${name(e)} ${pad(bar(e.muStar ?? 0, max, 30), 30, "left")} ${pad(num(e.muStar), 8, "right")} ${pad(num(e.sigma), 8, "right")} ${pad(num(e.mu), 8, "right")}`)
  } else {
    lines.push(`  ${pad("parameter", NAME, "left")} ${pad("total", 20, "left")} ${pad("first order [95%]", 22, "left")} total [95%]`)
    const interval = (x?: number, lo?: number, hi?: number) => `${num(x)} [${num(lo)}, ${num(hi)}]`
    for (const e of res.effects) lines.push(`  ${name(e)} ${pad(bar(e.total ?? 0, 1, 20), 20, "left")} ${pad(interval(e.first, e.firstLower, e.firstUpper), 22, "left")} ${interval(e.total, e.totalLower, e.totalUpper)}`)
  }
  return lines
}

const disagreementLines = (r: SensitivityReport): string[] => {
  if (r.disagreements.length === 0) return ["Every segment ranks the parameters alike."]
  return [
    "Where segments disagree (rank by segment, largest gap first):",
    ...r.disagreements.slice(0, 10).flatMap((d) => {
      const which = `  ${d.metric}: ${clean(d.parameter)}`
      const ranks = `is ${ordinal(d.best.rank)} for ${clean(d.best.segment)}, ${ordinal(d.worst.rank)} for ${clean(d.worst.segment)}`
      // Too long for one line (a path for a name): the segments go on a line of their own rather than being cut off.
      return `${which} ${ranks}`.length <= 80 ? [`${which} ${ranks}`] : [truncate(which, 80), truncate(`    ${ranks}`, 80)]
    })
  ]
}

const md = (r: SensitivityReport): string => {
  const out = [`<!-- cxsim sensitivity -->`, `# ${title(r).trimEnd().replace("\n", "\n\n")}`, ""]
  for (const res of r.results) {
    out.push(`## ${res.metric} · ${clean(res.segment)}${res.baseline === undefined ? "" : ` (baseline ${num(res.baseline)})`}`, "")
    if (r.method === "oat") {
      out.push("| rank | parameter | at low | at high | low − baseline | high − baseline | swing |", "|---:|---|---:|---:|---:|---:|---:|")
      for (const e of res.effects) out.push(`| ${e.rank} | ${clean(e.parameter)} | ${num(e.atLow)} | ${num(e.atHigh)} | ${num(e.low)} | ${num(e.high)} | ${num(e.swing)} |`)
    } else if (r.method === "morris") {
      out.push("| rank | parameter | μ* | σ | μ |", "|---:|---|---:|---:|---:|")
      for (const e of res.effects) out.push(`| ${e.rank} | ${clean(e.parameter)} | ${num(e.muStar)} | ${num(e.sigma)} | ${num(e.mu)} |`)
    } else {
      out.push("| rank | parameter | first order | 95% | total | 95% |", "|---:|---|---:|---|---:|---|")
      for (const e of res.effects) out.push(`| ${e.rank} | ${clean(e.parameter)} | ${num(e.first)} | ${num(e.firstLower)} – ${num(e.firstUpper)} | ${num(e.total)} | ${num(e.totalLower)} – ${num(e.totalUpper)} |`)
    }
    out.push("")
  }
  out.push("## Where segments disagree", "")
  if (r.disagreements.length === 0) out.push("Every segment ranks the parameters alike.")
  else {
    out.push("| metric | parameter | ranked highest by | ranked lowest by |", "|---|---|---|---|")
    for (const d of r.disagreements) out.push(`| ${d.metric} | ${clean(d.parameter)} | ${clean(d.best.segment)} (${ordinal(d.best.rank)}) | ${clean(d.worst.segment)} (${ordinal(d.worst.rank)}) |`)
  }
  return `${out.join("\n")}\n`
}

/**
 * Render a sensitivity report.
 *
 * @example
 * process.stdout.write(renderSensitivity(report, "table"))
 */
export const renderSensitivity = (r: SensitivityReport, format: SensitivityFormat): string => {
  if (format === "json") return `${JSON.stringify(r, null, 2)}\n`
  if (format === "md") return md(r)
  const blocks = r.results.map((res) => tableBlock(r, res).join("\n"))
  return `${title(r)}\n${blocks.join("\n\n")}\n\n${disagreementLines(r).join("\n")}\n`
}
