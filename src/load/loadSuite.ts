/**
 * Loading a benchmark suite: read and decode the file strictly, load its scenario (relative to
 * the suite file) and variants, and check what the schema cannot — the metric's name, one rule
 * per gate, percentages within 0–100, the touchpoint of an abandonment gate, and that variants,
 * segments and touchpoints exist — reporting every problem with its file, line and field and a
 * "did you mean" where one helps. A fit gate's survey and mapping are read here too (relative to
 * the suite file), so that a survey that cannot be read, or a mapping that does not fit the
 * scenario, stops the run before anything is simulated.
 */
import * as Effect from "effect/Effect"
import { createHash } from "node:crypto"
import * as Either from "effect/Either"
import * as path from "node:path"
import { BenchSuite, gateMetrics, gateRules, type Gate, type GateMetric } from "../model/BenchSuite.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { decodeWith } from "./decode.js"
import { FileError, InvalidInput } from "./errors.js"
import { suggest, type Issue } from "./Issue.js"
import { loadScenario } from "./loadScenario.js"
import { issueAt, readYaml, type YamlFile } from "./YamlFile.js"
import { loadSurveyMap, readSurvey } from "../survey/readSurvey.js"
import type { SurveyData } from "../survey/SurveyData.js"

/** A survey a suite's fit gates compare the baseline with, read through its mapping. */
export interface LoadedFit {
  /** The indexes (from 0) of the gates that use this survey and mapping. */
  readonly gates: ReadonlyArray<number>
  /** The survey and mapping files, relative to the working directory when inside it. */
  readonly survey: string
  readonly map: string
  /** A content hash of the mapping file (the survey's is in `data.hash`). */
  readonly mapHash: string
  readonly data: SurveyData
}

export interface LoadedSuite {
  /** The suite file, relative to the working directory when inside it, else absolute. */
  readonly file: string
  readonly yaml: YamlFile
  /** The suite's name: its `name`, else the file name. */
  readonly name: string
  readonly description: string
  readonly suite: BenchSuite
  /** The scenario file, relative to the working directory when inside it. */
  readonly scenarioFile: string
  readonly baseline: ResolvedScenario
  readonly variants: ReadonlyArray<ResolvedScenario>
  readonly customers: number
  readonly seed: number
  /** The surveys of the fit gates, each read once. */
  readonly fits: ReadonlyArray<LoadedFit>
  /** Every file read: the suite, the scenario and its personas, surveys and mappings (never to be overwritten). */
  readonly inputs: ReadonlyArray<string>
}

const decodeSuite = decodeWith(BenchSuite, "suite")

/** A path relative to the working directory when it is inside it, else absolute. */
const displayPath = (p: string): string => {
  const rel = path.relative(process.cwd(), p)
  return rel === "" || rel.startsWith("..") ? p : rel
}

/** The range of a level on each metric's scale, in the gate's unit. */
const LEVEL_RANGE: Readonly<Record<GateMetric, readonly [number, number, string] | undefined>> = {
  csat: [1, 5, "a CSAT from 1 to 5"],
  nps: [-100, 100, "an NPS from -100 to 100"],
  ces: [1, 7, "a CES from 1 to 7"],
  satisfaction: [0, 10, "a satisfaction from 0 to 10"],
  completion: [0, 100, "a percentage from 0 to 100"],
  churn: [0, 100, "a percentage from 0 to 100"],
  abandonment: [0, 100, "a percentage from 0 to 100"],
  revenue: undefined,
  fit: undefined
}

const FIT_HINT = "max: 1.5 (the distance at most 1.5 × the noise ceiling), or no rule (the fit must not be poor)"

