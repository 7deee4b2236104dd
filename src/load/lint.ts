/**
 * Warnings: slips that pass validation but silently change the results. The scenario is valid;
 * each warning names where the slip is (file and field path; `lintFile` adds the line) and what
 * it does. The CLI prints them on stderr and `--strict` makes them errors (exit 3).
 *
 * The rules, on a resolved scenario (`lint`), and on a scenario file with its variants (`lintFile`):
 * - a dimension a persona weights but has no expectations for: the persona ignores it;
 * - a persona's expectation level beyond its dimension's `min`/`max`, which no delivery reaches;
 * - a delivered level more than `FAR_STEPS` noticeable steps (the dimension's `scale`,
 *   docs/model.md §1) outside a persona's zone [adequate, desired]: a unit slip (seconds for
 *   minutes);
 * - a journey whose next steps make it longer than `LONG_JOURNEY` visits on average (expected
 *   visits of the absorbing chain of next steps, per persona's own next steps);
 * - a recovery touchpoint that no failure can reach (every failure leading to it has rate 0);
 * - a variant that changes nothing the simulation uses (`lintFile`: its compiled model equals
 *   the baseline's).
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { compile } from "../engine/compile.js"
import { distributionMean } from "../model/Distribution.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { formatPath, type Issue } from "./Issue.js"
import type { FileError, InvalidInput } from "./errors.js"
import { loadScenario, personaTarget, pointLoader, type SetValue } from "./loadScenario.js"
import { locate, readYaml, type YamlFile } from "./YamlFile.js"

/** A warning: where (file, line when known, field path), what, and what to do. */
export type Warning = Issue

/** More noticeable steps than this between a delivered level and a persona's zone is a warning. */
export const FAR_STEPS = 10

/** More expected visits than this in one journey is a warning. */
export const LONG_JOURNEY = 50

const fmt = (x: number): string => String(Math.round(x * 100) / 100)

/** Where a persona's own file is, for a warning about it. */
const personaWarning = (file: string, path: ReadonlyArray<string>, message: string, hint?: string): Warning => ({ file, path: formatPath(path), message, hint })

/** Weighted dimensions without expectations. */
const weightedWithoutExpectations = (s: ResolvedScenario): Warning[] =>
  s.personas.flatMap((p) =>
    Object.entries(p.weights)
      .filter(([d, w]) => w > 0 && p.expectations[d] === undefined && s.dimensions[d] !== undefined)
      .map(([d]) =>
        personaWarning(p.file, ["weights", d], `persona "${p.id}" weights "${d}" but has no expectations for it, so it ignores "${d}"`, `add expectations.${d} (adequate, desired), or remove the weight`)
      )
  )

/** Delivered levels far outside a persona's zone. */
const farOutside = (s: ResolvedScenario): Warning[] => {
  const out: Warning[] = []
  for (const [tid, tp] of Object.entries(s.journey.touchpoints)) {
    for (const [d, dist] of Object.entries(tp.service ?? {})) {
      const dim = s.dimensions[d]
      if (dim === undefined) continue
      const level = distributionMean(dist)
      const far = s.personas.flatMap((p) => {
        const e = p.expectations[d]
        if (e === undefined) return []
        const lo = Math.min(e.adequate, e.desired)
        const hi = Math.max(e.adequate, e.desired)
        const steps = (level < lo ? lo - level : level > hi ? level - hi : 0) / dim.scale
        return steps > FAR_STEPS ? [{ p, steps, lo, hi }] : []
      })
      const worst = far.sort((a, b) => b.steps - a.steps)[0]
      if (worst === undefined) continue
      out.push({
        file: s.file,
        path: formatPath(["journey", "touchpoints", tid, "service", d]),
        message: `delivers ${fmt(level)} ${dim.unit ?? ""}`.trimEnd() +
          `, ${fmt(worst.steps)} noticeable steps (scale ${fmt(dim.scale)}) outside the zone ${fmt(worst.lo)}–${fmt(worst.hi)} of persona "${worst.p.id}"` +
          (far.length > 1 ? ` (and ${far.length - 1} other persona${far.length > 2 ? "s" : ""})` : ""),
        hint: `more than ${FAR_STEPS} steps is likely a unit slip (seconds for minutes); check the level, the persona's expectations and the dimension's scale`
      })
    }
  }
  return out
}

/**
 * Expectation levels beyond a dimension's `min`/`max`: delivered levels are clamped to them, so
 * a desired level above `max` is never reached, an adequate one above it never met (a 0–10 score
 * expected at 12, a percentage written as a fraction).
 */
