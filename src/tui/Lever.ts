/**
 * Levers: the things a CX team can change in a scenario, each read from and written to a
 * ResolvedScenario (plain data, never mutated), in the unit a strategist thinks in and with a
 * sensible step.
 *
 * Per touchpoint: the delivered service per dimension (mean and spread, in the dimension's unit,
 * a step of a tenth of its `scale`), the effort of a visit, the failure rate, how much of a
 * failure's pain the recovery takes away, and the weights of its next steps (kept adding up to
 * 1). Then the persona mix (shares kept adding up to 1) and the population.
 */
import { failureDefaults } from "../model/defaults.js"
import { distributionMean, type Distribution } from "../model/Distribution.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { Dimension, ScheduleEntry, Touchpoint } from "../model/Scenario.js"

export type LeverKind = "mean" | "spread" | "effort" | "failure" | "forgiveness" | "weight" | "share" | "population" | "from"

/** How a value is shown and typed: as is, as a percentage of 0–1, or as a whole count. */
export type LeverFormat = "number" | "percent" | "count"

export interface Lever {
  /** Stable key, e.g. `kitchen/service/food-wait/mean`. */
  readonly id: string
  /** Touchpoint id, `personas` or `population`: levers are listed by group. */
  readonly group: string
  readonly kind: LeverKind
  /** What it changes, e.g. "Waiting for the food · mean". */
  readonly label: string
  /** The unit shown after the value ("min", "%", "customers"). */
  readonly unit: string
  readonly format: LeverFormat
  /** One press of ← or → (in the lever's own value, a fraction for percentages). */
  readonly step: number
  readonly min: number
  readonly max: number
  /** Decimals shown, in the displayed unit. */
  readonly decimals: number
  readonly get: (s: ResolvedScenario) => number
  /** A copy of the scenario with this lever at `value` (clamped to min..max). */
  readonly set: (s: ResolvedScenario, value: number) => ResolvedScenario
}

export interface LeverGroup {
  readonly id: string
  readonly title: string
  readonly levers: ReadonlyArray<Lever>
}

/** Values are kept to 6 decimals so that files and screens never show 11.000000000000002. */
export const tidy = (x: number): number => {
  const r = Math.round(x * 1e6) / 1e6
  return Object.is(r, -0) ? 0 : r
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

/** Decimals that show a step: 0.5 → 1, 0.15 → 2, 2 → 0. */
export const decimalsFor = (step: number): number => {
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9) return d
  return 6
}

// --- distributions ---------------------------------------------------------------------------

/** The distributions whose mean and spread are parameters of their own. */
const hasMeanSd = (d: Distribution): d is Extract<Distribution, { mean: number; sd: number }> =>
  typeof d === "object" && (d.dist === "normal" || d.dist === "lognormal" || d.dist === "truncnormal")

/** The level a lever calls the mean: the `mean` parameter where there is one, else the mean. */
export const meanOf = (d: Distribution): number => (hasMeanSd(d) ? d.mean : distributionMean(d))

/** The standard deviation of a distribution (its `sd` parameter where there is one). */
export const spreadOf = (d: Distribution): number => {
  if (typeof d === "number") return 0
  switch (d.dist) {
    case "fixed":
      return 0
    case "normal":
    case "lognormal":
    case "truncnormal":
      return d.sd
    case "uniform":
      return (d.max - d.min) / Math.sqrt(12)
    case "triangular": {
      const { min: a, mode: c, max: b } = d
      return Math.sqrt(Math.max(0, (a * a + b * b + c * c - a * b - a * c - b * c) / 18))
    }
    case "beta": {
      const lo = d.min ?? 0
      const hi = d.max ?? 1
      const s = d.alpha + d.beta
      return (hi - lo) * Math.sqrt((d.alpha * d.beta) / (s * s * (s + 1)))
    }
    case "discrete": {
      const w = d.weights ?? d.values.map(() => 1)
      const total = w.reduce((a, x) => a + x, 0)
      const m = distributionMean(d)
      const v = d.values.reduce((a, x, i) => a + (w[i] ?? 0) * (x - m) * (x - m), 0)
      return total > 0 ? Math.sqrt(v / total) : 0
    }
  }
}

