/**
 * Throughput of the engine on the bundled scenarios: customers and touchpoint evaluations per
 * second, in process (load and compile outside the timed region) and end to end (`cxsim run` as
 * a child process), with ratios against reference runs in the same benchmark run:
 * - the in-process engine against itself at a tenth of the population (cost must be linear);
 * - `cxsim run` end to end against a bare `node` start (the fixed cost of a run).
 *
 * Run: npm run bench [-- --customers N] ; record the table in bench/RESULTS.md with the machine.
 */
import { execFileSync } from "node:child_process"
import * as os from "node:os"
import { parseArgs } from "node:util"
import { load } from "../src/api.js"
import { S } from "../src/engine/accumulator.js"
import { compile } from "../src/engine/compile.js"
import { runSync, withRun } from "../src/engine/run.js"

const { values } = parseArgs({ options: { customers: { type: "string" }, repeat: { type: "string" } } })
const N = Number(values.customers ?? 100_000)
const REPEAT = Number(values.repeat ?? 3)
const scenarios = ["restaurant", "insurance-claim", "support"]

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

/** Time fn REPEAT times, interleaved with `other` so both see the same machine state. */
const timeMs = (fn: () => number): { ms: number; keep: number } => {
  let keep = 0
  const times: number[] = []
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now()
    keep += fn()
    times.push(performance.now() - t0)
  }
  return { ms: median(times), keep }
}

const rows: string[][] = []
let sink = 0
const nodeStart = timeMs(() => {
  execFileSync(process.execPath, ["-e", ""])
  return 1
}).ms

for (const name of scenarios) {
  const scenario = await load(`scenarios/${name}.yaml`)
  const model = compile(scenario)
  const big = withRun(model, { customers: N })
  const small = withRun(model, { customers: Math.max(1024, Math.round(N / 10)) })
  runSync(small) // warm-up
  let evals = 0
  const tBig = timeMs(() => {
    const r = runSync(big)
    evals = 0
    for (let p = 0; p < model.nPersonas; p++) evals += r.acc[p * r.layout.stride + S.evaluations] ?? 0
    return r.acc[0] ?? 0
  })
  const tSmall = timeMs(() => runSync(small).acc[0] ?? 0)
  sink += tBig.keep + tSmall.keep
  const cli = timeMs(() => {
    execFileSync(process.execPath, ["bin/cxsim.js", "run", `scenarios/${name}.yaml`, "--customers", String(N), "--format", "json"], { stdio: ["ignore", "pipe", "inherit"] })
    return 1
  }).ms
  rows.push([
    name,
    `${model.nTouchpoints}/${model.nDims}/${model.horizon}`,
    (N / (tBig.ms / 1000) / 1e3).toFixed(0),
    (evals / (tBig.ms / 1000) / 1e6).toFixed(2),
    ((tBig.ms / tSmall.ms) / (N / small.population)).toFixed(2),
    cli.toFixed(0),
    (cli / nodeStart).toFixed(1)
  ])
}

const header = ["scenario", "tp/dim/per", "k cust/s", "M evals/s", "linearity", "cli ms", "cli÷node"]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`
console.log(`customers: ${N}, median of ${REPEAT}, one core, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}, node ${process.version}`)
console.log(`bare node start: ${nodeStart.toFixed(0)} ms`)
console.log(line(header))
console.log(line(widths.map((w) => "-".repeat(w))))
for (const r of rows) console.log(line(r))
console.log("linearity = (time at N ÷ time at N/10) ÷ 10: 1.00 is perfectly linear")
if (sink < 0) console.log(sink)
