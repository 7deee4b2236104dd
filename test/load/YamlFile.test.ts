import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fs from "node:fs"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/load/loadScenario.js"
import { readYaml } from "../../src/load/YamlFile.js"
import { scenarioText, writeProject } from "./files.js"

const read = (file: string) => Effect.runPromise(Effect.either(readYaml(file)))

describe("readYaml: a file read again with the same text is not parsed again", () => {
  it("gives equal frozen data for the same text, a new object each time, and parses an edited file afresh", async () => {
    const file = writeProject(scenarioText)
    const a = Either.getOrThrow(await read(file))
    const b = Either.getOrThrow(await read(file))
    expect(b).not.toBe(a)
    expect(b.data).toEqual(a.data)
    expect(b.doc).toBe(a.doc)
    expect(Object.isFrozen(a.data)).toBe(true)
    expect(() => {
      ;(a.data as Record<string, unknown>)["name"] = "changed"
    }).toThrow(TypeError)
    // Same length, another value: compared by text, not by size or time.
    fs.writeFileSync(file, scenarioText.replace("population: 2000", "population: 3000"))
    const c = Either.getOrThrow(await read(file))
    expect(c.doc).not.toBe(a.doc)
    expect((c.data as { population: number }).population).toBe(3000)
    const s = await Effect.runPromise(loadScenario(file))
    expect(s.population).toBe(3000)
  })

  it("refuses a broken file the same way each time, and reads it again once fixed", async () => {
    const file = writeProject(scenarioText.replace("journey:", "journey: [\n"))
    const a = await read(file)
    const b = await read(file)
    expect(Either.isLeft(a) && Either.isLeft(b)).toBe(true)
    expect(Either.isLeft(b) && b.left._tag === "InvalidInput" ? b.left.issues : []).toEqual(Either.isLeft(a) && a.left._tag === "InvalidInput" ? a.left.issues : ["not refused"])
    fs.writeFileSync(file, scenarioText)
    expect(Either.isRight(await read(file))).toBe(true)
  })
})
