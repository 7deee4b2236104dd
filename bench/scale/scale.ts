/**
 * The scale benchmark: throughput on one and two workers, against a hand-written reference of the
 * same model in TypeScript and in C, how the cost grows with the population and the journey's
 * length, peak memory, and a run end to end — in one run, so that the ratios compare like with
 * like on the same machine at the same moment.
 *
 * Run: npm run bench:scale            the full benchmark (about 7 minutes on 2 cores)
 *      npm run bench:scale -- --quick  10^5 customers only, no 10^7 run (about 30 s)
 *      npm run bench:scale -- --core   the reference, the journey's length and end to end only,
 *                                      without the throughput of every scenario (about 90 s)
 *      add --write to record the tables in bench/RESULTS.md (between the scale markers)
 *
 * Method (style.md, Benchmarks): inputs are loaded and compiled outside the timed region; the
 * variants compared are interleaved and the median of the repeats is kept; results are kept
 * alive (their evaluation counts are printed). Runs on workers include the workers' start-up:
 * that is what a user waits for. The machine may be shared: the load average is printed with
 * the results.
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks"
import { parseArgs } from "node:util"
import { Effect } from "effect"
import { load } from "../../src/api.js"
import { S } from "../../src/engine/accumulator.js"
import { compile, type CompiledModel } from "../../src/engine/compile.js"
import { runEffect, runSync, withRun, type RunResult } from "../../src/engine/run.js"
import { runReference } from "./reference.js"

const { values: opts } = parseArgs({ options: { quick: { type: "boolean" }, core: { type: "boolean" }, write: { type: "boolean" }, repeat: { type: "string" } } })
const QUICK = opts.quick === true
const CORE = opts.core === true
const REPEAT = Number(opts.repeat ?? 3)
const root = path.resolve(import.meta.dirname, "..", "..")
const bin = path.join(root, "bin", "cxsim.js")
const SHOP = path.join(root, "bench", "scale", "scenarios", "shop.yaml")
const scenarios = [
  { name: "restaurant", file: path.join(root, "scenarios", "restaurant.yaml") },
  { name: "insurance-claim", file: path.join(root, "scenarios", "insurance-claim.yaml") },
  { name: "support", file: path.join(root, "scenarios", "support.yaml") },
  { name: "shop (bench)", file: SHOP }
]

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const now = (): number => performance.now() // timing only
const out: string[] = []
const say = (line = ""): void => {
  console.log(line)
  out.push(line)
}
const table = (header: string[], rows: string[][]): void => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (r: string[]): string => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`
  say(line(header))
  say(`| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`)
  for (const r of rows) say(line(r))
}
const k = (perSecond: number): string => (perSecond / 1e3).toFixed(0)
const M = (perSecond: number): string => (perSecond / 1e6).toFixed(2)
const sec = (ms: number): string => (ms / 1000).toFixed(2)
const fmtN = (n: number): string => (n >= 1e6 ? `10^${Math.round(Math.log10(n))}` : n.toLocaleString("en"))
const loadAvg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(", ")

const evaluations = (r: RunResult): number => {
  let e = 0
  for (let p = 0; p < r.model.nPersonas; p++) e += r.acc[p * r.layout.stride + S.evaluations]!
  return e
}

/** One run on `workers` (1: this thread), timed, with its evaluation count. */
const timeRun = async (m: CompiledModel, workers: number): Promise<{ ms: number; evals: number }> => {
  const t0 = now()
  const r = await Effect.runPromise(runEffect(m, { workers }))
  return { ms: now() - t0, evals: evaluations(r) }
}

/** Wall time of a command-line run, and its peak resident memory (bench/scale/rss.mjs). */
const cli = (args: string[]): { ms: number; rssMB: number } => {
  const t0 = now()
  const r = spawnSync(process.execPath, [path.join(root, "bench", "scale", "rss.mjs"), ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 })
  const ms = now() - t0
  if (r.status !== 0) throw new Error(`cxsim ${args.join(" ")} failed: ${r.stderr}`)
  const kb = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN)
  return { ms, rssMB: kb / 1024 }
}

