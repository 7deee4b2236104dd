/**
 * Ctrl-C while large inputs are being checked: the command stops with exit 130, not after the
 * checks with their verdicts. The interrupt is sent after a known event (the first file's verdict
 * is printed), never after a sleep.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { root } from "../support/cli.js"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-interrupt-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** The command line in this process, its Ctrl-C sent from the printing of its first output: a known event. */
const interruptedAtFirstOutput = async (args: ReadonlyArray<string>): Promise<{ code: number; out: string; err: string; aborted: boolean }> => {
  const { main } = await import("../../src/cli/main.js")
  const controller = new AbortController()
  let out = ""
  let err = ""
  const code = await main(args, {
    out: (t) => {
      out += t
      controller.abort()
    },
    err: (t) => {
      err += t
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: { NO_COLOR: "1" },
    columns: 80,
    cwd: root,
    signal: controller.signal
  })
  return { code, out, err, aborted: controller.signal.aborted }
}

describe("Ctrl-C during validation", () => {
  const big = path.join(dir, "big.yaml")
  const restaurant = fs.readFileSync(path.join(root, "scenarios", "restaurant.yaml"), "utf8")
  fs.writeFileSync(big, `${restaurant}${Array.from({ length: 100000 }, (_, i) => `junk${i}: ${i}`).join("\n")}\n`)

  it("stops before the verdict of the 100,000-key file it was to check next, exit 130", async () => {
    const { code, out, err } = await interruptedAtFirstOutput(["validate", "scenarios/restaurant.yaml", big])
    expect(out).toMatch(/^ok {2}scenarios\/restaurant\.yaml/)
    expect(err).toBe("")
    expect(code).toBe(130)
  }, 120_000)

  it("a real SIGINT, sent once the first verdict is out, stops the command before its last file: exit 130, no summary", async () => {
    // 200 checks of the large file follow the first verdict: the signal, sent on that event,
    // arrives while files are left, and each check ends with a turn of the event loop that takes it.
    const files = ["scenarios/restaurant.yaml", ...Array.from({ length: 200 }, () => big)]
    const child = spawn(process.execPath, [path.join(root, "bin", "cxsim.js"), "validate", ...files], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "" }
    })
    let out = ""
    let err = ""
    child.stderr.on("data", (d: Buffer) => (err += d.toString()))
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c))
      child.stdout.on("data", (d: Buffer) => {
        const first = out === ""
        out += d.toString()
        if (first) child.kill("SIGINT")
      })
    })
    expect(out).toMatch(/^ok {2}scenarios\/restaurant\.yaml/)
    expect(code).toBe(130)
    expect(err).not.toMatch(/files invalid/)
    expect(err.split("\n").filter((l) => l.includes("junk0:")).length).toBeLessThan(200)
  }, 120_000)
})

describe("Ctrl-C once the result is written", () => {
  it("bench: a Ctrl-C while it prints, after its outputs are written, does not turn its exit into 130", async () => {
    // The interrupt is sent from the printing of the verdict, once the outputs are written.
    const json = path.join(dir, "bench.json")
    const { code, out, aborted } = await interruptedAtFirstOutput(["bench", path.join(root, "bench", "journeys", "restaurant.yaml"), "--json", json, "-q"])
    expect(aborted).toBe(true)
    expect(out).toContain("Result:")
    expect([0, 1]).toContain(code)
    expect(JSON.parse(fs.readFileSync(json, "utf8").replace(/^\{"checksum":"[^"]*",/, "{")).kind).toBe("bench")
  }, 120_000)
})

describe("SIGTERM (a cancelled CI job, a stopped container)", () => {
  it("run --records: stops as cleanly as Ctrl-C, with exit 143, and leaves no temporary file", async () => {
    // Given a long run writing its records into an empty folder
    const out = fs.mkdtempSync(path.join(dir, "records-"))
    const child = spawn(
      process.execPath,
      [path.join(root, "bin", "cxsim.js"), "run", "scenarios/restaurant.yaml", "--customers", "10000000", "--records", path.join(out, "customers.csv"), "-q"],
      { cwd: root, env: { ...process.env, NO_COLOR: "" } }
    )
    let err = ""
    child.stderr.on("data", (d: Buffer) => (err += d.toString()))
    // When SIGTERM is sent as soon as its temporary records file appears (a known event)
    // (once: a second SIGTERM, like a second Ctrl-C, ends the process at once)
    let sent = false
    const watcher = fs.watch(out, () => {
      if (!sent && fs.readdirSync(out).some((f) => f.startsWith(".cxsim-tmp-"))) {
        sent = true
        child.kill("SIGTERM")
      }
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])))
    watcher.close()
    // Then it ends by itself with 143, its temporary files removed, no message
    expect([code, signal]).toEqual([143, null])
    expect(fs.readdirSync(out)).toEqual([])
    expect(err).toBe("")
  }, 120_000)
})
