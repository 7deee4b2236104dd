/**
 * Reading a survey: the mapping file (YAML, decoded strictly with located errors), then the
 * survey itself (CSV or NDJSON), streamed in chunks into columnar typed arrays sized from the
 * file's size, so that 10^6 respondents need little more memory than their arrays. A CSV row that
 * is plainly valid is read from spans of the text (csvScan.ts), its labels looked up by their
 * characters (cellCache.ts), without a string per cell; any other row is read cell by cell as
 * strings, which says what is wrong with it (`rowSpans`, `row`).
 *
 * What a messy file gets (docs/calibrate.md lists the same):
 * - a BOM is dropped; lines may end in LF, CRLF or CR; blank lines are skipped;
 * - rows above the header (a title, notes) are skipped and counted: the header is the first of
 *   the first 20 records naming every mapped column (csv.ts, locateHeader);
 * - the separator (`,` `;` tab) is sniffed from the header, or given by `separator:`;
 *   a .tsv file is tab-separated;
 * - quoted cells may hold separators, line breaks and doubled quotes;
 * - numbers take the file's decimal mark (`decimal:`, or decided by the file: numbers.ts);
 * - labels match case-insensitively, spaces trimmed, a run of spaces as one; the `missing:`
 *   values are no answer;
 * - columns the mapping does not name are ignored; header names are trimmed and matched exactly
 *   (a mapped column missing from the header is refused with a did-you-mean, which also catches
 *   another case); a mapped column named twice in the header is refused;
 * - a row with more cells than the header is refused unless the extra cells are empty (a
 *   trailing separator); a row with fewer cells is refused; unnamed columns at the end of the
 *   header are no columns;
 * - an answer off its scale, an unknown label or a number that cannot be read is refused with
 *   its row and column, or, with `invalid: drop`, the row is dropped and counted;
 * - with an `id:` column, a row whose id an earlier kept row had is dropped and counted
 *   ("duplicate id"), the first kept;
 * - a row no segment rule matches is dropped and counted ("no segment"); a segment value close to
 *   one a rule names (a typo) is kept aside with its did-you-mean (`segmentTypos`);
 * - an empty file, a file of a header only, a binary file, text that is not UTF-8, a cell longer
 *   than 64 Ki characters or a row longer than 1 Mi characters is refused.
 * A value refused again in the same column is counted on its first problem ("and in N more
 * rows"), not listed again. At most 50 problems are listed, the rest counted; no stack trace.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { createHash } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { decodeWith } from "../load/decode.js"
import { FileError, InvalidInput } from "../load/errors.js"
import { capIssues, didYouMean, MAX_ISSUES, suggest, type Issue } from "../load/Issue.js"
import { describeFsError, issueAt, readYaml, type YamlFile } from "../load/YamlFile.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { ANSWER_NOISE, surveyMapDefaults, SurveyMapSchema, type Label, type OutcomeSpec, type SurveyMap } from "../model/SurveyMap.js"
import { CellCache, MAX_TEXTS, MISS } from "./cellCache.js"
import { CsvError, locateHeader, MAX_CELLS, MAX_RECORD_CHARS, type Separator } from "./csv.js"
import { type CsvRecord, CsvScanner } from "./csvScan.js"
import { NumberReader } from "./numbers.js"
import type { MeasuredLevel, SurveyData, SurveyOutcome } from "./SurveyData.js"
import { bindWhere, norm, parseWhere, type CellReader, type WhereExpr, type WherePredicate } from "./where.js"

/**
 * Reasons rows are set aside that are no respondents at all (a title above the header, the rows
 * `skip:` names): counted like the others, but not "dropped respondents" (`--strict` accepts them).
 */
export const ABOVE_HEADER = "above the header"
export const SKIPPED_AFTER_HEADER = "skipped after the header"
export const notRespondents: ReadonlySet<string> = new Set([ABOVE_HEADER, SKIPPED_AFTER_HEADER])

/** A decoded and checked mapping file. */
export interface LoadedSurveyMap {
  readonly file: string
  readonly map: SurveyMap
  /** The parsed file, to locate later problems (a persona the scenario does not have). */
  readonly yaml: YamlFile
}

export interface ReadSurveyOptions {
  /**
   * Keep a `where` mask: 1 for respondents matching this expression (where.ts), else 0.
   * @default undefined (no mask)
   */
  readonly where?: string | undefined
}

const decodeMap = decodeWith(SurveyMapSchema, undefined, "docs/calibrate.md")

const label = (l: Label | boolean): string => String(l)
const labelsOf = (l: Label | ReadonlyArray<Label>): string[] => (Array.isArray(l) ? l.map(label) : [label(l as Label)])

/** What the schema cannot say about a mapping. */
const checkMap = (f: YamlFile, m: SurveyMap): Issue[] => {
  const issues: Issue[] = []
  const cols = m.segment.columns
  cols.forEach((c, i) => {
    if (cols.indexOf(c) !== i) issues.push(issueAt(f, ["segment", "columns", i], `the column "${c}" is listed twice`))
  })
  m.segment.personas.forEach((r, i) => {
    for (const k of Object.keys(r.when)) {
      if (!cols.includes(k)) issues.push(issueAt(f, ["segment", "personas", i, "when", k], `"${k}" is not one of the segment's columns`, suggest(k, cols) ?? `add it to segment.columns: [${[...cols, k].join(", ")}]`))
    }
  })
  const seen = new Map<string, number>()
  m.outcomes.forEach((o, i) => {
    const at = (field: string, message: string, hint?: string): void => {
      issues.push(issueAt(f, ["outcomes", i, field], message, hint))
    }
    const before = seen.get(o.column)
    if (before !== undefined) at("column", `the column "${o.column}" is already an outcome (outcomes[${before}])`)
    seen.set(o.column, i)
    const only: ReadonlyArray<[keyof OutcomeSpec, ReadonlyArray<OutcomeSpec["kind"]>]> = [
      ["scale", ["csat", "ces"]],
      ["lowest", ["csat", "ces"]],
      ["reverse", ["csat", "ces"]],
      ["labels", ["csat", "ces", "ltr"]],
      ["missing", ["csat", "ces", "ltr", "satisfied", "churn", "spend"]],
      ["yes", ["satisfied"]],
      ["no", ["satisfied"]],
      ["churned", ["churn"]],
      ["retained", ["churn"]],
      ["period", ["churn"]]
    ]
    for (const [field, kinds] of only) {
      if (o[field] !== undefined && !kinds.includes(o.kind)) at(field, `${field} applies to ${kinds.join(", ")} outcomes, not to ${o.kind}`)
    }
    if ((o.kind === "csat" || o.kind === "ces") && o.scale !== undefined && o.labels !== undefined && o.labels.length !== o.scale) {
      at("labels", `${o.labels.length} labels for a ${o.scale}-point scale`, `give one label per point, ${o.kind === "csat" ? "worst" : "least effort"} first, or leave out scale`)
    }
    if (o.kind === "ltr" && o.labels !== undefined && o.labels.length !== 11) {
      at("labels", `${o.labels.length} labels for likelihood to recommend`, "give eleven labels, for 0 to 10 in order (the numbers are accepted too)")
    }
    if (o.labels !== undefined) {
      const first = new Map<string, number>()
      o.labels.forEach((l, j) => {
        const before = first.get(norm(l))
        if (before !== undefined) at("labels", `the label "${l}" is listed twice (positions ${before + 1} and ${j + 1})`)
        else first.set(norm(l), j)
      })
    }
    if (o.kind === "satisfied" && o.yes === undefined) at("kind", "a satisfied outcome needs the value(s) meaning yes", "add yes: [yes]")
    if (o.kind === "churn" && o.churned === undefined) at("kind", "a churn outcome needs the value(s) meaning the respondent left", "add churned: [yes] (or the label your survey uses)")
    const overlap = (a: ReadonlyArray<Label> | undefined, b: ReadonlyArray<Label> | undefined, field: string): void => {
      const x = new Set((a ?? []).map((v) => norm(label(v))))
      const both = (b ?? []).map((v) => label(v)).filter((v) => x.has(norm(v)))
      if (both.length > 0) at(field, `"${both[0]}" is listed both ways`)
    }
    overlap(o.yes, o.no, "no")
    overlap(o.churned, o.retained, "retained")
  })
  const bounds = m.calibrate?.parameters ?? []
  bounds.forEach((p, i) => {
    if (p.bounds !== undefined && !(p.bounds[0] < p.bounds[1])) issues.push(issueAt(f, ["calibrate", "parameters", i, "bounds"], `the bounds [${p.bounds[0]}, ${p.bounds[1]}] must go from low to high`))
    else if (p.path === ANSWER_NOISE && p.bounds !== undefined && !(p.bounds[0] >= 0 && p.bounds[1] < 1))
      issues.push(issueAt(f, ["calibrate", "parameters", i, "bounds"], `${ANSWER_NOISE} is a share of answers: its bounds must lie within [0, 1), got [${p.bounds[0]}, ${p.bounds[1]}]`, "such as [0, 0.3]"))
    if (p.path === ANSWER_NOISE && p.prior !== undefined && !(p.prior.mean >= 0 && p.prior.mean < 1))
      issues.push(issueAt(f, ["calibrate", "parameters", i, "prior", "mean"], `${ANSWER_NOISE} is a share of answers: its prior's mean must lie within [0, 1), got ${p.prior.mean}`))
  })
  return issues
}

