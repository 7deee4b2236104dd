/**
 * Loading the commands with V8's code cache (src/cli/loadCommands.ts): a bundle compiled with the
 * cache of its build runs; a missing, foreign or corrupt cache is never used, and the command
 * line then works as without it (the commands imported), with the same output.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { checksum, compileModule, loadCached, loadCommands, runModule } from "../../src/cli/loadCommands.js"
import { root } from "../support/cli.js"

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-code-cache-"))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

/** A small CommonJS bundle with its build line, and the cache made by running it (as the build does). */
const makeBundle = (dir: string, id: string): { source: string; cache: string } => {
  fs.mkdirSync(dir, { recursive: true })
  const source = path.join(dir, "commands.cjs")
  const line = `// cxsim build ${id}\n`
  const text = `${line}"use strict";\nconst os = require("node:os");\nexports.twice = (x) => 2 * x;\nexports.where = () => [__filename, __dirname, typeof os.cpus];\n`
  fs.writeFileSync(source, text)
  const script = compileModule(source, text)
  const exports = runModule(script, source) as { twice: (x: number) => number }
  expect(exports.twice(21)).toBe(42)
  const cache = `${source}.cache`
  const code = script.createCachedData()
  fs.writeFileSync(cache, Buffer.concat([Buffer.from(`${line}${checksum(code)}\n`), code]))
  return { source, cache }
}

describe("the commands' code cache", () => {
  it("runs a bundle compiled with its own build's cache, as a CommonJS module", () => {
    const { source, cache } = makeBundle(path.join(tmp, "good"), "0123abcd")
    const r = loadCached(source, cache)
    expect(r).toHaveProperty("exports")
    const exports = (r as { exports: { twice: (x: number) => number; where: () => unknown } }).exports
    expect(exports.twice(4)).toBe(8)
    expect(exports.where()).toEqual([source, path.dirname(source), "function"])
  })

  it("does not use a missing bundle or cache", () => {
    const { source, cache } = makeBundle(path.join(tmp, "missing"), "0123abcd")
    expect(loadCached(path.join(tmp, "missing", "none.cjs"), cache)).toEqual({ skipped: "missing" })
    fs.rmSync(cache)
    expect(loadCached(source, cache)).toEqual({ skipped: "missing" })
  })

  it("does not use the cache of another build, even of the same length", () => {
    const a = makeBundle(path.join(tmp, "a"), "0123abcd")
    const b = makeBundle(path.join(tmp, "b"), "4567ef01")
    expect(loadCached(a.source, b.cache)).toEqual({ skipped: "stale" })
    // A cache without the build line, or nothing but it.
    fs.writeFileSync(a.cache, fs.readFileSync(b.cache).subarray("// cxsim build 4567ef01\n".length))
    expect(loadCached(a.source, a.cache)).toEqual({ skipped: "stale" })
    fs.writeFileSync(a.cache, "// cxsim build 0123abcd\n")
    expect(loadCached(a.source, a.cache)).toEqual({ skipped: "stale" })
  })

  it("does not use a damaged cache (its checksum), nor one V8 rejects", () => {
    const { source, cache } = makeBundle(path.join(tmp, "corrupt"), "0123abcd")
    const good = fs.readFileSync(cache)
    const header = good.indexOf(10, "// cxsim build 0123abcd\n".length) + 1
    // One byte of the code changed (V8 would take it, and might crash), or the code cut short.
    for (const i of [header, header + 40, good.length - 1]) {
      const bytes = Buffer.from(good)
      bytes[i] = (bytes[i] as number) ^ 0x01
      fs.writeFileSync(cache, bytes)
      expect(loadCached(source, cache)).toEqual({ skipped: "corrupt" })
    }
    fs.writeFileSync(cache, good.subarray(0, good.length - 8))
    expect(loadCached(source, cache)).toEqual({ skipped: "corrupt" })
    // Intact, but of another source of the same build line (V8 checks the length): rejected.
    fs.writeFileSync(cache, good)
    const other = path.join(tmp, "corrupt", "other.cjs")
    fs.writeFileSync(other, `${fs.readFileSync(source, "utf8")}exports.more = 1;\n`)
    expect(loadCached(other, cache)).toEqual({ skipped: "rejected" })
    expect(loadCached(source, cache)).toHaveProperty("exports")
  })

  it("from the sources, imports the commands", async () => {
    const commands = await loadCommands()
    expect(commands.runCommand).toBeTypeOf("function")
    expect(commands).toBe(await import("../../src/cli/commands.js"))
  })

  it("the build's cache is accepted by the Node.js that made it", () => {
    const script = `import("./dist/cli/loadCommands.js").then((m) => { const { source, cache } = m.commandsBundle(); const r = m.loadCached(source, cache); console.log("exports" in r ? Object.keys(r.exports).sort().join(",") : r.skipped) })`
    const r = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" })
    expect(r.stderr).toBe("")
    expect(r.stdout).toBe("reportError,runCommand\n")
  })

  it("the command line gives the same output with the cache, without it, and with a corrupt one", () => {
    // A copy of the built command line, whose cache this test may break.
    const copy = path.join(tmp, "cli")
    for (const d of ["bin", "dist", "scenarios", "personas"]) fs.cpSync(path.join(root, d), path.join(copy, d), { recursive: true })
    fs.copyFileSync(path.join(root, "package.json"), path.join(copy, "package.json"))
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"))
    const cache = path.join(copy, "dist", "bundle", "commands.cjs.cache")
    const run = () => spawnSync(process.execPath, ["bin/cxsim.js", "run", "scenarios/restaurant.yaml", "--customers", "2000", "--format", "json"], { cwd: copy, encoding: "utf8" })
    const cached = run()
    expect(cached.status).toBe(0)
    expect(JSON.parse(cached.stdout).population).toBe(2000)
    const bytes = fs.readFileSync(cache)
    for (let i = 64; i < bytes.length; i += 5) bytes[i] = (bytes[i] as number) ^ 0xff
    fs.writeFileSync(cache, bytes)
    const corrupt = run()
    fs.rmSync(cache)
    const none = run()
    for (const r of [corrupt, none]) {
      expect(r.stderr).toBe(cached.stderr)
      expect(r.status).toBe(0)
      expect(r.stdout).toBe(cached.stdout)
    }
  })
})
