/**
 * The kernel's primitives, TypeScript against C: why the engine stays near 0.4× the C reference
 * (bench/scale/scale.ts) while it runs within 10% of a hand-written TypeScript loop of the same
 * model. Each primitive runs in a loop of N operations with the same inputs in both languages:
 * the random generator (the engine's Tyche against tychei in C), the power |x|^α (the engine's own
 * exp and log, V8's Math.exp and Math.log, and the C library's), and the normal quantile's central
 * region (the engine's normalQuantile against the same rational function in C). The sums must
 * agree (the generator's exactly, the others within 1e-9 relative), or the benchmark stops.
 * Then the whole model: the hand-written TypeScript reference of the shop benchmark
 * (reference.ts, with V8's Math.exp and Math.log) against the same file with the engine's own exp
 * and log swapped in, and the C reference, at 10^6 customers (--customers), interleaved, medians
 * of 3: how much of the gap to C is the numerics.
 *
 * Run: npx tsx bench/scale/primitives.ts [--n 50000000] [--customers 1000000]   (needs gcc; about 45 s)
 *
 * Method (style.md, Benchmarks): best of 5 runs of each loop, after a warm-up run; the
 * TypeScript loops run in this process, the C loops in a child compiled with the reference's
 * flags; the load average is printed with the figures.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { pathToFileURL } from "node:url"
import { load } from "../../src/api.js"
import { compile } from "../../src/engine/compile.js"
import { normalQuantile } from "../../src/engine/distributions.js"
import { exp, log } from "../../src/engine/numerics.js"
import { Tyche } from "../../src/engine/rng.js"

const { values: opts } = parseArgs({ options: { n: { type: "string" }, customers: { type: "string" } } })
const N = Number(opts.n ?? 50_000_000)
const CUSTOMERS = Number(opts.customers ?? 1_000_000)
const now = (): number => performance.now() // timing only

const generator = (n: number): number => {
  const g = new Tyche()
  g.reseed(1, 2)
  let s = 0
  for (let i = 0; i < n; i++) s += g.uniform()
  return s
}
const powerOwn = (n: number): number => {
  let s = 0
  for (let i = 0; i < n; i++) s += exp(0.88 * log(0.05 + (i & 1023) * 0.01))
  return s
}
const powerMath = (n: number): number => {
  let s = 0
  for (let i = 0; i < n; i++) s += Math.exp(0.88 * Math.log(0.05 + (i & 1023) * 0.01))
  return s
}
const quantile = (n: number): number => {
  let s = 0
  for (let i = 0; i < n; i++) s += normalQuantile(0.03 + (i & 1023) * 9.2e-4)
  return s
}

const best = (f: (n: number) => number): { ns: number; sum: number } => {
  f(Math.min(N, 1_000_000)) // warm-up: the optimising compiler
  let ns = Infinity
  let sum = 0
  for (let r = 0; r < 5; r++) {
    const t = now()
    sum = f(N)
    ns = Math.min(ns, ((now() - t) * 1e6) / N)
  }
  return { ns, sum }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-primitives-"))
const exe = path.join(dir, "primitives")
execFileSync("gcc", ["-O2", "-ffp-contract=off", "-o", exe, path.join(import.meta.dirname, "primitives.c"), "-lm"])
const refExe = path.join(dir, "reference")
execFileSync("gcc", ["-O2", "-ffp-contract=off", "-o", refExe, path.join(import.meta.dirname, "reference.c"), "-lm"])
const c = new Map(
  execFileSync(exe, [String(N)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => {
      const [name, ns, sum] = line.split(" ")
      return [name!, { ns: Number(ns), sum: Number(sum) }] as const
    })
)

const rows: Array<[string, string, { ns: number; sum: number }]> = [
  ["generator (uniform draw)", "generator", best(generator)],
  ["|x|^α, own exp and log", "power", best(powerOwn)],
  ["|x|^α, Math.exp and Math.log", "power", best(powerMath)],
  ["normal quantile (centre)", "quantile", best(quantile)]
]
console.log(`Node.js ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}; N = ${N.toLocaleString("en")}`)
console.log()
console.log("| primitive                     | TypeScript ns | C ns | C ÷ TypeScript |")
console.log("| ----------------------------- | ------------: | ---: | -------------: |")
for (const [label, key, ts] of rows) {
  const ref = c.get(key)!
  const agree = key === "generator" ? ts.sum === ref.sum : Math.abs(ts.sum - ref.sum) <= 1e-9 * Math.abs(ref.sum)
  if (!agree) throw new Error(`${label}: the sums differ (TypeScript ${ts.sum}, C ${ref.sum})`)
  console.log(`| ${label.padEnd(29)} | ${ts.ns.toFixed(2).padStart(13)} | ${ref.ns.toFixed(2).padStart(4)} | ${(ref.ns / ts.ns).toFixed(2).padStart(13)}× |`)
}

// The whole model: the TypeScript reference with V8's exp and log, with the engine's, and in C.
type Reference = (seed: number, population: number, horizon: number) => Float64Array
const refSource = path.join(import.meta.dirname, "reference.ts")
const ownSource = path.join(dir, "reference-own.ts")
const numerics = pathToFileURL(path.join(import.meta.dirname, "..", "..", "src", "engine", "numerics.ts")).href
const text = fs.readFileSync(refSource, "utf8")
const swapped = `import { exp as ownExp, log as ownLog } from ${JSON.stringify(numerics)}\n` + text.replaceAll("Math.exp(", "ownExp(").replaceAll("Math.log(", "ownLog(")
if (swapped === text || !swapped.includes("ownExp(") || !swapped.includes("ownLog(")) throw new Error("reference.ts: found no Math.exp or Math.log to swap")
fs.writeFileSync(ownSource, swapped)
const withMath = ((await import(pathToFileURL(refSource).href)) as { runReference: Reference }).runReference
const withOwn = ((await import(pathToFileURL(ownSource).href)) as { runReference: Reference }).runReference
const shop = compile(await load(path.join(import.meta.dirname, "scenarios", "shop.yaml")))
const seed = shop.seed
const H = shop.horizon
const runCReference = (): number => Number(execFileSync(refExe, [String(seed), String(CUSTOMERS), String(H), "1"], { encoding: "utf8", maxBuffer: 1 << 24 }).split("\n")[0])
withMath(seed, 20_000, H)
withOwn(seed, 20_000, H)
const times: { math: number[]; own: number[]; c: number[] } = { math: [], own: [], c: [] }
for (let r = 0; r < 3; r++) {
  let t = now()
  const a = withMath(seed, CUSTOMERS, H)
  times.math.push(now() - t)
  t = now()
  const b = withOwn(seed, CUSTOMERS, H)
  times.own.push(now() - t)
  times.c.push(runCReference())
  if (a[0] !== b[0]) throw new Error("the two TypeScript references disagree on the number of customers")
}
fs.rmSync(dir, { recursive: true, force: true })
const median = (xs: ReadonlyArray<number>): number => [...xs].sort((x, y) => x - y)[(xs.length - 1) >> 1]!
const cMs = median(times.c)
console.log()
console.log(`The whole model: the shop reference at ${CUSTOMERS.toLocaleString("en")} customers, interleaved, medians of 3; load average ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}`)
console.log()
console.log("| implementation                                  | time s | C ÷ it |")
console.log("| ----------------------------------------------- | -----: | -----: |")
for (const [label, ms] of [
  ["TypeScript reference, Math.exp and Math.log", median(times.math)],
  ["TypeScript reference, the engine's exp and log", median(times.own)],
  ["C reference (gcc -O2, the C library's exp, log)", cMs]
] as const) console.log(`| ${label.padEnd(47)} | ${(ms / 1000).toFixed(2).padStart(6)} | ${(cMs / ms).toFixed(2).padStart(5)}× |`)
