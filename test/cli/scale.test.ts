/**
 * The command line at scale: --workers, --shard and merge in process (test/support/cli.ts: the
 * same main, worker threads included); Ctrl-C and a crashing worker as a user meets them, in
 * subprocesses of the built package.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { bin, type CliResult, root, runCli, spawnCli } from "../support/cli.js"
import { runInPty, scriptAvailable } from "../tui/terminal.js"

const cxsim = (args: string[]) => runCli(args)

const created: string[] = []
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-scale-"))
  created.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const SCENARIO = "scenarios/support.yaml"
const N = "12000"

describe("cxsim run --workers", () => {
  it("gives the same report, byte for byte, with 1, 2 and 3 workers", async () => {
    const runs: CliResult[] = []
    for (const w of ["1", "2", "3"]) runs.push(await cxsim(["run", SCENARIO, "--customers", N, "--format", "json", "--workers", w]))
    const [one, two, three] = runs
    expect(one!.code).toBe(0)
    expect(one!.err).toBe("")
    expect(two!.err).toEqual(os.availableParallelism() < 2 ? expect.stringContaining("--workers 2 is more than") : "")
    expect(two!.out).toBe(one!.out)
    expect(three!.out).toBe(one!.out)
  })

  it("caps --workers at the cores of the machine, with a warning, and gives the same report", async () => {
    const cores = os.availableParallelism()
    const many = await cxsim(["run", SCENARIO, "--customers", N, "--format", "json", "--workers", "256"])
    expect(many.code).toBe(0)
    expect(many.err).toBe(`cxsim run: --workers 256 is more than the ${cores} core${cores === 1 ? "" : "s"} of this machine; using ${cores}\n`)
    expect(many.out).toBe((await cxsim(["run", SCENARIO, "--customers", N, "--format", "json", "--workers", "1"])).out)
  })

  it("rejects a bad worker count or shard", async () => {
    for (const args of [
      ["--workers", "0"],
      ["--shard", "half"],
      ["--shard", "1/2", "--format", "md"]
    ]) {
      const r = await cxsim(["run", SCENARIO, ...args])
      expect(r.code, args.join(" ")).toBe(2)
      expect(r.out).toBe("")
    }
    expect((await cxsim(["run", SCENARIO, "--shard", "4/3"])).err).toMatchInlineSnapshot(`
      "cxsim run: --shard must be i/n with 1 ≤ i ≤ n, got "4/3"
          hint: --shard 1/4 runs the first quarter of the blocks
      "
    `)
  })
})

describe("cxsim run --shard and cxsim merge", () => {
  const dir = tmp()
  const part = async (i: number, n: number): Promise<string> => {
    const file = path.join(dir, `part-${i}-of-${n}.json`)
    const r = await cxsim(["run", SCENARIO, "--variant", "no-bot", "--customers", N, "--shard", `${i}/${n}`, "--out", file])
    expect(r.code, r.err).toBe(0)
    return file
  }
  const parts: string[] = []
  beforeAll(async () => {
    for (const i of [1, 2, 3]) parts.push(await part(i, 3))
  })
  const rel = (s: string): string => s.split(dir + path.sep).join("")

  it("merges the parts into the report of one run, byte for byte, in every format", async () => {
    for (const format of ["json", "md"]) {
      const one = await cxsim(["run", SCENARIO, "--variant", "no-bot", "--customers", N, "--format", format])
      const merged = await cxsim(["merge", ...[...parts].reverse(), "--format", format])
      expect(merged.code, merged.err).toBe(0)
      expect(merged.out).toBe(one.out)
    }
    const out = path.join(dir, "report.md")
    // Once as a user runs it, in a process of its own.
    expect(spawnCli(["merge", ...parts, "--format", "md", "--out", out]).code).toBe(0)
    expect(fs.readFileSync(out, "utf8")).toContain("<!-- cxsim report -->")
    // A part is one of the merge's inputs: never its output.
    expect((await cxsim(["merge", ...parts, "--out", parts[0]!, "--force"])).code).toBe(2)
  })

  it("refuses a missing, doubled or foreign part, naming the files, and writes nothing", async () => {
    const out = path.join(dir, "never.json")
    const missing = await cxsim(["merge", parts[0]!, parts[2]!, "--format", "json", "--out", out])
    expect(missing.code).toBe(3)
    expect(missing.out).toBe("")
    expect(missing.err).toMatchInlineSnapshot(`
      "cxsim merge: shard 2/3 is missing (blocks 4–7, customers 4097–8192); give every part of the run
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    const copy = path.join(dir, "copy-of-part-1.json")
    fs.copyFileSync(parts[0]!, copy)
    const doubled = await cxsim(["merge", ...parts, copy, "--out", out])
    expect(doubled.code).toBe(3)
    expect(rel(doubled.err)).toMatchInlineSnapshot(`
      "cxsim merge: copy-of-part-1.json: shard 1/3 is given twice (also part-1-of-3.json); give each part once
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    const seed = path.join(dir, "other-seed.json")
    expect((await cxsim(["run", SCENARIO, "--variant", "no-bot", "--customers", N, "--seed", "99", "--shard", "2/3", "--out", seed])).code).toBe(0)
    const foreign = await cxsim(["merge", parts[0]!, seed, parts[2]!])
    expect(foreign.code).toBe(3)
    expect(rel(foreign.err)).toMatchInlineSnapshot(`
      "cxsim merge: other-seed.json: from another run than part-1-of-3.json: seed 99 where the others have 23
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    // Other kinds of foreign parts (variant, scenario, split, version, damage): test/engine/scale.test.ts.
    const notes = path.join(dir, "notes.json")
    fs.writeFileSync(notes, '{"hello": 1}')
    expect(rel((await cxsim(["merge", notes])).err)).toBe(
      "cxsim merge: notes.json: not a partial result of cxsim run --shard\ncxsim merge: 1 problem with the parts; no report was written\n"
    )
    expect(fs.existsSync(out)).toBe(false)
    expect((await cxsim(["merge", path.join(dir, "nope.json")])).code).toBe(3)
  })

  it("has help within 80 columns, and needs parts", async () => {
    const h = await cxsim(["merge", "--help"])
    expect(h.code).toBe(0)
    expect(h.out).toContain("Usage: cxsim merge PART...")
    for (const line of h.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect((await cxsim(["merge"])).code).toBe(2)
  })
})

describe("interruption and failure", () => {
  it.skipIf(!scriptAvailable())("Ctrl-C stops the workers, leaves no output file, and exits 130", async () => {
    const dir = tmp()
    const out = path.join(dir, "big.json")
    // On a terminal, as a user would: Ctrl-C is pressed once the progress bar shows that the
    // workers are running (an event, not a delay); 10^8 customers cannot finish first.
    const s = runInPty(`node ${bin} run ${SCENARIO} --customers 100000000 --workers 2 --format json --out ${out}`, {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" }
    })
    await expect.poll(() => /\d+%/.test(s.screen()), { timeout: 240_000, interval: 50 }).toBe(true)
    s.send("\u0003")
    const end = await s.done
    expect(end.code).toBe(130)
    expect(s.raw()).not.toMatch(/Error|at .*\.js:\d+/)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it("a worker that fails is reported with its cause, exit code 4, and nothing is written", () => {
    const dir = tmp()
    const out = path.join(dir, "r.json")
    const r = spawnCli(["run", SCENARIO, "--customers", "40000", "--workers", "2", "--out", out], root, { CXSIM_TEST_WORKER_FAULT: "17" })
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/^cxsim: worker [12] of 2 failed: injected test fault at block 17\n$/)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
