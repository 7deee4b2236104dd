/**
 * A streaming CSV reader (RFC 4180, written here: no CSV library is installed): text is fed in
 * chunks of any size, and each record comes out as its cells with the physical line it starts
 * on, whatever the chunk boundaries. Quoted fields may hold separators, line breaks and doubled
 * quotes; lines end in LF, CRLF or CR; a quote inside an unquoted field is kept as text. The
 * separator is given, or sniffed from the header (the most frequent of `,` `;` and tab outside
 * quotes; a comma when none appears). Cells and records are bounded; a problem stops the reader
 * with a `CsvError` naming the line. Cost: one pass over the characters, a string per cell.
 * The survey reader reads with csvScan.ts (the same records, as spans of the text); this one is
 * the straightforward reading the scanner is tested against, and finds the header (locateHeader).
 */

/** The longest cell, in characters. */
export const MAX_CELL_CHARS = 65_536
/** The most cells in a record. */
export const MAX_CELLS = 4_096
/** The longest record, in characters. */
export const MAX_RECORD_CHARS = 1_048_576

export type Separator = "," | ";" | "\t"

/** A record the reader refuses (an unclosed quote, text after a closing quote, a bound exceeded). */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
    readonly hint?: string | undefined
  ) {
    super(`line ${line}: ${detail}`)
  }
}

const QUOTE = 34
const CR = 13
const LF = 10

/** Which separator the first record uses (outside quotes): the most frequent; ties go , then ; then tab. */
export const sniffSeparator = (headerText: string): Separator => {
  const n = { ",": 0, ";": 0, "\t": 0 }
  let quoted = false
  for (let i = 0; i < headerText.length; i++) {
    const c = headerText[i]
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === "," || c === ";" || c === "\t")) n[c]++
  }
  return n[";"] > n[","] && n[";"] >= n["\t"] ? ";" : n["\t"] > n[","] && n["\t"] > n[";"] ? "\t" : ","
}

/** State: at the start of a cell, inside an unquoted cell, inside quotes, just after a quote in quotes. */
const enum S {
  Start,
  Plain,
  Quoted,
  QuoteInQuoted
}

/**
 * What both CSV readers (`CsvReader` below, `CsvScanner` in csvScan.ts) do before their first
 * record: given "auto", hold the text until the first record is complete and sniff the separator
 * from it; then hand every chunk to `run`. Lines are counted from `firstLine`.
 */
export abstract class SniffingCsvReader {
  protected sep: number
  protected pending: string | null
  protected line: number
  protected recordLine: number
  /** The separator in use (sniffed once the header is complete, when not given). */
  separator: Separator | undefined

  /**
   * @param separator the separator, or "auto" to sniff it from the first record
   * @param firstLine the physical line the text starts on (text above it was read apart)
   */
  constructor(separator: Separator | "auto", firstLine: number) {
    this.line = firstLine
    this.recordLine = firstLine
    this.separator = separator === "auto" ? undefined : separator
    this.sep = this.separator === undefined ? -1 : this.separator.charCodeAt(0)
    this.pending = separator === "auto" ? "" : null
  }

  /** Read the next chunk of text. */
  feed(text: string): void {
    if (this.pending !== null) {
      this.pending += text
      const end = endOfFirstRecord(this.pending)
      if (end < 0) {
        if (this.pending.length > MAX_RECORD_CHARS) throw new CsvError(1, `the header is longer than ${MAX_RECORD_CHARS} characters`, "is this a CSV file?")
        return
      }
      this.startWith(sniffSeparator(this.pending.slice(0, end)))
      return
    }
    this.run(text)
  }

  /** At the end of the text: a first record never completed is read with the separator sniffed from it. */
  protected endPending(): void {
    if (this.pending !== null) this.startWith(sniffSeparator(this.pending))
  }

  private startWith(sep: Separator): void {
    const text = this.pending ?? ""
    this.pending = null
    this.separator = sep
    this.sep = sep.charCodeAt(0)
    this.run(text)
  }

