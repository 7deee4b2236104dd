/**
 * Reading a survey: `readSurvey` on generated CSV files, each read in a fresh process (CPU time of
 * the read, peak RSS of the process), against another build of cxsim read in the same run,
 * interleaved (`--against DIR`: a dist/ folder built from main, e.g. `git archive main` into a
 * scratch folder and `node scripts/build.mjs --fast` there). Two kinds of file:
 * - `--rows` sizes (default 100,000 and 400,000) of the bundled example's shape and mess: BOM,
 *   CRLF, `;` with decimal commas, labels in mixed case, NA cells, quoted comments with a
 *   separator, doubled quotes or a line break, six outcomes, a measured level, a weight, read with
 *   a where expression (`--where`);
 * - `--bundled` rows (default 840,000, about 67 MB): the bundled survey's own rows repeated, read
 *   without a where expression, as `cxsim calibrate` reads it.
 * Files are written before anything is timed. The ratio is the figure (the machine is shared:
 * say its load average); each child also prints a digest of everything it read, and the table
 * says whether the two builds read the same.
 *
 * Run: npm run build && npx tsx bench/survey.ts --against /tmp/main/dist [--rows 100000,400000]
 *      [--bundled 840000] [--repeat 3] [--where EXPR]
 *
 * Latest: bench/RESULTS.md, "Reading real survey exports", "Speed and memory".
 */
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import { below, keyOf, seededUniform } from "../src/design/seededUniform.js"

const root = path.resolve(import.meta.dirname, "..")
const mapFile = path.join(root, "scenarios", "calibrate", "restaurant-survey.map.yaml")
const scenarioFile = path.join(root, "scenarios", "restaurant.yaml")

interface Read {
  readonly rows: number
  readonly cpuMs: number
  readonly peakMiB: number
  readonly beforeMiB: number
  readonly digest: string
}

/** In the child: one read with the build in `dist`, measured. */
const child = async (dist: string, file: string, where: string): Promise<void> => {
  const { loadScenario } = (await import(pathToFileURL(path.join(dist, "load", "loadScenario.js")).href)) as typeof import("../src/load/loadScenario.js")
  const { loadSurveyMap, readSurvey } = (await import(pathToFileURL(path.join(dist, "survey", "readSurvey.js")).href)) as typeof import("../src/survey/readSurvey.js")
  const scenario = await Effect.runPromise(loadScenario(scenarioFile))
  const map = await Effect.runPromise(loadSurveyMap(mapFile))
  const beforeMiB = process.memoryUsage().rss / 1048576
  const c0 = process.cpuUsage()
  const d = await Effect.runPromise(readSurvey(file, map, scenario, where === "" ? {} : { where }))
  const c1 = process.cpuUsage(c0)
  const h = createHash("sha256")
  const bytes = (a: ArrayBufferView | null): void => {
    if (a !== null) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  }
  const { segment, weight, outcomes, measured, where: mask, ...rest } = d
  h.update(JSON.stringify(rest))
  bytes(segment)
  bytes(weight)
  for (const { answer, value, ...o } of outcomes) {
    h.update(JSON.stringify(o))
    bytes(answer)
    bytes(value)
  }
  for (const { values, ...m } of measured) {
    h.update(JSON.stringify(m))
    bytes(values)
  }
  bytes(mask)
  const r: Read = { rows: d.rows, cpuMs: (c1.user + c1.system) / 1000, peakMiB: process.resourceUsage().maxRSS / 1024, beforeMiB, digest: h.digest("hex").slice(0, 16) }
  console.log(JSON.stringify(r))
}

const SAT = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "VERY SATISFIED"]
const OCC = ["Work lunch", "family meal", " Other "]
const COMMENTS = ["", "", "", "Great pasta", '"Cold; waiter said ""sorry"""', '"Kids loved it.\nWill come back"']

