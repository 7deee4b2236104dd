/**
 * Invariants of the engine over generated scenarios (design.md, contracts — determinism and
 * common random numbers; style.md, Tests). Scenarios are small — 1–2 dimensions, 1–3 touchpoints
 * plus an optional recovery step, 1–2 personas, a few thousand customers — and drawn with fixed
 * fast-check seeds, so a failure replays exactly.
 */
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { simulateScenario } from "../../src/api.js"
import { layout, makeAccumulator } from "../../src/engine/accumulator.js"
import { compile, type CompiledModel } from "../../src/engine/compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock } from "../../src/engine/kernel.js"
import { withRun } from "../../src/engine/run.js"
import { applyPatches } from "../../src/load/applyVariant.js"
import type { Patch } from "../../src/model/Scenario.js"
import { hasCustomers, type Estimate, type FilledSegment, type Rate, type Report } from "../../src/report/Report.js"
import { loadFixture, removeFixtures, run, type YamlObject } from "../support/fixture.js"

afterAll(removeFixtures)

// ---------------------------------------------------------------------------------------------
// Generated scenarios

type Kind = "fixed" | "normal" | "lognormal" | "uniform" | "triangular"

interface DimSpec {
  readonly id: string
  readonly better: "higher" | "lower"
  readonly scale: number
  /** A typical level, around which expectations and service are drawn. */
  readonly centre: number
  readonly min?: number
}

const DIMS: ReadonlyArray<DimSpec> = [
  { id: "quality", better: "higher", scale: 1, centre: 5 },
  { id: "wait", better: "lower", scale: 4, centre: 12, min: 0 }
]

const sign = (d: DimSpec): number => (d.better === "higher" ? 1 : -1)

/** k/10 for an integer k in [lo, hi]: short decimals, readable in the YAML files. */
const tenths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => k / 10)

interface ServiceGen {
  readonly kind: Kind
  /** Offset of the centre of the delivered level, in scales. */
  readonly offset: number
  /** Spread of the delivered level, in scales. */
  readonly spread: number
  /** Position of a triangular mode between min (−1) and max (+1). */
  readonly mode: number
}

const serviceGen: fc.Arbitrary<ServiceGen> = fc.record({
  kind: fc.constantFrom<Kind>("fixed", "normal", "lognormal", "uniform", "triangular"),
  offset: tenths(-15, 15),
  spread: tenths(1, 10),
  mode: tenths(-10, 10)
})

interface TouchpointGen {
  readonly services: ReadonlyArray<ServiceGen | null>
  readonly effort: number
  readonly channel: string
  readonly failRate: number
  readonly severity: number
  /** Probability of going on to the next touchpoint rather than ending the journey. */
  readonly onward: number
}

const touchpointGen: fc.Arbitrary<TouchpointGen> = fc.record({
  // Each dimension delivered or not; at least one is enforced when building.
  services: fc.tuple(fc.option(serviceGen, { freq: 3, nil: null }), fc.option(serviceGen, { freq: 3, nil: null })),
  effort: tenths(0, 20),
  channel: fc.constantFrom("web", "phone"),
  failRate: fc.oneof(fc.constant(0), tenths(1, 3)),
  severity: tenths(5, 30),
  onward: tenths(5, 10)
})

interface ExpectationGen {
  readonly offset: number
  readonly below: number
  readonly above: number
  readonly spread: number
}

interface PersonaGen {
  readonly expectations: ReadonlyArray<ExpectationGen | null>
  readonly weights: ReadonlyArray<number>
  readonly kano: ReadonlyArray<"must-be" | "one-dimensional" | "attractive" | "indifferent">
  readonly behaviour: YamlObject
}

const expectationGen: fc.Arbitrary<ExpectationGen> = fc.record({
  offset: tenths(-15, 15),
  below: tenths(0, 20),
  above: tenths(0, 20),
  spread: tenths(0, 10)
})

