/**
 * A script's wrong run option (customers, seed, workers, precision) is a typed `UsageError` that
 * names the function and the option, in the Promise and the Effect forms: never a report of -3
 * customers, never an engine precondition thrown as a plain Error.
 */
import * as Effect from "effect/Effect"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import * as fs from "node:fs"
import * as os from "node:os"
import { compare, load, simulate, simulateEffect, simulateScenario, validity } from "../../src/api.js"
import { calibrate } from "../../src/api/calibrate.js"
import { records, writeRecords } from "../../src/api/records.js"
import { sensitivity } from "../../src/api/sensitivity.js"
import { simulateShard } from "../../src/api/shards.js"
import { sweep } from "../../src/api/sweep.js"
import { closeIdleWorkers } from "../../src/engine/pool.js"
import { FileError, InvalidInput, UsageError } from "../../src/load/errors.js"

const root = path.resolve(import.meta.dirname, "..", "..")
const restaurant = path.join(root, "scenarios", "restaurant.yaml")
const design = path.join(root, "docs", "designs", "restaurant-kitchen.yaml")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-options-"))
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true })
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

  it("records, writeRecords and simulateShard reject a wrong option, and write nothing", async () => {
    const base = await load(restaurant)
    const iterate = async (): Promise<number> => {
      let n = 0
      for await (const _ of records(base, { customers: -3 })) n++
      return n
    }
    const r = await rejection(iterate())
    expect(r).toBeInstanceOf(UsageError)
    expect((r as UsageError).message).toBe("records: customers must be a whole number from 1 to 1000000000, got -3")
    const file = path.join(dir, "customers.csv")
    const w = await rejection(writeRecords(base, file, { customers: 2.5 }))
    expect((w as UsageError).message).toBe("writeRecords: customers must be a whole number from 1 to 1000000000, got 2.5")
    expect(fs.existsSync(file)).toBe(false)
    const s = await rejection(simulateShard(base, { shard: { index: 3, count: 2 } }))
    expect(s).toBeInstanceOf(UsageError)
    expect((s as UsageError).message).toBe("simulateShard: shard must be { index, count } with whole numbers 1 ≤ index ≤ count, got 3/2")
    const c = await rejection(simulateShard(base, { shard: { index: 1, count: 2 }, customers: 0 }))
    expect((c as UsageError).message).toBe("simulateShard: customers must be a whole number from 1 to 1000000000, got 0")
  })

  it("sweep and sensitivity reject a wrong option before running a point", async () => {
    const out = path.join(dir, "sweep.csv")
    const s = await rejection(sweep(restaurant, design, { out, customers: -3 }))
    expect(s).toBeInstanceOf(UsageError)
    expect((s as UsageError).message).toBe("sweep: customers must be a whole number from 1 to 1000000000, got -3")
    expect(fs.existsSync(out)).toBe(false)
    const shard = await rejection(sweep(restaurant, design, { out, shard: { index: 0, count: 2 } }))
    expect((shard as UsageError).message).toBe("sweep: shard must be { index, count } with whole numbers 1 ≤ index ≤ count, got 0/2")
    const n = await rejection(sensitivity(restaurant, design, { customers: -3 }))
    expect((n as UsageError).message).toBe("sensitivity: customers must be a whole number from 1 to 1000000000, got -3")
    // A JavaScript caller, or a value read from elsewhere, can pass a method the type does not allow.
    const m = await rejection(sensitivity(restaurant, design, JSON.parse('{"method":"tornado","customers":500}') as { readonly method: "oat" }))
    expect(m).toBeInstanceOf(UsageError)
    expect((m as UsageError).message).toBe('sensitivity: method must be one of oat, morris, sobol, got "tornado"')
  })

  it("validity rejects a wrong option before running an effect", async () => {
    const c = await rejection(validity({ customers: -3 }))
    expect(c).toBeInstanceOf(UsageError)
    expect((c as UsageError).message).toBe("validity: customers must be a whole number from 1 to 1000000000, got -3")
    const w = await rejection(validity({ customers: 100, workers: 0 }))
    expect((w as UsageError).message).toBe("validity: workers must be a whole number from 1 to 256, got 0")
  })

  it("calibrate rejects a wrong seed, workers or budget before reading the survey", async () => {
    const survey = { survey: path.join(root, "scenarios", "calibrate", "restaurant-survey.csv"), map: path.join(root, "scenarios", "calibrate", "restaurant-survey.map.yaml") }
    for (const [extra, message] of [
      [{ workers: 0 }, "calibrate: workers must be a whole number from 1 to 256, got 0"],
      [{ seed: -1 }, "calibrate: seed must be a whole number from 0 to 4294967295, got -1"],
      [{ budget: -1 }, "calibrate: budget must be a whole number from 1 to 1000000, got -1"]
    ] as const) {
      const e = await rejection(calibrate(restaurant, { ...survey, ...extra }))
      expect(e, JSON.stringify(extra)).toBeInstanceOf(UsageError)
      expect((e as UsageError).message).toBe(message)
    }
  })

  it("a right option still runs: the same report as without the check", async () => {
    const r = await simulate(restaurant, { customers: 3000, seed: 7, workers: 1 })
    expect(r.overall.n).toBe(3000)
    expect(r.population).toBe(3000)
  })
})

describe("library errors printed as they are", () => {
  it("an InvalidInput's message lists its problems as the command line does, the first five", async () => {
    const e = await rejection(simulate(restaurant, { variant: "faster-kitchn", customers: 10 }))
    expect(e).toBeInstanceOf(InvalidInput)
    expect(String(e).split(root).join("<root>")).toBe(
      'InvalidInput: 1 problem in the input:\n<root>/scenarios/restaurant.yaml: variants: there is no variant "faster-kitchn"\n    hint: did you mean "faster-kitchen"?'
    )
    const many = new InvalidInput({ issues: Array.from({ length: 7 }, (_, i) => ({ file: "s.yaml", line: i + 1, column: 3, path: `p${i}`, message: "wrong" })) })
    expect(many.message.split("\n")).toEqual(["7 problems in the input:", "s.yaml:1:3: p0: wrong", "s.yaml:2:3: p1: wrong", "s.yaml:3:3: p2: wrong", "s.yaml:4:3: p3: wrong", "s.yaml:5:3: p4: wrong", "and 2 more (see issues)"])
  })

  it("a FileError printed names its file", async () => {
    const missing = path.join(dir, "no-such-scenario.yaml")
    const e = await rejection(simulate(missing))
    expect(e).toBeInstanceOf(FileError)
    expect((e as FileError).message).toBe("no such file")
    expect(String(e)).toBe(`FileError: ${missing}: no such file`)
  })
})
