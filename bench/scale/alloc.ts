/**
 * Bytes allocated per customer by the kernel (design.md, contract — the hot loop: no allocation
 * per customer). For each scenario: load and compile, warm the kernel up, collect the garbage,
 * then simulate the customers in this thread and read V8's heap statistics before and after.
 * The young generation is made large enough (--min/--max-semi-space-size, set by re-running this
 * file in a child process) that no garbage collection happens inside the measured run, so the
 * growth of the used heap is exactly what the run allocated; a run during which a collection
 * happened anyway is reported as such, not as a figure.
 *
 * Two figures per scenario: the kernel alone (runBlock over every block, one scratch and one
 * accumulator, as a worker runs them) and a whole in-process run (run.ts `runSync`: block
 * accumulators, exact totals, merge). Bytes per customer are deterministic up to V8's own
 * bookkeeping: no timing is involved.
 *
 * Run: npx tsx bench/scale/alloc.ts [--customers 100000] [--scenario FILE …] (default: shop and
 * the three bundled scenarios; a process each)
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { PerformanceObserver } from "node:perf_hooks"
import { parseArgs } from "node:util"
import * as v8 from "node:v8"

const { values: opts } = parseArgs({ options: { customers: { type: "string" }, scenario: { type: "string", multiple: true }, child: { type: "boolean" } } })
const root = path.resolve(import.meta.dirname, "..", "..")
const N = Number(opts.customers ?? 100_000)
const files = opts.scenario ?? [
  path.join(root, "bench", "scale", "scenarios", "shop.yaml"),
  path.join(root, "scenarios", "restaurant.yaml"),
  path.join(root, "scenarios", "insurance-claim.yaml"),
  path.join(root, "scenarios", "support.yaml")
]

if (opts.child !== true) {
  // A process per scenario, as a worker runs one model (a kernel compiled for several models at
  // once inlines differently). Semi-spaces of 256 MB: a run of 10^5 customers allocating up to
  // ~2 kB each fits without a scavenge.
  const flags = ["--expose-gc", "--min-semi-space-size=256", "--max-semi-space-size=256", "--import", "tsx"]
  console.log(`Node.js ${process.version}; ${N.toLocaleString("en")} customers per scenario, in one thread, after a warm-up of the same size; a process per scenario.`)
  console.log()
  console.log("| scenario | tp/dim/per | kernel B/cust | whole run B/cust |")
  console.log("| -------- | ---------: | ------------: | ---------------: |")
  for (const f of files) {
    const r = spawnSync(process.execPath, [...flags, import.meta.filename, "--child", "--customers", String(N), "--scenario", path.resolve(f)], { stdio: "inherit", cwd: root })
    if (r.status !== 0) process.exit(r.status ?? 4)
  }
  process.exit(0)
}

const { load } = await import("../../src/api.js")
const { makeAccumulator, layout } = await import("../../src/engine/accumulator.js")
const { compile } = await import("../../src/engine/compile.js")
const { BLOCK_SIZE, makeScratch, runBlock } = await import("../../src/engine/kernel.js")
const { runSync, withRun } = await import("../../src/engine/run.js")

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("alloc.ts requires --expose-gc (it sets it when run without --child)")
let collections = 0
const observer = new PerformanceObserver((list) => (collections += list.getEntries().length))
observer.observe({ entryTypes: ["gc"] })
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))

/** Heap bytes allocated by `f`, or NaN when a collection happened during it. */
const allocated = async (f: () => unknown): Promise<{ bytes: number; keep: unknown }> => {
  gc()
  await settle()
  const before = collections
  const used0 = v8.getHeapStatistics().used_heap_size
  const keep = f()
  const used1 = v8.getHeapStatistics().used_heap_size
  await settle()
  return { bytes: collections === before ? used1 - used0 : NaN, keep }
}

let sink = 0
for (const file of files) {
  const model = withRun(compile(await load(file)), { customers: N })
  const lay = layout(model)
  const sc = makeScratch(model)
  const acc = makeAccumulator(lay)
  const blocks = Math.ceil(N / BLOCK_SIZE)
  const kernel = (): number => {
    acc.fill(0)
    for (let b = 0; b < blocks; b++) runBlock(model, b, Math.min(BLOCK_SIZE, N - b * BLOCK_SIZE), acc, lay, sc, null)
    return acc[0]!
  }
  const whole = (): number => runSync(model).acc[0]!
  // Warm-up: the optimising compiler's work (and its allocations) happen here, not below.
  for (let i = 0; i < 2; i++) sink += kernel() + whole()
  const k = await allocated(kernel)
  const w = await allocated(whole)
  sink += (k.keep as number) + (w.keep as number)
  const fmt = (bytes: number): string => (Number.isNaN(bytes) ? "(a GC ran)" : (bytes / N).toFixed(1))
  console.log(`| ${path.basename(file, ".yaml")} | ${model.nTouchpoints}/${model.nDims}/${model.horizon} | ${fmt(k.bytes)} | ${fmt(w.bytes)} |`)
}
observer.disconnect()
if (sink === 42) console.log("") // keeps the results alive
