/**
 * The survey reader's CSV scanner: the same records as `CsvReader` (csv.ts: RFC 4180, any
 * chunking, the same lines, bounds and errors), given as spans of the text instead of a string
 * per cell, so that the survey reader can code a cell without making a string of it. A cell is
 * `text.slice(start[j], end[j])` unless `owned[j]` holds it: a quoted cell with a doubled quote,
 * or a cell (or record) that began in an earlier chunk. `CsvReader` stays the straightforward
 * reading that tests compare this one with (test/survey/csvScan.test.ts).
 *
 * Cost: one pass over the characters with the state in locals; a cell inside one chunk costs two
 * integers, not a string.
 */
import { CsvError, MAX_CELL_CHARS, MAX_CELLS, MAX_RECORD_CHARS, SniffingCsvReader, type Separator } from "./csv.js"

/** A record as spans; valid only during the `onRecord` call that gives it (the scanner reuses it). */
export class CsvRecord {
  /** The text the spans index (the current chunk). */
  text = ""
  /** Cells in the record. */
  count = 0
  readonly start = new Int32Array(MAX_CELLS)
  readonly end = new Int32Array(MAX_CELLS)
  /** Per cell: its text when it is not the span `text[start, end)`; else null. */
  readonly owned: Array<string | null> = []
  /** Whether any cell is owned (`owned` is reset only then). */
  owns = false

  /** Cell `j` as a string. */
  cell(j: number): string {
    const o = this.owns ? this.owned[j] : null
    return o === null || o === undefined ? this.text.slice(this.start[j] as number, this.end[j] as number) : o
  }

  /** Every cell as a string (what `CsvReader` gives). */
  cells(): string[] {
    const out = new Array<string>(this.count)
    for (let j = 0; j < this.count; j++) out[j] = this.cell(j)
    return out
  }
}

const QUOTE = 34
const CR = 13
const LF = 10

/** Characters `scan` reads at a call (a record beyond them is finished). */
const SLICE = 4096

const START = 0
const PLAIN = 1
const QUOTED = 2
const QUOTE_IN_QUOTED = 3

/**
 * Feed text with `feed`, then call `end` once: `onRecord(record, line)` is called for each
 * record, in order, with the 1-based physical line the record starts on; blank lines give none.
 *
 * @example
 * const s = new CsvScanner((r) => rows.push(r.cells()), ",")
 * s.feed('a,"b,\nc"\r\n1,')
 * s.feed("2\n")
 * s.end() // rows: [["a", "b,\nc"], ["1", "2"]]
 */
export class CsvScanner extends SniffingCsvReader {
  private state = START
  /** The current cell's text from earlier chunks or before a doubled quote (when `pieces`). */
  private cell = ""
  private pieces = false
  private readonly rec = new CsvRecord()
  private recordChars = 0
  private afterCR = false
  // Between calls of `scan` on one text: where the current cell starts, where its quoted content
  // ends so far, and where the next LF, quote and CR are.
  private from = 0
  private qEnd = 0
  private lfAt = -1
  private quoteAt = -1
  private crAt = -1

  /**
   * @param onRecord called with each record and the line it starts on
   * @param separator the separator, or "auto" to sniff it from the first record. @default "auto"
   * @param firstLine the physical line the text starts on (text above it was read apart). @default 1
   */
  constructor(
    private readonly onRecord: (record: CsvRecord, line: number) => void,
    separator: Separator | "auto" = "auto",
    firstLine = 1
  ) {
    super(separator, firstLine)
  }

  /** The end of the text: the last record (without a final line break) comes out. */
  end(): void {
    this.endPending()
    if (this.state === QUOTED) throw new CsvError(this.recordLine, "a quoted cell is never closed", 'a cell that starts with " ends with " (a quote inside is written "")')
    if (this.state === START && this.rec.count === 0) return
    this.rec.text = ""
    this.push(this.state === START ? "" : this.cell, 0, 0)
    this.emit()
  }

  private cellTooLong(): CsvError {
    return new CsvError(this.recordLine, `cell ${this.rec.count + 1} is longer than ${MAX_CELL_CHARS} characters`, "is this a CSV file? a quote left open swallows the rest of the file")
  }

