/**
 * Live what-ifs in the terminal UI: the Runner driven as the App drives it (its default options,
 * one request per change of the what-if, the baseline kept), without rendering. For every
 * bundled scenario: open it (the first request, what-if = baseline), then move one lever a step
 * at a time; per key press, the time from the request to the first result shown (the quick look,
 * or the full result when it comes first) and to the full result. Then bursts of key presses
 * (a key held down: 5 presses 40 ms apart), timed from the last press. Medians, with the load
 * average of the machine (the times move with it). Less sensitive to the load: per key press, the
 * CPU time of the whole process (UI thread and workers), from the press to the full result. The reference, in the same run: the library's
 * `compare` of the last what-if (both arms, 2 warm workers, no quick look), whose result the
 * Runner's full result must equal; "full ÷ compare" is the ratio of the medians.
 *
 * Every result event is checked against the latest request: a result of a stale lever counts as
 * an error and is printed.
 *
 * Run: npm run build && npx tsx bench/tui.ts [--customers N] [--presses R] [--bursts B]
 * Record the table in bench/RESULTS.md with the load average.
 */
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { load } from "../src/api.js"
import { compare } from "../src/api/compare.js"
import type { ResolvedScenario } from "../src/model/Resolved.js"
import { leverGroups, nudge, type Lever } from "../src/tui/Lever.js"
import { makeRunner, type RunEvent, type RunRequest } from "../src/tui/Runner.js"
import { WHAT_IF } from "../src/tui/WhatIf.js"

const { values } = parseArgs({ options: { customers: { type: "string" }, presses: { type: "string" }, bursts: { type: "string" } } })
const CUSTOMERS = Number(values.customers ?? 100_000)
const PRESSES = Number(values.presses ?? 9)
const BURSTS = Number(values.bursts ?? 3)
const scenarios = ["insurance-claim", "restaurant", "support"]

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

const runner = makeRunner()
let latest: ResolvedScenario | null = null
let stale = 0
let pressedAt = 0
let first: number | null = null
let full: number | null = null
let onFull: (() => void) | null = null
let cpuAt = process.cpuUsage()
let cpu = 0
runner.subscribe((e: RunEvent) => {
  if (e.type === "error") throw new Error(`the runner failed: ${e.message}`)
  if (e.type !== "result") return
  if (e.whatIf !== latest) {
    stale++
    console.error(`a stale result was shown (${e.final ? "full" : "quick look"})`)
    return
  }
  const t = performance.now() - pressedAt
  first ??= t
  if (e.final) {
    full = t
    const c = process.cpuUsage(cpuAt)
    cpu = (c.user + c.system) / 1000
    onFull?.()
  }
})

/** Request `whatIf` (after `before` earlier presses `gap` ms apart); resolves with the times from the last press. */
const press = async (baseline: ResolvedScenario, steps: ReadonlyArray<ResolvedScenario>, gap: number): Promise<{ first: number; full: number; cpu: number }> => {
  const done = new Promise<void>((resolve) => {
    onFull = resolve
  })
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) await sleep(gap)
    latest = steps[i]!
    first = null
    full = null
    pressedAt = performance.now()
    if (i === 0) {
      cpuAt = process.cpuUsage()
    }
    const r: RunRequest = { baseline, whatIf: latest, customers: CUSTOMERS, seed: baseline.seed }
    runner.request(r)
  }
  await done
  onFull = null
  return { first: first!, full: full!, cpu }
}

const rows: string[][] = []
for (const name of scenarios) {
  const baseline = await load(path.join("scenarios", `${name}.yaml`))
  const lever = leverGroups(baseline)
    .flatMap((g) => g.levers)
    .find((l): l is Lever => l.kind === "mean")
  if (lever === undefined) throw new Error(`${name} has no mean lever`)
  let s: ResolvedScenario = { ...baseline, variant: WHAT_IF }
  const open = await press(baseline, [s], 0)
  const firsts: number[] = []
  const fulls: number[] = []
  const cpus: number[] = []
  // Up three steps, down three, and so on: the lever stays in range.
  const step = (i: number): ResolvedScenario => (s = nudge(lever, s, i % 6 < 3 ? 1 : -1))
  let k = 0
  for (let i = 0; i < PRESSES; i++) {
    const t = await press(baseline, [step(k++)], 0)
    firsts.push(t.first)
    fulls.push(t.full)
    cpus.push(t.cpu)
  }
  const burstFirst: number[] = []
  const burstFull: number[] = []
  for (let i = 0; i < BURSTS; i++) {
    const t = await press(baseline, [0, 1, 2, 3, 4].map(() => step(k++)), 40)
    burstFirst.push(t.first)
    burstFull.push(t.full)
  }
  const reference: number[] = []
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    await compare(baseline, [s], { customers: CUSTOMERS, seed: baseline.seed, workers: 2 })
    reference.push(performance.now() - t)
  }
  const ratio = median(fulls) / median(reference)
  rows.push([name, open.full.toFixed(0), median(firsts).toFixed(0), median(fulls).toFixed(0), median(burstFirst).toFixed(0), median(burstFull).toFixed(0), median(reference).toFixed(0), ratio.toFixed(2), median(cpus).toFixed(0), os.loadavg()[0]!.toFixed(1)])
  console.error(`${name}: presses first ${firsts.map((x) => x.toFixed(0)).join(" ")} | full ${fulls.map((x) => x.toFixed(0)).join(" ")}`)
}
runner.close()

const header = ["scenario", "open ms", "first look ms", "full ms", "burst: first ms", "burst: full ms", "compare ms", "full ÷ compare", "cpu ms/press", "load (1 min)"]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (r: ReadonlyArray<string>): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`
console.log(`${CUSTOMERS} customers per arm, ${PRESSES} presses, ${BURSTS} bursts of 5 presses 40 ms apart; medians; ${os.cpus().length} cores`)
console.log(line(header))
console.log(line(widths.map((w) => "-".repeat(w))))
for (const r of rows) console.log(line(r))
if (stale > 0) {
  console.error(`${stale} stale results were shown`)
  process.exitCode = 1
}
