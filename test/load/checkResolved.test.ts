/**
 * The library refuses in memory what the loader refuses in files (load/checkResolved.ts), with
 * the same `InvalidInput` and messages, field paths instead of lines.
 */
import { describe, expect, it } from "vitest"
import { compare, load, simulateScenario } from "../../src/api.js"
import { checkResolved } from "../../src/load/checkResolved.js"
import { InvalidInput, UsageError } from "../../src/load/errors.js"
import { formatIssue } from "../../src/load/Issue.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { scenarioText, writeProject } from "./files.js"

const refusal = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  if (!(e instanceof InvalidInput)) return `not refused: ${String(e)}`
  return e.issues.map(formatIssue).join("\n").replace(/^.*shop\.yaml/gm, "<file>")
}

const withNext = (s: ResolvedScenario, next: Record<string, number>): ResolvedScenario => {
  const tps = s.journey.touchpoints
  return { ...s, journey: { ...s.journey, touchpoints: { ...tps, enter: { ...tps["enter"], next } } } }
}

describe("checkResolved", () => {
  it("finds nothing in every bundled scenario and variant as loaded", async () => {
    for (const f of ["restaurant", "support", "insurance-claim"]) {
      const base = await load(`scenarios/${f}.yaml`)
      expect(checkResolved(base)).toEqual([])
      for (const v of Object.keys(base.variants)) expect(checkResolved(await load(`scenarios/${f}.yaml`, { variant: v }))).toEqual([])
    }
  })

  it("finds nothing in a variant that closes a channel a persona prefers, as the loader accepts it", async () => {
    const text = `${scenarioText.replace("    pay:\n", "    pay:\n      channel: counter\n")}  no-counter:\n    patches:\n      - remove: pay\n`
    const file = writeProject(text, { regular: "label: Regular\nexpectations:\n  wait: { adequate: 10, desired: 2 }\nchannels: { counter: 2 }\n", newcomer: "label: Newcomer\nexpectations:\n  wait: { adequate: 10, desired: 2 }\n" })
    const variant = await load(file, { variant: "no-counter" })
    expect(checkResolved(variant)).toEqual([])
    const r = await compare(await load(file), [variant], { customers: 200 })
    expect(r.variants.map((v) => v.variant)).toEqual(["no-counter"])
  })

  it("simulateScenario refuses weights that do not add up and a misspelt next step", async () => {
    const s = await load(writeProject(scenarioText))
    expect(await refusal(simulateScenario(withNext(s, { pay: 1.1 }), { customers: 100 }))).toMatchInlineSnapshot(`
      "<file>: journey.touchpoints.enter.next: next-step weights add up to 1.1, not 1
          hint: weights are the probabilities of each next step"
    `)
    expect(await refusal(simulateScenario(withNext(s, { pay: 0.6 }), { customers: 100 }))).toMatchInlineSnapshot(`
      "<file>: journey.touchpoints.enter.next: next-step weights add up to 0.6, not 1
          hint: weights are the probabilities of each next step"
    `)
    expect(await refusal(simulateScenario(withNext(s, { pya: 1 }), { customers: 100 }))).toMatchInlineSnapshot(`
      "<file>: journey.touchpoints.enter.next.pya: there is no touchpoint or outcome "pya"
          hint: expected one of: enter, pay, done"
    `)
  })

  it("simulateScenario refuses absurd numbers in a persona, compare a bad variant", async () => {
    const s = await load(writeProject(scenarioText))
    const [p0, ...rest] = s.personas
    const rich = { ...s, personas: [{ ...p0!, value: 1e308 }, ...rest] }
    expect(await refusal(simulateScenario(rich, { customers: 100 }))).toMatchInlineSnapshot(`"<file>: personas.regular.value: expected a number between -1e12 and 1e12 (see Limits in docs/format.md), got 1e+308"`)
    expect(await refusal(compare(s, [withNext(s, { pay: 0.5, done: 0.6 })], { customers: 100 }))).toMatchInlineSnapshot(`
      "<file>: journey.touchpoints.enter.next: next-step weights add up to 1.1, not 1
          hint: weights are the probabilities of each next step"
    `)
  })

  it("compare and simulateScenario refuse a file name or a misshapen object with a UsageError, not a TypeError", async () => {
    const s = await load(writeProject(scenarioText))
    const usage = async (p: Promise<unknown>): Promise<string> => {
      const e = await p.then(
        () => undefined,
        (x: unknown) => x
      )
      return e instanceof UsageError ? `${e.message} | ${e.hint ?? ""}` : `not a UsageError: ${String(e)}`
    }
    // What a plain JavaScript script can pass (the types would refuse it).
    const untyped = (x: unknown): ResolvedScenario => x as ResolvedScenario
    expect(await usage(compare(untyped("scenarios/shop.yaml"), [s], { customers: 100 }))).toMatchInlineSnapshot(`"compare: expected a scenario as load(file) gives it, got the file name "scenarios/shop.yaml" | load it first: compare(await load(file), [await load(file, { variant })]), or call load for each variant"`)
    expect(await usage(compare(s, [untyped(undefined)], { customers: 100 }))).toMatchInlineSnapshot(`"compare: expected a scenario as load(file) gives it, got undefined | load it first: compare(await load(file), [await load(file, { variant })]), or call load for each variant"`)
    expect(await usage(simulateScenario(untyped({ ...s, personas: { ...s.personas } }), { customers: 100 }))).toMatchInlineSnapshot(`"simulateScenario: expected a scenario as load(file) gives it, got an object whose personas are not a list of personas | load it first: simulateScenario(await load(file)), or call simulate(file) with the file name"`)
    expect(await usage(simulateScenario(untyped({ ...s, journey: null }), { customers: 100 }))).toMatchInlineSnapshot(`"simulateScenario: expected a scenario as load(file) gives it, got an object without a journey | load it first: simulateScenario(await load(file)), or call simulate(file) with the file name"`)
  })
})
