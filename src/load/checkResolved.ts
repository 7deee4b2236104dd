/**
 * The loader's checks for a scenario built or changed in memory (a `ResolvedScenario` handed to
 * the library rather than read from files): the same schemas, bounds, sums, references and graph
 * checks, with field paths instead of lines. Whatever `load` refuses, `simulateScenario` and
 * `compare` refuse too, with the same `InvalidInput` and messages.
 */
import { Document, LineCounter } from "yaml"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { ResolvedScenario } from "../model/Resolved.js"
import { Persona } from "../model/Persona.js"
import { Scenario } from "../model/Scenario.js"
import { checkScenario } from "./check.js"
import { decodeWith } from "./decode.js"
import { InvalidInput, UsageError } from "./errors.js"
import { capIssues, formatPath, type Issue } from "./Issue.js"
import { checkPersona } from "./loadScenario.js"
import type { YamlFile } from "./YamlFile.js"

const decodeScenario = decodeWith(Scenario)
const decodePersona = decodeWith(Persona)

/** Data with no source text: issues get field paths, no lines. */
const inMemory = (file: string, data: unknown): YamlFile => ({
  file,
  text: "",
  doc: new Document(data) as unknown as YamlFile["doc"],
  lines: new LineCounter(),
  data
})

/** The scenario in the file format (personas by id with their shares). */
const scenarioData = (s: ResolvedScenario): unknown => ({
  name: s.name,
  population: s.population,
  horizon: s.horizon,
  seed: s.seed,
  dimensions: s.dimensions,
  personas: Object.fromEntries(s.personas.map((p) => [p.id, { share: p.share }])),
  journey: s.journey,
  model: s.settings
})

/**
 * Every problem the loader would report in an in-memory scenario, with field paths
 * (`personas.family.weights.wait` for a persona's field). Empty when it may be simulated.
 *
 * @example
 * const s = await load("scenarios/restaurant.yaml")
 * checkResolved({ ...s, population: 0 }) // [{ path: "population", message: "expected …" }]
 */
export const checkResolved = (s: ResolvedScenario): Issue[] => {
  const file = s.file === "" ? "(in memory)" : s.file
  const sf = inMemory(file, scenarioData(s))
  const decoded = decodeScenario(sf)
  if (Either.isLeft(decoded)) return [...decoded.left.issues]
  const problems = checkScenario(decoded.right)
  if (problems.length > 0) return capIssues(problems.map((p) => ({ file, path: formatPath(p.path), message: p.message, hint: p.hint })))
  const issues: Issue[] = []
  const ids = new Set<string>()
  for (const p of s.personas) {
    const at = (i: Issue): Issue => ({ ...i, path: `personas.${p.id}${i.path === "" ? "" : `.${i.path}`}` })
    if (ids.has(p.id)) issues.push({ file, path: `personas.${p.id}`, message: `the persona "${p.id}" is given twice` })
    ids.add(p.id)
    const pf = inMemory(file, { expectations: p.expectations, weights: p.weights, kano: p.kano, channels: p.channels, value: p.value, ...p.behaviour })
    const persona = decodePersona(pf)
    if (Either.isLeft(persona)) issues.push(...persona.left.issues.map(at))
    else issues.push(...checkPersona({ file: pf, persona: persona.right }, decoded.right).map(at))
  }
  return capIssues(issues)
}

/**
 * What a value handed as a scenario is, when it is not one `load` could have given (a file name,
 * `undefined`, an object without a list of personas or a journey): a script in plain JavaScript,
 * or one that casts, gets past the types. `undefined` when it has a scenario's shape.
 */
const notAScenario = (s: unknown): string | undefined => {
  if (typeof s === "string") return `the file name "${s}"`
  if (typeof s !== "object" || s === null) return s === null ? "null" : typeof s
  const r = s as Record<string, unknown>
  const personas = r["personas"]
  if (!Array.isArray(personas) || personas.some((p) => typeof p !== "object" || p === null)) return "an object whose personas are not a list of personas"
  const journey = r["journey"]
  if (typeof journey !== "object" || journey === null) return "an object without a journey"
  return undefined
}

/**
 * `checkResolved` as an Effect: fails with `UsageError` when an argument is not a loaded scenario
 * at all (a file name instead, say), with `InvalidInput` when any scenario has a problem.
 */
export const requireValid = (fn: string, scenarios: ReadonlyArray<ResolvedScenario>): Effect.Effect<void, InvalidInput | UsageError> =>
  Effect.suspend((): Effect.Effect<void, InvalidInput | UsageError> => {
    for (const s of scenarios) {
      const what = notAScenario(s)
      if (what !== undefined) {
        return Effect.fail(new UsageError({
          message: `${fn}: expected a scenario as load(file) gives it, got ${what}`,
          hint: `load it first: ${fn}(await load(file)${fn === "compare" ? ", [await load(file, { variant })]" : ""}), or call ${fn === "compare" ? "load for each variant" : "simulate(file) with the file name"}`
        }))
      }
    }
    const issues = scenarios.flatMap(checkResolved)
    return issues.length === 0 ? Effect.void : Effect.fail(new InvalidInput({ issues }))
  })
