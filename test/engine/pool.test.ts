/**
 * The worker pool (pool.ts) with block jobs of its own (fixtures/jobs.mjs): results come back in
 * block order from several threads; a crash is reported with its cause; cancellation stops the
 * workers at once, or keeps them for the next run (keepWorkers); with mainThread, this thread
 * computes its share too. The tests run the built worker (dist/, built by globalSetup).
 */
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import type { BlockJob } from "../../src/engine/blockJob.js"
import { AUTO_MIN_BLOCKS_WARM, Cancelled, cores, prestartWorkers, runnableUrl, runPool, threadsFor, WorkerError } from "../../src/engine/pool.js"
import { simulateJob } from "../../src/engine/simulateJob.js"
import * as jobs from "./fixtures/jobs.mjs"

const job = <P>(j: unknown): BlockJob<P> => j as BlockJob<P>

const collect = async (j: BlockJob<unknown>, payload: unknown, from: number, to: number, workers: number, mainThread = false) => {
  const blocks: number[] = []
  const values: number[][] = []
  await runPool(j, payload, { from, to, workers, mainThread, onBlock: (b, r) => (blocks.push(b), values.push(Array.from(r))) })
  return { blocks, values }
}

describe("the pool's errors", () => {
  it("print with their class's name, as the library's other errors do", () => {
    expect(String(new Cancelled())).toBe("Cancelled: the run was cancelled")
    expect(String(new WorkerError("worker 2 exited with code 1"))).toBe("WorkerError: worker 2 exited with code 1")
    expect(new Cancelled().stack?.split("\n")[0]).toBe("Cancelled: the run was cancelled")
  })
})

