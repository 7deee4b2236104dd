import { describe, expect, it } from "vitest"
import { renderJson } from "../../src/report/renderJson.js"
import { fixture } from "./fixture.js"

describe("renderJson", () => {
  it("round-trips through JSON.parse", () => {
    expect(JSON.parse(renderJson(fixture))).toEqual(fixture)
  })

  it("is pretty-printed with 2 spaces, keys in the object's order, and a final newline", () => {
    const text = renderJson(fixture)
    expect(text.endsWith("}\n")).toBe(true)
    expect(text.split("\n").slice(0, 4)).toEqual(["{", '  "schemaVersion": 2,', '  "engine": {', '    "name": "cxsim",'])
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(fixture))
    expect(Object.keys(JSON.parse(text).overall)).toEqual(Object.keys(fixture.overall))
  })

  it("gives the same text for equal reports", () => {
    expect(renderJson(structuredClone(fixture))).toBe(renderJson(fixture))
  })
})
