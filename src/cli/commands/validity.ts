/**
 * cxsim validity: run the validity suite (does the model reproduce the literature's effects?),
 * optionally with a persona file's behavioural parameters, and exit 1 when an effect does not
 * hold (or cannot be measured), like a breached bench gate.
 */
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { renderValidity, validityFormats, type ValidityFormat } from "../../report/renderValidity.js"
import { SUITE_FOLDER, validityEffect } from "../../validity/runValidity.js"
import { flag, intOption, parse, str } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { validityHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic } from "../output.js"
import { progressBar } from "../progress.js"

/** The suite's scenario and persona files. */
const suiteFiles = (): string[] =>
  [SUITE_FOLDER, path.join(SUITE_FOLDER, "personas")].flatMap((dir) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => path.join(dir, f)) : []
  )

export const validityCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("validity", args, {
      persona: { type: "string", multiple: true },
      customers: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(validityHelp)
      return ExitCode.ok
    }
    if (parsed.positionals.length > 0) {
      return yield* Effect.fail(
        new UsageError({ message: `cxsim validity: unexpected argument "${parsed.positionals[0]}"`, hint: "give a persona file with --persona FILE" })
      )
    }
    const format = (str(parsed, "format") ?? "table") as ValidityFormat
    if (!validityFormats.includes(format)) {
      return yield* Effect.fail(new UsageError({ message: `cxsim validity: unknown format "${format}"`, hint: suggest(format, validityFormats) ?? `formats: ${validityFormats.join(", ")}` }))
    }
    const customers = intOption("validity", "customers", str(parsed, "customers"), 100, 1e7)
    const personas = (parsed.values["persona"] as unknown as ReadonlyArray<string> | undefined) ?? []
    const out = str(parsed, "out")
    // Never over an input: the persona files, nor the suite's own scenarios and personas.
    const inputs = [...personas.map((p) => path.resolve(io.cwd, p)), ...suiteFiles()]
    const written = { force: flag(parsed, "force"), inputs }
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, written))

    // Once with the defaults when no persona is given, else once per persona file.
    const runs = personas.length === 0 ? [undefined] : personas
    const texts: string[] = []
    let failed = false
    for (const persona of runs) {
      const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, persona === undefined ? "validity" : path.basename(persona))
      const report = yield* validityEffect({
        customers,
        persona: persona === undefined ? undefined : path.isAbsolute(persona) ? persona : path.relative(process.cwd(), path.resolve(io.cwd, persona)),
        onProgress: (p) => bar.update(p.done, p.total)
      }).pipe(Effect.ensuring(Effect.sync(() => bar.finish())))
      texts.push(renderValidity(report, format, { color: out === undefined && useColor(io), width: io.columns }))
      if (report.summary.passed !== report.effects.length) failed = true
    }
    const text = format === "json" && texts.length > 1 ? `[\n${texts.map((t) => t.trimEnd()).join(",\n")}\n]\n` : texts.join("\n")
    io.commit?.()
    if (out === undefined) io.out(text)
    else yield* Effect.uninterruptible(fromTaggedPromise(() => writeAtomic(out, text, written)))
    return failed ? ExitCode.breached : ExitCode.ok
  })
