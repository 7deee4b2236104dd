/**
 * Levers and what-ifs: each lever moves what it says, in its unit and step; weights and shares
 * keep adding up to 1; undo and reset; and the what-if written as variant patches loads back,
 * through the real loader, as exactly the scenario that was simulated.
 */
import fc from "fast-check"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { leverGroups, nudge, parseTyped, reweigh, showWithUnit, withMean, withSpread, spreadOf, meanOf, type Lever } from "../../src/tui/Lever.js"
import { saveVariant } from "../../src/tui/saveVariant.js"
import * as W from "../../src/tui/WhatIf.js"
import { copyProject, removeProjects } from "./support.js"

let dir = ""
let restaurant: ResolvedScenario
let levers: ReadonlyArray<Lever>

beforeAll(async () => {
  dir = copyProject()
  restaurant = Object.freeze(await load(path.join(dir, "scenarios", "restaurant.yaml")))
  levers = leverGroups(restaurant).flatMap((g) => g.levers)
})
afterAll(removeProjects)

const lever = (id: string): Lever => {
  const l = levers.find((x) => x.id === id)
  if (l === undefined) throw new Error(`no lever ${id}`)
  return l
}

describe("levers", () => {
  it("lists each touchpoint's service, effort, failure, recovery and next steps, then the persona mix and the population", () => {
    const groups = leverGroups(restaurant)
    expect(groups.map((g) => g.id)).toEqual([...Object.keys(restaurant.journey.touchpoints), "personas", "population"])
    expect(groups.find((g) => g.id === "kitchen")?.levers.map((l) => l.label)).toEqual([
      "Waiting for the food · mean",
      "Waiting for the food · spread (sd)",
      "Food temperature · mean",
      "Food temperature · spread (sd)",
      "Effort of a visit",
      "Failure rate",
      "Recovery (staff-fix) · pain taken away"
    ])
    expect(groups.find((g) => g.id === "arrive")?.levers.map((l) => l.id)).toContain("arrive/next/order-in-app")
    expect(groups.find((g) => g.id === "personas")?.levers).toHaveLength(3)
  })

  it("steps a service level by a tenth of the dimension's scale, in its unit", () => {
    const wait = lever("kitchen/service/food-wait/mean")
    expect(wait.step).toBe(0.5)
    expect(showWithUnit(wait, wait.get(restaurant))).toBe("14.0 min")
    const faster = nudge(wait, restaurant, -1)
    expect(wait.get(faster)).toBe(13.5)
    expect(faster.journey.touchpoints["kitchen"]?.service?.["food-wait"]).toEqual({ dist: "lognormal", mean: 13.5, sd: 5 })
    // Nothing else moved, and the input was not mutated (it is frozen).
    expect({ ...faster, journey: restaurant.journey }).toEqual(restaurant)
    const temp = lever("kitchen/service/food-temperature/mean")
    expect(temp.step).toBe(0.6)
    expect(showWithUnit(temp, temp.get(nudge(temp, restaurant, 1)))).toBe("65.6 °C")
  })

  it("keeps next-step weights and persona shares adding up to 1", () => {
    const app = lever("arrive/next/order-in-app")
    const s = app.set(restaurant, 0.6)
    expect(s.journey.touchpoints["arrive"]?.next).toEqual({ "order-at-table": 0.4, "order-in-app": 0.6 })
    const family = lever("personas/family/share")
    const t = nudge(family, restaurant, 1)
    expect(t.personas.map((p) => p.share)).toEqual([0.369231, 0.4, 0.230769])
    expect(t.personas.reduce((a, p) => a + p.share, 0)).toBeCloseTo(1, 12)
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), { minKeys: 2, maxKeys: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (raw, v) => {
        const total = Object.values(raw).reduce((a, x) => a + x, 0)
        const weights = Object.fromEntries(Object.entries(raw).map(([k, x]) => [k, total > 0 ? x / total : 1 / Object.keys(raw).length]))
        const key = Object.keys(weights)[0] as string
        const out = reweigh(weights, key, v)
        expect(Object.keys(out)).toEqual(Object.keys(weights))
        expect(Math.abs(Object.values(out).reduce((a, x) => a + x, 0) - 1)).toBeLessThan(1e-9)
        for (const x of Object.values(out)) expect(x).toBeGreaterThanOrEqual(0)
        expect(out[key]).toBeCloseTo(v, 5)
      })
    )
  })

  it("moves any distribution's mean and spread without changing its shape", () => {
    const dists = [
      7,
      { dist: "fixed", value: 7 },
      { dist: "normal", mean: 7, sd: 2 },
      { dist: "truncnormal", mean: 7, sd: 2, min: 0, max: 20 },
      { dist: "lognormal", mean: 7, sd: 2 },
      { dist: "uniform", min: 5, max: 9 },
      { dist: "triangular", min: 4, mode: 6, max: 11 },
      { dist: "beta", alpha: 2, beta: 3, min: 2, max: 12 },
      { dist: "discrete", values: [5, 7, 9], weights: [1, 2, 1] }
    ] as const
    const dim = { unit: "min", better: "lower", scale: 5, min: 0 } as const
    for (const d of dists) {
      expect(meanOf(withMean(d, 9.5))).toBeCloseTo(9.5, 9)
      expect(spreadOf(withMean(d, 9.5))).toBeCloseTo(spreadOf(d), 9)
      const wider = withSpread(d, 3, dim)
      // Stretched parameters are kept to 6 decimals.
      expect(spreadOf(wider)).toBeCloseTo(3, 5)
      expect(meanOf(wider)).toBeCloseTo(meanOf(d), 5)
    }
    // A fixed level given a spread becomes a normal one within the dimension's bounds.
    expect(withSpread(7, 1, dim)).toEqual({ dist: "truncnormal", mean: 7, sd: 1, min: 0 })
  })

  it("reads typed values in the unit shown, and says what is expected", () => {
    expect(parseTyped(lever("kitchen/service/food-wait/mean"), "11")).toEqual({ value: 11 })
    expect(parseTyped(lever("kitchen/failure/rate"), "2.5%")).toEqual({ value: 0.025 })
    expect(parseTyped(lever("population"), "100,000")).toEqual({ value: 100000 })
    expect(parseTyped(lever("kitchen/service/food-wait/mean"), "soon")).toEqual({ problem: '"soon" is not a number' })
    expect(parseTyped(lever("kitchen/failure/rate"), "120")).toEqual({ problem: "Failure rate: at least 0% and at most 100%" })
    expect(parseTyped(lever("kitchen/service/food-wait/mean"), "-3")).toEqual({ problem: "Waiting for the food · mean: at least 0.05 min" })
  })
})

