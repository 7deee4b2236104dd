/** cxsim calibrate SCENARIO --survey FILE --map MAP: fit personas to a survey, judge the fit out of sample. */
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as os from "node:os"
import { calibrateEffect } from "../../api/calibrate.js"
import { ANSWER_NOISE } from "../../calibrate/parameters.js"
import { parseWriteMode, writeBackEffect } from "../../calibrate/writeBack.js"
import { UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { calibrationFormats, renderCalibration, type CalibrationFormat } from "../../report/renderCalibration.js"
import { flag, intOption, parse, str, workersOption } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { calibrateHelp } from "../helpCalibrate.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic } from "../output.js"
import { progressBar } from "../progress.js"
import { escapeControl } from "../../escapeControl.js"

const phaseNames = { fit: "calibrate: fit", intervals: "calibrate: intervals", check: "calibrate: check" } as const

export const calibrateCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("calibrate", args, {
      survey: { type: "string" },
      map: { type: "string" },
      variant: { type: "string" },
      "fit-where": { type: "string" },
      seed: { type: "string" },
      customers: { type: "string" },
      budget: { type: "string" },
      optimizer: { type: "string" },
      workers: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      write: { type: "string" },
      strict: { type: "boolean" },
      force: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(calibrateHelp)
      return ExitCode.ok
    }
    const fail = (message: string, hint?: string) => Effect.fail(new UsageError({ message: `cxsim calibrate: ${message}`, hint }))
    const example = "cxsim calibrate scenarios/restaurant.yaml --survey survey.csv --map survey.map.yaml"
    if (parsed.positionals.length !== 1) return yield* fail(`give one scenario file, got ${parsed.positionals.length}`, example)
    const scenario = parsed.positionals[0] as string
    const survey = str(parsed, "survey")
    const map = str(parsed, "map")
    if (survey === undefined) return yield* fail("--survey FILE is required", example)
    if (map === undefined) return yield* fail("--map MAP.yaml is required", example)
    const format = (str(parsed, "format") ?? "table") as CalibrationFormat
    if (!calibrationFormats.includes(format)) return yield* fail(`unknown format "${format}"`, suggest(format, calibrationFormats))
    const writeText = str(parsed, "write")
    const mode = writeText === undefined ? undefined : parseWriteMode(writeText)
    if (mode !== undefined && mode.kind === "variant" && mode.name === "") return yield* fail("--write variant:NAME needs a name", "--write variant:calibrated")
    // A folder to write into is checked before the fit, not after minutes of it.
    if (mode !== undefined && mode.kind === "newFiles") {
      if (mode.dir.trim() === "") return yield* fail("--write needs a folder, in-place or variant:NAME", "--write calibrated/")
      const existing = fs.statSync(mode.dir, { throwIfNoEntry: false })
      if (existing !== undefined && !existing.isDirectory()) return yield* fail(`--write ${mode.dir}: a file of that name exists; give a folder`, "--write calibrated/")
    }
    const optimizer = str(parsed, "optimizer") as "scoring" | "cmaes" | undefined
    if (optimizer !== undefined && optimizer !== "scoring" && optimizer !== "cmaes") return yield* fail(`unknown optimizer "${optimizer}"`, suggest(optimizer, ["scoring", "cmaes"]) ?? "scoring or cmaes")
    const out = str(parsed, "out")
    const written = { force: flag(parsed, "force"), inputs: [scenario, survey, map] }
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, written))
    const options = {
      survey,
      map,
      variant: str(parsed, "variant"),
      where: str(parsed, "fit-where"),
      seed: intOption("calibrate", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1),
      customers: intOption("calibrate", "customers", str(parsed, "customers"), 1, 1e8),
      budget: intOption("calibrate", "budget", str(parsed, "budget"), 1, 1e6),
      optimizer,
      workers: workersOption("calibrate", str(parsed, "workers"), os.availableParallelism(), io.err),
      strict: flag(parsed, "strict")
    }
    const quiet = flag(parsed, "quiet")
    let phase: keyof typeof phaseNames | undefined
    let bar = progressBar({ ...io, stderrIsTTY: false }, "")
    const { result, values } = yield* calibrateEffect(scenario, {
      ...options,
      onProgress: (p) => {
        if (quiet) return
        if (p.phase !== phase) {
          bar.finish()
          phase = p.phase
          bar = progressBar(io, phaseNames[p.phase])
        }
        bar.update(p.done, p.total)
      }
    }).pipe(Effect.ensuring(Effect.sync(() => bar.finish())))
    const text = renderCalibration(result, format, { color: out === undefined && useColor(io), width: Math.max(72, Math.min(120, io.columns)) })
    io.commit?.()
    if (out === undefined) io.out(text)
    else yield* Effect.uninterruptible(fromTaggedPromise(() => writeAtomic(out, text, written)))
    if (mode !== undefined) {
      const kept = yield* writeBackEffect({ scenario, variant: options.variant, values, mode }).pipe(
        Effect.catchTag("VariantExists", (e) => fail(`${e.file} has a variant "${e.name}" already`, "choose another name with --write variant:NAME"))
      )
      for (const w of kept.warnings) io.err(`cxsim calibrate: warning: ${escapeControl(w)}\n`)
      io.err(`cxsim calibrate: wrote ${kept.files.map(escapeControl).join(", ")}\n`)
      const noise = result.parameters.find((p) => p.path === ANSWER_NOISE)
      if (noise !== undefined) io.err(`  not written: ${ANSWER_NOISE} = ${noise.estimate.value.toFixed(3)} is the survey's share of careless answers, not a value of the scenario\n`)
      io.err(`  run it: cxsim run ${escapeControl(kept.scenario)}${kept.variant === null ? "" : ` --variant ${escapeControl(kept.variant)}`}\n`)
    }
    return ExitCode.ok
  })