const beyondBounds = (s: ResolvedScenario): Warning[] =>
  s.personas.flatMap((p) =>
    Object.entries(p.expectations).flatMap(([d, e]) => {
      const dim = s.dimensions[d]
      if (dim === undefined || (dim.min === undefined && dim.max === undefined)) return []
      const outside = (["adequate", "desired", "expected"] as const).filter((k) => (dim.min !== undefined && e[k] < dim.min) || (dim.max !== undefined && e[k] > dim.max))
      const first = outside[0]
      if (first === undefined) return []
      const bounds = `${dim.min === undefined ? "" : `min ${fmt(dim.min)}`}${dim.min !== undefined && dim.max !== undefined ? ", " : ""}${dim.max === undefined ? "" : `max ${fmt(dim.max)}`}`
      return [
        personaWarning(
          p.file,
          ["expectations", d, first],
          `persona "${p.id}" expects "${d}" ${outside.map((k) => `${k} ${fmt(e[k])}`).join(", ")}, beyond the dimension's ${bounds}: delivered levels never go there`,
          `write the levels in the dimension's unit (${dim.unit}), within its bounds; or widen the dimension's min/max`
        )
      ]
    })
  )

/**
 * Expected visits per touchpoint of one journey from `start`, through next steps only (an
 * absorbing chain: outcomes end it). Iterates v ← e_start + vQ: v grows towards the expected
 * visits; it stops when the total passes `cap` (too long, whatever the exact figure), when it
 * settles, or after a bounded number of rounds (each linear in the edges).
 */
const expectedVisits = (ids: ReadonlyArray<string>, start: number, next: (i: number) => ReadonlyArray<readonly [number, number]>, cap: number): Float64Array => {
  const n = ids.length
  const edges = ids.map((_, i) => {
    const e = next(i)
    const total = e.reduce((a, [, w]) => a + w, 0)
    return total > 0 ? e.map(([j, w]) => [j, w / total] as const) : []
  })
  let v = new Float64Array(n)
  for (let round = 0; round < 5000; round++) {
    const w = new Float64Array(n)
    w[start] = 1
    for (let i = 0; i < n; i++) {
      const vi = v[i] as number
      if (vi === 0) continue
      for (const [j, p] of edges[i] as ReadonlyArray<readonly [number, number]>) if (j >= 0) w[j] = (w[j] as number) + vi * p
    }
    let total = 0
    let change = 0
    for (let i = 0; i < n; i++) {
      total += w[i] as number
      change = Math.max(change, Math.abs((w[i] as number) - (v[i] as number)))
    }
    v = w
    if (total > cap || change < 1e-9) break
  }
  return v
}

/** Journeys longer than `LONG_JOURNEY` visits on average, for all personas and per persona with its own next steps. */
const longJourneys = (s: ResolvedScenario): Warning[] => {
  const ids = Object.keys(s.journey.touchpoints)
  const index = new Map(ids.map((id, i) => [id, i]))
  const start = index.get(s.journey.start)
  if (start === undefined) return []
  const out: Warning[] = []
  const check = (persona: string | null): void => {
    const v = expectedVisits(
      ids,
      start,
      (i) => {
        const tp = s.journey.touchpoints[ids[i] as string]
        const next = (persona === null ? undefined : tp?.personas?.[persona]?.next) ?? tp?.next ?? {}
        // Outcomes (index −1) end the journey: they count in the weights, and lead nowhere.
        return Object.entries(next).map(([to, w]) => [index.get(to) ?? -1, w] as const)
      },
      LONG_JOURNEY * 2
    )
    const total = v.reduce((a, x) => a + x, 0)
    if (total <= LONG_JOURNEY) return
    let most = 0
    v.forEach((x, i) => {
      if (x > (v[most] as number)) most = i
    })
    const tid = ids[most] as string
    out.push({
      file: s.file,
      path: formatPath(["journey", "touchpoints", tid, "next"]),
      message:
        `a journey${persona === null ? "" : ` of persona "${persona}"`} takes more than ${LONG_JOURNEY} visits on average` +
        ` (most of them at "${tid}"): the way out of its loop is too unlikely`,
      hint: `raise the weight of the steps that leave the loop; journeys stop at model.maxSteps (${s.settings.maxSteps}) steps`
    })
  }
  check(null)
  const overridden = new Set(Object.values(s.journey.touchpoints).flatMap((tp) => Object.entries(tp.personas ?? {}).filter(([, o]) => o.next !== undefined).map(([p]) => p)))
  for (const p of s.personas) if (overridden.has(p.id)) check(p.id)
  return out
}