/** Move a distribution so that its mean (as `meanOf` reads it) is `target`; its shape stays. */
export const withMean = (d: Distribution, target: number): Distribution => {
  const t = tidy(target)
  if (typeof d === "number") return t
  const shift = (x: number): number => tidy(x + (t - distributionMean(d)))
  switch (d.dist) {
    case "fixed":
      return { ...d, value: t }
    case "normal":
    case "lognormal":
    case "truncnormal":
      return { ...d, mean: t }
    case "uniform":
      return { ...d, min: shift(d.min), max: shift(d.max) }
    case "triangular":
      return { ...d, min: shift(d.min), mode: shift(d.mode), max: shift(d.max) }
    case "beta":
      return { ...d, min: shift(d.min ?? 0), max: shift(d.max ?? 1) }
    case "discrete": {
      const [first, ...rest] = d.values.map(shift)
      return { ...d, values: [first ?? t, ...rest] }
    }
  }
}

/**
 * Give a distribution the standard deviation `target`, keeping its mean: the `sd` where there is
 * one, else the distribution is stretched about its mean. A fixed level that is given a spread
 * becomes a normal one, truncated to the dimension's bounds when it has them.
 */
export const withSpread = (d: Distribution, target: number, dim: Dimension): Distribution => {
  const t = tidy(Math.max(0, target))
  const current = spreadOf(d)
  if (hasMeanSd(d)) return { ...d, sd: t }
  if (typeof d === "number" || d.dist === "fixed" || current === 0) {
    const mean = tidy(distributionMean(d))
    if (t === 0) return d
    if (dim.min === undefined && dim.max === undefined) return { dist: "normal", mean, sd: t }
    return {
      dist: "truncnormal",
      mean,
      sd: t,
      ...(dim.min === undefined ? {} : { min: dim.min }),
      ...(dim.max === undefined ? {} : { max: dim.max })
    }
  }
  const m = distributionMean(d)
  const k = t / current
  const stretch = (x: number): number => tidy(m + (x - m) * k)
  switch (d.dist) {
    case "uniform":
      return { ...d, min: stretch(d.min), max: stretch(d.max) }
    case "triangular":
      return { ...d, min: stretch(d.min), mode: stretch(d.mode), max: stretch(d.max) }
    case "beta":
      return { ...d, min: stretch(d.min ?? 0), max: stretch(d.max ?? 1) }
    case "discrete": {
      const [first, ...rest] = d.values.map(stretch)
      return { ...d, values: [first ?? m, ...rest] }
    }
  }
}

/** Distributions that keep their spread by stretching cannot be squeezed to nothing. */
const stretches = (d: Distribution): boolean =>
  typeof d === "object" && (d.dist === "uniform" || d.dist === "triangular" || d.dist === "beta" || d.dist === "discrete")

// --- scenario updates ------------------------------------------------------------------------

const touchpoint = (s: ResolvedScenario, id: string): Touchpoint => {
  const tp = s.journey.touchpoints[id]
  if (tp === undefined) throw new Error(`touchpoint requires a touchpoint "${id}" in the scenario`)
  return tp
}

const withTouchpoint = (s: ResolvedScenario, id: string, f: (tp: Touchpoint) => Touchpoint): ResolvedScenario => ({
  ...s,
  journey: { ...s.journey, touchpoints: { ...s.journey.touchpoints, [id]: f(touchpoint(s, id)) } }
})

/**
 * Set one weight of a set of weights adding up to 1, and scale the others so that they still
 * add up to 1 (in equal parts when they were all 0). Rounded to 6 decimals, the rounding
 * remainder going to the largest other weight.
 */
export const reweigh = (weights: Readonly<Record<string, number>>, key: string, value: number): Record<string, number> => {
  const keys = Object.keys(weights)
  const others = keys.filter((k) => k !== key)
  if (others.length === 0) return { ...weights, [key]: 1 }
  const w = tidy(clamp(value, 0, 1))
  const rest = others.reduce((a, k) => a + (weights[k] ?? 0), 0)
  const out: Record<string, number> = {}
  for (const k of keys) {
    if (k === key) out[k] = w
    else out[k] = tidy(rest > 0 ? ((weights[k] ?? 0) * (1 - w)) / rest : (1 - w) / others.length)
  }
  const largest = others.reduce((a, k) => ((out[k] ?? 0) > (out[a] ?? 0) ? k : a), others[0] as string)
  const sum = keys.reduce((a, k) => a + (out[k] ?? 0), 0)
  out[largest] = tidy((out[largest] ?? 0) + (1 - sum))
  return out
}

// --- the levers ------------------------------------------------------------------------------

const POPULATION_LADDER = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000]

/** The most customers a run of the terminal UI may have: beyond this, use `cxsim compare`. */
export const MAX_TUI_POPULATION = 10_000_000

