/**
 * The service schedule: a touchpoint's service, effort or failures changing from a given period
 * on (docs/model.md §2). Checked against runs without a schedule: periods before the change are
 * the same customers living the same journeys, draw for draw; periods from the change on are the
 * journeys of the changed scenario.
 */
import { afterAll, describe, expect, it } from "vitest"
import { leverGroups, nudge } from "../../src/tui/Lever.js"
import { toPatches } from "../../src/tui/WhatIf.js"
import type { Report } from "../../src/report/Report.js"
import { loadFixture, removeFixtures, run, type YamlObject } from "../support/fixture.js"

afterAll(removeFixtures)

const persona = { expectations: { quality: { adequate: 4, expected: 5, desired: 6, spread: 0.3 } }, deviation: 0 }
// Nobody leaves, so every period is lived by the same customers.
const stays = { ...persona, loyalty: { switchingCost: 40 } }

const scenario = (serve: YamlObject, horizon = 4): YamlObject => ({
  name: "schedule",
  seed: 5,
  population: 6000,
  horizon,
  dimensions: { quality: { unit: "points", better: "higher", scale: 1 } },
  personas: { p: { share: 1 } },
  journey: { start: "serve", touchpoints: { serve: { abandonable: false, next: { done: 1 }, ...serve } } }
})

const periods = (r: Report): number[] => r.overall.retention.map((p) => p.satisfaction)

describe("a service schedule", () => {
  it("changes the service from its period on, and leaves the earlier periods as they were", async () => {
    const [plain, better, fixFrom3] = await Promise.all([
      run(scenario({ service: { quality: 5 } }), { p: stays }),
      run(scenario({ service: { quality: 6 } }), { p: stays }),
      run(scenario({ service: { quality: 5 }, schedule: [{ from: 3, service: { quality: 6 } }] }), { p: stays })
    ])
    const [a, b, c] = [periods(plain), periods(better), periods(fixFrom3)]
    // Periods 1 and 2: the same draws as without the schedule, to the last digit.
    expect(c.slice(0, 2)).toEqual(a.slice(0, 2))
    // From period 3 the better service shows: above the plain run, and below a run that had it
    // from the start (whose customers have had two periods more to get used to it).
    expect(c[2]!).toBeGreaterThan(a[2]! + 0.2)
    expect(c[3]!).toBeGreaterThan(a[3]!)
    expect(b[0]!).toBeGreaterThan(a[0]! + 0.2)
    // The survey is taken after the first journey: untouched by a change from period 3.
    expect(fixFrom3.overall.csat).toEqual(plain.overall.csat)
  })

  it("expresses a launch offer: an ordinary visit after a delight feels worse than without the delight", async () => {
    const [ordinary, launch] = await Promise.all([
      run(scenario({ service: { quality: 5 } }), { p: stays }),
      run(scenario({ service: { quality: 7 }, schedule: [{ from: 2, service: { quality: 5 } }] }), { p: stays })
    ])
    const [o, l] = [periods(ordinary), periods(launch)]
    expect(l[0]!).toBeGreaterThan(o[0]! + 0.5)
    // Expectations rose with the delight (adaptation): the same ordinary service disappoints.
    expect(l[1]!).toBeLessThan(o[1]! - 0.2)
  })

  it("changes failures and effort from its period on", async () => {
    const [plain, failing] = await Promise.all([
      run(scenario({ service: { quality: 5 } }, 3), { p: stays }),
      run(scenario({ service: { quality: 5 }, schedule: [{ from: 2, failure: { rate: 1 }, effort: 2 }] }, 3), { p: stays })
    ])
    const [a, f] = [periods(plain), periods(failing)]
    expect(f[0]).toBe(a[0])
    expect(f[1]!).toBeLessThan(a[1]! - 1)
    expect(failing.overall.journey.failures).toBe(0) // first journeys only: the schedule starts later
  })

  it("is refused out of order or beyond the horizon, with the entry's path", async () => {
    const bad = scenario({ service: { quality: 5 }, schedule: [{ from: 3 }, { from: 2 }, { from: 9 }] })
    const err = await loadFixture(bad, { p: persona }).then(
      () => undefined,
      (e: unknown) => e as { issues: ReadonlyArray<{ path: string; message: string }> }
    )
    expect(err?.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "journey.touchpoints.serve.schedule[1].from: schedule entries must be in increasing order of from: 2 comes after 3",
      "journey.touchpoints.serve.schedule[2].from: period 9 is beyond the horizon of 4 periods: this entry would never apply"
    ])
  })

  it("has levers in the terminal UI, kept as a variant patch", async () => {
    const s = await loadFixture(scenario({ service: { quality: 5 }, schedule: [{ from: 3, service: { quality: 6 }, effort: 1 }] }), { p: persona })
    const levers = leverGroups(s).flatMap((g) => g.levers)
    const ids = levers.map((l) => l.id).filter((id) => id.includes("schedule"))
    expect(ids).toEqual(["serve/schedule/0/from", "serve/schedule/0/service/quality/mean", "serve/schedule/0/service/quality/spread", "serve/schedule/0/effort"])
    const from = levers.find((l) => l.id === "serve/schedule/0/from")!
    const earlier = nudge(from, s, -1)
    expect(earlier.journey.touchpoints["serve"]!.schedule![0]!.from).toBe(2)
    expect(toPatches(s, earlier)).toEqual([
      { set: "journey.touchpoints.serve.schedule", value: [{ from: 2, service: { quality: 6 }, effort: 1 }] }
    ])
  })
})
