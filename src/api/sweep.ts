/**
 * The library API of sweeps: run a design's points on a scenario, streaming rows to a file that a
 * rerun resumes, and merge the shards of a sweep run on several machines.
 */
import { toPromise, type Cancellable } from "./toPromise.js"
import { mergeSweepEffect } from "../sweep/mergeSweep.js"
import { sweepEffect, type SweepOptions, type SweepResult } from "../sweep/runSweep.js"

export { sweepEffect, mergeSweepEffect, type SweepOptions, type SweepResult }

/**
 * Run every point of a design file on a scenario, each for every replication, and append a row
 * per point × replication × segment × metric (value and 95% interval) to `out`, point by point.
 * Rerun the same call after an interruption: complete points are kept, the rest is run.
 *
 * @example
 * import { sweep } from "cxsim"
 * const r = await sweep("scenarios/restaurant.yaml", "designs/kitchen.yaml", { out: "kitchen.csv" })
 * console.log(`${r.ran} points run, ${r.resumed} already done`)
 *
 * Rejects with `InvalidInput` (scenario or design problems, with file, line and field),
 * `UsageError` (an `out` that belongs to another sweep), `FileError` or `WorkerError`.
 */
export const sweep = (scenarioFile: string, designFile: string, options: SweepOptions & Cancellable): Promise<SweepResult> =>
  toPromise(sweepEffect(scenarioFile, designFile, options), options.signal)

/**
 * Merge the files of a sweep's shards (`shard: { index, count }`) into the one-machine file.
 *
 * @example
 * await mergeSweep(["part-1.csv", "part-2.csv", "part-3.csv"], "sweep.csv")
 */
export const mergeSweep = (parts: ReadonlyArray<string>, out: string, options: { readonly force?: boolean | undefined } = {}): Promise<{ readonly file: string; readonly points: number }> =>
  toPromise(mergeSweepEffect(parts, out, options))
