/**
 * Files and paths, tried on purpose (issue 13): no command writes over one of its inputs under
 * any name, nothing but cxsim's own untouched output is replaced without --force, a FIFO or a
 * device is refused before it is opened, a full stdout is exit 4, tampered or oversized parts are
 * refused with exit 3. In process (test/support/cli.ts: the same main); a full stdout, which
 * needs a process of its own, as a user meets it: a subprocess of the built package.
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sign, unsign } from "../../src/checksum.js"
import { bin, root, runCli } from "../support/cli.js"

const cxsim = (args: string[], cwd = root) => runCli(args, { cwd })

const created: string[] = []
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-files-"))
  created.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A copy of the bundled scenarios and personas: these tests try to overwrite them. */
const project = (): string => {
  const dir = tmp()
  for (const sub of ["scenarios", "personas"]) fs.cpSync(path.join(root, sub), path.join(dir, sub), { recursive: true })
  return dir
}

const leftovers = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.startsWith(".cxsim-tmp"))
const N = ["--customers", "1500"]

describe("no command writes over one of its inputs, however it is named", () => {
  const dir = project()
  const scenario = path.join(dir, "scenarios", "support.yaml")
  const persona = path.join(dir, "personas", "self-server.yaml")
  const before = new Map([scenario, persona].map((f) => [f, fs.readFileSync(f, "utf8")]))
  fs.symlinkSync(path.join(dir, "scenarios"), path.join(dir, "linked"))
  fs.symlinkSync(persona, path.join(dir, "persona-link.yaml"))
  fs.linkSync(scenario, path.join(dir, "hard-link.yaml"))

  it("run --force: another spelling, a symlinked folder, a symlink, a hard link", async () => {
    for (const alias of [
      path.join(dir, "scenarios", "..", "scenarios", "support.yaml"),
      path.join(dir, "linked", "support.yaml"),
      path.join(dir, "persona-link.yaml"),
      path.join(dir, "hard-link.yaml")
    ]) {
      const r = await cxsim(["run", scenario, ...N, "--out", alias, "--force"])
      expect(r.code, alias).toBe(2)
      expect(r.err, alias).toMatch(/^--out .* is (one of the input files|the input .* under another name); cxsim never overwrites its inputs\n {4}hint: choose another output file\n$/)
    }
    for (const [f, text] of before) expect(fs.readFileSync(f, "utf8")).toBe(text)
    expect(fs.lstatSync(path.join(dir, "persona-link.yaml")).isSymbolicLink()).toBe(true)
  }, 300_000)

  it("merge --out: a part under another spelling of its path, with --force", async () => {
    const parts = [1, 2].map((i) => path.join(dir, `part-${i}.json`))
    for (const [i, file] of parts.entries()) expect((await cxsim(["run", scenario, ...N, "--shard", `${i + 1}/2`, "--out", file])).code).toBe(0)
    const text = fs.readFileSync(parts[0]!, "utf8")
    const spelled = [`${dir}/./part-1.json`, `${dir}//part-1.json`, path.join(dir, "linked", "..", "part-1.json")]
    for (const alias of spelled) {
      const r = await cxsim(["merge", ...parts, "--out", alias, "--force"])
      expect(r.code, alias).toBe(2)
      expect(r.err).toContain("cxsim never overwrites its inputs")
    }
    const relative = await cxsim(["merge", "part-1.json", "part-2.json", "--out", "./part-1.json", "--force"], dir)
    expect(relative.err).toMatchInlineSnapshot(`
      "--out ./part-1.json is one of the input files; cxsim never overwrites its inputs
          hint: choose another output file
      "
    `)
    fs.symlinkSync("part-1.json", path.join(dir, "alias.json"))
    const linked = await cxsim(["merge", "part-1.json", "part-2.json", "--out", "alias.json", "--force"], dir)
    expect(linked.err).toMatchInlineSnapshot(`
      "--out alias.json is the input part-1.json under another name; cxsim never overwrites its inputs
          hint: choose another output file
      "
    `)
    expect(fs.readFileSync(parts[0]!, "utf8")).toBe(text)
    expect(leftovers(dir)).toEqual([])
  }, 300_000)
})

