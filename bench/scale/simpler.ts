/**
 * A simpler scenario, proportionally cheaper? (issue 12, target 2.) Derives scenarios from the
 * shop benchmark (bench/scale/scenarios/shop.yaml) in a temporary folder — fewer dimensions,
 * more or fewer periods, no failures, and the simplest of all — and measures, in one process,
 * interleaved, the median time per evaluation (touchpoint visit, counted by the kernel) and per
 * customer-period (a period a customer was active in) of each. Times are the process's CPU time
 * (user + system) over each run, not wall time: the machine may be shared.
 *
 * - dims 5 / 3 / 1: the dimensions kept are the first of page-speed, price, quality, delivery,
 *   helpfulness; the service entries of the others are dropped from the touchpoints, and from
 *   the personas' expectations, weights and Kano classes (a touchpoint left with no entry
 *   delivers nothing to value: fewer entries per visit);
 * - horizon 1 / 3 / 6 (5 dimensions); in shop most customers leave after their first period, so
 *   also horizon 1 and 6 with loyal customers (a switching cost of 4: few leave);
 * - failures off: no failures, and the recovery touchpoint (phone-fix) gone with them (9 touchpoints);
 * - simplest: 1 dimension, no failures, 1 period; and the same cut to its first touchpoint (one
 *   visit a customer: the cost of a customer beyond the walk).
 *
 * With `--ref DIR` (a copy of another tree's src/, e.g. main's), each scenario also runs on that
 * tree's compiler and kernel, interleaved with this one, and the table shows this ÷ ref per cell
 * (the evaluations must agree: same draws).
 *
 * Run: npx tsx bench/scale/simpler.ts [--customers 200000] [--repeat 5] [--ref /tmp/main-copy] [--only simplest] [--keep DIR]
 *                                       [--scenario scenarios/support.yaml …]
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { parse, stringify } from "yaml"
import { load } from "../../src/api.js"
import { P, S } from "../../src/engine/accumulator.js"
import * as compileHere from "../../src/engine/compile.js"
import * as runHere from "../../src/engine/run.js"

const { values: opts } = parseArgs({ options: { customers: { type: "string" }, repeat: { type: "string" }, ref: { type: "string" }, only: { type: "string" }, keep: { type: "string" }, scenario: { type: "string", multiple: true } } })
const N = Number(opts.customers ?? 200_000)
const REPEAT = Number(opts.repeat ?? 5)
const root = path.resolve(import.meta.dirname, "..", "..")
const shopDir = path.join(root, "bench", "scale")

type Compile = typeof compileHere.compile
type RunSync = typeof runHere.runSync
type WithRun = typeof runHere.withRun
interface Engine {
  readonly name: string
  readonly compile: Compile
  readonly runSync: RunSync
  readonly withRun: WithRun
}
const engines: Engine[] = [{ name: "this", compile: compileHere.compile, runSync: runHere.runSync, withRun: runHere.withRun }]
if (opts.ref !== undefined) {
  const c = (await import(path.resolve(opts.ref, "src", "engine", "compile.ts"))) as typeof compileHere
  const r = (await import(path.resolve(opts.ref, "src", "engine", "run.ts"))) as typeof runHere
  engines.push({ name: "ref", compile: c.compile, runSync: r.runSync, withRun: r.withRun })
}

// ---------------------------------------------------------------------------------------------
// The derived scenarios

/** A parsed YAML document, edited in place. */
type Yaml = Record<string, any>
const ORDER = ["page-speed", "price", "quality", "delivery", "helpfulness"]
const shop = parse(fs.readFileSync(path.join(shopDir, "scenarios", "shop.yaml"), "utf8")) as Yaml
const personaNames = Object.keys(shop.personas as Yaml)
const personas = new Map(personaNames.map((p) => [p, parse(fs.readFileSync(path.join(shopDir, "personas", `${p}.yaml`), "utf8")) as Yaml]))

// `--keep DIR`: write the derived scenarios there and keep them (to profile one on its own).
const tmp = opts.keep === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-simpler-")) : path.resolve(opts.keep)
fs.mkdirSync(path.join(tmp, "scenarios"), { recursive: true })
fs.mkdirSync(path.join(tmp, "personas"), { recursive: true })

