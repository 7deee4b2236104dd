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

  it("refuses non-finite entries and non-integer strings", () => {
    const e = makeExact(1)
    expect(() => addExact(e, Float64Array.of(Infinity))).toThrow(/finite/)
    expect(() => addExact(e, Float64Array.of(NaN))).toThrow(/finite/)
    expect(() => exactFromStrings(["1.5"])).toThrow(/integers/)
  })

  it("stays exact past 2^69: squared revenues of 20,000 customers at 3·10⁸ each", () => {
    // 25,000,000 a visit over 12 periods: revenue 3e8 a customer, squared 9e16; 20 blocks of
    // 1,000 customers add up to 1.8e21, past the two limbs.
    const e = makeExact(2)
    for (let b = 0; b < 20; b++) addExact(e, Float64Array.of(1000 * 3e8, 1000 * 9e16))
    const out = exactToFloat64(e)
    expect(out[0]).toBe(20000 * 3e8)
    expect(out[1]).toBe(1.8e21)
    expect(exactToStrings(e)[1]).toBe((18n * 10n ** 20n * 2n ** 24n).toString())
  })

  it("huge entries: any grouping gives the oracle's total, bit for bit, and it survives strings", () => {
    const huge = fc.oneof(entry, fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(2 ** 68, -(2 ** 68), 1e300, -1e300))
    fc.assert(
      fc.property(fc.array(fc.array(huge, { minLength: 3, maxLength: 3 }).map((a) => Float64Array.of(...a)), { minLength: 1, maxLength: 12 }), fc.nat(), (blocks, cut) => {
        // Oracle: each entry rounded to the grid as a big integer, summed, rounded once.
        const oracle = [0, 1, 2].map((i) => {
          let t = 0n
          for (const b of blocks) {
            const x = b[i]!
            const q = Math.round(x * 2 ** 24)
            t += Number.isFinite(q) ? BigInt(q) : BigInt(x) << 24n
          }
          return t
        })
        const all = total(blocks)
        const k = 1 + (cut % blocks.length)
        const left = total(blocks.slice(0, k))
        if (k < blocks.length) addExactTotals(left, total(blocks.slice(k)))
        const expected = oracle.map((t) => Number(t) * 2 ** -24)
        expect(Array.from(exactToFloat64(all))).toEqual(expected)
        expect(Array.from(exactToFloat64(left))).toEqual(expected)
        expect(exactToStrings(all)).toEqual(oracle.map(String))
        expect(Array.from(exactToFloat64(exactFromStrings(exactToStrings(left))))).toEqual(expected)
      }),
      { seed: 69, numRuns: 300 }
    )
  })
})
