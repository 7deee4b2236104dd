/**
 * cxsim bench PATH...: run benchmark suites, judge their gates, and exit 1 when one is breached.
 * PATH is a suite file or a folder of them (*.yaml). Outputs: a terminal summary, --json,
 * --junit, --markdown; stored results with --baseline, refreshed with --update-baseline.
 */
import { Effect, Either } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { FileError, InvalidInput, UsageError } from "../../load/errors.js"
import type { Issue } from "../../load/Issue.js"
import { loadSuite, type LoadedSuite } from "../../load/loadSuite.js"
import { describeFsError, issueAt, MAX_FILE_BYTES } from "../../load/YamlFile.js"
import { renderBenchJson } from "../../report/renderBenchJson.js"
import { renderBenchJunit } from "../../report/renderBenchJunit.js"
import { renderBenchMarkdown } from "../../report/renderBenchMarkdown.js"
import { renderBenchText } from "../../report/renderBenchText.js"
import type { StoredResults, SuiteResult } from "../../stats/BenchResult.js"
import { benchResult, runSuite } from "../../stats/runBench.js"
import { compareWithStored, decodeStored, renderStored, scenarioConflicts, updateStored } from "../../stats/storedResults.js"
import { flag, parse, str } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { benchHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, writeAtomic, type WriteOptions } from "../output.js"
import { progressBar } from "../progress.js"
import { fromTaggedPromise } from "./run.js"

const isSuiteFile = (name: string): boolean => /\.ya?ml$/i.test(name)

/** The suite files of the paths: files as given, folders' *.yaml files in name order. */
const expand = (paths: ReadonlyArray<string>, cwd: string) =>
  Effect.gen(function* () {
    const files: string[] = []
    for (const p of paths) {
      const stat = yield* Effect.tryPromise({ try: () => fs.stat(path.resolve(cwd, p)), catch: (e) => new FileError({ file: p, message: describeFsError(e) }) })
      if (!stat.isDirectory()) {
        files.push(p)
        continue
      }
      const names = yield* Effect.tryPromise({ try: () => fs.readdir(path.resolve(cwd, p)), catch: (e) => new FileError({ file: p, message: describeFsError(e) }) })
      const suites = names.filter(isSuiteFile).sort()
      if (suites.length === 0) return yield* Effect.fail(new UsageError({ message: `cxsim bench: ${p} holds no suite files (*.yaml)`, hint: "see docs/ci.md for the suite format" }))
      files.push(...suites.map((n) => path.join(p, n)))
    }
    return [...new Set(files)]
  })

/** Load every suite, reporting the problems of all of them together. */
const loadAll = (files: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const issues: Issue[] = []
    const suites: LoadedSuite[] = []
    for (const file of files) {
      const r = yield* Effect.either(loadSuite(file))
      if (Either.isRight(r)) suites.push(r.right)
      else if (r.left._tag === "FileError") issues.push({ file: r.left.file, path: "", message: r.left.message })
      else issues.push(...r.left.issues)
    }
    const seen = new Map<string, LoadedSuite>()
    for (const s of suites) {
      const other = seen.get(s.name)
      if (other !== undefined) {
        issues.push(issueAt(s.yaml, ["name"], `another suite is named "${s.name}" (${other.file}); names identify stored results`, "give each suite its own name: field"))
      } else seen.set(s.name, s)
    }
    if (issues.length > 0) return yield* Effect.fail(new InvalidInput({ issues }))
    return suites
  })

/** The stored results file, or null when it does not exist (yet). */
const readStored = (file: string, cwd: string) =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: async () => {
        const stat = await fs.stat(path.resolve(cwd, file))
        if (stat.size > MAX_FILE_BYTES) throw new Error(`the file is larger than ${MAX_FILE_BYTES / 1048576} MiB`)
        return await fs.readFile(path.resolve(cwd, file), "utf8")
      },
      catch: (e) => e
    }).pipe(
      Effect.catchAll((e) =>
        (e as { code?: string }).code === "ENOENT" ? Effect.succeed(null) : Effect.fail(new FileError({ file, message: describeFsError(e) }))
      )
    )
    if (text === null) return null
    const r = decodeStored(file, text)
    if (Either.isLeft(r)) return yield* Effect.fail(r.left)
    return r.right
  })

