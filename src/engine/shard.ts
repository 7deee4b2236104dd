/**
 * Partial results (shards): `cxsim run --shard i/n` runs a contiguous slice of the blocks and
 * writes its exact totals with everything needed to check and finish the run; `cxsim merge`
 * checks that the parts belong to the same run and cover every block exactly once, adds their
 * totals exactly, and reports as one run would — byte for byte (design.md, Scale).
 *
 * A part holds: the format and its version, the engine version, the scenario's name and hash, the
 * variant, seed, population and block size, the shard (i of n) and its block range, the grid and
 * the exact totals (decimal integers in units of 2^-grid), and the resolved scenario itself (plain
 * data), from which the merge rebuilds the model: no scenario file is needed to merge. Its first
 * member is the SHA-256 checksum of the rest (src/checksum.ts): the merge refuses a part edited
 * since it was written, and checks that each part's customer count is the one its totals hold.
 */
import { sign, unsign } from "../checksum.js"
import { VERSION } from "../version.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { addExactTotals, exactFromStrings, exactToFloat64, exactToStrings, GRID_BITS, layout, makeExact, S, type Exact } from "./accumulator.js"
import { compile, type CompiledModel } from "./compile.js"
import { BLOCK_SIZE } from "./kernel.js"
import { blockCount, customersIn, shardRange, withRun, type BlockRange, type BlocksResult } from "./run.js"

export const PART_FORMAT = "cxsim-part"
export const PART_FORMAT_VERSION = 1
/** The largest part `cxsim merge` reads: far above any real part (totals and a scenario). */
export const MAX_PART_BYTES = 64 * 1024 * 1024

export interface Shard {
  /** 1-based. */
  readonly index: number
  readonly count: number
}

export interface Part {
  readonly format: typeof PART_FORMAT
  readonly formatVersion: number
  readonly engine: { readonly name: "cxsim"; readonly version: string }
  readonly scenario: { readonly name: string; readonly hash: string }
  readonly variant: string | null
  readonly seed: number
  readonly population: number
  readonly blockSize: number
  readonly blocks: number
  readonly shard: Shard
  readonly range: BlockRange
  readonly customers: number
  readonly grid: number
  readonly totals: ReadonlyArray<string>
  readonly resolved: ResolvedScenario
}

/** "i/n" with 1 ≤ i ≤ n ≤ 100000, or undefined. */
export const readShard = (text: string): Shard | undefined => {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text)
  if (m === null) return undefined
  const index = Number(m[1])
  const count = Number(m[2])
  return index >= 1 && index <= count && count <= 100_000 ? { index, count } : undefined
}

/** The part file of a shard's run, as text (one line of JSON, its checksum first). */
export const encodePart = (scenario: ResolvedScenario, r: BlocksResult, shard: Shard): string => {
  const part: Part = {
    format: PART_FORMAT,
    formatVersion: PART_FORMAT_VERSION,
    engine: { name: "cxsim", version: VERSION },
    scenario: { name: scenario.name, hash: scenario.hash },
    variant: scenario.variant,
    seed: r.model.seed,
    population: r.model.population,
    blockSize: BLOCK_SIZE,
    blocks: blockCount(r.model.population),
    shard,
    range: r.blocks,
    customers: customersIn(r.model.population, r.blocks),
    grid: GRID_BITS,
    totals: exactToStrings(r.exact),
    resolved: scenario
  }
  return sign(`${JSON.stringify(part)}\n`)
}

/** A part file as read: its name (for messages) and its text. */
export interface PartFile {
  readonly file: string
  readonly text: string
}

export type Merged =
  | { readonly ok: true; readonly scenario: ResolvedScenario; readonly model: CompiledModel; readonly exact: Exact }
  | { readonly ok: false; readonly problems: ReadonlyArray<string> }

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x)

/** Decode one part; a problem message (naming the file) when it is not a readable part. */
const decode = (f: PartFile): Part | string => {
  let data: unknown
  const marked = unsign(f.text)
  try {
    data = JSON.parse(marked.body)
  } catch {
    return `${f.file}: not a partial result of cxsim run --shard (not JSON)`
  }
  if (!isObject(data) || data["format"] !== PART_FORMAT) return `${f.file}: not a partial result of cxsim run --shard`
  if (data["formatVersion"] !== PART_FORMAT_VERSION) return `${f.file}: partial-result format ${JSON.stringify(data["formatVersion"] ?? null).slice(0, 40)}; this cxsim reads format ${PART_FORMAT_VERSION}`
  if (marked.mark !== "valid") {
    return `${f.file}: ${marked.mark === "none" ? "a partial result without its checksum" : "a partial result changed since cxsim wrote it (its checksum does not match its content)"}; run its shard again`
  }
  const shard = data["shard"]
  const range = data["range"]
  const fields = ["seed", "population", "blockSize", "blocks", "customers", "grid"]
  if (
    !isObject(data["engine"]) ||
    !isObject(data["scenario"]) ||
    !isObject(shard) ||
    !isObject(range) ||
    !isObject(data["resolved"]) ||
    !Array.isArray(data["totals"]) ||
    fields.some((k) => !Number.isSafeInteger(data[k])) ||
    ![shard["index"], shard["count"], range["from"], range["to"]].every((x) => Number.isSafeInteger(x))
  ) {
    return `${f.file}: a damaged partial result (fields missing or of the wrong type)`
  }
  return data as unknown as Part
}

