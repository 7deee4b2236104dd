/** cxsim compare SCENARIO: the baseline and its variants on the same customers, paired per customer. */
import * as Effect from "effect/Effect"
import * as os from "node:os"
import { UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { loadEffect } from "../../api.js"
import type { YamlFile } from "../../load/YamlFile.js"
import type { ResolvedScenario } from "../../model/Resolved.js"
import { formats, type Format } from "../../report/render.js"
import { renderComparison } from "../../report/renderComparison.js"
import { compareEffect } from "../../api/compare.js"
import { flag, intOption, parse, str, workersOption } from "../args.js"
import { compareHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic } from "../output.js"
import { progressBar } from "../progress.js"
import { strictOption, warnScenario } from "../warnings.js"

/** A positive number of points, for --precision. */
export const precisionOption = (command: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const x = /^\d+(\.\d+)?$|^\.\d+$/.test(raw.trim()) ? Number(raw) : NaN
  if (!(Number.isFinite(x) && x > 0 && x <= 100)) {
    throw new UsageError({ message: `cxsim ${command}: --precision must be a number of NPS points above 0 and at most 100, got "${raw}"`, hint: "--precision 0.5 asks for NPS ± 0.5 points" })
  }
  return x
}

/** The variant names asked for: --variants a,b (in that order, once each), or every variant of the scenario. */
const chooseVariants = (scenario: ResolvedScenario, listed: string | undefined, all: boolean, file: string): string[] => {
  const declared = Object.keys(scenario.variants)
  if (listed !== undefined && all) throw new UsageError({ message: "cxsim compare: give --variants or --all, not both", hint: "cxsim compare SCENARIO --variants a,b" })
  if (listed !== undefined) {
    const names = [...new Set(listed.split(",").map((s) => s.trim()).filter((s) => s !== ""))]
    if (names.length === 0) throw new UsageError({ message: "cxsim compare: --variants needs at least one variant name", hint: declared.length > 0 ? `variants: ${declared.join(", ")}` : undefined })
    return names
  }
  if (declared.length === 0) {
    throw new UsageError({
      message: `cxsim compare: ${file} declares no variants; there is nothing to compare the baseline with`,
      hint: "add a variants: section (docs/format.md, Variants), or use cxsim run"
    })
  }
  return declared
}

export const compareCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("compare", args, {
      variants: { type: "string" },
      all: { type: "boolean" },
      customers: { type: "string" },
      seed: { type: "string" },
      precision: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      workers: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      ...strictOption,
      help: { type: "boolean", short: "h" }
    })
    const positionals = parsed.positionals
    if (flag(parsed, "help")) {
      io.out(compareHelp)
      return
    }
    if (positionals.length !== 1) {
      return yield* Effect.fail(
        new UsageError({
          message: positionals.length === 0 ? "cxsim compare: which scenario? Give one scenario file" : `cxsim compare: one scenario at a time, got ${positionals.length}`,
          hint: "cxsim compare scenarios/restaurant.yaml --variants faster-kitchen"
        })
      )
    }
    const file = positionals[0] as string
    const format = (str(parsed, "format") ?? "table") as Format
    if (!formats.includes(format)) {
      return yield* Effect.fail(new UsageError({ message: `cxsim compare: unknown format "${format}"`, hint: suggest(format, formats) }))
    }
    const customers = intOption("compare", "customers", str(parsed, "customers"), 1, 1e9)
    const seed = intOption("compare", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1)
    const precision = precisionOption("compare", str(parsed, "precision"))
    const workers = workersOption("compare", str(parsed, "workers"), os.availableParallelism(), io.err)
    // The files are read and decoded once, for the baseline, the variants and the warnings.
    const files = new Map<string, YamlFile>()
    const baseline = yield* loadEffect(file, { files })
    yield* warnScenario(io, file, undefined, flag(parsed, "strict"), files)
    const names = chooseVariants(baseline, str(parsed, "variants"), flag(parsed, "all"), file)
    const variants: ResolvedScenario[] = []
    for (const name of names) variants.push(yield* loadEffect(file, { variant: name, files }))
    const inputs = [file, ...baseline.personas.map((p) => p.file)]
    const out = str(parsed, "out")
    const written = { force: flag(parsed, "force"), inputs }
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, written))
    const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, `${baseline.name} compare`)
    const comparison = yield* compareEffect(baseline, variants, { customers, seed, precision, workers, onProgress: (p) => bar.update(p.done, p.total) }).pipe(
      Effect.ensuring(Effect.sync(() => bar.finish()))
    )
    const text = renderComparison(comparison, format, { color: out === undefined && useColor(io) })
    io.commit?.()
    if (out === undefined) io.out(text)
    else yield* Effect.uninterruptible(fromTaggedPromise(() => writeAtomic(out, text, written)))
  })
