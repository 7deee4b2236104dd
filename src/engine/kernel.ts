/**
 * The kernel: one call simulates one block of customers through every period of the horizon,
 * adding into the block's accumulator. Plain TypeScript over typed arrays (design.md, contract
 * — the hot loop): no allocation per customer, no closures per step, no Effect, no Math.random.
 * This file drives the block — streams, customers, periods; journey.ts holds each stage of a
 * customer's simulation as a method, small enough to compile quickly.
 *
 * The model (docs/model.md has the derivations and sources):
 * - each customer draws a persona, then per dimension adequate ≤ expected ≤ desired levels;
 * - at each touchpoint, per delivered dimension, disconfirmation against the zone of tolerance
 *   (Zeithaml et al. 1993), valued loss-aversely with diminishing sensitivity (Tversky &
 *   Kahneman 1992) and Kano multipliers (Kano et al. 1984), weighted, minus effort (Dixon et al.
 *   2010); failures, recovery and double deviation (McCollough & Bharadwaj 1992), a failure
 *   remembered as the poorer of itself and the service it interrupted;
 * - the journey is remembered by peak, end and average, not by its length (Kahneman et al. 1993);
 * - satisfaction 0–10 is a logistic of the remembered value; CSAT, likelihood to recommend and
 *   effort (CES) derive from it and from effort (Reichheld 2003 for NPS);
 * - per period, cumulative satisfaction anchors retention (Jones & Sasser 1995; Rust & Oliver 2000),
 *   and expectations adapt to what was experienced (Bolton 1998).
 */
import type { Layout } from "./accumulator.js"
import type { CompiledModel } from "./compile.js"
import { Journey, type JourneyScratch } from "./journey.js"
import { seedBlock, seedWalk as seedWalkImported, Tyche } from "./rng.js"
import { PERIOD_FIELDS, RowBuffer, VISIT_FIELDS } from "./rowBuffer.js"

// Called for every customer and period: a constant of this module, for test runners that read
// imports through getters (journey.ts, at its imports).
const seedWalk = seedWalkImported

/** Customers per block: a constant of the format (design.md, contract — determinism). */
export const BLOCK_SIZE = 1024

/**
 * Working memory of a kernel, allocated once per run (or per worker), reused for every customer:
 * the walk's per-step state, the customer's expectations, and the three random streams.
 */
export interface Scratch extends JourneyScratch {
  /** The persona stream, reseeded per block (the walk per customer and period, the post per block). */
  readonly persona: Tyche
  /** The customer being simulated: their journeys and what follows them (journey.ts). */
  readonly journey: Journey
}

export const makeScratch = (m: CompiledModel): Scratch => {
  const walk = new Tyche()
  const post = new Tyche()
  const moments = new Float64Array(m.maxSteps * 2 + 2)
  const visitCount = new Int32Array(m.nTouchpoints)
  const tpUSum = new Float64Array(m.nTouchpoints)
  const tpVisitN = new Int32Array(m.nTouchpoints)
  const perceivedSum = new Float64Array(m.nDims)
  const perceivedN = new Int32Array(m.nDims)
  const cA = new Float64Array(m.nDims)
  const cE = new Float64Array(m.nDims)
  const cD = new Float64Array(m.nDims)
  return {
    moments,
    visitCount,
    tpUSum,
    tpVisitN,
    perceivedSum,
    perceivedN,
    cA,
    cE,
    cD,
    persona: new Tyche(),
    walk,
    post,
    journey: new Journey(m, { moments, visitCount, tpUSum, tpVisitN, perceivedSum, perceivedN, cA, cE, cD, walk, post })
  }
}

/**
 * Per-customer results of a block (first visit, plus horizon totals), for paired comparisons and
 * record exports. Optional: the report needs only the accumulator.
 */