const personaGen: fc.Arbitrary<PersonaGen> = fc.record({
  expectations: fc.tuple(fc.option(expectationGen, { freq: 4, nil: null }), fc.option(expectationGen, { freq: 4, nil: null })),
  weights: fc.tuple(tenths(2, 30), tenths(2, 30)),
  kano: fc.tuple(
    fc.constantFrom("must-be" as const, "one-dimensional" as const, "attractive" as const, "indifferent" as const),
    fc.constantFrom("must-be" as const, "one-dimensional" as const, "attractive" as const, "indifferent" as const)
  ),
  behaviour: fc.record({
    tolerance: tenths(0, 10),
    lossAversion: tenths(10, 30),
    sensitivity: tenths(5, 10),
    memory: fc.record({ peak: tenths(0, 10), end: tenths(0, 10), average: tenths(1, 10) }),
    patience: tenths(20, 120),
    deviation: fc.integer({ min: 0, max: 10 }).map((k) => k / 100),
    adaptation: tenths(0, 6),
    noise: tenths(0, 10),
    recommend: tenths(-20, 20),
    loyalty: fc.record({ switchingCost: tenths(-10, 20) })
  })
})

interface ScenarioGen {
  readonly nDims: 1 | 2
  readonly touchpoints: ReadonlyArray<TouchpointGen>
  /** A recovery step for the first touchpoint's failures, with its own service. */
  readonly recovery: TouchpointGen | null
  readonly personas: ReadonlyArray<PersonaGen>
  readonly share: number
  readonly population: number
  readonly horizon: number
  readonly seed: number
  readonly abandonable: boolean
  /** Which delivered level gets better in property (d), and by how many scales. */
  readonly target: number
  readonly improvement: number
}

const scenarioGen: fc.Arbitrary<ScenarioGen> = fc.record({
  nDims: fc.constantFrom(1 as const, 2 as const),
  touchpoints: fc.array(touchpointGen, { minLength: 1, maxLength: 3 }),
  recovery: fc.option(touchpointGen, { freq: 2, nil: null }),
  personas: fc.array(personaGen, { minLength: 1, maxLength: 2 }),
  share: fc.integer({ min: 20, max: 80 }).map((k) => k / 100),
  population: fc.integer({ min: 2000, max: 6000 }),
  horizon: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  abandonable: fc.boolean(),
  target: fc.nat(),
  improvement: tenths(5, 20)
})

const r3 = (x: number): number => Math.round(x * 1000) / 1000

const distribution = (s: ServiceGen, d: DimSpec, shift: number): unknown => {
  const c = d.centre + s.offset * d.scale
  const w = s.spread * d.scale
  switch (s.kind) {
    case "fixed":
      return r3(c + shift)
    case "normal":
      return { dist: "normal", mean: r3(c + shift), sd: r3(w / 2) }
    case "lognormal": {
      // Scaling the mean and the sd together keeps σ, so every draw scales with the mean: better
      // for every draw, not only on average (a wider lognormal has a longer upper tail).
      const mean = Math.max(c + shift, c / 2)
      return { dist: "lognormal", mean: r3(mean), sd: r3((w / 2) * (mean / c)) }
    }
    case "uniform":
      return { dist: "uniform", min: r3(c - w + shift), max: r3(c + w + shift) }
    case "triangular":
      return { dist: "triangular", min: r3(c - w + shift), mode: r3(c + s.mode * w + shift), max: r3(c + w + shift) }
  }
}

interface Built {
  readonly scenario: YamlObject
  readonly personas: Record<string, YamlObject>
}

/** The delivered levels that exist: [touchpoint id, dimension index]. */
const levels = (g: ScenarioGen): Array<[string, number]> => {
  const out: Array<[string, number]> = []
  const tps: Array<[string, TouchpointGen]> = g.touchpoints.map((t, i) => [`t${i}`, t])
  if (g.recovery !== null) tps.push(["fix", g.recovery])
  for (const [id, t] of tps) servicesOf(t, g.nDims).forEach(([d]) => out.push([id, d]))
  return out
}

/** The dimensions a touchpoint delivers: its generated ones, or else the first dimension. */
const servicesOf = (t: TouchpointGen, nDims: number): Array<[number, ServiceGen]> => {
  const out: Array<[number, ServiceGen]> = []
  for (let d = 0; d < nDims; d++) {
    const s = t.services[d]
    if (s !== null && s !== undefined) out.push([d, s])
  }
  if (out.length === 0) out.push([0, t.services[0] ?? t.services[1] ?? { kind: "fixed", offset: 0, spread: 1, mode: 0 }])
  return out
}