const same = (a: Part, b: Part): string | undefined => {
  if (a.scenario.hash !== b.scenario.hash) return `scenario ${b.scenario.name} (hash ${b.scenario.hash.slice(0, 12)}…) where the others have ${a.scenario.name} (hash ${a.scenario.hash.slice(0, 12)}…)`
  if (a.variant !== b.variant) return `variant ${b.variant ?? "(baseline)"} where the others have ${a.variant ?? "(baseline)"}`
  if (a.seed !== b.seed) return `seed ${b.seed} where the others have ${a.seed}`
  if (a.population !== b.population) return `population ${b.population} where the others have ${a.population}`
  if (a.shard.count !== b.shard.count) return `a split into ${b.shard.count} shards where the others have ${a.shard.count}`
  if (a.blockSize !== b.blockSize || a.grid !== b.grid || a.totals.length !== b.totals.length) return "another accumulator layout"
  return undefined
}

const blocksText = (r: BlockRange, population: number): string =>
  r.to > r.from ? `blocks ${r.from}–${r.to - 1}, customers ${r.from * BLOCK_SIZE + 1}–${r.from * BLOCK_SIZE + customersIn(population, r)}` : "no blocks"

/**
 * Check that the parts belong to one run (engine version, scenario hash, variant, seed,
 * population, split) and cover every block exactly once, then add their totals exactly.
 * Every problem is listed, each naming the part files concerned.
 */
export const mergeParts = (files: ReadonlyArray<PartFile>): Merged => {
  const problems: string[] = []
  const parts: Array<{ readonly file: string; readonly part: Part }> = []
  for (const f of files) {
    const p = decode(f)
    if (typeof p === "string") problems.push(p)
    else parts.push({ file: f.file, part: p })
  }
  if (problems.length > 0) return { ok: false, problems }
  if (parts.length === 0) return { ok: false, problems: ["no parts to merge"] }

  for (const { file, part } of parts) {
    if (part.engine.version !== VERSION) problems.push(`${file}: written by cxsim ${part.engine.version}; this is cxsim ${VERSION} — run every shard and the merge with the same version`)
  }
  const first = parts[0]!
  for (const { file, part } of parts.slice(1)) {
    const d = same(first.part, part)
    if (d !== undefined) problems.push(`${file}: from another run than ${first.file}: ${d}`)
  }
  if (problems.length > 0) return { ok: false, problems }

  const { population, blocks } = first.part
  const count = first.part.shard.count
  if (blocks !== blockCount(population) || first.part.blockSize !== BLOCK_SIZE || first.part.grid !== GRID_BITS) {
    return { ok: false, problems: [`${first.file}: a damaged partial result (its block layout does not match its population)`] }
  }
  const byIndex = new Map<number, string>()
  for (const { file, part } of parts) {
    const { index } = part.shard
    const expected = shardRange(blocks, index, count)
    if (part.range.from !== expected.from || part.range.to !== expected.to) {
      problems.push(`${file}: a damaged partial result (shard ${index}/${count} should hold blocks ${expected.from}–${expected.to - 1})`)
      continue
    }
    const other = byIndex.get(index)
    if (other !== undefined) problems.push(`${file}: shard ${index}/${count} is given twice (also ${other}); give each part once`)
    else byIndex.set(index, file)
  }
  for (let i = 1; i <= count; i++) {
    if (!byIndex.has(i)) problems.push(`shard ${i}/${count} is missing (${blocksText(shardRange(blocks, i, count), population)}); give every part of the run`)
  }
  if (problems.length > 0) return { ok: false, problems }

  const scenario = first.part.resolved
  if (scenario.hash !== first.part.scenario.hash) return { ok: false, problems: [`${first.file}: a damaged partial result (its scenario does not match its hash)`] }
  let model: CompiledModel
  try {
    model = withRun(compile(scenario), { customers: population, seed: first.part.seed })
  } catch {
    return { ok: false, problems: [`${first.file}: a damaged partial result (its scenario does not compile)`] }
  }
  const size = layout(model).size
  const total = makeExact(size)
  const l = layout(model)
  for (const { file, part } of parts) {
    try {
      if (part.totals.length !== size) throw new Error("size")
      const exact = exactFromStrings(part.totals)
      // The customers the totals count must be the customers of the part's blocks.
      const sums = exactToFloat64(exact)
      let n = 0
      for (let p = 0; p < model.nPersonas; p++) n += sums[p * l.stride + S.n]!
      if (n !== part.customers || part.customers !== customersIn(population, part.range)) {
        problems.push(`${file}: a damaged partial result (its totals count ${n} customers; its blocks hold ${customersIn(population, part.range)})`)
        continue
      }
      addExactTotals(total, exact)
    } catch {
      problems.push(`${file}: a damaged partial result (its totals do not fit the scenario)`)
    }
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, scenario, model, exact: total }
}
