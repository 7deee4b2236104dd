/**
 * The calibration's optimiser (src/calibrate/scoring.ts):
 * - the structure it relies on holds in the engine: moving a persona's parameter changes that
 *   persona's simulated answers only (every other segment's counts stay identical), moving a
 *   scenario-level one changes every segment's;
 * - so the Jacobian by groups equals, number for number, the one taken a parameter at a time;
 * - on a model whose answers are known in closed form, it converges to the maximum-likelihood
 *   values, keeps to the bounds, and spends 1 + 2·(groups) simulations per point kept;
 * - with the optional CMA-ES search first, the calibration stays within its budget and ends no
 *   worse than it starts.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { calibrateData } from "../../src/calibrate/calibrate.js"
import { jacobianPoints } from "../../src/calibrate/intervals.js"
import { simulator, type Simulate } from "../../src/calibrate/objective.js"
import { targetsOf, type Observed, type Targets } from "../../src/calibrate/observed.js"
import { resolveParameters, type FreeParameter } from "../../src/calibrate/parameters.js"
import { groupedPoints, perParameter, scoring, simulationsPerPoint, structureOf, type Structure } from "../../src/calibrate/scoring.js"
import { tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import type { YamlFile } from "../../src/load/YamlFile.js"
import { syntheticSurvey } from "./synthetic.js"

const file = "scenarios/restaurant.yaml"

describe("the structure of the calibration's parameters", async () => {
  const files = new Map<string, YamlFile>()
  const s = await Effect.runPromise(loadScenario(file, { files }))
  const specs = [
    { path: "personas.family.loyalty.retention" },
    { path: "model.satisfactionBias" },
    { path: "personas.busy-professional.expectations.food-wait.expected" },
    { path: "personas.family.expectations.food-wait.expected" }
  ]
  const params = await Effect.runPromise(resolveParameters(s, file, files, specs))
  const tg = await Effect.runPromise(targetsOf(s, await Effect.runPromise(syntheticSurvey(file, { seed: 1, respondents: 50 }))))
  const simulate = simulator(file, params, tg.tallies, { files, customers: 3000, seed: 5, workers: 2 })
  const per = tg.layout.perSegment
  const ids = s.personas.map((p) => p.id)
  const x0 = Float64Array.from(params, (p) => p.start)

  it("groups a persona's parameters apart and each scenario-level one alone", () => {
    // A persona's overrides in the scenario move that persona only, like its own values.
    const override: FreeParameter = { path: "personas.bargain-hunter.overrides.recommend", bounds: [-2, 2], start: 0, set: () => [] }
    const st = structureOf(s, [...params, override, { ...override, path: "personas.bargain-hunter.share" }])
    const family = ids.indexOf("family")
    expect(st.persona).toEqual([family, -1, ids.indexOf("busy-professional"), family, ids.indexOf("bargain-hunter"), -1])
    expect(st.groups).toEqual([[0, 2, 4], [3], [1], [5]])
    expect(simulationsPerPoint(st)).toBe(9)
    expect(simulationsPerPoint(structureOf(s, params))).toBe(7)
  })

  it("holds in the engine: a persona's parameter moves its own segment's answers only, a scenario-level one every segment's", async () => {
    const moved = params.map((p, i) => Float64Array.from(x0, (v, k) => (k === i ? p.bounds[1] : v)))
    const [base, ...sims] = await Effect.runPromise(simulate([x0, ...moved]))
    const st = structureOf(s, params)
    sims.forEach((sim, i) => {
      for (let q = 0; q < ids.length; q++) {
        const a = Array.from(base!.subarray(q * per, (q + 1) * per))
        const b = Array.from(sim.subarray(q * per, (q + 1) * per))
        if (st.persona[i] === -1 || st.persona[i] === q) expect(b, `${params[i]!.path}, persona ${ids[q]}`).not.toEqual(a)
        else expect(b, `${params[i]!.path}, persona ${ids[q]}`).toEqual(a)
      }
    })
  })

  it("gives the Jacobian by groups equal to the one taken a parameter at a time", async () => {
    const st = structureOf(s, params)
    const x = Float64Array.from(params, (p) => p.bounds[0] + 0.4 * (p.bounds[1] - p.bounds[0]))
    const each = jacobianPoints(params, x)
    const [center, ...grouped] = await Effect.runPromise(simulate([x, ...groupedPoints(params, st, x)]))
    expect(grouped.length).toBe(2 * st.groups.length)
    const direct = await Effect.runPromise(simulate(each))
    const assembled = perParameter(tg, st, center!, grouped)
    expect(assembled.map((v) => Array.from(v))).toEqual(direct.map((v) => Array.from(v)))
  })
})

describe("Fisher scoring in a trust region", () => {
  // Two personas, two yes/no outcomes each: share of yes σ(θ_q + β) and σ(θ_q − β); θ_q of
  // persona q, β scenario-level. Observed counts are exactly n·p(θ*) and the simulations have 10⁹
  // customers, so the maximum-likelihood values are θ* themselves.
  const tallies: Tally[] = [
    { kind: "satisfied", categories: 2, period: 0, edges: [] },
    { kind: "churn", categories: 2, period: 0, edges: [] }
  ]
  const layout = tallyLayout(tallies)
  const tg: Targets = { tallies, outcomes: [], layout, personas: 2, personaOf: [0, 1] }
  const sig = (z: number) => 1 / (1 + Math.exp(-z))
  const countsAt = (x: ArrayLike<number>, m: number): Float64Array => {
    const out = new Float64Array(2 * layout.perSegment)
    for (let q = 0; q < 2; q++) {
      const at = q * layout.perSegment
      const a = sig((x[q] as number) + (x[2] as number))
      const b = sig((x[q] as number) - (x[2] as number))
      out[at] = m
      out.set([m * (1 - a), m * a], at + layout.offsets[0]!)
      out.set([m * (1 - b), m * b], at + layout.offsets[1]!)
    }
    return out
  }
  const param = (path: string, bounds: readonly [number, number], start: number): FreeParameter => ({ path, bounds, start, set: (v) => [{ set: path, value: v }] })
  const st: Structure = { persona: [0, 1, -1], groups: [[0, 1], [2]] }
  const fitTo = (truth: number[], bounds: readonly [number, number], budget = 400) => {
    const n = 2000
    const counts = countsAt(truth, n)
    const obs: Observed = { counts, weight: Float64Array.from([n, n, n, n]), weightSq: Float64Array.from([n, n, n, n]), total: 2 * n }
    const params = [param("personas.a.x", bounds, 0), param("personas.b.x", bounds, 0), param("model.b", bounds, 0)]
    let calls = 0
    const simulate: Simulate = (xs) =>
      Effect.sync(() => {
        calls += xs.length
        return xs.map((x) => countsAt(x, 1e9))
      })
    const r = Effect.runSync(scoring(tg, obs, params, st, simulate, Float64Array.from([0, 0, 0]), { budget, tolFun: 1e-6, tolX: 1e-6 }))
    return { r, calls }
  }

  it("converges to the maximum-likelihood values, spending 1 + 2·(groups) simulations per point kept", () => {
    const truth = [1.2, -0.7, 0.4]
    const { r, calls } = fitTo(truth, [-3, 3])
    expect(r.stopped).not.toBe("budget")
    r.best.x.forEach((v, i) => expect(Math.abs(v - truth[i]!)).toBeLessThan(1e-3))
    expect(r.best.value).toBeLessThan(r.start.value)
    expect(r.simulations).toBe(calls)
    // Each kept point costs 1 + 2·2 simulations (two groups); a refused step near the optimum, 1.
    expect(r.simulations).toBeLessThanOrEqual(5 * (r.iterations + 1))
    expect(r.simulations).toBeGreaterThan(r.iterations)
  })

  it("keeps to the bounds: a truth beyond one ends on it", () => {
    const { r } = fitTo([2.5, 0.3, -0.2], [-1, 1])
    expect(r.best.x[0]).toBe(1)
    for (const v of r.best.x) {
      expect(v).toBeGreaterThanOrEqual(-1)
      expect(v).toBeLessThanOrEqual(1)
    }
  })

  it("stops at its budget, not over it", () => {
    const { r, calls } = fitTo([1.2, -0.7, 0.4], [-3, 3], 12)
    expect(r.stopped).toBe("budget")
    expect(calls).toBeLessThanOrEqual(12)
  })
})

describe("the optional global search first", () => {
  it("runs CMA-ES, then the scoring from its best point, within the budget", async () => {
    const truthSet = [
      { set: "personas.family.loyalty.retention", value: 0.9 },
      { set: "model.satisfactionBias", value: 1.5 }
    ]
    const data = await Effect.runPromise(syntheticSurvey(file, { set: truthSet, seed: 99, respondents: 600 }))
    const section = { parameters: [{ path: "personas.family.loyalty.retention" }, { path: "model.satisfactionBias" }] }
    const run = (optimizer: "scoring" | "cmaes") =>
      Effect.runPromise(calibrateData(file, data, section, { seed: 3, customers: 2000, workers: 2, budget: 40, replicates: 20, optimizer }))
    const { result } = await run("cmaes")
    expect(result.optimizer.method).toMatch(/^CMA-ES .* then Levenberg–Marquardt/)
    expect(result.optimizer.evaluations).toBeLessThanOrEqual(40)
    expect(result.optimizer.evaluations).toBeGreaterThan(20)
    expect(result.optimizer.objective.end).toBeLessThanOrEqual(result.optimizer.objective.start)
    const alone = (await run("scoring")).result
    expect(alone.optimizer.method).toMatch(/^Levenberg–Marquardt/)
    expect(alone.optimizer.objective.start).toBe(result.optimizer.objective.start)
  }, 300_000)
})