/**
 * The scenario and persona files of a generated scenario; with `improve`, the targeted delivered
 * level is shifted by `improvement` scales in the better direction.
 */
const build = (g: ScenarioGen, o: { readonly abandonable: boolean; readonly improve?: boolean; readonly horizon?: number }): Built => {
  const dims = DIMS.slice(0, g.nDims)
  const all = levels(g)
  const [targetTp, targetDim] = all[g.target % all.length]!
  const shiftOf = (tp: string, d: number): number => {
    if (o.improve !== true || tp !== targetTp || d !== targetDim) return 0
    const dim = dims[d]!
    return sign(dim) * g.improvement * dim.scale
  }
  const service = (id: string, t: TouchpointGen): YamlObject =>
    Object.fromEntries(servicesOf(t, g.nDims).map(([d, s]) => [dims[d]!.id, distribution(s, dims[d]!, shiftOf(id, d))]))
  const touchpoints: Record<string, YamlObject> = {}
  const n = g.touchpoints.length
  g.touchpoints.forEach((t, i) => {
    const id = `t${i}`
    const next: Record<string, number> = i === n - 1 ? { done: 1 } : t.onward >= 1 ? { [`t${i + 1}`]: 1 } : { [`t${i + 1}`]: t.onward, done: r3(1 - t.onward) }
    const failure: YamlObject | undefined =
      i === 0 && g.recovery !== null
        ? { rate: Math.max(t.failRate, 0.1), severity: t.severity, recovery: "fix" }
        : t.failRate > 0
          ? { rate: t.failRate, severity: t.severity }
          : undefined
    touchpoints[id] = {
      channel: t.channel,
      service: service(id, t),
      effort: t.effort,
      abandonable: o.abandonable,
      next,
      ...(failure === undefined ? {} : { failure })
    }
  })
  if (g.recovery !== null) {
    touchpoints["fix"] = { channel: g.recovery.channel, service: service("fix", g.recovery), effort: g.recovery.effort, abandonable: o.abandonable }
  }
  const ids = g.personas.map((_, i) => `p${i}`)
  const shares = g.personas.length === 1 ? [1] : [g.share, r3(1 - g.share)]
  const personas: Record<string, YamlObject> = {}
  g.personas.forEach((p, i) => {
    const expectations: Record<string, YamlObject> = {}
    const weights: Record<string, number> = {}
    const kano: Record<string, string> = {}
    dims.forEach((dim, d) => {
      const e = p.expectations[d]
      if (e === null || e === undefined) return
      const s = sign(dim)
      const expected = dim.centre + e.offset * dim.scale
      expectations[dim.id] = {
        adequate: r3(expected - s * e.below * dim.scale),
        expected: r3(expected),
        desired: r3(expected + s * e.above * dim.scale),
        spread: r3((e.spread * dim.scale) / 2)
      }
      weights[dim.id] = p.weights[d]!
      kano[dim.id] = p.kano[d]!
    })
    personas[ids[i]!] = { expectations, weights, kano, ...p.behaviour }
  })
  return {
    scenario: {
      name: "generated",
      seed: g.seed,
      population: g.population,
      horizon: o.horizon ?? g.horizon,
      dimensions: Object.fromEntries(
        dims.map((d) => [d.id, { unit: d.id === "wait" ? "min" : "points", better: d.better, scale: d.scale, ...(d.min === undefined ? {} : { min: d.min }) }])
      ),
      personas: Object.fromEntries(ids.map((id, i) => [id, { share: shares[i]! }])),
      journey: { start: "t0", touchpoints }
    },
    personas
  }
}

const runBuilt = (b: Built): Promise<Report> => run(b.scenario, b.personas)

/**
 * The report of a generated scenario, simulated once for the file: properties (b) to (e) draw the
 * same scenarios (the same arbitrary, seed 42) and each reads its report without changing it.
 * (a), which is about two runs of one scenario giving the same bytes, runs its own.
 */
const reports = new Map<string, Promise<Report>>()
const runShared = (b: Built): Promise<Report> => {
  const key = JSON.stringify(b)
  const known = reports.get(key)
  if (known !== undefined) return known
  const r = runBuilt(b)
  reports.set(key, r)
  return r
}

