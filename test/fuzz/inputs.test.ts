/**
 * Fuzzing the inputs: files generated from the scenario Schema and mutations of the bundled
 * scenario and persona files (extreme and special numbers, deleted, duplicated and thousands of
 * keys, huge keys, variants that remove everything) go through `validate`, `load` and
 * `simulateScenario`. The property: each one is refused with a located message (InvalidInput,
 * every issue naming its file and a line or a field), or it runs to a report whose every figure
 * is finite and in its range; and `validate` accepts a file exactly when `load` accepts it with
 * every one of its variants. Nothing else may escape: no defect, no untyped error.
 *
 * A few hundred cases here (seeded, so a failure reproduces); `npm run fuzz` runs 10,000 and
 * more (FUZZ_RUNS) and prints the slowest case, so that time linear in the file's size can be
 * watched without a timed assertion.
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
import { InvalidInput } from "../../src/load/errors.js"
import { Scenario } from "../../src/model/Scenario.js"
import type { Report, SegmentReport } from "../../src/report/Report.js"

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 0)
const ROOT = path.resolve(import.meta.dirname, "../..")

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const bundled = (folder: string): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith(".yaml")).map((f) => [f.replace(/\.yaml$/, ""), fs.readFileSync(path.join(ROOT, folder, f), "utf8")]))
const scenarios = bundled("scenarios")
const personas = bundled("personas")

/** Write a project (scenarios/s.yaml beside personas/*.yaml) and return the scenario's path. */
const writeCase = (scenario: string, persona: Readonly<Record<string, string>>): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-fuzz-"))
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.mkdirSync(path.join(dir, "personas"))
  for (const [id, text] of Object.entries(persona)) fs.writeFileSync(path.join(dir, "personas", `${id}.yaml`), text)
  const file = path.join(dir, "scenarios", "s.yaml")
  fs.writeFileSync(file, scenario)
  return file
}

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

/** Apply mutations to a YAML text (through its data, or to its lines for duplicated keys). */
const mutate = (text: string, ms: ReadonlyArray<Mutation>): string => {
  let data = parse(text) as Json
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
      const o = data as Record<string, Json>
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
  return out ?? stringify(data)
}

// ---------------------------------------------------------------------------------------------
// The property

const inRange = (x: number | null | undefined, lo: number, hi: number): boolean => x === null || x === undefined || (x >= lo - 1e-9 && x <= hi + 1e-9)

/** Every number finite; scores on their scales; rates in [0, 1]. Returns what is wrong. */
const reportProblems = (r: Report): string[] => {
  const bad: string[] = []
  const walk = (x: unknown, at: string): void => {
    if (typeof x === "number" && !Number.isFinite(x)) bad.push(`${at} = ${x}`)
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
    for (const [name, x, lo, hi] of checks) if (!inRange(x, lo, hi)) bad.push(`${s.id}.${name} = ${x}`)
  }
  r.segments.forEach(seg)
  seg(r.overall)
  // An empty segment has no figures: every one null, never a number.
  for (const s of r.segments) {
    if (s.n !== 0) continue
    const figures = Object.entries(s).filter(([k, v]) => !["id", "label", "n", "share"].includes(k) && v !== null)
    if (figures.length > 0) bad.push(`empty segment ${s.id} has figures: ${figures.map(([k]) => k).join(", ")}`)
  }
  const n = r.segments.reduce((a, s) => a + s.n, 0)
  if (n !== r.population) bad.push(`segments hold ${n} customers of ${r.population}`)
  return bad
}

type Outcome = { readonly refused: boolean } | { readonly wrong: string }

/** One case: validate, load with every variant, simulate what loads. */
const check = async (file: string): Promise<Outcome> => {
  const located = (e: InvalidInput): string | undefined =>
    e.issues.find((i) => i.file === "" || i.message === "" || (i.line === undefined && i.path === "" && !/more problems|MiB/.test(i.message)))?.message
  const v = await validate(file).catch((e: unknown) => ({ thrown: e }))
  if ("thrown" in v) return { wrong: `validate threw ${String(v.thrown)}` }
  let base
  try {
    base = await load(file)
  } catch (e) {
    if (!(e instanceof InvalidInput) && !(e instanceof Error && "_tag" in e && e._tag === "FileError")) return { wrong: `load threw ${String(e)}` }
    if (e instanceof InvalidInput && located(e) !== undefined) return { wrong: `unlocated issue: ${located(e)}` }
    if (v.issues.length === 0) return { wrong: "validate says ok, load refuses the baseline" }
    return { refused: true }
  }
  let allLoad = true
  for (const name of Object.keys(base.variants)) {
    try {
      await load(file, { variant: name })
    } catch (e) {
      if (!(e instanceof InvalidInput)) return { wrong: `load with ${name} threw ${String(e)}` }
      allLoad = false
    }
  }
  if (allLoad !== (v.issues.length === 0)) return { wrong: `validate ${v.issues.length === 0 ? "accepts" : "refuses"}, load with every variant ${allLoad ? "accepts" : "refuses"}: ${v.issues.map((i) => i.message).join("; ")}` }
  try {
    const report = await simulateScenario(base, { customers: 300, workers: 1 })
    const bad = reportProblems(report)
    if (bad.length > 0) return { wrong: `report: ${bad.slice(0, 5).join(", ")}` }
  } catch (e) {
    return { wrong: `simulateScenario threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` }
  }
  return { refused: false }
}

// ---------------------------------------------------------------------------------------------
// Through the command line: the same files, spawned as a user runs them

