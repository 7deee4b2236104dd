/**
 * Sampling: the normal quantile and CDF against known values, and the sample moments of every
 * distribution kind against their theoretical values.
 *
 * Known values are from R (qnorm, pnorm). Sample moments: the mean within 5 standard errors, the
 * standard deviation within 4%, so that a correct sampler passes with any seed.
 */
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { layout, makeAccumulator } from "../../src/engine/accumulator.js"
import { compile, type CompiledModel } from "../../src/engine/compile.js"
import { beta, gamma, normalCdf, normalQuantile, triangular } from "../../src/engine/distributions.js"
import { makeScratch, runBlock } from "../../src/engine/kernel.js"
import { log } from "../../src/engine/numerics.js"
import { blockStream, type Uniform } from "../../src/engine/rng.js"
import { loadFixture, removeFixtures, type YamlObject } from "../support/fixture.js"

afterAll(removeFixtures)

const moments = (xs: ReadonlyArray<number> | Float64Array): { mean: number; sd: number; min: number; max: number } => {
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (const x of xs) {
    sum += x
    if (x < min) min = x
    if (x > max) max = x
  }
  const mean = sum / xs.length
  let ss = 0
  for (const x of xs) ss += (x - mean) * (x - mean)
  return { mean, sd: Math.sqrt(ss / (xs.length - 1)), min, max }
}

const draw = (n: number, f: (u: Uniform) => number, block = 0): Float64Array => {
  const u = blockStream(20240601, block, "walk")
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(u)
  return out
}

/** Sample mean within 5 standard errors of `mean`, sample sd within 4% of `sd`. */
const expectMoments = (xs: Float64Array, mean: number, sd: number): void => {
  const m = moments(xs)
  expect(Math.abs(m.mean - mean)).toBeLessThan((5 * sd) / Math.sqrt(xs.length) + 1e-12)
  if (sd === 0) expect(m.sd).toBe(0)
  else expect(Math.abs(m.sd / sd - 1)).toBeLessThan(0.04)
}

const phi = (x: number): number => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)

describe("normalQuantile", () => {
  it("matches known values of Φ⁻¹", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8)
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8)
    expect(normalQuantile(0.8413447461)).toBeCloseTo(1, 7)
    expect(normalQuantile(0.02)).toBeCloseTo(-2.053748911, 8)
    expect(normalQuantile(1e-9)).toBeCloseTo(-5.997807015, 6)
  })

  it("is Acklam's approximation with its published coefficients, bit for bit, in the centre and the tails", () => {
    // The coefficients as published (Acklam 2003); the engine writes them out as literals.
    const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
    const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
    const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
    const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
    const tail = (q: number): number => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    const acklam = (p: number): number => {
      if (p < 0.02425) return tail(Math.sqrt(-2 * log(p)))
      if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * log(1 - p)))
      const q = p - 0.5
      const r = q * q
      return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
    }
    const edges = [Number.MIN_VALUE, 1e-300, 1e-9, 0.02425 - 1e-17, 0.02425, 0.02425 + 1e-17, 0.5, 0.97575 - 1e-16, 0.97575, 0.97575 + 1e-16, 1 - 2 ** -53]
    for (const p of edges) expect(Object.is(normalQuantile(p), acklam(p))).toBe(true)
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true, maxExcluded: true }), (p) => Object.is(normalQuantile(p), acklam(p))),
      { seed: 12, numRuns: 100_000 }
    )
  })

  it("is odd around 1/2 and increasing", () => {
    let last = -Infinity
    for (let i = 1; i < 1000; i++) {
      const p = i / 1000
      const q = normalQuantile(p)
      expect(q).toBeGreaterThan(last)
      expect(q + normalQuantile(1 - p)).toBeCloseTo(0, 8)
      last = q
    }
  })

  it("inverts normalCdf", () => {
    for (const x of [-3.5, -2, -1, -0.3, 0, 0.7, 1.5, 2.5, 3.8]) expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 5)
  })
})

