/**
 * Merging the shards of a sweep: the files of `--shard 1/N` … `N/N`, each complete, of the same
 * scenario and design, joined in shard order into the file a one-machine run writes, byte for
 * byte.
 */
import * as Effect from "effect/Effect"
import * as fs from "node:fs/promises"
import { checkOutput, writeAtomic } from "../cli/output.js"
import { shardRange } from "../engine/run.js"
import { FileError, UsageError } from "../load/errors.js"
import { readBounded } from "../load/readBounded.js"
import { describeFsError } from "../load/YamlFile.js"
import { completePrefix, metaLine, readMeta, sweepFormatOf, type SweepFormat, type SweepMeta } from "./SweepFile.js"

/** A shard file is read whole: at most this much (a sweep's rows are a few hundred bytes each). */
const MAX_SHARD_BYTES = 256 * 1024 * 1024

const usage = (message: string, hint?: string) => Effect.fail(new UsageError({ message, hint }))

/**
 * Merge shard files into `out` (written atomically). Fails with a UsageError naming the file
 * when a shard is missing, repeated, incomplete or from another sweep.
 *
 * @example
 * await Effect.runPromise(mergeSweepEffect(["part-1.csv", "part-2.csv"], "sweep.csv"))
 */
export const mergeSweepEffect = (parts: ReadonlyArray<string>, out: string, options: { readonly force?: boolean | undefined } = {}): Effect.Effect<{ readonly file: string; readonly points: number }, UsageError | FileError> =>
  Effect.gen(function* () {
    if (parts.length === 0) return yield* usage("cxsim sweep --merge: which files? Give the shard files", "cxsim sweep --merge part-*.csv --out sweep.csv")
    const read: Array<{ file: string; text: string; meta: SweepMeta; format: SweepFormat; index: number; count: number; bodyAt: number }> = []
    for (const file of parts) {
      // A regular file only (a FIFO would block, a device never end), within a bound far above any sweep's.
      const text = yield* Effect.tryPromise({ try: () => readBounded(file, MAX_SHARD_BYTES), catch: (e) => (e instanceof FileError ? e : new FileError({ file, message: describeFsError(e) })) })
      const nl = text.indexOf("\n")
      const found = readMeta(nl < 0 ? text : text.slice(0, nl))
      if (found === undefined)
        return yield* usage(
          `${file} is not a cxsim sweep file`,
          /\.ya?ml$/i.test(file) ? "--merge takes the shard files only: cxsim sweep --merge part-1.csv part-2.csv --out sweep.csv" : undefined
        )
      const m = /^(\d+)\/(\d+)$/.exec(found.meta.shard)
      const header = found.format === "csv" ? text.indexOf("\n", nl + 1) + 1 : nl + 1
      read.push({ file, text, meta: found.meta, format: found.format, index: Number(m?.[1]), count: Number(m?.[2]), bodyAt: header })
    }
    const first = read[0] as (typeof read)[number]
    const head = (r: (typeof read)[number]) => metaLine({ ...r.meta, shard: "1/1" }, r.format) + r.text.slice(r.text.indexOf("\n") + 1, r.bodyAt)
    for (const r of read) {
      if (head(r) !== head(first)) return yield* usage(`${r.file} is from another sweep than ${first.file} (scenario, design or format differ)`)
      if (r.count !== first.count) return yield* usage(`${r.file} is shard ${r.meta.shard}, ${first.file} is shard ${first.meta.shard}: not the same split`)
    }
    // The merged file is the one-machine run's, in the parts' format: its name must not say another.
    const named = sweepFormatOf(out)
    if (named !== undefined && named !== first.format) {
      const ext = first.format === "csv" ? "csv" : "ndjson"
      return yield* usage(`${out}: the parts are ${first.format === "csv" ? "CSV" : "NDJSON"}, not ${named === "csv" ? "CSV" : named === "ndjson" ? "NDJSON" : "Parquet"}`, `name the merged file .${ext} (--out ${out.replace(/\.[^./\\]+$/, "")}.${ext})`)
    }
    const byIndex = new Map<number, (typeof read)[number]>()
    for (const r of read) {
      const twice = byIndex.get(r.index)
      if (twice !== undefined) return yield* usage(`${r.file} and ${twice.file} are both shard ${r.meta.shard}`)
      byIndex.set(r.index, r)
    }
    const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !byIndex.has(i))
    if (missing.length > 0) return yield* usage(`shard${missing.length === 1 ? "" : "s"} ${missing.map((i) => `${i}/${first.count}`).join(", ")} missing`, "give every shard file of the sweep")
    let body = ""
    for (let i = 1; i <= first.count; i++) {
      const r = byIndex.get(i) as (typeof read)[number]
      const range = shardRange(r.meta.points, i, r.count)
      const done = completePrefix(r.text, range.from, r.meta.rowsPerPoint, r.format)
      if (done.points !== range.to - range.from || done.bytes !== r.text.length) {
        return yield* usage(`${r.file} (shard ${r.meta.shard}) is incomplete: ${done.points} of ${range.to - range.from} points`, `rerun the same cxsim sweep … --shard ${r.meta.shard} --out ${r.file} to finish it`)
      }
      body += r.text.slice(r.bodyAt)
    }
    // Replacing an earlier merge is fine; anything else cxsim did not write needs force.
    const existing = yield* Effect.promise(() => fs.readFile(out, "utf8").then((t) => t.slice(0, 4096), () => undefined))
    const ours = existing !== undefined && readMeta(existing.split("\n")[0] ?? "") !== undefined
    yield* Effect.tryPromise({ try: () => checkOutput(out, { force: ours || options.force === true, inputs: parts }), catch: (e) => e as UsageError | FileError })
    yield* Effect.tryPromise({ try: () => writeAtomic(out, head(first) + body, { force: true, inputs: parts, mark: false }), catch: (e) => e as FileError })
    return { file: out, points: first.meta.points }
  })
