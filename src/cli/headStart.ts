/**
 * A head start for `cxsim run`: before the commands, effect and the scenario are loaded (a few
 * tenths of a second on one core), the run's worker threads are started and import the kernel on
 * the other cores, so that the run finds them ready (pool.ts, `prestartWorkers`).
 *
 * Only a guess from the arguments, never a decision: the run itself parses them properly and
 * uses these workers only if it needs them (an unused worker is unreferenced and ends with the
 * process). Workers are started only when the run will surely have some: `--workers N` (N ≥ 2),
 * or `--customers` enough for "auto" to use them. "Workers" counts the threads that compute, this
 * one included (engine/run.ts): N threads need N − 1 workers.
 *
 * Loaded on its own, before the commands: it imports the pool and nothing else of the engine.
 */
import { parseArgs } from "node:util"
import { cores, prestartWorkers, threadsFor } from "../engine/pool.js"

/** Customers per block (engine/kernel.ts BLOCK_SIZE, a constant of the format; not imported, to load nothing more here). */
const BLOCK = 1024

/** The worker threads `cxsim run ARGS` will use, as far as its arguments tell (0 when unsure). */
export const workersAhead = (args: ReadonlyArray<string>): number => {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...args],
      options: { workers: { type: "string" }, customers: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: false,
      allowPositionals: true
    }).values
  } catch {
    return 0
  }
  if (values["help"] !== undefined) return 0
  const number = (v: unknown): number | undefined => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined)
  const workers = number(values["workers"])
  const customers = number(values["customers"])
  if (values["workers"] !== undefined && (workers === undefined || workers < 1)) return 0
  const blocks = customers === undefined ? undefined : Math.ceil(customers / BLOCK)
  if (blocks === undefined) return workers === undefined ? 0 : Math.min(workers, cores()) - 1
  return Math.max(0, threadsFor(blocks, workers ?? "auto", true) - 1)
}

/** Start the workers `cxsim run ARGS` will use, loading the job's module (records or the simulation). */
export const headStart = (args: ReadonlyArray<string>): void => {
  const n = workersAhead(args)
  if (n <= 0) return
  const ts = import.meta.url.endsWith(".ts")
  const job = args.some((a) => a === "--records" || a.startsWith("--records=")) ? "recordsJob" : "simulateJob"
  prestartWorkers(n, new URL(`../engine/${job}.${ts ? "ts" : "js"}`, import.meta.url).href)
}
