/**
 * The calibration as one self-contained HTML page, built from the run report's page, chart and
 * SVG modules: each free parameter's estimate and 95% interval placed on its bounds, coloured by
 * whether the survey pins it down; each segment's distance against its noise ceiling; and per
 * segment and outcome the observed share of each answer (with its interval) beside the simulated
 * share. Every chart has the numbers behind it, keyed to the JSON document.
 */
import type { CalibrationResult, OutcomeFidelity, ParameterEstimate, SegmentFidelity } from "../../calibrate/CalibrationResult.js"
import { fixed, grouped, percent } from "../format.js"
import {
  droppedText,
  estimateText,
  FIDELITY_LEGEND,
  figureText,
  headlineFigures,
  intervalsText,
  intervalText,
  numberOrMissing,
  optimizerText,
  outcomeNames,
  parameterDigits,
  splitText,
  statusMeaning,
  statusText,
  variantText
} from "../renderCalibrationFormat.js"
import { clean } from "../text.js"
import { barChart, intervalChart, PERCENT, type IntervalRow } from "./charts.js"
import { countCell, escapeHtml, figure, num, page, palette, section, shellWord, table, type Cell } from "./page.js"

const statusColour = (p: ParameterEstimate): string =>
  p.status === "identified" ? palette.blue : p.status === "correlated" ? palette.purple : p.status === "flat" ? palette.grey : palette.orange

const verdictCell = (v: "good" | "fair" | "poor"): Cell => ({ text: v, className: v === "good" ? "v-passed" : v === "fair" ? "v-inconclusive" : "v-breached" })

/** Where `x` lies between the bounds, in percent (0 the lower bound, 100 the upper). */
const onBounds = (p: ParameterEstimate, x: number): number => {
  const [lo, hi] = p.bounds
  return hi > lo ? (100 * (x - lo)) / (hi - lo) : 50
}

/**
 * A parameter's row label, short enough for the chart (its table has the full path): the persona
 * or section, then what varies ("family · retention", "family · food-wait" for an expectation
 * level, "model · satisfactionBias"), cut in the middle when still too long.
 */
const shortLabel = (path: string, room = 18): string => {
  const parts = path.split(".")
  const persona = parts[0] === "personas" && parts.length > 2
  const owner = persona ? (parts[1] as string) : parts.length > 1 ? (parts[parts.length - 2] as string) : ""
  const rest = persona ? parts.slice(2) : parts.slice(-1)
  const field = (rest[0] === "expectations" && rest.length > 1 ? rest.slice(1, rest[2] === "expected" ? 2 : 3) : rest.slice(-1)).join(".")
  const label = Array.from(owner === "" ? field : `${owner} · ${field}`)
  if (label.length <= room) return label.join("")
  const tail = Array.from(field).slice(-Math.max(1, room - 6))
  return `${label.slice(0, Math.max(1, room - tail.length - 1)).join("")}…${tail.join("")}`
}

const parametersFigure = (r: CalibrationResult): string => {
  const ps = r.parameters
  const rows: IntervalRow[] = ps.map((p) => ({
    label: shortLabel(clean(p.path)),
    value: onBounds(p, p.estimate.value),
    lower: onBounds(p, p.estimate.lower),
    upper: onBounds(p, p.estimate.upper),
    color: statusColour(p)
  }))
  const svg = intervalChart("cal-parameters", rows, "Position within the bounds (%)", [], (x) => `${fixed(x, 0)}`, PERCENT)
  const unclear = ps.filter((p) => p.status !== "identified")
  const description =
    `Each parameter's estimate (dot) and 95% interval (whiskers), placed on its bounds: 0 is the lower bound, 100 the upper. ` +
    `Blue: pinned down by the survey; purple: correlated with another parameter; grey: flat; orange: at a bound. ` +
    (unclear.length === 0 ? "Every parameter is pinned down." : `Not pinned down: ${unclear.map((p) => `${p.path} (${statusText(p)})`).join(", ")}.`)
  const tbl = table(
    ["Parameter", "Lower bound", "Upper bound", "Start", "Estimate", "95% low", "95% high", "Status"],
    ps.map((p, i) => {
      const d = parameterDigits(p)
      const k = `parameters.${i}`
      return [
        p.path,
        num(numberOrMissing(p.bounds[0], d), p.bounds[0], `${k}.bounds.0`),
        num(numberOrMissing(p.bounds[1], d), p.bounds[1], `${k}.bounds.1`),
        num(numberOrMissing(p.start, d), p.start, `${k}.start`),
        num(numberOrMissing(p.estimate.value, d), p.estimate.value, `${k}.estimate.value`),
        num(numberOrMissing(p.estimate.lower, d), p.estimate.lower, `${k}.estimate.lower`),
        num(numberOrMissing(p.estimate.upper, d), p.estimate.upper, `${k}.estimate.upper`),
        p.with === undefined ? statusText(p) : `${statusText(p)} with ${p.with}`
      ]
    })
  )
  return figure({ id: "fig-parameters", title: "Fitted parameters on their bounds", description, svg, table: tbl })
}

