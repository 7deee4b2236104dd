/**
 * Is a kernel slower beside another kernel in the same process than beside one in another
 * process? The pace of the kernel (the shop scenario, milliseconds per block of 1,024 customers)
 * measured three ways, round after round, in the same run: one process alone; two processes side
 * by side; one process with a worker thread, both threads running the same blocks. For each
 * thread: its first 100 blocks (the JIT warming up) and the next 600 (steady pace). If the two
 * threads of one process keep the pace of two processes, the extra CPU of a 2-worker run comes
 * from the run's own path (start-up, warm-up twice, hand-out), not from the threads sharing a
 * process.
 *
 * The threads run the build in dist/ (the worker threads of a real run do too): run
 * `node scripts/build.mjs --fast` first. On a shared machine the pace follows the load: compare
 * the variants of one round, and give the load average.
 *
 * Run: npx tsx bench/scale/threads.ts [--rounds 2]
 */
import { spawn } from "node:child_process"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import { Worker } from "node:worker_threads"

const { values: opts } = parseArgs({ options: { rounds: { type: "string" }, child: { type: "string" } }, strict: false })
const root = path.resolve(import.meta.dirname, "..", "..")
const dist = (f: string): string => pathToFileURL(path.join(root, "dist", f)).href
const SHOP = path.join(root, "bench", "scale", "scenarios", "shop.yaml")

interface Pace {
  readonly label: string
  readonly warm: number
  readonly steady: number
}

interface Blocks {
  readonly size: number
  readonly run: (b: number, out: Float64Array) => void
}

/**
 * 700 blocks: the first 100 and the next 600 timed apart. The worker thread runs it too, as
 * source text (`workerMain`): it uses nothing from outside itself.
 */
const timeBlocks = (r: Blocks): { warm: number; steady: number } => {
  const out = new Float64Array(r.size)
  const t0 = performance.now() // timing only
  for (let b = 0; b < 100; b++) {
    out.fill(0)
    r.run(b, out)
  }
  const t1 = performance.now()
  for (let b = 100; b < 700; b++) {
    out.fill(0)
    r.run(b, out)
  }
  return { warm: t1 - t0, steady: (performance.now() - t1) / 600 }
}

const pace = async (model: unknown, label: string): Promise<Pace> => {
  const { simulateJob } = (await import(dist("engine/simulateJob.js"))) as { simulateJob: { init: (m: unknown) => Blocks } }
  return { label, ...timeBlocks(simulateJob.init(model)) }
}

const model = async (): Promise<unknown> => {
  const { load } = (await import(dist("api.js"))) as { load: (f: string) => Promise<unknown> }
  const { prepare } = (await import(dist("engine/run.js"))) as { prepare: (s: unknown, o: { customers: number }) => unknown }
  return prepare(await load(SHOP), { customers: 1_000_000 })
}

/** This file as a child process: one kernel alone, or this thread and a worker. */
const child = (mode: "alone" | "thread"): Promise<Pace[]> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, import.meta.filename, "--child", mode], { stdio: ["ignore", "pipe", "inherit"] })
    let text = ""
    p.stdout.on("data", (d: Buffer) => (text += d.toString()))
    p.on("exit", (code) => (code === 0 ? resolve(JSON.parse(text) as Pace[]) : reject(new Error(`child ${mode} exited with ${code}`))))
  })

const show = (p: Pace): string => `${p.label.padEnd(28)} first 100 blocks ${p.warm.toFixed(0).padStart(5)} ms, then ${p.steady.toFixed(2)} ms/block`

/** The worker thread's program, sent as source text: `pace` without TypeScript, on the same build. */
const workerMain = (url: string, time: typeof timeBlocks): void => {
  const { parentPort, workerData } = require("node:worker_threads") as typeof import("node:worker_threads")
  void import(url).then(({ simulateJob }: { simulateJob: { init: (m: unknown) => Blocks } }) => {
    parentPort!.postMessage({ label: "worker thread", ...time(simulateJob.init(workerData)) })
  })
}

if (opts.child !== undefined) {
  const m = await model()
  if (opts.child === "alone") console.log(JSON.stringify([await pace(m, "process")]))
  else {
    // The worker runs JavaScript of its own (this file is TypeScript): the same timing loop, on dist/.
    const w = new Worker(`(${workerMain.toString()})(${JSON.stringify(dist("engine/simulateJob.js"))}, ${timeBlocks.toString()})`, { eval: true, workerData: m })
    const other = new Promise<Pace>((resolve, reject) => {
      w.once("message", resolve)
      w.once("error", reject)
    })
    const mine = await pace(m, "main thread")
    console.log(JSON.stringify([mine, await other]))
  }
} else {
  const loadAvg = (): string => os.loadavg().map((x) => x.toFixed(2)).join(", ")
  for (let round = 1; round <= Number(opts.rounds ?? 2); round++) {
    console.log(`round ${round} (load average ${loadAvg()})`)
    for (const p of await child("alone")) console.log(`  one process alone:          ${show(p)}`)
    for (const p of (await Promise.all([child("alone"), child("alone")])).flat()) console.log(`  two processes side by side: ${show(p)}`)
    for (const p of await child("thread")) console.log(`  one process, two threads:   ${show(p)}`)
  }
}
