/**
 * The default parameter set is a first look (docs/calibrate.md): a calibration that names no
 * parameters says so among its warnings, with what to do; one that names them does not.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { calibrateData } from "../../src/calibrate/calibrate.js"
import { syntheticSurvey } from "./synthetic.js"

// One persona, three dimensions delivered at fixed levels: a small default set, a quick fit.
const file = "scenarios/validity/as-expected.yaml"
const quick = { seed: 3, customers: 600, workers: 1, budget: 8, replicates: 4 } as const

describe("the default parameter set", () => {
  it("is named a first look in the warnings, with what to do; a named set is not", async () => {
    const data = await Effect.runPromise(syntheticSurvey(file, { seed: 9, respondents: 400, period: 1 }))
    const byDefault = await Effect.runPromise(calibrateData(file, data, {}, quick))
    const first = byDefault.result.warnings.filter((w) => w.includes("default set"))
    expect(first).toHaveLength(1)
    expect(first[0]).toContain(`the default set's ${byDefault.result.parameters.length} were fitted`)
    expect(first[0]).toContain("calibrate: parameters:")
    const named = await Effect.runPromise(calibrateData(file, data, { parameters: [{ path: "model.satisfactionBias" }] }, quick))
    expect(named.result.warnings.some((w) => w.includes("default set"))).toBe(false)
  }, 60_000)
})
