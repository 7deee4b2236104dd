/**
 * The determinism contract at scale (design.md): for generated scenarios and seeds, the report is
 * byte-identical with 1, 2 and 3 worker threads, and when the blocks are split into shards, each
 * written as a part and merged back (shard.ts), in any order.
 */
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { runReference } from "../../bench/scale/reference.js"
import { load, simulateScenario } from "../../src/api.js"
import { exactToFloat64, layout } from "../../src/engine/accumulator.js"
import { compile } from "../../src/engine/compile.js"
import { blockCount, runSync, shardRange, withRun } from "../../src/engine/run.js"
import { sign, unsign } from "../../src/checksum.js"
import { VERSION } from "../../src/version.js"
import { encodePart, mergeParts, type PartFile } from "../../src/engine/shard.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { summarize } from "../../src/stats/summarize.js"
import { loadFixture, removeFixtures, type YamlObject } from "../support/fixture.js"

afterAll(removeFixtures)

const tenths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => k / 10)

const dist = fc.oneof(
  tenths(20, 80),
  fc.record({ dist: fc.constant("normal"), mean: tenths(20, 80), sd: tenths(1, 20) }),
  fc.record({ dist: fc.constant("lognormal"), mean: tenths(20, 80), sd: tenths(1, 30) }),
  fc.record({ dist: fc.constant("uniform"), min: tenths(10, 40), max: tenths(41, 90) }),
  fc.record({ dist: fc.constant("beta"), alpha: tenths(5, 40), beta: tenths(5, 40), min: fc.constant(0), max: fc.constant(10) })
)

const gen = fc.record({
  touchpoints: fc.array(fc.record({ service: dist, effort: tenths(0, 15), onward: tenths(5, 10), fail: fc.oneof(fc.constant(0), tenths(1, 3)) }), {
    minLength: 1,
    maxLength: 4
  }),
  personas: fc.array(fc.record({ expected: tenths(30, 70), spread: tenths(0, 15), patience: tenths(30, 100), retention: fc.integer({ min: 50, max: 95 }) }), {
    minLength: 1,
    maxLength: 3
  }),
  horizon: fc.integer({ min: 1, max: 3 }),
  population: fc.integer({ min: 2100, max: 7000 }),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 })
})

type Gen = typeof gen extends fc.Arbitrary<infer T> ? T : never

const scenarioOf = (g: Gen): Promise<ResolvedScenario> => {
  const n = g.touchpoints.length
  const touchpoints: Record<string, YamlObject> = {}
  g.touchpoints.forEach((t, i) => {
    touchpoints[`t${i}`] = {
      service: { score: t.service },
      effort: t.effort,
      channel: i % 2 === 0 ? "web" : "phone",
      next: i === n - 1 ? { done: 1 } : t.onward >= 1 ? { [`t${i + 1}`]: 1 } : { [`t${i + 1}`]: t.onward, done: Math.round((1 - t.onward) * 10) / 10 },
      ...(t.fail > 0 ? { failure: { rate: t.fail, recovery: "fix" } } : {})
    }
  })
  // A recovery that resumes the journey, when some touchpoint can fail.
  if (g.touchpoints.some((t) => t.fail > 0)) touchpoints["fix"] = { service: { score: 6 }, effort: 1 }
  const ids = g.personas.map((_, i) => `p${i}`)
  const share = Math.round(100 / ids.length) / 100
  const personas = Object.fromEntries(
    g.personas.map((p, i) => [
      ids[i]!,
      {
        expectations: { score: { adequate: p.expected - 1.5, expected: p.expected, desired: p.expected + 1.5, spread: p.spread } },
        patience: p.patience,
        loyalty: { retention: p.retention / 100 }
      }
    ])
  )
  return loadFixture(
    {
      name: "scale",
      seed: g.seed,
      population: g.population,
      horizon: g.horizon,
      dimensions: { score: { unit: "points", better: "higher", scale: 1, min: 0, max: 10 } },
      personas: Object.fromEntries(ids.map((id, i) => [id, { share: i === ids.length - 1 ? Math.round((1 - share * (ids.length - 1)) * 100) / 100 : share }])),
      journey: { start: "t0", touchpoints }
    },
    personas
  )
}

