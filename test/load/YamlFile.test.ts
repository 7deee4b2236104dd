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

const issuesOf = async (file: string) => {
  const r = await read(file)
  if (Either.isRight(r)) return "accepted"
  return r.left._tag === "InvalidInput" ? r.left.issues.map((i) => ({ line: i.line, column: i.column, path: i.path, message: i.message })) : [r.left.message]
}
const writeBytes = (bytes: Uint8Array): string => {
  const file = writeProject(scenarioText)
  fs.writeFileSync(file, bytes)
  return file
}

describe("readYaml: the file's bytes are text, or refused with where and why", () => {
  it("reads UTF-16 with its byte-order mark (LE and BE) as the same scenario, and UTF-8 with a mark", async () => {
    const utf8 = Either.getOrThrow(await read(writeBytes(Buffer.from(scenarioText)))).data
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scenarioText, "utf16le")])
    const be = Buffer.from(le).swap16()
    for (const bytes of [le, be, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(scenarioText)])]) {
      expect(Either.getOrThrow(await read(writeBytes(bytes))).data).toEqual(utf8)
    }
  })

  it("reads lone CR line ends as line ends, with the lines of the file", async () => {
    const cr = scenarioText.replace(/\n/g, "\r")
    expect(Either.getOrThrow(await read(writeBytes(Buffer.from(cr)))).data).toEqual(Either.getOrThrow(await read(writeBytes(Buffer.from(scenarioText)))).data)
    const broken = cr.replace("population: 2000", "population: [")
    const line = scenarioText.split("\n").findIndex((l) => l.startsWith("population")) + 1
    expect(await issuesOf(writeBytes(Buffer.from(broken)))).toEqual([expect.objectContaining({ line: expect.any(Number) })])
    expect(((await issuesOf(writeBytes(Buffer.from(broken)))) as Array<{ line: number }>)[0]!.line).toBeGreaterThanOrEqual(line)
  })

  it("refuses bytes that are not UTF-8 at their line and column, instead of reading them as replacement characters", async () => {
    const latin1 = Buffer.from(scenarioText.replace("population: 2000", "population: 2000\ndescription: café"), "latin1")
    const line = scenarioText.split("\n").findIndex((l) => l.startsWith("population")) + 2
    expect(await issuesOf(writeBytes(latin1))).toEqual([{ line, column: 17, path: "", message: "the file is not UTF-8 text: byte 0xE9 cannot start a character here" }])
    // An overlong form and a UTF-16 surrogate written as UTF-8 are not UTF-8 either.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      expect(await issuesOf(writeBytes(Buffer.concat([Buffer.from("# "), Buffer.from(bad), Buffer.from("\n" + scenarioText)])))).toEqual([expect.objectContaining({ line: 1, column: 3 })])
    }
  })

  it("refuses NUL and other control characters, and UTF-32, with a hint", async () => {
    const at = scenarioText.indexOf("population")
    const nul = Buffer.from(scenarioText.slice(0, at) + "# a comment \u0000\n" + scenarioText.slice(at))
    const line = scenarioText.slice(0, at).split("\n").length
    expect(await issuesOf(writeBytes(nul))).toEqual([{ line, column: 13, path: "", message: "the file holds a control character (NUL), which a text file may not" }])
    expect(await issuesOf(writeBytes(Buffer.from("# \u001b[2J\n" + scenarioText)))).toEqual([expect.objectContaining({ line: 1, column: 3, message: "the file holds a control character (ESC), which a text file may not" })])
    expect(await issuesOf(writeBytes(Buffer.from(scenarioText, "utf16le")))).toEqual([expect.objectContaining({ message: "the file holds a control character (NUL), which a text file may not" })])
    expect(await issuesOf(writeBytes(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0])))).toEqual([expect.objectContaining({ message: "the file is UTF-32 text, which cxsim does not read" })])
  })

  it("refuses tags other than core ones on their own kind of node, located, instead of crashing or reading them as text", async () => {
    const withValue = (v: string) => writeBytes(Buffer.from(scenarioText.replace(/^name: shop$/m, `name: ${v}`)))
    for (const [v, tag] of [["!!binary aGVsbG8=", "!!binary"], ["!!set { a }", "!!set"], ["!!timestamp 2001-12-14", "!!timestamp"], ["!custom shop", "!custom"], ["!!str { a: 1 }", "!!str"]] as const) {
      expect(await issuesOf(await withValue(v))).toEqual([expect.objectContaining({ line: 1, path: "name", message: expect.stringContaining(`the tag ${tag} is not supported`) })])
    }
    expect(Either.isRight(await read(await withValue("!!str shop")))).toBe(true)
  })

  it("refuses brackets nested thousands deep with the nesting limit, not the parser's stack", async () => {
    const issues = await issuesOf(writeBytes(Buffer.from("a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n")))
    expect(issues).not.toBe("accepted")
    for (const i of issues as Array<{ message: string }>) expect(i.message).not.toMatch(/call stack/i)
    // Refused before parsing, at the 65th bracket (parsing them took a gigabyte per 2 MB).
    expect(issues).toEqual([{ line: 1, column: 68, path: "", message: "nesting deeper than 64 levels is not supported" }])
    expect(await issuesOf(writeBytes(Buffer.from(`# x\na:\n  b: ${"{ c: ".repeat(65)}1${" }".repeat(65)}\n`)))).toEqual([{ line: 3, column: 6 + 64 * 5, path: "", message: "nesting deeper than 64 levels is not supported" }])
    expect(await issuesOf(writeBytes(Buffer.from(`a:\n  ${"- ".repeat(100_000)}1\n`)))).toEqual([{ line: 2, column: 3 + 64 * 2, path: "", message: "nesting deeper than 64 levels is not supported" }])
    // Brackets in comments and quoted text are not nesting.
    const text = scenarioText.replace(/^name: shop$/m, `# ${"[".repeat(100)}\nname: shop\ndescription: "${"{".repeat(100)} \\" ["\nnote: 'it''s ${"[".repeat(100)}'`)
    expect(Either.isRight(await read(writeBytes(Buffer.from(text))))).toBe(true)
  })

  it("refuses a key that is null (~) at its own line", async () => {
    const issues = await issuesOf(writeBytes(Buffer.from(scenarioText + "~: x\n")))
    expect(issues).toEqual([expect.objectContaining({ line: scenarioText.split("\n").length, message: "keys must be plain names, not lists, maps or nothing" })])
  })
})
