/**
 * The cost of per-customer records: a run of 10^6 customers with `writeRecords` (CSV, NDJSON,
 * Parquet, customer level) against the same run without records (`simulateScenario`), both on
 * the default worker pool, interleaved round by round so that every variant sees the same
 * machine state; medians of the rounds. Load, compile, a warm-up run of every variant (100,000
 * customers) and the removal of the previous round's file stay outside the timed region. The
 * target: records cost under 30% over the run without them.
 *
 * Run: npm run build && npx tsx bench/records.ts [--customers N] [--repeat R] [--write]
 * --write replaces the records section of bench/RESULTS.md with this run's table.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { load, simulateScenario } from "../src/api.js"
import { writeRecords } from "../src/api/records.js"
import { closeIdleWorkers } from "../src/engine/pool.js"

const { values } = parseArgs({ options: { customers: { type: "string" }, repeat: { type: "string" }, write: { type: "boolean" }, scenario: { type: "string" } } })
const N = Number(values.customers ?? 1_000_000)
const REPEAT = Number(values.repeat ?? 3)
const SCENARIO = values.scenario ?? "scenarios/support.yaml"

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-records-"))
const scenario = await load(SCENARIO)
const load0 = os.loadavg().map((x) => x.toFixed(2)).join(", ")

interface Variant {
  readonly name: string
  readonly run: (customers: number) => Promise<number>
  readonly file?: string
}
const variants: Variant[] = [
  { name: "run without records", run: async (customers) => (await simulateScenario(scenario, { customers })).overall.n },
  ...(["csv", "ndjson", "parquet"] as const).map((ext): Variant => {
    const file = path.join(dir, `records.${ext}`)
    return { name: `records, ${ext}`, file, run: async (customers) => (await writeRecords(scenario, file, { customers })).overall.n }
  })
]
/** The previous round's file goes before the clock starts: removing it is no part of a run. */
const clear = (v: Variant): void => {
  if (v.file !== undefined) fs.rmSync(v.file, { force: true })
}

// Warm-up: the workers start, and every variant's code is compiled, before anything is timed.
for (const v of variants) {
  clear(v)
  await v.run(Math.min(N, 100_000))
}
let keep = 0
const times = variants.map((): number[] => [])
for (let r = 0; r < REPEAT; r++) {
  for (const [i, v] of variants.entries()) {
    clear(v)
    const t0 = performance.now()
    keep += await v.run(N)
    times[i]!.push(performance.now() - t0)
  }
}
await closeIdleWorkers()
if (keep !== N * REPEAT * variants.length) throw new Error(`bench/records.ts: expected ${N} customers per run`)

const base = median(times[0]!)
const rows = variants.map((v, i) => {
  const ms = median(times[i]!)
  const size = v.file === undefined ? "" : `${(fs.statSync(v.file).size / 1e6).toFixed(1)}`
  return `| ${v.name.padEnd(19)} | ${(ms / 1000).toFixed(2).padStart(6)} | ${(N / ms).toFixed(0).padStart(8)} | ${size.padStart(7)} | ${(ms / base).toFixed(2).padStart(10)} |`
})
fs.rmSync(dir, { recursive: true, force: true })

const table = [
  `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node.js ${process.version}.`,
  // The date of the measurement, for the table only.
  `Date: ${new Date().toISOString().slice(0, 10)}. Load average at the start: ${load0}; at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}.`,
  `${SCENARIO}, ${N.toLocaleString("en-US")} customers, customer level, default workers; median of ${REPEAT} interleaved rounds.`,
  "",
  "| variant             | time s | k cust/s | file MB | ÷ no records |",
  "| ------------------- | -----: | -------: | ------: | -----------: |",
  ...rows
].join("\n")
process.stdout.write(`${table}\n`)

if (values.write === true) {
  const results = path.join(import.meta.dirname, "RESULTS.md")
  const text = fs.readFileSync(results, "utf8")
  const section = `<!-- records:begin -->\n${table}\n<!-- records:end -->`
  const next = /<!-- records:begin -->[\s\S]*<!-- records:end -->/.test(text)
    ? text.replace(/<!-- records:begin -->[\s\S]*<!-- records:end -->/, section)
    : `${text.trimEnd()}\n\n## Per-customer records (npx tsx bench/records.ts)\n\n${section}\n`
  fs.writeFileSync(results, next)
}
