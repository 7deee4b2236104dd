/**
 * What a records file says about itself (design.md, contract — records): the engine, the run
 * (scenario name and hash, variant, seed, customers, horizon), the level and every column with
 * its type and meaning. CSV keeps it in a sidecar FILE.meta.json (a CSV reader sees a plain
 * table), NDJSON on its first line as {"meta": …}, Parquet in its key-value metadata under
 * "cxsim". A shard's file (`cxsim run --shard i/n --records FILE`) says which shard it holds and
 * its blocks and customers: the shards' rows, in shard order, are the one-machine file's rows.
 */
import type { CompiledModel } from "../engine/compile.js"
import type { BlockRange } from "../engine/run.js"
import type { Shard } from "../engine/shard.js"
import { recordColumns, type ColumnKind, type RecordColumn, type RecordLevel } from "../engine/recordsJob.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { VERSION } from "../version.js"

export const RECORDS_FORMAT = "cxsim-records"
export const RECORDS_FORMAT_VERSION = 1

/** The file formats of records, by file extension. */
export type RecordsFormat = "csv" | "ndjson" | "parquet"

export const recordsFormats: ReadonlyArray<RecordsFormat> = ["csv", "ndjson", "parquet"]

/** The format a file name asks for (.csv, .ndjson or .jsonl, .parquet), or undefined. */
export const recordsFormatOf = (file: string): RecordsFormat | undefined => {
  const m = /\.(csv|ndjson|jsonl|parquet)$/i.exec(file)
  if (m === null) return undefined
  const ext = m[1]!.toLowerCase()
  return ext === "jsonl" ? "ndjson" : (ext as RecordsFormat)
}

/** The type a column's values have in a file. */
export type ValueType = "integer" | "number" | "boolean" | "string"

export const valueType = (kind: ColumnKind): ValueType =>
  kind === "float" ? "number" : kind === "flag" ? "boolean" : kind === "int" || kind === "optionalInt" ? "integer" : "string"

export interface RecordsMeta {
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly format: typeof RECORDS_FORMAT
  readonly formatVersion: number
  readonly scenario: { readonly name: string; readonly hash: string }
  readonly variant: string | null
  readonly seed: number
  readonly customers: number
  readonly horizon: number
  readonly level: RecordLevel
  /** The shard the file holds: its blocks and customers ([from, to)); null for the whole run. */
  readonly shard: { readonly index: number; readonly count: number; readonly blocks: BlockRange; readonly customers: { readonly from: number; readonly to: number } } | null
  /** How numbers are written. */
  readonly numbers: string
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: ValueType; readonly nullable: boolean; readonly description: string }>
}

const nullable = (kind: ColumnKind): boolean => kind === "optionalInt" || kind === "outcome" || kind === "touchpoint"

export const recordsMeta = (
  scenario: ResolvedScenario,
  model: CompiledModel,
  level: RecordLevel,
  format: RecordsFormat,
  shard?: { readonly shard: Shard; readonly blocks: BlockRange; readonly customers: { readonly from: number; readonly to: number } }
): RecordsMeta => ({
  engine: { name: "cxsim", version: VERSION },
  format: RECORDS_FORMAT,
  formatVersion: RECORDS_FORMAT_VERSION,
  scenario: { name: scenario.name, hash: scenario.hash },
  variant: scenario.variant,
  seed: model.seed,
  customers: model.population,
  horizon: model.horizon,
  level,
  shard: shard === undefined ? null : { index: shard.shard.index, count: shard.shard.count, blocks: shard.blocks, customers: shard.customers },
  numbers:
    format === "parquet"
      ? "integers as INT32, numbers as DOUBLE (exact), flags as BOOLEAN, ids as UTF-8 strings"
      : "decimal point, no thousands separators; numbers to 9 decimals, trailing zeros dropped",
  columns: recordColumns(model.meta, level).map((c: RecordColumn) => ({ name: c.name, type: valueType(c.kind), nullable: nullable(c.kind), description: c.description }))
})