const gccVersion = (): string | undefined => {
  try {
    return execFileSync("gcc", ["--version"], { encoding: "utf8" }).split("\n")[0]
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// The machine

const started = now()
const gcc = gccVersion()
const cpu = os.cpus()[0]?.model ?? "unknown CPU"
say(`Machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node.js ${process.version}, ${gcc ?? "no C compiler"}.`)
say(`Date: ${new Date().toISOString().slice(0, 10)}. Load average at the start: ${loadAvg()}. Repeats: median of ${REPEAT}${QUICK ? " (quick run)" : ""}.`)
say()

// ---------------------------------------------------------------------------------------------
// The reference: the same model hand-coded, in TypeScript and in C, checked against the engine

const shop = await load(SHOP)
const shopModel = compile(shop)
const H = shopModel.horizon
const refN = QUICK ? 100_000 : 1_000_000

const cBinary = ((): string | undefined => {
  if (gcc === undefined) return undefined
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-"))
  const exe = path.join(dir, "reference")
  execFileSync("gcc", ["-O2", "-ffp-contract=off", "-o", exe, path.join(root, "bench", "scale", "reference.c"), "-lm"])
  return exe
})()
const runC = (n: number, repeats: number): { ms: number[]; acc: Float64Array } => {
  const text = execFileSync(cBinary!, [String(shopModel.seed), String(n), String(H), String(repeats)], { encoding: "utf8", maxBuffer: 1 << 24 })
  const [times, ...acc] = text.trim().split("\n")
  return { ms: times!.split(" ").map(Number), acc: Float64Array.from(acc.map(Number)) }
}

// Agreement at 10^5: the engine and the references compute the same thing.
{
  const n = 100_000
  const engine = runSync(withRun(shopModel, { customers: n })).acc
  const ts = runReference(shopModel.seed, n, H)
  const compare = (other: Float64Array): { counts: boolean; rel: number } => {
    let rel = 0
    let counts = other.length === engine.length
    for (let i = 0; i < engine.length; i++) {
      const a = engine[i]!
      const b = other[i] ?? NaN
      if (Number.isInteger(a) && Math.abs(a) < 2 ** 40 && a !== b && Number.isInteger(b)) counts = false
      rel = Math.max(rel, Math.abs(a - b) / Math.max(1, Math.abs(a)))
    }
    return { counts, rel }
  }
  const t = compare(ts)
  say(`Agreement at 10^5 customers of shop: TypeScript reference ${t.counts ? "same counts" : "DIFFERENT COUNTS"}, largest relative difference ${t.rel.toExponential(1)}`)
  if (cBinary !== undefined) {
    const c = compare(runC(n, 1).acc)
    say(`and C reference ${c.counts ? "same counts" : "different counts"}, largest relative difference ${c.rel.toExponential(1)} (exp and log of the C library).`)
  } else say("C reference: no gcc on this machine, skipped.")
  say()
}

// Garbage collection in this thread (timing only): its share of the engine's timed runs.
const gcEntries: PerformanceEntry[] = []
const gcObserver = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()))
gcObserver.observe({ entryTypes: ["gc"] })
const gcWithin = async (windows: ReadonlyArray<readonly [number, number]>): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, 50)) // let the observer deliver
  let ms = 0
  for (const e of gcEntries) if (windows.some(([a, b]) => e.startTime >= a && e.startTime < b)) ms += e.duration
  return ms
}

