/**
 * The recipes of docs/scale.md, run as their orchestrators would run them: the Kubernetes
 * Indexed Job's command once per index (JOB_COMPLETION_INDEX in the environment, in parallel),
 * and the CI matrix's shard step once per matrix value, each followed by the recipe's merge. The
 * commands are taken from the page itself; only the mount paths and the population are local.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parse } from "yaml"
import { sign } from "../../src/checksum.js"
import { runCli } from "../support/cli.js"

const root = path.resolve(import.meta.dirname, "..", "..")
const bin = path.join(root, "bin", "cxsim.js")
const page = fs.readFileSync(path.join(root, "docs", "scale.md"), "utf8")
const CUSTOMERS = "9000"

/** The code block that follows `<!-- recipe: NAME -->`. */
const recipe = (name: string): string => {
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(page)
  if (m === null) throw new Error(`docs/scale.md has no recipe ${name}`)
  return m[1]!
}

const created: string[] = []
const tmp = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-recipe-"))
  created.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A directory with `cxsim` and `npx cxsim` on the PATH, both running this checkout's build. */
const shims = (): string => {
  const dir = tmp()
  fs.writeFileSync(path.join(dir, "cxsim"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, { mode: 0o755 })
  fs.writeFileSync(path.join(dir, "npx"), `#!/bin/sh\n[ "$1" = cxsim ] || exit 127\nshift\nexec "${process.execPath}" "${bin}" "$@"\n`, { mode: 0o755 })
  return dir
}

/** A working directory like a checkout: the scenarios and personas of this one. */
const checkout = (): string => {
  const dir = tmp()
  for (const d of ["scenarios", "personas"]) fs.symlinkSync(path.join(root, d), path.join(dir, d))
  return dir
}

const sh = (command: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; err: string }> =>
  new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd, env: { ...process.env, NO_COLOR: "", ...env } })
    let err = ""
    child.stderr.on("data", (d: Buffer) => (err += d.toString()))
    child.on("exit", (code) => resolve({ code, err }))
  })

/** The report of one run, in process (test/support/cli.ts): the shards above ran in processes. */
const oneRun = async (format: string): Promise<string> => (await runCli(["run", "scenarios/support.yaml", "--customers", CUSTOMERS, "--format", format])).out

describe("docs/scale.md recipes", () => {
  it("the Kubernetes Indexed Job's shards, merged, give the report of one run", async () => {
    const job = parse(recipe("kubernetes")) as {
      spec: { completionMode: string; completions: number; template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }>; command: string[]; args: string[]; volumeMounts: Array<{ mountPath: string }> }> } } }
    }
    expect(job.spec.completionMode).toBe("Indexed")
    const container = job.spec.template.spec.containers[0]!
    const mount = container.volumeMounts[0]!.mountPath
    const parts = tmp()
    const local = (s: string): string => s.split(mount).join(parts)
    const env = Object.fromEntries(container.env.map((e) => [e.name, e.value]))
    expect(Number(env["SHARDS"])).toBe(job.spec.completions)
    expect(container.command).toEqual(["sh", "-c"])
    const PATH = `${shims()}${path.delimiter}${process.env["PATH"] ?? ""}`
    const work = checkout()
    const shards = await Promise.all(
      Array.from({ length: job.spec.completions }, (_, i) =>
        sh(local(container.args[0]!), work, { ...env, CUSTOMERS, JOB_COMPLETION_INDEX: String(i), PATH })
      )
    )
    for (const s of shards) expect(s, s.err).toEqual({ code: 0, err: "" })
    expect(fs.readdirSync(parts).sort()).toEqual(["part-1.json", "part-2.json", "part-3.json", "part-4.json"])
    const merge = recipe("kubernetes-merge")
      .split("\n")
      .filter((line) => line.startsWith("cxsim "))
    expect(merge).toHaveLength(1)
    const merged = await sh(local(merge[0]!), work, { PATH })
    expect(merged).toEqual({ code: 0, err: "" })
    // The file is the report of one run, with cxsim's checksum mark (docs: README, Commands).
    expect(fs.readFileSync(path.join(parts, "report.json"), "utf8")).toBe(sign(await oneRun("json")))
  })

  it("the CI matrix's shard jobs and merge job give the report of one run", async () => {
    const workflow = parse(recipe("ci")) as {
      env: Record<string, string>
      jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: Array<{ run?: string }> }>
    }
    const shardJob = workflow.jobs["shard"]!
    const mergeJob = workflow.jobs["merge"]!
    expect(mergeJob.needs).toBe("shard")
    const run = shardJob.steps.map((s) => s.run ?? "").find((r) => r.includes("--shard"))!
    const mergeRun = mergeJob.steps.map((s) => s.run ?? "").find((r) => r.includes("cxsim merge"))!
    const PATH = `${shims()}${path.delimiter}${process.env["PATH"] ?? ""}`
    const env = { ...workflow.env, CUSTOMERS, PATH }
    // Each matrix job has its own checkout; the merge job downloads every part into its own.
    const jobs = shardJob.strategy!.matrix.shard.map((shard) => ({ dir: checkout(), command: run.split("${{ matrix.shard }}").join(String(shard)) }))
    const results = await Promise.all(jobs.map((j) => sh(j.command, j.dir, env)))
    for (const r of results) expect(r, r.err).toEqual({ code: 0, err: "" })
    const mergeDir = checkout()
    for (const j of jobs) for (const f of fs.readdirSync(j.dir).filter((x) => x.startsWith("part-"))) fs.copyFileSync(path.join(j.dir, f), path.join(mergeDir, f))
    expect(await sh(mergeRun, mergeDir, env)).toEqual({ code: 0, err: "" })
    expect(fs.readFileSync(path.join(mergeDir, "report.md"), "utf8")).toBe(sign(await oneRun("md")))
  })
})
