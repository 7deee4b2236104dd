/**
 * The command line at scale: --workers, --shard and merge, Ctrl-C and a crashing worker — run as
 * a user runs them, as subprocesses of the built package.
 */
import { spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runInPty, scriptAvailable } from "../tui/terminal.js"

const root = path.resolve(import.meta.dirname, "..", "..")
const bin = path.join(root, "bin", "cxsim.js")

const cxsim = (args: string[], env: Record<string, string> = {}, cwd = root) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "", ...env } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

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
  it("gives the same report, byte for byte, with 1, 2 and 3 workers", () => {
    const [one, two, three] = ["1", "2", "3"].map((w) => cxsim(["run", SCENARIO, "--customers", N, "--format", "json", "--workers", w]))
    expect(one!.code).toBe(0)
    expect(one!.err).toBe("")
    expect(two!.err).toEqual(os.availableParallelism() < 2 ? expect.stringContaining("--workers 2 is more than") : "")
    expect(two!.out).toBe(one!.out)
    expect(three!.out).toBe(one!.out)
  })

  it("caps --workers at the cores of the machine, with a warning, and gives the same report", () => {
    const cores = os.availableParallelism()
    const many = cxsim(["run", SCENARIO, "--customers", N, "--format", "json", "--workers", "256"])
    expect(many.code).toBe(0)
    expect(many.err).toBe(`cxsim run: --workers 256 is more than the ${cores} core${cores === 1 ? "" : "s"} of this machine; using ${cores}\n`)
    expect(many.out).toBe(cxsim(["run", SCENARIO, "--customers", N, "--format", "json", "--workers", "1"]).out)
  })

  it("rejects a bad worker count or shard", () => {
    for (const args of [
      ["--workers", "0"],
      ["--shard", "half"],
      ["--shard", "1/2", "--format", "md"]
    ]) {
      const r = cxsim(["run", SCENARIO, ...args])
      expect(r.code, args.join(" ")).toBe(2)
      expect(r.out).toBe("")
    }
    expect(cxsim(["run", SCENARIO, "--shard", "4/3"]).err).toMatchInlineSnapshot(`
      "cxsim run: --shard must be i/n with 1 ≤ i ≤ n, got "4/3"
          hint: --shard 1/4 runs the first quarter of the blocks
      "
    `)
  })
})

describe("cxsim run --shard and cxsim merge", () => {
  const dir = tmp()
  const part = (i: number, n: number): string => {
    const file = path.join(dir, `part-${i}-of-${n}.json`)
    const r = cxsim(["run", SCENARIO, "--variant", "no-bot", "--customers", N, "--shard", `${i}/${n}`, "--out", file])
    expect(r.code, r.err).toBe(0)
    return file
  }
  const parts = [1, 2, 3].map((i) => part(i, 3))
  const rel = (s: string): string => s.split(dir + path.sep).join("")

  it("merges the parts into the report of one run, byte for byte, in every format", () => {
    for (const format of ["json", "md"]) {
      const one = cxsim(["run", SCENARIO, "--variant", "no-bot", "--customers", N, "--format", format])
      const merged = cxsim(["merge", ...[...parts].reverse(), "--format", format])
      expect(merged.code, merged.err).toBe(0)
      expect(merged.out).toBe(one.out)
    }
    const out = path.join(dir, "report.md")
    expect(cxsim(["merge", ...parts, "--format", "md", "--out", out]).code).toBe(0)
    expect(fs.readFileSync(out, "utf8")).toContain("<!-- cxsim report -->")
    // A part is one of the merge's inputs: never its output.
    expect(cxsim(["merge", ...parts, "--out", parts[0]!, "--force"]).code).toBe(2)
  })

  it("refuses a missing, doubled or foreign part, naming the files, and writes nothing", () => {
    const out = path.join(dir, "never.json")
    const missing = cxsim(["merge", parts[0]!, parts[2]!, "--format", "json", "--out", out])
    expect(missing.code).toBe(3)
    expect(missing.out).toBe("")
    expect(missing.err).toMatchInlineSnapshot(`
      "cxsim merge: shard 2/3 is missing (blocks 4–7, customers 4097–8192); give every part of the run
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    const copy = path.join(dir, "copy-of-part-1.json")
    fs.copyFileSync(parts[0]!, copy)
    const doubled = cxsim(["merge", ...parts, copy, "--out", out])
    expect(doubled.code).toBe(3)
    expect(rel(doubled.err)).toMatchInlineSnapshot(`
      "cxsim merge: copy-of-part-1.json: shard 1/3 is given twice (also part-1-of-3.json); give each part once
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    const seed = path.join(dir, "other-seed.json")
    expect(cxsim(["run", SCENARIO, "--variant", "no-bot", "--customers", N, "--seed", "99", "--shard", "2/3", "--out", seed]).code).toBe(0)
    const foreign = cxsim(["merge", parts[0]!, seed, parts[2]!])
    expect(foreign.code).toBe(3)
    expect(rel(foreign.err)).toMatchInlineSnapshot(`
      "cxsim merge: other-seed.json: from another run than part-1-of-3.json: seed 99 where the others have 23
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    // Other kinds of foreign parts (variant, scenario, split, version, damage): test/engine/scale.test.ts.
    const notes = path.join(dir, "notes.json")
    fs.writeFileSync(notes, '{"hello": 1}')
    expect(rel(cxsim(["merge", notes]).err)).toBe(
      "cxsim merge: notes.json: not a partial result of cxsim run --shard\ncxsim merge: 1 problem with the parts; no report was written\n"
    )
    expect(fs.existsSync(out)).toBe(false)
    expect(cxsim(["merge", path.join(dir, "nope.json")]).code).toBe(3)
  })

  it("has help within 80 columns, and needs parts", () => {
    const h = cxsim(["merge", "--help"])
    expect(h.code).toBe(0)
    expect(h.out).toContain("Usage: cxsim merge PART...")
    for (const line of h.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect(cxsim(["merge"]).code).toBe(2)
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
    const r = cxsim(["run", SCENARIO, "--customers", "40000", "--workers", "2", "--out", out], { CXSIM_TEST_WORKER_FAULT: "17" })
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/^cxsim: worker [12] of 2 failed: injected test fault at block 17\n$/)
    expect(fs.readdirSync(dir)).toEqual([])
  })
})