describe("the worker pool", () => {
  it("runs the built worker: tests of the pool are not silently in process", () => {
    expect(runnableUrl(simulateJob.module)).toMatch(/\/dist\/engine\/simulateJob\.js$/)
    expect(threadsFor(100, 3)).toBe(3)
    expect(threadsFor(2, 3)).toBe(2)
    expect(threadsFor(5, "auto")).toBe(1)
  })

  it("hands out blocks to every worker and delivers the results in block order", async () => {
    const r = await collect(job(jobs.threads), { k: 3 }, 5, 205, 3)
    expect(r.blocks).toEqual(Array.from({ length: 200 }, (_, i) => 5 + i))
    expect(r.values.map((v) => v[0])).toEqual(r.blocks.map((b) => 3 * b))
    const threads = new Set(r.values.map((v) => v[1]))
    expect(threads.has(0)).toBe(false)
    expect(threads.size).toBe(3)
  })

  it("with mainThread, computes in this thread too, beside n − 1 workers, and delivers in block order", async () => {
    // The workers' first blocks wait until this thread has begun one: it computes some, whatever the timing.
    const r = await collect(job(jobs.threadsWithThisOne), { k: 5, flag: new SharedArrayBuffer(4) }, 3, 403, 3, true)
    expect(r.blocks).toEqual(Array.from({ length: 400 }, (_, i) => 3 + i))
    expect(r.values.map((v) => v[0])).toEqual(r.blocks.map((b) => 5 * b))
    // Thread 0 is this one; the blocks it computed are not all at one end (it takes its share as it goes).
    const threads = new Set(r.values.map((v) => v[1]))
    expect(threads.size).toBe(3)
    expect(threads.has(0)).toBe(true)
  })

  it("with mainThread, results of varying length from a runner that reuses its buffer arrive whole and in order, a slow consumer holding them", async () => {
    const blocks: number[] = []
    const threads = new Set<number>()
    const wrong: number[] = []
    await runPool(job(jobs.variableWithThisOne), { flag: new SharedArrayBuffer(4) }, {
      from: 0,
      to: 300,
      workers: 2,
      mainThread: true,
      onBlock: (b, r) => {
        blocks.push(b)
        threads.add(r[1]!)
        const length = 2 + 100 * ((37 * b) % 50)
        if (r.length !== length || r[0] !== b || r.some((v, i) => i >= 2 && v !== b + i)) wrong.push(b)
        // Every third block holds the delivery a turn: results pile up, this thread's among them.
        return b % 3 === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined
      }
    })
    expect(blocks).toEqual(Array.from({ length: 300 }, (_, i) => i))
    expect(wrong).toEqual([])
    expect(threads.has(0)).toBe(true)
    expect(threads.size).toBe(2)
  })

  it("with mainThread, a block that fails in this thread is reported as worker 1's, and so are the workers'", async () => {
    // Block 0 goes to the worker (its first batch), block 1 at the earliest to this thread: the
    // payload fails in both threads, so the first failure is reported whichever thread it was in.
    const run = collect(job(jobs.faulty), { at: 150 }, 0, 200, 2, true)
    await expect(run).rejects.toBeInstanceOf(WorkerError)
    await expect(run).rejects.toThrow(/^worker [12] of 2 failed: RangeError: block 150 is out of range$/)
    // The worker waits until this thread has begun a block, so the failure is this thread's whatever the timing.
    const inThisThread = collect(job(jobs.faultyHere), { at: 0, flag: new SharedArrayBuffer(4) }, 0, 200, 2, true)
    await expect(inThisThread).rejects.toThrow(/^worker 1 of 2 failed: RangeError: this thread fails$/)
  })

  it("starts workers ahead of a run, which uses them", async () => {
    const started = prestartWorkers(2, jobs.threads.module)
    expect(started).toBeGreaterThanOrEqual(0)
    const r = await collect(job(jobs.threads), { k: 1 }, 0, 64, 2)
    expect(r.blocks).toEqual(Array.from({ length: 64 }, (_, i) => i))
    expect(prestartWorkers(2)).toBe(0) // they are idle again, ready for the next run
  })

  it("keeps one list of idle workers per process, shared by every copy of the pool (the command line's two bundles)", async () => {
    prestartWorkers(2, jobs.threads.module)
    // The built pool is another copy of the module, with its own module state.
    const other = (await import(pathToFileURL(path.join(import.meta.dirname, "..", "..", "dist", "engine", "pool.js")).href)) as typeof import("../../src/engine/pool.js")
    expect(other.prestartWorkers).not.toBe(prestartWorkers)
    expect(other.prestartWorkers(2)).toBe(0) // the workers this copy started are idle there too
    expect(other.threadsFor(AUTO_MIN_BLOCKS_WARM, "auto")).toBe(Math.min(2, cores())) // and make it warm
    await other.closeIdleWorkers()
    expect(threadsFor(AUTO_MIN_BLOCKS_WARM, "auto")).toBe(1) // closed for this copy as well
  })

  it("runs in this thread with one worker, and for an empty range", async () => {
    const r = await collect(job(jobs.threads), { k: 1 }, 0, 10, 1)
    expect(new Set(r.values.map((v) => v[1]))).toEqual(new Set([0]))
    expect((await collect(job(jobs.threads), { k: 1 }, 4, 4, 2)).blocks).toEqual([])
  })

  it("reports a worker that throws, with its cause, and stops the others", async () => {
    const run = collect(job(jobs.faulty), { at: 37 }, 0, 100, 2)
    await expect(run).rejects.toBeInstanceOf(WorkerError)
    await expect(run).rejects.toThrow(/^worker [12] of 2 failed: RangeError: block 37 is out of range$/)
  })

  it("reports a worker that exits", async () => {
    await expect(collect(job(jobs.exits), { at: 11 }, 0, 40, 2)).rejects.toThrow(/^worker [12] of 2 stopped \(exit code 7\) before the run was complete$/)
  })

  it("stops when cancelled, even inside blocks that never end", async () => {
    // Cancelled on an event (the first block delivered), never after a delay; the other blocks
    // never end, so the run can only settle by terminating the workers (or the test times out).
    const controller = new AbortController()
    const delivered: number[] = []
    const run = runPool(job(jobs.stuck), {}, {
      from: 0,
      to: 32,
      workers: 2,
      signal: controller.signal,
      onBlock: (b) => {
        delivered.push(b)
        controller.abort()
      }
    })
    await expect(run).rejects.toBeInstanceOf(Cancelled)
    expect(delivered).toEqual([0])
  })

  it("with keepWorkers, a cancellation keeps the workers for the next run, which gets only its own results", async () => {
    const warm = await collect(job(jobs.threads), { k: 1 }, 0, 40, 2)
    const controller = new AbortController()
    const run = runPool(job(jobs.slow), { ms: 50 }, { from: 0, to: 1000, workers: 2, signal: controller.signal, keepWorkers: true, onBlock: () => controller.abort() })
    await expect(run).rejects.toBeInstanceOf(Cancelled)
    // Sent at once, while the workers may still be inside a block of the cancelled run.
    const next = await collect(job(jobs.threads), { k: 2 }, 0, 40, 2)
    expect(next.blocks).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(next.values.map((v) => v[0])).toEqual(next.blocks.map((b) => 2 * b))
    expect(new Set(next.values.map((v) => v[1]))).toEqual(new Set(warm.values.map((v) => v[1])))
  })
})