// One core: engine (in this thread) against the references, interleaved.
const oneCore = await (async () => {
  const m = withRun(shopModel, { customers: refN })
  runSync(withRun(shopModel, { customers: 20_000 })) // warm-up
  runReference(shopModel.seed, 20_000, H)
  const engine: number[] = []
  const ts: number[] = []
  const c: number[] = []
  const windows: Array<[number, number]> = []
  let evals = 0
  for (let i = 0; i < REPEAT; i++) {
    let t0 = now()
    const r = runSync(m)
    engine.push(now() - t0)
    windows.push([t0, now()])
    evals = evaluations(r)
    t0 = now()
    const keep = runReference(shopModel.seed, refN, H)
    ts.push(now() - t0)
    if (keep[0] !== r.acc[0]) throw new Error("the reference and the engine disagree")
    if (cBinary !== undefined) c.push(runC(refN, 1).ms[0]!)
  }
  const gcMs = await gcWithin(windows)
  gcObserver.disconnect()
  const total = engine.reduce((a, b) => a + b, 0)
  return { engine: median(engine), ts: median(ts), c: cBinary === undefined ? NaN : median(c), evals, gcShare: gcMs / total }
})()

say(`One core, shop (10 touchpoints, 5 dimensions, 4 personas, horizon ${H}), ${fmtN(refN)} customers:`)
say()
table(
  ["implementation", "time s", "k cust/s", "M evals/s", "engine ÷ it"],
  [
    ["engine (cxsim, one thread)", sec(oneCore.engine), k(refN / (oneCore.engine / 1000)), M(oneCore.evals / (oneCore.engine / 1000)), "1.00"],
    ["reference, TypeScript", sec(oneCore.ts), k(refN / (oneCore.ts / 1000)), M(oneCore.evals / (oneCore.ts / 1000)), (oneCore.ts / oneCore.engine).toFixed(2)],
    ...(cBinary === undefined
      ? []
      : [["reference, C (gcc -O2)", sec(oneCore.c), k(refN / (oneCore.c / 1000)), M(oneCore.evals / (oneCore.c / 1000)), (oneCore.c / oneCore.engine).toFixed(2)]])
  ]
)
say()
say(`Garbage collection during the engine's runs: ${(oneCore.gcShare * 100).toFixed(2)}% of their time.`)
say()

// ---------------------------------------------------------------------------------------------
// Throughput of every scenario at 10^5 and 10^6 customers, one and two workers

const sizes = QUICK ? [100_000] : [100_000, 1_000_000, 10_000_000]
const rows: string[][] = []
const perCustomer = new Map<string, number>()
let shopSpeedup = NaN
const longest: string[] = []
for (const sc of CORE ? [] : scenarios) {
  const model = compile(await load(sc.file))
  // Warm-up of this thread and of the pool's workers, which stay between runs of a process.
  await timeRun(withRun(model, { customers: 20_000 }), 1)
  await timeRun(withRun(model, { customers: 50_000 }), 2)
  for (const n of sizes) {
    const m = withRun(model, { customers: n })
    const t1: number[] = []
    const t2: number[] = []
    let evals = 0
    // 10^7 customers are run once (they take a minute or so on one core).
    for (let i = 0; i < (n >= 10_000_000 ? 1 : REPEAT); i++) {
      const a = await timeRun(m, 1)
      const b = await timeRun(m, 2)
      if (a.evals !== b.evals) throw new Error("1 and 2 workers disagree")
      evals = a.evals
      t1.push(a.ms)
      t2.push(b.ms)
    }
    const [one, two] = [median(t1), median(t2)]
    perCustomer.set(`${sc.name}/${n}/1`, one / n)
    perCustomer.set(`${sc.name}/${n}/2`, two / n)
    if (sc.file === SHOP && n === (QUICK ? 100_000 : 1_000_000)) shopSpeedup = one / two
    if (n >= 10_000_000) longest.push(`${sc.name} ${sec(one)} s and ${sec(two)} s`)
    rows.push([
      sc.name,
      `${model.nTouchpoints}/${model.nDims}/${model.horizon}`,
      fmtN(n),
      k(n / (one / 1000)),
      M(evals / (one / 1000)),
      k(n / (two / 1000)),
      M(evals / (two / 1000)),
      (one / two).toFixed(2)
    ])
  }
}
if (!CORE) {
  say("Throughput, warm (load and compile outside the timed region; the pool's workers are kept between runs of a")
  say("process, as in a sweep; a fresh process's cold start is in the end-to-end table below):")
  say()
  table(["scenario", "tp/dim/per", "customers", "1w k cust/s", "1w M evals/s", "2w k cust/s", "2w M evals/s", "2w ÷ 1w"], rows)
  say()
}
if (longest.length > 0) say(`10^7 customers, run once each, took (1 worker and 2 workers): ${longest.join("; ")}.`)
if (longest.length > 0) say()

