/**
 * Fuzzing the inputs: files generated from the scenario Schema and mutations of the bundled
 * scenario and persona files (extreme and special numbers, deleted, duplicated and thousands of
 * keys, huge keys, variants that remove everything) go through `validate`, `load` and
 * `simulateScenario`. The property: each one is refused with a located message (InvalidInput,
 * every issue naming its file and a line or a field), or it runs to a report whose every figure
 * is finite and in its range; and `validate` accepts a file exactly when `load` accepts it with
 * every one of its variants. Nothing else may escape: no defect, no untyped error.
 *
 * Every case lands in "refused cleanly", "ran", or a failure class (crash, stack trace, unlocated
 * message, validate/load disagreement, figures for an empty segment, non-finite or out-of-range
 * figure, non-finite draw, no answer); the test fails on any failure, with examples.
 *
 * A few hundred cases here (seeded, so a failure reproduces); `npm run fuzz` runs FUZZ_RUNS=10,000
 * library cases (and a tenth as many from the Schema) and 500 through the command line (a sixth
 * of them in a process of their own), and prints the counts by class and the slowest case with its
 * size, so that time linear in the file's size can be watched without a timed assertion. FUZZ_SHARD, FUZZ_UNTIL and FUZZ_PROGRESS split,
 * bound and follow a long run (below).
 */
import { Arbitrary, FastCheck } from "effect"
import fc from "fast-check"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parse, stringify } from "yaml"
import { load, simulateScenario, validate } from "../../src/api.js"
import { layout, makeAccumulator } from "../../src/engine/accumulator.js"
import { compile } from "../../src/engine/compile.js"
import { makeScratch } from "../../src/engine/kernel.js"
import { seedBlock, seedWalk } from "../../src/engine/rng.js"
import { FileError, InvalidInput } from "../../src/load/errors.js"
import type { Issue } from "../../src/load/Issue.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { Scenario } from "../../src/model/Scenario.js"
import type { Report, SegmentReport } from "../../src/report/Report.js"
import { runCli } from "../support/cli.js"

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 0)
const ROOT = path.resolve(import.meta.dirname, "../..")

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const bundled = (folder: string): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith(".yaml")).map((f) => [f.replace(/\.yaml$/, ""), fs.readFileSync(path.join(ROOT, folder, f), "utf8")]))
const scenarios = bundled("scenarios")
const personas = bundled("personas")

/** The folder of the cases, one case at a time, and the text of each file in it. */
let caseDir: string | undefined
const onDisk = new Map<string, string>()

/**
 * Write a project (scenarios/s.yaml beside personas/*.yaml) and return the scenario's path. The
 * cases of the process share one folder, which holds exactly the case's files once this returns: a
 * file is written only when its text differs from what the folder holds (most persona files are
 * the bundled ones, case after case), a file the case lacks is deleted.
 */
const writeCase = (scenario: string, persona: Readonly<Record<string, string>>): string => {
  if (caseDir === undefined) {
    caseDir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-fuzz-"))
    fs.mkdirSync(path.join(caseDir, "scenarios"))
    fs.mkdirSync(path.join(caseDir, "personas"))
  }
  const file = path.join(caseDir, "scenarios", "s.yaml")
  const wanted = new Map([...Object.entries(persona).map(([id, text]) => [path.join(caseDir!, "personas", `${id}.yaml`), text] as const), [file, scenario] as const])
  for (const f of [...onDisk.keys()]) {
    if (wanted.has(f)) continue
    fs.rmSync(f)
    onDisk.delete(f)
  }
  for (const [f, text] of wanted) {
    if (onDisk.get(f) === text) continue
    fs.writeFileSync(f, text)
    onDisk.set(f, text)
  }
  return file
}

/** Remove the cases' folder. */
const removeCases = (): void => {
  if (caseDir !== undefined) fs.rmSync(caseDir, { recursive: true, force: true })
  caseDir = undefined
  onDisk.clear()
}
afterAll(removeCases)

