/**
 * cxsim merge PART...: check that the partial results of `cxsim run --shard` belong to one run
 * and cover it exactly once, and report as that run would, byte for byte.
 */
import * as Effect from "effect/Effect"
import { mergeEffect } from "../../api/shards.js"
import { UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { formats, render, type Format } from "../../report/render.js"
import { flag, parse, str } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { mergeHelp } from "../help.js"
import { useColor, type Io } from "../Io.js"
import { checkOutput, fromTaggedPromise, writeAtomic } from "../output.js"

export const mergeCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("merge", args, {
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(mergeHelp)
      return ExitCode.ok
    }
    const files = parsed.positionals
    if (files.length === 0) {
      return yield* Effect.fail(new UsageError({ message: "cxsim merge: which parts? Give the files that cxsim run --shard wrote", hint: "cxsim merge part-*.json" }))
    }
    const format = (str(parsed, "format") ?? "table") as Format
    if (!formats.includes(format)) {
      return yield* Effect.fail(new UsageError({ message: `cxsim merge: unknown format "${format}"`, hint: suggest(format, formats) }))
    }
    const out = str(parsed, "out")
    const written = { force: flag(parsed, "force"), inputs: files }
    if (out !== undefined) yield* fromTaggedPromise(() => checkOutput(out, written))
    const report = yield* mergeEffect(files)
    const text = render(report, format, { color: out === undefined && useColor(io) })
    io.commit?.()
    if (out === undefined) io.out(text)
    else yield* Effect.uninterruptible(fromTaggedPromise(() => writeAtomic(out, text, written)))
    return ExitCode.ok
  })