// ---------------------------------------------------------------------------------------------
// How the cost grows: with the population, with the journey's length

if (!QUICK && !CORE) {
  say("Time per customer against the population (linear cost: the same time per customer at every size):")
  say()
  table(
    ["scenario", "workers", "µs/cust at 10^5", "at 10^6", "at 10^7", "10^7 ÷ 10^5"],
    scenarios.flatMap((sc) =>
      [1, 2].map((w) => {
        const [a, b, c] = [100_000, 1_000_000, 10_000_000].map((n) => perCustomer.get(`${sc.name}/${n}/${w}`)!)
        return [sc.name, String(w), (a! * 1000).toFixed(2), (b! * 1000).toFixed(2), (c! * 1000).toFixed(2), (c! / a!).toFixed(2)]
      })
    )
  )
  say()
}

const chainDir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-chain-"))
fs.mkdirSync(path.join(chainDir, "scenarios"))
fs.mkdirSync(path.join(chainDir, "personas"))
fs.writeFileSync(path.join(chainDir, "personas", "p.yaml"), "expectations:\n  score: { adequate: 5, expected: 6, desired: 7, spread: 0.5 }\ndeviation: 0\n")
const chainRows: string[][] = []
for (const L of [5, 10, 20, 40]) {
  const tps = Array.from({ length: L }, (_, i) => `    t${i}:\n      service: { score: { dist: normal, mean: 6, sd: 1 } }\n      abandonable: false\n      next: { ${i === L - 1 ? "done" : `t${i + 1}`}: 1 }\n`).join("")
  const file = path.join(chainDir, "scenarios", `chain-${L}.yaml`)
  fs.writeFileSync(
    file,
    `name: chain-${L}\nseed: 3\nhorizon: 1\ndimensions:\n  score: { unit: points, better: higher, scale: 1 }\npersonas:\n  p: { share: 1 }\njourney:\n  start: t0\n  touchpoints:\n${tps}`
  )
  const m = withRun(compile(await load(file)), { customers: QUICK ? 50_000 : 200_000 })
  await timeRun(withRun(m, { customers: 10_000 }), 1)
  const runs = [] as Array<{ ms: number; evals: number }>
  for (let i = 0; i < REPEAT; i++) runs.push(await timeRun(m, 1))
  const ms = median(runs.map((r) => r.ms))
  const evals = runs[0]!.evals
  chainRows.push([String(L), (evals / m.population).toFixed(1), ((ms * 1000) / m.population).toFixed(2), ((ms * 1e6) / evals).toFixed(0)])
}
fs.rmSync(chainDir, { recursive: true, force: true })
say(`Time against the journey's length (a chain of L touchpoints, one dimension, 1 worker, ${fmtN(QUICK ? 50_000 : 200_000)} customers):`)
say()
table(["L", "evals/cust", "µs/cust", "ns/eval"], chainRows)
say()

// ---------------------------------------------------------------------------------------------
// End to end, memory, and 10^7 customers