// ---------------------------------------------------------------------------------------------
// Mutations

const SPECIAL: ReadonlyArray<Json> = [0, -1, 1e308, -1e308, 1e-300, 25_000_000, 1e12, 1.0000001e12, "NaN", ".nan", ".inf", "-.inf", null, "", [], {}, true]

/** Every path to a value in `data`. */
const pathsOf = (data: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> => {
  if (Array.isArray(data)) data.forEach((x, i) => pathsOf(x, [...prefix, i], out).length)
  else if (data !== null && typeof data === "object") for (const [k, v] of Object.entries(data)) pathsOf(v, [...prefix, k], out)
  out.push(prefix)
  return out
}

const parentOf = (data: Json, p: ReadonlyArray<string | number>): Json | undefined => {
  let node: Json | undefined = data
  for (const k of p.slice(0, -1)) node = node !== null && typeof node === "object" ? (node as Record<string, Json>)[k as string] : undefined
  return node
}

type Mutation =
  | { readonly kind: "set"; readonly at: number; readonly value: Json }
  | { readonly kind: "delete"; readonly at: number }
  | { readonly kind: "manyKeys"; readonly at: number; readonly count: number }
  | { readonly kind: "hugeKey"; readonly at: number; readonly length: number }
  | { readonly kind: "removeAll" }
  | { readonly kind: "duplicate"; readonly line: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.constantFrom(...SPECIAL) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("manyKeys" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("hugeKey" as const), at: fc.nat(), length: fc.integer({ min: 100, max: 20000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("removeAll" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), line: fc.nat() }) }
)

/** Each bundled text parsed once; a case mutates a copy of its data (the same data as a fresh parse). */
const parsedTexts = new Map<string, Json>()
/** Each bundled text as its data writes it back, for a case that leaves it unmutated. */
const unmutated = new Map<string, string>()

/** Apply mutations to a YAML text (through its data, or to its lines for duplicated keys). */
const mutate = (text: string, ms: ReadonlyArray<Mutation>): string => {
  if (ms.length === 0 && unmutated.has(text)) return unmutated.get(text) as string
  if (!parsedTexts.has(text)) parsedTexts.set(text, parse(text) as Json)
  let data = structuredClone(parsedTexts.get(text)) as Json
  let out: string | undefined
  for (const m of ms) {
    if (m.kind === "duplicate") {
      const lines = (out ?? stringify(data)).split("\n")
      const i = m.line % Math.max(1, lines.length)
      lines.splice(i, 0, lines[i] ?? "")
      out = lines.join("\n")
      continue
    }
    if (out !== undefined) continue
    if (m.kind === "removeAll") {
      // Only a document that is still a mapping can hold variants (an earlier mutation may have set the root to a number).
      if (data === null || typeof data !== "object" || Array.isArray(data)) continue
      const o = data
      const tps = Object.keys(((o["journey"] as Record<string, Json> | undefined)?.["touchpoints"] as Record<string, Json> | undefined) ?? {})
      o["variants"] = { ...((o["variants"] as Record<string, Json> | undefined) ?? {}), everything: { patches: tps.map((t) => ({ remove: t })) } }
      continue
    }
    const paths = pathsOf(data)
    const p = paths[m.at % paths.length] as Array<string | number>
    if (p.length === 0) {
      if (m.kind === "set") data = m.value
      continue
    }
    const parent = parentOf(data, p)
    if (parent === null || typeof parent !== "object" || parent === undefined) continue
    const key = p[p.length - 1] as string
    const rec = parent as Record<string, Json>
    if (m.kind === "set") rec[key] = m.value
    else if (m.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete rec[key]
    } else if (m.kind === "manyKeys") {
      const target = rec[key]
      if (target !== null && typeof target === "object" && !Array.isArray(target)) for (let i = 0; i < m.count; i++) target[`k${i}`] = i
    } else if (m.kind === "hugeKey" && !Array.isArray(parent)) {
      rec[`${key}${"x".repeat(m.length)}`] = rec[key] ?? null
    }
  }
  const result = out ?? stringify(data)
  if (ms.length === 0) unmutated.set(text, result)
  return result
}

// ---------------------------------------------------------------------------------------------
// What can go wrong, by class (the issue's): every case lands in "refused cleanly", "ran", or one
// or more of these. Counted over the whole run and printed (npm run fuzz), so the figures of a
// full-scale run are the run's own; any failure fails the test, with examples to reproduce it.

const FAILURE_CLASSES = [
  /** An untyped error or a defect escapes the library; the command line exits other than 0 or 3. */
  "crash",
  /** A stack trace in a message or on stderr. */
  "stack trace",
  /** Refused without naming the file and a line or a field. */
  "unlocated message",
  /** validate accepts what load (with one of the variants), the library or run refuses, or the reverse. */
  "validate/load disagreement",
  /** A segment with no customers reported with figures. */
  "figures for an empty segment",
  /** A figure of the report NaN or ±Infinity. */
  "non-finite figure",
  /** A score or rate off its scale. */
  "figure out of range",
  /** The segments' customers do not add up to the population. */
  "population mismatch",
  /** A service level or an expectation drawn NaN or ±Infinity (a draw is finite, always). */
  "non-finite draw",
  /** The command line gave no answer within HANG_MS and was stopped. */
  "no answer"
] as const
type FailureClass = (typeof FAILURE_CLASSES)[number]
type Problem = { readonly cls: FailureClass; readonly text: string }
type Outcome = { readonly refused: boolean } | { readonly problems: ReadonlyArray<Problem> }
const fail = (cls: FailureClass, text: string): Outcome => ({ problems: [{ cls, text }] })

/**
 * The issue's hang: over 10 s for a file under 1 MB. Counted and printed as a measurement of the
 * run, never asserted. A library case is timed in CPU time (the process's user + system time, which
 * a loaded machine inflates far less than the wall clock) and in wall time; a command-line case in
 * wall time only (its CPU time is its child's). A real hang stops the command line at HANG_MS
 * ("no answer") and the library at the test's timeout.
 */
const HANG_REPORT_MS = 10_000
const ONE_MB = 1024 * 1024

class Tally {
  refused = 0
  ran = 0
  /** The slowest case: by CPU time where it is measured (library), else by wall time. */
  readonly slowest = { ms: 0, wallMs: 0, bytes: 0, what: "" }
  /** Cases over HANG_REPORT_MS whose files are all under 1 MB. */
  readonly overTen: string[] = []
  readonly failures = new Map<FailureClass, { count: number; examples: string[] }>()
  readonly t0 = performance.now()
  /** The cases planned, when FUZZ_UNTIL stopped the run before all of them. */
  stoppedAt: number | undefined = undefined

  constructor(readonly name: string) {}

  /** `ms`: the case's CPU time (library) or wall time (command line); `wallMs`: its wall time. */
  record(r: Outcome, ms: number, wallMs: number, bytes: number, what: string): void {
    if (PROGRESS !== undefined && this.cases % 100 === 0) fs.appendFileSync(PROGRESS, `${new Date().toISOString()} ${JSON.stringify(this.json())}\n`)
    // Wall-clock time is only reported, never asserted.
    if (ms > this.slowest.ms) Object.assign(this.slowest, { ms, wallMs, bytes, what })
    if (ms > HANG_REPORT_MS && bytes < ONE_MB) this.overTen.push(`${(ms / 1000).toFixed(1)} s (wall ${(wallMs / 1000).toFixed(1)} s), ${kb(bytes)}: ${what}`)
    if ("refused" in r) {
      this[r.refused ? "refused" : "ran"]++
      return
    }
    for (const cls of new Set(r.problems.map((p) => p.cls))) {
      const f = this.failures.get(cls) ?? { count: 0, examples: [] }
      f.count++
      if (f.examples.length < 3) f.examples.push(`${r.problems.filter((p) => p.cls === cls).map((p) => p.text).join("; ").slice(0, 600)}\n      case: ${what}`)
      this.failures.set(cls, f)
    }
  }

  /** Cases begun (a case that throws past the check still counts). */
  cases = 0
  count(): void {
    this.cases++
  }

  get failed(): number {
    return this.cases - this.refused - this.ran
  }

  summary(): string {
    const s = this.slowest
    return [
      ...(this.stoppedAt === undefined ? [] : [`fuzz (${this.name}): stopped at FUZZ_UNTIL after ${this.cases} of ${this.stoppedAt} cases`]),
      `fuzz (${this.name}): ${this.cases} cases in ${((performance.now() - this.t0) / 1000).toFixed(0)} s: ${this.refused} refused cleanly, ${this.ran} ran, ${this.failed} failed`,
      `  slowest case ${(s.ms / 1000).toFixed(2)} s${s.ms === s.wallMs ? " wall" : ` CPU, ${(s.wallMs / 1000).toFixed(2)} s wall`} (largest file ${kb(s.bytes)}): ${s.what.slice(0, 300)}`,
      `  over ${HANG_REPORT_MS / 1000} s with every file under 1 MB (hangs): ${this.overTen.length}${this.overTen.map((x) => `\n    ${x.slice(0, 300)}`).join("")}`,
      `  failures by class: ${FAILURE_CLASSES.map((c) => `${c} ${this.failures.get(c)?.count ?? 0}`).join(", ")}`
    ].join("\n")
  }

  /** The counts, for adding up the shards of a run. */
  json(): object {
    return {
      name: this.name,
      cases: this.cases,
      planned: this.stoppedAt ?? this.cases,
      refused: this.refused,
      ran: this.ran,
      seconds: Math.round((performance.now() - this.t0) / 1000),
      slowest: { ms: Math.round(this.slowest.ms), wallMs: Math.round(this.slowest.wallMs), bytes: this.slowest.bytes, what: this.slowest.what.slice(0, 300) },
      overTen: this.overTen.length,
      failures: Object.fromEntries(FAILURE_CLASSES.map((c) => [c, this.failures.get(c)?.count ?? 0]))
    }
  }

  /** Each failure class with its count and first examples; empty when the run is clean. */
  failureReport(): string[] {
    return [...this.failures].map(([cls, f]) => `${cls}: ${f.count} case(s)\n    ${f.examples.join("\n    ")}`)
  }
}

/** FUZZ_PROGRESS=file: a line every 100 cases, to follow a long run. */
const PROGRESS = process.env["FUZZ_PROGRESS"]

/**
 * FUZZ_UNTIL=<date>: take no new case after that time (a long run on a loaded machine ends with
 * the counts of the cases it ran, and says so). Not set: every case runs.
 */
const UNTIL = process.env["FUZZ_UNTIL"] === undefined ? Infinity : Date.parse(process.env["FUZZ_UNTIL"])
const pastUntil = (tally: Tally, planned: number): boolean => {
  if (Date.now() < UNTIL) return false
  tally.stoppedAt = planned
  return true
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

// ---------------------------------------------------------------------------------------------
// The property

const inRange = (x: number | null | undefined, lo: number, hi: number): boolean => x === null || x === undefined || (x >= lo - 1e-9 && x <= hi + 1e-9)

/** Every number finite; scores on their scales; rates in [0, 1]; empty segments without figures. */
const reportProblems = (r: Report): Problem[] => {
  const bad: Problem[] = []
  const walk = (x: unknown, at: string): void => {
    if (typeof x === "number" && !Number.isFinite(x)) bad.push({ cls: "non-finite figure", text: `${at} = ${x}` })
    else if (Array.isArray(x)) x.forEach((y, i) => walk(y, `${at}[${i}]`))
    else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) walk(v, `${at}.${k}`)
  }
  walk(r, "report")
  const seg = (s: SegmentReport): void => {
    const checks: Array<[string, number | null | undefined, number, number]> = [
      ["csat", s.csat?.mean, 1, 5],
      ["nps", s.nps?.mean, -100, 100],
      ["ces", s.ces?.mean, 1, 7],
      ["satisfaction", s.satisfaction?.mean, 0, 10],
      ["completion", s.completion?.rate, 0, 1],
      ["abandonment", s.abandonment?.rate, 0, 1],
      ["churn", s.churn?.rate, 0, 1],
      ["complaints", s.complaints?.rate, 0, 1]
    ]
    for (const [name, x, lo, hi] of checks) if (!inRange(x, lo, hi)) bad.push({ cls: "figure out of range", text: `${s.id}.${name} = ${x}` })
  }
  r.segments.forEach(seg)
  seg(r.overall)
  // An empty segment has no figures: every one null, never a number.
  for (const s of r.segments) {
    if (s.n !== 0) continue
    const figures = Object.entries(s).filter(([k, v]) => !["id", "label", "n", "share"].includes(k) && v !== null)
    if (figures.length > 0) bad.push({ cls: "figures for an empty segment", text: `empty segment ${s.id} has figures: ${figures.map(([k]) => k).join(", ")}` })
  }
  const n = r.segments.reduce((a, s) => a + s.n, 0)
  if (n !== r.population) bad.push({ cls: "population mismatch", text: `segments hold ${n} customers of ${r.population}` })
  return bad
}

/** Draws per service entry and customers drawn, per loaded scenario (a NaN in 1 draw of 5 shows at once). */
const DRAWS = 24

/**
 * Draw through the kernel's own code what a loaded scenario's customers would draw: the
 * expectations of 64 customers, and DRAWS levels of every service entry of every persona,
 * touchpoint and phase of the schedule. Returns the first non-finite draw, if any.
 */
const drawProblem = (s: ResolvedScenario): string | undefined => {
  const m = compile(s)
  const sc = makeScratch(m)
  const J = sc.journey
  const lay = layout(m)
  J.layout(lay)
  const acc = makeAccumulator(lay)
  seedBlock(sc.persona, m.seed, 0, "persona")
  for (let c = 0; c < 64; c++) {
    J.customer(sc.persona, acc)
    for (let d = 0; d < m.nDims; d++)
      for (const [name, a] of [["adequate", sc.cA], ["expected", sc.cE], ["desired", sc.cD]] as const)
        if (!Number.isFinite(a[d])) return `customer ${c}'s ${name} level of ${m.meta.dimensions[d]} is ${a[d]}`
  }
  for (let ph = 0; ph < m.phases.length; ph++) {
    J.setPhase(ph)
    for (let k = 0; k < m.nPersonas * m.nTouchpoints; k++) {
      const width = (J.svcStart[k + 1] as number) - (J.svcStart[k] as number)
      for (let i = 0; i < DRAWS; i++) {
        seedWalk(sc.walk, m.seed, i, ph)
        J.drawLevels(k)
        for (let e = 0; e < width; e++) {
          const x = J.levels[e] as number
          if (!Number.isFinite(x)) {
            const dim = m.meta.dimensions[J.svcDim[(J.svcStart[k] as number) + e] as number]
            return `${m.meta.personas[Math.floor(k / m.nTouchpoints)]?.id} at ${m.meta.touchpoints[k % m.nTouchpoints]?.id}: ${dim} drawn ${x} (phase ${ph})`
          }
        }
      }
    }
  }
  return undefined
}

const STACK = /\n\s+at .+:\d+:\d+\)?(\n|$)/
const describeError = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e))

