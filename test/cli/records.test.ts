/**
 * cxsim run --records: the file beside the report, in one pass; the --out rules for the records
 * file; usage errors pinned.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { root, runCli, spawnCli } from "../support/cli.js"

const SCENARIO = "scenarios/support.yaml"

/** In process (test/support/cli.ts); one run below is a subprocess, as a user runs it. */
const cxsim = (args: string[]) => runCli(args)

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-records-cli-"))

describe("cxsim run --records", () => {
  it("writes the records and prints the same report as a run without them", async () => {
    const dir = tmp()
    const plain = await cxsim(["run", SCENARIO, "--customers", "3000", "--format", "json"])
    for (const [file, level] of [
      ["c.csv", "customer"],
      ["v.ndjson", "visit"],
      ["p.parquet", "period"]
    ] as const) {
      const args = ["run", SCENARIO, "--customers", "3000", "--format", "json", "--records", path.join(dir, file), "--records-level", level]
      // The Parquet writer is a chunk of the bundle of its own: that run in a process, as a user runs it.
      const r = file.endsWith(".parquet") ? spawnCli(args) : await cxsim(args)
      expect(r).toEqual({ code: 0, out: plain.out, err: "" })
    }
    expect(fs.readdirSync(dir).sort()).toEqual(["c.csv", "c.csv.meta.json", "p.parquet", "v.ndjson"])
    expect(fs.readFileSync(path.join(dir, "c.csv"), "utf8").split("\n").length).toBe(3000 + 2)
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "v.ndjson"), "utf8").split("\n")[0]!) as { meta: { level: string; customers: number } }
    expect(meta.meta).toMatchObject({ level: "visit", customers: 3000 })
    expect(fs.readFileSync(path.join(dir, "p.parquet")).subarray(0, 4).toString()).toBe("PAR1")
  }, 240_000)

  it("with --shard, writes the shard's records beside its part; the shards' rows join into the one-machine file", async () => {
    const dir = tmp()
    const one = path.join(dir, "all.csv")
    expect((await cxsim(["run", SCENARIO, "--customers", "3000", "--quiet", "--records", one])).code).toBe(0)
    const rows: string[] = []
    for (const i of [1, 2, 3]) {
      const file = path.join(dir, `r-${i}.csv`)
      const r = await cxsim(["run", SCENARIO, "--customers", "3000", "--quiet", "--shard", `${i}/3`, "--records", file, "--out", path.join(dir, `part-${i}.json`)])
      expect(r).toEqual({ code: 0, out: "", err: "" })
      const meta = JSON.parse(fs.readFileSync(`${file}.meta.json`, "utf8")) as { shard: { index: number; count: number } }
      expect(meta.shard).toMatchObject({ index: i, count: 3 })
      const lines = fs.readFileSync(file, "utf8").split("\n")
      rows.push(...lines.slice(i === 1 ? 0 : 1, -1))
    }
    expect(rows.join("\n")).toBe(fs.readFileSync(one, "utf8").trimEnd())
  }, 240_000)

  it("replaces its own records files, refuses others' and the report's, and leaves no temporary file", async () => {
    const dir = tmp()
    for (const ext of ["csv", "ndjson", "parquet"]) {
      const file = path.join(dir, `r.${ext}`)
      expect((await cxsim(["run", SCENARIO, "--customers", "500", "--records", file])).code).toBe(0)
      // Its own file may be replaced.
      expect((await cxsim(["run", SCENARIO, "--customers", "600", "--records", file])).code).toBe(0)
      const mine = path.join(dir, `notes.${ext}`)
      fs.writeFileSync(mine, "my data")
      const r = await cxsim(["run", SCENARIO, "--customers", "500", "--records", mine])
      expect(r.code).toBe(2)
      expect(r.err.split(dir).join("<dir>")).toBe(`<dir>/notes.${ext} exists and was not written by cxsim; not overwriting it\n    hint: choose another file, or add --force to replace it\n`)
      expect(fs.readFileSync(mine, "utf8")).toBe("my data")
      expect((await cxsim(["run", SCENARIO, "--customers", "500", "--records", mine, "--force"])).code).toBe(0)
    }
    const csv = path.join(dir, "r.csv")
    const same = await cxsim(["run", SCENARIO, "--records", csv, "--out", csv])
    expect(same.code).toBe(2)
    expect(same.err.split(dir).join("<dir>")).toMatchInlineSnapshot(`
      "--out and --records name the same file, <dir>/r.csv
          hint: give the report and the records their own files
      "
    `)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(".cxsim-tmp"))).toEqual([])
    // A records file in a folder that does not exist: said so, as for --out, before any run.
    const lost = await cxsim(["run", SCENARIO, "--records", path.join(dir, "no", "such", "r.csv")])
    expect(lost.code).toBe(4)
    expect(lost.err.split(dir).join("<dir>")).toBe("<dir>/no/such/r.csv: cannot write: its folder does not exist\n")
  }, 240_000)

  it.each([
    [["--records", "r.txt"]],
    [["--records-level", "visit"]],
    [["--records", "r.csv", "--records-level", "visits"]]
  ])("usage error: cxsim run SCENARIO %j", async (extra) => {
    const r = await cxsim(["run", SCENARIO, ...extra])
    expect(r.code).toBe(2)
    expect(r.out).toBe("")
    expect(r.err).toMatchSnapshot()
    expect(fs.existsSync(path.join(root, "r.csv")) || fs.existsSync(path.join(root, "r.txt"))).toBe(false)
  })
})
