/**
 * JSON Schemas of the scenario and persona files, generated from the same Effect Schemas the
 * loader decodes with, so that an editor can check and complete a file while it is written
 * (`# yaml-language-server: $schema=../schema/scenario.schema.json` on its first line).
 *
 * `JSONSchema.make` gives a draft-07 document; it is then tidied for editors:
 * - the root is the scenario (or persona) object itself, with an `$id`, a title and a description;
 * - definitions live under `definitions` (the draft-07 keyword) rather than `$defs`;
 * - integers are inlined (draft-07 ignores `minimum`/`maximum` written beside a `$ref`);
 * - the generated refinement titles ("finite", "between(0, 1)"…) are dropped;
 * - the touchpoint of an `add`/`replace` patch is checked as a touchpoint (the loader decodes the
 *   patched scenario again, so this is no stricter than loading);
 * - `default` is filled in from defaults.ts wherever a field has a simple default.
 *
 * The files in schema/ are written by `npx tsx scripts/generate-schema.ts`; a test keeps them
 * equal to this output.
 */
import * as JSONSchema from "effect/JSONSchema"
import { BenchSuite, gateMetrics } from "./BenchSuite.js"
import { Design, designDefaults } from "./Design.js"
import { behaviourDefaults, failureDefaults, scenarioDefaults, settingDefaults } from "./defaults.js"
import { Persona } from "./Persona.js"
import { Scenario } from "./Scenario.js"
import { surveyMapDefaults, SurveyMapSchema } from "./SurveyMap.js"

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const isObject = (x: unknown): x is JsonObject => x !== null && typeof x === "object" && !Array.isArray(x)

const DRAFT_07 = "http://json-schema.org/draft-07/schema#"
const EFFECT_DEFS = "#/$defs/"
const DEFS = "#/definitions/"

/** The `$id` of the scenario file schema. */
export const SCENARIO_SCHEMA_ID = "urn:cxsim:schema:scenario"
/** The `$id` of the persona file schema. */
export const PERSONA_SCHEMA_ID = "urn:cxsim:schema:persona"
/** The `$id` of the benchmark suite file schema. */
export const BENCH_SUITE_SCHEMA_ID = "urn:cxsim:schema:bench-suite"
/** `$id` of the design file schema (sweeps and sensitivity analyses). */
export const DESIGN_SCHEMA_ID = "urn:cxsim:schema:design"

/** `$id` of the survey mapping file schema (cxsim calibrate). */
export const SURVEY_MAP_SCHEMA_ID = "urn:cxsim:schema:survey-map"

/** Keywords whose value maps names (property names, definition names) to schemas. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions"])

/** Rewrite one schema (and the schemas in it): refs, integers, generated titles, unknown values. */
const tidy = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(tidy)
  if (!isObject(node)) return node
  const out: JsonObject = {}
  for (const [k, v] of Object.entries(node)) {
    if (NAME_MAPS.has(k) && isObject(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, schema]) => [name, tidy(schema)]))
      continue
    }
    if (k === "title") continue // refinement names such as "nonNegative"; the root title is set later
    if (k === "$id" && v === "/schemas/unknown") continue
    if (k === "$ref" && typeof v === "string") {
      if (v === `${EFFECT_DEFS}Int`) {
        out["type"] = "integer"
        continue
      }
      out[k] = v.startsWith(EFFECT_DEFS) ? DEFS + v.slice(EFFECT_DEFS.length) : v
      continue
    }
    out[k] = tidy(v)
  }
  // A record with constrained keys: `patternProperties: { "": X }` says "every key", which
  // `additionalProperties: X` says in a form every editor understands.
  const pp = out["patternProperties"]
  if (isObject(pp) && Object.keys(pp).length === 1 && pp[""] !== undefined) {
    out["additionalProperties"] = pp[""]
    delete out["patternProperties"]
    if (isObject(out["properties"]) && Object.keys(out["properties"]).length === 0) delete out["properties"]
    if (Array.isArray(out["required"]) && out["required"].length === 0) delete out["required"]
    const names = out["propertyNames"]
    if (isObject(names)) delete names["description"]
  }
  // `allOf: [one schema]` with only annotations beside it: merge the one schema in.
  const allOf = out["allOf"]
  if (Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && allOf[0]["$ref"] === undefined) {
    const inner = allOf[0]
    delete out["allOf"]
    const description = out["description"]
    Object.assign(out, inner)
    if (description !== undefined) out["description"] = description
  }
  return out
}

