/**
 * Generated scenarios for the metamorphic tests (metamorphic.test.ts): valid scenario and persona
 * files written by nobody on the team — any number of dimensions with any scale and direction,
 * zones anywhere, every distribution form, effort, channels, loops, skips and early exits,
 * failures with and without recovery, several periods, and behaviour fields anywhere in their
 * documented ranges (docs/format.md). Each arm goes through the real loader (YAML text, decoding,
 * the scenario's checks, persona resolution, defaults) from memory, then the kernel, one block of
 * customers with per-customer records, so that two arms are compared customer by customer on
 * the same random streams (common random numbers, docs/model.md §16).
 */
import * as Effect from "effect/Effect"
import fc from "fast-check"
import { layout, makeAccumulator } from "../../src/engine/accumulator.js"
import { compile } from "../../src/engine/compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock, type CustomerRecords } from "../../src/engine/kernel.js"
import { withRun } from "../../src/engine/run.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import { parseYaml, type YamlFile } from "../../src/load/YamlFile.js"

/** Customers per arm: enough for paired means, few enough for the file's time budget (≈ 4 ms an arm). */
export const CUSTOMERS = 256

/** A scenario or persona file, as the object its YAML holds (mutable: arms are edited copies). */
export type Yaml = { [key: string]: unknown }

/** A scenario file and its persona files (by persona id). */
export interface Files {
  readonly scenario: Yaml
  readonly personas: Record<string, Yaml>
}

/** Round to 6 decimals: short numbers in the YAML, exact enough for any scale used here. */
export const r6 = (x: number): number => Math.round(x * 1e6) / 1e6

const tenths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => k / 10)
const hundredths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => k / 100)

// ---------------------------------------------------------------------------------------------
// The generator's own description of a scenario (turned into files by `build`)

export type Kind = "fixed" | "normal" | "truncnormal" | "lognormal" | "beta" | "triangular" | "uniform" | "discrete"
export type Kano = "one-dimensional" | "must-be" | "attractive" | "indifferent"

export interface DimG {
  readonly better: "higher" | "lower"
  /** The noticeable step, in the unit. */
  readonly scale: number
  /** A typical level, in steps (the level is centre·scale). */
  readonly centre: number
  /** Clamp delivered levels this many steps around the centre (null: no bound). */
  readonly lo: number | null
  readonly hi: number | null
}

export interface ServiceG {
  readonly kind: Kind
  /** Centre of the delivered level, in steps of goodness from the dimension's centre. */
  readonly offset: number
  /** Spread, in steps. */
  readonly width: number
  /** Shape: a triangle's mode (−1 … 1 of the width), beta shapes. */
  readonly mode: number
  readonly a: number
  readonly b: number
}

export interface FailureG {
  readonly rate: number
  readonly severity: number
  readonly effort: number
  readonly forgiveness: number
  readonly recover: boolean
}

export interface TouchpointG {
  /** Per dimension (by index), the service delivered, or null. */
  readonly service: ReadonlyArray<ServiceG | null>
  readonly effort: number
  readonly channel: "web" | "phone" | "in-person"
  readonly abandonable: boolean
  readonly failure: FailureG | null
  /** Percent of the next-step weight going back one step, skipping one, leaving early. */
  readonly loop: number
  readonly skip: number
  readonly exit: number
}

export interface ExpectationG {
  /** Expected level, in steps of goodness from the dimension's centre. */
  readonly offset: number
  /** expected − adequate and desired − expected, in steps of goodness. */
  readonly below: number
  readonly above: number
  readonly spread: number
  /** Write `expected` (else the midpoint default). */
  readonly writeExpected: boolean
}

export interface PersonaG {
  readonly expectations: ReadonlyArray<ExpectationG | null>
  readonly weights: ReadonlyArray<number>
  readonly kano: ReadonlyArray<Kano>
  readonly channels: { readonly web: number; readonly phone: number }
  readonly behaviour: Yaml
}

