/**
 * A growable buffer of fixed-width numeric rows, for the per-visit and per-period records of one
 * block (record exports only: the run without records never touches one). Plain TypeScript over
 * a Float64Array: no allocation per row once grown to the block's size.
 */
export class RowBuffer {
  data: Float64Array
  /** Rows in the buffer. */
  rows = 0
  /** The block-local customer and the period the next visit rows belong to (set by the kernel). */
  customer = 0
  period = 0

  constructor(
    readonly fields: number,
    capacityRows = 4096
  ) {
    this.data = new Float64Array(fields * capacityRows)
  }

  clear(): void {
    this.rows = 0
  }

  /** Room for one more row; returns its offset in `data`. */
  next(): number {
    const at = this.rows * this.fields
    if (at + this.fields > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.rows++
    return at
  }

  /** A touchpoint visit of the current customer and period: VISIT fields. */
  visit(touchpoint: number, experience: number, failed: boolean): void {
    const at = this.next()
    const d = this.data
    d[at] = this.customer
    d[at + 1] = this.period
    d[at + 2] = touchpoint
    d[at + 3] = experience
    d[at + 4] = failed ? 1 : 0
  }

  /** What followed customer c's journey of period h: PERIOD fields. */
  periodEnd(c: number, h: number, outcome: number, satisfaction: number, cumulative: number, churned: boolean, revenue: number): void {
    const at = this.next()
    const d = this.data
    d[at] = c
    d[at + 1] = h
    d[at + 2] = outcome
    d[at + 3] = satisfaction
    d[at + 4] = cumulative
    d[at + 5] = churned ? 1 : 0
    d[at + 6] = revenue
  }
}

/** Fields of a visit row: customer (block-local), period, touchpoint, experience, failed. */
export const VISIT_FIELDS = 5
/** Fields of a period row: customer (block-local), period, outcome, satisfaction, cumulative satisfaction, churned, revenue. */
export const PERIOD_FIELDS = 7