/** An issue that names no file, or neither a line nor a field (the size limits name the file alone). */
const unlocated = (issues: ReadonlyArray<Issue>): string | undefined =>
  issues.find((i) => i.file === "" || i.message === "" || (i.line === undefined && i.path === "" && !/more problems|MiB/.test(i.message)))?.message

/** The problems of the issues of a refusal: a stack trace, an unlocated message. */
const refusalProblems = (issues: ReadonlyArray<Issue>, who: string): Problem[] => {
  const bad: Problem[] = []
  const trace = issues.find((i) => STACK.test(i.message) || STACK.test(i.hint ?? ""))
  if (trace !== undefined) bad.push({ cls: "stack trace", text: `${who}: ${trace.message.slice(0, 300)}` })
  const u = unlocated(issues)
  if (u !== undefined) bad.push({ cls: "unlocated message", text: `${who}: ${u}` })
  return bad
}

/** One case: validate, load with every variant, draw, simulate what loads. */
const check = async (file: string): Promise<Outcome> => {
  const v = await validate(file).catch((e: unknown) => ({ thrown: e }))
  if ("thrown" in v) return fail("crash", `validate threw ${describeError(v.thrown)}`)
  const problems = refusalProblems(v.issues, "validate")
  let base: ResolvedScenario
  try {
    base = await load(file)
  } catch (e) {
    if (!(e instanceof InvalidInput) && !(e instanceof FileError)) return fail("crash", `load threw ${describeError(e)}`)
    if (e instanceof InvalidInput) problems.push(...refusalProblems(e.issues, "load"))
    if (v.issues.length === 0) problems.push({ cls: "validate/load disagreement", text: "validate says ok, load refuses the baseline" })
    return problems.length > 0 ? { problems } : { refused: true }
  }
  const loaded = [base]
  let allLoad = true
  for (const name of Object.keys(base.variants)) {
    try {
      loaded.push(await load(file, { variant: name }))
    } catch (e) {
      if (!(e instanceof InvalidInput)) return fail("crash", `load with ${name} threw ${describeError(e)}`)
      problems.push(...refusalProblems(e.issues, `load with ${name}`))
      allLoad = false
    }
  }
  if (allLoad !== (v.issues.length === 0))
    problems.push({
      cls: "validate/load disagreement",
      text: `validate ${v.issues.length === 0 ? "accepts" : "refuses"}, load with every variant ${allLoad ? "accepts" : "refuses"}: ${v.issues.map((i) => i.message).join("; ")}`
    })
  for (const s of loaded) {
    const d = drawProblem(s)
    if (d !== undefined) problems.push({ cls: "non-finite draw", text: `${s.variant ?? "baseline"}: ${d}` })
  }
  try {
    problems.push(...reportProblems(await simulateScenario(base, { customers: 300, workers: 1 })))
  } catch (e) {
    if (e instanceof InvalidInput) problems.push({ cls: "validate/load disagreement", text: `load accepts, simulateScenario refuses: ${e.issues.map((i) => i.message).join("; ")}` })
    else problems.push({ cls: "crash", text: `simulateScenario threw ${describeError(e)}` })
  }
  return problems.length > 0 ? { problems } : { refused: false }
}

