/**
 * Calibration at scale and its honesty.
 *
 * (a) Speed: a generated scenario of 12 personas (the restaurant's journey; each persona one of
 *     its three, expectations shifted), 20 free parameters (12 retentions, 7 expectation shifts,
 *     satisfactionBias), a survey of 25,000 respondents simulated from known values: time to
 *     fit (calibrateData, intervals and check included) on 2 workers, against the reference of
 *     one plain simulation of the same customers in the same run (median of two before the fit
 *     and one after; the ratio is the cost in simulations). --fit-noise adds answerNoise (21
 *     parameters), --noise P answer noise to the survey.
 * (b) Coverage: R seeded repetitions of a recovery per survey size (3 free parameters of the
 *     restaurant: family retention 0.9, satisfactionBias 1.5, the busy professionals' food-wait
 *     zone 3 minutes later, 15 → 18; surveys of --sizes respondents simulated from those values
 *     with answer noise --noise, each repetition with its own survey and fit seeds): the share of
 *     parameters whose 95% interval holds the truth, per parameter and overall, and the mean
 *     estimate against the truth (bias), RMSE and mean interval width per size. --fit-noise
 *     frees the answer-noise share too (answerNoise, bounds [0, 0.3]; its truth is P), counted
 *     in the coverage.
 *
 * (c) --batch: a population of 12 candidates as one block job against one pool run each.
 *
 * Run: npm run build && npx tsx bench/calibrate.ts [--reps R] [--customers N] [--budget B] [--sizes 1000,4000,16000] [--coverage-customers N] [--coverage-budget B] [--noise P] [--fit-noise] [--first-rep K] [--skip-speed] [--skip-coverage] [--batch]
 * Record the figures in bench/RESULTS.md with the machine and its load average.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parseArgs } from "node:util"
import { Effect } from "effect"
import { parse, stringify } from "yaml"
import { simulateScenario } from "../src/api.js"
import { calibrateData } from "../src/calibrate/calibrate.js"
import type { CalibrateSection } from "../src/calibrate/spec.js"
import { closeIdleWorkers } from "../src/engine/pool.js"
import { loadScenario } from "../src/load/loadScenario.js"
import type { YamlFile } from "../src/load/YamlFile.js"
import { simulator } from "../src/calibrate/objective.js"
import { targetsOf } from "../src/calibrate/observed.js"
import { resolveParameters } from "../src/calibrate/parameters.js"
import { syntheticSurvey } from "../test/calibrate/synthetic.js"

const { values: args } = parseArgs({ options: { reps: { type: "string" }, customers: { type: "string" }, "skip-speed": { type: "boolean" }, "skip-coverage": { type: "boolean" }, batch: { type: "boolean" }, budget: { type: "string" }, sizes: { type: "string" }, "coverage-customers": { type: "string" }, "coverage-budget": { type: "string" }, noise: { type: "string" }, "fit-noise": { type: "boolean" }, "first-rep": { type: "string" } } })
const REPS = Number(args.reps ?? 50)
const CUSTOMERS = Number(args.customers ?? 20_000)
// The speed case's evaluation budget. @default calibrateData's (200 + 100 per parameter)
const BUDGET = args.budget === undefined ? undefined : Number(args.budget)
const load1 = os.loadavg()[0]!
console.log(`machine: ${os.cpus()[0]?.model ?? "?"} × ${os.availableParallelism()}, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`)

// (a) Speed.
if (args["skip-speed"] !== true) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bench-calibrate-"))
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.mkdirSync(path.join(dir, "personas"))
  const scenario = parse(fs.readFileSync("scenarios/restaurant.yaml", "utf8")) as Record<string, unknown>
  const bases = ["busy-professional", "family", "bargain-hunter"].map((id) => [id, parse(fs.readFileSync(`personas/${id}.yaml`, "utf8")) as Record<string, unknown>] as const)
  const personas: Record<string, { share: number }> = {}
  for (let i = 0; i < 12; i++) {
    const [id, base] = bases[i % 3]!
    const p = structuredClone(base) as { expectations: Record<string, { adequate: number; desired: number; expected?: number }> }
    const shift = (Math.floor(i / 3) - 1.5) * 0.5
    for (const e of Object.values(p.expectations)) {
      const w = e.desired - e.adequate
      e.adequate += shift * w * 0.2
      e.desired += shift * w * 0.2
      if (e.expected !== undefined) e.expected += shift * w * 0.2
    }
    fs.writeFileSync(path.join(dir, "personas", `${id}-${i}.yaml`), stringify(p))
    personas[`${id}-${i}`] = { share: i < 8 ? 0.0625 : 0.125 }
  }
  const file = path.join(dir, "scenarios", "twelve.yaml")
  fs.writeFileSync(file, stringify({ ...scenario, name: "twelve", personas, variants: undefined }))
  const s = await Effect.runPromise(loadScenario(file))
  const ids = s.personas.map((p) => p.id)
  const dims = ["food-wait", "service-wait", "food-temperature", "cleanliness", "price", "food-wait", "price"]
  const expectationPaths = dims.map((d, k) => `personas.${ids[k]}.expectations.${d}.expected`)
  const section: CalibrateSection = {
    parameters: [
      ...ids.map((id) => ({ path: `personas.${id}.loyalty.retention` })),
      ...expectationPaths.map((p) => ({ path: p })),
      { path: "model.satisfactionBias" },
      ...(args["fit-noise"] === true ? [{ path: "answerNoise" }] : [])
    ]
  }
  // The truth: every retention 0.02 lower, each shifted zone one noticeable step worse, bias 1.3.
  const truth = [
    ...s.personas.map((p) => ({ set: `personas.${p.id}.loyalty.retention`, value: p.behaviour.loyalty.retention - 0.02 })),
    ...dims.flatMap((d, k) => {
      const z = s.personas[k]!.expectations[d]!
      const step = s.dimensions[d]!.scale * (s.dimensions[d]!.better === "lower" ? -1 : 1)
      const base = `personas.${ids[k]}.expectations.${d}`
      return [
        { set: `${base}.adequate`, value: z.adequate + step },
        { set: `${base}.expected`, value: z.expected + step },
        { set: `${base}.desired`, value: z.desired + step }
      ]
    }),
    { set: "model.satisfactionBias", value: 1.3 }
  ]
  const data = await Effect.runPromise(syntheticSurvey(file, { set: truth, seed: 1234, respondents: 25_000, noise: Number(args.noise ?? 0) }))
  // The reference: one simulation of the same customers, workers warm; timed twice before the fit and once after, the median kept.
  const refs: number[] = []
  const referenceRun = async () => {
    const t = performance.now()
    await simulateScenario(s, { customers: CUSTOMERS, seed: 3, workers: 2 })
    refs.push(performance.now() - t)
  }
  await simulateScenario(s, { customers: CUSTOMERS, seed: 3, workers: 2 })
  await referenceRun()
  await referenceRun()
  let t0 = performance.now()
  let last = ""
  const { result } = await Effect.runPromise(
    calibrateData(file, data, section, {
      seed: 3,
      customers: CUSTOMERS,
      workers: 2,
      budget: BUDGET,
      onProgress: (p) => {
        const line = `${p.phase} ${p.done}/${p.total}`
        if (line !== last) console.log(line, `${((performance.now() - t0) / 1000).toFixed(0)} s`) // timing only
        last = line
      }
    })
  )
  const fit = performance.now() - t0
  await referenceRun()
  const reference = [...refs].sort((a, b) => a - b)[1]!
  const statuses = result.parameters.reduce<Record<string, number>>((a, p) => ({ ...a, [p.status]: (a[p.status] ?? 0) + 1 }), {})
  console.log(`(a) 12 segments, ${result.parameters.length} parameters, ${data.rows} respondents, ${CUSTOMERS} customers per evaluation, 2 workers`)
  console.log(`    fit ${(fit / 1000).toFixed(1)} s; ${result.optimizer.evaluations} simulations (Jacobians included), ${result.optimizer.iterations} iterations; converged ${result.optimizer.converged}`)
  console.log(`    ${result.optimizer.method}`)
  console.log(`    one simulation ${(reference / 1000).toFixed(2)} s (median of ${refs.map((r) => (r / 1000).toFixed(2)).join(", ")}); fit = ${(fit / reference).toFixed(0)} simulations`)
  console.log(`    objective ${result.optimizer.objective.start.toFixed(4)} → ${result.optimizer.objective.end.toFixed(4)}; statuses ${JSON.stringify(statuses)}; fidelity ${result.fidelity.verdict}`)
  const truthOf = (p: string) => (p === "answerNoise" ? Number(args.noise ?? 0) : truth.find((t) => t.set === p)?.value)
  const held = result.parameters.filter((p) => {
    const v = truthOf(p.path)
    return v !== undefined && p.estimate.lower <= v && v <= p.estimate.upper
  }).length
  const missed = result.parameters.filter((p) => {
    const v = truthOf(p.path)
    return v !== undefined && !(p.estimate.lower <= v && v <= p.estimate.upper)
  })
  console.log(`    truth inside the interval for ${held} of ${result.parameters.length}${missed.map((p) => `; missed ${p.path} ${p.estimate.value.toFixed(3)} [${p.estimate.lower.toFixed(3)}, ${p.estimate.upper.toFixed(3)}], truth ${truthOf(p.path)}`).join("")}`)
  fs.rmSync(dir, { recursive: true, force: true })
}

// (c) --batch: a population of 12 candidates simulated as one job on the pool (as the fit does) against one run of the pool per candidate.
if (args.batch === true) {
  const file = "scenarios/restaurant.yaml"
  const files = new Map<string, YamlFile>()
  const s = await Effect.runPromise(loadScenario(file, { files }))
  const params = await Effect.runPromise(resolveParameters(s, file, files, [{ path: "model.satisfactionBias" }]))
  const tg = await Effect.runPromise(targetsOf(s, await Effect.runPromise(syntheticSurvey(file, { seed: 1, respondents: 100 }))))
  const simulate = simulator(file, params, tg.tallies, { files, customers: CUSTOMERS, seed: 3, workers: 2 })
  const xs = Array.from({ length: 12 }, (_, k) => [0.5 + k * 0.1])
  await Effect.runPromise(simulate(xs.slice(0, 2)))
  const batched: number[] = []
  const single: number[] = []
  for (let r = 0; r < 3; r++) {
    let t0 = performance.now()
    await Effect.runPromise(simulate(xs))
    batched.push(performance.now() - t0)
    t0 = performance.now()
    for (const x of xs) await Effect.runPromise(simulate([x]))
    single.push(performance.now() - t0)
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[1]!
  console.log(`(c) 12 candidates × ${CUSTOMERS} customers on 2 workers: one job ${(med(batched) / 1000).toFixed(2)} s, one run each ${(med(single) / 1000).toFixed(2)} s (median of 3, interleaved); ratio ${(med(single) / med(batched)).toFixed(2)}`)
}

// (b) Coverage.
if (args["skip-coverage"] !== true) {
  const file = "scenarios/restaurant.yaml"
  const fitNoise = args["fit-noise"] === true
  const section: CalibrateSection = {
    parameters: [
      { path: "personas.family.loyalty.retention" },
      { path: "model.satisfactionBias" },
      { path: "personas.busy-professional.expectations.food-wait.expected" },
      ...(fitNoise ? [{ path: "answerNoise" }] : [])
    ]
  }
  const names = ["retention", "satisfactionBias", "food-wait", ...(fitNoise ? ["answerNoise"] : [])]
  const truth = [0.9, 1.5, 18, ...(fitNoise ? [Number(args.noise ?? 0)] : [])]
  const truthSet = [
    { set: "personas.family.loyalty.retention", value: 0.9 },
    { set: "model.satisfactionBias", value: 1.5 },
    { set: "personas.busy-professional.expectations.food-wait.adequate", value: 23 },
    { set: "personas.busy-professional.expectations.food-wait.expected", value: 18 },
    { set: "personas.busy-professional.expectations.food-wait.desired", value: 13 }
  ]
  const sizes = (args.sizes ?? "1000,4000,16000").split(",").map(Number)
  const customers = Number(args["coverage-customers"] ?? 3000)
  const budget = Number(args["coverage-budget"] ?? 150)
  const noise = Number(args.noise ?? 0)
  const first = Number(args["first-rep"] ?? 0)
  console.log(`(b) coverage: ${REPS} repetitions per size, sizes ${sizes.join(", ")} respondents (half fit, half check), answer noise ${noise}${fitNoise ? " (answerNoise free)" : ""}, ${customers} customers per evaluation, budget ${budget}, 200 replicates, 2 workers`)
  for (const n of sizes) {
    const held = truth.map(() => 0)
    const sum = truth.map(() => 0)
    const sumSq = truth.map(() => 0)
    const width = truth.map(() => 0)
    const t0 = performance.now()
    for (let rep = first; rep < first + REPS; rep++) {
      // Each repetition its own survey (seed 1000 + rep) and its own fit (seed 5000 + rep): the simulations' common random numbers differ from the survey's.
      const data = await Effect.runPromise(syntheticSurvey(file, { set: truthSet, seed: 1000 + rep, respondents: n, noise }))
      const { result } = await Effect.runPromise(calibrateData(file, data, section, { seed: 5000 + rep, customers, workers: 2, budget, replicates: 200 }))
      result.parameters.forEach((p, i) => {
        const t = truth[i]!
        if (p.estimate.lower <= t && t <= p.estimate.upper) held[i]!++
        sum[i]! += p.estimate.value
        sumSq[i]! += (p.estimate.value - t) ** 2
        width[i]! += p.estimate.upper - p.estimate.lower
      })
      const line = result.parameters.map((p, i) => `${p.estimate.value.toFixed(3)} [${p.estimate.lower.toFixed(3)}, ${p.estimate.upper.toFixed(3)}]${p.estimate.lower <= truth[i]! && truth[i]! <= p.estimate.upper ? "" : " miss"}`).join("; ")
      console.log(`  n ${n} rep ${rep}: ${line}; ${result.optimizer.evaluations} evaluations${result.optimizer.converged ? ", converged" : ""}`)
    }
    const R = REPS
    const all = held.reduce((a, b) => a + b, 0)
    const P = truth.length
    console.log(`(b) n ${n}: coverage ${all}/${P * R} = ${((100 * all) / (P * R)).toFixed(1)}% (${names.map((x, i) => `${x} ${held[i]}/${R}`).join(", ")}); ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    for (let i = 0; i < P; i++) {
      console.log(`    ${names[i]}: truth ${truth[i]}, mean estimate ${(sum[i]! / R).toFixed(3)} (bias ${(sum[i]! / R - truth[i]!).toFixed(3)}), RMSE ${Math.sqrt(sumSq[i]! / R).toFixed(3)}, mean interval width ${(width[i]! / R).toFixed(3)}`)
    }
  }
}
console.log(`load average at start ${load1.toFixed(1)}, at end ${os.loadavg()[0]!.toFixed(1)}`)
await closeIdleWorkers()