export interface ScenarioG {
  readonly dims: ReadonlyArray<DimG>
  readonly touchpoints: ReadonlyArray<TouchpointG>
  /** The recovery touchpoint's service (it resumes after the failure: no next). */
  readonly recovery: TouchpointG
  readonly personas: ReadonlyArray<PersonaG>
  readonly share: number
  readonly horizon: number
  readonly seed: number
  readonly model: Yaml
  /** Free choices for a property: which touchpoint, dimension or persona it changes. */
  readonly pick: number
}

const dimG: fc.Arbitrary<DimG> = fc.record({
  better: fc.constantFrom("higher" as const, "lower" as const),
  scale: fc.constantFrom(0.01, 0.5, 1, 2.5, 5, 60, 400),
  centre: fc.integer({ min: -20, max: 40 }),
  lo: fc.option(fc.integer({ min: 3, max: 8 }), { nil: null, freq: 3 }),
  hi: fc.option(fc.integer({ min: 3, max: 8 }), { nil: null, freq: 3 })
})

const serviceG: fc.Arbitrary<ServiceG> = fc.record({
  kind: fc.constantFrom<Kind>("fixed", "normal", "truncnormal", "lognormal", "beta", "triangular", "uniform", "discrete"),
  offset: tenths(-30, 30),
  width: tenths(1, 20),
  mode: tenths(-10, 10),
  a: tenths(5, 50),
  b: tenths(5, 50)
})

const failureG: fc.Arbitrary<FailureG> = fc.record({
  rate: hundredths(1, 30),
  severity: tenths(3, 40),
  effort: tenths(0, 20),
  forgiveness: hundredths(0, 100),
  recover: fc.boolean()
})

const touchpointG = (nDims: number): fc.Arbitrary<TouchpointG> =>
  fc.record({
    service: fc.array(fc.option(serviceG, { nil: null, freq: 3 }), { minLength: nDims, maxLength: nDims }),
    effort: fc.oneof(fc.constant(0), tenths(1, 20)),
    channel: fc.constantFrom("web" as const, "phone" as const, "in-person" as const),
    abandonable: fc.boolean(),
    failure: fc.option(failureG, { nil: null, freq: 2 }),
    loop: fc.constantFrom(0, 0, 5, 20),
    skip: fc.constantFrom(0, 0, 10, 30),
    exit: fc.constantFrom(0, 0, 5, 15)
  })

const expectationG: fc.Arbitrary<ExpectationG> = fc.record({
  offset: tenths(-30, 30),
  below: tenths(0, 30),
  above: tenths(0, 30),
  spread: tenths(0, 10),
  writeExpected: fc.boolean()
})

const kanoG = fc.constantFrom<Kano>("one-dimensional", "one-dimensional", "must-be", "attractive", "indifferent")

/** Behaviour fields anywhere in their documented ranges (docs/format.md, behaviour fields). */
const behaviourG: fc.Arbitrary<Yaml> = fc.record(
  {
    tolerance: tenths(0, 10),
    lossAversion: tenths(10, 40),
    sensitivity: tenths(1, 10),
    memory: fc.record({ peak: tenths(0, 10), end: tenths(0, 10), average: tenths(0, 10) }),
    patience: tenths(5, 200),
    deviation: hundredths(0, 20),
    effortSensitivity: tenths(0, 30),
    effortCost: tenths(0, 15),
    adaptation: tenths(0, 10),
    satisfactionBias: tenths(-20, 30),
    satisfactionSlope: tenths(1, 20),
    noise: tenths(0, 15),
    noiseTrait: tenths(0, 10),
    abandonPenalty: tenths(0, 40),
    doubleDeviation: tenths(10, 30),
    failureScar: tenths(0, 10),
    memoryGain: tenths(0, 10),
    recommend: tenths(-50, 50),
    loyalty: fc.record({
      retention: hundredths(50, 99),
      satisfaction: tenths(0, 20),
      effort: tenths(0, 20),
      switchingCost: tenths(-20, 40),
      abandonment: tenths(0, 30)
    })
  },
  { requiredKeys: [] }
)

