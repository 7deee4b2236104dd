/** cxsim sweep SCENARIO DESIGN --out FILE: run a design's points, resumably; --merge joins shards. */
import * as Effect from "effect/Effect"
import { mergeSweepEffect, sweepEffect } from "../../api/sweep.js"
import { readShard } from "../../engine/shard.js"
import { UsageError } from "../../load/errors.js"
import { suggest } from "../../load/Issue.js"
import { sweepFormats, type SweepFormat } from "../../sweep/SweepFile.js"
import { flag, intOption, parse, str } from "../args.js"
import { ExitCode } from "../exitCodes.js"
import { sweepHelp } from "../helpSweep.js"
import type { Io } from "../Io.js"
import { strictOption, warnScenario } from "../warnings.js"
import { progressBar } from "../progress.js"

export const sweepCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("sweep", args, {
      out: { type: "string" },
      format: { type: "string" },
      shard: { type: "string" },
      merge: { type: "boolean" },
      customers: { type: "string" },
      seed: { type: "string" },
      workers: { type: "string" },
      force: { type: "boolean" },
      quiet: { type: "boolean", short: "q" },
      ...strictOption,
      help: { type: "boolean", short: "h" }
    })
    if (flag(parsed, "help")) {
      io.out(sweepHelp)
      return ExitCode.ok
    }
    const out = str(parsed, "out")
    const fail = (message: string, hint?: string) => Effect.fail(new UsageError({ message: `cxsim sweep: ${message}`, hint }))
    if (out === undefined) return yield* fail("--out is required: rows are appended to a file as points finish, and a rerun resumes it", "cxsim sweep SCENARIO DESIGN --out sweep.csv")
    if (flag(parsed, "merge")) {
      const r = yield* mergeSweepEffect(parsed.positionals, out, { force: flag(parsed, "force") })
      io.out(`${r.file}: ${r.points} points merged\n`)
      return ExitCode.ok
    }
    if (parsed.positionals.length !== 2) {
      return yield* fail(`give a scenario and a design file, got ${parsed.positionals.length} file${parsed.positionals.length === 1 ? "" : "s"}`, "cxsim sweep scenarios/restaurant.yaml designs/kitchen.yaml --out k.csv")
    }
    const [scenario, design] = parsed.positionals as [string, string]
    yield* warnScenario(io, scenario, undefined, flag(parsed, "strict"))
    const formatText = str(parsed, "format")
    if (formatText !== undefined && !(sweepFormats as ReadonlyArray<string>).includes(formatText)) return yield* fail(`unknown format "${formatText}"`, suggest(formatText, sweepFormats))
    const shardText = str(parsed, "shard")
    const shard = shardText === undefined ? undefined : readShard(shardText)
    if (shardText !== undefined && shard === undefined) return yield* fail(`--shard must be i/n with 1 ≤ i ≤ n, got "${shardText}"`, "--shard 2/3 runs the second third of the points")
    const bar = flag(parsed, "quiet") ? progressBar({ ...io, stderrIsTTY: false }, "") : progressBar(io, shard === undefined ? "sweep" : `sweep ${shard.index}/${shard.count}`)
    const r = yield* sweepEffect(scenario, design, {
      out,
      format: formatText as SweepFormat | undefined,
      shard,
      force: flag(parsed, "force"),
      customers: intOption("sweep", "customers", str(parsed, "customers"), 1, 1e9),
      seed: intOption("sweep", "seed", str(parsed, "seed"), 0, 2 ** 32 - 1),
      workers: intOption("sweep", "workers", str(parsed, "workers"), 1, 256),
      onProgress: (p) => bar.update(p.done, p.total)
    }).pipe(Effect.ensuring(Effect.sync(() => bar.finish())))
    const resumed = r.resumed > 0 ? ` (${r.resumed} already done, ${r.ran} run)` : ""
    io.out(`${r.file}: ${r.points} points${resumed}, ${r.rows} rows\n`)
    return ExitCode.ok
  })
