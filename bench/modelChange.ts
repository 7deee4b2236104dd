/**
 * Before and after a model change: the engine of an earlier commit against this one, on the same
 * scenario, in one process, interleaved (7 pairs, medians). The earlier commit is checked out
 * beside the project first:
 *
 *   git worktree add /tmp/oldmodel <commit>   # or set CXSIM_OLD to another folder
 *   && ln -s "$PWD/node_modules" /tmp/oldmodel/node_modules
 *   npx tsx bench/modelChange.ts bench/scale/scenarios/shop.yaml 200000
 *
 * Prints both medians and the median of the per-pair ratios (new / old), and the touchpoint
 * visits of the first segment in each, since a model change also changes the journeys walked.
 */
import * as newApi from "../src/api.js"
import * as newC from "../src/engine/compile.js"
import * as newR from "../src/engine/run.js"

// The earlier checkout, loaded at run time (its modules have the same shape as this one's).
const oldDir = process.env["CXSIM_OLD"] ?? "/tmp/oldmodel"
const oldApi = (await import(`${oldDir}/src/api.js`)) as typeof newApi
const oldC = (await import(`${oldDir}/src/engine/compile.js`)) as typeof newC
const oldR = (await import(`${oldDir}/src/engine/run.js`)) as typeof newR
const file = process.argv[2] ?? "bench/scale/scenarios/shop.yaml"
const n = Number(process.argv[3] ?? 200000)
const mo = oldR.withRun(oldC.compile(await oldApi.load(`${oldDir}/${file}`)), { customers: n })
const mn = newR.withRun(newC.compile(await newApi.load(file)), { customers: n })
oldR.runSync(oldR.withRun(mo, { customers: 20000 })); newR.runSync(newR.withRun(mn, { customers: 20000 }))
const to: number[] = [], tn: number[] = [], visits: number[][] = [[], []]
for (let i = 0; i < 7; i++) {
  let t = performance.now(); const a = oldR.runSync(mo); to.push(performance.now() - t)
  t = performance.now(); const b = newR.runSync(mn); tn.push(performance.now() - t)
  if (i === 0) { visits[0]!.push(a.acc[14]!); visits[1]!.push(b.acc[14]!) }
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1]!
const ratios = to.map((x, i) => tn[i]! / x)
console.log(file, n, "old ms", med(to).toFixed(0), "new ms", med(tn).toFixed(0), "median ratio new/old", med(ratios).toFixed(3), "evaluations (seg 0) old/new", visits[0]![0], visits[1]![0])
