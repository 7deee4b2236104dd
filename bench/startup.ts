/**
 * Start-up of the command line: whole-process wall time of `cxsim --version`, `--help`,
 * `validate` and `run` of a bundled scenario at 10,000 customers, as child processes, against a
 * bare `node -e ""` start measured in the same run (the reference: the ratio is what compares
 * across machines and loads).
 *
 * Wall time is what a user waits; CPU time (user + system, from /usr/bin/time when the machine has
 * it) is what the start-up costs, and is far less disturbed by other work on a shared machine.
 *
 * Variants (`--bin name=path/to/cxsim.js`, repeatable; default `current=bin/cxsim.js`) are run
 * interleaved, round after round, so each sees the same machine; every variant must print the
 * same standard output and exit with the same code as the first, or the benchmark stops.
 *
 * Run: npx tsx bench/startup.ts [-- --runs 15 --bin before=/tmp/old/bin/cxsim.js --bin now=bin/cxsim.js]
 * and record the table in bench/RESULTS.md with the load average it prints.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: { runs: { type: "string" }, bin: { type: "string", multiple: true }, only: { type: "string" } }
})
const RUNS = Number(values.runs ?? 15)
const variants = (values.bin ?? ["current=bin/cxsim.js"]).map((v) => {
  const [name, file] = v.includes("=") ? [v.slice(0, v.indexOf("=")), v.slice(v.indexOf("=") + 1)] : [v, v]
  return { name, file: path.resolve(file) }
})

const commands: ReadonlyArray<{ readonly name: string; readonly args: ReadonlyArray<string> }> = [
  { name: "--version", args: ["--version"] },
  { name: "--help", args: ["--help"] },
  { name: "validate", args: ["validate", "scenarios/restaurant.yaml"] },
  { name: "run 10k", args: ["run", "scenarios/restaurant.yaml", "--customers", "10000"] }
].filter((c) => values.only === undefined || values.only.split(",").includes(c.name))

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2
}

const TIME = "/usr/bin/time"
const haveTime = fs.existsSync(TIME)
const cpuFile = path.join(os.tmpdir(), `cxsim-startup-${process.pid}.txt`)

/**
 * One child process, timed from spawn to exit (wall clock: that is what is measured here), and
 * its CPU time when /usr/bin/time is there (every variant and the reference run through it).
 */
const timeOnce = (args: ReadonlyArray<string>): { ms: number; cpu: number; stdout: string; status: number | null } => {
  const [command, all] = haveTime ? [TIME, ["-f", "%U %S", "-o", cpuFile, process.execPath, ...args]] : [process.execPath, args]
  const t0 = performance.now()
  const r = spawnSync(command, all, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } })
  const ms = performance.now() - t0
  const cpu = haveTime ? fs.readFileSync(cpuFile, "utf8").trim().split(/\s+/).slice(-2).reduce((a, x) => a + 1000 * Number(x), 0) : NaN
  return { ms, cpu, stdout: r.stdout, status: r.status }
}

const loadAtStart = os.loadavg()
const times = new Map<string, number[]>()
const cpus = new Map<string, number[]>()
const push = (key: string, r: { ms: number; cpu: number }): void => {
  for (const [m, x] of [[times, r.ms], [cpus, r.cpu]] as const) (m.get(key) ?? m.set(key, []).get(key))?.push(x)
}

for (let round = 0; round < RUNS; round++) {
  push("node", timeOnce(["-e", ""]))
  for (const c of commands) {
    let first: { stdout: string; status: number | null } | undefined
    // Alternate the order of the variants from round to round: neither always goes first.
    const order = round % 2 === 0 ? variants : [...variants].reverse()
    for (const v of order) {
      const r = timeOnce([v.file, ...c.args])
      if (first === undefined) first = r
      else if (r.stdout !== first.stdout || r.status !== first.status) {
        throw new Error(`${v.name} ${c.name}: output or exit code differs from the other variant (exit ${r.status} vs ${first.status})`)
      }
      push(`${c.name}\t${v.name}`, r)
    }
  }
}

fs.rmSync(cpuFile, { force: true })
const node = median(times.get("node") ?? [])
const nodeCpu = median(cpus.get("node") ?? [])
const fmt = (ms: number): string => (Number.isNaN(ms) ? "–" : ms.toFixed(0))
console.log(`Node.js ${process.version}, ${os.availableParallelism()} cores; ${RUNS} interleaved runs, medians`)
console.log(`load average at the start: ${loadAtStart.map((x) => x.toFixed(2)).join(", ")}; at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}`)
console.log(`node -e "": ${fmt(node)} ms wall (min ${fmt(Math.min(...(times.get("node") ?? [])))}), ${fmt(nodeCpu)} ms CPU\n`)
console.log("| command   | variant    | wall ms | min ms | ÷ node | CPU ms | ÷ node |")
console.log("| --------- | ---------- | ------: | -----: | -----: | -----: | -----: |")
for (const c of commands) {
  for (const v of variants) {
    const key = `${c.name}\t${v.name}`
    const xs = times.get(key) ?? []
    const cs = cpus.get(key) ?? []
    const cells = [fmt(median(xs)), fmt(Math.min(...xs)), (median(xs) / node).toFixed(2), fmt(median(cs)), (median(cs) / nodeCpu).toFixed(2)]
    console.log(`| ${c.name.padEnd(9)} | ${v.name.padEnd(10)} | ${cells.map((x, i) => x.padStart([7, 6, 6, 6, 6][i] ?? 6)).join(" | ")} |`)
  }
}
