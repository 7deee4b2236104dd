/**
 * The worker pool: runs the blocks of a block job (blockJob.ts) on worker threads, one per core
 * by default, or in this thread for small runs, and hands each block's result to the caller in
 * block order, whichever thread computed it (design.md, Scale; contract — determinism).
 *
 * - Start-up is paid once per run, not per block: each worker imports the job's module and
 *   calls its `init` with the payload once, then computes batches of blocks. Workers stay
 *   (unreferenced, so that they never keep the process alive) for the next run of the same
 *   process: a sweep of runs from the library pays their start-up once. A host that knows a run
 *   is coming (the command line, before it loads the scenario) can start them ahead
 *   (`prestartWorkers`), so that their start-up overlaps its own.
 * - With `mainThread`, this thread is one of the threads that compute (it would otherwise wait
 *   for the workers): a run on n threads starts n − 1 workers, one start-up and one heap fewer.
 *   It computes one block at a time, and between blocks hands out work and delivers results.
 * - Blocks are handed out dynamically, in small contiguous batches, two batches in flight per
 *   worker so that none waits for its next message; the batches shrink towards the end of the
 *   run, so that the threads finish together. Results that arrive ahead of an earlier batch wait
 *   in a window of bounded size: no block is handed out further than that window ahead of the
 *   oldest one not yet delivered, so memory stays bounded whatever the population.
 * - Cancellation (an AbortSignal) terminates the workers at once, even inside a block; or, with
 *   `keepWorkers`, lets each finish the block it is in and keeps it warm for the next run (a
 *   shared flag per worker, read between blocks, tells it which run its batches belong to). A
 *   worker that throws or exits is reported as a `WorkerError` with its cause; the others are
 *   stopped.
 *
 * No effect here: the caller (run.ts) wraps the Promise.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import type { BlockJob, BlockRunner } from "./blockJob.js"

/** A worker thread failed (threw, or exited) before the run was complete: exit code 4 at the CLI. */
export class WorkerError extends Error {
  readonly _tag = "WorkerError"
  // Printed as the other library errors are: "WorkerError: …", not "Error: …".
  override readonly name = "WorkerError"
}

/** The run was cancelled through its AbortSignal. */
export class Cancelled extends Error {
  readonly _tag = "Cancelled"
  override readonly name = "Cancelled"
  constructor() {
    super("the run was cancelled")
  }
}

export type Workers = number | "auto"

export interface PoolOptions {
  /** First block to run. */
  readonly from: number
  /** One past the last block to run. */
  readonly to: number
  /**
   * Worker threads: a number (1 runs in this thread, without workers), or "auto": one per core,
   * and this thread alone for small runs (AUTO_MIN_BLOCKS).
   * @default "auto"
   */
  readonly workers?: Workers | undefined
  /**
   * Receives each block's result, in block order; `result` is valid only during the call, or,
   * when the call returns a promise, until it settles (any other return value is ignored). A promise holds the delivery of later
   * blocks, and the pool hands out no block further than its window ahead (backpressure: a slow
   * consumer holds the workers, memory stays bounded).
   */
  readonly onBlock: (block: number, result: Float64Array) => unknown
  /** Called as results advance, with the number of blocks delivered so far. @default none */
  readonly onProgress?: ((blocksDone: number) => void) | undefined
  /** Cancels the run: workers are terminated and the promise rejects with `Cancelled`. @default none */
  readonly signal?: AbortSignal | undefined
  /**
   * On cancellation, keep the workers for the next run instead of terminating them: the promise
   * rejects with `Cancelled` at once, and each worker drops the rest of its batches at its next
   * block (the next run's work waits at most for the block in progress). For interactive hosts
   * that cancel often (the terminal UI); a block that never ends would hold its worker.
   * @default false
   */
  readonly keepWorkers?: boolean | undefined
  /**
   * This thread computes blocks too, as one of the `workers` threads: a run on n threads starts
   * n − 1 workers. It computes a block at a time and handles the workers' results, progress and
   * cancellation between blocks (a few milliseconds each), so the event loop stays responsive at
   * that grain. A block that throws in this thread is reported as a `WorkerError` ("worker 1 of
   * n"), as it would be from a worker.
   * @default false (the threads computing are all workers)
   */
  readonly mainThread?: boolean | undefined
}

