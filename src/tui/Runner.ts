/**
 * Runs the comparison of the baseline and the what-if off the UI thread, on worker threads.
 *
 * Every change calls `request`; the run starts once changes have paused (debounced), and a run
 * still going when a new change arrives is stale: its thread is terminated at once (a thread deep
 * in the simulation loop cannot be asked to stop). Threads are started ahead, so that a run
 * never waits for one to load its code.
 *
 * With many customers, a quick look at a tenth of them runs on a second thread beside the full
 * run (the machine has two cores): it gives a first picture in a fraction of the time, with
 * wider intervals, until the full run replaces it.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { ComparisonReport } from "../stats/Comparison.js"
import type { Job } from "./worker.js"

export interface RunRequest {
  readonly baseline: ResolvedScenario
  readonly whatIf: ResolvedScenario
  /** Customers of each arm. */
  readonly customers: number
  readonly seed: number
}

export type RunEvent =
  /** A change arrived; a run starts when changes pause. */
  | { readonly type: "queued" }
  | { readonly type: "started"; readonly customers: number }
  /** Customers done in the full run. */
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  /**
   * `final` is false for the quick look. `ms` is the wall-clock time from the start of the run
   * (for display only; it is no part of any result).
   */
  | {
      readonly type: "result"
      readonly report: ComparisonReport
      /** The what-if the report is of (the request's object itself). */
      readonly whatIf: ResolvedScenario
      readonly customers: number
      readonly final: boolean
      readonly ms: number
    }
  | { readonly type: "error"; readonly message: string }

export interface Runner {
  /** Ask for a run of this what-if (the latest request wins). */
  readonly request: (r: RunRequest) => void
  /** Listen to the runner's events; returns the function that stops listening. */
  readonly subscribe: (listener: (e: RunEvent) => void) => () => void
  /** Drop the pending and the running work (another scenario is being opened). */
  readonly cancel: () => void
  /** Stop everything: pending and running work, and every thread. */
  readonly close: () => void
}

export interface RunnerOptions {
  /**
   * Milliseconds without a change before a run starts.
   * @default 250
   */
  readonly debounceMs?: number
  /**
   * From how many customers a quick look at a tenth of them runs beside the full run; `Infinity`
   * turns it off.
   * @default 50000
   */
  readonly quickLookFrom?: number
}

/**
 * The compiled worker script, found relative to this module: beside it in dist/, or, when this
 * module runs from the TypeScript sources (the tests), in dist/ of the same package.
 */
export const workerFile = (): string => {
  const here = fileURLToPath(import.meta.url)
  if (!here.endsWith(".ts")) return path.join(path.dirname(here), "worker.js")
  const marker = `${path.sep}src${path.sep}`
  const at = here.lastIndexOf(marker)
  return path.join(here.slice(0, at), "dist", "tui", "worker.js")
}

type FromWorker =
  | { readonly job: number; readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly job: number; readonly type: "result"; readonly report: ComparisonReport }
  | { readonly job: number; readonly type: "error"; readonly message: string }

interface Running {
  readonly whatIf: ResolvedScenario
  readonly job: number
  readonly generation: number
  readonly final: boolean
  readonly customers: number
  readonly started: number
}

/** Start the runner: its threads load while the UI opens. */
export const makeRunner = (options: RunnerOptions = {}): Runner => {
  const debounceMs = options.debounceMs ?? 250
  const quickLookFrom = options.quickLookFrom ?? 50_000
  const file = workerFile()
  const listeners = new Set<(e: RunEvent) => void>()
  const emit = (e: RunEvent): void => {
    for (const l of [...listeners]) l(e)
  }
  const idle: Worker[] = []
  const busy = new Map<Worker, Running>()
  let generation = 0
  let nextJob = 1
  let finalDone = false
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const spares = quickLookFrom === Infinity ? 1 : 2

  const spawn = (): Worker | undefined => {
    if (!fs.existsSync(file)) {
      emit({ type: "error", message: `the simulation thread ${file} is missing: build cxsim first (npm run build)` })
      return undefined
    }
    const w = new Worker(file)
    w.unref()
    w.on("message", (m: FromWorker) => {
      const run = busy.get(w)
      if (run === undefined || run.job !== m.job) return
      const current = run.generation === generation
      if (m.type === "progress") {
        if (current && run.final) emit({ type: "progress", done: m.done, total: m.total })
        return
      }
      busy.delete(w)
      if (!closed && idle.length < spares) idle.push(w)
      else void w.terminate()
      if (busy.size === 0) fill()
      if (!current) return
      if (m.type === "error") {
        emit({ type: "error", message: m.message })
        return
      }
      if (!run.final && finalDone) return
      if (run.final) finalDone = true
      // Wall-clock time for display only; no result depends on it.
      emit({ type: "result", report: m.report, whatIf: run.whatIf, customers: run.customers, final: run.final, ms: performance.now() - run.started })
    })
    w.on("error", (e) => {
      const run = busy.get(w)
      busy.delete(w)
      const i = idle.indexOf(w)
      if (i >= 0) idle.splice(i, 1)
      if (run !== undefined && run.generation === generation) emit({ type: "error", message: `the simulation thread failed: ${e.message}` })
    })
    return w
  }

  const fill = (): void => {
    while (!closed && idle.length < spares) {
      const w = spawn()
      if (w === undefined) return
      idle.push(w)
    }
  }

  const cancelRunning = (): void => {
    for (const w of busy.keys()) void w.terminate()
    busy.clear()
  }

  const start = (r: RunRequest): void => {
    if (closed) return
    const gen = generation
    finalDone = false
    const started = performance.now() // display only
    const jobs: Array<{ final: boolean; customers: number }> = [{ final: true, customers: r.customers }]
    if (r.customers >= quickLookFrom) jobs.push({ final: false, customers: Math.max(1, Math.round(r.customers / 20)) })
    emit({ type: "started", customers: r.customers })
    for (const j of jobs) {
      const w = idle.shift() ?? spawn()
      if (w === undefined) return
      const job = nextJob++
      busy.set(w, { whatIf: r.whatIf, job, generation: gen, final: j.final, customers: j.customers, started })
      const message: Job = { job, baseline: r.baseline, whatIf: r.whatIf, customers: j.customers, seed: r.seed }
      w.postMessage(message)
    }
  }

  fill()
  return {
    request: (r) => {
      if (closed) return
      generation++
      // Threads that were running are stale: new ones load during the pause before the run
      // (never during a run, where loading code would slow it down).
      if (busy.size > 0) {
        cancelRunning()
        fill()
      }
      if (timer !== undefined) clearTimeout(timer)
      emit({ type: "queued" })
      timer = setTimeout(() => {
        timer = undefined
        start(r)
      }, debounceMs)
    },
    cancel: () => {
      generation++
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (busy.size > 0) {
        cancelRunning()
        fill()
      }
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => {
      closed = true
      if (timer !== undefined) clearTimeout(timer)
      cancelRunning()
      for (const w of idle.splice(0)) void w.terminate()
      listeners.clear()
    }
  }
}
