import { describe, expect, it } from "vitest"
import { GIVE_UP_SLACK } from "../../src/engine/journey.js"
import { exp, log, powPositive } from "../../src/engine/numerics.js"
import { Tyche } from "../../src/engine/rng.js"

/**
 * The engine's exp, log and positive power against Math.* (src/engine/numerics.ts states the
 * bound): relative error ≤ 1e-12 wherever the result is a normal double, on 10^7 points of each
 * function over its whole domain (deterministic draws), plus the edges.
 */

const BOUND = 1e-12
/** The smallest normal double, 2⁻¹⁰²²: below it a double has fewer significant bits. */
const MIN_NORMAL = 2 ** -1022
/** The spacing of subnormal doubles, 2⁻¹⁰⁷⁴. */
const SUBNORMAL_ULP = Number.MIN_VALUE
const POINTS = 10_000_000

const relative = (got: number, want: number): number => {
  if (Object.is(got, want)) return 0
  if (!Number.isFinite(want) || !Number.isFinite(got)) return Infinity
  return Math.abs(got - want) / Math.abs(want)
}

/** A deterministic uniform draw in (0, 1). */
const stream = (seed: number): Tyche => {
  const g = new Tyche()
  g.reseed(0, seed)
  return g
}

describe("exp", () => {
  it("is within 1e-12 of Math.exp over its whole domain (10^7 points), and within two subnormal units below 2^-1022", () => {
    const g = stream(1)
    let worst = 0
    let worstX = 0
    let worstSub = 0
    for (let i = 0; i < POINTS; i++) {
      // Half uniform over the finite, non-zero range of results; half log-uniform in |x| from
      // 1e-20 to 745 with either sign (small arguments, where e^x is 1 + x).
      const x = (i & 1) === 0 ? -745.2 + g.uniform() * (709.79 + 745.2) : (g.uniform() < 0.5 ? -1 : 1) * 10 ** (-20 + g.uniform() * 22.87)
      const want = Math.exp(x)
      const got = exp(x)
      if (want < MIN_NORMAL) {
        const d = Math.abs(got - want)
        if (d > worstSub) worstSub = d
        continue
      }
      const e = relative(got, want)
      if (e > worst) {
        worst = e
        worstX = x
      }
    }
    expect(worst, `worst at x = ${worstX}`).toBeLessThanOrEqual(BOUND)
    expect(worstSub).toBeLessThanOrEqual(2 * SUBNORMAL_ULP)
  })

  it("gives Math.exp's results at the edges", () => {
    const edges = [
      0, -0, 1, -1, Number.EPSILON, -Number.EPSILON, Number.MIN_VALUE, -Number.MIN_VALUE, 707.9999999999999, 708, -708, -708.0000000000001,
      709.782712893384, 709.7827128933839, 709.7827128933841, 710, 1e10, Number.MAX_VALUE, -708.3964185322641, -708.3964185322642,
      -744.4400719213812, -745.1332191019411, -745.1332191019412, -745.14, -746, -1e10, -Number.MAX_VALUE
    ]
    for (const x of edges) {
      const want = Math.exp(x)
      const got = exp(x)
      if (want < MIN_NORMAL && want > 0) expect(Math.abs(got - want), `exp(${x})`).toBeLessThanOrEqual(2 * SUBNORMAL_ULP)
      else expect(relative(got, want), `exp(${x}) = ${got}, Math.exp: ${want}`).toBeLessThanOrEqual(BOUND)
    }
    expect(exp(709.79)).toBe(Infinity)
    expect(exp(Infinity)).toBe(Infinity)
    expect(exp(-Infinity)).toBe(0)
    expect(exp(-800)).toBe(0)
    expect(exp(NaN)).toBeNaN()
    expect(exp(0)).toBe(1)
    // Correctly rounded where the exact value is known to 17 digits.
    expect(exp(1)).toBe(Math.E)
  })
})

