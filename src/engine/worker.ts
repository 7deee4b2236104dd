/**
 * The entry point of a pool worker thread (see pool.ts). A worker serves one run after another:
 * for each run it is told the block job (module URL and export name) and its payload, imports
 * the module (once: later runs reuse it, and the code the optimising compiler has warmed), sets
 * the job up once, then computes the batches of blocks it is sent, each into one buffer that is
 * transferred back (no copy).
 *
 * Messages in:  { kind: "load", module } — import a job's module ahead of its run (a worker
 *               started ahead, pool.ts `prestartWorkers`); best effort: an error is left to the
 *               init that needs the module;
 *               { kind: "init", module, name, payload } — the next run's job;
 *               { kind: "batch", run, from, to, buffer? } — compute blocks [from, to) of the
 *               current job, into `buffer` when one is lent back (a spent result buffer).
 * Messages out: { run, from, to, length, buffer, ends? } — the batch's results, block after
 *               block, in the first `length` entries of `buffer`; for results of varying length,
 *               `ends[i]` is where block from + i's result ends.
 * Shared:       workerData.run, an Int32Array on shared memory: the run the pool wants results
 *               of. Before each block, a batch of another run (one cancelled) is dropped, with
 *               no reply.
 */
import { parentPort, workerData } from "node:worker_threads"
import type { BlockJob, BlockRunner } from "./blockJob.js"

type Message =
  | { readonly kind: "load"; readonly module: string }
  | { readonly kind: "init"; readonly module: string; readonly name: string; readonly payload: unknown }
  | { readonly kind: "batch"; readonly run: number; readonly from: number; readonly to: number; readonly buffer?: ArrayBuffer }

const port = parentPort
if (port === null) throw new Error("worker.ts requires to run as a worker thread")
const wanted = (workerData as { readonly run: Int32Array }).run
/** Whether the pool still wants the results of run `run`. */
const live = (run: number): boolean => Atomics.load(wanted, 0) === run

// Test-only fault injection: the command-line tests make a worker fail at a given block this way,
// to check how a crash is reported. Not a user setting.
const faultAt = Number(process.env["CXSIM_TEST_WORKER_FAULT"] ?? NaN)

let current: Promise<BlockRunner> = Promise.reject(new Error("worker requires an init message before its first batch"))
current.catch(() => {})

const setUp = async (module: string, name: string, payload: unknown): Promise<BlockRunner> => {
  const mod = (await import(module)) as Record<string, unknown>
  const job = mod[name] as BlockJob<unknown> | undefined
  if (job === undefined || typeof job.init !== "function") throw new Error(`worker requires ${module} to export a block job named ${name}`)
  return job.init(payload)
}

/** Blocks of varying length: each result copied after the previous one; `ends` says where each stops. */
const runVariableBatch = (runVariable: (block: number) => Float64Array, run: number, from: number, to: number, reuse: ArrayBuffer | undefined): void => {
  let buffer = reuse === undefined ? new Float64Array(0) : new Float64Array(reuse)
  let length = 0
  const ends: number[] = []
  for (let b = from; b < to; b++) {
    if (!live(run)) return
    if (b === faultAt) throw new Error(`injected test fault at block ${b}`)
    const r = runVariable(b)
    if (length + r.length > buffer.length) {
      const bigger = new Float64Array(Math.max(2 * buffer.length, length + r.length))
      bigger.set(buffer.subarray(0, length))
      buffer = bigger
    }
    buffer.set(r, length)
    length += r.length
    ends.push(length)
  }
  port.postMessage({ run, from, to, length, buffer: buffer.buffer, ends }, [buffer.buffer])
}

const runBatch = (runner: BlockRunner, run: number, from: number, to: number, reuse: ArrayBuffer | undefined): void => {
  if (runner.runVariable !== undefined) return runVariableBatch(runner.runVariable, run, from, to, reuse)
  const size = runner.size
  const length = (to - from) * size
  const buffer = reuse !== undefined && reuse.byteLength >= length * 8 ? new Float64Array(reuse, 0, length).fill(0) : new Float64Array(length)
  for (let b = from; b < to; b++) {
    if (!live(run)) return
    if (b === faultAt) throw new Error(`injected test fault at block ${b}`)
    runner.run(b, buffer.subarray((b - from) * size, (b - from + 1) * size))
  }
  port.postMessage({ run, from, to, length, buffer: buffer.buffer }, [buffer.buffer])
}

port.on("message", (msg: Message) => {
  if (msg.kind === "load") import(msg.module).catch(() => {})
  else if (msg.kind === "init") {
    current = setUp(msg.module, msg.name, msg.payload)
    current.catch(fail)
  } else current.then((runner) => runBatch(runner, msg.run, msg.from, msg.to, msg.buffer)).catch(fail)
})

// An error thrown in a promise callback would only be an unhandled rejection: make it the
// worker's error, which the pool reports with its cause.
function fail(e: unknown): void {
  setImmediate(() => {
    throw e
  })
}
