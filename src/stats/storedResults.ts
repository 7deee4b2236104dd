/**
 * Stored benchmark results (`cxsim bench --baseline FILE`): reading and checking the file,
 * comparing the current results with it, and the updated file (`--update-baseline`).
 *
 * The stored file holds suite results (checks and per-arm means and standard deviations), not
 * customers, so a comparison with it is unpaired: the change of a metric since it was stored is
 * current − stored ± 1.96·√(s₁²/n₁ + s₂²/n₂). When the seed is the same the two runs share their
 * customers, so this interval is wider than it needs to be (conservative).
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { unsign } from "../checksum.js"
import { InvalidInput } from "../load/errors.js"
import { VERSION } from "../version.js"
import {
  BENCH_SCHEMA_VERSION,
  type CheckChange,
  type MetricChange,
  type StoredComparison,
  type StoredResults,
  type StoredSuiteComparison,
  type SuiteResult
} from "./BenchResult.js"
import { metrics } from "./Comparison.js"
import { verdicts, type CheckResult } from "./gates.js"
import { Z95 } from "./intervals.js"

export const STORED_METHOD =
  "Changes since the stored results are unpaired (the file holds summaries, not customers): current − stored ± 1.96·√(s₁²/n₁ + s₂²/n₂). " +
  "They are shown for review; the verdicts and the exit code come from the current run's paired gates."

const Verdict = Schema.Literal(...verdicts)
const Stat = Schema.Struct({ mean: Schema.Number, sd: Schema.Number })

/** The parts of a stored file that comparisons read; anything else in it is carried along as it is. */
const StoredFile = Schema.Struct({
  // Version 1 files (before segments without customers had null figures) read the same.
  // Version 2 files (before fit gates) too.
  schemaVersion: Schema.Literal(1, 2, BENCH_SCHEMA_VERSION),
  kind: Schema.Literal("bench-baseline"),
  suites: Schema.Array(
    Schema.Struct({
      name: Schema.String,
      scenario: Schema.Struct({ name: Schema.String, hash: Schema.String }),
      engineVersion: Schema.String,
      seed: Schema.Number,
      customers: Schema.Number,
      checks: Schema.Array(
        Schema.Struct({
          key: Schema.String,
          variant: Schema.String,
          segmentLabel: Schema.String,
          description: Schema.String,
          verdict: Verdict,
          value: Schema.NullOr(Schema.Number),
          lower: Schema.NullOr(Schema.Number),
          upper: Schema.NullOr(Schema.Number),
          unit: Schema.String,
          fit: Schema.optional(Schema.Struct({ surveyHash: Schema.String, mapHash: Schema.String }))
        })
      ),
      arms: Schema.Array(
        Schema.Struct({
          arm: Schema.String,
          segments: Schema.Array(
            Schema.Struct({
              id: Schema.String,
              label: Schema.String,
              n: Schema.Number,
              metrics: Schema.NullOr(Schema.Struct(Object.fromEntries(metrics.map((m) => [m, Stat])) as Record<(typeof metrics)[number], typeof Stat>))
            })
          )
        })
      )
    })
  )
})

/** Stored results nest a few levels; this many means the file is something else. */
const MAX_JSON_DEPTH = 64

/** Whether parsed JSON nests deeper than `limit` arrays and objects (without recursion). */
const deeperThan = (data: unknown, limit: number): boolean => {
  const stack: Array<readonly [unknown, number]> = [[data, 0]]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [x, depth] = top
    if (x === null || typeof x !== "object") continue
    if (depth >= limit) return true
    for (const v of Object.values(x)) if (v !== null && typeof v === "object") stack.push([v, depth + 1])
  }
  return false
}

