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
 * Run: node scripts/build.mjs (npm run build). With --fast (the tests' globalSetup), dist/ is
 * transpiled file by file by esbuild instead of tsc: the same JavaScript (the sources are written
 * for isolated transpilation: isolatedModules, verbatimModuleSyntax) without declarations, in a
 * fraction of the time; the types are checked apart (npm run typecheck).
 */
import { execFileSync } from "node:child_process"
import { build } from "esbuild"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

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
  entryPoints: { cli: path.join(src, "cli", "bin.ts") },
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
  // CommonJS dependencies (react) call require: ESM has none, so each file makes one.
  banner: { js: 'import { createRequire as __cxsimRequire } from "node:module"; const require = __cxsimRequire(import.meta.url);' },
  plugins: [sameUrlAsTsc],
  logLevel: "warning"
})