/**
 * Read and check a survey mapping file.
 *
 * @example
 * const map = yield* loadSurveyMap("scenarios/calibrate/restaurant-survey.map.yaml")
 */
export const loadSurveyMap = (file: string): Effect.Effect<LoadedSurveyMap, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readYaml(file)
    const decoded = decodeMap(f)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    const issues = checkMap(f, decoded.right)
    if (issues.length > 0) return yield* Effect.fail(new InvalidInput({ issues: capIssues(issues) }))
    return { file, map: decoded.right, yaml: f }
  })

/** What the mapping says that the scenario must have: personas, dimensions, touchpoints, the horizon. */
export const checkMapAgainst = (loaded: LoadedSurveyMap, s: ResolvedScenario): Issue[] => {
  const f = loaded.yaml
  const m = loaded.map
  const issues: Issue[] = []
  const ids = s.personas.map((p) => p.id)
  m.segment.personas.forEach((r, i) => {
    if (!ids.includes(r.persona)) issues.push(issueAt(f, ["segment", "personas", i, "persona"], `the scenario "${s.name}" has no persona "${r.persona}"`, suggest(r.persona, ids)))
  })
  const dims = Object.keys(s.dimensions)
  const tps = Object.keys(s.journey.touchpoints)
  ;(m.measured ?? []).forEach((x, i) => {
    if (!dims.includes(x.dimension)) issues.push(issueAt(f, ["measured", i, "dimension"], `the scenario "${s.name}" has no dimension "${x.dimension}"`, suggest(x.dimension, dims)))
    if (x.touchpoint !== undefined) {
      const tp = s.journey.touchpoints[x.touchpoint]
      if (tp === undefined) issues.push(issueAt(f, ["measured", i, "touchpoint"], `the scenario "${s.name}" has no touchpoint "${x.touchpoint}"`, suggest(x.touchpoint, tps)))
      else if (dims.includes(x.dimension) && tp.service?.[x.dimension] === undefined) {
        const at = tps.filter((t) => s.journey.touchpoints[t]?.service?.[x.dimension] !== undefined)
        issues.push(issueAt(f, ["measured", i, "touchpoint"], `the touchpoint "${x.touchpoint}" delivers no ${x.dimension}`, at.length > 0 ? `${x.dimension} is delivered at: ${at.join(", ")}` : undefined))
      }
    }
  })
  m.outcomes.forEach((o, i) => {
    if (o.kind === "churn" && o.period !== undefined && o.period > s.horizon) {
      issues.push(issueAt(f, ["outcomes", i, "period"], `period ${o.period} is beyond the scenario's horizon of ${s.horizon} periods`))
    }
  })
  return issues
}

type Format = "csv" | "ndjson"

const formatOf = (file: string): { format: Format; separator?: Separator } | undefined => {
  const ext = path.extname(file).toLowerCase()
  if (ext === ".csv" || ext === ".txt") return { format: "csv" }
  if (ext === ".tsv") return { format: "csv", separator: "\t" }
  if (ext === ".ndjson" || ext === ".jsonl") return { format: "ndjson" }
  return undefined
}

/** A value as NDJSON gives it that stands for "no value" (null, or a key left out). */
const ABSENT = "\u0000"

/**
 * A typed array filled row by row. Its capacity is set by the builder for all columns at once
 * (`SurveyBuilder.room`), from the file's size once its first chunk is read: one allocation of
 * about the rows the file holds, whose pages are resident only once written. The result is a view
 * of the rows written when it wastes at most an eighth of the capacity (no copy at the end), else
 * a copy of exactly those rows.
 */
class Column<T extends Int16Array | Int32Array | Float64Array | Uint8Array> {
  constructor(public data: T) {}
  /** Room for `capacity` rows, the first `n` kept. */
  grow(capacity: number, n: number): void {
    const bigger = new (this.data.constructor as new (n: number) => T)(capacity)
    bigger.set(this.data.subarray(0, n) as never)
    this.data = bigger
  }
  done(n: number): T {
    const spare = this.data.length - n
    return (spare <= this.data.length / 8 ? this.data.subarray(0, n) : this.data.slice(0, n)) as T
  }
}

/** Rows of room before the file's size is known to the builder. */
const FIRST_ROOM = 1024
/** The most rows reserved from a file's size (more rows grow the columns by a quarter at a time). */
const MAX_EXPECTED = 1 << 23

/** How one outcome's cells become categories (spend's amounts are read as numbers instead). */
interface OutcomeCoder {
  readonly spec: OutcomeSpec
  readonly categories: number
  readonly labels: ReadonlyArray<string>
  /** The category of a (non-missing) cell, given with its `norm`, or −2 when it is not a valid answer. */
  readonly code: (cell: string, normed: string) => number
  readonly what: string
}

/**
 * A whole number on the scale lo..hi, as written alone ("9") or before its label, as survey
 * tools export the ends of a scale ("10 - Extremely likely", "1 = Very dissatisfied",
 * "0: not at all", "5 (very satisfied)"): the offset from lo, or −2.
 */
const LEADING = /^(\d{1,3})\s*(?:[-–—:=.)]\s*|\(\s*)\p{L}/u
export const intIn = (cell: string, lo: number, hi: number): number => {
  const s = cell.trim()
  const v = /^\d{1,3}$/.test(s) ? Number(s) : Number(LEADING.exec(s)?.[1] ?? Number.NaN)
  return v >= lo && v <= hi ? v - lo : -2
}

/** The answers of a k-point scale (csat, ces) from `lowest`, in the model's order (reversed when the survey's numbers run the other way). */
const scaleCoder = (o: OutcomeSpec, k: number, noun: string): Omit<OutcomeCoder, "spec"> => {
  const lo = o.lowest ?? 1
  const rev = o.reverse === true
  const byLabel = new Map((o.labels ?? []).map((l, i) => [norm(l), i]))
  const numberOf = (i: number): number => (rev ? lo + k - 1 - i : lo + i)
  const labels = o.labels ?? Array.from({ length: k }, (_, i) => String(numberOf(i)))
  const range = `${lo} to ${lo + k - 1}`
  return {
    categories: k,
    labels,
    code: (c, n) => {
      const l = byLabel.get(n)
      if (l !== undefined) return l
      const i = intIn(c, lo, lo + k - 1)
      return i < 0 ? i : rev ? k - 1 - i : i
    },
    what: o.labels === undefined ? `${noun} on the ${k}-point scale (${range})` : `one of the labels (${labels.join(", ")}) or ${range}`
  }
}