const distanceFigure = (r: CalibrationResult): string => {
  const f = r.fidelity
  // Chart text is escaped by the chart library, but control characters pass: blanked here.
  const labels = [...f.segments.map((g) => clean(g.label)), "All check respondents"]
  const distance = [...f.segments.map((g) => g.distance), f.distance]
  const ceiling = [...f.segments.map((g) => g.noiseCeiling), f.noiseCeiling]
  const svg = barChart(
    "cal-distance",
    labels,
    [
      { name: "Distance", color: palette.blue, data: distance.map((x) => (Number.isFinite(x) ? x : 0)) },
      { name: "Noise ceiling", color: palette.grey, data: ceiling.map((x) => (Number.isFinite(x) ? x : 0)) }
    ],
    "Total variation distance (0..1)",
    { bold: new Set([labels.length - 1]) }
  )
  const poor = f.segments.filter((g) => g.verdict === "poor").map((g) => g.label)
  const description =
    `Per segment, the distance between the observed and simulated answers of the check respondents (blue) beside the noise ceiling (grey): ` +
    `the distance between two random halves of the real answers, which no model can beat. All check respondents: ${f.verdict}. ` +
    (poor.length === 0 ? "No segment is poorly fitted." : `Poorly fitted: ${poor.join(", ")}.`)
  const row = (g: SegmentFidelity | undefined, i: number): Cell[] => {
    const k = g === undefined ? "fidelity" : `fidelity.segments.${i}`
    const x = g ?? f
    return [
      g === undefined ? "All check respondents" : g.label,
      g === undefined ? "" : countCell(g.n, `${k}.n`),
      num(numberOrMissing(x.distance, 3), x.distance, `${k}.distance`),
      num(numberOrMissing(x.noiseCeiling, 3), x.noiseCeiling, `${k}.noiseCeiling`),
      verdictCell(x.verdict)
    ]
  }
  const tbl = table(["Segment", "Respondents", "Distance", "Noise ceiling", "Verdict"], [...f.segments.map((g, i) => row(g, i)), row(undefined, -1)])
  return figure({ id: "fig-distance", title: "Distance against the noise ceiling", description, svg, table: tbl })
}