/**
 * With workers "auto", runs of fewer blocks than this stay in this thread: starting workers and
 * compiling the kernel in each costs about 0.2 s, more than it saves on a small run. Once this
 * process has idle workers (a sweep), runs from AUTO_MIN_BLOCKS_WARM blocks use them.
 */
export const AUTO_MIN_BLOCKS = 64
export const AUTO_MIN_BLOCKS_WARM = 8

/** Cores this process may use. */
export const cores = (): number => os.availableParallelism()

/**
 * How many threads a run of `blocks` blocks uses for a `workers` setting (1: this thread alone);
 * with `mainThread`, this thread is one of them.
 */
export const threadsFor = (blocks: number, workers: Workers = "auto", mainThread = false): number => {
  if (blocks <= 1) return 1
  if (workers === "auto") {
    const warm = idle.length + (mainThread ? 1 : 0) >= Math.min(2, cores())
    return blocks < (warm ? AUTO_MIN_BLOCKS_WARM : AUTO_MIN_BLOCKS) ? 1 : Math.min(cores(), blocks)
  }
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`threadsFor requires a whole number of workers ≥ 1, got ${workers}`)
  return Math.min(workers, blocks)
}

/**
 * The URL a worker thread can load for a module URL: the module itself when it is JavaScript;
 * when running from the TypeScript sources (the tests), its build in dist/ if present, else
 * undefined (the run then stays in this thread).
 */
export const runnableUrl = (url: string): string | undefined => {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return url
  const file = fileURLToPath(url)
  const marker = `${path.sep}src${path.sep}`
  const at = file.lastIndexOf(marker)
  if (at < 0) return undefined
  const built = path.join(file.slice(0, at), "dist", file.slice(at + marker.length).replace(/\.ts$/, ".js"))
  return fs.existsSync(built) ? pathToFileURL(built).href : undefined
}

const workerUrl = (): string | undefined => runnableUrl(new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url).href)

/** Run blocks [from, to) of `job`; resolves once every block was delivered to `onBlock`. */
export const runPool = <P>(job: BlockJob<P>, payload: P, o: PoolOptions): Promise<void> => {
  if (!(Number.isInteger(o.from) && Number.isInteger(o.to) && 0 <= o.from && o.from <= o.to)) {
    return Promise.reject(new Error(`runPool requires a block range 0 ≤ from ≤ to, got ${o.from}..${o.to}`))
  }
  if (o.signal?.aborted === true) return Promise.reject(new Cancelled())
  const main = o.mainThread === true
  const threads = threadsFor(o.to - o.from, o.workers, main)
  const script = threads > 1 ? workerUrl() : undefined
  const module = threads > 1 ? runnableUrl(job.module) : undefined
  if (script === undefined || module === undefined) return runInProcess(job, payload, o)
  return runInWorkers(job, payload, o, threads, main, script, module)
}

/**
 * Start worker threads ahead of a run, so that their start-up (a Node.js environment each, and
 * the job's module, `jobModule`, a block job's `module` URL) overlaps the caller's own work; the
 * next runs of this process use them. Starts workers until `count` are idle; returns how many
 * it started. They are unreferenced: unused, they never keep the process alive. Best effort: a
 * module that fails to load here is loaded (and its error reported) by the run that needs it.
 */