/** Read stored results from the text of `file`; a file that is not one is invalid input. */
export const decodeStored = (file: string, text: string): Either.Either<StoredResults, InvalidInput> => {
  let data: unknown
  // An editor's byte-order mark is not part of the file's JSON.
  // The checksum mark cxsim adds when it writes the file is not part of the results (it takes
  // no line of its own: lines stay the file's).
  const body = unsign(text.startsWith("\ufeff") ? text.slice(1) : text).body
  try {
    data = JSON.parse(body)
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 100)
    // The parser gives an offset in the text: shown as the line and column an editor goes to.
    const at = /at position (\d+)/.exec(message)
    const offset = at === null ? undefined : Number(at[1])
    const before = offset === undefined ? undefined : body.slice(0, offset).split("\n")
    const where = before === undefined ? {} : { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 }
    return Either.left(new InvalidInput({ issues: [{ file, ...where, path: "", message: `not stored cxsim bench results: not valid JSON (${message.replace(/ in JSON at position \d+/, "")})`, hint: "write it with cxsim bench --baseline FILE --update-baseline" }] }))
  }
  // Refused before decoding: describing a value nested thousands deep overflows the call stack.
  if (deeperThan(data, MAX_JSON_DEPTH)) {
    return Either.left(new InvalidInput({ issues: [{ file, path: "", message: `not stored cxsim bench results: nesting deeper than ${MAX_JSON_DEPTH} levels`, hint: "write it with cxsim bench --baseline FILE --update-baseline" }] }))
  }
  const r = Schema.decodeUnknownEither(StoredFile)(data, { errors: "all" })
  if (Either.isLeft(r)) {
    // The first problem says enough: the file is not what --update-baseline writes.
    const first = ParseResult.ArrayFormatter.formatErrorSync(r.left)[0]
    const where = (first?.path ?? []).map((p, k) => (typeof p === "number" ? `[${p}]` : k === 0 ? String(p) : `.${String(p)}`)).join("")
    const what = first === undefined ? "" : first._tag === "Missing" ? `${where} is missing` : `${where}: ${first.message}`
    const issues = [{ file, path: "", message: `not stored cxsim bench results (${what.replace(/\s+/g, " ").slice(0, 160)})`, hint: "write it with cxsim bench --baseline FILE --update-baseline" }]
    return Either.left(new InvalidInput({ issues }))
  }
  // Validated where it is read; the rest of each suite is carried along as written.
  return Either.right(data as StoredResults)
}

const r6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : 0)

const checkChanges = (stored: SuiteResult | undefined, current: SuiteResult): CheckChange[] => {
  const then = new Map((stored?.checks ?? []).map((c) => [c.key, c]))
  const pick = (c: CheckResult): NonNullable<CheckChange["current"]> => ({ verdict: c.verdict, value: c.value, lower: c.lower, upper: c.upper, unit: c.unit })
  const out: CheckChange[] = current.checks.map((c) => {
    const s = then.get(c.key)
    if (s === undefined) return { key: c.key, variant: c.variant, segmentLabel: c.segmentLabel, description: c.description, stored: null, current: pick(c), change: "new" }
    const dv = verdicts.indexOf(c.verdict) - verdicts.indexOf(s.verdict)
    const change: CheckChange["change"] =
      dv > 0 ? "worse" : dv < 0 ? "better" : s.value === c.value && s.lower === c.lower && s.upper === c.upper ? "same" : "moved"
    return { key: c.key, variant: c.variant, segmentLabel: c.segmentLabel, description: c.description, stored: pick(s), current: pick(c), change }
  })
  const now = new Set(current.checks.map((c) => c.key))
  for (const s of stored?.checks ?? []) {
    if (!now.has(s.key)) out.push({ key: s.key, variant: s.variant, segmentLabel: s.segmentLabel, description: s.description, stored: pick(s), current: null, change: "gone" })
  }
  return out
}