const props = (schema: Json | undefined): JsonObject => {
  if (!isObject(schema) || !isObject(schema["properties"])) throw new Error("props requires an object schema")
  return schema["properties"]
}

/** Set `default` on the listed properties of an object schema (nested records go one level down). */
const setDefaults = (schema: Json | undefined, defaults: Readonly<Record<string, unknown>>): void => {
  const p = props(schema)
  for (const [k, v] of Object.entries(defaults)) {
    const field = p[k]
    if (!isObject(field)) continue
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") field["default"] = v
  }
}

const behaviourScalars: Record<string, number> = Object.fromEntries(
  Object.entries(behaviourDefaults).filter(([, v]) => typeof v === "number")
) as Record<string, number>

const UNKNOWN_VALUE = "The new value: a number, text, true/false, a list or a map, as the field it replaces."

/** Post-process the output of `JSONSchema.make` into the published form. */
const publish = (
  raw: JSONSchema.JsonSchema7Root,
  root: string,
  meta: { readonly id: string; readonly title: string; readonly description: string },
  fillDefaults: (defs: JsonObject) => void
): JsonObject => {
  const tidied = tidy(raw as unknown as Json) as JsonObject
  const defs = { ...(tidied["$defs"] as JsonObject) }
  delete defs["Int"]
  const top = defs[root]
  if (!isObject(top)) throw new Error(`publish requires a definition named ${root}`)
  delete defs[root]
  if (JSON.stringify(defs).includes(`"${DEFS}${root}"`)) throw new Error(`publish requires ${root} not to refer to itself`)
  fillDefaults({ ...defs, [root]: top })
  const { title: _title, ...body } = top
  return {
    $schema: DRAFT_07,
    $id: meta.id,
    title: meta.title,
    description: meta.description,
    ...body,
    definitions: defs
  }
}

const fillBehaviour = (schema: Json | undefined, defs: JsonObject): void => {
  setDefaults(schema, behaviourScalars)
  setDefaults(defs["Memory"], behaviourDefaults.memory)
  setDefaults(defs["Loyalty"], behaviourDefaults.loyalty)
}

/**
 * The JSON Schema (draft-07) of a scenario file.
 *
 * @example
 * fs.writeFileSync("schema/scenario.schema.json", JSON.stringify(scenarioJsonSchema(), null, 2) + "\n")
 */
export const scenarioJsonSchema = (): JsonObject =>
  publish(
    JSONSchema.make(Scenario),
    "Scenario",
    {
      id: SCENARIO_SCHEMA_ID,
      title: "cxsim scenario",
      description:
        "A cxsim scenario: the service dimensions, the personas and their shares, the journey graph of touchpoints and outcomes, the population, the horizon of repeat visits, the seed, model settings and named variants. Reference: docs/format.md."
    },
    (defs) => {
      const scenario = defs["Scenario"]
      setDefaults(scenario, {
        seed: scenarioDefaults.seed,
        population: scenarioDefaults.population,
        horizon: scenarioDefaults.horizon,
        currency: scenarioDefaults.currency
      })
      const outcomes = props(defs["Journey"])["outcomes"]
      if (isObject(outcomes)) outcomes["default"] = { ...scenarioDefaults.outcomes }
      setDefaults(defs["Touchpoint"], { channel: scenarioDefaults.channel, effort: 0, cost: 0, abandonable: true })
      setDefaults(defs["Failure"], failureDefaults)
      setDefaults(defs["Beta"], { min: 0, max: 1 })
      fillBehaviour(defs["ModelSettings"], defs)
      setDefaults(defs["ModelSettings"], settingDefaults)
      fillBehaviour(props(defs["PersonaRef"])["overrides"], defs)
      for (const patch of ["AddPatch", "ReplacePatch"]) {
        props(defs[patch])["touchpoint"] = { allOf: [{ $ref: `${DEFS}Touchpoint` }], description: "The touchpoint, written as in journey.touchpoints." }
      }
      props(defs["SetPatch"])["value"] = { description: UNKNOWN_VALUE }
    }
  )

/**
 * The JSON Schema (draft-07) of a persona file.
 *
 * @example
 * fs.writeFileSync("schema/persona.schema.json", JSON.stringify(personaJsonSchema(), null, 2) + "\n")
 */
