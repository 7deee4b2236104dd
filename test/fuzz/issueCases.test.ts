/**
 * Cases the robustness issue names that no other test reproduced as given: the realistic trigger
 * of the accumulator crash (a currency with large units), and a variant that removes every
 * touchpoint (validate said ok, load with the variant refused it).
 */
import { describe, expect, it } from "vitest"
import { load, simulateScenario, validate } from "../../src/api.js"
import { InvalidInput } from "../../src/load/errors.js"
import { personaText, scenarioText, writeProject } from "../load/files.js"

describe("the issue's cases, as given", () => {
  it("a persona worth 25,000,000 a visit, horizon 12, 20,000 customers: validates, runs, every figure finite", async () => {
    const file = writeProject(scenarioText.replace("population: 2000", "population: 20000\nhorizon: 12"), {
      regular: `${personaText("Regular")}value: 25000000\n`,
      newcomer: personaText("Newcomer")
    })
    expect((await validate(file)).issues).toEqual([])
    const report = await simulateScenario(await load(file), { workers: 1 })
    expect(report.population).toBe(20000)
    const numbers: number[] = []
    const walk = (x: unknown): void => {
      if (typeof x === "number") numbers.push(x)
      else if (Array.isArray(x)) x.forEach(walk)
      else if (x !== null && typeof x === "object") Object.values(x).forEach(walk)
    }
    walk(report)
    expect(numbers.filter((x) => !Number.isFinite(x))).toEqual([])
    // Past 2^69 in the exact sums of squared revenues: the sum of squares is what crashed.
    const regular = report.segments.find((s) => s.id === "regular")
    expect(regular?.revenue?.perCustomer.mean).toBeGreaterThan(25_000_000)
  })

  it("a variant that removes every touchpoint: validate refuses it with the message load gives", async () => {
    const file = writeProject(`${scenarioText}  nothing:\n    patches:\n      - remove: enter\n      - remove: pay\n`)
    const v = await validate(file)
    const refused = await load(file, { variant: "nothing" }).then(
      () => [],
      (e: unknown) => (e instanceof InvalidInput ? e.issues : [{ message: String(e) }])
    )
    expect(refused.length).toBeGreaterThan(0)
    expect(v.issues).toEqual(refused)
    expect(v.issues[0]).toMatchObject({ line: expect.any(Number), path: "variants.nothing.patches[0]" })
    await expect(load(file)).resolves.toBeDefined()
  })
})
