/**
 * Per-point overhead of a sweep: points of a small population run by `sweep` (load the design
 * and scenario once, set each point's values, check the point, compile, simulate, write the
 * point's rows, fsync at most once a second) against the same simulations called directly on
 * scenarios loaded beforehand (outside the timed region), without the library's check of an
 * in-memory scenario (the simulation itself: `simulateCheckedEffect`). Both arms run in the same
 * process, interleaved, on the same worker pool (kept warm between points).
 *
 * A sweep also does things once (read the design, load the scenario, check the design's extreme
 * points, read the output to resume). So each round runs both arms at two sizes, N/4 and N
 * points of the same range (same extremes, same checks once), and the overhead per point is the
 * slope: ((sweep N − direct N) − (sweep N/4 − direct N/4)) / (N − N/4), the median over rounds.
 * The once part is what is left at N/4 points. The first columns are as before: the totals at
 * N points divided by N, once part included.
 *
 * Run: npm run build && npx tsx bench/sweep.ts [--points N] [--repeat R] [--tiny]
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
import { loadScenario, pointLoader } from "../src/load/loadScenario.js"
import type { YamlFile } from "../src/load/YamlFile.js"

const { values } = parseArgs({ options: { points: { type: "string" }, repeat: { type: "string" }, tiny: { type: "boolean" } } })
const POINTS = Number(values.points ?? 40)
const FEW = Math.max(2, Math.round(POINTS / 4))
const REPEAT = Number(values.repeat ?? 5)
const scenario = "scenarios/restaurant.yaml"
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-sweep-"))

/** CPU time of this process (all its threads), in ms: less inflated than wall time on a shared machine. */
const cpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

/** The kitchen's mean wait at point i of n: 8 to 22 minutes. */
const kitchen = (i: number, n: number): number => 8 + (14 * i) / Math.max(1, n - 1)

const all = [
  { label: "tiny, in thread", customers: 256, workers: "auto" as const },
  { label: "small, 2 warm workers", customers: 16_384, workers: 2 }
]
// --tiny: the first configuration only.
const configs = values.tiny === true ? all.slice(0, 1) : all

const load0 = os.loadavg().map((x) => x.toFixed(2)).join(", ")
const rows: string[][] = []
for (const c of configs) {
  const base = await load(scenario)
  const k = base.journey.touchpoints["kitchen"]
  if (k === undefined) throw new Error("the restaurant has no kitchen")
  const arm = (n: number) => {
    const design = path.join(dir, `design-${c.customers}-${n}.yaml`)
    fs.writeFileSync(
      design,
      `parameters:\n  - path: journey.touchpoints.kitchen.service.food-wait.mean\n    values: [${Array.from({ length: n }, (_, i) => kitchen(i, n)).join(", ")}]\ndesign: { kind: grid }\ncustomers: ${c.customers}\n`
    )
    // Direct arm: every point's scenario loaded outside the timed region.
    const scenarios = Array.from({ length: n }, (_, i) => {
      const wait = { ...(k.service?.["food-wait"] as { dist: "lognormal"; mean: number; sd: number }), mean: kitchen(i, n) }
      return { ...base, journey: { ...base.journey, touchpoints: { ...base.journey.touchpoints, kitchen: { ...k, service: { ...k.service, "food-wait": wait } } } } }
    })
    return { n, design, scenarios }
  }
  const arms = [arm(FEW), arm(POINTS)]
  // Warm up both arms (workers started, code compiled).
  await simulateScenario(base, { customers: c.customers, workers: c.workers })
  await sweep(scenario, (arms[0] as { design: string }).design, { out: path.join(dir, `warm-${c.customers}.csv`), workers: c.workers })
  const times = arms.map(() => ({ direct: [] as number[], swept: [] as number[], directCpu: [] as number[], sweptCpu: [] as number[] }))
  let keep = 0
  for (let r = 0; r < REPEAT; r++) {
    for (const [i, a] of arms.entries()) {
      let t0 = performance.now()
      let c0 = cpu()
      for (const s of a.scenarios) keep += (await Effect.runPromise(simulateCheckedEffect(s, { customers: c.customers, workers: c.workers }))).overall.csat.mean
      times[i]?.direct.push(performance.now() - t0)
      times[i]?.directCpu.push(cpu() - c0)
      const out = path.join(dir, `out-${c.customers}-${a.n}-${r}.csv`)
      t0 = performance.now()
      c0 = cpu()
      keep += (await sweep(scenario, a.design, { out, workers: c.workers })).rows
      times[i]?.swept.push(performance.now() - t0)
      times[i]?.sweptCpu.push(cpu() - c0)
    }
  }
  const [few, many] = times as [(typeof times)[0], (typeof times)[0]]
  // Per round: the extra points' overhead over the extra points.
  const slope = (sw: "swept" | "sweptCpu", di: "direct" | "directCpu") =>
    median(few[di].map((_, r) => ((many[sw][r] as number) - (many[di][r] as number) - ((few[sw][r] as number) - (few[di][r] as number))) / (POINTS - FEW)))
  const perPoint = slope("swept", "direct")
  const perPointCpu = slope("sweptCpu", "directCpu")
  const once = median(few.swept.map((s, r) => s - (few.direct[r] as number))) - FEW * perPoint
  const d = median(many.direct)
  const s = median(many.swept)
  const dc = median(many.directCpu)
  const sc = median(many.sweptCpu)
  rows.push([c.label, String(c.customers), `${FEW}, ${POINTS}`, (d / POINTS).toFixed(2), (s / POINTS).toFixed(2), ((s - d) / POINTS).toFixed(2), (s / d).toFixed(2), perPoint.toFixed(2), once.toFixed(0), (dc / POINTS).toFixed(2), (sc / POINTS).toFixed(2), perPointCpu.toFixed(2)])
  if (keep === 0) console.log("")
}
await closeIdleWorkers()

