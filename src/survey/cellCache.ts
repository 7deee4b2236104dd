/**
 * What the survey reader made of each distinct text of one column (a label's category, a segment
 * value's id), looked up by the cell's characters where they lie in the file's text, so that a
 * cell seen before costs a hash of a few of its characters, one comparison, and no string. An
 * open-addressing table of at most 512 texts: a column with more distinct texts is read the
 * plain way beyond them.
 */

/** What `get` returns for a text not in the table. */
export const MISS = -0x7fffffff

const BITS = 10
const SLOTS = 1 << BITS
const MASK = SLOTS - 1
/** The most texts kept (half the slots: probes stay short). */
export const MAX_TEXTS = SLOTS >> 1

/**
 * A hash of text[from, to) from its length and three of its characters (first, middle, last):
 * the texts of a column are few, and a collision costs a comparison, not a wrong answer.
 */
const hashOf = (text: string, from: number, to: number): number => {
  const length = to - from
  if (length === 0) return 0
  let h = Math.imul(length, 0x9e3779b1) ^ text.charCodeAt(from)
  h = Math.imul(h, 0x01000193) ^ text.charCodeAt(to - 1)
  h = Math.imul(h, 0x01000193) ^ text.charCodeAt(from + (length >> 1))
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d)
}

export class CellCache {
  private readonly texts: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined)
  private readonly hashes = new Int32Array(SLOTS)
  private readonly values = new Int32Array(SLOTS)
  private size = 0

  /** The value kept for the text text[from, to), or MISS. */
  get(text: string, from: number, to: number): number {
    const h = hashOf(text, from, to)
    const length = to - from
    for (let slot = h & MASK; ; slot = (slot + 1) & MASK) {
      const t = this.texts[slot]
      if (t === undefined) return MISS
      if (this.hashes[slot] === h && t.length === length && text.startsWith(t, from)) return this.values[slot] as number
    }
  }

  /** Keep `value` for `text` (nothing when the table is full or holds it already). */
  set(text: string, value: number): void {
    if (this.size >= MAX_TEXTS) return
    const h = hashOf(text, 0, text.length)
    for (let slot = h & MASK; ; slot = (slot + 1) & MASK) {
      const t = this.texts[slot]
      if (t === undefined) {
        this.texts[slot] = text
        this.hashes[slot] = h
        this.values[slot] = value
        this.size++
        return
      }
      if (t === text) return
    }
  }
}
