/**
 * A script's wrong run option (customers, seed, workers, precision) is a typed `UsageError` that
 * names the function and the option, in the Promise and the Effect forms: never a report of -3
 * customers, never an engine precondition thrown as a plain Error.
 */
import * as Effect from "effect/Effect"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { compare, load, simulate, simulateEffect, simulateScenario } from "../../src/api.js"
import { closeIdleWorkers } from "../../src/engine/pool.js"
import { UsageError } from "../../src/load/errors.js"

const root = path.resolve(import.meta.dirname, "..", "..")
const restaurant = path.join(root, "scenarios", "restaurant.yaml")
afterAll(async () => {
  await closeIdleWorkers()
})

const rejection = async (p: Promise<unknown>): Promise<unknown> => p.then(() => "resolved", (e: unknown) => e)

describe("library run options", () => {
  it.each([
    [{ customers: -3 }, "simulate: customers must be a whole number from 1 to 1000000000, got -3"],
    [{ customers: 0 }, "simulate: customers must be a whole number from 1 to 1000000000, got 0"],
    [{ customers: 2.5 }, "simulate: customers must be a whole number from 1 to 1000000000, got 2.5"],
    [{ customers: Number.NaN }, "simulate: customers must be a whole number from 1 to 1000000000, got NaN"],
    [{ seed: -1 }, "simulate: seed must be a whole number from 0 to 4294967295, got -1"],
    [{ workers: 0 }, "simulate: workers must be a whole number from 1 to 256, got 0"]
  ])("simulate(file, %j) rejects with a UsageError", async (options, message) => {
    const e = await rejection(simulate(restaurant, options))
    expect(e).toBeInstanceOf(UsageError)
    expect((e as UsageError).message).toBe(message)
  })

  it("checks the options before reading the file, and in the Effect form too", async () => {
    const e = await Effect.runPromise(Effect.flip(simulateEffect("no-such-file.yaml", { customers: -1 })))
    expect(e._tag).toBe("UsageError")
  })

  it("simulateScenario and compare reject a wrong option the same way", async () => {
    const base = await load(restaurant)
    const fast = await load(restaurant, { variant: "faster-kitchen" })
    const s = await rejection(simulateScenario(base, { customers: 1.5 }))
    expect(s).toBeInstanceOf(UsageError)
    expect((s as UsageError).message).toBe("simulate: customers must be a whole number from 1 to 1000000000, got 1.5")
    const c = await rejection(compare(base, [fast], { customers: -10 }))
    expect(c).toBeInstanceOf(UsageError)
    expect((c as UsageError).message).toBe("compare: customers must be a whole number from 1 to 1000000000, got -10")
    const p = await rejection(compare(base, [fast], { customers: 2000, precision: 0 }))
    expect(p).toBeInstanceOf(UsageError)
    expect((p as UsageError).message).toBe("compare: precision must be a number above 0 (NPS points), got 0")
  })

  it("a right option still runs: the same report as without the check", async () => {
    const r = await simulate(restaurant, { customers: 3000, seed: 7, workers: 1 })
    expect(r.overall.n).toBe(3000)
    expect(r.population).toBe(3000)
  })
})