// ---------------------------------------------------------------------------------------------
// Through the command line: the same files, every sixth case spawned as a user runs them (the
// built package in a process of its own), the others through the same main in process
// (test/support/cli.ts), without a process's start-up each time.

const BIN = path.join(ROOT, "bin", "cxsim.js")
/** A command running longer than this is stopped and counted as "no answer" (a generous bound, not a timing assertion). */
const HANG_MS = 120_000
/** One case in this many goes through a process of its own. */
const SPAWN_EVERY = 6

type CliRun = { code: number | null; out: string; err: string; hung: boolean; ms: number }

const spawn = (args: ReadonlyArray<string>): CliRun => {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: HANG_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } })
  return { code: r.status, out: r.stdout ?? "", err: r.stderr ?? "", hung: r.error !== undefined || r.signal !== null, ms: performance.now() - t0 }
}

/**
 * In process: a command that has not answered after HANG_MS is "no answer" (a command stuck in a
 * loop that never yields would stop the test instead, as a library case would).
 */
const inProcess = async (args: ReadonlyArray<string>): Promise<CliRun> => {
  const t0 = performance.now()
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<"hung">((resolve) => {
    timer = setTimeout(() => resolve("hung"), HANG_MS)
  })
  try {
    const r = await Promise.race([
      runCli(args).catch((e: unknown) => ({ code: null, out: "", err: `runCli threw ${describeError(e)}` })),
      hang
    ])
    const ms = performance.now() - t0
    return r === "hung" ? { code: null, out: "", err: "", hung: true, ms } : { ...r, hung: false, ms }
  } finally {
    clearTimeout(timer)
  }
}

