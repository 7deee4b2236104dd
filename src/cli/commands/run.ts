/** cxsim run SCENARIO: simulate and report. */
import { Effect } from "effect"
import { simulateScenarioEffect } from "../../api.js"
import { FileError, UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { loadScenario } from "../../load/loadScenario.js"
import { formats, render, type Format } from "../../report/render.js"
import { flag, intOption, parse, str } from "../args.js"
import { runHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, writeAtomic } from "../output.js"
import { progressBar } from "../progress.js"

export const runCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("run", args, {
      variant: { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" }
    })
    const positionals = parsed.positionals
    if (flag(parsed, "help")) {
      io.out(runHelp)
      return
    }
    if (positionals.length !== 1) {
      return yield* Effect.fail(
        new UsageError({
          message: positionals.length === 0 ? "cxsim run: which scenario? Give one scenario file" : `cxsim run: one scenario at a time, got ${positionals.length}`,
          hint: "cxsim run scenarios/restaurant.yaml"
        })
      )
    }
    const file = positionals[0] as string
    const format = (str(parsed, "format") ?? "table") as Format
    if (!formats.includes(format)) {
      return yield* Effect.fail(new UsageError({ message: `cxsim run: unknown format "${format}"`, hint: suggest(format, formats) }))
    }
    const customers = intOption("run", "customers", str(parsed, "customers"), 1, 1e9)
    const seed = intOption("run", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1)
    const scenario = yield* loadScenario(file, { variant: str(parsed, "variant") })
    const inputs = [file, ...scenario.personas.map((p) => p.file)]
    const out = str(parsed, "out")
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, { force: flag(parsed, "force"), inputs }))
    const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, scenario.name)
    const report = yield* simulateScenarioEffect(scenario, { customers, seed, onProgress: (p) => bar.update(p.done, p.total) }).pipe(
      Effect.ensuring(Effect.sync(() => bar.finish()))
    )
    const text = render(report, format, { color: out === undefined && useColor(io) })
    if (out === undefined) io.out(text)
    else yield* fromTaggedPromise(() => writeAtomic(out, text))
  })

/** Our file helpers reject only with tagged errors (UsageError, FileError). */
export const fromTaggedPromise = <A>(f: () => Promise<A>) =>
  Effect.tryPromise({ try: f, catch: (e) => e as UsageError | FileError })
