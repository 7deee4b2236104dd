import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { behaviourDefaults, failureDefaults, scenarioDefaults, settingDefaults } from "../../src/model/defaults.js"
import { designJsonSchema, personaJsonSchema, scenarioJsonSchema, schemaFiles } from "../../src/model/jsonSchema.js"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..")
const yamlFiles = (dir: string): string[] =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(dir, f))

type Schema = Record<string, unknown>

/**
 * A small draft-07 checker for the keywords these two schemas use (no validator is a dependency
 * of the project). Returns the paths and reasons of the first problems found.
 */
const check = (rootSchema: Schema, schema: Schema, value: unknown, at = "$"): string[] => {
  const ref = schema["$ref"]
  if (typeof ref === "string") {
    const target = (rootSchema["definitions"] as Record<string, Schema>)[ref.replace("#/definitions/", "")]
    if (target === undefined) return [`${at}: unresolved $ref ${ref}`]
    return check(rootSchema, target, value, at)
  }
  const problems: string[] = []
  for (const sub of (schema["allOf"] as Schema[] | undefined) ?? []) problems.push(...check(rootSchema, sub, value, at))
  const anyOf = schema["anyOf"] as Schema[] | undefined
  if (anyOf !== undefined && !anyOf.some((sub) => check(rootSchema, sub, value, at).length === 0)) problems.push(`${at}: matches no alternative`)
  const type = schema["type"]
  const isObj = value !== null && typeof value === "object" && !Array.isArray(value)
  if (type === "object" && !isObj) return [...problems, `${at}: expected an object`]
  if (type === "array" && !Array.isArray(value)) return [...problems, `${at}: expected an array`]
  if ((type === "number" || type === "integer") && typeof value !== "number") return [...problems, `${at}: expected a number`]
  if (type === "integer" && !Number.isInteger(value)) problems.push(`${at}: expected an integer`)
  if (type === "string" && typeof value !== "string") return [...problems, `${at}: expected a string`]
  if (type === "boolean" && typeof value !== "boolean") return [...problems, `${at}: expected true or false`]
  const en = schema["enum"] as unknown[] | undefined
  if (en !== undefined && !en.includes(value)) problems.push(`${at}: not one of ${en.join(", ")}`)
  if (typeof value === "number") {
    if (typeof schema["minimum"] === "number" && value < schema["minimum"]) problems.push(`${at}: below minimum`)
    if (typeof schema["maximum"] === "number" && value > schema["maximum"]) problems.push(`${at}: above maximum`)
    if (typeof schema["exclusiveMinimum"] === "number" && value <= schema["exclusiveMinimum"]) problems.push(`${at}: not above exclusiveMinimum`)
  }
  if (typeof value === "string" && typeof schema["pattern"] === "string" && !new RegExp(schema["pattern"]).test(value)) problems.push(`${at}: does not match ${schema["pattern"]}`)
  if (Array.isArray(value)) {
    if (typeof schema["minItems"] === "number" && value.length < schema["minItems"]) problems.push(`${at}: too few items`)
    const items = schema["items"] as Schema | undefined
    if (items !== undefined) value.forEach((v, i) => problems.push(...check(rootSchema, items, v, `${at}[${i}]`)))
  }
  if (isObj) {
    const obj = value as Record<string, unknown>
    const properties = (schema["properties"] as Record<string, Schema> | undefined) ?? {}
    for (const r of (schema["required"] as string[] | undefined) ?? []) if (!(r in obj)) problems.push(`${at}.${r}: required`)
    const extra = schema["additionalProperties"]
    for (const [k, v] of Object.entries(obj)) {
      const p = properties[k]
      if (p !== undefined) problems.push(...check(rootSchema, p, v, `${at}.${k}`))
      else if (extra === false) problems.push(`${at}.${k}: unknown field`)
      else if (extra !== undefined && typeof extra === "object") problems.push(...check(rootSchema, extra as Schema, v, `${at}.${k}`))
    }
  }
  return problems
}

/** Every `$ref` in the document, and whether a validation keyword sits beside it (draft-07 ignores those). */
const refs = (node: unknown, out: Array<{ ref: string; siblings: string[] }> = []): Array<{ ref: string; siblings: string[] }> => {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out))
  else if (node !== null && typeof node === "object") {
    const o = node as Record<string, unknown>
    if (typeof o["$ref"] === "string") out.push({ ref: o["$ref"], siblings: Object.keys(o).filter((k) => k !== "$ref") })
    Object.values(o).forEach((v) => refs(v, out))
  }
  return out
}