/** The next population up or down the 1–2–5 ladder from `n`. */
export const populationStep = (n: number, direction: 1 | -1): number => {
  if (direction > 0) return POPULATION_LADDER.find((x) => x > n) ?? MAX_TUI_POPULATION
  return [...POPULATION_LADDER].reverse().find((x) => x < n) ?? (POPULATION_LADDER[0] as number)
}

const dimensionLabel = (id: string, d: Dimension): string => d.label ?? id

/** Where a lever of a touchpoint's service sits: the touchpoint itself, or one of its schedule entries. */
interface ServiceSlot {
  readonly idPrefix: string
  readonly labelPrefix: string
  readonly read: (x: ResolvedScenario) => Distribution
  readonly write: (x: ResolvedScenario, d: Distribution) => ResolvedScenario
}

const touchpointSlot = (tpId: string, dimId: string): ServiceSlot => ({
  idPrefix: `${tpId}/service/${dimId}`,
  labelPrefix: "",
  read: (x) => touchpoint(x, tpId).service?.[dimId] ?? 0,
  write: (x, d) => withTouchpoint(x, tpId, (tp) => ({ ...tp, service: { ...(tp.service ?? {}), [dimId]: d } }))
})

const withEntry = (x: ResolvedScenario, tpId: string, i: number, f: (e: ScheduleEntry) => ScheduleEntry): ResolvedScenario =>
  withTouchpoint(x, tpId, (tp) => ({ ...tp, schedule: (tp.schedule ?? []).map((e, j) => (j === i ? f(e) : e)) }))

const entryOf = (x: ResolvedScenario, tpId: string, i: number): ScheduleEntry => touchpoint(x, tpId).schedule?.[i] ?? { from: 1 }

const scheduleSlot = (tpId: string, i: number, from: number, dimId: string): ServiceSlot => ({
  idPrefix: `${tpId}/schedule/${i}/service/${dimId}`,
  labelPrefix: `From P${from} · `,
  read: (x) => entryOf(x, tpId, i).service?.[dimId] ?? 0,
  write: (x, d) => withEntry(x, tpId, i, (e) => ({ ...e, service: { ...(e.service ?? {}), [dimId]: d } }))
})

const serviceLevers = (s: ResolvedScenario, tpId: string, dimId: string, dist: Distribution, slot: ServiceSlot = touchpointSlot(tpId, dimId)): Lever[] => {
  const dim = s.dimensions[dimId]
  if (dim === undefined) return []
  const step = tidy(dim.scale / 10)
  const decimals = Math.min(3, Math.max(decimalsFor(step), 1))
  const name = slot.labelPrefix + dimensionLabel(dimId, dim)
  const read = slot.read
  const write = slot.write
  let lo = dim.min ?? -Infinity
  let hi = dim.max ?? Infinity
  if (typeof dist === "object" && dist.dist === "lognormal") lo = Math.max(lo, dim.scale / 100)
  if (typeof dist === "object" && dist.dist === "truncnormal") {
    lo = Math.max(lo, dist.min ?? -Infinity)
    hi = Math.min(hi, dist.max ?? Infinity)
  }
  const mean: Lever = {
    id: `${slot.idPrefix}/mean`,
    group: tpId,
    kind: "mean",
    label: `${name} · mean`,
    unit: dim.unit,
    format: "number",
    step,
    min: lo,
    max: hi,
    decimals,
    get: (x) => meanOf(read(x)),
    set: (x, v) => write(x, withMean(read(x), clamp(v, lo, hi)))
  }
  const spreadMin = stretches(dist) ? step : 0
  const spread: Lever = {
    id: `${slot.idPrefix}/spread`,
    group: tpId,
    kind: "spread",
    label: `${name} · spread (sd)`,
    unit: dim.unit,
    format: "number",
    step,
    min: spreadMin,
    max: Infinity,
    decimals,
    get: (x) => spreadOf(read(x)),
    set: (x, v) => write(x, withSpread(read(x), Math.max(spreadMin, v), dim))
  }
  return [mean, spread]
}

/** The shape of an effort lever, on the touchpoint or from a schedule entry's period on. */
const effortShape = { kind: "effort", unit: "points", format: "number", step: 0.1, min: 0, max: Infinity, decimals: 1 } as const
/** The shape of a failure-rate lever, on the touchpoint or from a schedule entry's period on. */
const failureRateShape = { kind: "failure", unit: "%", format: "percent", step: 0.01, min: 0, max: 1, decimals: 0 } as const