export const prestartWorkers = (count: number, jobModule?: string): number => {
  const script = workerUrl()
  const module = jobModule === undefined ? undefined : runnableUrl(jobModule)
  if (script === undefined) return 0
  let started = 0
  while (idle.length < Math.min(count, cores())) {
    const w = spawnWorker(script)
    w.worker.unref()
    if (module !== undefined) w.worker.postMessage({ kind: "load", module })
    idle.push(w)
    started += 1
  }
  return started
}

/** Test-only fault injection, as in worker.ts: the command-line tests make a block fail this way. */
const faultAt = (): number => Number(process.env["CXSIM_TEST_WORKER_FAULT"] ?? NaN)

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** This thread alone: one block at a time, yielding to the event loop between blocks (signals, progress). */
const runInProcess = async <P>(job: BlockJob<P>, payload: P, o: PoolOptions): Promise<void> => {
  // The first block on the next turn, not during the call: the caller has its promise before any
  // onBlock or onProgress runs. An Effect's async register that starts a run and is interrupted
  // before it returns (a cancel from the first progress report) never sees its signal aborted:
  // the run went on to its last block after the Promise form had rejected with Cancelled.
  const aborted = (): boolean => o.signal?.aborted === true
  await nextTurn()
  if (aborted()) throw new Cancelled()
  const runner = job.init(payload)
  const out = new Float64Array(runner.runVariable === undefined ? runner.size : 0)
  for (let b = o.from; b < o.to; b++) {
    let result: Float64Array = out
    if (runner.runVariable === undefined) {
      out.fill(0)
      runner.run(b, out)
    } else result = runner.runVariable(b)
    const held = o.onBlock(b, result)
    if (held instanceof Promise) await held
    o.onProgress?.(b + 1 - o.from)
    await nextTurn()
    if (aborted()) throw new Cancelled()
  }
}

interface Batch {
  readonly to: number
  readonly data: Float64Array
  /** For results of varying length: where each block's result ends in `data`. */
  readonly ends: ReadonlyArray<number> | undefined
  /** Computed in this thread: its buffer is not lent to a worker afterwards. */
  readonly own?: boolean
}

const describeCause = (e: unknown): string => {
  if (e instanceof Error) return e.message === "" ? e.name : `${e.name === "Error" ? "" : `${e.name}: `}${e.message}`
  return String(e)
}

/** What a worker reports to the run it serves. */
interface Handler {
  readonly message: (msg: { readonly run: number; readonly from: number; readonly to: number; readonly length: number; readonly buffer: ArrayBuffer; readonly ends?: ReadonlyArray<number> }) => void
  readonly error: (e: unknown) => void
  readonly exit: (code: number) => void
}

/** A worker thread with one set of listeners for its whole life, handing events to its current run. */
interface PoolWorker {
  readonly worker: Worker
  handler: Handler | undefined
  /** Shared with the worker: entry 0 is the run its batches belong to (0: none); read between blocks. */
  readonly run: Int32Array
}

/**
 * The pool's state, one per process whichever copy of this module uses it: the command line's
 * bundles hold two (the head start's, which starts workers, and the commands', which use them).
 * - `idle`: workers kept between runs of this process: a later run skips their start-up and
 *   finds the kernel already compiled. They are unreferenced, so they never keep the process alive.
 * - `runs`: runs get distinct ids (their batches and results carry it): a worker's results of a
 *   cancelled run are recognised and dropped, and so are its batches of that run still waiting.
 */
const shared = ((globalThis as { [key: symbol]: unknown })[Symbol.for("cxsim.pool")] ??= { idle: [], runs: 0 }) as { readonly idle: PoolWorker[]; runs: number }
const idle = shared.idle

const spawnWorker = (script: string): PoolWorker => {
  const run = new Int32Array(new SharedArrayBuffer(4))
  const pw: PoolWorker = { worker: new Worker(new URL(script), { workerData: { run } }), handler: undefined, run }
  pw.worker.on("message", (msg) => pw.handler?.message(msg))
  pw.worker.on("error", (e) => pw.handler?.error(e))
  pw.worker.on("exit", (code) => {
    const i = idle.indexOf(pw)
    if (i >= 0) idle.splice(i, 1)
    pw.handler?.exit(code)
  })
  return pw
}

