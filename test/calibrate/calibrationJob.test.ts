/**
 * The simulated answers of calibration (engine/calibrationJob.ts): each candidate's counts agree
 * with its own per-customer records, recomputed independently here, also when the tallies need
 * only the first periods (the job simulates no further, the counts are the same); candidates
 * batched in one job give what each gives alone; and the totals are the same for 1 and 2 workers.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { exactToFloat64 } from "../../src/engine/accumulator.js"
import { calibrationJob, candidateBlocks, candidateSize, csatCategory, periodsFor, tallyLayout, type Tally } from "../../src/engine/calibrationJob.js"
import { recordColumns } from "../../src/engine/recordsJob.js"
import { prepare, runExactEffect, runRecordsEffect } from "../../src/engine/run.js"
import { loadScenario } from "../../src/load/loadScenario.js"

const file = "scenarios/restaurant.yaml"
const tallies: Tally[] = [
  { kind: "csat", categories: 5, period: 0, edges: [] },
  { kind: "csat", categories: 7, period: 0, edges: [] },
  { kind: "ltr", categories: 11, period: 0, edges: [] },
  { kind: "ces", categories: 7, period: 0, edges: [] },
  { kind: "satisfied", categories: 2, period: 0, edges: [] },
  { kind: "churn", categories: 2, period: 2, edges: [] },
  { kind: "spend", categories: 3, period: 0, edges: [40, 120] }
]

const models = await Effect.runPromise(
  Effect.all([
    Effect.map(loadScenario(file), (s) => prepare(s, { customers: 3000, seed: 5 })),
    Effect.map(loadScenario(file, { set: [{ set: "model.satisfactionBias", value: 2 }] }), (s) => prepare(s, { customers: 3000, seed: 5 }))
  ])
)

const run = (ms: ReadonlyArray<(typeof models)[number]>, workers: number, ts: ReadonlyArray<Tally> = tallies) => {
  const per = candidateSize(ms[0]!, ts)
  const B = candidateBlocks(ms[0]!)
  return Effect.runPromise(Effect.map(runExactEffect(calibrationJob, { models: ms, tallies: ts }, { size: per * ms.length, from: 0, to: B * ms.length, workers }), exactToFloat64))
}

/** Calls `f` for each customer of a run of `m` with a reader of that customer's record columns, by name. */
const eachCustomer = async (m: (typeof models)[number], f: (v: (name: string) => number) => void): Promise<void> => {
  const cols = recordColumns(m.meta, "customer").map((c) => c.name)
  await Effect.runPromise(
    runRecordsEffect(m, "customer", {
      workers: 1,
      onRecords: (b) => {
        for (let i = 0; i < b.rows; i++) f((name) => (b.data as Float64Array)[i * b.columns + cols.indexOf(name)]!)
      }
    })
  )
}

describe("the calibration job", () => {
  it("CSAT on 5 points is the model's own CSAT: 1 + ⌊s·k/10⌋, capped", () => {
    for (const s of [0, 1.99, 2, 5.5, 7.99, 8, 9.999, 10]) expect(csatCategory(s, 5) + 1).toBe(Math.min(5, 1 + Math.floor(s / 2)))
    expect([0, 1.4, 1.43, 9.99, 10].map((s) => csatCategory(s, 7))).toEqual([0, 0, 1, 6, 6])
  })

  it("counts each candidate's answers as its records give them", async () => {
    const all = await run(models, 1)
    const lay = tallyLayout(tallies)
    const per = candidateSize(models[0]!, tallies)
    for (let k = 0; k < models.length; k++) {
      const expected = new Float64Array(per)
      const o = lay.offsets
      await eachCustomer(models[k]!, (v) => {
        const seg = v("persona") * lay.perSegment
        expected[seg]! += 1
        expected[seg + o[0]! + v("csat") - 1]! += 1
        expected[seg + o[1]! + csatCategory(v("satisfaction"), 7)]! += 1
        expected[seg + o[2]! + v("ltr")]! += 1
        expected[seg + o[3]! + v("ces") - 1]! += 1
        expected[seg + o[4]! + (v("csat") >= 4 ? 1 : 0)]! += 1
        const h = v("churn_period")
        expected[seg + o[5]! + (h >= 0 && h < 2 ? 1 : 0)]! += 1
        const r = v("revenue")
        expected[seg + o[6]! + (r <= 40 ? 0 : r <= 120 ? 1 : 2)]! += 1
        expected[seg + o[6]! + 3]! += r
        expected[seg + o[6]! + 4]! += r * r
      })
      const got = all.slice(k * per, (k + 1) * per)
      for (let i = 0; i < per; i++) expect(got[i]).toBeCloseTo(expected[i]!, 6)
    }
    // The two candidates differ (the bias moved satisfaction), and each persona's customers add up.
    expect(Array.from(all.slice(0, per))).not.toEqual(Array.from(all.slice(per)))
    let customers = 0
    for (let p = 0; p < models[0]!.nPersonas; p++) customers += all[p * lay.perSegment]!
    expect(customers).toBe(3000)
  })

  it("simulates only the periods its tallies read, with the counts of the whole horizon's records", async () => {
    // Without spend: the first visit's answers and churn by period 1 and 3 of the horizon's 6.
    const short: Tally[] = [tallies[0]!, tallies[2]!, tallies[3]!, { kind: "churn", categories: 2, period: 1, edges: [] }, { kind: "churn", categories: 2, period: 3, edges: [] }]
    const m = models[1]!
    expect(m.horizon).toBe(6)
    expect(periodsFor(m, short)).toBe(3)
    expect(periodsFor(m, short.slice(0, 3))).toBe(1)
    expect(periodsFor(m, tallies)).toBe(6)
    expect(periodsFor(m, [{ kind: "churn", categories: 2, period: 9, edges: [] }])).toBe(6)
    const got = await run([m], 1, short)
    const lay = tallyLayout(short)
    const o = lay.offsets
    const expected = new Float64Array(candidateSize(m, short))
    let churnedLater = 0
    await eachCustomer(m, (v) => {
      const seg = v("persona") * lay.perSegment
      expected[seg]! += 1
      expected[seg + o[0]! + v("csat") - 1]! += 1
      expected[seg + o[1]! + v("ltr")]! += 1
      expected[seg + o[2]! + v("ces") - 1]! += 1
      const h = v("churn_period")
      expected[seg + o[3]! + (h >= 0 && h < 1 ? 1 : 0)]! += 1
      expected[seg + o[4]! + (h >= 0 && h < 3 ? 1 : 0)]! += 1
      if (h >= 3) churnedLater++
    })
    expect(Array.from(got)).toEqual(Array.from(expected))
    // Customers churn after period 3 in the whole horizon: periods the job did not simulate.
    expect(churnedLater).toBeGreaterThan(0)
  })

  it("gives the same totals for 1 and 2 workers, and batched as alone", async () => {
    const one = await run(models, 1)
    const two = await run(models, 2)
    expect(Array.from(two)).toEqual(Array.from(one))
    const alone = await run([models[1]!], 2)
    expect(Array.from(alone)).toEqual(Array.from(one.slice(candidateSize(models[0]!, tallies))))
  })
})