const touchpointLevers = (s: ResolvedScenario, tpId: string, tp: Touchpoint): Lever[] => {
  const out: Lever[] = []
  for (const [dimId, dist] of Object.entries(tp.service ?? {})) out.push(...serviceLevers(s, tpId, dimId, dist))
  out.push({
    id: `${tpId}/effort`,
    group: tpId,
    label: "Effort of a visit",
    ...effortShape,
    get: (x) => touchpoint(x, tpId).effort ?? 0,
    set: (x, v) =>
      withTouchpoint(x, tpId, (t) => {
        const effort = tidy(Math.max(0, v))
        if (effort === 0 && t.effort === undefined) return t
        return { ...t, effort }
      })
  })
  out.push({
    id: `${tpId}/failure/rate`,
    group: tpId,
    label: "Failure rate",
    ...failureRateShape,
    get: (x) => touchpoint(x, tpId).failure?.rate ?? 0,
    set: (x, v) =>
      withTouchpoint(x, tpId, (t) => {
        const rate = tidy(clamp(v, 0, 1))
        if (t.failure === undefined) return rate === 0 ? t : { ...t, failure: { rate } }
        // A failure block added here and brought back to 0 goes away again.
        if (rate === 0 && Object.keys(t.failure).length === 1 && s.journey.touchpoints[tpId]?.failure === undefined) {
          const { failure: _dropped, ...rest } = t
          return rest
        }
        return { ...t, failure: { ...t.failure, rate } }
      })
  })
  if (tp.failure?.recovery !== undefined) {
    const recovery = tp.failure.recovery
    out.push({
      id: `${tpId}/failure/forgiveness`,
      group: tpId,
      kind: "forgiveness",
      label: `Recovery (${recovery}) · pain taken away`,
      unit: "%",
      format: "percent",
      step: 0.05,
      min: 0,
      max: 1,
      decimals: 0,
      get: (x) => touchpoint(x, tpId).failure?.forgiveness ?? failureDefaults.forgiveness,
      set: (x, v) =>
        withTouchpoint(x, tpId, (t) => (t.failure === undefined ? t : { ...t, failure: { ...t.failure, forgiveness: tidy(clamp(v, 0, 1)) } }))
    })
  }
  ;(tp.schedule ?? []).forEach((entry, i) => out.push(...scheduleLevers(s, tpId, entry, i)))
  const next = tp.next ?? {}
  if (Object.keys(next).length >= 2) {
    for (const to of Object.keys(next)) {
      out.push({
        id: `${tpId}/next/${to}`,
        group: tpId,
        kind: "weight",
        label: `Next step → ${to}`,
        unit: "%",
        format: "percent",
        step: 0.05,
        min: 0,
        max: 1,
        decimals: 0,
        get: (x) => touchpoint(x, tpId).next?.[to] ?? 0,
        set: (x, v) => withTouchpoint(x, tpId, (t) => ({ ...t, next: reweigh(t.next ?? {}, to, v) }))
      })
    }
  }
  return out
}

/** Levers of one schedule entry: the period it starts in, and the service, effort and failure rate it sets. */
const scheduleLevers = (s: ResolvedScenario, tpId: string, entry: ScheduleEntry, i: number): Lever[] => {
  const out: Lever[] = [
    {
      id: `${tpId}/schedule/${i}/from`,
      group: tpId,
      kind: "from",
      label: `Change ${i + 1} · from period`,
      unit: "period",
      format: "count",
      step: 1,
      min: 1,
      max: s.horizon,
      decimals: 0,
      get: (x) => entryOf(x, tpId, i).from,
      set: (x, v) => withEntry(x, tpId, i, (e) => ({ ...e, from: Math.round(clamp(v, 1, x.horizon)) }))
    }
  ]
  for (const [dimId, dist] of Object.entries(entry.service ?? {})) out.push(...serviceLevers(s, tpId, dimId, dist, scheduleSlot(tpId, i, entry.from, dimId)))
  if (entry.effort !== undefined) {
    out.push({
      id: `${tpId}/schedule/${i}/effort`,
      group: tpId,
      label: `From P${entry.from} · effort of a visit`,
      ...effortShape,
      get: (x) => entryOf(x, tpId, i).effort ?? 0,
      set: (x, v) => withEntry(x, tpId, i, (e) => ({ ...e, effort: tidy(Math.max(0, v)) }))
    })
  }
  if (entry.failure?.rate !== undefined) {
    out.push({
      id: `${tpId}/schedule/${i}/failure/rate`,
      group: tpId,
      label: `From P${entry.from} · failure rate`,
      ...failureRateShape,
      get: (x) => entryOf(x, tpId, i).failure?.rate ?? 0,
      set: (x, v) => withEntry(x, tpId, i, (e) => ({ ...e, failure: { ...(e.failure ?? {}), rate: tidy(clamp(v, 0, 1)) } }))
    })
  }
  return out
}