const coderOf = (o: OutcomeSpec): OutcomeCoder => {
  switch (o.kind) {
    case "csat":
      return { spec: o, ...scaleCoder(o, o.labels?.length ?? o.scale ?? surveyMapDefaults.csatScale, "an answer") }
    case "ces":
      return { spec: o, ...scaleCoder(o, o.labels?.length ?? o.scale ?? surveyMapDefaults.cesScale, "an effort score") }
    case "ltr": {
      const byLabel = new Map((o.labels ?? []).map((l, i) => [norm(l), i]))
      return {
        spec: o,
        categories: 11,
        labels: o.labels ?? Array.from({ length: 11 }, (_, i) => String(i)),
        code: (c, n) => byLabel.get(n) ?? intIn(c, 0, 10),
        what: o.labels === undefined ? "a likelihood to recommend from 0 to 10" : `one of the labels (${o.labels.join(", ")}) or 0 to 10`
      }
    }
    case "satisfied":
    case "churn": {
      const one = new Set(labelsOf(o.kind === "satisfied" ? (o.yes ?? []) : (o.churned ?? [])).map(norm))
      const zeroList = o.kind === "satisfied" ? o.no : o.retained
      const zero = zeroList === undefined ? undefined : new Set(labelsOf(zeroList).map(norm))
      const names = o.kind === "satisfied" ? ["no", "yes"] : ["retained", "churned"]
      const listed = [...labelsOf(o.kind === "satisfied" ? (o.yes ?? []) : (o.churned ?? [])), ...(zeroList === undefined ? [] : labelsOf(zeroList))]
      return {
        spec: o,
        categories: 2,
        labels: names,
        code: (_, v) => (one.has(v) ? 1 : zero === undefined || zero.has(v) ? 0 : -2),
        what: `one of ${listed.map((l) => `"${l}"`).join(", ")}`
      }
    }
    case "spend":
      return { spec: o, categories: 0, labels: [], code: () => 0, what: "an amount ≥ 0" }
  }
}

/**
 * For a cell that is no answer: words may mean no answer ("Don't know") or be labels the mapping
 * does not name; a number off a csat or ces scale may say the scale is another (0–10, or from 0).
 */
const textHint = (cell: string, o: OutcomeSpec): string | undefined => {
  const t = cell.trim()
  if ((o.kind === "csat" || o.kind === "ces") && /^-?\d+([.,]\d+)?$/.test(t)) {
    if (!/^\d+$/.test(t)) return "an answer on a scale is one of its whole numbers"
    const lo = o.lowest ?? 1
    const k = o.labels?.length ?? o.scale ?? (o.kind === "csat" ? surveyMapDefaults.csatScale : surveyMapDefaults.cesScale)
    const v = Number(t)
    if (v === 0 && lo === 1) return "a scale that starts at 0 needs lowest: 0 (and scale: its number of points)"
    if (v > lo + k - 1 && v <= 10) return `this ${k}-point scale ends at ${lo + k - 1}; if the column's scale is longer, set its scale: (0 to 10 is scale: 11, lowest: 0)`
    return undefined
  }
  if (!/\p{L}/u.test(cell)) return undefined
  const add = `if "${cell.trim()}" means no answer, add it to missing: in the mapping`
  return (o.kind === "csat" || o.kind === "ces" || o.kind === "ltr") && o.labels === undefined ? `${add}; if the column holds the answers' labels, name them in order with labels: [...]` : add
}

interface Sources {
  readonly file: string
  readonly format: Format
  readonly separator: Separator | "auto"
  readonly encoding: "utf-8" | "utf-16" | "windows-1252"
}

/** What `numberAt` returns for a cell the fast row leaves to `row`. */
const BAIL = Number.NEGATIVE_INFINITY
/** Segment columns the fast row reads (their ids make one number: 5 × 10 bits). */
const SEG_KEY_COLUMNS = 5
/** Distinct values per segment column the fast row reads; combinations whose segment is kept. */
const SEG_KEY_IDS = 1024
const SEG_KEYS = 65_536
/** Columns of a `where` expression whose values are kept per combination of texts (5 × 9 bits), and how many combinations. */
const WHERE_KEY_COLUMNS = 5
const WHERE_KEYS = 65_536
/** The id of segment column j (of `columns`) in a key. */
const idAt = (key: number, j: number, columns: number): number => Math.floor(key / SEG_KEY_IDS ** (columns - 1 - j)) % SEG_KEY_IDS

/** Distinct refused values (per column) whose repeats are counted on their first problem. */
const MAX_REPEAT_KEYS = 10_000

/** Everything of one read that is not the streaming: header, rows, problems, columns. */
class SurveyBuilder {
  private readonly issues: Issue[] = []
  private problems = 0
  /** Per column and message of a refused cell: its problem's place in `issues` (−1: not listed) and the rows repeating it. */
  private readonly repeats = new Map<string, { at: number; more: number }>()
  fatal = false
  private n = 0
  private rowNo = 0
  private header: string[] | undefined
  private readonly dropped = new Map<string, number>()
  private readonly unmatched = new Set<string>()
  /** The segment values (normalised, joined) of the last row, and rows per combination that matched no rule (the first 1,000 combinations). */
  private lastKey = ""
  private readonly missed = new Map<string, number>()
  /** Per combination in `missed`: the segment values as its first row wrote them (trimmed), to quote back. */
  private readonly missedAs = new Map<string, string[]>()
  private numbers!: NumberReader
  private readonly missing: Set<string>
  private readonly coders: OutcomeCoder[]
  /** Per outcome: its own values meaning no answer (besides the mapping's). */
  private readonly outMissing: ReadonlyArray<Set<string>>
  private readonly skip: number
  private readonly segIds: string[]
  /** Per rule: per segment column the values it takes (undefined: any), and the segment it gives. */
  private readonly rules: ReadonlyArray<{ readonly values: ReadonlyArray<Set<string> | undefined>; readonly segment: number }>
  private readonly segmentCache = new Map<string, number>()
  // Column indices in the header (or NDJSON key order), resolved once the header is known.
  private segCols: number[] = []
  private outCols: number[] = []
  private measuredCols: number[] = []
  private weightCol = -1
  private idCol = -1
  /** The ids of the rows kept so far (with an `id:` column). */
  private readonly ids = new Set<string>()
  private match: WherePredicate | undefined
  private readonly reader: CellReader
  // The data, by column.
  private readonly segment = new Column(new Int32Array(FIRST_ROOM))
  private readonly weight = new Column(new Float64Array(FIRST_ROOM))
  private readonly answers: Column<Int16Array>[]
  private readonly values: (Column<Float64Array> | null)[]
  private readonly measured: Column<Float64Array>[]
  private readonly whereMask: Column<Uint8Array> | null
  private readonly drop: boolean
  // The fast row (rowSpans): per column, what its texts gave; resolved with the header.
  private outCache: CellCache[] = []
  private segCache: CellCache[] = []
  /** Per segment column: the normalised values seen, by id. */
  private segValues: string[][] = []
  private segIdOf: Map<string, number>[] = []
  private segByKey = new Map<number, number>()
  /** Per outcome (spend), the weight and each measured column: whether a plainly written number can be a missing value. */
  private outNumericMissing: boolean[] = []
  private weightNumericMissing = false
  private measuredNumericMissing = false
  private whereCols: number[] = []
  private whereCells: string[] = []
  /** Per `where` column: an id per text (at most MAX_TEXTS); the expression's value per combination of ids. */
  private whereCache: CellCache[] = []
  private whereIds: number[] = []
  private readonly whereByKey = new Map<number, number>()
  private fast = false
  /** The fast row's answers, amounts and levels, kept until the row is known to be valid. */
  private readonly codes: Int32Array
  private readonly amounts: Float64Array
  private readonly levels: Float64Array