export const personaG = (nDims: number): fc.Arbitrary<PersonaG> =>
  fc.record({
    expectations: fc.array(fc.option(expectationG, { nil: null, freq: 4 }), { minLength: nDims, maxLength: nDims }),
    weights: fc.array(tenths(1, 50), { minLength: nDims, maxLength: nDims }),
    kano: fc.array(kanoG, { minLength: nDims, maxLength: nDims }),
    channels: fc.record({ web: tenths(0, 30), phone: tenths(0, 30) }),
    behaviour: behaviourG
  })

/** A persona for scenarios of up to three dimensions (extra entries are ignored by `build`). */
export const personaGArb: fc.Arbitrary<PersonaG> = personaG(3)

export const scenarioG: fc.Arbitrary<ScenarioG> = fc.integer({ min: 1, max: 3 }).chain((nDims) =>
  fc.record({
    dims: fc.array(dimG, { minLength: nDims, maxLength: nDims }),
    touchpoints: fc.array(touchpointG(nDims), { minLength: 1, maxLength: 4 }),
    recovery: touchpointG(nDims),
    personas: fc.array(personaG(nDims), { minLength: 1, maxLength: 2 }),
    share: hundredths(20, 80),
    horizon: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    model: fc.record({ channelSwitchEffort: tenths(0, 20), repeatEffort: tenths(0, 20) }, { requiredKeys: [] }),
    pick: fc.nat()
  })
)

// ---------------------------------------------------------------------------------------------
// Files

export const DIM_IDS = ["quality", "wait", "price"]
export const dimId = (d: number): string => DIM_IDS[d] as string
export const tpId = (i: number): string => `t${i}`
export const personaId = (i: number): string => `p${i}`

const sign = (d: DimG): number => (d.better === "higher" ? 1 : -1)

/** A level, in the unit, `steps` steps of goodness from the dimension's centre. */
const levelAt = (d: DimG, steps: number): number => r6(d.centre * d.scale + sign(d) * steps * d.scale)

/** The distribution of a delivered level, in the unit (as written in a scenario file). */
export const distribution = (s: ServiceG, d: DimG): unknown => {
  const c = levelAt(d, s.offset)
  const w = r6(s.width * d.scale)
  switch (s.kind) {
    case "fixed":
      return c
    case "normal":
      return { dist: "normal", mean: c, sd: r6(w / 2) }
    case "truncnormal":
      return { dist: "truncnormal", mean: c, sd: r6(w / 2), min: r6(c - w), max: r6(c + w) }
    case "lognormal":
      // Only for positive levels; elsewhere a normal of the same centre.
      return c > 0 ? { dist: "lognormal", mean: c, sd: r6(Math.min(w / 2, c)) } : { dist: "normal", mean: c, sd: r6(w / 2) }
    case "beta":
      return { dist: "beta", alpha: s.a, beta: s.b, min: r6(c - w), max: r6(c + w) }
    case "triangular":
      return { dist: "triangular", min: r6(c - w), mode: r6(c + s.mode * w), max: r6(c + w) }
    case "uniform":
      return { dist: "uniform", min: r6(c - w), max: r6(c + w) }
    case "discrete":
      return { dist: "discrete", values: [r6(c - w), c, r6(c + w)], weights: [s.a, s.b, 1] }
  }
}

/**
 * The same distribution with every draw moved by `steps` noticeable steps of goodness (a
 * log-normal: its mean, with σ kept, so that every draw moves the same way). A level written as a
 * number stays a number.
 */
export const shifted = (dist: unknown, d: DimG, steps: number): unknown => {
  const by = sign(d) * steps * d.scale
  if (typeof dist === "number") return r6(dist + by)
  const x = { ...(dist as Yaml) }
  if (x["dist"] === "lognormal") {
    const mean = x["mean"] as number
    const to = mean + by > 0 ? mean + by : mean / 4
    return { ...x, mean: r6(to), sd: r6(((x["sd"] as number) * to) / mean) }
  }
  for (const k of ["mean", "min", "max", "mode"]) if (typeof x[k] === "number") x[k] = r6((x[k] as number) + by)
  if (Array.isArray(x["values"])) x["values"] = (x["values"] as number[]).map((v) => r6(v + by))
  return x
}

