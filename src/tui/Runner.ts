/**
 * Runs the comparison of the baseline and the what-if off the UI thread, on the engine's worker
 * pool (engine/pool.ts), kept warm from one change to the next.
 *
 * - The baseline does not change while a lever moves: its arm is simulated once per baseline,
 *   population and seed, with its per-customer outcomes kept on shared memory (whatIfJob.ts),
 *   and each change runs the what-if's arm alone, paired customer by customer with the kept
 *   outcomes. Kept block by block: the blocks a cancelled run delivered stay kept. Up to
 *   KEEP_BASELINE_UP_TO customers; beyond, both arms run at every change.
 * - Every change calls `request`; the run starts once changes have paused for `debounceMs`
 *   (none by default). A run still going when a new change arrives is stale: it is cancelled,
 *   each worker stopping at the end of the block it is in, and none of its results shows.
 * - With many customers, the first blocks (a twentieth of the customers, in whole blocks) give a
 *   quick look, with wider intervals, as soon as they are done; they are part of the full run,
 *   which goes on (no block runs twice). Blocks are delivered in order, so the quick look always
 *   comes before the full result of the same run.
 *
 * The full result is the library's `compare` of the baseline and the what-if with the same
 * customers and seed, bit for bit: the same blocks, the same pairing, exact totals (adding the
 * kept baseline's totals gives the same sums as adding its blocks again).
 */
import { addExact, addExactTotals, exactToFloat64, makeExact, type Exact } from "../engine/accumulator.js"
import { BLOCK_SIZE } from "../engine/kernel.js"
import { Cancelled, cores, runPool } from "../engine/pool.js"
import { blockCount, customersIn, prepare, withRun } from "../engine/run.js"
import type { CompiledModel } from "../engine/compile.js"
import { checkResolved } from "../load/checkResolved.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { ComparisonReport } from "../stats/Comparison.js"
import { comparisonReport } from "../stats/compare.js"
import { compareJob, compareLayout, type CompareLayout, type CompareModels } from "../stats/pairBlock.js"
import { makeStore, whatIfJob, type BaselineStore } from "./whatIfJob.js"

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
  /**
   * A run started: `arms` is 1 when the baseline's outcomes are kept for every block and only the
   * what-if runs, 2 when both arms run for some blocks (a new baseline, population or seed, a
   * run before that was cancelled half-way, or beyond KEEP_BASELINE_UP_TO customers).
   */
  | { readonly type: "started"; readonly customers: number; readonly arms: 1 | 2 }
  /** Customers done in the full run. */
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  /**
   * `final` is false for the quick look, which always comes before the full result of its run.
   * `ms` is the wall-clock time from the start of the run (for display only; it is no part of
   * any result).
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
  /**
   * Stop everything: pending and running work, and the kept baseline. The pool's idle threads are
   * the process's, not the runner's: they stay warm for the next runs of the process (unreferenced,
   * they never keep it alive, and the pool keeps no more than one a core).
   */
  readonly close: () => void
}

export interface RunnerOptions {
  /**
   * Milliseconds without a change before a run starts. A change cancels the run in flight at
   * its next block anyway, so no pause is needed for the runs to keep up with the keys.
   * @default 0
   */
  readonly debounceMs?: number
  /**
   * From how many customers a quick look at the first twentieth of them (whole blocks) comes
   * before the full result; `Infinity` turns it off.
   * @default 50000
   */
  readonly quickLookFrom?: number
}

/** Up to this many customers, the baseline's outcomes are kept (about 51 bytes a customer). */
export const KEEP_BASELINE_UP_TO = 1_000_000

/** Customers of the quick look of a run of `customers`: a twentieth of them, in whole blocks. */
export const quickLookCustomers = (customers: number): number => Math.min(customers, Math.ceil(customers / 20 / BLOCK_SIZE) * BLOCK_SIZE)

/** The baseline kept for one (baseline, customers, seed): its blocks captured so far (store.captured). */
interface Kept {
  readonly baseline: ResolvedScenario
  readonly customers: number
  readonly seed: number
  readonly model: CompiledModel
  readonly store: BaselineStore
  /** The baseline accumulator's exact totals over the captured blocks, and over those of the quick look. */
  readonly full: Exact
  readonly quick: Exact
  /** Blocks captured. */
  count: number
}

/** The first `size` entries of exact totals, as exact totals (a view: adding into it adds into `e`). */
const head = (e: Exact, size: number): Exact => ({ hi: e.hi.subarray(0, size), lo: e.lo.subarray(0, size), wide: e.wide })

const copyExact = (e: Exact): Exact => {
  const c = makeExact(e.hi.length)
  addExactTotals(c, e)
  return c
}

// A scenario's problems, as `compare` would refuse it; computed once per scenario object (undo
// brings earlier what-ifs back).
const checked = new WeakMap<ResolvedScenario, string>()
const problemsOf = (s: ResolvedScenario): string => {
  let p = checked.get(s)
  if (p === undefined) {
    p = checkResolved(s)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ")
    checked.set(s, p)
  }
  return p
}