  /** Read a chunk of text, the separator known. */
  protected abstract run(text: string): void
}

/**
 * Feed text with `feed`, then call `end` once: `onRecord(cells, line)` is called for each record,
 * in order, with the 1-based physical line the record starts on. Blank lines give no record.
 *
 * @example
 * const rows: string[][] = []
 * const r = new CsvReader((cells) => rows.push(cells), ",")
 * r.feed('a,"b,\nc"\r\n1,')
 * r.feed("2\n")
 * r.end() // rows: [["a", "b,\nc"], ["1", "2"]]
 */
export class CsvReader extends SniffingCsvReader {
  private state: S = S.Start
  private cell = ""
  private cells: string[] = []
  private recordChars = 0

  /**
   * @param onRecord called with each record's cells and the line it starts on
   * @param separator the separator, or "auto" to sniff it from the first record. @default "auto"
   * @param firstLine the physical line the text starts on (text above it was read apart). @default 1
   */
  constructor(
    private readonly onRecord: (cells: string[], line: number) => void,
    separator: Separator | "auto" = "auto",
    firstLine = 1
  ) {
    super(separator, firstLine)
  }

  /** The end of the text: the last record (without a final line break) comes out. */
  end(): void {
    this.endPending()
    if (this.state === S.Quoted) throw new CsvError(this.recordLine, "a quoted cell is never closed", 'a cell that starts with " ends with " (a quote inside is written "")')
    if (this.state === S.Start && this.cells.length === 0) return
    this.pushCell(this.state === S.Start ? "" : this.cell)
    this.endRecord()
  }

  protected run(text: string): void {
    const sep = this.sep
    const n = text.length
    // Start of the unconsumed part of the current cell in `text`.
    let from = 0
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i)
      // A line break is LF, CR or CRLF, counted once.
      if (c === LF) {
        if (!this.afterCR) this.line++
      } else if (c === CR) this.line++
      this.afterCR = c === CR
      switch (this.state) {
        case S.Start:
          if (c === QUOTE) {
            this.state = S.Quoted
            from = i + 1
          } else if (c === sep) {
            this.pushCell("")
          } else if (c === LF || c === CR) {
            // A blank line (or the LF of a CRLF) ends no record; a record ending in a separator
            // ends with an empty cell.
            if (this.cells.length > 0) {
              this.pushCell("")
              this.endRecord()
            }
            this.recordLine = this.line
          } else {
            this.state = S.Plain
            from = i
          }
          break
        case S.Plain:
          if (c === sep || c === LF || c === CR) {
            this.pushCell(this.cell + text.slice(from, i))
            this.state = S.Start
            if (c !== sep) {
              this.endRecord()
              this.recordLine = this.line
            }
          }
          break
        case S.Quoted:
          if (c === QUOTE) {
            this.cell += text.slice(from, i)
            this.checkCell()
            this.state = S.QuoteInQuoted
          }
          break
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            this.cell += '"'
            this.state = S.Quoted
            from = i + 1
          } else if (c === sep || c === LF || c === CR) {
            this.pushCell(this.cell)
            this.state = S.Start
            if (c !== sep) {
              this.endRecord()
              this.recordLine = this.line
            }
          } else {
            throw new CsvError(this.line, `text after the closing quote of cell ${this.cells.length + 1}`, 'a quote inside a quoted cell is written twice: ""')
          }
          break
      }
    }
    if (this.state === S.Plain || this.state === S.Quoted) {
      this.cell += text.slice(from, n)
      this.checkCell()
    }
  }

  /** The last character read was a CR: an LF right after it is the same line break. */
  private afterCR = false

  private checkCell(): void {
    if (this.cell.length > MAX_CELL_CHARS) throw new CsvError(this.recordLine, `cell ${this.cells.length + 1} is longer than ${MAX_CELL_CHARS} characters`, "is this a CSV file? a quote left open swallows the rest of the file")
  }

  private pushCell(value: string): void {
    if (value.length > MAX_CELL_CHARS) {
      this.cell = value
      this.checkCell()
    }
    this.cell = ""
    this.recordChars += value.length + 1
    if (this.cells.length === MAX_CELLS) throw new CsvError(this.recordLine, `the record has more than ${MAX_CELLS} cells`)
    if (this.recordChars > MAX_RECORD_CHARS) throw new CsvError(this.recordLine, `the record is longer than ${MAX_RECORD_CHARS} characters`)
    this.cells.push(value)
  }

  private endRecord(): void {
    const cells = this.cells
    this.cells = []
    this.recordChars = 0
    this.state = S.Start
    this.onRecord(cells, this.recordLine)
  }
}