  /**
   * Add a cell: `owned` when not null (its text), else the span [from, to) of the record's text.
   * The bounds are CsvReader's, checked in its order.
   */
  private push(owned: string | null, from: number, to: number): void {
    const rec = this.rec
    const length = owned === null ? to - from : owned.length
    if (length > MAX_CELL_CHARS) throw this.cellTooLong()
    this.recordChars += length + 1
    const j = rec.count
    if (j === MAX_CELLS) throw new CsvError(this.recordLine, `the record has more than ${MAX_CELLS} cells`)
    if (this.recordChars > MAX_RECORD_CHARS) throw new CsvError(this.recordLine, `the record is longer than ${MAX_RECORD_CHARS} characters`)
    if (owned !== null) {
      rec.owned[j] = owned
      rec.owns = true
    } else if (rec.owns) rec.owned[j] = null
    rec.start[j] = from
    rec.end[j] = to
    rec.count = j + 1
  }

  private emit(): void {
    const rec = this.rec
    this.recordChars = 0
    this.state = START
    this.onRecord(rec, this.recordLine)
    if (rec.owns) {
      rec.owned.length = 0
      rec.owns = false
    }
    rec.count = 0
  }

  protected run(text: string): void {
    const n = text.length
    this.rec.text = text
    this.from = 0
    this.qEnd = 0
    this.lfAt = -1
    this.quoteAt = -1
    this.crAt = -1
    // In slices: `scan` is called often enough to be optimised as a whole, the code after its
    // loop included (a loop optimised while it runs, on a long text, is compiled without that
    // code and fell back to the interpreter at the end of every text).
    let at = 0
    while (at < n) at = this.scan(text, at, Math.min(n, at + SLICE))
    this.carry(text, this.from, this.state === QUOTE_IN_QUOTED ? this.qEnd : n)
  }