const metricChanges = (stored: SuiteResult, current: SuiteResult): MetricChange[] => {
  const out: MetricChange[] = []
  for (const arm of current.arms) {
    const then = stored.arms.find((a) => a.arm === arm.arm)
    if (then === undefined) continue
    for (const seg of arm.segments) {
      const s = then.segments.find((x) => x.id === seg.id)
      // A segment without customers then or now has no change to measure.
      if (s === undefined || s.metrics === null || seg.metrics === null) continue
      for (const m of metrics) {
        const a = s.metrics[m]
        const b = seg.metrics[m]
        const delta = b.mean - a.mean
        const half = s.n > 0 && seg.n > 0 ? Z95 * Math.sqrt((a.sd * a.sd) / s.n + (b.sd * b.sd) / seg.n) : 0
        const lower = r6(delta - half)
        const upper = r6(delta + half)
        out.push({ arm: arm.arm, segment: seg.id, segmentLabel: seg.label, metric: m, stored: a.mean, current: b.mean, delta: r6(delta), lower, upper, significant: lower > 0 || upper < 0 })
      }
    }
  }
  return out
}

/** Fit checks whose survey or mapping is not the one of the stored check of the same key. */
const surveyChanges = (stored: SuiteResult, current: SuiteResult): Set<string> => {
  const then = new Map(stored.checks.map((c) => [c.key, c]))
  const out = new Set<string>()
  for (const c of current.checks) {
    const s = then.get(c.key)
    if (c.fit === undefined || s === undefined) continue
    if (s.fit === undefined || s.fit.surveyHash !== c.fit.surveyHash || s.fit.mapHash !== c.fit.mapHash) out.add(c.key)
  }
  return out
}

/** Compare current suite results with stored ones, suite by suite (by name). */
export const compareWithStored = (file: string, stored: StoredResults, current: ReadonlyArray<SuiteResult>): StoredComparison => ({
  file,
  method: STORED_METHOD,
  suites: current.map((c): StoredSuiteComparison => {
    const s = stored.suites.find((x) => x.name === c.name)
    const checks = checkChanges(s, c)
    if (s === undefined) {
      return {
        suite: c.name,
        found: false,
        storedHash: null,
        storedEngineVersion: null,
        scenarioChanged: false,
        engineChanged: false,
        settingsChanged: false,
        surveyChanged: false,
        drift: false,
        checks,
        metrics: []
      }
    }
    const ms = metricChanges(s, c)
    const scenarioChanged = s.scenario.hash !== c.scenario.hash
    const engineChanged = s.engineVersion !== c.engineVersion
    const settingsChanged = s.seed !== c.seed || s.customers !== c.customers
    // A fit check moves with its survey: that is not drift.
    const newSurvey = surveyChanges(s, c)
    const moved = checks.some((x) => !newSurvey.has(x.key) && (x.change === "moved" || x.change === "better" || x.change === "worse")) || ms.some((x) => x.delta !== 0)
    return {
      suite: c.name,
      found: true,
      storedHash: s.scenario.hash,
      storedEngineVersion: s.engineVersion,
      scenarioChanged,
      engineChanged,
      settingsChanged,
      surveyChanged: newSurvey.size > 0,
      drift: !scenarioChanged && !engineChanged && !settingsChanged && moved,
      checks,
      metrics: ms
    }
  })
})

/** Suites whose stored results are for another version of their scenario (by hash). */
export const scenarioConflicts = (
  stored: StoredResults,
  current: ReadonlyArray<{ readonly name: string; readonly hash: string }>
): Array<{ readonly suite: string; readonly storedHash: string; readonly hash: string }> =>
  current.flatMap((c) => {
    const s = stored.suites.find((x) => x.name === c.name)
    return s !== undefined && s.scenario.hash !== c.hash ? [{ suite: c.name, storedHash: s.scenario.hash, hash: c.hash }] : []
  })

/** The stored results with the current suites put in (replacing those of the same name), sorted by name. */
export const updateStored = (stored: StoredResults | null, current: ReadonlyArray<SuiteResult>): StoredResults => {
  const byName = new Map<string, SuiteResult>((stored?.suites ?? []).map((s) => [s.name, s]))
  for (const c of current) byName.set(c.name, c)
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    engine: { name: "cxsim", version: VERSION },
    kind: "bench-baseline",
    suites: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }
}

/** The stored results as JSON (2-space indent, final newline; `engine` second, so --out recognises it). */
export const renderStored = (s: StoredResults): string => `${JSON.stringify(s, null, 2)}\n`