/** The touchpoints that deliver something, as [touchpoint id, dimension index] pairs. */
export const deliveries = (f: Files): Array<[string, number]> => {
  const out: Array<[string, number]> = []
  const tps = (f.scenario["journey"] as Yaml)["touchpoints"] as Record<string, Yaml>
  for (const [id, t] of Object.entries(tps)) {
    const svc = (t["service"] ?? {}) as Yaml
    for (const k of Object.keys(svc)) out.push([id, DIM_IDS.indexOf(k)])
  }
  return out
}

export const touchpointsOf = (f: Files): Record<string, Yaml> => (f.scenario["journey"] as Yaml)["touchpoints"] as Record<string, Yaml>

/** A deep copy of the files, to edit into an arm. */
export const copy = (f: Files): Files => structuredClone(f) as Files

/** The scenario and persona files of a generated scenario. */
export const build = (g: ScenarioG, population = CUSTOMERS): Files => {
  const n = g.touchpoints.length
  const touchpoints: Record<string, Yaml> = {}
  const outcomes: Record<string, string> = { done: "completed", left: "abandoned" }
  let recovered = false
  const service = (t: TouchpointG): Yaml => {
    const out: Yaml = {}
    t.service.forEach((s, d) => {
      if (s !== null) out[dimId(d)] = distribution(s, g.dims[d] as DimG)
    })
    return out
  }
  g.touchpoints.forEach((t, i) => {
    const last = i === n - 1
    const next: Record<string, number> = {}
    const add = (k: string, pct: number): void => {
      if (pct > 0) next[k] = (next[k] ?? 0) + pct
    }
    add(tpId(i - 1), i > 0 ? t.loop : 0)
    add(i + 2 < n ? tpId(i + 2) : "done", i + 1 < n ? t.skip : 0)
    add("left", t.exit)
    const rest = 100 - Object.values(next).reduce((a, b) => a + b, 0)
    add(last ? "done" : tpId(i + 1), rest)
    const tp: Yaml = {
      channel: t.channel,
      service: service(t),
      effort: t.effort,
      abandonable: t.abandonable,
      next: Object.fromEntries(Object.entries(next).map(([k, v]) => [k, v / 100]))
    }
    if (t.failure !== null) {
      const f = t.failure
      tp["failure"] = { rate: f.rate, severity: f.severity, effort: f.effort, forgiveness: f.forgiveness, ...(f.recover ? { recovery: "fix" } : {}) }
      if (f.recover) recovered = true
    }
    touchpoints[tpId(i)] = tp
  })
  if (recovered) {
    const r = g.recovery
    touchpoints["fix"] = { channel: r.channel, service: service(r), effort: r.effort, abandonable: r.abandonable }
  }
  const personas: Record<string, Yaml> = {}
  const refs: Record<string, Yaml> = {}
  const shares = g.personas.length === 1 ? [1] : [g.share, r6(1 - g.share)]
  g.personas.forEach((p, i) => {
    const expectations: Yaml = {}
    const weights: Yaml = {}
    const kano: Yaml = {}
    g.dims.forEach((d, k) => {
      const e = p.expectations[k]
      if (e === null || e === undefined) return
      const level = (steps: number): number => levelAt(d, steps)
      // The midpoint default when `expected` is not written.
      const exp = e.writeExpected ? e.offset : e.offset + (e.above - e.below) / 2
      const adequate = exp - (e.writeExpected ? e.below : (e.above + e.below) / 2)
      const desired = adequate + e.below + e.above
      expectations[dimId(k)] = {
        adequate: level(adequate),
        ...(e.writeExpected ? { expected: level(exp) } : {}),
        desired: level(desired),
        spread: r6(e.spread * d.scale)
      }
      weights[dimId(k)] = p.weights[k]
      kano[dimId(k)] = p.kano[k]
    })
    const id = personaId(i)
    // Preferences only for channels the journey has (the loader refuses others).
    const used = new Set(Object.values(touchpoints).map((t) => t["channel"]))
    const channels = Object.fromEntries(Object.entries(p.channels).filter(([c]) => used.has(c)))
    personas[id] = { expectations, weights, kano, channels, ...p.behaviour }
    refs[id] = { share: shares[i], file: `/metamorph/personas/${id}.yaml` }
  })
  const dimensions: Yaml = {}
  g.dims.forEach((d, k) => {
    dimensions[dimId(k)] = {
      unit: "u",
      better: d.better,
      scale: d.scale,
      ...(d.lo === null ? {} : { min: r6((d.centre - d.lo) * d.scale) }),
      ...(d.hi === null ? {} : { max: r6((d.centre + d.hi) * d.scale) })
    }
  })
  return {
    scenario: {
      name: "generated",
      seed: g.seed,
      population,
      horizon: g.horizon,
      dimensions,
      personas: refs,
      model: g.model,
      journey: { start: "t0", touchpoints, outcomes }
    },
    personas
  }
}