  constructor(
    private readonly src: Sources,
    private readonly map: SurveyMap,
    scenario: ResolvedScenario,
    private readonly where: WhereExpr | undefined,
    /** Read every row with `row` (the straightforward reading the fast row is tested against). */
    private readonly plain = false
  ) {
    this.missing = new Set((map.missing ?? surveyMapDefaults.missing).map((l) => norm(label(l))))
    this.coders = map.outcomes.map(coderOf)
    this.outMissing = map.outcomes.map((o) => new Set((o.missing ?? []).map((l) => norm(label(l)))))
    this.skip = map.skip ?? surveyMapDefaults.skip
    this.segIds = scenario.personas.map((p) => p.id)
    const segCols = map.segment.columns
    this.rules = map.segment.personas.map((r) => ({
      values: segCols.map((c) => (r.when[c] === undefined ? undefined : new Set(labelsOf(r.when[c] as Label | ReadonlyArray<Label>).map(norm)))),
      segment: this.segIds.indexOf(r.persona)
    }))
    this.answers = this.coders.map(() => new Column(new Int16Array(FIRST_ROOM)))
    this.values = this.coders.map((c) => (c.spec.kind === "spend" ? new Column(new Float64Array(FIRST_ROOM)) : null))
    this.measured = (map.measured ?? []).map(() => new Column(new Float64Array(FIRST_ROOM)))
    this.whereMask = where === undefined ? null : new Column(new Uint8Array(FIRST_ROOM))
    this.drop = (map.invalid ?? surveyMapDefaults.invalid) === "drop"
    this.reader = { isMissing: (c) => this.isMissing(c), number: (c) => this.numbers.read(c) }
    this.codes = new Int32Array(this.coders.length)
    this.amounts = new Float64Array(this.coders.length)
    this.levels = new Float64Array(this.measured.length)
  }

  private isMissing(cell: string): boolean {
    return cell === ABSENT || this.missing.has(cell) || this.missing.has(norm(cell))
  }

  /** Record a problem; `fatal` stops the read. */
  problem(i: Omit<Issue, "file">, fatal = false): void {
    this.problems++
    if (this.issues.length < MAX_ISSUES) this.issues.push({ file: this.src.file, ...i })
    if (fatal) this.fatal = true
  }

  /** Replace every problem found so far by these (fatal). */
  replaceProblems(issues: ReadonlyArray<Omit<Issue, "file">>): void {
    this.issues.length = 0
    this.problems = 0
    this.repeats.clear()
    for (const i of issues) this.problem(i, true)
  }

  /** The columns the mapping and the expression name, in a fixed order (NDJSON reads these keys). */
  wanted(): string[] {
    const m = this.map
    const names = [...m.segment.columns, ...m.outcomes.map((o) => o.column), ...(m.measured ?? []).map((x) => x.column), ...(m.weight === undefined ? [] : [m.weight]), ...(m.id === undefined ? [] : [m.id]), ...(this.where?.columns.map((c) => c.name) ?? [])]
    return [...new Set(names)]
  }

  /** The header: resolve every mapped column (did-you-mean against the header when absent). */
  setHeader(cells: string[], line: number, separator: string | undefined): void {
    // Unnamed columns at the end of the header (a spreadsheet's formatted but empty columns) are
    // no columns: a row may leave them out.
    let width = cells.length
    while (width > 1 && cells[width - 1] === "") width--
    const header = width === cells.length ? cells : cells.slice(0, width)
    this.header = header
    this.numbers = new NumberReader(this.map.decimal ?? "auto", this.src.format === "csv" ? separator : undefined)
    const index = new Map<string, number>()
    const twice = new Set<string>()
    header.forEach((h, i) => {
      if (index.has(h)) twice.add(h)
      else index.set(h, i)
    })
    const m = this.map
    const byCase = new Map<string, number[]>()
    header.forEach((h, i) => byCase.set(norm(h), [...(byCase.get(norm(h)) ?? []), i]))
    const resolve = (name: string, field: string): number => {
      // The column as written; else the one column whose name differs only in case and spaces.
      const loose = byCase.get(norm(name))
      const i = index.get(name) ?? (loose?.length === 1 ? loose[0] : undefined)
      if (i === undefined) {
        this.problem({ line, path: field, message: `the survey has no column "${name}"`, hint: suggest(name, header) }, true)
        return -1
      }
      if (twice.has(name)) this.problem({ line, path: field, message: `the header names the column "${name}" twice`, hint: "rename one of them: cxsim cannot tell which one is meant" }, true)
      return i
    }
    this.segCols = m.segment.columns.map((c, i) => resolve(c, `segment.columns[${i}]`))
    this.outCols = m.outcomes.map((o, i) => resolve(o.column, `outcomes[${i}].column`))
    this.measuredCols = (m.measured ?? []).map((x, i) => resolve(x.column, `measured[${i}].column`))
    if (m.weight !== undefined) this.weightCol = resolve(m.weight, "weight")
    if (m.id !== undefined) this.idCol = resolve(m.id, "id")
    this.prepareFast(header)
    if (this.where !== undefined) {
      const b = bindWhere(this.where, header)
      if ("issues" in b) {
        // These name the expression (--fit-where), not the survey file.
        this.issues.push(...b.issues)
        this.problems += b.issues.length
        this.fatal = true
      } else this.match = b.match
    }
  }

  private segmentOf(cells: ReadonlyArray<string>): number {
    const cols = this.segCols
    let key = ""
    for (let j = 0; j < cols.length; j++) key += `${norm(cells[cols[j] as number] ?? "")}\u0001`
    const hit = this.segmentCache.get(key)
    this.lastKey = key
    if (hit !== undefined) return hit
    const vals = key.split("\u0001")
    let seg = -1
    for (const r of this.rules) {
      if (r.values.every((set, j) => set === undefined || set.has(vals[j] as string))) {
        seg = r.segment
        break
      }
    }
    this.lastKey = key
    if (this.segmentCache.size < 10_000) this.segmentCache.set(key, seg)
    if (seg < 0 && this.unmatched.size < 5) this.unmatched.add(this.map.segment.columns.map((c, j) => `${c}=${cells[cols[j] as number] === ABSENT ? "" : (cells[cols[j] as number] ?? "").trim()}`).join(", "))
    return seg
  }

  /** Records above the header (a title, notes), skipped and counted. */
  countAbove(records: number): void {
    if (records > 0) this.dropped.set(ABOVE_HEADER, records)
  }

  /** Remember a kept row's id (none when empty). */
  private keepId(cell: string): void {
    const id = cell.trim()
    if (id !== "") this.ids.add(id)
  }