describe("without --force, only cxsim's own untouched output is replaced", () => {
  it("a note that begins like a report is not cxsim's; an edited report is not either", async () => {
    const dir = tmp()
    const note = path.join(dir, "note.txt")
    fs.writeFileSync(note, "cxsim run of last week: looked fine\n")
    const r = await cxsim(["run", "scenarios/support.yaml", ...N, "--out", note])
    expect(r.code).toBe(2)
    expect(r.err.split(dir).join("<dir>")).toMatchInlineSnapshot(`
      "<dir>/note.txt exists and was not written by cxsim; not overwriting it
          hint: choose another file, or add --force to replace it
      "
    `)
    expect(fs.readFileSync(note, "utf8")).toBe("cxsim run of last week: looked fine\n")
    for (const first of ["table", "json"]) {
      const out = path.join(dir, `report-${first}`)
      expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--format", first, "--out", out])).code).toBe(0)
      expect(unsign(fs.readFileSync(out, "utf8")).mark, first).toBe("valid")
      // Its own output, untouched, is replaced (in any format).
      expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--format", "md", "--out", out])).code, first).toBe(0)
      // Edited since: the user's now.
      fs.appendFileSync(out, "my remark\n")
      const edited = fs.readFileSync(out, "utf8")
      expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--out", out])).code, first).toBe(2)
      expect(fs.readFileSync(out, "utf8")).toBe(edited)
    }
    // The JSON report in a file is the report on stdout, with its checksum as first member.
    const json = path.join(dir, "r.json")
    expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--format", "json", "--out", json])).code).toBe(0)
    const stdout = (await cxsim(["run", "scenarios/support.yaml", ...N, "--format", "json"])).out
    expect(unsign(fs.readFileSync(json, "utf8")).body).toBe(stdout)
    expect(fs.readFileSync(json, "utf8")).toBe(sign(stdout))
    expect(leftovers(dir)).toEqual([])
  }, 300_000)
})

describe("outputs go to regular files only", () => {
  it("refuses a FIFO, a device and a directory before opening them", async () => {
    const dir = tmp()
    const fifo = path.join(dir, "pipe")
    execFileSync("mkfifo", [fifo])
    const r = await cxsim(["run", "scenarios/support.yaml", ...N, "--out", fifo])
    expect(r.code).toBe(2)
    expect(r.err.split(dir).join("<dir>")).toMatchInlineSnapshot(`
      "--out <dir>/pipe is a FIFO (named pipe); cxsim writes its outputs to regular files only
          hint: leave out --out and redirect the standard output instead
      "
    `)
    expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--out", fifo, "--force"])).code).toBe(2)
    expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--out", "/dev/null", "--force"])).err).toContain("/dev/null is a device")
    expect((await cxsim(["run", "scenarios/support.yaml", ...N, "--out", dir])).err).toContain("is a directory")
    expect(fs.readdirSync(dir)).toEqual(["pipe"])
  })

  it("a full standard output (/dev/full) is one message and exit 4, no stack trace", () => {
    const full = fs.openSync("/dev/full", "w")
    try {
      const r = spawnSync(process.execPath, [bin, "run", "scenarios/support.yaml", ...N], { cwd: root, stdio: ["ignore", full, "pipe"], encoding: "utf8", timeout: 120_000 })
      expect(r.status).toBe(4)
      expect(r.stderr).toBe("cxsim: cannot write to the standard output: no space left on the device\n")
    } finally {
      fs.closeSync(full)
    }
  })
})

