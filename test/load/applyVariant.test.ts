import { describe, expect, it } from "vitest"
import { applyPatches } from "../../src/load/applyVariant.js"

const data = () =>
  Object.freeze({
    journey: {
      start: "a",
      touchpoints: {
        a: { next: { b: 0.5, c: 0.5 } },
        b: { next: { b: 0.2, c: 0.8 }, failure: { rate: 0.1, recovery: "c" } },
        c: { next: { done: 1 } }
      }
    }
  })

describe("applyPatches", () => {
  it("sets a value without touching the input", () => {
    const input = data()
    const r = applyPatches(input, [{ set: "journey.touchpoints.c.next", value: { done: 1 } }, { set: "journey.touchpoints.a.effort", value: 2 }])
    expect(r.problems).toEqual([])
    expect((r.data as ReturnType<typeof data>).journey.touchpoints.a).toEqual({ next: { b: 0.5, c: 0.5 }, effort: 2 })
    expect(input.journey.touchpoints.a).toEqual({ next: { b: 0.5, c: 0.5 } })
  })

  it("sets a field of model: in a scenario that has none (the section is optional), and nothing else that is missing", () => {
    const r = applyPatches(data(), [{ set: "model.effortCost", value: 0.2 }, { set: "modle.effortCost", value: 0.2 }, { set: "journey.extra.x", value: 1 }])
    expect((r.data as Record<string, unknown>)["model"]).toEqual({ effortCost: 0.2 })
    // A misspelt section, or a map missing deeper in, is still a path that does not exist.
    expect(r.problems.map((p) => [p.index, p.message])).toEqual([
      [1, 'the path "modle" does not exist in the scenario'],
      [2, 'the path "journey.extra" does not exist in the scenario']
    ])
  })

  it("removes a touchpoint by sending its incoming weight to its own next steps, self-loop dropped", () => {
    const r = applyPatches(data(), [{ remove: "b" }])
    expect(r.problems).toEqual([])
    const tps = (r.data as ReturnType<typeof data>).journey.touchpoints
    expect(Object.keys(tps)).toEqual(["a", "c"])
    expect(tps.a.next).toEqual({ c: 1 })
  })

  it("refuses a set without value and an add or replace without touchpoint, rather than clearing the field", () => {
    const r = applyPatches(data(), [{ set: "journey.touchpoints.a.effort", value: undefined }, { add: "d", touchpoint: undefined }, { replace: "a", touchpoint: undefined }])
    expect(r.problems).toEqual([
      { index: 0, message: "a set patch needs value: (the new value)", hint: "write value: under set: journey.touchpoints.a.effort" },
      { index: 1, message: "an add patch needs touchpoint: (the touchpoint's fields)", hint: "touchpoint: { next: { done: 1 } }" },
      { index: 2, message: "a replace patch needs touchpoint: (the touchpoint's fields)", hint: "touchpoint: { next: { done: 1 } }" }
    ])
  })

  it("reroutes an edge, keeping its weight", () => {
    const r = applyPatches(data(), [{ reroute: "a", from: "b", to: "done" }])
    expect((r.data as { journey: { touchpoints: { a: unknown } } }).journey.touchpoints.a).toEqual({ next: { c: 0.5, done: 0.5 } })
  })

  it("a reroute to a step that does not exist never suggests the step being moved away from, and says to add a new one first", () => {
    const r = applyPatches(data(), [
      { reroute: "a", from: "b", to: "bb" }, // a new step the user meant to add: "b" is the one being moved away from
      { reroute: "a", from: "b", to: "kiosk" }, // nothing near
      { reroute: "a", from: "b", to: "cc" } // a misspelling of another step
    ])
    expect(r.problems.map((p) => [p.index, p.hint])).toEqual([
      [0, "add it first in this variant: { add: bb, touchpoint: … }, then reroute to it"],
      [1, "add it first in this variant: { add: kiosk, touchpoint: … }, then reroute to it"],
      [2, 'did you mean "c"? A new step is added first: { add: cc, touchpoint: … }']
    ])
  })

  it("adds and replaces touchpoints, and refuses to add one twice or replace a missing one", () => {
    const r = applyPatches(data(), [
      { add: "d", touchpoint: { next: { done: 1 } } },
      { add: "a", touchpoint: {} },
      { replace: "zz", touchpoint: {} },
      { remove: "a" },
      { reroute: "c", from: "nowhere", to: "a" },
      { set: "journey.touchpoints.q.next", value: 1 }
    ])
    expect(r.problems.map((p) => [p.index, p.message, p.hint])).toMatchInlineSnapshot(`
      [
        [
          1,
          "a touchpoint "a" already exists",
          "use { replace: a, touchpoint: … } to change it",
        ],
        [
          2,
          "there is no touchpoint "zz" to replace",
          "expected one of: a, b, c, d",
        ],
        [
          3,
          ""a" is where the journey starts and cannot be removed",
          "set journey.start to another touchpoint first",
        ],
        [
          4,
          ""c" has no next step "nowhere"",
          "expected one of: done",
        ],
        [
          5,
          "the path "journey.touchpoints.q" does not exist in the scenario",
          "did you mean "a"?",
        ],
      ]
    `)
  })
})