// ---------------------------------------------------------------------------------------------
// Running an arm

/** What an arm gives per customer: the records of the first journey and the horizon, and the visits. */
export interface ArmResult {
  readonly records: CustomerRecords
  /** Customers simulated. */
  readonly n: number
  /** Per customer, the experience of each first-journey visit, in order, and whether it failed. */
  readonly moments: ReadonlyArray<ReadonlyArray<{ readonly touchpoint: string; readonly u: number; readonly failed: boolean }>>
  /** Per customer, the satisfaction of each period's journey (as many as the customer was active). */
  readonly periods: ReadonlyArray<ReadonlyArray<number>>
}

/** Files parsed lately, by path and text (the loader reads them; it never changes them). */
const parsed = new Map<string, YamlFile>()

/**
 * Load the files from memory through the real loader (YAML text, decoding, checks, personas,
 * defaults: whatever a user's file goes through), compile, and simulate the first `customers`
 * customers of block 0 with per-customer records; with `variant`, that variant of the file.
 */
export const runArm = async (f: Files, customers = CUSTOMERS, variant?: string): Promise<ArmResult> => {
  const files = new Map<string, YamlFile>()
  const file = "/metamorph/scenarios/generated.yaml"
  const put = async (p: string, data: Yaml): Promise<void> => {
    // JSON text is YAML (flow style), and writes far faster than block style. The arms of a
    // comparison share most of their files: one parse per text.
    const text = JSON.stringify(data)
    const key = `${p}\n${text}`
    let y = parsed.get(key)
    if (y === undefined) {
      y = await Effect.runPromise(parseYaml(p, text))
      if (parsed.size >= 64) parsed.delete(parsed.keys().next().value as string)
      parsed.set(key, y)
    }
    files.set(p, y)
  }
  await put(file, f.scenario)
  for (const [id, p] of Object.entries(f.personas)) await put(`/metamorph/personas/${id}.yaml`, p)
  const loaded = await Effect.runPromise(Effect.either(loadScenario(file, { files, variant })))
  if (loaded._tag === "Left") throw new Error(`the generated files do not load: ${JSON.stringify(loaded.left)}`)
  const resolved = loaded.right
  const m = withRun(compile(resolved), { customers })
  const lay = layout(m)
  const rec = makeRecords(BLOCK_SIZE, m.nDims, { visits: true, periods: true })
  runBlock(m, 0, customers, makeAccumulator(lay), lay, makeScratch(m), rec)
  const ids = Object.keys(resolved.journey.touchpoints)
  const moments: Array<Array<{ touchpoint: string; u: number; failed: boolean }>> = Array.from({ length: customers }, () => [])
  const v = rec.visits
  if (v !== null) {
    const d = v.data
    for (let at = 0; at < v.rows * v.fields; at += v.fields) {
      if (d[at + 1] !== 0) continue
      ;(moments[d[at] as number] as Array<{ touchpoint: string; u: number; failed: boolean }>).push({ touchpoint: ids[d[at + 2] as number] as string, u: d[at + 3] as number, failed: d[at + 4] === 1 })
    }
  }
  const periods: number[][] = Array.from({ length: customers }, () => [])
  const pr = rec.periods
  if (pr !== null) for (let at = 0; at < pr.rows * pr.fields; at += pr.fields) (periods[pr.data[at] as number] as number[])[pr.data[at + 1] as number] = pr.data[at + 3] as number
  return { records: rec, n: customers, moments, periods }
}

