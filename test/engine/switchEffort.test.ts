/**
 * A touchpoint's `switchEffort` (docs/format.md, docs/model.md §4): the effort of arriving there
 * from a touchpoint of another channel, in place of the journey's `model.channelSwitchEffort`.
 * A delivery or a reminder the company brings to the customer is not a change of channel the
 * customer makes. Every step here is delivered exactly as expected, so the journey's only effort
 * is the channel switch, and each customer's CES answer follows from it exactly:
 * E = 0 → 1, E = 1 → 2, E = 2 → 3 (effortScale 4).
 */
import { afterAll, describe, expect, it } from "vitest"
import type { Report } from "../../src/report/Report.js"
import { removeFixtures, run, type YamlObject } from "../support/fixture.js"
import { filled } from "../report/fixture.js"

afterAll(removeFixtures)

const CUSTOMERS = 2_000

const scenario = (touchpoints: Record<string, YamlObject>, model: YamlObject = {}): YamlObject => ({
  name: "switch",
  seed: 5,
  population: CUSTOMERS,
  horizon: 2,
  dimensions: { quality: { unit: "points", better: "higher", scale: 1 } },
  personas: { p: { share: 1 } },
  ...(Object.keys(model).length > 0 ? { model } : {}),
  journey: { start: Object.keys(touchpoints)[0], touchpoints }
})

const personas = { p: { expectations: { quality: { adequate: 5, expected: 5, desired: 5 } }, deviation: 0 } }

const step = (channel: string, next: string, extra: YamlObject = {}): YamlObject => ({
  channel,
  service: { quality: 5 },
  abandonable: false,
  next: { [next]: 1 },
  ...extra
})

/** web order → a delivery at the door → (optionally) a rating back on the web. */
const order = (delivery: YamlObject = {}, model: YamlObject = {}, back = false): YamlObject =>
  scenario(
    back
      ? { order: step("web", "delivery"), delivery: step("in-person", "rate", delivery), rate: step("web", "done") }
      : { order: step("web", "delivery"), delivery: step("in-person", "done", delivery) },
    model
  )

const ces = (r: Report): ReadonlyArray<number> => filled(r.overall).ces.distribution

describe("switchEffort on a touchpoint", () => {
  it("charges the journey's channelSwitchEffort on arrival from another channel when not given", async () => {
    const r = await run(order(), personas)
    // Every customer switched once (1 point): all answer CES 2.
    expect(ces(r)[1]).toBe(1)
  })

  it("replaces it for arrivals at that touchpoint: 0 for a step the company brings", async () => {
    const [charged, free] = await Promise.all([run(order(), personas), run(order({ switchEffort: 0 }), personas)])
    expect(ces(free)[0]).toBe(1)
    // The same customers, one effort point less each: fewer leave (the effort anchor and the moment).
    expect(filled(free.overall).churn.rate).toBeLessThan(filled(charged.overall).churn.rate)
  })

  it("is the arriving touchpoint's own: going back to the web still pays the journey's switch", async () => {
    const r = await run(order({ switchEffort: 0 }, {}, true), personas)
    // in-person free, back to web 1 point: CES 2 for all.
    expect(ces(r)[1]).toBe(1)
  })

  it("holds against a journey setting of 0 too, in either direction", async () => {
    const r = await run(order({ switchEffort: 2 }, { channelSwitchEffort: 0 }), personas)
    // 2 points: CES 1 + round(6·(1 − e^−0.5)) = 3 for all.
    expect(ces(r)[2]).toBe(1)
  })

  it("costs nothing when the channel does not change", async () => {
    const r = await run(scenario({ a: step("web", "b"), b: step("web", "done", { switchEffort: 3 }) }), personas)
    expect(ces(r)[0]).toBe(1)
  })
})