/** Index of the first record's line break (outside quotes), or −1 when it is not complete. */
export const endOfFirstRecord = (text: string): number => {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) quoted = !quoted
    else if (!quoted && (c === LF || c === CR)) return i
  }
  return -1
}

/** How many records above the header `locateHeader` looks at. */
export const HEADER_SEARCH_RECORDS = 20

/** Where the header is: its offset in the text, its physical line, its separator, the non-blank records above it. */
export interface HeaderAt {
  readonly offset: number
  readonly line: number
  /** "auto" only when no record names a column: the reader then sniffs the first record as always. */
  readonly separator: Separator | "auto"
  readonly above: number
}

/** Physical lines in `text` (LF, CR or CRLF, each counted once) before `end`. */
const lineBreaks = (text: string, end: number): number => {
  let n = 0
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++
  }
  return n
}

/**
 * Find the header among the first records of a file's text, for exports that write a title or
 * notes above it: the first record whose cells (trimmed, in any case) hold every one of `names`;
 * else the one holding most of them (the first on a tie), so that a misspelt name is still
 * reported against the real header; else the first record. Each record is split with `separator`
 * or, for "auto", the separator sniffed from that record. Returns undefined while the text may
 * still hold a better record (call again with more text, and with `final` at its end).
 *
 * @example
 * locateHeader("Survey export, March\nid;sat\n1;4\n", ["sat"], "auto", true)
 * // { offset: 21, line: 2, separator: ";", above: 1 }
 */
export const locateHeader = (text: string, names: ReadonlyArray<string>, separator: Separator | "auto", final: boolean): HeaderAt | undefined => {
  const wanted = new Set(names.map((n) => n.trim().toLowerCase()))
  let best: { offset: number; separator: Separator; score: number; above: number } | undefined
  let from = 0
  let records = 0
  const decide = (b: { offset: number; separator: Separator; above: number }): HeaderAt => ({ offset: b.offset, line: 1 + lineBreaks(text, b.offset), separator: b.separator, above: b.above })
  while (records < HEADER_SEARCH_RECORDS && from < text.length) {
    const rel = endOfFirstRecord(from === 0 ? text : text.slice(from))
    if (rel < 0 && !final && text.length - from <= MAX_RECORD_CHARS) return undefined
    const end = rel < 0 ? text.length : from + rel
    const record = text.slice(from, end)
    const next = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1)
    if (record.trim() !== "") {
      const sep = separator === "auto" ? sniffSeparator(record) : separator
      let cells: string[] = []
      try {
        const r = new CsvReader((c) => {
          cells = c
        }, sep)
        r.feed(record)
        r.end()
      } catch (e) {
        if (!(e instanceof CsvError)) throw e
      }
      let score = 0
      for (const c of new Set(cells.map((c) => c.trim().toLowerCase()))) if (wanted.has(c)) score++
      if (best === undefined || score > best.score) best = { offset: from, separator: sep, score, above: records }
      if (score === wanted.size) return decide(best)
      records++
    }
    if (rel < 0) break
    from = next
  }
  if (records < HEADER_SEARCH_RECORDS && !final && text.length <= MAX_RECORD_CHARS) return undefined
  // No record names any column: the first one is the header (and its problems are reported).
  if (best === undefined || best.score === 0) return { offset: 0, line: 1, separator, above: 0 }
  return decide(best)
}
