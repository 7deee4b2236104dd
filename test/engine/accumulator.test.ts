/**
 * Exact totals (accumulator.ts, `Exact`): any grouping and order of the blocks gives the same
 * totals, bit for bit; the grid's resolution and limits are as documented.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addExact,
  addExactTotals,
  exactFromStrings,
  exactToFloat64,
  exactToStrings,
  makeExact,
  type Exact
} from "../../src/engine/accumulator.js"

/** Block accumulators like the kernel's: counts, sums of scores, squares, negative sums, zeros. */
const entry = fc.oneof(
  fc.integer({ min: 0, max: 1024 }),
  fc.double({ min: -5000, max: 5000, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }),
  fc.constant(0)
)
const blocksGen = (size: number) => fc.array(fc.array(entry, { minLength: size, maxLength: size }).map((a) => Float64Array.from(a)), { minLength: 1, maxLength: 12 })

const total = (blocks: ReadonlyArray<Float64Array>): Exact => {
  const e = makeExact(blocks[0]!.length)
  for (const b of blocks) addExact(e, b)
  return e
}

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex")

describe("exact totals", () => {
  it("any split into groups, merged in any order, gives the same doubles, bit for bit", () => {
    fc.assert(
      fc.property(
        blocksGen(6).chain((blocks) => fc.tuple(fc.constant(blocks), fc.array(fc.nat(blocks.length), { maxLength: 4 }), fc.boolean())),
        ([blocks, cuts, reverse]) => {
          const one = exactToFloat64(total(blocks))
          // Contiguous groups (shards), each totalled on its own, then the totals added.
          const at = [...new Set([0, ...cuts, blocks.length])].sort((a, b) => a - b)
          const groups = at.slice(1).map((to, i) => total([new Float64Array(6), ...blocks.slice(at[i], to)]))
          if (reverse) groups.reverse()
          const merged = makeExact(6)
          for (const g of groups) addExactTotals(merged, g)
          expect(bits(exactToFloat64(merged))).toBe(bits(one))
          // Blocks in another order (as workers finish them).
          expect(bits(exactToFloat64(total([...blocks].reverse())))).toBe(bits(one))
        }
      ),
      { seed: 7, numRuns: 300 }
    )
  })

  it("differs from the plain double sum by at most half a grid step per block", () => {
    fc.assert(
      fc.property(blocksGen(4), (blocks) => {
        const exact = exactToFloat64(total(blocks))
        for (let i = 0; i < 4; i++) {
          let sum = 0
          for (const b of blocks) sum += b[i]!
          const tolerance = blocks.length * 2 ** -25 + Math.abs(sum) * 2 ** -50
          expect(Math.abs(exact[i]! - sum)).toBeLessThanOrEqual(tolerance)
        }
      }),
      { seed: 7, numRuns: 300 }
    )
  })

  it("keeps counts exact and survives a round trip through text", () => {
    const blocks = [Float64Array.of(1024, -3.25, 1e12, 0.1), Float64Array.of(1000, 2.5, 5e11, 0.2)]
    const e = total(blocks)
    const back = exactFromStrings(exactToStrings(e))
    expect(Array.from(exactToFloat64(back))).toEqual(Array.from(exactToFloat64(e)))
    const out = exactToFloat64(e)
    expect(out[0]).toBe(2024)
    expect(out[1]).toBe(-0.75)
    expect(out[2]).toBe(1.5e12)
    expect(out[3]).toBeCloseTo(0.3, 7)
    expect(exactToStrings(makeExact(2))).toEqual(["0", "0"])
    expect(exactToStrings(total([Float64Array.of(-1)]))).toEqual([String(-(2 ** 24))])
  })

  it("throws past its limits instead of rounding silently", () => {
    const e = makeExact(1)
    expect(() => addExact(e, Float64Array.of(Infinity))).toThrow(/finite/)
    expect(() => addExact(e, Float64Array.of(NaN))).toThrow(/finite/)
    addExact(e, Float64Array.of(2 ** 68))
    expect(() => addExact(e, Float64Array.of(2 ** 68))).toThrow(/2\^69/)
    expect(() => exactFromStrings(["1.5"])).toThrow(/integers/)
    expect(() => exactFromStrings([(2n ** 95n).toString()])).toThrow(/2\^69/)
  })
})