/** The segments with customers, then overall; an empty segment (n = 0) has every figure null, never a number. */
const segmentsOf = (r: Report): FilledSegment[] => {
  for (const s of r.segments) if (!hasCustomers(s)) expect(Object.entries(s).filter(([k, v]) => !["id", "label", "n", "share"].includes(k) && v !== null)).toEqual([])
  return [...r.segments.filter(hasCustomers), r.overall]
}

// ---------------------------------------------------------------------------------------------

describe("determinism", () => {
  it("(a) the same scenario and seed give a byte-identical report", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioGen, async (g) => {
        const b = build(g, { abandonable: g.abandonable })
        // Written and loaded twice, from two directories: loading is part of the contract.
        const [first, second] = await Promise.all([runBuilt(b), runBuilt(b)])
        expect(JSON.stringify(second)).toBe(JSON.stringify(first))
      }),
      { seed: 42, numRuns: 15 }
    )
  })
})

describe("conservation", () => {
  it("(b) every customer is counted once: segments, outcomes and periods add up", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioGen, async (g) => {
        const r = await runShared(build(g, { abandonable: g.abandonable }))
        expect(r.population).toBe(g.population)
        expect(r.segments.reduce((a, s) => a + s.n, 0)).toBe(g.population)
        expect(r.overall.n).toBe(g.population)
        for (const s of segmentsOf(r)) {
          expect(s.completion.count + s.abandonment.count).toBe(s.n)
          // Every outcome here is of kind completed: whoever did not complete gave up somewhere.
          expect(s.abandonedAt.reduce((a, x) => a + x.count, 0)).toBe(s.abandonment.count)
          expect(s.retention).toHaveLength(g.horizon)
          expect(s.retention[0]!.active).toBe(s.n)
          let active = s.n
          let churned = 0
          for (const p of s.retention) {
            expect(p.active).toBe(active)
            expect(p.churned).toBeGreaterThanOrEqual(0)
            expect(p.churned).toBeLessThanOrEqual(p.active)
            active -= p.churned
            churned += p.churned
            expect(p.retained).toBeCloseTo(active / s.n, 5)
          }
          expect(s.churn.count).toBe(churned)
        }
        for (const key of ["completed", "abandoned"] as const) {
          const rateOf = (s: FilledSegment): Rate => (key === "completed" ? s.completion : s.abandonment)
          expect(r.segments.filter(hasCustomers).reduce((a, s) => a + rateOf(s).count, 0)).toBe(rateOf(r.overall).count)
        }
        expect(r.segments.filter(hasCustomers).reduce((a, s) => a + s.churn.count, 0)).toBe(r.overall.churn.count)
      }),
      { seed: 42, numRuns: 25 }
    )
  })

  it("(c) persona shares are respected within sampling error", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioGen, async (g) => {
        const b = build(g, { abandonable: g.abandonable })
        const r = await runShared(b)
        const N = r.population
        const declared = b.scenario["personas"] as Record<string, { share: number }>
        for (const s of r.segments) {
          const share = declared[s.id]!.share
          const bound = 4 * Math.sqrt((share * (1 - share)) / N)
          expect(Math.abs(s.n / N - share)).toBeLessThanOrEqual(bound + 1e-12)
        }
      }),
      { seed: 42, numRuns: 25 }
    )
  })
})

describe("better service", () => {
  it("(d) a better delivered level never lowers any segment's mean satisfaction", async () => {
    // Each customer's journey has its own walk stream (per customer and period), so the two runs
    // are compared draw for draw: every delivered level is at least as good, and the model is
    // monotone (value, peak, end, mean, logistic), including when customers give up or churn.
    await fc.assert(
      fc.asyncProperty(scenarioGen, async (g) => {
        const [base, better] = await Promise.all([
          runShared(build(g, { abandonable: g.abandonable })),
          runShared(build(g, { abandonable: g.abandonable, improve: true }))
        ])
        base.segments.forEach((s, i) => {
          const b = better.segments[i]!
          expect(b.n).toBe(s.n)
          if (hasCustomers(s) && hasCustomers(b)) expect(b.satisfaction.mean).toBeGreaterThanOrEqual(s.satisfaction.mean)
        })
        expect(better.overall.satisfaction.mean).toBeGreaterThanOrEqual(base.overall.satisfaction.mean)
      }),
      { seed: 42, numRuns: 30 }
    )
  })
})

