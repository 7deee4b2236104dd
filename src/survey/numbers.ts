/**
 * Numbers in a survey's cells, with the file's decimal mark: a point, a comma ("7,5", as
 * spreadsheets in many locales write it), or decided by the file itself (`auto`): the first
 * number with a fraction sets the mark for the whole file, and a later number with the other
 * mark is not read (a file mixing both is ambiguous). Thousands separators are not read.
 */

export type DecimalMark = "." | ","

const INTEGER = /^[-+]?\d+$/
const FRACTION = /^[-+]?(\d*)([.,])(\d+)$/
const EXPONENT = /^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/

const POW10 = Array.from({ length: 16 }, (_, d) => 10 ** d)

export class NumberReader {
  /** The decimal mark in use; undefined while `auto` has seen no fraction yet. */
  mark: DecimalMark | undefined
  /** Where the mark was decided (a description such as `row 3, column "spend"`), for messages. */
  decidedAt: string | undefined

  /**
   * @param decimal the mapping's `decimal`. @default "auto"
   * @param separator the CSV separator: with a comma separator, `auto` means a point
   */
  constructor(decimal: DecimalMark | "auto" = "auto", separator?: string | undefined) {
    this.mark = decimal !== "auto" ? decimal : separator === "," ? "." : undefined
    this.decidedAt = decimal !== "auto" ? "the mapping's decimal:" : this.mark === "." ? "the comma separator" : undefined
  }

  /**
   * The cell as a number, or NaN when it is not one with this file's mark. `where` describes the
   * cell, kept when it decides the mark.
   *
   * @example
   * new NumberReader(",").read(" 7,5 ") // 7.5
   */
  read(cell: string, where?: string): number {
    const plain = this.readPlain(cell, 0, cell.length)
    if (!Number.isNaN(plain)) return plain
    const s = cell.trim()
    if (INTEGER.test(s)) return Number(s)
    const m = FRACTION.exec(s)
    if (m !== null) {
      const mark = m[2] as DecimalMark
      if (this.mark === undefined) {
        this.mark = mark
        this.decidedAt = where ?? "the first number with a fraction"
      }
      if (mark !== this.mark) return Number.NaN
      return Number(`${s.slice(0, s.length - m[3]!.length - 1)}.${m[3]}`.replace(/^([-+]?)\./, "$10."))
    }
    if (this.mark !== "," && EXPONENT.test(s)) return Number(s)
    return Number.NaN
  }

  /**
   * text[from, to) as a number when it is written plainly (an optional sign, at most 15 digits, at
   * most one decimal mark: this file's, already decided): the same number `read` gives, without
   * a string; NaN for anything else (spaces, an exponent, the other mark, a mark not yet decided),
   * which `read` then decides. The digits are one integer m < 2^53 and 10^d is exact, so m / 10^d,
   * a single rounding, is the correctly rounded value that `read`'s `Number()` gives.
   */
  readPlain(text: string, from: number, to: number): number {
    let i = from
    if (i === to) return Number.NaN
    let c = text.charCodeAt(i)
    const negative = c === 45
    if (negative || c === 43) i++
    const mark = this.mark === "," ? 44 : this.mark === "." ? 46 : -1
    let m = 0
    let digits = 0
    let point = -1
    for (; i < to; i++) {
      c = text.charCodeAt(i)
      const d = c - 48
      if (d >= 0 && d <= 9) {
        m = m * 10 + d
        digits++
      } else if (c === mark && point < 0) point = digits
      else return Number.NaN
    }
    if (digits === 0 || digits > 15 || point === digits) return Number.NaN
    const v = point < 0 ? m : m / (POW10[digits - point] as number)
    return negative ? -v : v
  }

  /** A hint for a cell `read` refused. */
  hint(): string {
    if (this.mark === undefined) return "write numbers with digits and one decimal mark, e.g. 7.5 or 7,5"
    return `this file's decimal mark is "${this.mark}" (from ${this.decidedAt}); no thousands separators; set decimal: in the mapping if that is wrong`
  }
}