const nodeStart = median(Array.from({ length: REPEAT }, () => cli(["--version"]).ms))
const e2e1 = median(Array.from({ length: REPEAT }, () => cli(["run", SHOP, "--customers", "1000000", "--workers", "1", "--format", "json"]).ms))
const e2e = Array.from({ length: REPEAT }, () => cli(["run", SHOP, "--customers", "1000000", "--workers", "2", "--format", "json"]))
const e2eMs = median(e2e.map((r) => r.ms))
const small = cli(["run", SHOP, "--customers", "100000", "--workers", "2", "--format", "json"])
const big = QUICK ? undefined : cli(["run", SHOP, "--customers", "10000000", "--workers", "2", "--format", "json"])
say("End to end (`cxsim run bench/scale/scenarios/shop.yaml --format json` as a child process: start, load, run, report):")
say()
table(
  ["customers", "workers", "wall s", "k cust/s", "peak RSS MB"],
  [
    ["none (cxsim --version)", "", sec(nodeStart), "", ""],
    ["10^5", "2", sec(small.ms), k(1e5 / (small.ms / 1000)), small.rssMB.toFixed(0)],
    ["10^6", "1", sec(e2e1), k(1e6 / (e2e1 / 1000)), ""],
    ["10^6", "2", sec(e2eMs), k(1e6 / (e2eMs / 1000)), e2e[0]!.rssMB.toFixed(0)],
    ...(big === undefined ? [] : [["10^7 (once)", "2", sec(big.ms), k(1e7 / (big.ms / 1000)), big.rssMB.toFixed(0)]])
  ]
)
say()

// ---------------------------------------------------------------------------------------------
// The targets

const pass = (ok: boolean): string => (ok ? "met" : "NOT MET")
const ratioTs = oneCore.ts / oneCore.engine
const ratioC = oneCore.c / oneCore.engine
say("Targets:")
say()
table(
  ["target", "measured", ""],
  [
    ["engine ≥ 0.9× TypeScript reference, one core", `${ratioTs.toFixed(2)}×`, pass(ratioTs >= 0.9)],
    ["engine ≥ 0.6× C reference, one core", cBinary === undefined ? "no gcc" : `${ratioC.toFixed(2)}×`, cBinary === undefined ? "skipped" : pass(ratioC >= 0.6)],
    ["garbage collection < 1% of the engine's time, one core", `${(oneCore.gcShare * 100).toFixed(2)}%`, pass(oneCore.gcShare < 0.01)],
    ...(CORE ? [] : [[`2 workers ≥ 1.8× one (shop, ${fmtN(QUICK ? 100_000 : 1_000_000)})`, `${shopSpeedup.toFixed(2)}×`, pass(shopSpeedup >= 1.8)]]),
    ["10^6 customers, 10 tp × 5 dim, 2 workers, end to end ≤ 1.2 s", `${sec(e2eMs)} s`, pass(e2eMs <= 1200)],
    ...(big === undefined ? [] : [["peak RSS ≤ 100 MB from 10^5 to 10^7", `${Math.max(small.rssMB, e2e[0]!.rssMB, big.rssMB).toFixed(0)} MB`, pass(Math.max(small.rssMB, e2e[0]!.rssMB, big.rssMB) <= 100)]])
  ]
)
say()
say(`Load average at the end: ${loadAvg()}. Benchmark time: ${((now() - started) / 1000).toFixed(0)} s.`)

if (opts.write === true) {
  const file = path.join(root, "bench", "RESULTS.md")
  const text = fs.readFileSync(file, "utf8")
  const begin = "<!-- scale:begin -->"
  const end = "<!-- scale:end -->"
  const section = `${begin}\n${out.join("\n")}\n${end}`
  const next = text.includes(begin) ? text.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section) : `${text.trimEnd()}\n\n## Scale: cores, reference, memory (npm run bench:scale)\n\n${section}\n`
  fs.writeFileSync(file, next)
  console.log(`\nrecorded in ${path.relative(process.cwd(), file)}`)
}