describe("scales", () => {
  const inInterval = (e: Estimate): void => {
    expect(e.lower).toBeLessThanOrEqual(e.mean)
    expect(e.mean).toBeLessThanOrEqual(e.upper)
  }
  const isRate = (x: Rate): void => {
    for (const v of [x.rate, x.lower, x.upper]) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
    }
    expect(x.lower).toBeLessThanOrEqual(x.rate)
    expect(x.rate).toBeLessThanOrEqual(x.upper)
  }
  const isDistribution = (d: ReadonlyArray<number>, bins: number): void => {
    expect(d).toHaveLength(bins)
    for (const p of d) expect(p).toBeGreaterThanOrEqual(0)
    expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
  }

  it("(e) scores stay within their scales and intervals contain their estimates", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioGen, async (g) => {
        const r = await runShared(build(g, { abandonable: g.abandonable }))
        for (const s of segmentsOf(r)) {
          isDistribution(s.csat.distribution, 5)
          isDistribution(s.nps.distribution, 11)
          isDistribution(s.ces.distribution, 7)
          expect(s.csat.mean).toBeGreaterThanOrEqual(1)
          expect(s.csat.mean).toBeLessThanOrEqual(5)
          expect(s.ces.mean).toBeGreaterThanOrEqual(1)
          expect(s.ces.mean).toBeLessThanOrEqual(7)
          expect(s.satisfaction.mean).toBeGreaterThanOrEqual(0)
          expect(s.satisfaction.mean).toBeLessThanOrEqual(10)
          expect(s.nps.mean).toBeGreaterThanOrEqual(-100)
          expect(s.nps.mean).toBeLessThanOrEqual(100)
          expect(s.csat.topTwoBox).toBeGreaterThanOrEqual(0)
          expect(s.csat.topTwoBox).toBeLessThanOrEqual(1)
          for (const e of [s.satisfaction, s.csat, s.nps, s.ces, s.revenue.perCustomer]) inInterval(e)
          for (const x of [s.completion, s.abandonment, s.complaints, s.churn]) isRate(x)
          for (const p of s.retention) {
            expect(p.retained).toBeGreaterThanOrEqual(0)
            expect(p.retained).toBeLessThanOrEqual(1)
            if (p.active > 0) {
              expect(p.satisfaction).toBeGreaterThanOrEqual(0)
              expect(p.satisfaction).toBeLessThanOrEqual(10)
            }
          }
        }
      }),
      { seed: 42, numRuns: 25 }
    )
  })
})

