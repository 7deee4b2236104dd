/**
 * Live what-ifs on every bundled scenario, with the runner's real worker threads: the baseline
 * runs once and is kept, each change runs the what-if alone, and the results are still the
 * library's `compare` of the same scenario and what-if, byte for byte — the full result, and the
 * quick look at its first blocks. A change during a run ends it: no result of a stale what-if.
 * Nothing here depends on timing: each test waits for events, in the order the runner promises.
 */
import * as path from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import { compare } from "../../src/api/compare.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { leverGroups, nudge, type Lever } from "../../src/tui/Lever.js"
import { makeRunner, quickLookCustomers, type RunEvent, type Runner } from "../../src/tui/Runner.js"
import { WHAT_IF } from "../../src/tui/WhatIf.js"
import { root } from "./support.js"

const runners: Runner[] = []
afterEach(() => {
  for (const r of runners.splice(0)) r.close()
})

const open = async (name: string): Promise<{ base: ResolvedScenario; levers: Lever[] }> => {
  const base = await load(path.join(root, "scenarios", `${name}.yaml`))
  return { base, levers: leverGroups(base).flatMap((g) => g.levers) }
}

/** The events of one request, up to its full result (or an error). */
const run = (r: Runner, request: () => void): Promise<RunEvent[]> =>
  new Promise((resolve) => {
    const events: RunEvent[] = []
    const off = r.subscribe((e) => {
      events.push(e)
      if ((e.type === "result" && e.final) || e.type === "error") {
        off()
        resolve(events)
      }
    })
    request()
  })

const results = (events: ReadonlyArray<RunEvent>) => events.flatMap((e) => (e.type === "result" ? [e] : []))
const arms = (events: ReadonlyArray<RunEvent>) => events.flatMap((e) => (e.type === "started" ? [e.arms] : []))
const bytes = (x: unknown): string => JSON.stringify(x)