describe("a what-if", () => {
  it("undoes changes one by one, and a reset is undone like any change", () => {
    const wait = lever("kitchen/service/food-wait/mean")
    let w = W.start(restaurant)
    w = W.change(w, nudge(wait, w.current, -1))
    w = W.change(w, nudge(wait, w.current, -1))
    expect(wait.get(w.current)).toBe(13)
    expect(W.differences(w, leverGroups(restaurant)).map(W.describe)).toEqual(["kitchen · Waiting for the food · mean 14.0 → 13.0 min"])
    w = W.reset(w)
    expect(wait.get(w.current)).toBe(14)
    w = W.undo(w)
    expect(wait.get(w.current)).toBe(13)
    w = W.undo(w)
    w = W.undo(w)
    expect(w.current).toEqual({ ...restaurant, variant: W.WHAT_IF })
    expect(W.undo(w)).toBe(w)
  })

  it("is written as the smallest patches: a mean alone, a whole distribution only when its kind changes", () => {
    const s1 = lever("kitchen/service/food-wait/mean").set(restaurant, 11)
    const s2 = lever("arrive/next/order-in-app").set(s1, 0.6)
    const s3 = lever("staff-fix/failure/rate").set(lever("population").set(s2, 50000), 0.02)
    expect(W.toPatches(restaurant, s3)).toEqual([
      { set: "population", value: 50000 },
      { set: "journey.touchpoints.arrive.next", value: { "order-at-table": 0.4, "order-in-app": 0.6 } },
      { set: "journey.touchpoints.kitchen.service.food-wait.mean", value: 11 },
      { set: "journey.touchpoints.staff-fix.failure", value: { rate: 0.02 } }
    ])
  })

  it("loads back from the saved variant as exactly the scenario that was simulated", async () => {
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const move = fc.tuple(fc.nat({ max: levers.length - 1 }), fc.oneof(fc.constant<1 | -1>(1), fc.constant<1 | -1>(-1)), fc.integer({ min: 1, max: 4 }))
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 6 }), async (moves) => {
        let s: ResolvedScenario = restaurant
        for (const [i, sign, times] of moves) {
          const l = levers[i] as Lever
          // Keep runs quick: the population lever stays where it is.
          if (l.kind === "population") continue
          for (let k = 0; k < times; k++) s = nudge(l, s, sign)
        }
        if (W.problems(s).length > 0) return
        const patches = W.toPatches(restaurant, s)
        if (patches.length === 0) return
        const name = `prop-${++n}`
        await saveVariant({ source: file, target: file, name, description: "", patches })
        const back = await load(file, { variant: name })
        expect(back.journey).toEqual(s.journey)
        expect(back.personas.map((p) => [p.id, p.share])).toEqual(s.personas.map((p) => [p.id, p.share]))
        expect(back.population).toBe(s.population)
      }),
      { numRuns: 25, seed: 42 }
    )
  })
})