  private count(reason: string): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1)
  }

  /**
   * A cell that is no valid answer: a problem, or (invalid: drop) the row dropped and counted.
   * The same value refused in the same column again is counted on its first row's problem
   * ("and in N more rows"), so that one mistake of the mapping does not fill the list.
   */
  private invalid(r: number, line: number, column: string, message: string, hint?: string): void {
    if (this.drop) return this.count(`invalid ${column}`)
    const key = `${column}\u0001${norm(message)}` // a value in another case or spacing is the same mistake
    const seen = this.repeats.get(key)
    if (seen !== undefined) {
      this.problems++
      seen.more++
      return
    }
    if (this.repeats.size < MAX_REPEAT_KEYS) this.repeats.set(key, { at: this.issues.length < MAX_ISSUES ? this.issues.length : -1, more: 0 })
    const drop = "or set invalid: drop in the mapping to drop such rows (they are counted)"
    this.problem({ line, path: `row ${r}, column "${column}"`, message, hint: hint === undefined ? drop : `${hint}; ${drop}` })
  }

  /** The problems listed, each with the rows that repeat it counted in its message, and the total left to count. */
  private listed(): { issues: Issue[]; total: number } {
    const issues = [...this.issues]
    let folded = 0
    for (const { at, more } of this.repeats.values()) {
      const i = issues[at]
      if (at < 0 || more === 0 || i === undefined) continue
      issues[at] = { ...i, message: `${i.message} (and in ${more} more row${more === 1 ? "" : "s"})` }
      folded += more
    }
    return { issues, total: this.problems - folded }
  }

  /** A JSON number as a cell in the file's decimal mark (a JSON number is never ambiguous). */
  jsonNumber(v: number): string {
    return this.numbers.mark === "," ? String(v).replace(".", ",") : String(v)
  }

  /** A number cell (not missing), NaN when it is not one; the first fraction may decide the file's mark. */
  private number(cell: string, r: number, column: string): number {
    if (this.numbers.mark === undefined) return this.numbers.read(cell, `row ${r}, column "${column}"`)
    return this.numbers.read(cell)
  }

  /** Rows of room in every column; whether it was set from the file's size. */
  private capacity = FIRST_ROOM
  private sized = false

  /** Give every column room for `rows` rows at least: the rows the file's size suggests, else twice (once sized: a quarter more). */
  private room(rows: number): void {
    const capacity = Math.max(rows, this.sized ? Math.ceil(this.capacity * 1.25) : this.capacity * 2, this.expected)
    const n = this.n
    this.segment.grow(capacity, n)
    this.weight.grow(capacity, n)
    for (const c of this.answers) c.grow(capacity, n)
    for (const c of this.values) c?.grow(capacity, n)
    for (const c of this.measured) c.grow(capacity, n)
    this.whereMask?.grow(capacity, n)
    this.capacity = capacity
  }

  private expected = 0

  /**
   * `bytes` of the file's `size` are read: once rows are kept, the columns get room for the rows
   * the whole file holds at this rate (and a twentieth more), once.
   */
  sizeHint(bytes: number, size: number): void {
    if (this.sized || this.n === 0 || bytes <= 0) return
    this.sized = true
    this.expected = Math.min(MAX_EXPECTED, Math.ceil(((this.n * size) / bytes) * 1.05) + 64)
    if (this.expected > this.capacity) this.room(this.expected)
  }

  /** The fast row's tables, once the header is known. */
  private prepareFast(header: ReadonlyArray<string>): void {
    const cols = this.segCols
    this.fast = !this.plain && this.src.format === "csv" && cols.length <= SEG_KEY_COLUMNS
    this.outCache = this.coders.map(() => new CellCache())
    this.segCache = cols.map(() => new CellCache())
    this.segValues = cols.map(() => [])
    this.segIdOf = cols.map(() => new Map())
    const numeric = (set: ReadonlySet<string>): boolean => [...set].some((v) => /\d/.test(v))
    this.outNumericMissing = this.coders.map((_, k) => numeric(this.missing) || numeric(this.outMissing[k] as Set<string>))
    this.weightNumericMissing = numeric(this.missing)
    this.measuredNumericMissing = numeric(this.missing)
    this.whereCols = [...new Set((this.where?.columns ?? []).map((c) => header.indexOf(c.name)).filter((i) => i >= 0))]
    this.whereCells = new Array<string>(header.length).fill("")
    this.whereCache = this.whereCols.map(() => new CellCache())
    this.whereIds = this.whereCols.map(() => 0)
  }

  /**
   * The category of a (non-spend) outcome's cell: −1 when it is no answer, −2 when it is not a
   * valid one; what `row` decides for the cell, as a function of its text alone.
   */
  private outcomeCode(k: number, cell: string): number {
    const normed = cell === ABSENT ? cell : norm(cell)
    if (cell === ABSENT || this.missing.has(normed) || (this.outMissing[k] as Set<string>).has(normed)) return -1
    const c = (this.coders[k] as OutcomeCoder).code(cell, normed)
    return c < 0 ? -2 : c
  }

  /** A number cell of the fast row: its value, NaN when it is missing, or BAIL (the row is read by `row`). */
  private numberAt(rec: CsvRecord, j: number, numericMissing: boolean, spend: number): number {
    const plain = numericMissing || (rec.owns && rec.owned[j] != null) ? Number.NaN : this.numbers.readPlain(rec.text, rec.start[j] as number, rec.end[j] as number)
    if (!Number.isNaN(plain)) return plain
    const cell = rec.cell(j)
    if (spend >= 0) {
      const normed = cell === ABSENT ? cell : norm(cell)
      if (cell === ABSENT || this.missing.has(normed) || (this.outMissing[spend] as Set<string>).has(normed)) return Number.NaN
    } else if (this.isMissing(cell)) return Number.NaN
    // `row` may decide the file's decimal mark with this cell, and name it.
    if (this.numbers.mark === undefined) return BAIL
    const v = this.numbers.read(cell)
    return Number.isNaN(v) ? BAIL : v
  }

  /**
   * The `where` mask of a fast row: the expression's value is a function of its columns' texts
   * (the decimal mark being decided), kept per combination of texts while they are few.
   */
  private matchSpans(rec: CsvRecord): number {
    const cols = this.whereCols
    let key = cols.length <= WHERE_KEY_COLUMNS ? 0 : -1
    for (let j = 0; j < cols.length && key >= 0; j++) {
      const col = cols[j] as number
      const cache = this.whereCache[j] as CellCache
      let id = rec.owns && rec.owned[col] != null ? MISS : cache.get(rec.text, rec.start[col] as number, rec.end[col] as number)
      if (id === MISS) {
        const size = this.whereIds[j] as number
        if (size < MAX_TEXTS) {
          id = size
          cache.set(rec.cell(col), id)
          this.whereIds[j] = size + 1
        } else key = -1
      }
      if (key >= 0) key = key * MAX_TEXTS + id
    }
    const known = key >= 0 ? this.whereByKey.get(key) : undefined
    if (known !== undefined) return known
    const cells = this.whereCells
    for (const j of cols) cells[j] = rec.cell(j)
    const m = (this.match as WherePredicate)(cells, this.reader) ? 1 : 0
    if (key >= 0 && this.whereByKey.size < WHERE_KEYS) this.whereByKey.set(key, m)
    return m
  }

  /**
   * One data row given as spans of the text (csvScan.ts): the same as `row` for a row that is
   * plainly valid (as many cells as the header, a segment, every answer readable), read with a
   * hash of each label's characters and no string per cell; any other row goes to `row`, which
   * reads it from the start and says what is wrong. Nothing is stored before the row is known to
   * be plainly valid.
   */
  rowSpans(rec: CsvRecord, line: number): void {
    if (!this.fast || this.fatal || this.rowNo < this.skip || rec.count !== (this.header as string[]).length) return this.row(rec.cells(), line)
    const text = rec.text
    const owns = rec.owns
    // The segment: per column an id of its normalised value, the ids together a key.
    const segCols = this.segCols
    let key = 0
    for (let j = 0; j < segCols.length; j++) {
      const col = segCols[j] as number
      const cache = this.segCache[j] as CellCache
      let id = owns && rec.owned[col] != null ? MISS : cache.get(text, rec.start[col] as number, rec.end[col] as number)
      if (id === MISS) {
        const cell = rec.cell(col)
        const v = norm(cell)
        const ids = this.segIdOf[j] as Map<string, number>
        id = ids.get(v) ?? -1
        if (id < 0) {
          // A value holding the key's joint is left to `row`, which reads it the same way.
          if (ids.size >= SEG_KEY_IDS || v.includes("\u0001")) return this.row(rec.cells(), line)
          id = ids.size
          ids.set(v, id)
          ;(this.segValues[j] as string[]).push(v)
        }
        cache.set(cell, id)
      }
      key = key * SEG_KEY_IDS + id
    }
    let seg = this.segByKey.get(key)
    if (seg === undefined) {
      seg = -1
      for (const r of this.rules) {
        if (r.values.every((set, j) => set === undefined || set.has((this.segValues[j] as string[])[idAt(key, j, segCols.length)] as string))) {
          seg = r.segment
          break
        }
      }
      if (this.segByKey.size < SEG_KEYS) this.segByKey.set(key, seg)
    }
    if (seg < 0) return this.row(rec.cells(), line)
    let w = 1
    if (this.weightCol >= 0) {
      w = this.numberAt(rec, this.weightCol, this.weightNumericMissing, -1)
      if (!(w >= 0 && Number.isFinite(w))) return this.row(rec.cells(), line)
    }
    const n = this.n
    const coders = this.coders
    const codes = this.codes
    for (let k = 0; k < coders.length; k++) {
      const col = this.outCols[k] as number
      if (this.values[k] != null) {
        const v = this.numberAt(rec, col, this.outNumericMissing[k] as boolean, k)
        if (v === BAIL || v < 0 || v === Number.POSITIVE_INFINITY) return this.row(rec.cells(), line)
        this.amounts[k] = v
        codes[k] = Number.isNaN(v) ? -1 : 0
        continue
      }
      const cache = this.outCache[k] as CellCache
      let c = owns && rec.owned[col] != null ? MISS : cache.get(text, rec.start[col] as number, rec.end[col] as number)
      if (c === MISS) {
        const cell = rec.cell(col)
        c = this.outcomeCode(k, cell)
        if (c < -1) return this.row(rec.cells(), line)
        cache.set(cell, c)
      }
      codes[k] = c
    }
    const levels = this.levels
    for (let k = 0; k < this.measuredCols.length; k++) {
      const v = this.numberAt(rec, this.measuredCols[k] as number, this.measuredNumericMissing, -1)
      if (v === BAIL || v === Number.POSITIVE_INFINITY) return this.row(rec.cells(), line)
      levels[k] = v
    }
    let matches = 0
    if (this.whereMask !== null) {
      if (this.numbers.mark === undefined) return this.row(rec.cells(), line)
      matches = this.matchSpans(rec)
    }
    // Plainly valid: stored as `row` stores it (a repeated id is dropped there).
    if (this.idCol >= 0 && this.ids.has(rec.cell(this.idCol).trim())) return this.row(rec.cells(), line)
    this.rowNo++
    if (this.idCol >= 0) this.keepId(rec.cell(this.idCol))
    if (n === this.capacity) this.room(n + 1)
    for (let k = 0; k < coders.length; k++) {
      ;(this.answers[k] as Column<Int16Array>).data[n] = codes[k] as number
      const vals = this.values[k]
      if (vals != null) vals.data[n] = this.amounts[k] as number
    }
    for (let k = 0; k < this.measuredCols.length; k++) (this.measured[k] as Column<Float64Array>).data[n] = levels[k] as number
    if (this.whereMask !== null) this.whereMask.data[n] = matches
    this.segment.data[n] = seg
    this.weight.data[n] = w
    this.n = n + 1
  }

  /** One data row (1-based `rowNo` counts data rows), on physical `line`. */
  row(cells: string[], line: number): void {
    const r = ++this.rowNo
    if (this.fatal) return
    if (r <= this.skip) return this.count(SKIPPED_AFTER_HEADER)
    const width = (this.header as string[]).length
    if (this.src.format === "csv" && cells.length !== width) {
      const extraEmpty = cells.length > width && cells.slice(width).every((c) => c.trim() === "")
      if (!extraEmpty) {
        this.problem({
          line,
          path: `row ${r}`,
          message: `the row has ${cells.length} cell${cells.length === 1 ? "" : "s"}, the header ${width}`,
          hint: cells.length > width ? "a cell that holds the separator must be in quotes" : "every row has a cell per column (an empty one for no answer)"
        })
        return
      }
    }
    const seg = this.segmentOf(cells)
    if (seg < 0) {
      const k = this.missed.get(this.lastKey)
      if (k !== undefined) this.missed.set(this.lastKey, k + 1)
      else if (this.missed.size < 1000) {
        this.missed.set(this.lastKey, 1)
        this.missedAs.set(this.lastKey, this.segCols.map((c) => (cells[c] === undefined || cells[c] === ABSENT ? "" : (cells[c] as string).trim())))
      }
      return this.count("no segment")
    }
    const n = this.n
    let w = 1
    if (this.weightCol >= 0) {
      const cell = cells[this.weightCol] ?? ""
      const col = this.map.weight as string
      const missing = this.isMissing(cell)
      w = missing ? Number.NaN : this.number(cell, r, col)
      if (!(w >= 0 && Number.isFinite(w))) {
        return missing ? this.invalid(r, line, col, "the weight is missing", "every kept respondent needs a weight") : this.invalid(r, line, col, `the weight "${cell.trim()}" is not a number ≥ 0`, this.numbers.hint())
      }
    }
    if (n === this.capacity) this.room(n + 1)
    for (let k = 0; k < this.coders.length; k++) {
      const coder = this.coders[k] as OutcomeCoder
      const cell = cells[this.outCols[k] as number] ?? ABSENT
      const ans = (this.answers[k] as Column<Int16Array>)
      const vals = this.values[k] ?? null
      const normed = cell === ABSENT ? cell : norm(cell)
      if (cell === ABSENT || this.missing.has(normed) || (this.outMissing[k] as Set<string>).has(normed)) {
        ans.data[n] = -1
        if (vals !== null) vals.data[n] = Number.NaN
        continue
      }
      if (vals !== null) {
        const v = this.number(cell, r, coder.spec.column)
        if (!(v >= 0 && Number.isFinite(v))) return this.invalid(r, line, coder.spec.column, `"${cell.trim()}" is not ${coder.what}`, this.numbers.hint())
        vals.data[n] = v
        ans.data[n] = 0
        continue
      }
      const c = coder.code(cell, normed)
      if (c < 0) return this.invalid(r, line, coder.spec.column, `"${cell.trim()}" is not ${coder.what}`, textHint(cell, coder.spec))
      ans.data[n] = c
    }
    for (let k = 0; k < this.measuredCols.length; k++) {
      const cell = cells[this.measuredCols[k] as number] ?? ABSENT
      const col = this.measured[k] as Column<Float64Array>
      if (this.isMissing(cell)) {
        col.data[n] = Number.NaN
        continue
      }
      const name = (this.map.measured ?? [])[k]?.column as string
      const v = this.number(cell, r, name)
      if (!Number.isFinite(v)) return this.invalid(r, line, name, `"${cell.trim()}" is not a number`, this.numbers.hint())
      col.data[n] = v
    }
    if (this.idCol >= 0) {
      const id = (cells[this.idCol] ?? ABSENT) === ABSENT ? "" : (cells[this.idCol] as string).trim()
      if (id !== "" && this.ids.has(id)) return this.count("duplicate id")
      this.keepId(id)
    }
    if (this.whereMask !== null) {
      this.whereMask.data[n] = (this.match as WherePredicate)(cells, this.reader) ? 1 : 0
    }
    this.segment.data[n] = seg
    this.weight.data[n] = w
    this.n = n + 1
  }

  /** The survey read, or the problems found. */
  finish(fileLabel: string, hash: string, scenario: ResolvedScenario): { data: SurveyData } | { issues: Issue[] } {
    if (this.header === undefined && this.problems === 0) this.problem({ path: "", message: "the file is empty", hint: "a survey starts with a header line naming its columns" })
    else if (this.problems === 0 && this.rowNo === 0) this.problem({ line: 1, path: "", message: "the survey has a header but no rows" })
    else if (this.problems === 0 && this.rowNo <= this.skip) {
      this.problem({ path: "skip", message: `the survey has ${this.rowNo} row${this.rowNo === 1 ? "" : "s"} after its header, all skipped (skip: ${this.skip})`, hint: "skip names the rows after the header that are not respondents" })
    }
    else if (this.problems === 0 && this.n === 0) {
      const seen = [...this.unmatched]
      this.problem({ path: "segment", message: `none of the ${this.rowNo} rows matched a segment rule of the mapping`, hint: seen.length > 0 ? `values seen: ${seen.join("; ")}` : undefined })
    }
    if (this.problems > 0) {
      const { issues, total } = this.listed()
      return { issues: capIssues(issues, total) }
    }
    const n = this.n
    const outcomes: SurveyOutcome[] = this.coders.map((c, k) => ({
      kind: c.spec.kind,
      column: c.spec.column,
      categories: c.categories,
      labels: c.labels,
      period: c.spec.kind === "churn" ? (c.spec.period ?? scenario.horizon) : undefined,
      answer: (this.answers[k] as Column<Int16Array>).done(n),
      value: this.values[k]?.done(n) ?? null
    }))
    // Values of a segment column that no rule names but that are close to one a rule names: typos.
    const named = this.map.segment.columns.map((_, j) => new Set(this.rules.flatMap((r) => [...(r.values[j] ?? [])])))
    const typos = new Map<string, { column: string; value: string; suggestion: string; rows: number }>()
    for (const [key, rows] of this.missed) {
      key.split("\u0001").forEach((v, j) => {
        const set = named[j]
        if (set === undefined || v === "" || set.has(v)) return
        const suggestion = didYouMean(v, set)
        if (suggestion === undefined) return
        const column = this.map.segment.columns[j] as string
        const t = typos.get(`${j}\u0001${v}`) ?? { column, value: this.missedAs.get(key)?.[j] ?? v, suggestion, rows: 0 }
        t.rows += rows
        typos.set(`${j}\u0001${v}`, t)
      })
    }
    const segmentTypos = [...typos.values()].sort((a, b) => b.rows - a.rows).slice(0, 5)
    const measured: MeasuredLevel[] = (this.map.measured ?? []).map((x, k) => ({
      dimension: x.dimension,
      touchpoint: x.touchpoint,
      column: x.column,
      values: (this.measured[k] as Column<Float64Array>).done(n)
    }))
    return {
      data: {
        file: fileLabel,
        hash,
        rows: n,
        dropped: [...this.dropped].map(([reason, rows]) => ({ reason, rows })),
        ...(segmentTypos.length > 0 ? { segmentTypos } : {}),
        segments: this.segIds,
        segment: this.segment.done(n),
        weight: this.weight.done(n),
        outcomes,
        measured,
        where: this.whereMask?.done(n) ?? null,
        whereText: this.where?.text ?? null
      }
    }
  }
}