const BIN = path.join(ROOT, "bin", "cxsim.js")
/** A case running longer than this is a hang (a generous bound on files under 1 MB, not a timing assertion). */
const HANG_MS = 30_000

const spawn = (args: ReadonlyArray<string>): { code: number | null; out: string; err: string; hung: boolean } => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: HANG_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } })
  return { code: r.status, out: r.stdout ?? "", err: r.stderr ?? "", hung: r.error !== undefined || r.signal !== null }
}

/** A message that names a place: "file:line:col: …" or "file: …" on its first line. */
const locatedMessage = (err: string, file: string): boolean => err.split("\n").some((l) => l.startsWith(`${path.dirname(path.dirname(file))}`) && /:\d+:\d+: |\.yaml: /.test(l))

/** One case through the CLI: validate, then run; exit 0 with a sound report, or 3 with a located message. */
const checkCli = (file: string): Outcome => {
  const v = spawn(["validate", file])
  const r = spawn(["run", file, "--customers", "300", "--workers", "1", "--format", "json"])
  for (const [name, x] of [["validate", v], ["run", r]] as const) {
    if (x.hung) return { wrong: `${name}: no answer within ${HANG_MS / 1000} s` }
    if (/\n\s+at .+:\d+:\d+\)?\n/.test(x.err)) return { wrong: `${name}: stack trace: ${x.err.slice(0, 300)}` }
    if (x.code !== 0 && x.code !== 3) return { wrong: `${name}: exit ${x.code}: ${x.err.slice(0, 300)}` }
    if (x.code === 3 && !locatedMessage(x.err, file)) return { wrong: `${name}: exit 3 without a located message: ${x.err.slice(0, 300)}` }
  }
  // validate checks every variant, run (without --variant) only the baseline: validate's ok promises run's.
  if (v.code === 0 && r.code !== 0) return { wrong: `validate exits 0, run exits ${r.code}: ${r.err.slice(0, 300)}` }
  if (r.code !== 0) return { refused: true }
  let report: Report
  try {
    report = JSON.parse(r.out) as Report
  } catch {
    return { wrong: `run: exit 0 without a JSON report: ${r.out.slice(0, 200)}` }
  }
  const bad = reportProblems(report)
  return bad.length > 0 ? { wrong: `report: ${bad.slice(0, 5).join(", ")}` } : { refused: false }
}

const slowest = { ms: 0, what: "" }
const counts = { refused: 0, ran: 0 }
const timed = async (what: string, file: string): Promise<Outcome> => {
  // Wall-clock time here is only reported (npm run fuzz), never asserted.
  const t0 = performance.now()
  const r = await check(file).finally(() => fs.rmSync(path.dirname(path.dirname(file)), { recursive: true, force: true }))
  const ms = performance.now() - t0
  if (ms > slowest.ms) Object.assign(slowest, { ms, what })
  if ("refused" in r) counts[r.refused ? "refused" : "ran"]++
  return r
}

afterAll(() => {
  if (RUNS > 0) console.log(`fuzz: ${counts.refused} refused, ${counts.ran} ran; slowest case ${slowest.ms.toFixed(0)} ms (${slowest.what})`)
})

describe("fuzz: refused with a located message, or a report with every figure finite and in range", () => {
  it("mutations of the bundled scenario and persona files", async () => {
    const names = Object.keys(scenarios)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...Object.keys(personas)),
        fc.array(mutation, { maxLength: 2 }),
        async (name, ms, pid, pms) => {
          const persona = { ...personas, [pid]: mutate(personas[pid] as string, pms) }
          const file = writeCase(mutate(scenarios[name] as string, ms), persona)
          const r = await timed(`${name} ${JSON.stringify(ms).slice(0, 200)} ${pid} ${JSON.stringify(pms).slice(0, 200)}`, file)
          if ("wrong" in r) throw new Error(r.wrong)
        }
      ),
      { seed: 1301, numRuns: RUNS > 0 ? RUNS : 120 }
    )
  }, 3_600_000)

  it("mutations through the command line: exit 0 with a sound report, or 3 with a located message; no stack trace, no hang", () => {
    const cli = { refused: 0, ran: 0 }
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(scenarios)),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...Object.keys(personas)),
        fc.array(mutation, { maxLength: 2 }),
        (name, ms, pid, pms) => {
          const file = writeCase(mutate(scenarios[name] as string, ms), { ...personas, [pid]: mutate(personas[pid] as string, pms) })
          const r = (() => {
            try {
              return checkCli(file)
            } finally {
              fs.rmSync(path.dirname(path.dirname(file)), { recursive: true, force: true })
            }
          })()
          if ("wrong" in r) throw new Error(r.wrong)
          cli[r.refused ? "refused" : "ran"]++
        }
      ),
      { seed: 1303, numRuns: RUNS > 0 ? Math.max(1, Math.round(RUNS / 20)) : 24 }
    )
    if (RUNS > 0) console.log(`fuzz (command line): ${cli.refused} refused, ${cli.ran} ran`)
  }, 3_600_000)

  it("scenarios generated from the Schema", async () => {
    // Effect's Arbitrary is built on its own copy of fast-check: run it with that one.
    await FastCheck.assert(
      FastCheck.asyncProperty(Arbitrary.make(Scenario), async (s) => {
        const file = writeCase(stringify(s), personas)
        const r = await timed("from the Schema", file)
        if ("wrong" in r) throw new Error(r.wrong)
      }),
      { seed: 1302, numRuns: RUNS > 0 ? Math.ceil(RUNS / 10) : 30 }
    )
  }, 3_600_000)
})
