/**
 * Reading a survey: `readSurvey` on generated CSV files of 10^4, 10^5 and 10^6 respondents (the
 * bundled example's shape and mess: BOM, CRLF, `;` with decimal commas, labels in mixed case,
 * NA cells, a quoted comment, six outcomes, a measured level, a weight, a where expression),
 * against a reference in the same run: reading the same bytes in the same chunks, decoding them
 * as UTF-8 and counting line breaks. Files are written before anything is timed; sizes run
 * smallest first, so that the peak RSS after each size is that size's (RSS only grows).
 *
 * Run: npx tsx bench/survey.ts [--rows N] [--repeat R]
 *
 * Latest (2026-12-02, the shared 2-core machine under other engineers' load — load average 23 —
 * Node 20.20, run with tsx; medians of 3). The reference slows as much as the reader under such
 * load: read the ratio, not the absolute figures. RSS includes tsx and Effect (about 180 MiB at
 * 10^4 rows); 10^6 rows add about 80 MiB: 41 bytes a respondent of typed arrays, grown by doubling
 * and copied once to their exact size at the end.
 *
 * | rows | file MiB | reference ms | readSurvey ms | ratio | rows/s | peak RSS MiB |
 * |---:|---:|---:|---:|---:|---:|---:|
 * | 10000 | 1 | 83 | 643 | 7.7 | 15563 | 184 |
 * | 100000 | 8 | 583 | 5098 | 8.7 | 19617 | 241 |
 * | 1000000 | 78 | 4863 | 46271 | 9.5 | 21612 | 323 |
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { below, keyOf, seededUniform } from "../src/design/seededUniform.js"
import { loadScenario } from "../src/load/loadScenario.js"
import { loadSurveyMap, readSurvey } from "../src/survey/readSurvey.js"

const { values } = parseArgs({ options: { rows: { type: "string" }, repeat: { type: "string" } } })
const MAX = Number(values.rows ?? 1_000_000)
const REPEAT = Number(values.repeat ?? 3)
const sizes = [10_000, 100_000, 1_000_000].filter((n) => n < MAX).concat([MAX])

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
const mib = (bytes: number): string => (bytes / 1048576).toFixed(0)

const root = path.resolve(import.meta.dirname, "..")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-survey-"))
const mapFile = path.join(root, "scenarios", "calibrate", "restaurant-survey.map.yaml")

const SAT = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "VERY SATISFIED"]
const OCC = ["Work lunch", "family meal", " Other "]
const COMMENTS = ["", "", "", "Great pasta", '"Cold; waiter said ""sorry"""', '"Kids loved it.\nWill come back"']

/** A survey of n rows in the bundled example's columns, written in chunks. */
const writeSurvey = (n: number): string => {
  const file = path.join(dir, `survey-${n}.csv`)
  const fd = fs.openSync(file, "w")
  const u = seededUniform(1, keyOf(`bench-survey-${n}`))
  let buf = "\uFEFFrespondent;occasion;coupon;overall_sat;recommend;effort;happy;still_customer_m3;spend_6m;food_wait_min;weight;comment;source\r\n"
  for (let i = 0; i < n; i++) {
    const na = u() < 0.03
    buf += `${i};${OCC[below(u, 3)]};yes;${na ? "NA" : SAT[below(u, 5)]};${below(u, 11)};${1 + below(u, 7)};${u() < 0.7 ? "Yes" : "n"};${u() < 0.9 ? "yes" : "No"};${(u() * 300).toFixed(2).replace(".", ",")};${na ? "" : (5 + u() * 30).toFixed(1).replace(".", ",")};${(0.6 + u() * 1.2).toFixed(2).replace(".", ",")};${COMMENTS[below(u, COMMENTS.length)]};email\r\n`
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf)
      buf = ""
    }
  }
  fs.writeSync(fd, buf)
  fs.closeSync(fd)
  return file
}

/** The reference: the same bytes, the same chunks, decoded, line breaks counted. */
const reference = (file: string): number => {
  const fd = fs.openSync(file, "r")
  const b = Buffer.alloc(1 << 20)
  const dec = new TextDecoder("utf-8", { fatal: true })
  let lines = 0
  for (;;) {
    const k = fs.readSync(fd, b, 0, b.length, null)
    if (k === 0) break
    const t = dec.decode(b.subarray(0, k), { stream: true })
    for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) lines++
  }
  fs.closeSync(fd)
  return lines
}

const files = sizes.map(writeSurvey)
const scenario = await Effect.runPromise(loadScenario(path.join(root, "scenarios", "restaurant.yaml")))
const map = await Effect.runPromise(loadSurveyMap(mapFile))
const read = (file: string) => Effect.runPromise(readSurvey(file, map, scenario, { where: 'food_wait_min <= 20 and occasion != "other"' }))

// Warm-up: the reader's code is compiled before anything is timed.
await read(files[0] as string)
let keep = 0
console.log(`cxsim survey read bench — ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}`)
console.log("| rows | file MiB | reference ms | readSurvey ms | ratio | rows/s | peak RSS MiB |")
console.log("|---:|---:|---:|---:|---:|---:|---:|")
for (const [k, file] of files.entries()) {
  const ref: number[] = []
  const got: number[] = []
  for (let r = 0; r < REPEAT; r++) {
    let t0 = performance.now()
    keep += reference(file)
    ref.push(performance.now() - t0)
    t0 = performance.now()
    keep += (await read(file)).rows
    got.push(performance.now() - t0)
  }
  const n = sizes[k] as number
  const ms = median(got)
  const rss = process.resourceUsage().maxRSS * 1024
  console.log(`| ${n} | ${mib(fs.statSync(file).size)} | ${median(ref).toFixed(0)} | ${ms.toFixed(0)} | ${(ms / median(ref)).toFixed(1)} | ${Math.round(n / (ms / 1000))} | ${mib(rss)} |`)
}
fs.rmSync(dir, { recursive: true, force: true })
if (keep === 0) console.log("(nothing read)")