/** Problems of one gate that need no scenario. */
const gateIssues = (f: YamlFile, g: Gate, i: number, suiteVariants: ReadonlyArray<string>): Issue[] => {
  const at = (...p: PropertyKey[]): ReadonlyArray<PropertyKey> => ["gates", i, ...p]
  const issues: Issue[] = []
  const known = (gateMetrics as ReadonlyArray<string>).includes(g.metric)
  if (!known) issues.push(issueAt(f, at("metric"), `unknown metric "${g.metric}"`, suggest(g.metric, gateMetrics)))
  const rules = gateRules.filter((r) => g[r] !== undefined)
  if (g.metric === "fit") {
    // A fit gate judges the baseline's fit to a survey: max (a multiple of the noise ceiling) or no rule.
    for (const r of rules) {
      if (r !== "max") issues.push(issueAt(f, at(r), `${r} makes no sense for a fit gate: it judges how far the baseline's answers lie from a survey's, not a change or a level`, FIT_HINT))
    }
    if (g.max !== undefined && !(g.max > 0)) issues.push(issueAt(f, at("max"), `max of a fit gate is a multiple of the noise ceiling, above 0; got ${g.max}`, FIT_HINT))
    for (const k of ["survey", "map"] as const) {
      if (g[k] === undefined) {
        issues.push(
          issueAt(
            f,
            at("metric"),
            k === "survey" ? "a fit gate needs survey: the survey file to compare the baseline with" : "a fit gate needs map: the mapping file of its survey",
            k === "survey" ? "survey: ../surveys/latest.csv (relative to this suite file)" : "map: ../surveys/latest.map.yaml (relative to this suite file; see docs/calibrate.md)"
          )
        )
      }
    }
    if (g.variants !== undefined) issues.push(issueAt(f, at("variants"), "a fit gate judges the scenario's baseline, the service the survey saw, not variants", "leave variants: out of this gate"))
    if (g.at !== undefined) issues.push(issueAt(f, at("at"), "at: is for abandonment gates only, not fit", "metric: abandonment"))
    return issues
  }
  for (const k of ["survey", "map"] as const) {
    if (g[k] !== undefined) issues.push(issueAt(f, at(k), `${k}: is for fit gates only${known ? `, not ${g.metric}` : ""}`, "metric: fit"))
  }
  if (rules.length === 0) {
    issues.push(issueAt(f, at(), "a gate needs a rule: one of maxDrop, maxRise, max, min", "maxDrop: 2 on nps means NPS must not drop by more than 2 points"))
  } else if (rules.length > 1) {
    issues.push(issueAt(f, at(rules[1]!), `a gate has one rule; this one has ${rules.join(" and ")}`, "write one gate per rule"))
  }
  if (known) {
    const metric = g.metric as GateMetric
    if (metric === "abandonment" && g.at === undefined) {
      issues.push(issueAt(f, at("metric"), "an abandonment gate needs at: the touchpoint where customers give up", "at: kitchen"))
    }
    if (metric !== "abandonment" && g.at !== undefined) {
      issues.push(issueAt(f, at("at"), `at: is for abandonment gates only, not ${metric}`, "metric: abandonment"))
    }
    const range = LEVEL_RANGE[metric]
    for (const r of ["max", "min"] as const) {
      const x = g[r]
      if (x !== undefined && range !== undefined && (x < range[0] || x > range[1])) {
        issues.push(issueAt(f, at(r), `${r} must be ${range[2]}, got ${x}`))
      }
    }
    // A share written as a fraction of 1: min 0.9 on completion reads as 0.9% of customers, a gate
    // no variant can fail. (Under 1% is a real threshold for churn or abandonment, and a max there
    // breaches loudly if it was meant as a fraction: only completion's min passes silently.)
    if (metric === "completion" && g.min !== undefined && g.min > 0 && g.min < 1) {
      issues.push(
        issueAt(
          f,
          at("min"),
          `min ${g.min} on completion is ${g.min}% of customers completing, not ${Math.round(g.min * 1e6) / 1e4}%: a gate that almost never fails`,
          `gates on completion, churn and abandonment are in percent: min: ${Math.round(g.min * 1e6) / 1e4} for ${Math.round(g.min * 1e6) / 1e4}% (docs/ci.md)`
        )
      )
    }
  }
  for (const [k, v] of (g.variants ?? []).entries()) {
    if (!suiteVariants.includes(v)) issues.push(issueAt(f, at("variants", k), `the suite does not judge a variant "${v}"`, suggest(v, suiteVariants)))
  }
  return issues
}

