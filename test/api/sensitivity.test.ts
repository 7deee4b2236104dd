/**
 * The sensitivity report's type follows the method: `{ method: "morris" }` gives effects whose
 * `muStar` is a number (no `?? 0` in a script), and the figures of the other methods are absent,
 * in the type and in the report; without a method, `report.method` narrows the results.
 */
import * as path from "node:path"
import { afterAll, describe, expect, expectTypeOf, it } from "vitest"
import { sensitivity } from "../../src/api/sensitivity.js"
import { closeIdleWorkers } from "../../src/engine/pool.js"
import type { MorrisEffect, OatEffect, SensitivityReport } from "../../src/stats/sensitivity/SensitivityReport.js"

const root = path.resolve(import.meta.dirname, "..", "..")
const restaurant = path.join(root, "scenarios", "restaurant.yaml")
const design = path.join(root, "docs", "designs", "restaurant-kitchen.yaml")
afterAll(async () => {
  await closeIdleWorkers()
})

describe("sensitivity's types", () => {
  it("a method in the options gives that method's report, with its figures as numbers", async () => {
    const r = await sensitivity(restaurant, design, { method: "morris", customers: 500 })
    expectTypeOf(r).toEqualTypeOf<SensitivityReport<"morris">>()
    expectTypeOf(r.results[0]!.effects[0]!).toEqualTypeOf<MorrisEffect>()
    expectTypeOf(r.results[0]!.effects[0]!.muStar).toEqualTypeOf<number>()
    expectTypeOf(r.results[0]!.effects[0]!.swing).toEqualTypeOf<undefined>()
    expect(r.method).toBe("morris")
    expect(r.results.length).toBeGreaterThan(0)
    for (const res of r.results) {
      for (const e of res.effects) {
        expect(Object.keys(e).sort()).toEqual(["mu", "muStar", "parameter", "rank", "sigma"])
        expect(Number.isFinite(e.muStar)).toBe(true)
      }
    }
  })

  it("without a method, the design's method is used, and the report's method narrows its results", async () => {
    const r = await sensitivity(restaurant, design, { customers: 500 })
    expectTypeOf(r).toEqualTypeOf<SensitivityReport>()
    // restaurant-kitchen.yaml asks for morris.
    expect(r.method).toBe("morris")
    if (r.method === "morris") expectTypeOf(r.results[0]!.effects[0]!).toEqualTypeOf<MorrisEffect>()
    if (r.method === "oat") expectTypeOf(r.results[0]!.effects[0]!).toEqualTypeOf<OatEffect>()
  })

  it("one at a time: the tornado's figures, and none of Morris's", async () => {
    const r = await sensitivity(restaurant, design, { method: "oat", customers: 500 })
    expectTypeOf(r.results[0]!.effects[0]!.swing).toEqualTypeOf<number>()
    for (const res of r.results) {
      for (const e of res.effects) {
        expect(Object.keys(e).sort()).toEqual(["atHigh", "atLow", "high", "low", "parameter", "rank", "swing"])
        expect(e.swing).toBe(Math.abs(e.atHigh - e.atLow))
      }
    }
  })
})