describe("normalCdf", () => {
  it("matches known values of Φ", () => {
    // Its documented fractional error is below 1.2e-7.
    expect(normalCdf(0)).toBeCloseTo(0.5, 6)
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6)
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 6)
    expect(normalCdf(-1)).toBeCloseTo(0.1586552539, 6)
    expect(normalCdf(-3.090232306)).toBeCloseTo(0.001, 6)
    expect(normalCdf(2.5)).toBeCloseTo(0.9937903347, 6)
  })

  it("is symmetric", () => {
    for (const x of [0.1, 0.5, 1.3, 2.2, 4]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 12)
  })
})

describe("sampling primitives, with a seeded uniform stream", () => {
  const N = 40_000

  it("the uniform stream stays in the open interval (0, 1) with mean 1/2 and sd 1/√12", () => {
    const xs = draw(N, (u) => u())
    const m = moments(xs)
    expect(m.min).toBeGreaterThan(0)
    expect(m.max).toBeLessThan(1)
    expectMoments(xs, 0.5, 1 / Math.sqrt(12))
  })

  it("normal by the inverse CDF: mean and sd", () => {
    expectMoments(
      draw(N, (u) => 10 + 2 * normalQuantile(u())),
      10,
      2
    )
  })

  it("gamma(k): mean k, variance k, for shapes below and above 1", () => {
    for (const k of [0.5, 1, 2.5, 9]) expectMoments(draw(N, (u) => gamma(k, u)), k, Math.sqrt(k))
  })

  it("beta(α, β): mean α/(α+β), within (0, 1)", () => {
    for (const [a, b] of [
      [2, 5],
      [0.5, 0.5],
      [8, 2],
      [1, 1]
    ] as const) {
      const xs = draw(N, (u) => beta(a, b, u))
      const m = moments(xs)
      expect(m.min).toBeGreaterThanOrEqual(0)
      expect(m.max).toBeLessThanOrEqual(1)
      expectMoments(xs, a / (a + b), Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))))
    }
  })

  it("beta with tiny shapes (α = β = 0.001): every draw finite, half of them above 1/2", () => {
    for (const [a, b] of [
      [0.001, 0.001],
      [0.003, 0.003],
      [0.001, 0.003],
      [1e-300, 1e-300]
    ] as const) {
      const xs = draw(N, (u) => beta(a, b, u))
      expect(xs.filter((x) => !(x >= 0 && x <= 1)).length).toBe(0)
      // Nearly Bernoulli(α / (α + β)): the share of draws above 1/2 within 5 standard errors.
      const p = a / (a + b)
      const above = xs.filter((x) => x > 0.5).length / xs.length
      expect(Math.abs(above - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / xs.length))
    }
  })

  it("beta: a draw is finite and in [0, 1] for any positive shapes (property)", () => {
    const shape = fc.oneof(
      fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
      fc.double({ min: 1, max: 1e12, noNaN: true })
    ).filter((x) => x > 0)
    fc.assert(
      fc.property(shape, shape, fc.nat(1000), (a, b, block) => {
        const u = blockStream(7, block, "walk")
        for (let i = 0; i < 20; i++) {
          const x = beta(a, b, u)
          if (!(x >= 0 && x <= 1)) return false
        }
        return true
      }),
      { seed: 13, numRuns: 500 }
    )
  })

  it("triangular(min, mode, max): within bounds, mean (min+mode+max)/3", () => {
    for (const [lo, mode, hi] of [
      [1, 3, 8],
      [0, 0, 1],
      [-2, 5, 5]
    ] as const) {
      const xs = draw(N, (u) => triangular(lo, mode, hi, u()))
      const m = moments(xs)
      expect(m.min).toBeGreaterThanOrEqual(lo)
      expect(m.max).toBeLessThanOrEqual(hi)
      const variance = (lo * lo + mode * mode + hi * hi - lo * mode - lo * hi - mode * hi) / 18
      expectMoments(xs, (lo + mode + hi) / 3, Math.sqrt(variance))
    }
    expect(triangular(4, 4, 4, 0.3)).toBe(4)
  })
})

/**
 * Distributions as the kernel draws them, from the compiled parameters. A customer with
 * adaptation 1 moves the expected level exactly to what was delivered; with one touchpoint and one
 * period, the scratch then holds the level drawn for that customer. One block per customer (each
 * block has its own streams) gives independent draws.
 */