describe("merge refuses tampered, strange and oversized parts with exit 3", () => {
  const dir = tmp()
  const parts = [1, 2].map((i) => path.join(dir, `part-${i}.json`))
  beforeAll(async () => {
    for (const [i, file] of parts.entries()) expect((await cxsim(["run", "scenarios/support.yaml", "--customers", "30000", "--shard", `${i + 1}/2`, "--out", file])).code).toBe(0)
  })
  const rel = (s: string): string => s.split(dir + path.sep).join("")

  it("edited totals (n 67,710 for 30,000) or scenario data, checksum kept or recomputed", async () => {
    const text = fs.readFileSync(parts[1]!, "utf8")
    const data = JSON.parse(unsign(text).body) as { totals: string[]; resolved: { population: number } }
    const n = BigInt(data.totals[0]!)
    const totals = path.join(dir, "totals.json")
    fs.writeFileSync(totals, JSON.stringify({ ...JSON.parse(text), totals: [String(n + (37_710n << 24n)), ...data.totals.slice(1)] }))
    const r = await cxsim(["merge", parts[0]!, totals])
    expect(r.code).toBe(3)
    expect(rel(r.err)).toMatchInlineSnapshot(`
      "cxsim merge: totals.json: a partial result changed since cxsim wrote it (its checksum does not match its content); run its shard again
      cxsim merge: 1 problem with the parts; no report was written
      "
    `)
    // With the checksum recomputed, the count still gives it away.
    fs.writeFileSync(totals, sign(`${JSON.stringify({ ...JSON.parse(unsign(text).body), totals: [String(n + (37_710n << 24n)), ...data.totals.slice(1)] })}\n`))
    const forged = await cxsim(["merge", parts[0]!, totals])
    expect(forged.code).toBe(3)
    expect(forged.err).toMatch(/totals\.json: a damaged partial result \(its totals count \d+ customers; its blocks hold \d+\)/)
    const scenario = path.join(dir, "scenario.json")
    fs.writeFileSync(scenario, text.replace(`"population":${data.resolved.population}`, `"population":${data.resolved.population + 1}`))
    expect(fs.readFileSync(scenario, "utf8")).not.toBe(text)
    const s = await cxsim(["merge", parts[0]!, scenario])
    expect(s.code).toBe(3)
    expect(s.err).toContain("scenario.json: a partial result changed since cxsim wrote it")
    expect((await cxsim(["merge", ...parts])).code).toBe(0)
  })

  it("a FIFO, /dev/zero, a directory and a part over the size bound, without reading them whole", async () => {
    const fifo = path.join(dir, "fifo.json")
    execFileSync("mkfifo", [fifo])
    const big = path.join(dir, "big.json")
    // Sparse: 65 MiB of nothing, no disk used.
    fs.closeSync(fs.openSync(big, "w"))
    fs.truncateSync(big, 65 * 1024 * 1024)
    for (const [part, message] of [
      [fifo, "not a regular file; give the file itself"],
      ["/dev/zero", "not a regular file; give the file itself"],
      [dir, "a directory; give the file itself"],
      [big, "the file is larger than 64.0 MiB, the most cxsim reads here"]
    ] as const) {
      const r = await cxsim(["merge", parts[0]!, part])
      expect(r.code, part).toBe(3)
      expect(r.err).toBe(`${part}: ${message}\n`)
    }
  })
})

describe("other inputs that are not regular files: refused without reading them", () => {
  const dir = tmp()
  const suite = path.join(root, "bench", "journeys", "restaurant.yaml")

  it("bench --baseline and sweep --merge: a FIFO, /dev/zero, a directory, a loop of symbolic links", async () => {
    const fifo = path.join(dir, "fifo.json")
    execFileSync("mkfifo", [fifo])
    const loop = path.join(dir, "loop.json")
    fs.symlinkSync(path.join(dir, "loop2.json"), loop)
    fs.symlinkSync(loop, path.join(dir, "loop2.json"))
    for (const [file, message, code] of [
      [fifo, "not a regular file; give the file itself", 3],
      ["/dev/zero", "not a regular file; give the file itself", 3],
      [dir, "a directory; give the file itself", 3],
      [loop, "a loop of symbolic links", 3]
    ] as const) {
      const b = await cxsim(["bench", suite, "--baseline", file, "-q"])
      expect([b.code, b.err], file).toEqual([code, `${file}: ${message}\n`])
      const s = await cxsim(["sweep", "--merge", file, "--out", path.join(dir, "s.csv")])
      expect([s.code, s.err], file).toEqual([code, `${file}: ${message}\n`])
    }
    expect(fs.readdirSync(dir).sort()).toEqual(["fifo.json", "loop.json", "loop2.json"])
  })
})
