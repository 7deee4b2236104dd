/**
 * Free parameters (src/calibrate/parameters.ts): start values from the scenario, derived bounds,
 * the expectation zone moved as a whole, and every bad path refused before fitting, by name.
 */
import { Effect, Either } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { checkParameters, defaultParameters, resolveParameters } from "../../src/calibrate/parameters.js"
import { syntheticSurvey } from "./synthetic.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import type { YamlFile } from "../../src/load/YamlFile.js"
import type { FreeParameterSpec } from "../../src/calibrate/spec.js"
import { removeFixtures, writeFixture } from "../support/fixture.js"
import { tradeoff, tradeoffPersonas } from "../support/tradeoff.js"

const file = "scenarios/restaurant.yaml"

const resolve = (specs: FreeParameterSpec[]) =>
  Effect.runPromise(
    Effect.either(
      Effect.gen(function* () {
        const files = new Map<string, YamlFile>()
        const s = yield* loadScenario(file, { files })
        const params = yield* resolveParameters(s, file, files, specs)
        return { s, params, files }
      })
    )
  )

afterAll(removeFixtures)

describe("free parameters", () => {
  it("reads start values from the personas as resolved and derives bounds", async () => {
    const r = await resolve([{ path: "personas.family.loyalty.retention" }, { path: "model.satisfactionBias" }, { path: "personas.family.expectations.food-wait.expected" }])
    if (Either.isLeft(r)) throw r.left
    const { s, params } = r.right
    const fam = s.personas.find((p) => p.id === "family")!
    expect(params.map((p) => p.start)).toEqual([fam.behaviour.loyalty.retention, fam.behaviour.satisfactionBias, fam.expectations["food-wait"]!.expected])
    expect(params[0]!.bounds).toEqual([0.5, 0.995])
    expect(params[1]!.bounds).toEqual([params[1]!.start - 2, params[1]!.start + 2])
    const scale = s.dimensions["food-wait"]!.scale
    expect(params[2]!.bounds).toEqual([params[2]!.start - 3 * scale, params[2]!.start + 3 * scale])
  })

  it("moves an expectation's whole zone, its width kept", async () => {
    const r = await resolve([{ path: "personas.family.expectations.food-wait.expected", bounds: [10, 30] }])
    if (Either.isLeft(r)) throw r.left
    const zone = r.right.s.personas.find((p) => p.id === "family")!.expectations["food-wait"]!
    const set = r.right.params[0]!.set(zone.expected + 4)
    expect(set).toEqual([
      { set: "personas.family.expectations.food-wait.adequate", value: zone.adequate + 4 },
      { set: "personas.family.expectations.food-wait.expected", value: zone.expected + 4 },
      { set: "personas.family.expectations.food-wait.desired", value: zone.desired + 4 }
    ])
  })

  it("refuses a path with no number, one without known bounds, and bad bounds, naming each path", async () => {
    const r = await resolve([{ path: "personas.family.loyalty.retension" }, { path: "personas.family.loyalty.satisfaction" }, { path: "model.satisfactionBias", bounds: [2, 1] }])
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isRight(r)) return
    expect(r.left._tag).toBe("InvalidInput")
    const issues = (r.left as { issues: ReadonlyArray<{ path: string; message: string }> }).issues
    expect(issues.map((i) => i.path)).toEqual(["personas.family.loyalty.retension", "personas.family.loyalty.satisfaction", "model.satisfactionBias"])
    expect(issues.map((i) => i.message)).toEqual([
      "there is no number at this path in the scenario or its personas",
      "no bounds are known for this parameter",
      "bounds [2, 1] are not an interval"
    ])
  })

  it("checks each parameter at its bounds: a value the scenario refuses is named", async () => {
    const r = await resolve([{ path: "personas.family.loyalty.retention", bounds: [0.5, 1.5] }])
    if (Either.isLeft(r)) throw r.left
    const c = await Effect.runPromise(Effect.either(checkParameters(file, r.right.params, { files: r.right.files })))
    expect(Either.isLeft(c)).toBe(true)
    if (Either.isRight(c) || c.left._tag !== "InvalidInput") return
    expect(c.left.issues[0]!.path).toBe("personas.family.loyalty.retention")
    expect(c.left.issues[0]!.message).toMatch(/^personas\.family\.loyalty\.retention = 1\.5: /)
  })

  it("makes the default set: per persona its expectation levels and retention, then satisfactionBias and answerNoise", async () => {
    const s = await Effect.runPromise(loadScenario(file))
    const data = await Effect.runPromise(syntheticSurvey(file, { seed: 1, respondents: 50 }))
    const paths = defaultParameters(s, data).map((p) => p.path)
    expect(paths.slice(-2)).toEqual(["model.satisfactionBias", "answerNoise"])
    expect(paths).toContain("personas.family.loyalty.retention")
    expect(paths.filter((p) => p.endsWith(".expected")).length).toBe(s.personas.reduce((a, p) => a + Object.keys(p.expectations).length, 0))
  })

  it("leaves out of the default set the personas no respondent answered for", async () => {
    const s = await Effect.runPromise(loadScenario(file))
    const data = await Effect.runPromise(syntheticSurvey(file, { seed: 1, respondents: 50 }))
    const family = data.segments.indexOf("family")
    const silent = { ...data, outcomes: data.outcomes.map((o) => ({ ...o, answer: o.answer.map((a, r) => (data.segment[r] === family ? -1 : a)) })) }
    const paths = defaultParameters(s, silent).map((p) => p.path)
    expect(paths.filter((p) => p.startsWith("personas.family."))).toEqual([])
    expect(paths).toContain("personas.busy-professional.loyalty.retention")
    // Or whom the caller says (calibration: its fit respondents).
    expect(defaultParameters(s, data, (id) => id !== "bargain-hunter").some((p) => p.path.startsWith("personas.bargain-hunter."))).toBe(false)
  })

  it("finds a parameter that changes nothing: refused in a section, left out of the default set", async () => {
    // The scenario's persona override wins over the persona file's own retention.
    const f = writeFixture({ ...tradeoff, personas: { hurried: { share: 0.5, overrides: { loyalty: { retention: 0.9 } } }, gourmet: { share: 0.5 } } }, tradeoffPersonas, "inert")
    const check = (dropInert: boolean) =>
      Effect.runPromise(
        Effect.either(
          Effect.gen(function* () {
            const files = new Map<string, YamlFile>()
            const s = yield* loadScenario(f, { files })
            const params = yield* resolveParameters(s, f, files, [{ path: "personas.hurried.loyalty.retention" }, { path: "personas.gourmet.loyalty.retention" }])
            return yield* checkParameters(f, params, { files, dropInert })
          })
        )
      )
    const refused = await check(false)
    expect(Either.isLeft(refused) && refused.left._tag === "InvalidInput" ? refused.left.issues.map((i) => i.message) : []).toEqual(["personas.hurried.loyalty.retention: moving it changes nothing in the scenario"])
    const dropped = await check(true)
    if (Either.isLeft(dropped)) throw dropped.left
    expect(dropped.right.params.map((p) => p.path)).toEqual(["personas.gourmet.loyalty.retention"])
    expect(dropped.right.warnings).toEqual(["personas.hurried.loyalty.retention is left out: moving it changes nothing in the scenario"])
  })
})
