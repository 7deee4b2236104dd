/**
 * The build: tsc's dist/ (the library, its types, the worker threads), then the command line as a
 * bundle (dist/bundle/), which bin/cxsim.js runs: about ten files instead of some 600 modules to
 * find and load at every start, and only the parts of effect that cxsim uses. --version and
 * --help load the first chunk alone; the commands are one chunk, loaded when one runs (fewer
 * files start faster than a chunk per command: bench/RESULTS.md); the terminal UI (ink, react)
 * and the Parquet writer are chunks of their own, loaded only by the commands that use them.
 *
 * The bundle runs beside the tsc build, never instead of it: the library (dist/index.js) and the
 * worker threads use the tsc build. In every bundled module, `import.meta.url` is rewritten to the
 * URL of the same module in the tsc build, so that what is found relative to a module (the worker
 * scripts and the jobs they import, the validity suite, the JSON Schemas) is found where it is.
 *
 * The commands are also bundled as one CommonJS file (dist/bundle/commands.cjs), with the code V8
 * compiled for it while the build ran a few commands (commands.cjs.cache): compiled with that
 * cache, a command's start skips parsing and compiling most of its code, which an ES module cannot
 * on Node 20 (src/cli/loadCommands.ts uses it, or imports the ES module chunk when it cannot).
 * Every file of the bundle is ASCII: a source with one other character is kept by V8 as two bytes
 * a character, twice the memory and slower to scan.
 *
 * Run: node scripts/build.mjs (npm run build). With --fast (the tests' globalSetup), dist/ is
 * transpiled file by file by esbuild instead of tsc: the same JavaScript (the sources are written
 * for isolated transpilation: isolatedModules, verbatimModuleSyntax) without declarations, in a
 * fraction of the time; the types are checked apart (npm run typecheck).
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { build } from "esbuild"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const src = path.join(root, "src")
const dist = path.join(root, "dist")
const outdir = path.join(dist, "bundle")

/** import.meta.url of a source module → the URL of its tsc output, relative to the bundle. */
const sameUrlAsTsc = {
  name: "same-url-as-tsc",
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (!args.path.startsWith(src + path.sep)) return undefined
      const text = await fs.readFile(args.path, "utf8")
      const loader = args.path.endsWith(".tsx") ? "tsx" : "ts"
      if (!text.includes("import.meta.url")) return { contents: text, loader }
      const built = path.join(dist, path.relative(src, args.path)).replace(/\.tsx?$/, ".js")
      const relative = path.relative(outdir, built).split(path.sep).join("/")
      return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader }
    })
  }
}

// The prepare step's mark of a complete build (scripts/prepare.mjs): gone until this one completes.
await fs.rm(path.join(dist, ".build-stamp"), { force: true })

if (process.argv.includes("--fast")) {
  const sources = (await fs.readdir(src, { recursive: true })).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"))
  await build({
    entryPoints: sources.map((f) => path.join(src, f)),
    outdir: dist,
    outbase: src,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    tsconfig: path.join(root, "tsconfig.build.json"),
    logLevel: "warning"
  })
} else {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" })
}

await fs.rm(outdir, { recursive: true, force: true })
await build({
  // The terminal UI is an entry of its own (tui.js): the CommonJS bundle of the commands imports it by that name.
  entryPoints: { cli: path.join(src, "cli", "bin.ts"), tui: path.join(src, "tui", "renderTui.tsx") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  // No source maps (they would hold every bundled library: megabytes); the bundle is not
  // minified, and names its source files in comments.
  // ink's developer tools are loaded only when asked for (DEV=true), and are not installed.
  external: ["react-devtools-core"],
  // The terminal UI's react and ink as released, not their development builds (which check and
  // warn at every render, several times slower): they choose by NODE_ENV, which users seldom set.
  define: { "process.env.NODE_ENV": '"production"' },
  // CommonJS dependencies (react) call require: ESM has none, so each file makes one.
  banner: { js: 'import { createRequire as __cxsimRequire } from "node:module"; const require = __cxsimRequire(import.meta.url);' },
  plugins: [sameUrlAsTsc],
  charset: "ascii",
  logLevel: "warning"
})

/** The terminal UI, in the CommonJS bundle: the ES module bundle's tui.js, imported when it starts. */
const tuiFromEsm = {
  name: "tui-from-esm",
  setup(b) {
    b.onResolve({ filter: /\/tui\/renderTui\.js$/ }, () => ({ path: "renderTui", namespace: "tui-from-esm" }))
    b.onLoad({ filter: /.*/, namespace: "tui-from-esm" }, () => ({
      contents: 'export const runTui = (o) => __cxsimImport("./tui.js").then((m) => m.runTui(o))',
      loader: "js"
    }))
  }
}

const commandsCjs = path.join(outdir, "commands.cjs")
await build({
  entryPoints: [path.join(src, "cli", "commands.ts")],
  outfile: commandsCjs,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["react-devtools-core"],
  // src/cli/loadCommands.ts runs the file as a CommonJS module: import.meta is the file's URL.
  define: { "import.meta.url": "__cxsimUrl" },
  banner: { js: 'const __cxsimUrl = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [sameUrlAsTsc, tuiFromEsm],
  charset: "ascii",
  logLevel: "warning"
})

// What esbuild leaves outside ASCII is in comments (strings and names it escapes): escaped too.
for (const f of await fs.readdir(outdir)) {
  const file = path.join(outdir, f)
  const text = await fs.readFile(file, "utf8")
  if (/[^\x00-\x7f]/.test(text)) await fs.writeFile(file, text.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`))
}

// The build's id (of the bundle's content), first line of the bundle and of its cache: a cache
// is used only with the bundle it was made from (V8 itself checks little more than the length).
// The cache's second line is the checksum of its code (loadCommands.ts).
const cjs = await fs.readFile(commandsCjs, "latin1")
const idLine = `// cxsim build ${createHash("sha256").update(cjs).digest("hex").slice(0, 32)}\n`
const source = idLine + cjs
await fs.writeFile(commandsCjs, source, "latin1")

// The code cache: the bundle compiled and run in this process (a run, a comparison, a validation,
// each small and in this thread), then what V8 compiled for it, functions run included.
const { checksum, compileModule, runModule } = await import(pathToFileURL(path.join(dist, "cli", "loadCommands.js")).href)
const script = compileModule(commandsCjs, source)
const { runCommand } = runModule(script, commandsCjs)
const quiet = { out: () => {}, err: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, columns: 80, cwd: root }
const scenario = path.join(root, "scenarios", "restaurant.yaml")
for (const args of [
  ["run", scenario, "--customers", "2048", "--workers", "1", "--format", "json"],
  ["compare", scenario, "--customers", "1024", "--format", "json"],
  ["validate", scenario]
]) {
  const code = await runCommand(args[0], args.slice(1), quiet)
  if (code !== 0) throw new Error(`build: cxsim ${args.join(" ")} exited with ${code} while making the code cache`)
}
const code = script.createCachedData()
await fs.writeFile(`${commandsCjs}.cache`, Buffer.concat([Buffer.from(`${idLine}${checksum(code)}\n`, "latin1"), code]))