export const personaJsonSchema = (): JsonObject =>
  publish(
    JSONSchema.make(Persona),
    "Persona",
    {
      id: PERSONA_SCHEMA_ID,
      title: "cxsim persona",
      description:
        "A cxsim persona (customer segment): per dimension the adequate, expected and desired levels, importance weights and Kano classes, channel preferences, revenue per visit, and the behavioural parameters of the model. Reference: docs/format.md."
    },
    (defs) => {
      fillBehaviour(defs["Persona"], defs)
      setDefaults(defs["Persona"], { value: 0 })
      setDefaults(defs["Expectation"], { spread: 0 })
    }
  )

/**
 * The JSON Schema (draft-07) of a benchmark suite file (bench/journeys/*.yaml). The loader checks
 * more than it says (one rule per gate, names that exist in the scenario); the schema gives
 * editors the fields and the metric names.
 */
export const benchSuiteJsonSchema = (): JsonObject =>
  publish(
    JSONSchema.make(BenchSuite),
    "BenchSuite",
    {
      id: BENCH_SUITE_SCHEMA_ID,
      title: "cxsim benchmark suite",
      description:
        "A cxsim benchmark suite: a scenario (relative to this file), the variants to judge against its baseline, customers, seed, and gates that cxsim bench checks. Reference: docs/ci.md."
    },
    (defs) => {
      const metric = props(defs["Gate"])["metric"]
      if (isObject(metric)) metric["enum"] = [...gateMetrics]
      setDefaults(defs["Gate"], { segment: "overall" })
    }
  )

/**
 * The JSON Schema (draft-07) of a design file (cxsim sweep and cxsim sensitivity). The loader
 * checks more (low below high, paths that exist in the scenario); the schema gives editors the
 * fields, the design kinds and the metric names.
 */
export const designJsonSchema = (): JsonObject =>
  publish(
    JSONSchema.make(Design),
    "Design",
    {
      id: DESIGN_SCHEMA_ID,
      title: "cxsim design",
      description:
        "A cxsim design: the parameters to vary (by variant set-patch path), their ranges or values, the sampling design, replications, seed, customers, metrics and output format of a sweep, and the settings of a sensitivity analysis. Reference: docs/sweep.md."
    },
    (defs) => {
      setDefaults(defs["Design"], { replications: designDefaults.replications, format: designDefaults.format })
      setDefaults(defs["DesignKind"], { points: designDefaults.points, levels: designDefaults.levels })
      setDefaults(defs["Parameter"], { distribution: "uniform" })
      setDefaults(defs["SensitivitySettings"], {
        method: designDefaults.method,
        trajectories: designDefaults.trajectories,
        levels: designDefaults.morrisLevels,
        samples: designDefaults.samples,
        bootstrap: designDefaults.bootstrap
      })
    }
  )

/**
 * The JSON Schema (draft-07) of a survey mapping file (cxsim calibrate --map). The reader checks
 * more (columns in the survey's header, personas and dimensions in the scenario).
 */
export const surveyMapJsonSchema = (): JsonObject =>
  publish(
    JSONSchema.make(SurveyMapSchema),
    "SurveyMap",
    {
      id: SURVEY_MAP_SCHEMA_ID,
      title: "cxsim survey mapping",
      description:
        "How a survey's columns map to a cxsim scenario: the segment columns and their personas, the outcome columns and their scales, measured service levels, the weight, missing values, the decimal mark, and what a calibration may move. Reference: docs/calibrate.md."
    },
    (defs) => {
      setDefaults(defs["SurveyMap"], { separator: surveyMapDefaults.separator, decimal: surveyMapDefaults.decimal, invalid: surveyMapDefaults.invalid, skip: surveyMapDefaults.skip, encoding: surveyMapDefaults.encoding })
      setDefaults(defs["OutcomeSpec"], { lowest: 1, reverse: false })
      setDefaults(defs["CalibrateSettings"], { check: surveyMapDefaults.check })
    }
  )

/** The published files, as written to schema/: name → text (2-space JSON, trailing newline). */
export const schemaFiles = (): ReadonlyArray<{ readonly name: string; readonly text: string }> => [
  { name: "scenario.schema.json", text: `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n` },
  { name: "persona.schema.json", text: `${JSON.stringify(personaJsonSchema(), null, 2)}\n` },
  { name: "bench.schema.json", text: `${JSON.stringify(benchSuiteJsonSchema(), null, 2)}\n` },
  { name: "design.schema.json", text: `${JSON.stringify(designJsonSchema(), null, 2)}\n` },
  { name: "survey-map.schema.json", text: `${JSON.stringify(surveyMapJsonSchema(), null, 2)}\n` }
]