export interface CustomerRecords {
  readonly persona: Int32Array
  /** Dimensions per customer in `expected`. */
  readonly nDims: number
  /** Expected level per dimension before the first visit: customer c's dimension d at c·nDims + d. */
  readonly expected: Float64Array
  /** The remembered first journey (peak, end and average; minus the penalty for not completing). */
  readonly remembered: Float64Array
  readonly satisfaction: Float64Array
  readonly csat: Int8Array
  readonly ltr: Int8Array
  readonly ces: Int8Array
  /** Effort points of the first journey (CES is made of them); null when not kept. */
  readonly effort: Float64Array | null
  /** The CES answer's noise of the first journey, in CES points (effortNoise × a standard normal). */
  readonly cesNoise: Float64Array
  /** Outcome index, or -1 when the customer gave up at a touchpoint. */
  readonly outcome: Int32Array
  /** Touchpoint where the customer gave up, or -1. */
  readonly abandonedAt: Int32Array
  /** Period in which the customer churned, or -1 if retained over the horizon. */
  readonly churnPeriod: Int32Array
  readonly revenue: Float64Array
  readonly cost: Float64Array
  /** A row per touchpoint visit of every period (rowBuffer.ts), when asked for. */
  readonly visits: RowBuffer | null
  /** A row per period a customer was active in (rowBuffer.ts), when asked for. */
  readonly periods: RowBuffer | null
}

export const makeRecords = (size = BLOCK_SIZE, nDims = 0, rows: { readonly visits?: boolean; readonly periods?: boolean } = {}): CustomerRecords => ({
  persona: new Int32Array(size),
  nDims,
  expected: new Float64Array(size * nDims),
  remembered: new Float64Array(size),
  satisfaction: new Float64Array(size),
  csat: new Int8Array(size),
  ltr: new Int8Array(size),
  ces: new Int8Array(size),
  effort: new Float64Array(size),
  cesNoise: new Float64Array(size),
  outcome: new Int32Array(size),
  abandonedAt: new Int32Array(size),
  churnPeriod: new Int32Array(size),
  revenue: new Float64Array(size),
  cost: new Float64Array(size),
  visits: rows.visits === true ? new RowBuffer(VISIT_FIELDS) : null,
  periods: rows.periods === true ? new RowBuffer(PERIOD_FIELDS) : null
})

/**
 * Simulate the `count` customers of block `block` (customers block·BLOCK_SIZE onwards) into `acc`,
 * which the caller zeroes.
 * With `periods` below the horizon, the customers live the first `periods` periods only (the
 * totals and records then end there: no churn nor revenue after them), and every customer's draws
 * are those of the whole horizon: what a caller reads of those periods is the same bytes.
 * runBlock requires count ≤ BLOCK_SIZE and a scratch made for this model.
 */
export const runBlock = (
  m: CompiledModel,
  block: number,
  count: number,
  acc: Float64Array,
  lay: Layout,
  sc: Scratch,
  rec: CustomerRecords | null,
  periods: number = m.horizon
): void => {
  const J = sc.journey
  J.bind(m)
  J.layout(lay)
  J.rec = rec
  const seed = m.seed
  const rp = sc.persona
  seedBlock(rp, seed, block, "persona")
  // The journey walk: one stream per customer and period (see Tyche).
  const walk = sc.walk
  const ro = sc.post
  seedBlock(ro, seed, block, "post")
  const H = m.horizon
  const phaseOfPeriod = m.phaseOfPeriod
  const phased = m.phases.length > 1
  const firstCustomer = block * BLOCK_SIZE
  const visits = rec === null ? null : rec.visits
  if (visits !== null) visits.clear()
  if (rec !== null && rec.periods !== null) rec.periods.clear()
  for (let c = 0; c < count; c++) {
    // Who the customer is: a stream that never depends on the journey (common random numbers).
    J.customer(rp, acc)
    for (let h = 0; h < H; h++) {
      if (J.active === 0 || h >= periods) {
        // Five post-journey draws per period, active or not, to keep the stream aligned.
        ro.next()
        ro.next()
        ro.next()
        ro.next()
        ro.next()
        continue
      }
      seedWalk(walk, seed, firstCustomer + c, h)
      if (phased) J.setPhase(phaseOfPeriod[h] as number)
      if (visits !== null) {
        visits.customer = c
        visits.period = h
      }
      J.run(acc, h === 0)
      J.drawPost()
      J.settle(acc, h, c)
      J.adapt()
    }
    J.close(acc, c)
  }
  J.rec = null
}