describe("JSON Schemas of the file formats", () => {
  it("the committed files in schema/ equal the generated ones", () => {
    for (const { name, text } of schemaFiles()) {
      const file = path.join(root, "schema", name)
      const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : ""
      expect(committed, `schema/${name} is out of date: run npx tsx scripts/generate-schema.ts`).toBe(text)
    }
  })

  it("are draft-07 documents with an id, a title and a description", () => {
    for (const s of [scenarioJsonSchema(), personaJsonSchema()]) {
      expect(s["$schema"]).toBe("http://json-schema.org/draft-07/schema#")
      expect(typeof s["$id"]).toBe("string")
      expect(typeof s["title"]).toBe("string")
      expect(typeof s["description"]).toBe("string")
      expect(s["type"]).toBe("object")
      expect(s["additionalProperties"]).toBe(false)
    }
    expect(scenarioJsonSchema()["required"]).toEqual(["dimensions", "personas", "journey"])
    expect(personaJsonSchema()["required"]).toEqual(["expectations"])
  })

  it("every $ref resolves, and none carries keywords a draft-07 validator would ignore", () => {
    for (const s of [scenarioJsonSchema(), personaJsonSchema()]) {
      const defs = s["definitions"] as Record<string, unknown>
      for (const { ref, siblings } of refs(s)) {
        expect(ref.startsWith("#/definitions/")).toBe(true)
        expect(defs[ref.slice("#/definitions/".length)], ref).toBeDefined()
        expect(siblings, ref).toEqual([])
      }
    }
  })

  it("carries the defaults of defaults.ts", () => {
    const s = scenarioJsonSchema()
    const defs = s["definitions"] as Record<string, Schema>
    const prop = (o: Schema | undefined, k: string): Schema => (o?.["properties"] as Record<string, Schema>)[k] as Schema
    expect(prop(s, "seed")["default"]).toBe(scenarioDefaults.seed)
    expect(prop(s, "population")["default"]).toBe(scenarioDefaults.population)
    expect(prop(s, "horizon")["default"]).toBe(scenarioDefaults.horizon)
    expect(prop(defs["Touchpoint"], "channel")["default"]).toBe(scenarioDefaults.channel)
    expect(prop(defs["Failure"], "forgiveness")["default"]).toBe(failureDefaults.forgiveness)
    expect(prop(defs["ModelSettings"], "satisfactionBias")["default"]).toBe(behaviourDefaults.satisfactionBias)
    expect(prop(defs["ModelSettings"], "lossAversion")["default"]).toBe(behaviourDefaults.lossAversion)
    expect(prop(defs["Loyalty"], "retention")["default"]).toBe(behaviourDefaults.loyalty.retention)
    const p = personaJsonSchema()
    expect(prop(p, "tolerance")["default"]).toBe(behaviourDefaults.tolerance)
    expect(prop((p["definitions"] as Record<string, Schema>)["Memory"], "peak")["default"]).toBe(behaviourDefaults.memory.peak)
  })

  it.each(yamlFiles("scenarios"))("accepts %s", (file) => {
    const data = parse(fs.readFileSync(path.join(root, file), "utf8")) as unknown
    const s = scenarioJsonSchema()
    expect(check(s, s, data)).toEqual([])
  })

  it.each(yamlFiles("personas"))("accepts %s", (file) => {
    const data = parse(fs.readFileSync(path.join(root, file), "utf8")) as unknown
    const s = personaJsonSchema()
    expect(check(s, s, data)).toEqual([])
  })

  it.each(yamlFiles("docs/designs"))("the design schema accepts %s", (file) => {
    const data = parse(fs.readFileSync(path.join(root, file), "utf8")) as unknown
    const s = designJsonSchema()
    expect(check(s, s, data)).toEqual([])
    expect(check(s, s, { ...(data as object), replicatons: 2 })).toEqual(["$.replicatons: unknown field"])
  })

  it("the design schema accepts the example of docs/sweep.md", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "sweep.md"), "utf8")
    const m = /## The design file[^`]*```yaml\n([\s\S]*?)```/.exec(doc)
    expect(m).not.toBeNull()
    const s = designJsonSchema()
    expect(check(s, s, parse(m?.[1] ?? "") as unknown)).toEqual([])
  })

  it("accepts the complete example of docs/format.md", () => {
    const doc = fs.readFileSync(path.join(root, "docs", "format.md"), "utf8")
    const block = (caption: string): unknown => {
      const m = new RegExp("`" + caption.replace(/[.]/g, "\\.") + "`:\\s*```yaml\\n([\\s\\S]*?)```").exec(doc)
      expect(m, `docs/format.md has no yaml block after \`${caption}\``).not.toBeNull()
      return parse(m?.[1] ?? "") as unknown
    }
    const s = scenarioJsonSchema()
    const p = personaJsonSchema()
    expect(check(s, s, block("scenarios/parcel-pickup.yaml"))).toEqual([])
    expect(check(p, p, block("personas/commuter.yaml"))).toEqual([])
  })

  it("rejects what the loader rejects: unknown fields, out-of-range numbers, unknown distributions", () => {
    const s = scenarioJsonSchema()
    const minimal = {
      dimensions: { wait: { unit: "min", better: "lower", scale: 5 } },
      personas: { regular: { share: 1 } },
      journey: { start: "desk", touchpoints: { desk: { service: { wait: { dist: "lognormal", mean: 8, sd: 4 } }, next: { done: 1 } } } }
    }
    expect(check(s, s, minimal)).toEqual([])
    expect(check(s, s, { ...minimal, horizn: 4 })).toEqual(["$.horizn: unknown field"])
    expect(check(s, s, { ...minimal, horizon: 0 })).toEqual(["$.horizon: below minimum"])
    expect(check(s, s, { ...minimal, seed: 1.5 })).toEqual(["$.seed: expected an integer"])
    expect(check(s, s, { ...minimal, personas: { regular: { share: 1.5 } } })).toEqual(["$.personas.regular.share: above maximum"])
    const badDist = { ...minimal, journey: { ...minimal.journey, touchpoints: { desk: { service: { wait: { dist: "gaussian", mean: 8 } }, next: { done: 1 } } } } }
    expect(check(s, s, badDist)).toEqual(["$.journey.touchpoints.desk.service.wait: matches no alternative"])
    const badAdd = { ...minimal, variants: { v: { patches: [{ add: "kiosk", touchpoint: { nxt: { done: 1 } } }] } } }
    expect(check(s, s, badAdd).length).toBeGreaterThan(0)
  })
})