describe("live what-ifs", () => {
  it.each(["insurance-claim", "restaurant", "support"])("%s: the baseline runs once, and every result is the library's compare, byte for byte", async (name) => {
    const { base, levers } = await open(name)
    const customers = 6000
    const r = makeRunner({ quickLookFrom: Infinity })
    runners.push(r)
    // Two different levers, one after the other: the second change pairs with the kept baseline.
    const mean = levers.find((l) => l.kind === "mean")!
    const other = levers.find((l) => l !== mean && l.kind !== "population" && l.kind !== "from")!
    const first = nudge(mean, { ...base, variant: WHAT_IF }, -1)
    const second = nudge(other, first, 1)
    const seed = base.seed + 1
    const a = await run(r, () => r.request({ baseline: base, whatIf: first, customers, seed }))
    const b = await run(r, () => r.request({ baseline: base, whatIf: second, customers, seed }))
    expect(arms(a)).toEqual([2])
    expect(arms(b)).toEqual([1])
    const ra = results(a)
    const rb = results(b)
    expect(ra.map((e) => [e.final, e.whatIf])).toEqual([[true, first]])
    expect(rb.map((e) => [e.final, e.whatIf])).toEqual([[true, second]])
    expect(bytes(ra[0]!.report)).toBe(bytes(await compare(base, [first], { customers, seed })))
    expect(bytes(rb[0]!.report)).toBe(bytes(await compare(base, [second], { customers, seed })))
    // The kept baseline is the baseline itself: its report is the same in both runs.
    expect(bytes(rb[0]!.report.baseline)).toBe(bytes(ra[0]!.report.baseline))
  })

  it("gives the quick look at the first blocks, then the full result: each equals compare at its customers", async () => {
    const { base, levers } = await open("support")
    const mean = levers.find((l) => l.kind === "mean")!
    // 21 blocks, the last one short: enough for a quick look of more than one block.
    const customers = 21_000
    const quick = quickLookCustomers(customers)
    // Whole blocks of 1024 customers: a twentieth of 21,000 (1,050) rounded up to 2 blocks.
    expect(quick).toBe(2048)
    const r = makeRunner({ quickLookFrom: 20_000 })
    runners.push(r)
    let s: ResolvedScenario = { ...base, variant: WHAT_IF }
    for (const expectedArms of [2, 1]) {
      s = nudge(mean, s, 1)
      const whatIf = s
      const events = await run(r, () => r.request({ baseline: base, whatIf, customers, seed: base.seed }))
      expect(arms(events)).toEqual([expectedArms])
      const shown = results(events)
      expect(shown.map((e) => [e.final, e.customers, e.report.population])).toEqual([
        [false, quick, quick],
        [true, customers, customers]
      ])
      expect(bytes(shown[0]!.report)).toBe(bytes(await compare(base, [whatIf], { customers: quick, seed: base.seed })))
      expect(bytes(shown[1]!.report)).toBe(bytes(await compare(base, [whatIf], { customers, seed: base.seed })))
      // Progress counts the customers of the full run, up to all of them, never back.
      const done = events.flatMap((e) => (e.type === "progress" ? [e.done] : []))
      expect(done.at(-1)).toBe(customers)
      expect(done).toEqual([...done].sort((x, y) => x - y))
    }
  })

  it("ends a run with the baseline kept when a change arrives during it: only the newest what-if's result shows", async () => {
    const { base, levers } = await open("restaurant")
    const mean = levers.find((l) => l.kind === "mean")!
    // 20 blocks: the change, at the first block's progress, finds blocks on the workers and
    // blocks not yet handed out (the pool hands out batches of one block at this size).
    const customers = 20_000
    const r = makeRunner({ quickLookFrom: Infinity })
    runners.push(r)
    const first = nudge(mean, { ...base, variant: WHAT_IF }, 1)
    const stale = nudge(mean, first, 1)
    const newest = nudge(mean, stale, 1)
    await run(r, () => r.request({ baseline: base, whatIf: first, customers, seed: base.seed }))
    const events = await run(r, () => {
      r.request({ baseline: base, whatIf: stale, customers, seed: base.seed })
      const off = r.subscribe((e) => {
        if (e.type === "progress") {
          off()
          r.request({ baseline: base, whatIf: newest, customers, seed: base.seed })
        }
      })
    })
    expect(arms(events)).toEqual([1, 1])
    const shown = results(events)
    expect(shown.map((e) => e.whatIf)).toEqual([newest])
    expect(bytes(shown[0]!.report)).toBe(bytes(await compare(base, [newest], { customers, seed: base.seed })))
  })

  it("keeps the baseline's blocks of a run cancelled half-way: the next runs pair with them and still equal compare", async () => {
    const { base, levers } = await open("insurance-claim")
    const mean = levers.find((l) => l.kind === "mean")!
    // 20 blocks: the change, at the first block's progress, finds blocks on the workers and
    // blocks not yet handed out (the pool hands out batches of one block at this size).
    const customers = 20_000
    const r = makeRunner({ quickLookFrom: Infinity })
    runners.push(r)
    const opening: ResolvedScenario = { ...base, variant: WHAT_IF }
    const first = nudge(mean, opening, -1)
    const second = nudge(mean, first, -1)
    const a = await run(r, () => {
      r.request({ baseline: base, whatIf: opening, customers, seed: base.seed })
      const off = r.subscribe((e) => {
        if (e.type === "progress" && e.done < e.total) {
          off()
          r.request({ baseline: base, whatIf: first, customers, seed: base.seed })
        }
      })
    })
    // Both runs simulate the baseline where it is missing; the second one only where the first did not reach.
    expect(arms(a)).toEqual([2, 2])
    expect(results(a).map((e) => e.whatIf)).toEqual([first])
    expect(bytes(results(a)[0]!.report)).toBe(bytes(await compare(base, [first], { customers, seed: base.seed })))
    const b = await run(r, () => r.request({ baseline: base, whatIf: second, customers, seed: base.seed }))
    expect(arms(b)).toEqual([1])
    expect(bytes(results(b)[0]!.report)).toBe(bytes(await compare(base, [second], { customers, seed: base.seed })))
  })

  it("shows a what-if that compare refuses as its problems, never as a result", async () => {
    const { base } = await open("support")
    const r = makeRunner({ quickLookFrom: Infinity })
    runners.push(r)
    const bad: ResolvedScenario = { ...base, variant: WHAT_IF, horizon: 0 }
    const refusal = await compare(base, [bad], { customers: 2000 }).then(
      () => null,
      (e: unknown) => e as { issues?: ReadonlyArray<{ path: string; message: string }> }
    )
    expect(refusal?.issues?.length).toBeGreaterThan(0)
    const events = await run(r, () => r.request({ baseline: base, whatIf: bad, customers: 2000, seed: base.seed }))
    expect(results(events)).toEqual([])
    expect(events.at(-1)).toEqual({ type: "error", message: refusal!.issues!.map((i) => `${i.path}: ${i.message}`).join("; ") })
  })
})