describe("log", () => {
  it("is within 1e-12 of Math.log over every positive double (10^7 points), near 1 included", () => {
    const g = stream(2)
    let worst = 0
    let worstX = 0
    for (let i = 0; i < POINTS; i++) {
      let x = 0
      if ((i & 3) !== 3) {
        // Log-uniform over all positive doubles, subnormals included: 2^e · m.
        const e = -1074 + Math.floor(g.uniform() * 2098)
        x = (1 + g.uniform()) * 2 ** e
        if (x === Infinity) x = Number.MAX_VALUE
      } else {
        // Near 1, where log x is small and a relative error shows most: 1 ± 10^(−16..−1).
        x = 1 + (g.uniform() < 0.5 ? -1 : 1) * 10 ** (-16 + g.uniform() * 15)
      }
      const e = relative(log(x), Math.log(x))
      if (e > worst) {
        worst = e
        worstX = x
      }
    }
    expect(worst, `worst at x = ${worstX}`).toBeLessThanOrEqual(BOUND)
  })

  it("gives Math.log's results at the edges", () => {
    const edges = [
      1, 1 + Number.EPSILON, 1 - Number.EPSILON / 2, 2, 0.5, Math.SQRT2, Math.SQRT1_2, Number.MIN_VALUE, 2 * Number.MIN_VALUE, MIN_NORMAL,
      MIN_NORMAL - Number.MIN_VALUE, MIN_NORMAL + 2 ** -1074 * 3, Number.MAX_VALUE, 2 ** 1023, 1e-300, 1e300, 0.9999, 1.0001
    ]
    for (const x of edges) expect(relative(log(x), Math.log(x)), `log(${x}) = ${log(x)}, Math.log: ${Math.log(x)}`).toBeLessThanOrEqual(BOUND)
    expect(log(1)).toBe(0)
    expect(log(0)).toBe(-Infinity)
    expect(log(-0)).toBe(-Infinity)
    expect(log(Infinity)).toBe(Infinity)
    expect(log(-1)).toBeNaN()
    expect(log(-Infinity)).toBeNaN()
    expect(log(-Number.MIN_VALUE)).toBeNaN()
    expect(log(NaN)).toBeNaN()
    // Correctly rounded where the exact value is known to 17 digits.
    expect(log(2)).toBe(Math.LN2)
    expect(log(10)).toBe(Math.LN10)
  })
})

describe("powPositive", () => {
  it("is within 1e-12 of Math.exp(a * Math.log(x)) wherever |a · log x| < 700", () => {
    const g = stream(3)
    let worst = 0
    for (let i = 0; i < 2_000_000; i++) {
      const x = 10 ** (-12 + g.uniform() * 24)
      const a = -3 + g.uniform() * 6
      const want = Math.exp(a * Math.log(x))
      const e = relative(powPositive(x, a), want)
      if (e > worst) worst = e
    }
    expect(worst).toBeLessThanOrEqual(BOUND)
    expect(powPositive(0, 0.88)).toBe(0)
    expect(powPositive(0, -1)).toBe(Infinity)
    expect(powPositive(-1, 0.5)).toBeNaN()
    expect(powPositive(1, 0.88)).toBe(1)
  })
})

describe("the walk's shortcut past giving up", () => {
  it("decides as exp would: 1 − exp(−x) within [x − x²/2 − slack, x − x²/2 + x³/6 + slack] for x = ln2·(u/patience)² (10^6 points and the edges)", () => {
    const g = stream(7)
    let worst = 0
    let inBand = 0
    const wrong: number[] = []
    const check = (lp: number): void => {
      // As the walk computes them.
      const x = Math.LN2 * lp * lp
      const x2 = (x * x) / 2
      const lower = x - x2 - GIVE_UP_SLACK
      const upper = x - x2 + (x2 * x) / 3 + GIVE_UP_SLACK
      const probability = 1 - exp(-x)
      // A draw below `lower` gives up without exp, one at or above `upper` stays: both must agree
      // with `ua < probability`.
      if (!(lower < probability && upper >= probability)) wrong.push(lp)
      worst = Math.max(worst, x - x2 - probability, probability - (x - x2 + (x2 * x) / 3))
      if (upper - lower > 1e-6) inBand++
    }
    // |u/patience| log-uniform from 1e-12 to 10 (a probability from ~0 to 1).
    for (let i = 0; i < 1_000_000; i++) check(10 ** (-12 + g.uniform() * 13))
    for (const lp of [0, Number.MIN_VALUE, 1e-300, 1e-9, 1e-8, 1e-7, 1e-4, 0.5, 1, 4, 6, 30, 1e10]) check(lp)
    expect(wrong).toEqual([])
    // The rounding the slack covers is a few units in the last place of 1, far below it.
    expect(worst).toBeLessThan(GIVE_UP_SLACK / 1000)
    // And the bounds are tight where moments are mild: a band wider than 1e-6 only for larger |u/patience|.
    expect(inBand).toBeLessThan(500_000)
  })
})