interface Cell {
  readonly name: string
  readonly dims: number
  readonly horizon: number
  readonly failures: boolean
  /** Every persona's switching cost set to 4: few customers leave, so most stay for every period. */
  readonly loyal?: boolean
  /** The journey cut to its first touchpoint (land, then done): what a customer costs beyond the walk. */
  readonly single?: boolean
}
const allCells: Cell[] = [
  { name: "shop", dims: 5, horizon: 1, failures: true },
  { name: "dims 3", dims: 3, horizon: 1, failures: true },
  { name: "dims 1", dims: 1, horizon: 1, failures: true },
  { name: "horizon 3", dims: 5, horizon: 3, failures: true },
  { name: "horizon 6", dims: 5, horizon: 6, failures: true },
  { name: "horizon 1, loyal", dims: 5, horizon: 1, failures: true, loyal: true },
  { name: "horizon 6, loyal", dims: 5, horizon: 6, failures: true, loyal: true },
  { name: "failures off", dims: 5, horizon: 1, failures: false },
  { name: "simplest", dims: 1, horizon: 1, failures: false },
  { name: "simplest, 1 touchpoint", dims: 1, horizon: 1, failures: false, single: true }
]
// `--only NAME`: that scenario and shop (the table's reference row), e.g. under a profiler.
const cells = opts.only === undefined ? allCells : allCells.filter((c, i) => i === 0 || c.name === opts.only)

const derive = (c: Cell): string => {
  const keep = new Set(ORDER.slice(0, c.dims))
  const s = structuredClone(shop)
  const tag = `d${c.dims}-h${c.horizon}-${c.failures ? "f" : "nf"}${c.loyal === true ? "-loyal" : ""}${c.single === true ? "-single" : ""}`
  s.name = `shop-${tag}`
  s.horizon = c.horizon
  for (const d of Object.keys(s.dimensions as Yaml)) if (!keep.has(d)) delete s.dimensions[d]
  s.personas = {}
  for (const p of personaNames) {
    const q = structuredClone(personas.get(p)!)
    for (const field of ["expectations", "weights", "kano"]) {
      if (q[field] === undefined) continue
      for (const d of Object.keys(q[field] as Yaml)) if (!keep.has(d)) delete q[field][d]
    }
    if (c.loyal === true) q.loyalty = { ...q.loyalty, switchingCost: 4 }
    fs.writeFileSync(path.join(tmp, "personas", `${p}-${tag}.yaml`), stringify(q))
    s.personas[`${p}-${tag}`] = (shop.personas as Yaml)[p]
  }
  for (const tp of Object.values(s.journey.touchpoints as Yaml) as Yaml[]) {
    if (tp.service !== undefined) {
      for (const d of Object.keys(tp.service as Yaml)) if (!keep.has(d)) delete tp.service[d]
    }
    if (!c.failures) delete tp.failure
  }
  // Without failures, the recovery touchpoint is never reached: gone with them.
  if (!c.failures) delete s.journey.touchpoints["phone-fix"]
  if (c.single === true) s.journey.touchpoints = { land: { ...s.journey.touchpoints.land, offPath: [], next: { done: 1 } } }
  const file = path.join(tmp, "scenarios", `${s.name as string}.yaml`)
  fs.writeFileSync(file, stringify(s))
  return file
}

// ---------------------------------------------------------------------------------------------
// Measure

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const loadAvg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(", ")

interface Prepared {
  readonly cell: Cell
  readonly entries: number
  readonly models: ReadonlyArray<ReturnType<Compile>>
}
const prepared: Prepared[] = []
for (const cell of cells) {
  const scenario = await load(derive(cell))
  const models = engines.map((e) => e.withRun(e.compile(scenario), { customers: N }))
  const m = models[0]!
  // Service entries per touchpoint (the first persona's; no overrides in shop).
  const entries = (m.svcStart[m.nTouchpoints]! - m.svcStart[0]!) / m.nTouchpoints
  prepared.push({ cell, entries, models })
}
// `--scenario FILE`: other scenarios as they are, after the derived ones (with --ref, to compare
// the engines on them too).
for (const file of opts.scenario ?? []) {
  const scenario = await load(path.resolve(file))
  const models = engines.map((e) => e.withRun(e.compile(scenario), { customers: N }))
  const m = models[0]!
  const cell = { name: path.basename(file, ".yaml"), dims: m.nDims, horizon: m.horizon, failures: m.tpFailRate.some((r) => r > 0) }
  prepared.push({ cell, entries: (m.svcStart[m.nTouchpoints]! - m.svcStart[0]!) / m.nTouchpoints, models })
}
if (opts.keep === undefined) fs.rmSync(tmp, { recursive: true, force: true })

