import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { csvPoints } from "../../src/design/csvPoints.js"
import { evenLevels, grid } from "../../src/design/grid.js"
import { bounds } from "../../src/design/scale.js"
import { latinHypercube } from "../../src/design/latinHypercube.js"
import { morrisTrajectories } from "../../src/design/morrisTrajectories.js"
import { saltelli, splitSaltelli } from "../../src/design/saltelli.js"
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from "../../src/design/sobolSequence.js"

describe("sobolSequence", () => {
  it("gives the published first points (Joe and Kuo, Gray-code order, unscrambled)", () => {
    // The two-dimensional sequence as published: 0, 1/2, then 3/4 and 1/4 swapped per dimension…
    expect(sobolSequence(8, 2)).toEqual([
      [0, 0],
      [0.5, 0.5],
      [0.75, 0.25],
      [0.25, 0.75],
      [0.375, 0.375],
      [0.875, 0.875],
      [0.625, 0.125],
      [0.125, 0.625]
    ])
    // Dimension 3 (s = 2, a = 1, m = 1, 3): 0, 1/2, 1/4, 3/4, 5/8, 1/8, 7/8, 3/8.
    expect(sobolSequence(8, 3).map((p) => p[2])).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375])
  })

  it("supports at least 21 dimensions, and each of the first 2^m points of every dimension fills the 2^m cells once", () => {
    expect(SOBOL_MAX_DIMENSIONS).toBeGreaterThanOrEqual(21)
    const m = 8
    const pts = sobolSequence(2 ** m, SOBOL_MAX_DIMENSIONS)
    for (let j = 0; j < SOBOL_MAX_DIMENSIONS; j++) {
      const cells = new Set(pts.map((p) => Math.floor((p[j] as number) * 2 ** m)))
      expect(cells.size, `dimension ${j + 1}`).toBe(2 ** m)
    }
  })

  it("skip gives the tail of the same sequence; bad sizes are refused", () => {
    expect(sobolSequence(5, 4, 3)).toEqual(sobolSequence(8, 4).slice(3))
    expect(() => sobolSequence(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/requires 1 ≤ d/)
  })
})

describe("latinHypercube", () => {
  it("puts exactly one point in each of the n strata of every dimension, for any n, d and seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, d, seed) => {
        const pts = latinHypercube(n, d, seed)
        expect(pts.length).toBe(n)
        for (let j = 0; j < d; j++) {
          const strata = pts.map((p) => Math.floor((p[j] as number) * n)).sort((a, b) => a - b)
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i))
        }
      })
    )
  })

  it("is the same for the same seed and differs for another", () => {
    expect(latinHypercube(20, 3, 5)).toEqual(latinHypercube(20, 3, 5))
    expect(latinHypercube(20, 3, 5)).not.toEqual(latinHypercube(20, 3, 6))
  })
})

describe("grid", () => {
  it("is every combination, the first parameter slowest", () => {
    expect(grid([[1, 2], [10, 20, 30]])).toEqual([
      [1, 10],
      [1, 20],
      [1, 30],
      [2, 10],
      [2, 20],
      [2, 30]
    ])
    expect(grid([[1, 2], [3], [4, 5, 6]]).length).toBe(6)
  })

  it("evenLevels includes both ends", () => {
    expect(evenLevels(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(evenLevels(2, 4, 1)).toEqual([3])
  })
})

describe("saltelli", () => {
  it("AB_i is A with column i from B; split recovers the blocks", () => {
    const base = [
      [0.1, 0.2, 0.3, 0.7, 0.8, 0.9],
      [0.4, 0.5, 0.6, 0.01, 0.02, 0.03]
    ]
    const s = saltelli(base, 3)
    expect(s.points.length).toBe(2 * 5)
    expect(s.points.slice(0, 5)).toEqual([
      [0.1, 0.2, 0.3],
      [0.7, 0.2, 0.3],
      [0.1, 0.8, 0.3],
      [0.1, 0.2, 0.9],
      [0.7, 0.8, 0.9]
    ])
    const y = s.points.map((p) => p[0] as number)
    const { yA, yB, yAB } = splitSaltelli(y, 2, 3)
    expect([...yA]).toEqual([0.1, 0.4])
    expect([...yB]).toEqual([0.7, 0.01])
    expect([...(yAB[0] as Float64Array)]).toEqual([0.7, 0.01])
    expect([...(yAB[1] as Float64Array)]).toEqual([0.1, 0.4])
  })
})

describe("morrisTrajectories", () => {
  it("each trajectory changes every parameter exactly once by ±Δ, staying on the grid in [0, 1]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(2, 4, 6, 8), fc.integer({ min: 0, max: 1e9 }), (r, d, p, seed) => {
        const m = morrisTrajectories(r, d, p, seed)
        const delta = p / (2 * (p - 1))
        expect(m.points.length).toBe(r * (d + 1))
        for (let t = 0; t < r; t++) {
          const changed = new Set<number>()
          for (let s = 0; s < d; s++) {
            const a = m.points[t * (d + 1) + s] as number[]
            const b = m.points[t * (d + 1) + s + 1] as number[]
            const diff = b.map((x, i) => x - (a[i] as number))
            const moved = diff.map((x, i) => (Math.abs(x) > 1e-12 ? i : -1)).filter((i) => i >= 0)
            expect(moved.length).toBe(1)
            const i = moved[0] as number
            const step = m.steps[t * d + s] as { parameter: number; delta: number }
            expect(step.parameter).toBe(i)
            expect(Math.abs(step.delta)).toBeCloseTo(delta, 12)
            expect(diff[i]).toBeCloseTo(step.delta, 12)
            changed.add(i)
            for (const x of b) {
              expect(x).toBeGreaterThanOrEqual(0)
              expect(x).toBeLessThanOrEqual(1)
              expect(Math.abs(x * (p - 1) - Math.round(x * (p - 1)))).toBeLessThan(1e-9)
            }
          }
          expect(changed.size).toBe(d)
        }
      })
    )
  })
})

describe("csvPoints", () => {
  it("reads points in the design's parameter order, skipping comments and blank lines", () => {
    expect(csvPoints("# points\nb,a\n1,2\n\n3.5,-4e1\n", ["a", "b"])).toEqual({ points: [[2, 1], [-40, 3.5]], problems: [] })
  })

  it("names the line and column of each problem", () => {
    expect(csvPoints("a,c\n1,x\n1\n", ["a", "b"]).problems).toMatchInlineSnapshot(`
      [
        {
          "column": 3,
          "hint": "did you mean "b"?",
          "line": 1,
          "message": "the column "c" is not a parameter of the design",
        },
        {
          "column": 1,
          "hint": "add a column named b",
          "line": 1,
          "message": "no column for the parameter "b"",
        },
        {
          "column": 3,
          "line": 2,
          "message": "expected a number for "c", got "x"",
        },
        {
          "column": 1,
          "line": 3,
          "message": "expected 2 values, got 1",
        },
      ]
    `)
    expect(csvPoints("", ["a"]).problems[0]?.message).toBe("the file is empty")
  })
})

describe("bounds of a parameter given as a list of values", () => {
  it("are its lowest and highest values, for a list of 300,000 (once a spread past the call stack's limit)", () => {
    const values = Array.from({ length: 300_000 }, (_, i) => ((i * 7919) % 300_001) / 10)
    values[4242] = -3
    values[77_777] = 1e6
    expect(bounds({ values })).toEqual({ low: -3, high: 1e6 })
  })
})
