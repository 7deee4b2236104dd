/**
 * The survey reader's fast path against its straightforward reading: the span scanner
 * (csvScan.ts) gives CsvReader's records, lines and errors for any text and any chunking, and a
 * survey read with the fast row gives, cell for cell, what reading every row as strings gives
 * (the same data, or the same problems), on generated messy files. Fixed seeds.
 */
import { Effect, Either } from "effect"
import fc from "fast-check"
import * as fs from "node:fs"
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { formatIssue } from "../../src/load/Issue.js"
import { CsvError, CsvReader, MAX_CELL_CHARS, MAX_CELLS, type Separator } from "../../src/survey/csv.js"
import { CsvScanner } from "../../src/survey/csvScan.js"
import { loadSurveyMap, readSurveyAs, type LoadedSurveyMap } from "../../src/survey/readSurvey.js"
import type { SurveyData } from "../../src/survey/SurveyData.js"
import { cut, shop, type Shop } from "./support.js"

type Outcome = { rows: string[][]; lines: number[]; separator: string | undefined; error?: string }

const describeError = (e: unknown): string => {
  if (e instanceof CsvError) return `${e.line}|${e.detail}|${e.hint ?? ""}`
  throw e
}

/** The chunks through a reader made with `make` (given where each record goes): its records, lines, separator and error. */
const readWith = (
  chunks: ReadonlyArray<string>,
  make: (record: (cells: string[], line: number) => void) => { feed(text: string): void; end(): void; readonly separator: Separator | undefined }
): Outcome => {
  const out: Outcome = { rows: [], lines: [], separator: undefined }
  const r = make((cells, line) => {
    out.rows.push(cells)
    out.lines.push(line)
  })
  try {
    for (const c of chunks) r.feed(c)
    r.end()
  } catch (e) {
    out.error = describeError(e)
  }
  out.separator = r.separator
  return out
}

const byReader = (chunks: ReadonlyArray<string>, sep: Separator | "auto", firstLine: number): Outcome =>
  readWith(chunks, (record) => new CsvReader(record, sep, firstLine))

const byScanner = (chunks: ReadonlyArray<string>, sep: Separator | "auto", firstLine: number): Outcome =>
  readWith(chunks, (record) => new CsvScanner((r, line) => record(r.cells(), line), sep, firstLine))

describe("CsvScanner gives CsvReader's records", () => {
  it("for any text (well formed or not), separator and chunking: the same cells, lines, separator and error", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", ";", "\t", '"', '"', "\r", "\n", "\r\n", "é", "7"), maxLength: 120 })
    fc.assert(
      fc.property(text, fc.constantFrom<Separator | "auto">(",", ";", "\t", "auto"), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }), fc.integer({ min: 1, max: 5 }), (t, sep, at, firstLine) => {
        const whole = byReader([t], sep, firstLine)
        expect(byScanner([t], sep, firstLine)).toEqual(whole)
        expect(byScanner(cut(t, at), sep, firstLine)).toEqual(byReader(cut(t, at), sep, firstLine))
        // The reader itself is chunking-invariant (csv.test.ts): so is the scanner, against the whole.
        expect(byScanner(cut(t, at), sep, firstLine)).toEqual(whole)
      }),
      { seed: 20261203, numRuns: 2000 }
    )
  })

  it("refuses the same records at its bounds, whatever the chunking", () => {
    const long = `a,b\r\n1,${"x".repeat(MAX_CELL_CHARS + 1)}\r\n`
    const quotedLong = `a,b\r\n1,"${"y".repeat(MAX_CELL_CHARS)}""z"\r\n`
    const wide = `a\n${Array.from({ length: MAX_CELLS + 1 }, () => "").join(",")}\n`
    const justWide = `a\n${Array.from({ length: MAX_CELLS }, () => "q").join(",")}\n`
    for (const t of [long, quotedLong, wide, justWide]) {
      const whole = byReader([t], ",", 1)
      for (const at of [[], [0.5], [0.1, 0.2, 0.9], [0.999]]) expect(byScanner(cut(t, at), ",", 1)).toEqual(whole)
    }
    expect(byReader([long], ",", 1).error).toContain("cell 2 is longer than")
    expect(byReader([wide], ",", 1).error).toContain(`more than ${MAX_CELLS} cells`)
    expect(byReader([justWide], ",", 1).error).toBeUndefined()
  })
})