// ---------------------------------------------------------------------------------------------
// Paired statistics

export interface Paired {
  readonly mean: number
  readonly se: number
  readonly n: number
}

/** Mean and standard error of paired differences. */
export const paired = (d: ReadonlyArray<number>): Paired => {
  const n = d.length
  if (n === 0) return { mean: 0, se: 0, n }
  const mean = d.reduce((a, b) => a + b, 0) / n
  const v = n > 1 ? d.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0
  return { mean, se: Math.sqrt(v / n), n }
}

export const diffs = (a: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] => Array.from({ length: n }, (_, i) => (b[i] as number) - (a[i] as number))

// ---------------------------------------------------------------------------------------------
// A change of unit

/**
 * Files in which dimension `d` is written in another unit: every level of it (delivered,
 * clamped, expected, its spread and its noticeable step) multiplied by `c` > 0 and moved by
 * `offset`; with `flip`, negated as well and `better` reversed (a wait in minutes against
 * "minutes saved"). Nothing the customer lives changes: the model works in noticeable steps of
 * goodness (docs/model.md, notation). Returns null when a log-normal cannot be written so.
 */
export const inOtherUnit = (f: Files, d: number, c: number, offset: number, flip: boolean): Files | null => {
  const out = copy(f)
  const id = dimId(d)
  const sg = flip ? -1 : 1
  const t = (x: number): number => sg * (x * c + offset)
  const dims = out.scenario["dimensions"] as Record<string, Yaml>
  const dim = dims[id]!
  dim["scale"] = (dim["scale"] as number) * c
  const [lo, hi] = [dim["min"] as number | undefined, dim["max"] as number | undefined]
  delete dim["min"]
  delete dim["max"]
  if (flip) {
    dim["better"] = dim["better"] === "higher" ? "lower" : "higher"
    if (hi !== undefined) dim["min"] = t(hi)
    if (lo !== undefined) dim["max"] = t(lo)
  } else {
    if (lo !== undefined) dim["min"] = t(lo)
    if (hi !== undefined) dim["max"] = t(hi)
  }
  let ok = true
  const level = (x: unknown): unknown => {
    if (typeof x === "number") return t(x)
    const v = { ...(x as Yaml) }
    switch (v["dist"]) {
      case "lognormal":
        if (flip || offset !== 0) ok = false
        return { ...v, mean: t(v["mean"] as number), sd: (v["sd"] as number) * c }
      case "normal":
        return { ...v, mean: t(v["mean"] as number), sd: (v["sd"] as number) * c }
      case "truncnormal":
        return { ...v, mean: t(v["mean"] as number), sd: (v["sd"] as number) * c, min: t((flip ? v["max"] : v["min"]) as number), max: t((flip ? v["min"] : v["max"]) as number) }
      case "beta":
        return flip
          ? { ...v, alpha: v["beta"], beta: v["alpha"], min: t(v["max"] as number), max: t(v["min"] as number) }
          : { ...v, min: t(v["min"] as number), max: t(v["max"] as number) }
      case "triangular":
      case "uniform":
        return { ...v, ...(v["mode"] === undefined ? {} : { mode: t(v["mode"] as number) }), min: t((flip ? v["max"] : v["min"]) as number), max: t((flip ? v["min"] : v["max"]) as number) }
      case "discrete":
        return { ...v, values: (v["values"] as number[]).map(t) }
      default:
        throw new Error(`inOtherUnit: unexpected distribution ${JSON.stringify(v)}`)
    }
  }
  for (const tp of Object.values(touchpointsOf(out))) {
    const svc = tp["service"] as Yaml | undefined
    if (svc !== undefined && svc[id] !== undefined) svc[id] = level(svc[id])
  }
  for (const p of Object.values(out.personas)) {
    const e = (p["expectations"] as Yaml)[id] as Yaml | undefined
    if (e === undefined) continue
    for (const k of ["adequate", "expected", "desired"]) if (typeof e[k] === "number") e[k] = t(e[k] as number)
    if (typeof e["spread"] === "number") e["spread"] = (e["spread"] as number) * c
  }
  return ok ? out : null
}
