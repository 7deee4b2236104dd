/**
 * The terminal UI's simulation thread: it compares a baseline and a what-if on the same
 * synthetic customers (compareEffect), reporting progress, so that the UI thread only draws and
 * reads keys. One job at a time; a stale job is not cancelled here but ended by terminating the
 * thread (Runner.ts).
 *
 * In: { job, baseline, whatIf, customers, seed }. Out: { job, type: "progress", done, total },
 * then { job, type: "result", report } or { job, type: "error", message }.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { parentPort } from "node:worker_threads"
import type { ResolvedScenario } from "../model/Resolved.js"
import { compareEffect } from "../api/compare.js"

export interface Job {
  readonly job: number
  readonly baseline: ResolvedScenario
  readonly whatIf: ResolvedScenario
  readonly customers: number
  readonly seed: number
}

const port = parentPort
if (port === null) throw new Error("tui/worker.ts requires to run as a worker thread")

port.on("message", (m: Job) => {
  const program = compareEffect(m.baseline, [m.whatIf], {
    customers: m.customers,
    seed: m.seed,
    // This thread is already off the UI thread; the second core serves the quick look.
    workers: 1,
    onProgress: (p) => port.postMessage({ job: m.job, type: "progress", done: p.done, total: p.total })
  })
  // Either: a refused what-if arrives as its issues, not wrapped in a fiber failure.
  Effect.runPromise(Effect.either(program)).then(
    (r) =>
      Either.isRight(r)
        ? port.postMessage({ job: m.job, type: "result", report: r.right })
        : port.postMessage({ job: m.job, type: "error", message: r.left._tag === "InvalidInput" ? r.left.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : r.left.message }),
    (e: unknown) => port.postMessage({ job: m.job, type: "error", message: e instanceof Error ? e.message : String(e) })
  )
})
