/**
 * The Promise forms cancel through `signal`: aborting it stops the run (in this thread or on
 * workers) and the Promise rejects with `Cancelled`; an aborted signal cancels before any
 * customer runs; a signal that is never aborted changes nothing. Cancelling waits for an event
 * (the first progress report), never for a time.
 */
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { Cancelled, compare, load, simulate, simulateScenario } from "../../src/index.js"

const restaurant = path.resolve(import.meta.dirname, "..", "..", "scenarios", "restaurant.yaml")

/** `n` turns of the event loop: a run in this thread computes a block a turn. */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

/**
 * A run far longer than the test, cancelled at its first progress report; `later`: the progress
 * reports after the rejection, over 50 more turns of the event loop (none once the run stopped).
 */
const cancelledAtFirstProgress = async (workers: number): Promise<{ readonly error: unknown; readonly reports: number; readonly later: number }> => {
  const stop = new AbortController()
  let reports = 0
  const error = await simulate(restaurant, {
    customers: 50_000_000,
    workers,
    signal: stop.signal,
    onProgress: () => {
      reports++
      stop.abort()
    }
  }).then(
    () => undefined,
    (e: unknown) => e
  )
  const atRejection = reports
  await turns(50)
  return { error, reports: atRejection, later: reports - atRejection }
}

describe("cancelling a Promise form with signal", () => {
  it("rejects with Cancelled once the signal is aborted, in this thread and on workers", async () => {
    for (const workers of [1, 2]) {
      const { error, reports, later } = await cancelledAtFirstProgress(workers)
      expect(error, `workers ${workers}`).toBeInstanceOf(Cancelled)
      expect((error as Cancelled)._tag).toBe("Cancelled")
      // Stopped near the start: 50 million customers report about 48,800 blocks.
      expect(reports).toBeLessThan(1000)
      // And stopped for good: no block is computed after the Promise rejected.
      expect(later, `workers ${workers}: progress after the rejection`).toBe(0)
    }
  }, 120_000)

  it("an aborted signal cancels before any customer runs; compare cancels too", async () => {
    let reports = 0
    const error = await simulate(restaurant, { customers: 100_000, signal: AbortSignal.abort(), onProgress: () => reports++ }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Cancelled)
    expect(reports).toBe(0)
    const base = await load(restaurant)
    const faster = await load(restaurant, { variant: "faster-kitchen" })
    await expect(compare(base, [faster], { customers: 10_000, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(Cancelled)
  })

  it("a signal never aborted changes nothing", async () => {
    const s = await load(restaurant)
    const plain = await simulateScenario(s, { customers: 5000, workers: 1 })
    const withSignal = await simulateScenario(s, { customers: 5000, workers: 1, signal: new AbortController().signal })
    expect(JSON.stringify(withSignal)).toBe(JSON.stringify(plain))
  })
})