// The loading of a point alone, before (loadScenario with the value set, its files cached, as
// sweeps loaded every point until pointLoader) and now (pointLoader), interleaved.
const files = new Map<string, YamlFile>()
const points = await Effect.runPromise(pointLoader(scenario, { files }))
const kitchenMean = "journey.touchpoints.kitchen.service.food-wait.mean"
const loads = { before: [] as number[], now: [] as number[], beforeCpu: [] as number[], nowCpu: [] as number[] }
for (let r = 0; r < REPEAT; r++) {
  let t0 = performance.now()
  let c0 = cpu()
  for (let i = 0; i < POINTS; i++) await Effect.runPromise(loadScenario(scenario, { files, set: [{ set: kitchenMean, value: kitchen(i, POINTS) }] }))
  loads.before.push((performance.now() - t0) / POINTS)
  loads.beforeCpu.push((cpu() - c0) / POINTS)
  t0 = performance.now()
  c0 = cpu()
  for (let i = 0; i < POINTS; i++) await Effect.runPromise(points.load([{ set: kitchenMean, value: kitchen(i, POINTS) }]))
  loads.now.push((performance.now() - t0) / POINTS)
  loads.nowCpu.push((cpu() - c0) / POINTS)
}
if (points.counts.slow > 0) throw new Error("a point took the slow path")
fs.rmSync(dir, { recursive: true, force: true })

const header = ["config", "customers", "points", "direct ms/pt", "sweep ms/pt", "(sweep − direct)/pt", "sweep÷direct", "overhead ms/pt (slope)", "once ms", "direct cpu ms/pt", "sweep cpu ms/pt", "overhead cpu ms/pt (slope)"]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
const line = (r: string[]) => `| ${r.map((x, i) => x.padEnd(widths[i] ?? 0)).join(" | ")} |`
console.log(`Node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ""}, median of ${REPEAT}`)
console.log(`Load average at the start: ${load0}; at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}.`)
console.log(line(header))
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`)
for (const r of rows) console.log(line(r))
const lb = median(loads.before)
const ln = median(loads.now)
console.log(
  `\nLoading a point (median of ${REPEAT} rounds of ${POINTS} points): before (loadScenario) ${lb.toFixed(3)} ms, now (pointLoader) ${ln.toFixed(3)} ms, ${(lb / ln).toFixed(1)} times faster; CPU ${median(loads.beforeCpu).toFixed(3)} and ${median(loads.nowCpu).toFixed(3)} ms.`
)