const personaLevers = (s: ResolvedScenario): Lever[] =>
  s.personas.length < 2
    ? []
    : s.personas.map((p) => ({
        id: `personas/${p.id}/share`,
        group: "personas",
        kind: "share" as const,
        label: `${p.label} · share`,
        unit: "%",
        format: "percent" as const,
        step: 0.05,
        min: 0,
        max: 1,
        decimals: 0,
        get: (x: ResolvedScenario) => x.personas.find((q) => q.id === p.id)?.share ?? 0,
        set: (x: ResolvedScenario, v: number) => {
          const shares = reweigh(Object.fromEntries(x.personas.map((q) => [q.id, q.share])), p.id, v)
          return { ...x, personas: x.personas.map((q) => ({ ...q, share: shares[q.id] ?? q.share })) }
        }
      }))

const populationLever: Lever = {
  id: "population",
  group: "population",
  kind: "population",
  label: "Customers per run",
  unit: "customers",
  format: "count",
  step: 1,
  min: 1,
  max: MAX_TUI_POPULATION,
  decimals: 0,
  get: (x) => x.population,
  set: (x, v) => ({ ...x, population: Math.round(clamp(v, 1, MAX_TUI_POPULATION)) })
}

/** Every lever of a scenario, by group: touchpoints in journey order, then personas, population. */
export const leverGroups = (s: ResolvedScenario): ReadonlyArray<LeverGroup> => {
  const groups: LeverGroup[] = []
  for (const [id, tp] of Object.entries(s.journey.touchpoints)) {
    const parts = [tp.label ?? id, tp.stage, tp.channel].filter((x): x is string => x !== undefined && x !== "")
    groups.push({ id, title: `${id} — ${parts.join(" · ")}`, levers: touchpointLevers(s, id, tp) })
  }
  const personas = personaLevers(s)
  if (personas.length > 0) groups.push({ id: "personas", title: "Persona mix (shares add up to 100%)", levers: personas })
  groups.push({ id: "population", title: "Population", levers: [populationLever] })
  return groups
}

/** Move a lever one step up (+1) or down (−1), from its value in `s`. */
export const nudge = (lever: Lever, s: ResolvedScenario, direction: 1 | -1): ResolvedScenario => {
  const v = lever.get(s)
  if (lever.kind === "population") return lever.set(s, populationStep(v, direction))
  return lever.set(s, tidy(clamp(v + direction * lever.step, lever.min, lever.max)))
}

/** The value as shown, in the lever's unit: "15.0", "85", "20,000". */
export const showValue = (lever: Lever, v: number): string => {
  if (!Number.isFinite(v)) return "n/a"
  if (lever.format === "count") return Math.round(v).toString().replace(/\B(?=(\d{3})+$)/g, ",")
  const x = lever.format === "percent" ? v * 100 : v
  // The lever's decimals, or as many more (up to 4) as a typed value needs.
  let digits = lever.decimals
  while (digits < 4 && Math.abs(x - Number(x.toFixed(digits))) > 1e-9) digits++
  const s = x.toFixed(digits)
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s
}

/** "15.0 min", "85%", "20,000 customers". */
export const showWithUnit = (lever: Lever, v: number): string =>
  lever.unit === "%" ? `${showValue(lever, v)}%` : `${showValue(lever, v)} ${lever.unit}`

/**
 * Read a typed value in the lever's displayed unit ("85" for 85%, "20000" or "20,000" customers).
 * Returns the lever's value, or a message saying what is expected.
 */
export const parseTyped = (lever: Lever, text: string): { readonly value: number } | { readonly problem: string } => {
  const clean = text.trim().replace(/[,_]/g, "").replace(/%$/, "")
  const n = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(clean) ? Number(clean) : NaN
  if (!Number.isFinite(n)) return { problem: `"${text}" is not a number` }
  const v = lever.format === "percent" ? n / 100 : n
  if (lever.format === "count" && !Number.isInteger(v)) return { problem: "give a whole number of customers" }
  if (v < lever.min || v > lever.max) {
    const range = (x: number): string => (Number.isFinite(x) ? showWithUnit(lever, x) : "")
    const lo = Number.isFinite(lever.min) ? `at least ${range(lever.min)}` : ""
    const hi = Number.isFinite(lever.max) ? `at most ${range(lever.max)}` : ""
    return { problem: `${lever.label}: ${[lo, hi].filter((x) => x !== "").join(" and ")}` }
  }
  return { value: v }
}
