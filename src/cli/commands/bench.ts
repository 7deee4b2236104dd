/**
 * cxsim bench PATH...: run benchmark suites, judge their gates, and exit 1 when one is breached.
 * PATH is a suite file or a folder of them (*.yaml). Outputs: a terminal summary, --json,
 * --junit, --markdown, --html; stored results with --baseline, refreshed with --update-baseline.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as os from "node:os"
import * as path from "node:path"
import { loadBenchEffect, runBenchEffect } from "../../api/bench.js"
import { UsageError } from "../../load/errors.js"
import { renderBenchHtml } from "../../report/html/renderBenchHtml.js"
import { decodeStored } from "../../stats/storedResults.js"
import { renderBenchJson } from "../../report/renderBenchJson.js"
import { renderBenchJunit } from "../../report/renderBenchJunit.js"
import { renderBenchMarkdown } from "../../report/renderBenchMarkdown.js"
import { renderBenchText } from "../../report/renderBenchText.js"
import { flag, parse, str, workersOption } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { benchHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic, type WriteOptions } from "../output.js"
import { progressBar, type ProgressBar } from "../progress.js"
import { warnScenario } from "../warnings.js"

export const benchCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("bench", args, {
      baseline: { type: "string" },
      "update-baseline": { type: "boolean" },
      "accept-scenario-change": { type: "boolean" },
      json: { type: "string" },
      junit: { type: "string" },
      markdown: { type: "string" },
      html: { type: "string" },
      strict: { type: "boolean" },
      force: { type: "boolean" },
      workers: { type: "string" },
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
    for (const name of ["json", "junit", "markdown", "html"] as const) {
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

    // The verdicts and every output are the same for any number of workers (a CI runner may have fewer cores than it reports).
    const workers = workersOption("bench", str(parsed, "workers"), os.availableParallelism(), io.err)
    const options = { strict: flag(parsed, "strict"), baseline: baselineFile, update, acceptScenarioChange: accept, cwd: io.cwd, workers }
    const loaded = yield* loadBenchEffect(paths, options)
    // Stored results are validated in full when read: a file that decodes as them is cxsim's.
    const writeOptions = (option: string): WriteOptions => ({
      force: flag(parsed, "force"),
      inputs: loaded.inputs,
      option,
      owned: option === "--baseline" ? (text) => Either.isRight(decodeStored(option, text)) : undefined
    })
    for (const [option, file] of outputs) yield* fromTaggedPromise(() => checkOutput(file, writeOptions(option)))
    // Warnings about a suite's scenario are printed, never errors: a suite may hold a variant that
    // deliberately changes nothing (a no-difference gate); bench's --strict is about its gates.
    for (const scenarioFile of new Set(loaded.suites.map((s) => s.scenarioFile))) yield* warnScenario(io, scenarioFile, undefined, false)

    // One progress bar per suite.
    let bar: ProgressBar | undefined
    let barSuite = ""
    const onProgress = (p: { readonly suite: string; readonly done: number; readonly total: number }): void => {
      if (bar === undefined || p.suite !== barSuite) {
        bar?.finish()
        barSuite = p.suite
        bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, p.suite)
      }
      bar.update(p.done, p.total)
    }
    const { result, updatedBaseline } = yield* runBenchEffect(loaded, { ...options, onProgress }).pipe(Effect.ensuring(Effect.sync(() => bar?.finish())))

    const texts: Record<string, string> = {
      "--json": renderBenchJson(result),
      "--junit": renderBenchJunit(result),
      "--markdown": renderBenchMarkdown(result),
      // Only when asked: the page's charts take a moment to draw.
      "--html": outputs.some(([option]) => option === "--html") ? renderBenchHtml(result) : "",
      "--baseline": updatedBaseline ?? ""
    }
    io.commit?.()
    yield* Effect.uninterruptible(
      Effect.forEach(outputs, ([option, file]) => fromTaggedPromise(() => writeAtomic(file, texts[option] ?? "", writeOptions(option))), { discard: true })
    )
    io.out(renderBenchText(result, { color: useColor(io) }))
    if (update && baselineFile !== undefined) io.out(`Stored the results of ${result.suites.length} suite${result.suites.length === 1 ? "" : "s"} in ${baselineFile}.\n`)
    return result.exitCode === 0 ? ExitCode.ok : ExitCode.breached
  })