/** A survey of n rows in the bundled example's columns, written in chunks. */
const writeSurvey = (dir: string, n: number): string => {
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

/** The bundled survey's rows repeated to n rows, under its header. */
const writeBundled = (dir: string, n: number): string => {
  const file = path.join(dir, `bundled-${n}.csv`)
  const text = fs.readFileSync(path.join(root, "scenarios", "calibrate", "restaurant-survey.csv"), "utf8")
  const eol = text.indexOf("\r\n")
  const rows = text.slice(eol + 2).split(/\r\n(?=\d)/).filter((r) => r !== "")
  const fd = fs.openSync(file, "w")
  let buf = text.slice(0, eol + 2)
  for (let i = 0; i < n; i++) {
    buf += `${(rows[i % rows.length] as string).replace(/\r\n$/, "")}\r\n`
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf)
      buf = ""
    }
  }
  fs.writeSync(fd, buf)
  fs.closeSync(fd)
  return file
}

const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

const main = (): void => {
  const { values } = parseArgs({
    options: {
      against: { type: "string" },
      dist: { type: "string" },
      rows: { type: "string" },
      bundled: { type: "string" },
      repeat: { type: "string" },
      where: { type: "string" }
    }
  })
  const against = values.against === undefined ? undefined : path.resolve(values.against)
  const dist = path.resolve(values.dist ?? path.join(root, "dist"))
  const sizes = (values.rows ?? "100000,400000").split(",").filter((s) => s !== "").map(Number)
  const bundled = Number(values.bundled ?? 840_000)
  const repeat = Number(values.repeat ?? 3)
  const where = values.where ?? 'food_wait_min <= 20 and occasion != "other"'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-survey-"))
  const cases = [...sizes.map((n) => ({ label: `generated ${n}`, file: writeSurvey(dir, n), where })), ...(bundled > 0 ? [{ label: `bundled ×${bundled}`, file: writeBundled(dir, bundled), where: "" }] : [])]
  const builds = against === undefined ? [{ name: "this", dist }] : [{ name: "main", dist: against }, { name: "this", dist }]
  const run = (d: string, file: string, w: string): Read =>
    JSON.parse(execFileSync(process.execPath, [...process.execArgv, import.meta.filename, "--child", d, file, w], { encoding: "utf8", maxBuffer: 1 << 20 }).trim().split("\n").pop() as string) as Read
  console.log(`cxsim survey read bench — ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}; ${repeat} rounds, builds interleaved (order alternating), medians`)
  console.log("| file | rows kept | MiB | CPU ms main | CPU ms this | ratio | µs/row main → this | peak RSS MiB main → this | growth MiB main → this | same result |")
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
  for (const c of cases) {
    const got = new Map<string, Read[]>(builds.map((b) => [b.name, []]))
    for (let r = 0; r < repeat; r++) {
      const order = r % 2 === 0 ? builds : [...builds].reverse()
      for (const b of order) got.get(b.name)?.push(run(b.dist, c.file, c.where))
    }
    const m = (name: string, f: (x: Read) => number): number => median((got.get(name) ?? []).map(f))
    const first = (name: string): Read | undefined => got.get(name)?.[0]
    const base = against === undefined ? "this" : "main"
    const rows = first("this")?.rows ?? 0
    const cpu = (name: string): number => m(name, (x) => x.cpuMs)
    const lines = [...got.values()].flat()
    const same = lines.every((x) => x.digest === lines[0]?.digest)
    console.log(
      `| ${c.label} | ${rows} | ${(fs.statSync(c.file).size / 1048576).toFixed(0)} | ${cpu(base).toFixed(0)} | ${cpu("this").toFixed(0)} | ${(cpu(base) / cpu("this")).toFixed(2)} | ${((1000 * cpu(base)) / rows).toFixed(2)} → ${((1000 * cpu("this")) / rows).toFixed(2)} | ${m(base, (x) => x.peakMiB).toFixed(0)} → ${m("this", (x) => x.peakMiB).toFixed(0)} | ${m(base, (x) => x.peakMiB - x.beforeMiB).toFixed(0)} → ${m("this", (x) => x.peakMiB - x.beforeMiB).toFixed(0)} | ${same ? "yes" : "NO"} |`
    )
  }
  console.log(`load after: ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}`)
  fs.rmSync(dir, { recursive: true, force: true })
}

const args = process.argv.slice(2)
if (args[0] === "--child") await child(args[1] as string, args[2] as string, args[3] ?? "")
else main()
