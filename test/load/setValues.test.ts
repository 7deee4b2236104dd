/** Values set by path after loading (a sweep's points), scenario and persona parameters alike. */
import { Effect, Either } from "effect"
import { describe, expect, it } from "vitest"
import { loadScenario, personaTarget } from "../../src/load/loadScenario.js"
import type { InvalidInput } from "../../src/load/errors.js"
import type { YamlFile } from "../../src/load/YamlFile.js"
import { personaText, scenarioText, writeProject } from "./files.js"

const load = (file: string, o: Parameters<typeof loadScenario>[1]) => Effect.runPromise(Effect.either(loadScenario(file, o)))

describe("set values by path", () => {
  it("tells persona paths from scenario ones", () => {
    expect(personaTarget("personas.family.loyalty.retention")).toEqual({ id: "family", path: "loyalty.retention" })
    expect(personaTarget("personas.family.expectations.wait.adequate")).toEqual({ id: "family", path: "expectations.wait.adequate" })
    expect(personaTarget("personas.family.share")).toBeUndefined()
    expect(personaTarget("personas.family.overrides.tolerance")).toBeUndefined()
    expect(personaTarget("journey.touchpoints.enter.effort")).toBeUndefined()
  })

  it("sets a scenario value, a persona's own expectation and loyalty, on top of a variant", async () => {
    const file = writeProject(scenarioText)
    const r = await load(file, {
      variant: "quick",
      set: [
        { set: "journey.touchpoints.pay.service.wait", value: 7 },
        { set: "personas.regular.expectations.wait.adequate", value: 12 },
        { set: "personas.newcomer.loyalty.retention", value: 0.5 }
      ]
    })
    if (Either.isLeft(r)) throw new Error(JSON.stringify(r.left))
    const s = r.right
    expect(s.journey.touchpoints["pay"]?.service?.["wait"]).toBe(7)
    expect(s.journey.touchpoints["enter"]?.service?.["wait"]).toMatchObject({ mean: 3 })
    expect(s.personas.find((p) => p.id === "regular")?.expectations["wait"]?.adequate).toBe(12)
    expect(s.personas.find((p) => p.id === "newcomer")?.behaviour.loyalty.retention).toBe(0.5)
    expect(s.personas.find((p) => p.id === "regular")?.behaviour.loyalty.retention).not.toBe(0.5)
    const plain = await load(file, { variant: "quick" })
    if (Either.isLeft(plain)) throw new Error("baseline failed")
    expect(s.hash).not.toBe(plain.right.hash)
  })

  it("reads each file once when given a cache, with the same result", async () => {
    const file = writeProject(scenarioText)
    const files = new Map<string, YamlFile>()
    const a = await load(file, { set: [{ set: "personas.regular.loyalty.retention", value: 0.7 }], files })
    expect(files.size).toBe(3)
    const b = await load(file, { set: [{ set: "personas.regular.loyalty.retention", value: 0.7 }] })
    expect(a).toEqual(b)
  })

  it("checks a set persona value as strictly as the file, and names unknown personas and paths", async () => {
    const file = writeProject(scenarioText, { regular: personaText("Regular"), newcomer: personaText("Newcomer") })
    const issues = async (set: ReadonlyArray<{ set: string; value: unknown }>) => {
      const r = await load(file, { set })
      if (Either.isRight(r)) throw new Error("expected a failure")
      return (r.left as InvalidInput).issues.map((i) => `${i.path}: ${i.message}${i.hint === undefined ? "" : ` (${i.hint})`}`)
    }
    expect(await issues([{ set: "personas.regular.loyalty.retention", value: 1.5 }])).toMatchInlineSnapshot(`
      [
        "loyalty.retention: expected a number between 0 and 1, got 1.5",
      ]
    `)
    expect(await issues([{ set: "personas.regulr.loyalty.retention", value: 0.5 }])).toMatchInlineSnapshot(`
      [
        "personas.regulr.loyalty.retention: there is no persona "regulr" in the scenario (did you mean "regular"?)",
      ]
    `)
    expect(await issues([{ set: "personas.regular.expectatons.wait.adequate", value: 3 }])).toMatchInlineSnapshot(`
      [
        "expectatons: unknown field "expectatons" (did you mean "expectations"?)",
      ]
    `)
    expect(await issues([{ set: "journey.touchpoints.enter.servce.wait", value: 3 }])).toMatchInlineSnapshot(`
      [
        "journey.touchpoints.enter.servce.wait: the path "journey.touchpoints.enter.servce" does not exist in the scenario (did you mean "service"?)",
      ]
    `)
  })
})
