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

/** Unsigned digits only (at most 15), read without a regular expression; NaN for anything else. */
const digitsOnly = (s: string): number => {
  const n = s.length
  if (n === 0 || n > 15) return Number.NaN
  let v = 0
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return Number.NaN
    v = v * 10 + c
  }
  return v
}

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
    const digits = digitsOnly(cell)
    if (!Number.isNaN(digits)) return digits
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

  /** A hint for a cell `read` refused. */
  hint(): string {
    if (this.mark === undefined) return "write numbers with digits and one decimal mark, e.g. 7.5 or 7,5"
    return `this file's decimal mark is "${this.mark}" (from ${this.decidedAt}); no thousands separators; set decimal: in the mapping if that is wrong`
  }
}
