/**
 * Per-point overhead of a sweep: N points of a small population run by `sweep` (load the design
 * and scenario once, set each point's values on the decoded data, decode and check, compile,
 * simulate, write and fsync the point's rows) against the same simulations called directly on
 * scenarios loaded beforehand (outside the timed region), without the library's check of an
 * in-memory scenario (the simulation itself: `simulateCheckedEffect`). The difference per point is what the
 * sweep adds; the ratio is sweep ÷ direct. Both arms run in the same process, interleaved, on the
 * same worker pool (kept warm between points).
 *
 * Run: npm run build && npx tsx bench/sweep.ts [--points N] [--repeat R]
 * Record the table in bench/RESULTS.md with the machine.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { Effect } from "effect"
import { load, simulateCheckedEffect, simulateScenario } from "../src/api.js"
import { sweep } from "../src/api/sweep.js"
import { closeIdleWorkers } from "../src/engine/pool.js"

const { values } = parseArgs({ options: { points: { type: "string" }, repeat: { type: "string" }, tiny: { type: "boolean" } } })
const POINTS = Number(values.points ?? 40)
const REPEAT = Number(values.repeat ?? 3)
const scenario = "scenarios/restaurant.yaml"
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-sweep-"))

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

const kitchen = (i: number): number => 8 + (14 * i) / Math.max(1, POINTS - 1)

const all = [
  { label: "tiny, in thread", customers: 256, workers: "auto" as const },
  { label: "small, 2 warm workers", customers: 16_384, workers: 2 }
]
// --tiny: the first configuration only.
const configs = values.tiny === true ? all.slice(0, 1) : all

const load0 = os.loadavg().map((x) => x.toFixed(2)).join(", ")
const rows: string[][] = []
for (const c of configs) {
  const design = path.join(dir, `design-${c.customers}.yaml`)
  fs.writeFileSync(
    design,
    `parameters:\n  - path: journey.touchpoints.kitchen.service.food-wait.mean\n    values: [${Array.from({ length: POINTS }, (_, i) => kitchen(i)).join(", ")}]\ndesign: { kind: grid }\ncustomers: ${c.customers}\n`
  )
  // Direct arm: every point's scenario loaded outside the timed region.
  const base = await load(scenario)
  const scenarios = []
  for (let i = 0; i < POINTS; i++) {
    const k = base.journey.touchpoints["kitchen"]
    if (k === undefined) throw new Error("the restaurant has no kitchen")
    const wait = { ...(k.service?.["food-wait"] as { dist: "lognormal"; mean: number; sd: number }), mean: kitchen(i) }
    scenarios.push({ ...base, journey: { ...base.journey, touchpoints: { ...base.journey.touchpoints, kitchen: { ...k, service: { ...k.service, "food-wait": wait } } } } })
  }
  // Warm up both arms (workers started, code compiled).
  await simulateScenario(scenarios[0] as typeof base, { customers: c.customers, workers: c.workers })
  const direct: number[] = []
  const swept: number[] = []
  let keep = 0
  for (let r = 0; r < REPEAT; r++) {
    let t0 = performance.now()
    for (const s of scenarios) keep += (await Effect.runPromise(simulateCheckedEffect(s as typeof base, { customers: c.customers, workers: c.workers }))).overall.csat.mean
    direct.push(performance.now() - t0)
    const out = path.join(dir, `out-${c.customers}-${r}.csv`)
    t0 = performance.now()
    keep += (await sweep(scenario, design, { out, workers: c.workers })).rows
    swept.push(performance.now() - t0)
  }
  const d = median(direct)
  const s = median(swept)
  rows.push([c.label, String(c.customers), String(POINTS), (d / POINTS).toFixed(2), (s / POINTS).toFixed(2), ((s - d) / POINTS).toFixed(2), (s / d).toFixed(2)])
  if (keep === 0) console.log("")
}
await closeIdleWorkers()
fs.rmSync(dir, { recursive: true, force: true })

const header = ["config", "customers", "points", "direct ms/pt", "sweep ms/pt", "overhead ms/pt", "sweep÷direct"]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i] ?? 0)).join(" | ")} |`
console.log(`Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}, median of ${REPEAT}`)
console.log(`Load average at the start: ${load0}; at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}.`)
console.log(line(header))
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`)
for (const r of rows) console.log(line(r))
