/**
 * End to end, variants interleaved: `cxsim run bench/scale/scenarios/shop.yaml --format json` as a
 * child process at several sizes and worker counts, for each build given (--bin NAME=PATH, a
 * bin/cxsim.js; default: this one), round after round, under /usr/bin/time: wall time, CPU time
 * (user + system, every thread of the process) and peak resident memory (the process and its
 * worker threads). On a shared machine, wall time follows the load; CPU time much less, and peak
 * memory not at all: compare variants by those, within one run. Every variant must print the same
 * report, byte for byte, or the benchmark stops.
 *
 * Run: npx tsx bench/scale/e2e.ts --bin before=/tmp/old/bin/cxsim.js --bin after=bin/cxsim.js
 *      [--runs 3] [--sizes 100000/2,1000000/2,1000000/1] [--big] (adds 10^7 on 2, run once)
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"

const { values: opts } = parseArgs({ options: { bin: { type: "string", multiple: true }, runs: { type: "string" }, sizes: { type: "string" }, big: { type: "boolean" } } })
const root = path.resolve(import.meta.dirname, "..", "..")
const SHOP = path.join(root, "bench", "scale", "scenarios", "shop.yaml")
const bins = (opts.bin ?? [`this=${path.join(root, "bin", "cxsim.js")}`]).map((b) => {
  const at = b.indexOf("=")
  return { name: b.slice(0, at), file: path.resolve(b.slice(at + 1)) }
})
const RUNS = Number(opts.runs ?? 3)
const sizes = (opts.sizes ?? "100000/2,1000000/2,1000000/1").split(",").map((s) => s.split("/").map(Number) as [number, number])
const loadAvg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(", ")
const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

interface Measure {
  readonly wall: number
  readonly cpu: number
  readonly rssMB: number
  readonly out: string
}
const measure = (bin: string, args: ReadonlyArray<string>): Measure => {
  const r = spawnSync("/usr/bin/time", ["-f", "time %e %U %S %M", process.execPath, bin, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 })
  const m = /time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr)
  if (r.status !== 0 || m === null) throw new Error(`${bin} ${args.join(" ")} failed: ${r.stderr}`)
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMB: Number(m[4]) / 1024, out: r.stdout }
}

console.log(`Machine: ${os.availableParallelism()} cores, Node.js ${process.version}. Load average at the start: ${loadAvg()}. Runs: ${RUNS}, interleaved; medians.`)
const cases = [...sizes.map(([n, w]) => ({ n, w, runs: RUNS })), ...(opts.big === true ? [{ n: 10_000_000, w: 2, runs: 1 }] : [])]
const rows: string[] = []
for (const c of cases) {
  const args = ["run", SHOP, "--customers", String(c.n), "--workers", String(c.w), "--format", "json"]
  const got = new Map<string, Measure[]>(bins.map((b) => [b.name, []]))
  for (let i = 0; i < c.runs; i++) {
    for (const b of bins) got.get(b.name)!.push(measure(b.file, args))
  }
  const reports = new Set([...got.values()].flat().map((m) => m.out))
  if (reports.size !== 1) throw new Error(`the variants' reports differ at ${c.n} customers on ${c.w}`)
  const first = got.get(bins[0]!.name)!
  for (const b of bins) {
    const ms = got.get(b.name)!
    const [wall, cpu, rss] = [median(ms.map((m) => m.wall)), median(ms.map((m) => m.cpu)), Math.max(...ms.map((m) => m.rssMB))]
    const cpuRatio = cpu / median(first.map((m) => m.cpu))
    rows.push(`| ${c.n.toExponential(0).replace("e+", "e")} | ${c.w} | ${b.name} | ${wall.toFixed(2)} | ${cpu.toFixed(2)} | ${cpuRatio.toFixed(2)} | ${rss.toFixed(1)} |`)
  }
  console.log(`${c.n} on ${c.w}: done (load ${loadAvg()})`)
}
console.log("\n| customers | workers | variant | wall s | CPU s | CPU ÷ first | peak RSS MB |")
console.log("| --------- | ------: | ------- | -----: | ----: | ----------: | ----------: |")
for (const r of rows) console.log(r)
console.log(`\nLoad average at the end: ${loadAvg()}. Reports: identical across variants.`)
fs.writeSync(1, "")
