/** cxsim sensitivity SCENARIO DESIGN: which parameters matter for whom (oat, morris, sobol). */
import * as Effect from "effect/Effect"
import { sensitivityEffect } from "../../api/sensitivity.js"
import { UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { sensitivityMethods, type SensitivityMethod } from "../../model/Design.js"
import type { SensitivityReport } from "../../stats/sensitivity/SensitivityReport.js"
import { renderSensitivity, sensitivityFormats, type SensitivityFormat } from "../../report/renderSensitivity.js"
import { metrics } from "../../stats/Comparison.js"
import { flag, intOption, parse, str } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { sensitivityHelp } from "../helpSweep.js"
import type { Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic } from "../output.js"
import { progressBar } from "../progress.js"
import { strictOption, warnScenario } from "../warnings.js"

export const sensitivityCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("sensitivity", args, {
      method: { type: "string" },
      metric: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      customers: { type: "string" },
      seed: { type: "string" },
      workers: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      ...strictOption,
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(sensitivityHelp)
      return ExitCode.ok
    }
    const fail = (message: string, hint?: string) => Effect.fail(new UsageError({ message: `cxsim sensitivity: ${message}`, hint }))
    if (parsed.positionals.length !== 2) {
      return yield* fail(`give a scenario and a design file, got ${parsed.positionals.length} file${parsed.positionals.length === 1 ? "" : "s"}`, "cxsim sensitivity scenarios/restaurant.yaml designs/kitchen.yaml")
    }
    const [scenario, design] = parsed.positionals as [string, string]
    const method = str(parsed, "method")
    if (method !== undefined && !(sensitivityMethods as ReadonlyArray<string>).includes(method)) return yield* fail(`unknown method "${method}"`, suggest(method, sensitivityMethods))
    const format = (str(parsed, "format") ?? "table") as SensitivityFormat
    if (!sensitivityFormats.includes(format)) return yield* fail(`unknown format "${format}"`, suggest(format, sensitivityFormats))
    const metric = str(parsed, "metric")
    if (metric !== undefined && !(metrics as ReadonlyArray<string>).includes(metric)) return yield* fail(`unknown metric "${metric}"`, suggest(metric, metrics))
    yield* warnScenario(io, scenario, undefined, flag(parsed, "strict"))
    const out = str(parsed, "out")
    const written = { force: flag(parsed, "force"), inputs: [scenario, design] }
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, written))
    const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, "sensitivity")
    const report = yield* sensitivityEffect(scenario, design, {
      method: method as SensitivityMethod | undefined,
      customers: intOption("sensitivity", "customers", str(parsed, "customers"), 1, 1e9),
      seed: intOption("sensitivity", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1),
      workers: intOption("sensitivity", "workers", str(parsed, "workers"), 1, 256),
      onProgress: (p) => bar.update(p.done, p.total)
    }).pipe(Effect.ensuring(Effect.sync(() => bar.finish())))
    const shown =
      metric === undefined
        ? report
        : // The same report (the same method) with one metric's results.
          ({ ...report, metrics: report.metrics.filter((m) => m === metric), results: report.results.filter((r) => r.metric === metric), disagreements: report.disagreements.filter((d) => d.metric === metric) } as SensitivityReport)
    if (metric !== undefined && shown.results.length === 0) return yield* fail(`the design does not report "${metric}"`, `its metrics: ${report.metrics.join(", ")}`)
    const text = renderSensitivity(shown, format)
    io.commit?.()
    if (out === undefined) io.out(text)
    else yield* Effect.uninterruptible(fromTaggedPromise(() => writeAtomic(out, text, written)))
    return ExitCode.ok
  })
