import { describe, expect, it } from "vitest"
import { Cmaes, fromBounds, reflect, symmetricEigen, toBounds } from "../../src/calibrate/cmaes.js"

type F = (x: Float64Array) => number
const sphere: F = (x) => x.reduce((s, v) => s + v * v, 0)
const ellipsoid: F = (x) => x.reduce((s, v, i) => s + 10 ** ((6 * i) / Math.max(1, x.length - 1)) * v * v, 0)
const rosenbrock: F = (x) => {
  let s = 0
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2
  return s
}

const minimise = (f: F, n: number, budget: number, seed = 7, start = 0.5) => {
  const es = new Cmaes({ mean: Array(n).fill(start), sigma: 0.5, seed, budget, tolFun: 1e-14, tolX: 1e-12 })
  while (es.stop() === undefined) {
    const xs = es.ask()
    es.tell(xs, xs.map(f))
  }
  return es
}

describe("CMA-ES (Hansen 2016)", () => {
  // Budgets: a few times what the tutorial's strategy needs; tolerance on the objective value.
  for (const n of [2, 5, 10, 20]) {
    it(`sphere in ${n} dimensions: f < 1e-10 within ${2000 * n} evaluations`, () => {
      const es = minimise(sphere, n, 2000 * n)
      expect(es.best.value).toBeLessThan(1e-10)
    })
    it(`ellipsoid (condition 1e6) in ${n} dimensions: f < 1e-8 within ${6000 + 100 * n * n} evaluations`, () => {
      const es = minimise(ellipsoid, n, 6000 + 100 * n * n)
      expect(es.best.value).toBeLessThan(1e-8)
    })
    it(`Rosenbrock in ${n} dimensions: every coordinate within 1e-3 of 1 within ${n < 10 ? 10000 : 100 * n * n} evaluations`, () => {
      const es = minimise(rosenbrock, n, n < 10 ? 10000 : 100 * n * n, 3, 0)
      for (const v of es.best.x) expect(Math.abs(v - 1)).toBeLessThan(1e-3)
    })
  }

  it("is deterministic: the same seed gives the same candidates and result; another seed others", () => {
    const a = minimise(rosenbrock, 5, 2000, 11)
    const b = minimise(rosenbrock, 5, 2000, 11)
    const c = minimise(rosenbrock, 5, 2000, 12)
    expect(Array.from(a.best.x)).toEqual(Array.from(b.best.x))
    expect(a.evaluations).toBe(b.evaluations)
    expect(Array.from(c.ask()[0]!)).not.toEqual(Array.from(a.ask()[0]!))
  })

  it("stops on its budget, never beyond it", () => {
    const es = minimise(rosenbrock, 10, 300)
    expect(es.stop()).toBe("budget")
    expect(es.evaluations).toBeLessThanOrEqual(300)
  })

  it("finds an optimum on a bound through the reflection into [0, 1]", () => {
    const bounds: Array<readonly [number, number]> = [[0, 2], [-1, 1], [5, 10]]
    // Optimum of the unbounded function at (−1, 0.25, 12): the box's best point is (0, 0.25, 10).
    const f = (z: Float64Array) => {
      const x = toBounds(z, bounds)
      return (x[0]! + 1) ** 2 + (x[1]! - 0.25) ** 2 + (x[2]! - 12) ** 2
    }
    const es = new Cmaes({ mean: Array.from(fromBounds([1, 0, 7], bounds)), sigma: 0.3, seed: 5, budget: 3000 })
    while (es.stop() === undefined) {
      const xs = es.ask()
      es.tell(xs, xs.map(f))
    }
    const x = toBounds(es.best.x, bounds)
    expect(x[0]).toBeCloseTo(0, 3)
    expect(x[1]).toBeCloseTo(0.25, 3)
    expect(x[2]).toBeCloseTo(10, 3)
  })

  it("reflection is the identity on [0, 1] and mirrors outside", () => {
    expect([0, 0.3, 1, 1.25, -0.25, 2.5, -3.75].map(reflect)).toEqual([0, 0.3, 1, 0.75, 0.25, 0.5, 0.25])
  })

  it("eigendecomposition reconstructs a symmetric matrix", () => {
    const n = 4
    const C = Float64Array.from([4, 1, 0.5, 0, 1, 3, 0.2, 0.1, 0.5, 0.2, 2, 0.3, 0, 0.1, 0.3, 1])
    const { values, vectors } = symmetricEigen(C, n)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0
        for (let k = 0; k < n; k++) s += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!
        expect(s).toBeCloseTo(C[i * n + j]!, 10)
      }
  })
})