let ctx: Shop
beforeAll(async () => {
  ctx = await shop()
})

const mapText = (decimal: string, invalid: string): string => `segment:
  columns: [kind, coupon]
  personas:
    - { when: { kind: regular }, persona: regular }
    - { when: { kind: [new, newcomer], coupon: [yes, "1"] }, persona: newcomer }
outcomes:
  - { column: sat, kind: csat, labels: [Very bad, Bad, OK, Good, Very good] }
  - { column: nps, kind: ltr }
  - { column: effort, kind: ces, scale: 5, reverse: true, missing: ["99"] }
  - { column: happy, kind: satisfied, yes: [yes, y], no: [no, n] }
  - { column: left, kind: churn, churned: [yes], retained: [no], period: 2 }
  - { column: spend, kind: spend, missing: ["-1"] }
measured:
  - { column: wait_min, dimension: wait, touchpoint: enter }
weight: w
missing: ["", NA, N/A]
${decimal === "auto" ? "" : `decimal: "${decimal}"\n`}invalid: ${invalid}
`

const NUMBERS = ["12", "12,5", "12.5", "-3", "0", "+4", "1e3", " 7 ", "", "NA", "abc", "007,50", "1234567890123456", "-0", ",5", "5,", "3.25", "0,125", "2"]
const POOLS: ReadonlyArray<ReadonlyArray<string>> = [
  ["1", "2", "x"],
  ["regular", " Regular ", "REGULAR", "new", "newcomer", "New\u00a0", "newcommer", "other", "", "NA", "new  comer", "re\u0001gular"],
  ["yes", "1", "no", " YES", ""],
  ["Very bad", "very  good", "Good", "ok", "OK ", "3", "5", "1 = Very bad", "0", "6", "Great", "", "NA", "n/a"],
  ["0", "10", "7", " 9 ", "10 - Extremely likely", "11", "-1", "x", "", "NA", "5.5"],
  ["1", "5", "3", "99", "0", "", "2,0"],
  ["yes", "Y", "n", "No", "maybe", ""],
  ["yes", "no", "YES", "", "unsure"],
  [...NUMBERS, "-1"],
  NUMBERS,
  ["1", "0,5", "0.5", "2", "0", "-1", "", "NA", "1,25"],
  ["", "fine", 'said "hi"', "a;b", "two\nlines", "x,y"]
]
const HEADER = ["id", "kind", "coupon", "sat", "nps", "effort", "happy", "left", "spend", "wait_min", "w", "comment"]

/** A cell as an export writes it: quoted when it must be, sometimes when it need not. */
const quote = (cell: string, sep: string, always: boolean): string => (always || cell.includes(sep) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)

// Per row: a pick per column, whether to quote each, and a shape (0 plain, 1 a trailing empty cell, 2 a cell short).
// The first value of each pool is a valid one, picked more often than the others, so that rows are often kept.
const pick = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat(), weight: 2 })
const rowOf = (shape: fc.Arbitrary<number>) => fc.tuple(fc.array(pick, { minLength: HEADER.length, maxLength: HEADER.length }), fc.array(fc.boolean(), { minLength: HEADER.length, maxLength: HEADER.length }), shape)
const row = rowOf(fc.integer({ min: 0, max: 59 }).map((k) => (k === 0 ? 2 : k < 6 ? 1 : 0)))
const wellShaped = rowOf(fc.constantFrom(0, 0, 0, 1))

const writeSurvey = (rows: ReadonlyArray<readonly [number[], boolean[], number]>, sep: string, eol: string, repeat: number): string => {
  const lines = [HEADER.join(sep)]
  for (let k = 0; k < repeat; k++) {
    for (const [picks, quoted, shape] of rows) {
      const cells = HEADER.map((_, j) => {
        const pool = POOLS[j] as ReadonlyArray<string>
        return quote(pool[(picks[j] as number) % pool.length] as string, sep, quoted[j] === true && (picks[j] as number) % 7 === 0)
      })
      if (shape === 1) cells.push("")
      if (shape === 2) cells.pop()
      lines.push(cells.join(sep))
    }
  }
  return `${lines.join(eol)}${eol}`
}