/** Recovery touchpoints no failure can reach: every failure leading to them has rate 0, in every period. */
const unreachableRecoveries = (s: ResolvedScenario): Warning[] => {
  const leading = new Map<string, { from: string; rate: number }[]>()
  for (const [tid, tp] of Object.entries(s.journey.touchpoints)) {
    const r = tp.failure?.recovery
    if (r === undefined) continue
    const rate = Math.max(tp.failure?.rate ?? 0, ...(tp.schedule ?? []).map((e) => e.failure?.rate ?? 0))
    leading.set(r, [...(leading.get(r) ?? []), { from: tid, rate }])
  }
  return [...leading.entries()]
    .filter(([, xs]) => xs.every((x) => x.rate === 0))
    .map(([r, xs]) => ({
      file: s.file,
      path: formatPath(["journey", "touchpoints", (xs[0] as { from: string }).from, "failure", "rate"]),
      message: `recovery touchpoint "${r}" is never reached: the failures that lead to it (${xs.map((x) => `"${x.from}"`).join(", ")}) have rate 0`,
      hint: "give the failure a rate above 0, or remove the recovery"
    }))
}

/**
 * The warnings of a resolved scenario (in memory: file names and field paths, no lines). A
 * variant that changes nothing needs the baseline too: see `lintFile`.
 *
 * @example
 * const warnings = lint(await load("scenarios/restaurant.yaml"))
 * for (const w of warnings) console.error(`${w.file}: ${w.path}: ${w.message}`)
 */
export const lint = (s: ResolvedScenario): ReadonlyArray<Warning> => [...weightedWithoutExpectations(s), ...beyondBounds(s), ...farOutside(s), ...longJourneys(s), ...unreachableRecoveries(s)]

/** Whether two compiled models simulate alike: every number and array equal (names aside). */
const sameModel = (a: unknown, b: unknown, top = true): boolean => {
  if (a === b) return true
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b)
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<number>
    const y = b as unknown as ArrayLike<number>
    if (x.length !== y.length) return false
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return false
    return true
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameModel(x, b[i], false))
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => !(top && k === "meta"))
    const kb = Object.keys(b).filter((k) => !(top && k === "meta"))
    return ka.length === kb.length && ka.every((k) => sameModel((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], false))
  }
  return false
}

/** A warning located in its file: the line of its field path, when the file is one read. */
const located = (w: Warning, files: ReadonlyMap<string, YamlFile>): Warning => {
  const f = files.get(w.file)
  if (f === undefined || w.path === "") return w
  const path = w.path.split(".")
  return { ...w, ...locate(f, path) }
}

/**
 * The warnings of a scenario file: `lint` of the scenario as loaded (with `variant`, or the
 * baseline), and each variant that changes nothing the simulation uses; located to the line.
 * The file must load (validate it first); a variant that does not load is left to validation.
 * `files` holds the files already read (by `loadScenario` with the same map): they are not read
 * or decoded again. @default none read yet
 *
 * @example
 * const warnings = await Effect.runPromise(lintFile("scenarios/restaurant.yaml"))
 */
export const lintFile = (file: string, variant?: string, files: Map<string, YamlFile> = new Map()): Effect.Effect<ReadonlyArray<Warning>, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const base = yield* loadScenario(file, { files })
    const scenario = variant === undefined ? base : yield* loadScenario(file, { files, variant })
    const out: Warning[] = [...lint(scenario)]
    const baseModel = compile(base)
    // A variant that only sets numbers in the scenario is the baseline with those numbers set: its
    // points are set on the decoded baseline (pointLoader) rather than patched and decoded whole.
    const points = yield* pointLoader(file, { files })
    for (const [name, v0] of Object.entries(base.variants)) {
      const patches = v0.patches
      const numbers = patches.every((p) => "set" in p && typeof p.value === "number" && personaTarget(p.set) === undefined)
      const v =
        name === variant
          ? Either.right(scenario)
          : yield* Effect.either(numbers ? points.load(patches as ReadonlyArray<SetValue>) : loadScenario(file, { files, variant: name }))
      if (Either.isLeft(v)) continue
      if (sameModel(compile(v.right), baseModel)) {
        out.push({
          file,
          path: formatPath(["variants", name]),
          message: `variant "${name}" changes nothing the simulation uses: its results equal the baseline's`,
          hint: "a value equal to the baseline's, or a field every persona overrides; patch what the personas see"
        })
      }
      yield* Effect.yieldNow()
    }
    // Persona files read by the loader are in `files` under their own names.
    for (const p of scenario.personas) if (!files.has(p.file)) files.set(p.file, yield* readYaml(p.file))
    return out.map((w) => located(w, files))
  })
