/**
 * Loading the commands (commands.ts) with V8's code cache: the build (scripts/build.mjs) makes a
 * second, CommonJS bundle of them (dist/bundle/commands.cjs) and, by running a command with it,
 * the code V8 compiled for it (commands.cjs.cache). Compiled with that cache, the bundle's
 * functions are not parsed and compiled again at each start; an ES module has no such cache on
 * Node 20.
 *
 * Best effort, never a risk: with no cache, a cache of another build (the build's id, first line
 * of both files, differs), a damaged one (its checksum, second line, differs) or one V8 rejects
 * (another Node.js, other V8 flags), the commands are imported as usual (the ES module bundle's
 * chunk). Only the built command line uses it: running from the sources (the tests), the
 * commands are imported.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as vm from "node:vm"

export type Commands = typeof import("./commands.js")

/** The CommonJS bundle of the commands and its code cache (both made by scripts/build.mjs). */
export const commandsBundle = (): { readonly source: string; readonly cache: string } => {
  const source = fileURLToPath(new URL("../bundle/commands.cjs", import.meta.url))
  return { source, cache: `${source}.cache` }
}

/** A bundle's first line names its build: `// cxsim build ID`; its cache starts with the same line. */
const buildLine = /^\/\/ cxsim build [0-9a-f]+\n/

/**
 * The checksum of a cache's code, its second line: V8 (on Node 20) checks a cache's version,
 * flags and source length, but not its bytes, and a damaged cache would crash the process.
 */
export const checksum = (code: Uint8Array): string => createHash("sha1").update(code).digest("hex")

/**
 * A CommonJS file compiled as Node.js compiles a module, with `cachedData` when given. The extra
 * parameter `__cxsimImport` is the dynamic `import()` of an ES module (a compiled script has no
 * import of its own): the bundle uses it for the terminal UI.
 */
export const compileModule = (file: string, source: string, cachedData?: Buffer): vm.Script =>
  new vm.Script(`(function (exports, require, module, __filename, __dirname, __cxsimImport) {${source}\n})`, { filename: file, cachedData })

/** Run a module compiled by `compileModule`; returns its exports. */
export const runModule = (script: vm.Script, file: string): unknown => {
  const module = { exports: {} as unknown }
  const load = script.runInThisContext() as (...args: ReadonlyArray<unknown>) => void
  const url = pathToFileURL(file)
  load.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), (specifier: string) => import(new URL(specifier, url).href))
  return module.exports
}

/**
 * The exports of a CommonJS bundle compiled with its code cache, or why not: `missing` (no
 * bundle or no cache), `stale` (the cache is of another build), `corrupt` (its checksum differs),
 * `rejected` (V8 refused it: another Node.js or other V8 flags).
 */
export const loadCached = (source: string, cache: string): { readonly exports: unknown } | { readonly skipped: "missing" | "stale" | "corrupt" | "rejected" } => {
  let text: string
  let data: Buffer
  try {
    // The bundle is ASCII (the build makes it so): read as Latin-1, it is a one-byte string.
    text = fs.readFileSync(source, "latin1")
    data = fs.readFileSync(cache)
  } catch {
    return { skipped: "missing" }
  }
  const id = buildLine.exec(text)?.[0]
  if (id === undefined || data.length <= id.length || data.toString("latin1", 0, id.length) !== id) return { skipped: "stale" }
  const sum = data.indexOf(10, id.length)
  const code = data.subarray(sum + 1)
  if (sum < 0 || data.toString("latin1", id.length, sum) !== checksum(code)) return { skipped: "corrupt" }
  const script = compileModule(source, text, code)
  if (script.cachedDataRejected === true) return { skipped: "rejected" }
  return { exports: runModule(script, source) }
}

/**
 * The commands: from the code-cached bundle when the command line runs built and the cache is
 * usable, else imported. `esm` forces the import (the terminal UI: ink and react are ES modules
 * of the other bundle, and share its copy of the engine).
 */
export const loadCommands = async (esm = false): Promise<Commands> => {
  if (!esm && import.meta.url.endsWith(".js")) {
    const { source, cache } = commandsBundle()
    const r = loadCached(source, cache)
    if ("exports" in r) return r.exports as Commands
  }
  return await import("./commands.js")
}