describe("common random numbers", () => {
  // A baseline and a variant that changes the first touchpoint's service and its next steps, so
  // that customers walk different paths and draw different service levels.
  const scenario: YamlObject = {
    name: "crn",
    seed: 5,
    population: 4 * BLOCK_SIZE,
    horizon: 2,
    dimensions: {
      quality: { unit: "points", better: "higher", scale: 1 },
      wait: { unit: "min", better: "lower", scale: 4, min: 0 }
    },
    personas: { a: { share: 0.3 }, b: { share: 0.7 } },
    journey: {
      start: "first",
      touchpoints: {
        first: { service: { quality: { dist: "normal", mean: 5, sd: 1 } }, next: { second: 0.8, done: 0.2 } },
        second: { service: { wait: { dist: "lognormal", mean: 10, sd: 4 } }, next: { third: 0.1, done: 0.9 } },
        third: { service: { quality: { dist: "uniform", min: 3, max: 7 } }, next: { done: 1 } }
      }
    },
    variants: {
      changed: {
        patches: [
          { set: "journey.touchpoints.first.service.quality", value: { dist: "triangular", min: 2, mode: 6, max: 8 } },
          { set: "journey.touchpoints.first.next", value: { second: 0.3, third: 0.5, done: 0.2 } }
        ]
      }
    }
  }
  // Adaptation 0: the expectations left in the kernel's scratch after a customer are the ones drawn.
  const personas: Record<string, YamlObject> = {
    a: { expectations: { quality: { adequate: 4, expected: 5, desired: 6, spread: 0.8 }, wait: { adequate: 15, desired: 5, spread: 3 } }, adaptation: 0 },
    b: { expectations: { quality: { adequate: 3, expected: 4, desired: 7, spread: 1.2 } }, adaptation: 0 }
  }

  const models = async (): Promise<[CompiledModel, CompiledModel]> => {
    const [base, variant] = await Promise.all([loadFixture(scenario, personas), loadFixture(scenario, personas, { variant: "changed" })])
    return [compile(base), compile(variant)]
  }

  it("(f) customer i has the same persona in the baseline and in a variant", async () => {
    const [base, variant] = await models()
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 1000 }), async (seed, block) => {
        const mb = withRun(base, { seed })
        const mv = withRun(variant, { seed })
        const lay = layout(mb)
        const recB = makeRecords()
        const recV = makeRecords()
        runBlock(mb, block, BLOCK_SIZE, makeAccumulator(lay), lay, makeScratch(mb), recB)
        runBlock(mv, block, BLOCK_SIZE, makeAccumulator(lay), lay, makeScratch(mv), recV)
        expect(Array.from(recV.persona)).toEqual(Array.from(recB.persona))
        // Both personas occur, and the variant did change the journeys.
        expect(new Set(recB.persona).size).toBe(2)
        expect(Array.from(recV.satisfaction)).not.toEqual(Array.from(recB.satisfaction))
      }),
      { seed: 42, numRuns: 10 }
    )
  })

  it("(f) customer i has the same expectations in the baseline and in a variant", async () => {
    // The expectations are kernel scratch, overwritten by each customer. runBlock(m, b, c + 1)
    // simulates customers 0..c of block b from the block's own streams, so afterwards the
    // scratch holds the expectations of customer c exactly: one call per customer reads them all.
    const [base, variant] = await models()
    const read = (m: CompiledModel, block: number, c: number): number[] => {
      const lay = layout(m)
      const sc = makeScratch(m)
      runBlock(m, block, c + 1, makeAccumulator(lay), lay, sc, null)
      return [...sc.cA, ...sc.cE, ...sc.cD]
    }
    await fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 1000 }), (seed, block) => {
        const mb = withRun(base, { seed })
        const mv = withRun(variant, { seed })
        const seen = new Set<number>()
        for (let c = 0; c < 40; c++) {
          const eb = read(mb, block, c)
          expect(read(mv, block, c)).toEqual(eb)
          seen.add(eb[mb.nDims]!)
        }
        // The expectations do differ from customer to customer: the comparison is not vacuous.
        expect(seen.size).toBeGreaterThan(20)
      }),
      { seed: 42, numRuns: 10 }
    )
  })
})

describe("inputs are not mutated", () => {
  const deepFreeze = <T>(x: T): T => {
    if (x !== null && typeof x === "object" && !Object.isFrozen(x)) {
      Object.freeze(x)
      for (const v of Object.values(x as object)) deepFreeze(v)
    }
    return x
  }

  it("(g) compiling and simulating a deep-frozen scenario works and leaves it unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioGen, async (g) => {
        const b = build(g, { abandonable: g.abandonable })
        const loaded = await loadFixture(b.scenario, b.personas)
        const before = JSON.stringify(loaded)
        const frozen = deepFreeze(loaded)
        expect(() => compile(frozen)).not.toThrow()
        const report = await simulateScenario(frozen, { customers: 1000 })
        expect(report.population).toBe(1000)
        expect(JSON.stringify(frozen)).toBe(before)
      }),
      { seed: 42, numRuns: 15 }
    )
  })

  it("(g) applying a variant leaves the frozen scenario data unchanged", () => {
    const data = deepFreeze({
      journey: { start: "a", touchpoints: { a: { service: { quality: { dist: "normal", mean: 5, sd: 1 } }, next: { b: 1 } }, b: { next: { done: 1 } } } }
    })
    const before = JSON.stringify(data)
    const patches: Patch[] = [
      { set: "journey.touchpoints.a.service.quality.mean", value: 6 },
      { reroute: "a", from: "b", to: "done" },
      { remove: "b" }
    ]
    const out = applyPatches(data, patches)
    expect(out.problems).toEqual([])
    expect(JSON.stringify(data)).toBe(before)
    expect(JSON.stringify(out.data)).not.toBe(before)
  })
})