/** Observed share of each answer (with interval) beside the simulated share, as pairs of rows. */
const sharesFigure = (r: CalibrationResult, gi: number, oi: number): string => {
  const g = r.fidelity.segments[gi] as SegmentFidelity
  const o = g.outcomes[oi] as OutcomeFidelity
  const id = `cal-${gi}-${oi}`
  const rows: IntervalRow[] = o.shares.flatMap((s) => [
    // The answer names its observed row; the simulated row below it says only that.
    { label: clean(s.label), value: 100 * s.observed.value, lower: 100 * s.observed.lower, upper: 100 * s.observed.upper, color: palette.blue },
    { label: "simulated", value: 100 * s.simulated, lower: 100 * s.simulated, upper: 100 * s.simulated, color: palette.orange }
  ])
  const svg = intervalChart(id, rows, "Share of answers (%)", [], (x) => `${fixed(x, 0)}`)
  const outside = o.shares.filter((s) => s.simulated < s.observed.lower || s.simulated > s.observed.upper).map((s) => s.label)
  const headline = headlineFigures(o)
    .map((x) => `${x.name} ${figureText(x.observed?.value, x.unit)} observed, ${figureText(x.simulated, x.unit)} simulated`)
    .join("; ")
  const description =
    `${outcomeNames[o.kind]} (${o.column}), ${g.label}: the observed share of each answer among ${grouped(o.n)} check respondents with its 95% interval (blue), ` +
    `and below it the simulated share (orange). ${headline}. Distance ${numberOrMissing(o.distance, 3)} against a ceiling of ${numberOrMissing(o.noiseCeiling, 3)}: ${o.verdict}; ` +
    `variance ratio ${numberOrMissing(o.varianceRatio, 2)}. ` +
    (outside.length === 0 ? "Every simulated share lies within the observed interval." : `Simulated shares outside the observed interval: ${outside.join(", ")}.`)
  const k = `fidelity.segments.${gi}.outcomes.${oi}`
  const tbl = table(
    ["Answer", "Observed", "95% low", "95% high", "Simulated"],
    o.shares.map((s, si) => [
      s.label,
      num(percent(s.observed.value, 1), s.observed.value, `${k}.shares.${si}.observed.value`, 100),
      num(percent(s.observed.lower, 1), s.observed.lower, `${k}.shares.${si}.observed.lower`, 100),
      num(percent(s.observed.upper, 1), s.observed.upper, `${k}.shares.${si}.observed.upper`, 100),
      num(percent(s.simulated, 1), s.simulated, `${k}.shares.${si}.simulated`, 100)
    ])
  )
  return figure({ id: `fig-${gi}-${oi}`, title: `${g.label}: ${outcomeNames[o.kind]} answers`, description, svg, table: tbl })
}

/** Observed against simulated headline figures of a segment's outcomes, as a table. */
const headlineTable = (g: SegmentFidelity, gi: number): string =>
  table(
    ["Outcome", "Observed", "95% interval", "Simulated", "Distance", "Ceiling", "Var. ratio", "Verdict"],
    g.outcomes.flatMap((o, oi) => {
      const k = `fidelity.segments.${gi}.outcomes.${oi}`
      const scale = (u: string): number => (u === "share" ? 100 : 1)
      return headlineFigures(o).map((x, i): Cell[] => [
        i === 0 ? `${outcomeNames[o.kind]} ${x.name} (${o.column})` : `${outcomeNames[o.kind]} ${x.name}`,
        x.observed === undefined ? figureText(undefined, x.unit) : num(figureText(x.observed.value, x.unit), x.observed.value, `${k}.${x.key}.observed.value`, scale(x.unit)),
        intervalText(x.observed, x.unit),
        x.simulated === undefined ? figureText(undefined, x.unit) : num(figureText(x.simulated, x.unit), x.simulated, `${k}.${x.key}.simulated`, scale(x.unit)),
        i === 0 ? num(numberOrMissing(o.distance, 3), o.distance, `${k}.distance`) : "",
        i === 0 ? num(numberOrMissing(o.noiseCeiling, 3), o.noiseCeiling, `${k}.noiseCeiling`) : "",
        i === 0 ? num(numberOrMissing(o.varianceRatio, 2), o.varianceRatio, `${k}.varianceRatio`) : "",
        i === 0 ? verdictCell(o.verdict) : ""
      ])
    }),
    "Headline figures on the check respondents"
  )

const segmentSection = (r: CalibrationResult, gi: number): string => {
  const g = r.fidelity.segments[gi] as SegmentFidelity
  const lead = [
    `<p class="lead">${escapeHtml(
      `${grouped(g.n)} check respondents; distance ${numberOrMissing(g.distance, 3)} against a noise ceiling of ${numberOrMissing(g.noiseCeiling, 3)}: ${g.verdict}.`
    )}</p>`,
    g.outcomes.length === 0 ? `<p>${escapeHtml("No outcome answered by check respondents.")}</p>` : headlineTable(g, gi)
  ].join("\n")
  const figures = g.outcomes.flatMap((o, oi) => (o.shares.length === 0 ? [] : [sharesFigure(r, gi, oi)]))
  return section(`segment-${gi}`, `${g.label} (${g.segment})`, lead, figures)
}

