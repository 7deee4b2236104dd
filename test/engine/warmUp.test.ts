/**
 * The workers' warm-up (warmUp.ts): the build's model survives its JSON form exactly, the warm-up
 * ends by itself, and warming the kernel up on one model changes nothing of another model's
 * results, in this thread or in a worker started ahead with the warm-up (pool.ts).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import { compile } from "../../src/engine/compile.js"
import { closeIdleWorkers, prestartWorkers, runPool, WARM_UP_FILE } from "../../src/engine/pool.js"
import { runSync, withRun } from "../../src/engine/run.js"
import { simulateJob } from "../../src/engine/simulateJob.js"
import { modelFromJson, modelToJson, warmUp, WARM_UP_BLOCKS, WARM_UP_STEPS } from "../../src/engine/warmUp.js"

const shop = async (customers: number) => withRun(compile(await load("bench/scale/scenarios/shop.yaml")), { customers, seed: 7 })
const restaurant = async () => withRun(compile(await load("scenarios/restaurant.yaml")), { customers: WARM_UP_BLOCKS * 1024 })

describe("the workers' warm-up", () => {
  it("keeps a compiled model exact through its JSON form: every typed array of the same kind and values", async () => {
    const m = await restaurant()
    const back = modelFromJson(modelToJson(m))
    expect(back).toStrictEqual(m)
    expect(back.svcParam).toBeInstanceOf(Float64Array)
    expect(back.svcKind).toBeInstanceOf(Int32Array)
    expect(back.notices).toBeInstanceOf(Uint8Array)
    expect([...back.dimMax, ...back.dimMin].some((x) => !Number.isFinite(x))).toBe(true) // unbounded dimensions: infinite bounds
    const odd = { ...m, seed: -0, dimMax: Float64Array.of(-0, NaN, -Infinity, 0.1 + 0.2), start: Infinity }
    expect(modelFromJson(modelToJson(odd))).toStrictEqual(odd)
    expect(() => modelFromJson('{"x":{"$typed":"Array","values":[1]}}')).toThrow(/^modelFromJson requires typed arrays of a known kind, got Array$/)
  })

  it("ends by itself after WARM_UP_STEPS steps", async () => {
    const step = warmUp(await restaurant())
    let steps = 1
    while (step()) steps += 1
    expect(steps).toBe(WARM_UP_STEPS)
    expect(step()).toBe(false)
  })

  it("changes nothing of another model's results: the kernel keeps no state between models", async () => {
    const m = await shop(3 * 1024 + 100)
    const before = runSync(m).acc
    const step = warmUp(await restaurant())
    for (let i = 0; i < 50; i++) step()
    const after = runSync(m).acc
    expect(after).toStrictEqual(before)
    expect(before.some((x) => x !== 0)).toBe(true)
  })

  it("is written by the build beside the worker, and a worker started ahead with it gives the run's exact results", async () => {
    const file = path.join(import.meta.dirname, "..", "..", "dist", "engine", WARM_UP_FILE)
    const built = modelFromJson(fs.readFileSync(file, "utf8"))
    expect(built.population).toBe(WARM_UP_BLOCKS * 1024)
    const m = await shop(40 * 1024)
    await closeIdleWorkers()
    expect(prestartWorkers(2, simulateJob.module, { warmUp: true })).toBeGreaterThan(0)
    // Time for the worker to load the kernel and warm it up on the build's model.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const collect = async (workers: number) => {
      const blocks: Float64Array[] = []
      await runPool(simulateJob, m, { from: 0, to: 40, workers, onBlock: (_, r) => void blocks.push(r.slice()) })
      return blocks
    }
    const warmed = await collect(2)
    const here = await collect(1)
    expect(warmed).toHaveLength(40)
    expect(warmed).toStrictEqual(here)
    await closeIdleWorkers()
  })
})