/** Bytes read per chunk. */
const CHUNK_BYTES = 1 << 20
/** Bytes decoded at a time once the CSV header is found (a string of this size is an ordinary young object). */
const PIECE_BYTES = 1 << 16

/** The UTF-16 of a byte-order mark at the start, if any. */
const utf16Bom = (b: Uint8Array): "utf-16le" | "utf-16be" | undefined =>
  b[0] === 0xff && b[1] === 0xfe ? "utf-16le" : b[0] === 0xfe && b[1] === 0xff ? "utf-16be" : undefined

/**
 * The offset of the first byte that cannot be UTF-8 in `b`, or −1 (a sequence cut by the end of
 * `b` is not counted: the next chunk may complete it). Leading continuation bytes are skipped:
 * they may complete a character begun in the previous chunk.
 */
export const firstInvalidUtf8 = (b: Uint8Array): number => {
  let i = 0
  while (i < b.length && i < 3 && ((b[i] as number) & 0xc0) === 0x80) i++
  while (i < b.length) {
    const x = b[i] as number
    const n = x < 0x80 ? 0 : x >= 0xc2 && x <= 0xdf ? 1 : x >= 0xe0 && x <= 0xef ? 2 : x >= 0xf0 && x <= 0xf4 ? 3 : -1
    if (n < 0) return i
    for (let j = 1; j <= n; j++) {
      if (i + j >= b.length) return -1
      const y = b[i + j] as number
      const lo = j === 1 && x === 0xe0 ? 0xa0 : j === 1 && x === 0xf0 ? 0x90 : 0x80
      const hi = j === 1 && x === 0xed ? 0x9f : j === 1 && x === 0xf4 ? 0x8f : 0xbf
      if (y < lo || y > hi) return i
    }
    i += n + 1
  }
  return -1
}