/** "6 free parameters, 2 pinned down by the survey." */
const parametersLead = (r: CalibrationResult): string => {
  const n = r.parameters.length
  if (n === 0) return "No free parameters."
  const pinned = r.parameters.filter((p) => p.status === "identified").length
  return `${n} free parameter${n === 1 ? "" : "s"}, ${pinned === n ? "all" : pinned} pinned down by the survey: ${r.parameters.map((p) => `${p.path} ${estimateText(p)}`).join("; ")}.`
}

/** The command that reproduces a calibration: the scenario and mapping are the files whose hashes the result names. */
const commandLine = (r: CalibrationResult): string =>
  [
    "cxsim calibrate SCENARIO.yaml",
    ...(r.variant === null ? [] : ["--variant", shellWord(r.variant)]),
    "--survey",
    shellWord(r.survey.file),
    "--map MAP.yaml",
    ...(r.split.where === null ? [] : ["--fit-where", shellWord(r.split.where)]),
    "--seed",
    String(r.seed),
    "--customers",
    String(r.customers),
    "--format html"
  ].join(" ")

/**
 * Render a calibration as one self-contained HTML page (inline CSS and SVG charts, no script, no
 * network). The same result always gives the same bytes.
 *
 * @example
 * ```ts
 * await fs.writeFile("calibration.html", renderCalibrationHtml(result))
 * ```
 */
export const renderCalibrationHtml = (r: CalibrationResult): string => {
  const f = r.fidelity
  const unclear = r.parameters.filter((p) => p.status !== "identified")
  return page({
    kind: "calibration",
    title: `${r.scenario.title} — calibration — cxsim`,
    kicker: `cxsim calibration · ${variantText(r)}`,
    heading: r.scenario.title,
    meta: [
      ["Scenario", r.scenario.name],
      ["Variant", r.variant ?? "baseline"],
      ["Survey", r.survey.file],
      ["Respondents", countCell(r.survey.rows, "survey.rows")],
      ["Seed", num(String(r.seed), r.seed, "seed")],
      ["Customers per evaluation", countCell(r.customers, "customers")],
      ["cxsim", r.engine.version],
      ["Scenario hash", r.scenario.hash],
      ["Survey hash", r.survey.hash]
    ],
    command: commandLine(r),
    body: [
      `<p>${escapeHtml(`${splitText(r)}; rows dropped: ${droppedText(r)}.`)}</p>`,
      `<div class="callout"><p><strong>${escapeHtml(`Fidelity on the check respondents: ${f.verdict}`)}</strong> — ${escapeHtml(
        `distance ${numberOrMissing(f.distance, 3)} against a noise ceiling of ${numberOrMissing(f.noiseCeiling, 3)}.`
      )}</p>${
        unclear.length === 0
          ? ""
          : `<ul>${unclear.map((p) => `<li><code>${escapeHtml(p.path)}</code> ${escapeHtml(`${statusText(p)}: ${statusMeaning(p)}.`)}</li>`).join("")}</ul>`
      }</div>`,
      r.warnings.length === 0 ? "" : `<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul>`,
      section("parameters", "Parameters", `<p class="lead">${escapeHtml(parametersLead(r))}</p>`, [
        ...(r.parameters.length === 0 ? [] : [parametersFigure(r)]),
        distanceFigure(r)
      ]),
      ...f.segments.map((_, gi) => segmentSection(r, gi))
    ].filter((x) => x !== ""),
    footer: `Fit: ${optimizerText(r)}. Intervals: ${intervalsText(r)}. ${FIDELITY_LEGEND.map((l) => `${l.charAt(0).toUpperCase()}${l.slice(1)}`).join(". ")}. The verdict compares each distance with its noise ceiling (docs/calibrate.md).`
  })
}