const reportOf = (s: ResolvedScenario, acc: Float64Array, m: ReturnType<typeof compile>): string =>
  JSON.stringify(
    summarize({ model: m, layout: layout(m), acc }, { scenario: { name: s.name, title: s.title, hash: s.hash }, variant: s.variant, currency: s.currency })
  )

describe("the same report for any number of workers and any shard split", () => {
  it("1, 2 and 3 workers give byte-identical reports", async () => {
    await fc.assert(
      fc.asyncProperty(gen, async (g) => {
        const s = await scenarioOf(g)
        const [one, two, three] = await Promise.all([1, 2, 3].map((workers) => simulateScenario(s, { workers })))
        const text = JSON.stringify(one)
        expect(one!.population).toBe(g.population)
        expect(JSON.stringify(two)).toBe(text)
        expect(JSON.stringify(three)).toBe(text)
      }),
      { seed: 4, numRuns: 8 }
    )
  })

  it("shards written as parts and merged in any order give the report of one run", async () => {
    await fc.assert(
      fc.asyncProperty(gen, fc.integer({ min: 1, max: 9 }), fc.boolean(), async (g, count, reverse) => {
        const s = await scenarioOf(g)
        const m = withRun(compile(s), {})
        const whole = reportOf(s, runSync(m).acc, m)
        const blocks = blockCount(m.population)
        const parts = Array.from({ length: count }, (_, i) => {
          const shard = { index: i + 1, count }
          return { file: `part-${i + 1}.json`, text: encodePart(s, runSync(m, shardRange(blocks, shard.index, count)), shard) }
        })
        if (reverse) parts.reverse()
        const merged = mergeParts(parts)
        if (!merged.ok) throw new Error(merged.problems.join("\n"))
        expect(reportOf(merged.scenario, exactToFloat64(merged.exact), merged.model)).toBe(whole)
      }),
      { seed: 4, numRuns: 25 }
    )
  })

  it("a merge refuses parts from another run, a damaged part, a missing or doubled shard, naming the files", async () => {
    const g: Gen = {
      touchpoints: [{ service: 5, effort: 0, onward: 1, fail: 0.1 }],
      personas: [{ expected: 5, spread: 1, patience: 5, retention: 80 }],
      horizon: 2,
      population: 5000,
      seed: 1
    }
    const s = await scenarioOf(g)
    const other = await scenarioOf({ ...g, personas: [{ ...g.personas[0]!, expected: 6 }] })
    const partOf = (sc: ResolvedScenario, o: { customers?: number; seed?: number }, index: number, count: number, file: string) => {
      const m = withRun(compile(sc), o)
      return { file, text: encodePart(sc, runSync(m, shardRange(blockCount(m.population), index, count)), { index, count }) }
    }
    const [a, b, c] = [1, 2, 3].map((i) => partOf(s, {}, i, 3, `part-${i}.json`)) as [PartFile, PartFile, PartFile]
    const problems = (files: PartFile[]): ReadonlyArray<string> => {
      const r = mergeParts(files)
      return r.ok ? [] : r.problems
    }
    expect(problems([a, b, c])).toEqual([])
    expect(problems([a, c])).toEqual(["shard 2/3 is missing (blocks 1–2, customers 1025–3072); give every part of the run"])
    expect(problems([a, b, b, c])).toEqual(["part-2.json: shard 2/3 is given twice (also part-2.json); give each part once"])
    expect(problems([a, partOf(other, {}, 2, 3, "other.json"), c])[0]).toMatch(/^other\.json: from another run than part-1\.json: scenario scale \(hash [0-9a-f]{12}…\) where the others have scale \(hash [0-9a-f]{12}…\)$/)
    expect(problems([a, partOf(s, { seed: 2 }, 2, 3, "seed.json"), c])).toEqual(["seed.json: from another run than part-1.json: seed 2 where the others have 1"])
    expect(problems([a, partOf(s, { customers: 5001 }, 2, 3, "more.json"), c])).toEqual(["more.json: from another run than part-1.json: population 5001 where the others have 5000"])
    expect(problems([a, partOf(s, {}, 2, 4, "four.json"), c])).toEqual(["four.json: from another run than part-1.json: a split into 4 shards where the others have 3"])
    // Edits as a forger would make them, the checksum recomputed: the checks behind it still hold.
    const edit = (f: PartFile, change: (p: Record<string, unknown>) => void, file: string, resign = true): PartFile => {
      const p = JSON.parse(unsign(f.text).body) as Record<string, unknown>
      change(p)
      const text = `${JSON.stringify(p)}\n`
      return { file, text: resign ? sign(text) : text }
    }
    expect(b.text.startsWith('{"checksum":"sha256:')).toBe(true)
    // Edited, the checksum not recomputed: refused, whatever was changed.
    expect(problems([a, { file: "edited.json", text: b.text.replace('"population":5000', '"population":5001') }, c])).toEqual([
      "edited.json: a partial result changed since cxsim wrote it (its checksum does not match its content); run its shard again"
    ])
    expect(problems([a, edit(b, (p) => ((p["resolved"] as { population: number }).population = 9), "scenario.json", false), c])).toEqual([
      "scenario.json: a partial result without its checksum; run its shard again"
    ])
    // Totals that count other customers than the part's blocks hold (n 67,710 for 30,000).
    const n0 = BigInt(JSON.parse(unsign(b.text).body).totals[0])
    expect(problems([a, edit(b, (p) => ((p["totals"] as string[])[0] = String(n0 + (1000n << 24n))), "count.json"), c])).toEqual([
      "count.json: a damaged partial result (its totals count 3048 customers; its blocks hold 2048)"
    ])
    expect(problems([a, edit(b, (p) => (p["variant"] = "faster"), "variant.json"), c])).toEqual([
      "variant.json: from another run than part-1.json: variant faster where the others have (baseline)"
    ])
    expect(problems([a, edit(b, (p) => (p["engine"] = { name: "cxsim", version: "0.0.1" }), "old.json"), c])).toEqual([
      `old.json: written by cxsim 0.0.1; this is cxsim ${VERSION} — run every shard and the merge with the same version`
    ])
    expect(problems([a, edit(b, (p) => (p["range"] = { from: 2, to: 3 }), "range.json"), c])).toEqual([
      "range.json: a damaged partial result (shard 2/3 should hold blocks 1–2)",
      "shard 2/3 is missing (blocks 1–2, customers 1025–3072); give every part of the run"
    ])
    expect(problems([a, edit(b, (p) => ((p["totals"] as string[])[0] = "x"), "totals.json"), c])).toEqual([
      "totals.json: a damaged partial result (its totals do not fit the scenario)"
    ])
    expect(problems([a, { file: "half.json", text: b.text.slice(0, 100) }, c])).toEqual(["half.json: not a partial result of cxsim run --shard (not JSON)"])
    expect(problems([a, edit(b, (p) => (p["formatVersion"] = { v: 2 }), "version.json", false), c])).toEqual([
      'version.json: partial-result format {"v":2}; this cxsim reads format 1'
    ])
    expect(problems([])).toEqual(["no parts to merge"])
  })

  it("shard ranges cover every block once, in order", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 64 }), (blocks, count) => {
        let next = 0
        for (let i = 1; i <= count; i++) {
          const r = shardRange(blocks, i, count)
          expect(r.from).toBe(next)
          expect(r.to).toBeGreaterThanOrEqual(r.from)
          next = r.to
        }
        expect(next).toBe(blocks)
      })
    )
  })
})

describe("the scale benchmark's reference", () => {
  it("computes what the engine computes for its scenario: the same counts, the same sums to rounding", async () => {
    // bench/scale/reference.ts hand-codes bench/scale/scenarios/shop.yaml; the benchmark's
    // speed ratios mean something only while both compute the same thing.
    const m = withRun(compile(await load("bench/scale/scenarios/shop.yaml")), { customers: 6000 })
    const engine = runSync(m).acc
    const reference = runReference(m.seed, m.population, m.horizon)
    expect(reference.length).toBe(engine.length)
    engine.forEach((x, i) => {
      // Counts are integers on both sides and must be equal; a sum that happens to land on an
      // integer in the engine's exact totals (35859 effort points) is compared to rounding.
      if (Number.isInteger(x) && Number.isInteger(reference[i])) expect(reference[i], `entry ${i}`).toBe(x)
      else expect(Math.abs(reference[i]! - x), `entry ${i}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(x)))
    })
    expect(engine[0]! + engine[engine.length / 4]! > 0).toBe(true)
  })
})
