/**
 * A sweep's points loaded by setting numbers on the decoded scenario (pointLoader) give exactly
 * what loadScenario with the values set gives: the same resolved scenario (same key order, same
 * hash) or the same errors, at every number of a bundled scenario and its personas' files.
 */
import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { loadScenario, pointLoader, type SetValue } from "../../src/load/loadScenario.js"
import { setNumbers } from "../../src/load/setNumbers.js"
import { readYaml, type YamlFile } from "../../src/load/YamlFile.js"
import { Scenario } from "../../src/model/Scenario.js"

const SCENARIO = "scenarios/restaurant.yaml"

/** The path of every number in some data, with the number. */
const numbers = (x: unknown, at: string[] = [], out: Array<[string, number]> = []): Array<[string, number]> => {
  if (typeof x === "number") out.push([at.join("."), x])
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) numbers(v, [...at, k], out)
  return out
}

const leaves = async (): Promise<Array<[string, number]>> => {
  const s = await Effect.runPromise(readYaml(SCENARIO))
  const out = numbers(s.data)
  for (const id of ["busy-professional", "family", "bargain-hunter"]) {
    const p = await Effect.runPromise(readYaml(`personas/${id}.yaml`))
    out.push(...numbers(p.data, ["personas", id]))
  }
  return out
}

const same = async (set: ReadonlyArray<SetValue>, variant: string | undefined, files: Map<string, YamlFile>, fast: Awaited<ReturnType<typeof makeLoader>>) => {
  const slow = await Effect.runPromise(Effect.either(loadScenario(SCENARIO, { variant, files, set })))
  const quick = await Effect.runPromise(Effect.either(fast.load(set)))
  expect(Either.isRight(quick)).toBe(Either.isRight(slow))
  if (Either.isRight(slow) && Either.isRight(quick)) {
    expect(JSON.stringify(quick.right)).toBe(JSON.stringify(slow.right))
    expect(quick.right).toEqual(slow.right)
  } else expect(quick).toEqual(slow)
  return Either.isRight(slow)
}

const makeLoader = (variant: string | undefined, files: Map<string, YamlFile>) => Effect.runPromise(pointLoader(SCENARIO, { variant, files }))

describe("pointLoader", () => {
  it("gives loadScenario's scenario or errors for a value at every number of the scenario and its personas", async () => {
    const files = new Map<string, YamlFile>()
    const loader = await makeLoader(undefined, files)
    const all = await leaves()
    expect(all.length).toBeGreaterThan(150)
    let valid = 0
    let invalid = 0
    for (const [i, [path, x]] of all.entries()) {
      // Every other number, a value that the scenario mostly takes; the others, one that it
      // mostly refuses (out of range, not an integer, sums that no longer add up).
      const value = i % 2 === 0 ? x + 1 : ([-x - 1, x / 2 + 0.25, 1e13][(i >> 1) % 3] as number)
      if (await same([{ set: path, value }], undefined, files, loader)) valid++
      else invalid++
    }
    expect(valid).toBeGreaterThan(50)
    expect(invalid).toBeGreaterThan(50)
    // The valid points were loaded without decoding the whole scenario.
    expect(loader.counts.fast).toBe(valid)
  })

  it("gives the same for several values at once, on top of a variant, and for values that are not numbers where numbers are", async () => {
    const files = new Map<string, YamlFile>()
    const all = await leaves()
    for (const variant of [undefined, "faster-kitchen"]) {
      const loader = await makeLoader(variant, files)
      const paths = [
        "journey.touchpoints.kitchen.service.food-wait.mean",
        "journey.touchpoints.kitchen.service.food-wait.sd",
        "personas.family.share",
        "personas.family.loyalty.retention",
        "personas.family.expectations.food-wait.adequate",
        "model.tolerance",
        ...all.filter((_, i) => i % 9 === 0).map(([p]) => p)
      ]
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.constantFrom(...paths), { minLength: 1, maxLength: 3 }),
          fc.array(fc.oneof(fc.double({ min: -2, max: 30, noNaN: true }), fc.integer({ min: 0, max: 40 }), fc.constantFrom<unknown>("7", null, true, Number.NaN, Infinity, -0)), { minLength: 3, maxLength: 3 }),
          async (ps, vs) => {
            await same(ps.map((set, k) => ({ set, value: vs[k] })), variant, files, loader)
          }
        ),
        { seed: 20261202, numRuns: 25 }
      )
      // A path that is not there, one of a persona the scenario has not, one inside another.
      for (const set of [
        [{ set: "journey.touchpoints.kitchen.service.food-wait.median", value: 3 }],
        [{ set: "personas.nobody.loyalty.retention", value: 0.5 }],
        [{ set: "personas.family.loyalty.retention", value: 0.5 }, { set: "personas.family.loyalty", value: 1 }],
        [{ set: "journey.touchpoints.kitchen.service.food-wait", value: 12 }]
      ]) await same(set, variant, files, loader)
      expect(loader.counts.fast).toBeGreaterThan(2)
    }
  })

  it("decodes again only the part the schema checks as a whole, and answers nothing when in doubt", async () => {
    const f = await Effect.runPromise(readYaml(SCENARIO))
    const decoded = Either.getOrThrow((await import("effect/Schema")).decodeUnknownEither(Scenario)(f.data, { onExcessProperty: "error" }))
    const mean = "journey.touchpoints.kitchen.service.food-wait.mean"
    const set = setNumbers(Scenario.ast, f.data, decoded, [{ set: mean, value: 9 }]) as Scenario
    expect(set.journey.touchpoints["kitchen"]?.service?.["food-wait"]).toMatchObject({ dist: "lognormal", mean: 9 })
    // Copied along the path only: everything else is the decoded value itself, which is unchanged.
    expect(set.dimensions).toBe(decoded.dimensions)
    expect(set.journey.touchpoints["arrive"]).toBeDefined()
    expect(set.journey.touchpoints["arrive"]).toBe(decoded.journey.touchpoints["arrive"])
    expect(decoded.journey.touchpoints["kitchen"]?.service?.["food-wait"]).not.toMatchObject({ mean: 9 })
    // A log-normal's mean must be positive: refused here, reported by the loader.
    expect(setNumbers(Scenario.ast, f.data, decoded, [{ set: mean, value: 0 }])).toBeUndefined()
    expect(setNumbers(Scenario.ast, f.data, decoded, [{ set: mean, value: "9" }])).toBeUndefined()
    expect(setNumbers(Scenario.ast, f.data, decoded, [{ set: "journey.touchpoints.kitchen.service", value: 9 }])).toBeUndefined()
    expect(setNumbers(Scenario.ast, f.data, decoded, [{ set: "horizon", value: 2.5 }])).toBeUndefined()
    expect(setNumbers(Scenario.ast, f.data, decoded, [{ set: "horizon", value: 6 }])).toMatchObject({ horizon: 6 })
  })
})