/** A message that names a place: "file:line:col: …" or "file: …" on its first line. */
const locatedMessage = (err: string, file: string): boolean => err.split("\n").some((l) => l.startsWith(`${path.dirname(path.dirname(file))}`) && /:\d+:\d+: |\.yaml: /.test(l))

/** One case through the CLI: validate, then run; exit 0 with a sound report, or 3 with a located message. */
const checkCli = async (file: string, spawned: boolean): Promise<{ outcome: Outcome; ms: number }> => {
  const cli = spawned ? (args: ReadonlyArray<string>) => Promise.resolve(spawn(args)) : inProcess
  const v = await cli(["validate", file])
  const r = await cli(["run", file, "--customers", "300", "--workers", "1", "--format", "json"])
  const ms = Math.max(v.ms, r.ms)
  const problems: Problem[] = []
  for (const [name, x] of [["validate", v], ["run", r]] as const) {
    if (x.hung) problems.push({ cls: "no answer", text: `${name}: no answer within ${HANG_MS / 1000} s` })
    else if (x.code !== 0 && x.code !== 3) problems.push({ cls: "crash", text: `${name}: exit ${x.code}: ${x.err.slice(0, 300)}` })
    if (STACK.test(x.err) || STACK.test(x.out)) problems.push({ cls: "stack trace", text: `${name}: ${x.err.slice(0, 300)}` })
    if (x.code === 3 && !locatedMessage(x.err, file)) problems.push({ cls: "unlocated message", text: `${name}: exit 3 without a located message: ${x.err.slice(0, 300)}` })
  }
  // validate checks every variant, run (without --variant) only the baseline: validate's ok promises run's.
  if (v.code === 0 && r.code !== 0) problems.push({ cls: "validate/load disagreement", text: `validate exits 0, run exits ${r.code}: ${r.err.slice(0, 300)}` })
  if (r.code === 0) {
    try {
      problems.push(...reportProblems(JSON.parse(r.out) as Report))
    } catch {
      problems.push({ cls: "crash", text: `run: exit 0 without a JSON report: ${r.out.slice(0, 200)}` })
    }
  }
  return { outcome: problems.length > 0 ? { problems } : { refused: r.code !== 0 }, ms }
}