const newlines = (b: Uint8Array, end = b.length): number => {
  let n = 0
  for (let i = b.indexOf(10); i >= 0 && i < end; i = b.indexOf(10, i + 1)) n++
  return n
}

/** UTF-16 text without a byte-order mark: most of the first bytes alternate a NUL with another byte. */
const looksUtf16 = (b: Uint8Array): "utf-16le" | "utf-16be" | undefined => {
  const n = Math.min(b.length, 512) & ~1
  if (n < 4) return undefined
  let odd = 0
  let even = 0
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0 && b[i + 1] !== 0) even++
    else if (b[i + 1] === 0 && b[i] !== 0) odd++
  }
  return odd >= 0.9 * (n / 2) ? "utf-16le" : even >= 0.9 * (n / 2) ? "utf-16be" : undefined
}

const looksBinary = (b: Uint8Array): boolean => {
  const n = Math.min(b.length, 8192)
  for (let i = 0; i < n; i++) if (b[i] === 0) return true
  return false
}

/** NDJSON lines → cells of the wanted keys, in order; problems per line. */
const ndjsonLines = (builder: SurveyBuilder, wanted: ReadonlyArray<string>, seen: Set<string>) => {
  let rest = ""
  let line = 0
  let headerSet = false
  const one = (text: string): void => {
    line++
    const s = text.endsWith("\r") ? text.slice(0, -1) : text
    if (s.trim() === "") return
    if (!headerSet) {
      builder.setHeader([...wanted], line, undefined)
      headerSet = true
    }
    let obj: unknown
    try {
      obj = JSON.parse(s)
    } catch (e) {
      builder.problem({ line, path: "", message: `not a JSON value: ${(e instanceof Error ? e.message : String(e)).slice(0, 120)}`, hint: "NDJSON has one JSON object per line" })
      return
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      builder.problem({ line, path: "", message: "expected a JSON object on the line", hint: 'NDJSON has one object per line: {"column": value, ...}' })
      return
    }
    const o = obj as Record<string, unknown>
    for (const k of Object.keys(o)) if (seen.size < MAX_CELLS) seen.add(k)
    const cells: string[] = []
    for (const k of wanted) {
      const v = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined
      if (v === undefined || v === null) cells.push(ABSENT)
      else if (typeof v === "number") cells.push(builder.jsonNumber(v))
      else if (typeof v === "string" || typeof v === "boolean") cells.push(String(v))
      else {
        builder.problem({ line, path: `"${k}"`, message: "a list or an object where a value was expected" })
        return
      }
    }
    builder.row(cells, line)
  }
  return {
    feed: (text: string): void => {
      rest += text
      let at = rest.indexOf("\n")
      let from = 0
      while (at >= 0 && !builder.fatal) {
        one(rest.slice(from, at))
        from = at + 1
        at = rest.indexOf("\n", from)
      }
      rest = rest.slice(from)
      if (rest.length > MAX_RECORD_CHARS) {
        builder.problem({ line: line + 1, path: "", message: `a line longer than ${MAX_RECORD_CHARS} characters` }, true)
      }
    },
    end: (): void => {
      if (rest !== "" && !builder.fatal) one(rest)
    },
    started: (): boolean => headerSet
  }
}