/** Problems of a gate's references to the scenario: segment and touchpoint. */
const referenceIssues = (f: YamlFile, g: Gate, i: number, base: ResolvedScenario, variants: ReadonlyArray<ResolvedScenario>, allVariants: boolean): Issue[] => {
  const issues: Issue[] = []
  const segment = g.segment
  const personas = base.personas.map((p) => p.id)
  if (segment !== undefined && segment !== "overall" && segment !== "each" && !personas.includes(segment)) {
    issues.push(
      issueAt(f, ["gates", i, "segment"], `the scenario ${base.name} has no persona "${segment}"`, suggest(segment, ["overall", "each", ...personas]))
    )
  }
  if (g.at !== undefined) {
    const tps = new Set<string>(Object.keys(base.journey.touchpoints))
    for (const v of variants) for (const t of Object.keys(v.journey.touchpoints)) tps.add(t)
    if (!tps.has(g.at) && allVariants) issues.push(issueAt(f, ["gates", i, "at"], `the scenario ${base.name} has no touchpoint "${g.at}"`, suggest(g.at, tps)))
  }
  return issues
}

const fail = (issues: Issue[]) => Effect.fail(new InvalidInput({ issues }))

/**
 * Read the surveys of the fit gates through their mappings, each pair once. Problems: a file
 * that cannot be read is located at the gate's survey: or map: field; problems inside the
 * mapping or the survey (a persona the scenario lacks, a bad row) are located in those files.
 */
/**
 * A problem with a whole survey or mapping file (no line of its own: its format, its size) is
 * shown at the gate's field that names the file, where the user can change it.
 */
const atGate = (f: YamlFile, gate: number, field: "survey" | "map", written: string, i: Issue): Issue =>
  i.line !== undefined || i.path !== "" ? i : { ...issueAt(f, ["gates", gate, field], `${i.file}: ${i.message}`, i.hint ?? relativeHint(written)) }

/** For a file that cannot be read: where a relative path starts (an absolute one needs no hint). */
const relativeHint = (written: string): string | undefined => (path.isAbsolute(written) ? undefined : "the path is relative to the suite file")

const loadFits = (f: YamlFile, file: string, gates: ReadonlyArray<Gate>, baseline: ResolvedScenario) =>
  Effect.gen(function* () {
    const issues: Issue[] = []
    const fits: LoadedFit[] = []
    const byPair = new Map<string, number[]>()
    gates.forEach((g, i) => {
      if (g.metric !== "fit" || g.survey === undefined || g.map === undefined) return
      const survey = displayPath(path.resolve(path.dirname(file), g.survey))
      const map = displayPath(path.resolve(path.dirname(file), g.map))
      const key = JSON.stringify([survey, map])
      byPair.set(key, [...(byPair.get(key) ?? []), i])
    })
    for (const [key, at] of byPair) {
      const [survey, map] = JSON.parse(key) as [string, string]
      const first = at[0] as number
      const gate = gates[first] as Gate
      const written = { survey: gate.survey ?? survey, map: gate.map ?? map }
      const m = yield* Effect.either(loadSurveyMap(map))
      if (Either.isLeft(m)) {
        const e = m.left
        issues.push(...(e._tag === "FileError" ? [issueAt(f, ["gates", first, "map"], `cannot read the mapping file ${e.file}: ${e.message}`, relativeHint(written.map))] : e.issues.map((i) => atGate(f, first, "map", written.map, i))))
        continue
      }
      const d = yield* Effect.either(readSurvey(survey, m.right, baseline))
      if (Either.isLeft(d)) {
        const e = d.left
        issues.push(...(e._tag === "FileError" ? [issueAt(f, ["gates", first, "survey"], `cannot read the survey file ${e.file}: ${e.message}`, relativeHint(written.survey))] : e.issues.map((i) => atGate(f, first, "survey", written.survey, i))))
        continue
      }
      fits.push({ gates: at, survey, map, mapHash: createHash("sha256").update(m.right.yaml.text).digest("hex"), data: d.right })
    }
    return { fits, issues }
  })