let files = 0
const maps = new Map<string, LoadedSurveyMap>()
/** Read one survey both ways; each gives the data or its problems (formatted). */
const both = async (map: string, survey: string, where: string | undefined): Promise<[Either.Either<SurveyData, string[]>, Either.Either<SurveyData, string[]>]> => {
  const k = files++
  const mapFile = path.join(ctx.dir, `fast-map-${k}.yaml`)
  const surveyFile = path.join(ctx.dir, `fast-survey-${k}.csv`)
  fs.writeFileSync(mapFile, map)
  fs.writeFileSync(surveyFile, survey)
  const m = maps.get(map) ?? (await Effect.runPromise(loadSurveyMap(mapFile)))
  maps.set(map, m)
  const read = (plain: boolean) =>
    Effect.runPromise(Effect.either(readSurveyAs(surveyFile, m, ctx.scenario, { where }, plain))).then((r) =>
      Either.mapLeft(r, (e) => (e._tag === "FileError" ? [e.message] : e.issues.map((i) => formatIssue(i))))
    )
  const r = [await read(false), await read(true)] as [Either.Either<SurveyData, string[]>, Either.Either<SurveyData, string[]>]
  fs.rmSync(mapFile)
  fs.rmSync(surveyFile)
  return r
}

describe("the fast row reads what reading every row as strings reads", () => {
  it("on generated messy surveys: labels in any case and spacing, missing values, invalid answers, both decimal marks, quoted cells, rows too long or short, a where mask", async () => {
    let read = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(";", ","),
        fc.constantFrom("\r\n", "\n"),
        fc.constantFrom(",", ".", "auto"),
        fc.constantFrom("drop", "drop", "refuse"),
        fc.constantFrom(undefined, "wait_min <= 5 and kind != \"regular\"", "spend > 3 or happy == \"yes\"", "not (w == 1)"),
        async (rows, sep, eol, decimal, invalid, where) => {
          const [fast, plain] = await both(mapText(decimal, invalid), writeSurvey(rows, sep, eol, 1), where)
          expect(fast).toEqual(plain)
          if (Either.isRight(fast)) read++
          else refused++
        }
      ),
      { seed: 20261203, numRuns: 150 }
    )
    // Both kinds of outcome were met, so that the comparison compared something.
    expect(read).toBeGreaterThan(50)
    expect(refused).toBeGreaterThan(50)
  })

  it("with an id column: the rows repeating a kept row's id are dropped the same way (ids 1, 2, x, quoted or not)", async () => {
    let dropped = 0
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), fc.constantFrom(";", ","), fc.constantFrom("drop", "refuse"), async (rows, sep, invalid) => {
        const [fast, plain] = await both(`${mapText(",", invalid)}id: id\n`, writeSurvey(rows, sep, "\n", 1), undefined)
        expect(fast).toEqual(plain)
        if (Either.isRight(fast)) dropped += fast.right.dropped.find((d) => d.reason === "duplicate id")?.rows ?? 0
      }),
      { seed: 20261205, numRuns: 60 }
    )
    // Repeated ids were met, so that the comparison compared something.
    expect(dropped).toBeGreaterThan(10)
  })

  it("on files of more than one read chunk (the text after the first decoded in pieces; records cut between pieces and chunks)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(wellShaped, { minLength: 20, maxLength: 40 }), fc.constantFrom(";", ","), fc.constantFrom(",", "."), async (rows, sep, decimal) => {
        const survey = writeSurvey(rows, sep, "\r\n", 1500)
        expect(survey.length).toBeGreaterThan(1 << 20)
        const [fast, plain] = await both(mapText(decimal, "drop"), survey, "wait_min <= 5")
        expect(fast).toEqual(plain)
        expect(Either.isRight(fast)).toBe(true)
      }),
      { seed: 20261204, numRuns: 2 }
    )
  })
})