/** Stream the file through the builder; returns the content hash. */
const stream = async (file: string, src: Sources, builder: SurveyBuilder, signal: AbortSignal): Promise<string> => {
  const stat = await fs.stat(file).catch((e: unknown) => {
    throw new FileError({ file, message: describeFsError(e) })
  })
  if (!stat.isFile()) throw new FileError({ file, message: `${stat.isDirectory() ? "a directory" : "not a regular file"}; give the survey file itself` })
  const h = await fs.open(file, "r").catch((e: unknown) => {
    throw new FileError({ file, message: describeFsError(e) })
  })
  const hash = createHash("sha256")
  let decoder = new TextDecoder("utf-8", { fatal: true })
  let utf8 = true
  let linesBefore = 0
  let csv: CsvScanner | undefined
  let csvRecords = 0
  const ndSeen = new Set<string>()
  const wanted = builder.wanted()
  const nd = src.format === "ndjson" ? ndjsonLines(builder, wanted, ndSeen) : undefined
  // CSV text is held until the header is found: exports may write a title or notes above it.
  let prelude: string | null = src.format === "csv" ? "" : null
  const startCsv = (text: string, final: boolean): void => {
    const at = locateHeader(text, wanted, src.separator, final)
    if (at === undefined) {
      prelude = text
      return
    }
    prelude = null
    builder.countAbove(at.above)
    csv = new CsvScanner(
      (record, line) => {
        if (csvRecords++ === 0) {
          builder.setHeader(
            record.cells().map((c) => c.trim()),
            line,
            csv?.separator
          )
        } else builder.rowSpans(record, line)
      },
      at.separator,
      at.line
    )
    csv.feed(at.offset === 0 ? text : text.slice(at.offset))
  }
  const feed = (text: string): void => {
    if (prelude !== null) startCsv(prelude + text, false)
    else if (csv !== undefined) csv.feed(text)
    else nd?.feed(text)
  }
  try {
    const buf = Buffer.alloc(CHUNK_BYTES)
    let first = true
    let bytes = 0
    for (;;) {
      if (signal.aborted) throw new FileError({ file, message: "reading was interrupted" })
      const { bytesRead } = await h.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      const chunk = buf.subarray(0, bytesRead)
      hash.update(chunk)
      if (first) {
        // A byte-order mark decides (UTF-16's, or UTF-8's); else the mapping's encoding.
        const utf8Bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf
        const enc = utf16Bom(chunk) ?? (utf8Bom ? "utf-8" : src.encoding === "utf-16" ? "utf-16le" : src.encoding)
        utf8 = enc === "utf-8"
        if (!utf8) decoder = new TextDecoder(enc, { fatal: enc !== "windows-1252" })
        if (enc === "utf-8" && looksBinary(chunk)) {
          const u16 = looksUtf16(chunk)
          builder.problem(
            u16 === undefined
              ? { line: 1, path: "", message: "this is a binary file, not CSV or NDJSON text", hint: "export the survey as CSV (UTF-8) or NDJSON" }
              : {
                  line: 1,
                  path: "",
                  message: `this looks like UTF-16 text (${u16 === "utf-16le" ? "little" : "big"}-endian) without a byte-order mark`,
                  hint: u16 === "utf-16le" ? "set encoding: utf-16 in the mapping, or export the survey as UTF-8" : "export the survey as UTF-8, or as UTF-16 with a byte-order mark"
                },
            true
          )
          break
        }
      }
      first = false
      // Once the CSV header is found, the chunk is decoded in pieces (the same text, cut): pieces
      // are small strings that die young, where 1 MiB strings went to the large-object space and
      // stayed there until a full collection (70 MB of them for a 67 MB file).
      const texts: string[] = []
      try {
        if (csv === undefined) texts.push(decoder.decode(chunk, { stream: true }))
        else for (let i = 0; i < bytesRead; i += PIECE_BYTES) texts.push(decoder.decode(chunk.subarray(i, Math.min(bytesRead, i + PIECE_BYTES)), { stream: true }))
      } catch {
        const at = utf8 ? firstInvalidUtf8(chunk) : -1
        const line = at >= 0 ? linesBefore + newlines(chunk, at) + 1 : undefined
        builder.problem(
          utf8
            ? { ...(line === undefined ? {} : { line }), path: "", message: at >= 0 ? `the byte 0x${(chunk[at] as number).toString(16).toUpperCase()} is not UTF-8 text` : "the file is not UTF-8 text", hint: "a file saved in a Windows or Latin-1 encoding (é as one byte) reads with encoding: windows-1252 in the mapping; or export it as UTF-8" }
            : { path: "", message: `the file is not ${src.encoding === "utf-16" ? "UTF-16" : "valid"} text`, hint: "check the mapping's encoding, or export the survey as UTF-8" },
          true
        )
        break
      }
      linesBefore += newlines(chunk)
      for (const text of texts) feed(text)
      if (builder.fatal) break
      bytes += bytesRead
      builder.sizeHint(bytes, stat.size)
    }
    if (!builder.fatal) {
      try {
        feed(decoder.decode())
      } catch {
        builder.problem({ path: "", message: "the file ends inside a UTF-8 character", hint: "save or export it as UTF-8" }, true)
      }
    }
    if (!builder.fatal) {
      if (prelude !== null) startCsv(prelude, true)
      if (csv !== undefined) csv.end()
      else if (nd !== undefined) {
        nd.end()
        const absent = wanted.filter((w) => nd.started() && !ndSeen.has(w))
        // A key no line has explains every row's problem with it: say only that.
        if (absent.length > 0) builder.replaceProblems(absent.map((w) => ({ path: "", message: `no line of the survey has the key "${w}"`, hint: suggest(w, ndSeen) })))
      }
    }
  } catch (e) {
    if (e instanceof CsvError) builder.problem({ line: e.line, path: "", message: e.detail, hint: e.hint }, true)
    else if (e instanceof FileError) throw e
    else if (typeof (e as { code?: unknown } | null)?.code === "string") throw new FileError({ file, message: describeFsError(e) })
    else throw e
  } finally {
    await h.close().catch(() => {})
  }
  return hash.digest("hex")
}

/** Extensions of spreadsheets and statistics files that surveys are often saved as (not text). */
const SAVED_AS_OTHER: ReadonlySet<string> = new Set([".xlsx", ".xls", ".xlsm", ".ods", ".numbers", ".sav", ".dta", ".sas7bdat", ".rds", ".parquet"])

/**
 * Read a survey (CSV or NDJSON, by extension) with its mapping, for a scenario: respondents by
 * segment (the scenario's personas), their answers coded, weights, measured levels, and, with
 * `where`, which of them match it. Streamed: memory is the typed arrays of the result.
 *
 * @example
 * const map = yield* loadSurveyMap("scenarios/calibrate/restaurant-survey.map.yaml")
 * const scenario = yield* loadScenario("scenarios/restaurant.yaml")
 * const survey = yield* readSurvey("scenarios/calibrate/restaurant-survey.csv", map, scenario, { where: "wait_min <= 30" })
 */
export const readSurvey = (file: string, map: LoadedSurveyMap, scenario: ResolvedScenario, options: ReadSurveyOptions = {}): Effect.Effect<SurveyData, InvalidInput | FileError> =>
  readSurveyAs(file, map, scenario, options, false)

/**
 * `readSurvey`, with `plain`: every CSV row read cell by cell as strings (no fast row), the
 * straightforward reading that tests compare the fast one with. Internal.
 */
export const readSurveyAs = (file: string, map: LoadedSurveyMap, scenario: ResolvedScenario, options: ReadSurveyOptions, plain: boolean): Effect.Effect<SurveyData, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const against = checkMapAgainst(map, scenario)
    if (against.length > 0) return yield* Effect.fail(new InvalidInput({ issues: capIssues(against) }))
    let where: WhereExpr | undefined
    if (options.where !== undefined) {
      const p = parseWhere(options.where)
      if ("issues" in p) return yield* Effect.fail(new InvalidInput({ issues: [...p.issues] }))
      where = p.expr
    }
    const fmt = formatOf(file)
    if (fmt === undefined) {
      const ext = path.extname(file).toLowerCase()
      // A spreadsheet or a statistics package's file is not text: renaming it would not help.
      const exported = SAVED_AS_OTHER.has(ext)
      const hint = exported
        ? `cxsim reads text exports: save the survey as CSV (UTF-8) from the program that made the ${path.extname(file)} file, or export it as CSV from the survey tool, and give that file`
        : "name it .csv, .tsv, .ndjson or .jsonl"
      return yield* Effect.fail(new InvalidInput({ issues: [{ file, path: "", message: `cannot tell the survey's format from "${path.extname(file) || "no extension"}"`, hint }] }))
    }
    const sep = fmt.separator ?? (map.map.separator ?? surveyMapDefaults.separator)
    const src: Sources = { file, format: fmt.format, separator: sep as Separator | "auto", encoding: map.map.encoding ?? surveyMapDefaults.encoding }
    const builder = new SurveyBuilder(src, map.map, scenario, where, plain)
    // A FileError is the user's (unreadable file); anything else is a defect of the reader.
    const hash = yield* Effect.tryPromise({ try: (signal) => stream(file, src, builder, signal), catch: (e) => e }).pipe(
      Effect.catchAll((e) => (e instanceof FileError ? Effect.fail(e) : Effect.die(e)))
    )
    const r = builder.finish(file, hash, scenario)
    if ("issues" in r) return yield* Effect.fail(new InvalidInput({ issues: r.issues }))
    return r.data
  })