/**
 * Load a suite file, its scenario and the variants it judges.
 *
 * @example
 * const suite = yield* loadSuite("bench/journeys/restaurant.yaml")
 */
export const loadSuite = (file: string): Effect.Effect<LoadedSuite, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readYaml(file)
    const decoded = decodeSuite(f)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    const suite = decoded.right
    const issues: Issue[] = []
    if (suite.gates.length === 0) issues.push(issueAt(f, ["gates"], "a suite needs at least one gate", "gates: [{ metric: nps, maxDrop: 2 }]"))
    suite.gates.forEach((g, i) => issues.push(...gateIssues(f, g, i, suite.variants)))

    const scenarioFile = displayPath(path.resolve(path.dirname(file), suite.scenario))
    const loaded = yield* Effect.either(loadScenario(scenarioFile))
    if (Either.isLeft(loaded)) {
      const e = loaded.left
      if (e._tag === "FileError") {
        return yield* fail([...issues, issueAt(f, ["scenario"], `cannot read the scenario file ${e.file}: ${e.message}`, relativeHint(suite.scenario))])
      }
      return yield* fail([...issues, ...e.issues])
    }
    const baseline = loaded.right
    const declared = Object.keys(baseline.variants)
    if (suite.variants.length === 0) {
      issues.push(issueAt(f, ["variants"], "name at least one variant to judge against the baseline", declared.length > 0 ? `variants of ${baseline.name}: ${declared.join(", ")}` : undefined))
    }
    suite.variants.forEach((v, k) => {
      if (!declared.includes(v)) {
        issues.push(issueAt(f, ["variants", k], `the scenario ${baseline.name} has no variant "${v}"`, declared.length === 0 ? "the scenario declares no variants" : suggest(v, declared)))
      } else if (suite.variants.indexOf(v) !== k) issues.push(issueAt(f, ["variants", k], `the variant "${v}" is listed twice`))
    })
    // The gates' segments and touchpoints are checked beside a misspelt variant too, so that
    // every problem of the suite shows at once; a touchpoint only with every variant known.
    const allKnown = suite.variants.every((v, k) => declared.includes(v) && suite.variants.indexOf(v) === k)
    const variants: ResolvedScenario[] = []
    for (const v of suite.variants) if (allKnown || declared.includes(v)) variants.push(yield* loadScenario(scenarioFile, { variant: v }))
    suite.gates.forEach((g, i) => issues.push(...referenceIssues(f, g, i, baseline, variants, allKnown)))
    if (issues.length > 0) return yield* fail(issues)
    const loadedFits = yield* loadFits(f, file, suite.gates, baseline)
    if (loadedFits.issues.length > 0) return yield* fail(loadedFits.issues)
    const fits = loadedFits.fits

    return {
      // Spelt alike however it was typed (./bench/x.yaml, bench/x.yaml): stored results keep it.
      file: displayPath(path.resolve(file)),
      yaml: f,
      name: suite.name ?? path.basename(file).replace(/\.ya?ml$/i, ""),
      description: suite.description ?? "",
      suite,
      scenarioFile,
      baseline,
      variants,
      customers: suite.customers ?? baseline.population,
      seed: suite.seed ?? baseline.seed,
      fits,
      inputs: [file, scenarioFile, ...baseline.personas.map((p) => p.file), ...fits.flatMap((x) => [x.survey, x.map])]
    }
  })