export const benchCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("bench", args, {
      baseline: { type: "string" },
      "update-baseline": { type: "boolean" },
      "accept-scenario-change": { type: "boolean" },
      json: { type: "string" },
      junit: { type: "string" },
      markdown: { type: "string" },
      strict: { type: "boolean" },
      force: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(benchHelp)
      return ExitCode.ok
    }
    const paths = parsed.positionals
    if (paths.length === 0) {
      return yield* Effect.fail(new UsageError({ message: "cxsim bench: which suites? Give suite files or folders of them", hint: "cxsim bench bench/journeys" }))
    }
    const baselineFile = str(parsed, "baseline")
    const update = flag(parsed, "update-baseline")
    const accept = flag(parsed, "accept-scenario-change")
    if (update && baselineFile === undefined) {
      return yield* Effect.fail(new UsageError({ message: "cxsim bench: --update-baseline needs --baseline FILE, the file to write", hint: "cxsim bench bench/journeys --baseline bench/journeys/baseline.json --update-baseline" }))
    }
    if (accept && !update) {
      return yield* Effect.fail(new UsageError({ message: "cxsim bench: --accept-scenario-change goes with --update-baseline", hint: "add --update-baseline to store the new results" }))
    }
    const outputs: Array<readonly [string, string]> = []
    for (const name of ["json", "junit", "markdown"] as const) {
      const file = str(parsed, name)
      if (file !== undefined) outputs.push([`--${name}`, file])
    }
    if (update && baselineFile !== undefined) outputs.push(["--baseline", baselineFile])
    for (let i = 0; i < outputs.length; i++) {
      for (let j = 0; j < i; j++) {
        if (path.resolve(io.cwd, outputs[i]![1]) === path.resolve(io.cwd, outputs[j]![1])) {
          return yield* Effect.fail(new UsageError({ message: `cxsim bench: ${outputs[j]![0]} and ${outputs[i]![0]} name the same file, ${outputs[i]![1]}`, hint: "give each output its own file" }))
        }
      }
    }

    const files = yield* expand(paths, io.cwd)
    const suites = yield* loadAll(files)
    const inputs = [...suites.flatMap((s) => s.inputs), ...(baselineFile !== undefined && !update ? [baselineFile] : [])]
    // Stored results are validated in full when read: a file that decodes as them is cxsim's.
    const writeOptions = (option: string): WriteOptions => ({
      force: flag(parsed, "force"),
      inputs,
      owned: option === "--baseline" ? (text) => Either.isRight(decodeStored(option, text)) : undefined
    })
    for (const [option, file] of outputs) yield* fromTaggedPromise(() => checkOutput(file, writeOptions(option)))

    let stored: StoredResults | null = null
    if (baselineFile !== undefined) {
      stored = yield* readStored(baselineFile, io.cwd)
      if (stored === null && !update) {
        return yield* Effect.fail(
          new InvalidInput({
            issues: [{ file: baselineFile, path: "", message: "no such file: there are no stored results to compare with", hint: `store them first: cxsim bench ${paths.join(" ")} --baseline ${baselineFile} --update-baseline` }]
          })
        )
      }
      if (stored !== null && update && !accept) {
        const conflicts = scenarioConflicts(stored, suites.map((s) => ({ name: s.name, hash: s.baseline.hash })))
        if (conflicts.length > 0) {
          const which = conflicts.map((c) => `${c.suite} (stored ${c.storedHash.slice(0, 12)}, now ${c.hash.slice(0, 12)})`).join(", ")
          return yield* Effect.fail(
            new UsageError({
              message: `cxsim bench: the stored results in ${baselineFile} are for another version of the scenario of ${which}; not updating them`,
              hint: "review the change, then add --accept-scenario-change to store the new results"
            })
          )
        }
      }
    }

    const results: SuiteResult[] = []
    for (const s of suites) {
      const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, s.name)
      results.push(yield* runSuite(s, (p) => bar.update(p.done, p.total)).pipe(Effect.ensuring(Effect.sync(() => bar.finish()))))
    }
    const result = benchResult(results, flag(parsed, "strict"), stored === null || baselineFile === undefined ? null : compareWithStored(baselineFile, stored, results))

    const texts: Record<string, string> = {
      "--json": renderBenchJson(result),
      "--junit": renderBenchJunit(result),
      "--markdown": renderBenchMarkdown(result),
      "--baseline": renderStored(updateStored(stored, results))
    }
    yield* Effect.uninterruptible(
      Effect.forEach(outputs, ([option, file]) => fromTaggedPromise(() => writeAtomic(file, texts[option] ?? "", writeOptions(option))), { discard: true })
    )
    io.out(renderBenchText(result, { color: useColor(io) }))
    if (update && baselineFile !== undefined) io.out(`Stored the results of ${results.length} suite${results.length === 1 ? "" : "s"} in ${baselineFile}.\n`)
    return result.exitCode === 0 ? ExitCode.ok : ExitCode.breached
  })
