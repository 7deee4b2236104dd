/** Command-line parsing: the usage errors of an unknown option name options as they are typed. */
import { describe, expect, it } from "vitest"
import { parse } from "../../src/cli/args.js"
import { UsageError } from "../../src/load/errors.js"

const options = {
  json: { type: "string" },
  junit: { type: "string" },
  baseline: { type: "string" },
  "update-baseline": { type: "boolean" },
  quiet: { type: "boolean", short: "q" }
} as const

const hintOf = (args: ReadonlyArray<string>): string => {
  try {
    parse("bench", args, options)
  } catch (e) {
    if (e instanceof UsageError) return `${e.message} | ${e.hint ?? ""}`
    throw e
  }
  throw new Error("parsed")
}

describe("an unknown option", () => {
  it("is answered with the likely option, written --name", () => {
    expect(hintOf(["--juint", "x"])).toBe('cxsim bench: unknown option --juint | did you mean "--junit"?')
  })

  it("far from every option, is answered with the list of options, each written --name as it is typed", () => {
    expect(hintOf(["--workers", "2"])).toBe("cxsim bench: unknown option --workers | expected one of: --json, --junit, --baseline, --update-baseline, --quiet")
  })
})