const acquire = (n: number, script: string): PoolWorker[] => {
  const ws: PoolWorker[] = []
  while (ws.length < n && idle.length > 0) ws.push(idle.pop()!)
  while (ws.length < n) ws.push(spawnWorker(script))
  for (const w of ws) w.worker.ref()
  return ws
}

const release = (ws: ReadonlyArray<PoolWorker>): void => {
  for (const w of ws) {
    w.handler = undefined
    Atomics.store(w.run, 0, 0)
    w.worker.unref()
    if (idle.length < cores()) idle.push(w)
    else void w.worker.terminate()
  }
}

const stop = (ws: ReadonlyArray<PoolWorker>): void => {
  for (const w of ws) {
    w.handler = undefined
    void w.worker.terminate()
  }
}

/** Terminate the idle workers (they end with the process anyway; tests and long-lived hosts may call it). */
export const closeIdleWorkers = async (): Promise<void> => {
  await Promise.all(idle.splice(0).map((w) => w.worker.terminate()))
}

/**
 * Run on `n` threads: n workers, or, with `main`, this thread and n − 1 workers (thread k of n is
 * "worker k" in errors; this thread is worker 1).
 */
const runInWorkers = <P>(job: BlockJob<P>, payload: P, o: PoolOptions, n: number, main: boolean, script: string, module: string): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const { from, to } = o
    // Small batches: a few per worker at the least, at most 8 blocks (tens of milliseconds).
    const batch = Math.max(1, Math.min(8, Math.ceil((to - from) / (n * 16))))
    const window = batch * n * 8
    /** This thread's runner, set up on its first turn. */
    let runner: BlockRunner | undefined
    const fault = main ? faultAt() : NaN
    const nw = main ? n - 1 : n
    const firstWorker = main ? 2 : 1
    let nextDispatch = from
    let nextDeliver = from
    const ready = new Map<number, Batch>()
    // Result buffers go back to the workers with their next batches, and this thread's to this
    // thread: no garbage per batch, so memory stays flat however many batches a run has.
    const spare: ArrayBuffer[] = []
    const spareOwn: Float64Array[] = []
    const workers = acquire(nw, script)
    const id = (shared.runs = (shared.runs % 0x7fffffff) + 1)
    for (const w of workers) Atomics.store(w.run, 0, id)
    const inFlight = workers.map(() => 0)
    let settled = false
    let mainScheduled = false

    const finish = (error?: Error): void => {
      if (settled) return
      settled = true
      o.signal?.removeEventListener("abort", onAbort)
      // After a complete run every worker is idle and can serve the next one; after a failure or
      // a cancellation, some may be busy or broken: they are stopped.
      if (error === undefined || (error instanceof Cancelled && o.keepWorkers === true)) release(workers)
      else stop(workers)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onAbort = (): void => finish(new Cancelled())
    o.signal?.addEventListener("abort", onAbort)

    const dispatch = (i: number): void => {
      const w = workers[i]!.worker
      while (inFlight[i]! < 2 && nextDispatch < to && nextDispatch < nextDeliver + window) {
        const f = nextDispatch
        // Towards the end, smaller batches: no thread is left with much to do while the others wait.
        const t = Math.min(to, f + Math.max(1, Math.min(batch, Math.ceil((to - f) / (n * 4)))), nextDeliver + window)
        nextDispatch = t
        inFlight[i]! += 1
        const buffer = spare.pop()
        if (buffer === undefined) w.postMessage({ kind: "batch", run: id, from: f, to: t })
        else w.postMessage({ kind: "batch", run: id, from: f, to: t, buffer }, [buffer])
      }
    }
    // Delivers the ready batches in block order. A consumer's promise pauses the delivery (the
    // pump resumes when it settles); batches that arrive meanwhile wait in `ready`.
    let pumping = false
    const pump = async (): Promise<void> => {
      if (pumping || settled) return
      pumping = true
      try {
        for (let r = ready.get(nextDeliver); r !== undefined; r = ready.get(nextDeliver)) {
          const first = nextDeliver
          const size = r.ends === undefined ? r.data.length / (r.to - first) : 0
          for (let b = first; b < r.to; b++) {
            const i = b - first
            const start = r.ends === undefined ? i * size : i === 0 ? 0 : r.ends[i - 1]!
            const end = r.ends === undefined ? start + size : r.ends[i]!
            const held = o.onBlock(b, r.data.subarray(start, end))
            if (held instanceof Promise) await held
            if (settled) return
          }
          ready.delete(first)
          nextDeliver = r.to
          if (r.own !== true) spare.push(r.data.buffer as ArrayBuffer)
          else if (runner !== undefined) spareOwn.push(runner.runVariable === undefined ? r.data : new Float64Array(r.data.buffer))
          o.onProgress?.(nextDeliver - from)
          for (let j = 0; j < nw; j++) dispatch(j)
          scheduleMain()
        }
        if (nextDeliver === to) finish()
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)))
      } finally {
        pumping = false
      }
    }

    workers.forEach((w, i) => {
      w.handler = {
        message: (msg) => {
          if (settled || msg.run !== id) return
          inFlight[i]! -= 1
          ready.set(msg.from, { to: msg.to, data: new Float64Array(msg.buffer, 0, msg.length), ends: msg.ends })
          void pump()
          for (let j = 0; j < nw; j++) dispatch(j)
        },
        error: (e) => finish(new WorkerError(`worker ${i + firstWorker} of ${n} failed: ${describeCause(e)}`, { cause: e })),
        exit: (code) => finish(new WorkerError(`worker ${i + firstWorker} of ${n} stopped (exit code ${code}) before the run was complete`))
      }
      w.worker.postMessage({ kind: "init", module, name: job.name, payload })
    })

    // This thread's share: the next block, whenever the window allows one, after the workers
    // have theirs (they never wait for this thread); one block per turn of the event loop, so
    // that the workers' results, progress and cancellation are handled between blocks.
    function scheduleMain(): void {
      if (!main || mainScheduled || settled || nextDispatch >= to || nextDispatch >= nextDeliver + window) return
      mainScheduled = true
      setImmediate(mainTurn)
    }
    const mainTurn = (): void => {
      mainScheduled = false
      if (settled || nextDispatch >= to || nextDispatch >= nextDeliver + window) return
      const b = nextDispatch
      nextDispatch = b + 1
      let data: Float64Array
      try {
        if (b === fault) throw new Error(`injected test fault at block ${b}`)
        runner ??= job.init(payload)
        if (runner.runVariable === undefined) {
          data = spareOwn.pop()?.fill(0) ?? new Float64Array(runner.size)
          runner.run(b, data)
        } else {
          // The runner reuses its result's memory for the next block: a copy waits for delivery,
          // in a spent buffer of this thread's when one is large enough.
          const r = runner.runVariable(b)
          let own = spareOwn.pop()
          if (own === undefined || own.length < r.length) own = new Float64Array(Math.max(r.length, 2 * (own?.length ?? 0)))
          own.set(r)
          data = own.subarray(0, r.length)
        }
      } catch (e) {
        return finish(new WorkerError(`worker 1 of ${n} failed: ${describeCause(e)}`, { cause: e }))
      }
      ready.set(b, { to: b + 1, data, ends: undefined, own: true })
      void pump()
      for (let j = 0; j < nw; j++) dispatch(j)
      scheduleMain()
    }

    for (let i = 0; i < nw; i++) dispatch(i)
    scheduleMain()
  })