describe("delivered levels, as the kernel draws them", () => {
  const SAMPLES = 20_000

  const levels = async (dist: unknown): Promise<Float64Array> => {
    const scenario: YamlObject = {
      name: "levels",
      population: 1,
      horizon: 1,
      dimensions: { level: { unit: "points", better: "higher", scale: 1 } },
      personas: { p: { share: 1 } },
      journey: { start: "serve", touchpoints: { serve: { service: { level: dist }, abandonable: false, next: { done: 1 } } } }
    }
    const m: CompiledModel = compile(
      await loadFixture(scenario, { p: { expectations: { level: { adequate: 0, desired: 0 } }, adaptation: 1, deviation: 0 } })
    )
    const lay = layout(m)
    const acc = makeAccumulator(lay)
    const sc = makeScratch(m)
    const out = new Float64Array(SAMPLES)
    for (let b = 0; b < SAMPLES; b++) {
      runBlock(m, b, 1, acc, lay, sc, null)
      out[b] = sc.cE[0]!
    }
    return out
  }

  it("fixed", async () => {
    const xs = await levels(3.5)
    expect(moments(xs)).toMatchObject({ min: 3.5, max: 3.5 })
  })

  it("normal: mean and sd", async () => {
    expectMoments(await levels({ dist: "normal", mean: 10, sd: 2 }), 10, 2)
  })

  it("truncated normal: within its bounds, with the truncated mean and sd", async () => {
    const [mu, s, lo, hi] = [10, 2, 9, 14]
    const xs = await levels({ dist: "truncnormal", mean: mu, sd: s, min: lo, max: hi })
    const m = moments(xs)
    expect(m.min).toBeGreaterThanOrEqual(lo)
    expect(m.max).toBeLessThanOrEqual(hi)
    const a = (lo - mu) / s
    const b = (hi - mu) / s
    const Z = normalCdf(b) - normalCdf(a)
    const mean = mu + (s * (phi(a) - phi(b))) / Z
    const variance = s * s * (1 + (a * phi(a) - b * phi(b)) / Z - ((phi(a) - phi(b)) / Z) ** 2)
    expectMoments(xs, mean, Math.sqrt(variance))
  })

  it("lognormal: the declared mean and sd are those of the values", async () => {
    const xs = await levels({ dist: "lognormal", mean: 5, sd: 3 })
    expect(moments(xs).min).toBeGreaterThan(0)
    // The sd of a skewed sample converges slowly: a wider margin for it.
    const m = moments(xs)
    expect(Math.abs(m.mean - 5)).toBeLessThan((5 * 3) / Math.sqrt(xs.length))
    expect(Math.abs(m.sd / 3 - 1)).toBeLessThan(0.08)
  })

  it("beta on [min, max]: mean min + (max − min)·α/(α+β)", async () => {
    const xs = await levels({ dist: "beta", alpha: 2, beta: 5, min: 0, max: 10 })
    const m = moments(xs)
    expect(m.min).toBeGreaterThanOrEqual(0)
    expect(m.max).toBeLessThanOrEqual(10)
    expectMoments(xs, (10 * 2) / 7, 10 * Math.sqrt(10 / (49 * 8)))
  })

  it("triangular: within bounds, mean (min+mode+max)/3", async () => {
    const xs = await levels({ dist: "triangular", min: 1, mode: 3, max: 8 })
    const m = moments(xs)
    expect(m.min).toBeGreaterThanOrEqual(1)
    expect(m.max).toBeLessThanOrEqual(8)
    expectMoments(xs, 4, Math.sqrt((1 + 9 + 64 - 3 - 8 - 24) / 18))
  })

  it("uniform: within bounds, mean (min+max)/2, sd (max−min)/√12", async () => {
    const xs = await levels({ dist: "uniform", min: 2, max: 6 })
    const m = moments(xs)
    expect(m.min).toBeGreaterThanOrEqual(2)
    expect(m.max).toBeLessThanOrEqual(6)
    expectMoments(xs, 4, 4 / Math.sqrt(12))
  })

  it("discrete: only the listed values, at their weights", async () => {
    const xs = await levels({ dist: "discrete", values: [1, 2, 5], weights: [1, 1, 2] })
    const counts = new Map<number, number>()
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 2, 5])
    for (const [v, p] of [
      [1, 0.25],
      [2, 0.25],
      [5, 0.5]
    ] as const) {
      expect(Math.abs(counts.get(v)! / xs.length - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / xs.length))
    }
  })
})