  /** Read the record's text from `at` to `to` at least (a whole record at most beyond); returns where it stopped. */
  private scan(text: string, at: number, to: number): number {
    const sep = this.sep
    const n = to
    const rec = this.rec
    let state = this.state
    let line = this.line
    let afterCR = this.afterCR
    // Start of the current cell's unconsumed part in `text`, and (quoted) the end of its content.
    let from = this.from
    let qEnd = this.qEnd
    let i = at
    // The record lane: a record on one line, without quotes or a lone CR, is cut at its
    // separators by indexOf, and so are the cells before a record's first quoted cell. Where the
    // next LF, quote and CR are (the text's length: none), each found once per stretch.
    const sepText = String.fromCharCode(sep)
    let lfAt = this.lfAt
    let quoteAt = this.quoteAt
    let crAt = this.crAt
    try {
      outer: for (; i < n; i++) {
        if (state === START && rec.count === 0) {
          if (lfAt < i) {
            lfAt = text.indexOf("\n", i)
            if (lfAt < 0) lfAt = text.length
          }
          const lf = lfAt
          if (lf > i && lf < text.length) {
            if (quoteAt < i) {
              quoteAt = text.indexOf('"', i)
              if (quoteAt < 0) quoteAt = text.length
            }
            if (crAt < i) {
              crAt = text.indexOf("\r", i)
              if (crAt < 0) crAt = text.length
            }
            const end = crAt === lf - 1 ? lf - 1 : lf
            if (quoteAt > lf && crAt >= lf - 1 && end > i) {
              let a = i
              for (let b = text.indexOf(sepText, a); b >= 0 && b < end; b = text.indexOf(sepText, a)) {
                this.push(null, a, b)
                a = b + 1
              }
              this.push(null, a, end)
              // The line break (LF or CRLF) counts once.
              line++
              afterCR = false
              this.emit()
              this.recordLine = line
              i = lf
              continue
            }
            if (quoteAt < lf && quoteAt > i && crAt > quoteAt && text.charCodeAt(quoteAt - 1) === sep) {
              // The cells before a quoted one; the loop below reads from its quote on.
              const stop = quoteAt - 1
              let a = i
              for (let b = text.indexOf(sepText, a); b >= 0 && b < stop; b = text.indexOf(sepText, a)) {
                this.push(null, a, b)
                a = b + 1
              }
              this.push(null, a, stop)
              afterCR = false
              i = stop
              continue
            }
          }
        }
        let c = text.charCodeAt(i)
        // Runs of ordinary characters: nothing to count or decide.
        if (state === PLAIN) {
          if (c !== sep && c !== LF && c !== CR) {
            afterCR = false
            do {
              if (++i === n) break outer
              c = text.charCodeAt(i)
            } while (c !== sep && c !== LF && c !== CR)
          }
        } else if (state === QUOTED) {
          if (c !== QUOTE && c !== LF && c !== CR) {
            afterCR = false
            do {
              if (++i === n) break outer
              c = text.charCodeAt(i)
            } while (c !== QUOTE && c !== LF && c !== CR)
          }
        }
        // A line break is LF, CR or CRLF, counted once.
        if (c === LF) {
          if (!afterCR) line++
        } else if (c === CR) line++
        afterCR = c === CR
        switch (state) {
          case START:
            if (c === QUOTE) {
              state = QUOTED
              from = i + 1
            } else if (c === sep) {
              this.push(null, i, i)
            } else if (c === LF || c === CR) {
              // A blank line (or the LF of a CRLF) ends no record; a record ending in a separator
              // ends with an empty cell.
              if (rec.count > 0) {
                this.push(null, i, i)
                this.emit()
              }
              this.recordLine = line
            } else {
              state = PLAIN
              from = i
            }
            break
          case PLAIN:
            // c is a separator or a line break.
            if (this.pieces) {
              this.push(this.cell + text.slice(from, i), 0, 0)
              this.cell = ""
              this.pieces = false
            } else this.push(null, from, i)
            state = START
            if (c !== sep) {
              this.emit()
              this.recordLine = line
            }
            break
          case QUOTED:
            if (c === QUOTE) {
              qEnd = i
              if ((this.pieces ? this.cell.length : 0) + (qEnd - from) > MAX_CELL_CHARS) throw this.cellTooLong()
              state = QUOTE_IN_QUOTED
            }
            break
          case QUOTE_IN_QUOTED:
            if (c === QUOTE) {
              // A doubled quote: the cell is no longer a span.
              this.cell = `${this.pieces ? this.cell : ""}${text.slice(from, qEnd)}"`
              this.pieces = true
              state = QUOTED
              from = i + 1
            } else if (c === sep || c === LF || c === CR) {
              if (this.pieces) {
                this.push(this.cell + text.slice(from, qEnd), 0, 0)
                this.cell = ""
                this.pieces = false
              } else this.push(null, from, qEnd)
              state = START
              if (c !== sep) {
                this.emit()
                this.recordLine = line
              }
            } else {
              throw new CsvError(line, `text after the closing quote of cell ${rec.count + 1}`, 'a quote inside a quoted cell is written twice: ""')
            }
            break
        }
      }
    } finally {
      this.line = line
      this.afterCR = afterCR
    }
    this.state = state
    this.from = from
    this.qEnd = qEnd
    this.lfAt = lfAt
    this.quoteAt = quoteAt
    this.crAt = crAt
    return i
  }

  /**
   * The chunk ends inside a record: what it holds so far becomes strings (the next chunk is
   * another text); the current cell's text so far is text[from, to). Apart from `run`, whose
   * optimised code then never meets this once-a-chunk code without having seen it.
   */
  private carry(text: string, from: number, to: number): void {
    const rec = this.rec
    if (this.state !== START) {
      this.cell = (this.pieces ? this.cell : "") + text.slice(from, to)
      this.pieces = true
      if (this.cell.length > MAX_CELL_CHARS) throw this.cellTooLong()
    }
    for (let j = 0; j < rec.count; j++) {
      if (!rec.owns || rec.owned[j] === null || rec.owned[j] === undefined) {
        rec.owned[j] = text.slice(rec.start[j] as number, rec.end[j] as number)
        rec.owns = true
      }
    }
  }
}