/** The largest file of a case: its scenario, or a persona beside it. */
const largestFile = (file: string): number => {
  const dir = path.dirname(path.dirname(file))
  return Math.max(fs.statSync(file).size, ...fs.readdirSync(path.join(dir, "personas")).map((f) => fs.statSync(path.join(dir, "personas", f)).size))
}

/** A library case: checked, timed, counted. */
const libraryCase = async (tally: Tally, what: string, file: string): Promise<void> => {
  tally.count()
  const bytes = largestFile(file)
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const r = await check(file).catch((e: unknown): Outcome => fail("crash", `the check threw ${describeError(e)}`))
  const cpu = process.cpuUsage(c0)
  tally.record(r, (cpu.user + cpu.system) / 1000, performance.now() - t0, bytes, what)
}

/** Print the tally on a full-scale run; fail on any failure class, with examples. */
const conclude = (tally: Tally): void => {
  if (RUNS > 0) console.log(`${tally.summary()}\nfuzz-tally ${JSON.stringify(tally.json())}`)
  expect(tally.failureReport()).toEqual([])
  expect(tally.refused + tally.ran).toBe(tally.cases)
}

const mutationCase = fc.tuple(
  fc.constantFrom(...Object.keys(scenarios)),
  fc.array(mutation, { minLength: 1, maxLength: 3 }),
  fc.constantFrom(...Object.keys(personas)),
  fc.array(mutation, { maxLength: 2 })
)
const writeMutation = ([name, ms, pid, pms]: [string, Mutation[], string, Mutation[]]): { file: string; what: string } => ({
  file: writeCase(mutate(scenarios[name] as string, ms), { ...personas, [pid]: mutate(personas[pid] as string, pms) }),
  what: `${name} ${JSON.stringify(ms).slice(0, 200)} ${pid} ${JSON.stringify(pms).slice(0, 200)}`
})

