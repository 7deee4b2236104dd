/**
 * The simulation runner of the terminal UI, with its real worker threads: changes in quick
 * succession make one run; a change during a run ends that run (its result never shows); a
 * quick look, when it comes, comes before the full result; results are those of the comparison
 * itself. Events are awaited, never timed: no test assumes which of two threads ends first.
 */
import * as path from "node:path"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { compare } from "../../src/api/compare.js"
import { leverGroups, nudge, type Lever } from "../../src/tui/Lever.js"
import { makeRunner, quickLookCustomers, type RunEvent, type Runner } from "../../src/tui/Runner.js"
import { root } from "./support.js"

let base: ResolvedScenario
let wait: Lever
const runners: Runner[] = []

beforeAll(async () => {
  base = await load(path.join(root, "scenarios", "support.yaml"))
  wait = leverGroups(base).flatMap((g) => g.levers).find((l) => l.kind === "mean") as Lever
})
afterEach(() => {
  for (const r of runners.splice(0)) r.close()
})

const whatIf = (steps: number): ResolvedScenario => {
  let s: ResolvedScenario = { ...base, variant: "what-if" }
  for (let i = 0; i < steps; i++) s = nudge(wait, s, -1)
  return s
}

/** Events until the first final result (or error). */
const until = (r: Runner, act: () => void): Promise<RunEvent[]> =>
  new Promise((resolve) => {
    const events: RunEvent[] = []
    const off = r.subscribe((e) => {
      events.push(e)
      if ((e.type === "result" && e.final) || e.type === "error") {
        off()
        resolve(events)
      }
    })
    act()
  })

describe("the runner", () => {
  it("runs once for changes in quick succession, the last one, with the comparison's own results", async () => {
    const r = makeRunner({ debounceMs: 100, quickLookFrom: Infinity })
    runners.push(r)
    const last = whatIf(3)
    const events = await until(r, () => {
      for (const k of [1, 2, 3]) r.request({ baseline: base, whatIf: k === 3 ? last : whatIf(k), customers: 3000, seed: 5 })
    })
    expect(events.filter((e) => e.type === "started")).toHaveLength(1)
    const result = events.find((e) => e.type === "result")
    if (result?.type !== "result") throw new Error("no result")
    expect(result.whatIf).toBe(last)
    expect(result.final).toBe(true)
    expect(result.report).toEqual(await compare(base, [last], { customers: 3000, seed: 5 }))
    expect(events.some((e) => e.type === "progress" && e.done === e.total)).toBe(true)
  })

  it("ends a run when a change arrives during it: only the new what-if's results come", async () => {
    const r = makeRunner({ debounceMs: 0, quickLookFrom: Infinity })
    runners.push(r)
    const first = whatIf(1)
    const second = whatIf(2)
    const events = await until(r, () => {
      r.request({ baseline: base, whatIf: first, customers: 200_000, seed: 5 })
      const off = r.subscribe((e) => {
        if (e.type === "progress") {
          off()
          r.request({ baseline: base, whatIf: second, customers: 2000, seed: 5 })
        }
      })
    })
    const results = events.filter((e) => e.type === "result")
    expect(results).toHaveLength(1)
    expect(results[0]?.type === "result" && results[0].whatIf).toBe(second)
    expect(events.filter((e) => e.type === "started")).toHaveLength(2)
  })

  it("gives a quick look at a twentieth of the customers, before the full result", async () => {
    const r = makeRunner({ debounceMs: 0, quickLookFrom: 20_000 })
    runners.push(r)
    const events = await until(r, () => r.request({ baseline: base, whatIf: whatIf(2), customers: 40_000, seed: 5 }))
    const results = events.flatMap((e) => (e.type === "result" ? [e] : []))
    // The quick look is the first whole blocks of the full run (a twentieth of the customers,
    // rounded up to blocks), delivered in block order: it comes first by construction, not by
    // winning a race; the full result comes last.
    expect(quickLookCustomers(40_000)).toBe(2048)
    expect(results.map((e) => [e.final, e.customers, e.report.population])).toEqual([
      [false, 2048, 2048],
      [true, 40_000, 40_000]
    ])
  })
})