/** Start the runner. */
export const makeRunner = (options: RunnerOptions = {}): Runner => {
  const debounceMs = options.debounceMs ?? 0
  const quickLookFrom = options.quickLookFrom ?? 50_000
  const workers = Math.max(2, cores())
  const listeners = new Set<(e: RunEvent) => void>()
  const emit = (e: RunEvent): void => {
    for (const l of [...listeners]) l(e)
  }
  let generation = 0
  let running: AbortController | null = null
  let timer: NodeJS.Timeout | undefined
  let closed = false
  let kept: Kept | null = null

  const stopRunning = (): void => {
    running?.abort()
    running = null
  }

  const start = (r: RunRequest): void => {
    if (closed) return
    const gen = generation
    const current = (): boolean => gen === generation && !closed
    const started = performance.now() // display only
    const { customers, seed } = r
    // Refused input shows as its problems, never as a result. The check runs once the workers
    // have their blocks (it takes milliseconds on this thread), and before any result shows.
    let verdict: boolean | undefined
    const valid = (): boolean => {
      if (verdict === undefined) {
        const problems = [problemsOf(r.baseline), problemsOf(r.whatIf)].filter((p) => p !== "").join("; ")
        verdict = problems === ""
        if (!verdict && current()) {
          stopRunning()
          emit({ type: "error", message: problems })
        }
      }
      return verdict
    }
    let variant: CompiledModel
    let base: CompiledModel
    try {
      variant = prepare(r.whatIf, { customers, seed })
      const same = kept !== null && kept.baseline === r.baseline && kept.customers === customers && kept.seed === seed
      base = same ? kept!.model : prepare(r.baseline, { customers, seed })
    } catch (e) {
      if (valid()) emit({ type: "error", message: e instanceof Error ? e.message : String(e) })
      return
    }
    const models: CompareModels = { base, variants: [variant] }
    const lay: CompareLayout = compareLayout(models)
    const baseSize = lay.base.size
    const blocks = blockCount(customers)
    if (kept?.model !== base) {
      kept =
        customers > KEEP_BASELINE_UP_TO
          ? null
          : { baseline: r.baseline, customers, seed, model: base, store: makeStore(customers), full: makeExact(baseSize), quick: makeExact(baseSize), count: 0 }
    }
    const k = kept
    emit({ type: "started", customers, arms: k !== null && k.count === blocks ? 1 : 2 })
    const quick = quickLookCustomers(customers)
    const quickBlocks = customers >= quickLookFrom && quick < customers ? blockCount(quick) : 0
    const exact = makeExact(lay.size)
    // The baseline's totals of the blocks captured before this run; those this run captures are
    // in its own totals (exact totals add in any grouping).
    const before = k === null ? null : copyExact(k.full)
    const beforeQuick = k === null ? null : copyExact(k.quick)

    const report = (e: Exact, n: number): ComparisonReport => {
      const at: CompareModels = n === customers ? models : { base: withRun(base, { customers: n }), variants: [withRun(variant, { customers: n })] }
      return comparisonReport(r.baseline, [r.whatIf], at, { layout: lay, exact: e, total: exactToFloat64(e) }, null)
    }
    const show = (e: Exact, n: number, final: boolean): void => {
      if (!current() || !valid()) return
      // Wall-clock time for display only; no result depends on it.
      emit({ type: "result", report: report(e, n), whatIf: r.whatIf, customers: n, final, ms: performance.now() - started })
    }

    const controller = new AbortController()
    running = controller
    const onBlock = (b: number, out: Float64Array): void => {
      addExact(exact, out)
      // A block not captured before this run was captured by it: its baseline totals are kept.
      if (k !== null && k.store.captured[b] === 0) {
        const part = out.subarray(0, baseSize)
        addExact(k.full, part)
        if (b < quickBlocks) addExact(k.quick, part)
        k.store.captured[b] = 1
        k.count++
      }
    }
    const quickLook = (): void => {
      const e = copyExact(exact)
      if (beforeQuick !== null) addExactTotals(head(e, baseSize), beforeQuick)
      show(e, quick, false)
    }
    // The quick look's blocks first, as a range of their own: the pool hands them out one by one
    // (a whole range's batches would be larger); the rest follows on the same warm workers.
    const range = (from: number, to: number): Promise<void> => {
      const onProgress = (done: number): void => {
        if (current()) emit({ type: "progress", done: customersIn(customers, { from: 0, to: from + done }), total: customers })
      }
      const o = { from, to, workers, signal: controller.signal, keepWorkers: true, onBlock, onProgress }
      return k === null ? runPool(compareJob, models, o) : runPool(whatIfJob, { base, variant, store: k.store }, o)
    }
    const run =
      quickBlocks === 0
        ? range(0, blocks)
        : range(0, quickBlocks).then(() => {
            // The rest is handed out first, so that the workers go on while this thread reports.
            const rest = range(quickBlocks, blocks)
            quickLook()
            return rest
          })
    setImmediate(() => {
      if (current()) valid()
    })
    run.then(
      () => {
        if (running === controller) running = null
        if (before !== null) addExactTotals(head(exact, baseSize), before)
        show(exact, customers, true)
      },
      (e: unknown) => {
        if (running === controller) running = null
        if (e instanceof Cancelled || !current() || !valid()) return
        emit({ type: "error", message: `the simulation failed: ${e instanceof Error ? e.message : String(e)}` })
      }
    )
  }

  return {
    request: (r) => {
      if (closed) return
      generation++
      stopRunning()
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
      stopRunning()
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: () => {
      closed = true
      generation++
      if (timer !== undefined) clearTimeout(timer)
      stopRunning()
      kept = null
      listeners.clear()
    }
  }
}