/** Library cases of a full run: FUZZ_RUNS mutations and a tenth as many from the Schema; command-line cases: a twentieth. */
const LIBRARY_RUNS = RUNS > 0 ? RUNS : 120
const SCHEMA_RUNS = RUNS > 0 ? Math.ceil(RUNS / 10) : 30
const CLI_RUNS = RUNS > 0 ? Math.max(1, Math.round(RUNS / 20)) : 24

/**
 * FUZZ_SHARD=i/n runs the cases whose index is i − 1 modulo n, of the same seeded sequence: n
 * processes started side by side with i = 1…n run exactly the cases of one process.
 */
const SHARD = ((m) => (m === null ? { i: 0, n: 1 } : { i: Number(m[1]) - 1, n: Number(m[2]) }))(/^(\d+)\/(\d+)$/.exec(process.env["FUZZ_SHARD"] ?? ""))
const mine = <A>(cases: ReadonlyArray<A>): A[] => cases.filter((_, k) => k % SHARD.n === SHARD.i)
const shardName = SHARD.n > 1 ? `, shard ${SHARD.i + 1}/${SHARD.n}` : ""

describe("fuzz: refused with a located message, or a report with every figure finite and in range", () => {
  it("mutations of the bundled scenario and persona files", async () => {
    const tally = new Tally(`library, mutations of the bundled files${shardName}`)
    const cases = mine(fc.sample(mutationCase, { seed: 1301, numRuns: LIBRARY_RUNS }))
    for (const c of cases) {
      if (pastUntil(tally, cases.length)) break
      const { file, what } = writeMutation(c)
      await libraryCase(tally, what, file)
    }
    conclude(tally)
  }, 3_600_000 * 8)

  it("mutations through the command line: exit 0 with a sound report, or 3 with a located message; no stack trace, no hang", async () => {
    const tally = new Tally(`command line, mutations of the bundled files${shardName}`)
    const cases = mine(fc.sample(mutationCase, { seed: 1303, numRuns: CLI_RUNS }))
    for (const [k, c] of cases.entries()) {
      if (pastUntil(tally, cases.length)) break
      const { file, what } = writeMutation(c)
      tally.count()
      const bytes = largestFile(file)
      const { outcome, ms } = await checkCli(file, k % SPAWN_EVERY === 0)
      tally.record(outcome, ms, ms, bytes, what)
    }
    conclude(tally)
  }, 3_600_000 * 8)

  it("scenarios generated from the Schema", async () => {
    const tally = new Tally(`library, scenarios from the Schema${shardName}`)
    // Effect's Arbitrary is built on its own copy of fast-check: sample with that one.
    const cases = mine(FastCheck.sample(Arbitrary.make(Scenario), { seed: 1302, numRuns: SCHEMA_RUNS }))
    for (const s of cases) {
      if (pastUntil(tally, cases.length)) break
      await libraryCase(tally, `from the Schema: ${JSON.stringify(s).slice(0, 300)}`, writeCase(stringify(s), personas))
    }
    conclude(tally)
  }, 3_600_000 * 8)
})