const count = (r: ReturnType<RunSync>): { evals: number; periods: number } => {
  let evals = 0
  let periods = 0
  for (let p = 0; p < r.model.nPersonas; p++) {
    const base = p * r.layout.stride
    evals += r.acc[base + S.evaluations]!
    for (let h = 0; h < r.model.horizon; h++) periods += r.acc[base + r.layout.period + h * P.STRIDE + P.active]!
  }
  return { evals, periods }
}

console.log(`Node.js ${process.version}; ${N.toLocaleString("en")} customers a run, one thread, median of ${REPEAT}, interleaved; engines: ${engines.map((e) => e.name).join(", ")}.`)
console.log(`Load average at the start: ${loadAvg()}.`)

// Warm-up: every scenario on every engine.
for (const p of prepared) for (let e = 0; e < engines.length; e++) engines[e]!.runSync(engines[e]!.withRun(p.models[e]!, { customers: 20_000 }))

const times = prepared.map(() => engines.map(() => [] as number[]))
const counts = prepared.map(() => engines.map(() => ({ evals: 0, periods: 0 })))
for (let i = 0; i < REPEAT; i++) {
  for (let j = 0; j < prepared.length; j++) {
    // Alternate which engine goes first.
    for (let k = 0; k < engines.length; k++) {
      const e = (k + i) % engines.length
      const t0 = process.cpuUsage() // timing only
      const r = engines[e]!.runSync(prepared[j]!.models[e]!)
      const t = process.cpuUsage(t0)
      times[j]![e]!.push((t.user + t.system) / 1000)
      counts[j]![e] = count(r)
    }
  }
}
for (let j = 0; j < prepared.length; j++) {
  for (let e = 1; e < engines.length; e++) {
    if (counts[j]![e]!.evals !== counts[j]![0]!.evals || counts[j]![e]!.periods !== counts[j]![0]!.periods) throw new Error(`${prepared[j]!.cell.name}: the engines disagree`)
  }
}

const base = { ns: median(times[0]![0]!) * 1e6, ...counts[0]![0]! }
const nsEval0 = base.ns / base.evals
const nsPeriod0 = base.ns / base.periods
const rows = prepared.map((p, j) => {
  const ms = median(times[j]![0]!)
  const { evals, periods } = counts[j]![0]!
  const nsEval = (ms * 1e6) / evals
  const nsPeriod = (ms * 1e6) / periods
  const row = [
    p.cell.name,
    String(p.cell.dims),
    String(p.cell.horizon),
    p.cell.failures ? "on" : "off",
    p.entries.toFixed(1),
    (evals / N).toFixed(2),
    (periods / N).toFixed(2),
    ((ms * 1e6) / N).toFixed(0),
    nsEval.toFixed(0),
    (nsEval / nsEval0).toFixed(2),
    nsPeriod.toFixed(0),
    (nsPeriod / nsPeriod0).toFixed(2)
  ]
  // The ratio to another engine: the median of the rounds' ratios (each round runs both, one after the other).
  for (let e = 1; e < engines.length; e++) row.push(median(times[j]![0]!.map((t, i) => t / times[j]![e]![i]!)).toFixed(3))
  return row
})
const header = ["scenario", "dims", "periods", "failures", "entries/tp", "evals/cust", "periods/cust", "ns/cust", "ns/eval", "÷ shop", "ns/cust-period", "÷ shop"]
for (let e = 1; e < engines.length; e++) header.push(`time ÷ ${engines[e]!.name}`)
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (r: string[]): string => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`
console.log()
console.log(line(header))
console.log(`| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`)
for (const r of rows) console.log(line(r))
console.log()
console.log(`Load average at the end: ${loadAvg()}.`)
