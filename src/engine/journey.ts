/**
 * One customer at a time: who they are, each period's walk through the touchpoints with every
 * moment valued against their expectations, and what follows it — satisfaction, survey answers,
 * loyalty, adaptation (kernel.ts has the model and its sources; docs/model.md the derivations).
 * A visit draws its levels whether it fails or not (the walk stream stays paired when a failure
 * rate changes), and a failed visit is remembered as the poorer of the failure and the service
 * it interrupted: a more reliable touchpoint never makes a moment worse (docs/model.md §7).
 * Part of the kernel: plain TypeScript over typed arrays, no allocation, no closures per step.
 *
 * A class with the model's arrays as fields, so that each stage is a method of its own: small
 * enough for the optimising compiler to compile quickly (every worker pays that warm-up once per
 * run), and a branch taken late for the first time (a rare distribution, a double deviation)
 * recompiles one method, not the whole kernel.
 */
import { P as periodFields, S as segmentFields, T as touchpointFields, type Layout } from "./accumulator.js"
import type { CompiledModel, Phase } from "./compile.js"
import { GammaBeta, normalQuantile as quantile } from "./distributions.js"
import { exp as expImported, log as logImported } from "./numerics.js"
import type { CustomerRecords } from "./kernel.js"
import type { Tyche } from "./rng.js"

/**
 * What the walk reads of other modules, as constants of this one. Node reads an imported name as
 * directly as a constant; a test runner that loads modules through export objects (vitest: an
 * object of getters, in dictionary mode) turns each use of an imported name into a lookup and a
 * getter call, which made the kernel 1.4 times slower in the tests. Here, a constant either way.
 * The same in the kernel's other modules that the walk calls into (distributions.ts, kernel.ts).
 */
const P = periodFields
const S = segmentFields
const T = touchpointFields
const normalQuantile = quantile
const exp = expImported
const log = logImported

/**
 * The walk's shortcut past giving up: the probability of giving up, 1 − e^−x with
 * x = ln2·(u/patience)² ≥ 0, lies between x − x²/2 and x − x²/2 + x³/6 (Taylor), and as computed
 * within GIVE_UP_SLACK of them (exp is within 1.5 units in the last place): a draw below the
 * lower bound gives up, one at or above the upper stays, whatever exp gives. Only a draw in
 * between needs the exp (5 in 10^3 visits in shop, 2 in 10^4 in restaurant). Written out as a
 * literal in `run` (a module constant's read carries a check).
 */
export const GIVE_UP_SLACK = 1e-12

/** The scratch arrays and streams a journey shares with the kernel. */
export interface JourneyScratch {
  readonly moments: Float64Array
  readonly visitCount: Int32Array
  readonly tpUSum: Float64Array
  readonly tpVisitN: Int32Array
  readonly perceivedSum: Float64Array
  readonly perceivedN: Int32Array
  readonly cA: Float64Array
  readonly cE: Float64Array
  readonly cD: Float64Array
  readonly walk: Tyche
  readonly post: Tyche
}

export class Journey {
  // The model (bound by `bind`), and the phase of its service schedule in force.
  model: CompiledModel | null = null
  phase = 0
  nT = 0
  nD = 0
  start = 0
  maxSteps = 0
  repeatEffort = 0
  tpSwitchEffort: Float64Array = new Float64Array(0)
  tpEffort: Float64Array = new Float64Array(0)
  tpChannel: Int32Array = new Int32Array(0)
  tpCost: Float64Array = new Float64Array(0)
  tpFailRate: Float64Array = new Float64Array(0)
  tpFailSeverity: Float64Array = new Float64Array(0)
  tpFailEffort: Float64Array = new Float64Array(0)
  tpRecovery: Int32Array = new Int32Array(0)
  tpForgive: Float64Array = new Float64Array(0)
  tpAbandonable: Uint8Array = new Uint8Array(0)
  tpResume: Uint8Array = new Uint8Array(0)
  /** The levels drawn at one touchpoint (serviceValue), one per service entry. */
  levels: Float64Array = new Float64Array(0)
  svcStart: Int32Array = new Int32Array(0)
  svcDim: Int32Array = new Int32Array(0)
  svcKind: Int32Array = new Int32Array(0)
  svcParam: Float64Array = new Float64Array(0)
  discValue: Float64Array = new Float64Array(0)
  discCum: Float64Array = new Float64Array(0)
  dimMin: Float64Array = new Float64Array(0)
  dimMax: Float64Array = new Float64Array(0)
  dimSign: Float64Array = new Float64Array(0)
  dimScale: Float64Array = new Float64Array(0)
  notices: Uint8Array = new Uint8Array(0)
  weight: Float64Array = new Float64Array(0)
  kanoGain: Float64Array = new Float64Array(0)
  kanoLoss: Float64Array = new Float64Array(0)
  edgeStart: Int32Array = new Int32Array(0)
  edgeTarget: Int32Array = new Int32Array(0)
  edgeCum: Float64Array = new Float64Array(0)
  offStart: Int32Array = new Int32Array(0)
  offTarget: Int32Array = new Int32Array(0)

  // Scratch.
  readonly moments: Float64Array
  /**
   * Per moment, 1 when the customer noticed the visit: it delivered a dimension the persona
   * notices, cost effort or failed; 0 for a neutral step, which the remembered average leaves out.
   */
  readonly felt: Uint8Array
  /**
   * Set by `valueLevels` when the visit delivered a dimension the persona notices (for a failed
   * visit, when the interrupted service would have: a failed visit is felt whatever it is).
   */
  noticed = 0
  readonly visitCount: Int32Array
  readonly tpUSum: Float64Array
  readonly tpVisitN: Int32Array
  readonly perceivedSum: Float64Array
  readonly perceivedN: Int32Array
  readonly cA: Float64Array
  readonly cE: Float64Array
  readonly cD: Float64Array
  readonly walk: Tyche
  /** Gamma and beta draws from the walk stream. */
  readonly gammaBeta: GammaBeta
  readonly post: Tyche
  /** The period's five post-journey draws (drawPost). */
  readonly postDraws = new Float64Array(5)

  // The accumulator's layout (set by `layout`), and optional per-customer records.
  stride = 0
  layTp = 0
  layPeriod = 0
  layOutcome = 0
  layCsat = 0
  layLtr = 0
  layCes = 0
  layCsatChurn = 0
  rec: CustomerRecords | null = null

  // The customer (set by `customer`).
  p = 0
  /** Offsets of the customer's segment and of its touchpoint slots in the accumulator. */
  base = 0
  tpBase = 0
  /** Cumulative satisfaction, still a customer (1) or churned (0), and horizon totals. */
  cum = 0.5
  cumEffort = 0.5
  /** The customer's lasting share of satisfaction noise, a standard normal draw. */
  trait = 0.5
  /** The CSAT answer after the first journey (for churn by CSAT answer). */
  csat0 = 0
  active = 1
  // Fields that hold doubles start as doubles (0.5, not 0): a field that starts as a small
  // integer and later holds a double can end up boxed, an allocation per store.
  revenue = 0.5
  costTotal = 0.5
  churnPeriod = -1
  kappa = 0.5
  lambda = 0.5
  alpha = 0.5
  patience = 0.5
  deviation = 0.5
  effortK = 0.5
  dd = 1.5

  // Results of the last journey.
  steps = 0
  nMom = 0
  effortTot = 0.5
  failures = 0
  recovered = 0
  /** Failures of the journey that met their recovery, forgiven or not: each leaves a scar. */
  scarred = 0
  cost = 0.5
  /** Outcome index, or -1 when the customer gave up (or was cut off at maxSteps). */
  outcome = -1
  abandonedAt = -1
  /** Cut off at maxSteps (counted as lost). */
  lost = false

  // Doubles handed between methods through fields, not arguments or return values: a double
  // crossing a call that is not inlined is boxed, an allocation per step.
  value = 0.5
  /** A failure's severity (valueLevels), and in and out of `exponential`. */
  pw = 0.5
  ex = 0.5
  sat = 0.5
  /** The remembered journey of the period (records). */
  remembered = 0
  scar = 0.5
  uLtr = 0.5
  uComplain = 0.5
  /** The CES answer's noise of the period's journey, in CES points (settle). */
  cesNoise = 0.5

  constructor(m: CompiledModel, s: JourneyScratch) {
    this.moments = s.moments
    this.felt = new Uint8Array(s.moments.length)
    this.visitCount = s.visitCount
    this.tpUSum = s.tpUSum
    this.tpVisitN = s.tpVisitN
    this.perceivedSum = s.perceivedSum
    this.perceivedN = s.perceivedN
    this.cA = s.cA
    this.cE = s.cE
    this.cD = s.cD
    this.walk = s.walk
    this.gammaBeta = new GammaBeta(s.walk)
    this.post = s.post
    this.bind(m)
  }

  /** Read the model's arrays (once per model: the kernel calls it when the model changes). */
  bind(m: CompiledModel): void {
    if (this.model === m) return
    this.phase = 0
    if (m.nTouchpoints !== this.visitCount.length || m.nDims !== this.cA.length || m.maxSteps * 2 + 2 !== this.moments.length) {
      throw new Error("Journey.bind requires a scratch made for a model of the same shape")
    }
    this.model = m
    let widest = 0
    for (let k = 0; k + 1 < m.svcStart.length; k++) widest = Math.max(widest, (m.svcStart[k + 1] as number) - (m.svcStart[k] as number))
    for (const ph of m.phases) for (let k = 0; k + 1 < ph.svcStart.length; k++) widest = Math.max(widest, (ph.svcStart[k + 1] as number) - (ph.svcStart[k] as number))
    if (this.levels.length < widest) this.levels = new Float64Array(widest)
    this.nT = m.nTouchpoints
    this.nD = m.nDims
    this.start = m.start
    this.maxSteps = m.maxSteps
    this.repeatEffort = m.repeatEffort
    this.tpSwitchEffort = m.tpSwitchEffort
    this.tpEffort = m.tpEffort
    this.tpChannel = m.tpChannel
    this.tpCost = m.tpCost
    this.tpFailRate = m.tpFailRate
    this.tpFailSeverity = m.tpFailSeverity
    this.tpFailEffort = m.tpFailEffort
    this.tpRecovery = m.tpRecovery
    this.tpForgive = m.tpForgive
    this.tpAbandonable = m.tpAbandonable
    this.tpResume = m.tpResume
    this.svcStart = m.svcStart
    this.svcDim = m.svcDim
    this.svcKind = m.svcKind
    this.svcParam = m.svcParam
    this.discValue = m.discValue
    this.discCum = m.discCum
    this.dimMin = m.dimMin
    this.dimMax = m.dimMax
    this.dimSign = m.dimSign
    this.dimScale = m.dimScale
    this.notices = m.notices
    this.weight = m.weight
    this.kanoGain = m.kanoGain
    this.kanoLoss = m.kanoLoss
    this.edgeStart = m.edgeStart
    this.edgeTarget = m.edgeTarget
    this.edgeCum = m.edgeCum
    this.offStart = m.offStart
    this.offTarget = m.offTarget
  }

  /** Switch to phase `k` of the service schedule (the period's service, effort and failures). */
  setPhase(k: number): void {
    if (this.phase === k) return
    const ph = (this.model as CompiledModel).phases[k] as Phase
    this.phase = k
    this.tpEffort = ph.tpEffort
    this.tpFailRate = ph.tpFailRate
    this.tpFailSeverity = ph.tpFailSeverity
    this.tpFailEffort = ph.tpFailEffort
    this.tpForgive = ph.tpForgive
    this.svcStart = ph.svcStart
    this.svcDim = ph.svcDim
    this.svcKind = ph.svcKind
    this.svcParam = ph.svcParam
    this.discValue = ph.discValue
    this.discCum = ph.discCum
  }

  layout(lay: Layout): void {
    this.stride = lay.stride
    this.layTp = lay.tp
    this.layPeriod = lay.period
    this.layOutcome = lay.outcome
    this.layCsat = lay.csat
    this.layLtr = lay.ltr
    this.layCes = lay.ces
    this.layCsatChurn = lay.csatChurn
  }

  /**
   * The next customer of the block: their persona and their expectations, from the persona
   * stream only, so that customer i is the same person in every variant (common random numbers).
   */
  customer(rp: Tyche, acc: Float64Array): void {
    const m = this.model as CompiledModel
    const nD = this.nD
    const nP = m.nPersonas
    const shareCum = m.shareCum
    const up = rp.uniform()
    let p = 0
    while (p < nP - 1 && up >= shareCum[p]) p++
    const pd = p * nD
    const expSpread = m.expSpread
    // Per dimension an offset of the zone of tolerance, then (d = nD) the customer's lasting
    // satisfaction trait: one quantile call site for all (each call site inlines its code).
    for (let d = 0; d <= nD; d++) {
      const z = normalQuantile(rp.uniform())
      if (d === nD) {
        this.trait = z
        break
      }
      const off = z * expSpread[pd + d]
      this.cA[d] = m.expA[pd + d] + off
      this.cE[d] = m.expE[pd + d] + off
      this.cD[d] = m.expD[pd + d] + off
    }
    this.p = p
    this.kappa = m.kappa[p]
    this.lambda = m.lambda[p]
    this.alpha = m.alpha[p]
    this.patience = m.patience[p]
    this.deviation = m.deviation[p]
    this.effortK = m.effortSens[p] * m.effortCost[p]
    this.dd = m.doubleDeviation[p]
    this.base = p * this.stride
    this.tpBase = this.base + this.layTp
    this.cum = 0
    this.cumEffort = 0
    this.active = 1
    this.revenue = 0
    this.costTotal = 0
    this.churnPeriod = -1
    acc[this.base + S.n] += 1
  }

  /**
   * Walk the journey once, from the start to an outcome or to giving up. The walk stream must be
   * seeded for this customer and period. On a first visit, adds reach, visits, failures and
   * negative experience per touchpoint into `acc`.
   */
  run(acc: Float64Array, firstVisit: boolean): void {
    const tpBase = this.tpBase
    const nT = this.nT
    const nD = this.nD
    const p = this.p
    const walk = this.walk
    const moments = this.moments
    const felt = this.felt
    const visitCount = this.visitCount
    const tpUSum = this.tpUSum
    const tpVisitN = this.tpVisitN
    const tpEffort = this.tpEffort
    const tpChannel = this.tpChannel
    const tpCost = this.tpCost
    const tpFailRate = this.tpFailRate
    const tpRecovery = this.tpRecovery
    const tpResume = this.tpResume
    const tpAbandonable = this.tpAbandonable
    const edgeStart = this.edgeStart
    const edgeTarget = this.edgeTarget
    const edgeCum = this.edgeCum
    const offStart = this.offStart
    const offTarget = this.offTarget
    const patience = this.patience
    const deviation = this.deviation
    const effortK = this.effortK
    const dd = this.dd
    const maxSteps = this.maxSteps
    const maxMoments = moments.length - 1
    const visits = this.rec === null ? null : this.rec.visits

    // The per-touchpoint experience sums are the first visit's only (survey): later periods
    // leave them as they are.
    if (firstVisit) {
      for (let t = 0; t < nT; t++) {
        visitCount[t] = 0
        tpUSum[t] = 0
        tpVisitN[t] = 0
      }
    } else for (let t = 0; t < nT; t++) visitCount[t] = 0
    for (let d = 0; d < nD; d++) {
      this.perceivedSum[d] = 0
      this.perceivedN[d] = 0
    }
    let node = this.start
    let steps = 0
    let nMom = 0
    let effortTot = 0
    let failures = 0
    let recovered = 0
    let scarred = 0
    let cost = 0
    let lastChannel = -1
    let recoverFrom = -1
    let failMoment = -1
    let resumeFrom = -1
    let outcome = -1
    let abandonedAt = -1
    let lost = false

    for (;;) {
      const t = node
      steps++
      const tb = tpBase + t * T.STRIDE
      if (firstVisit) {
        if (visitCount[t] === 0) acc[tb + T.reach] += 1
        acc[tb + T.visits] += 1
      }
      let effort = tpEffort[p * nT + t]
      if (visitCount[t] > 0) effort += this.repeatEffort
      const ch = tpChannel[t]
      if (lastChannel >= 0 && ch !== lastChannel) effort += this.tpSwitchEffort[t]
      lastChannel = ch
      visitCount[t] += 1
      cost += tpCost[t]

      const isRecovery = recoverFrom >= 0 && t === tpRecovery[recoverFrom]
      const failed = walk.uniform() < tpFailRate[t]
      let u = 0
      if (failed) {
        // A failure: a drop of `severity` noticeable steps below adequate; a second one is worse.
        let sev = this.tpFailSeverity[t]
        if (failures > 0 || isRecovery) sev *= dd
        this.pw = sev > 0 ? sev : 1e-12
        effort += this.tpFailEffort[t]
        failures++
        if (firstVisit) acc[tb + T.failures] += 1
      }
      this.noticed = 0
      this.serviceValue(p * nT + t, failed)
      u = this.value
      u -= effortK * effort
      effortTot += effort

      if (isRecovery && !failed) {
        // Recovery: a good one (value ≥ +1) forgives most of the failure, a poor one (≤ −1) none
        // and counts as a double deviation. The failure still scars loyalty and word of mouth.
        let q = 0.5 + u / 2
        if (q < 0) q = 0
        else if (q > 1) q = 1
        moments[failMoment] = moments[failMoment] * (1 - this.tpForgive[recoverFrom] * q)
        // A failure that met its recovery scars loyalty and word of mouth, however the recovery
        // went: a failed one (q = 0) must not leave less of a mark than one that barely forgave.
        scarred++
        if (q === 0) {
          // Double deviation: a failed recovery re-lives the failure, worse; it must not soften
          // the end or the average of the journey.
          moments[failMoment] = moments[failMoment] * dd
          if (u > moments[failMoment]) u = moments[failMoment]
        } else {
          // The recovery's good experience is spent on forgiving the failure: it does not count
          // again as a positive moment of its own (it would often become the journey's peak).
          recovered++
          if (u > 0) u = 0
        }
        resumeFrom = recoverFrom
        recoverFrom = -1
      } else if (isRecovery) {
        resumeFrom = recoverFrom
        recoverFrom = -1
      }
      felt[nMom] = failed || effort > 0 || this.noticed === 1 ? 1 : 0
      moments[nMom++] = u
      if (visits !== null) visits.visit(t, u, failed)
      if (firstVisit) {
        tpUSum[t] += u
        tpVisitN[t] += 1
        if (u < 0) acc[tb + T.negSum] += u
      }

      // Giving up: the worse the moment, the likelier (patience).
      // Half of the customers give up at a moment of value −patience: P = 1 − 0.5^((−u/patience)²).
      // The exp only for a draw near the probability (GIVE_UP_SLACK): the same decisions, bit for
      // bit. (A call taken rarely is not inlined with its maths: a double crossing it is boxed.)
      const ua = walk.uniform()
      const lp = u / patience
      if (tpAbandonable[t] === 1 && u < 0) {
        const x = Math.LN2 * lp * lp
        const x2 = (x * x) / 2
        if (ua < x - x2 - 1e-12) {
          abandonedAt = t
          break
        }
        if (!(ua >= x - x2 + (x2 * x) / 3 + 1e-12)) {
          this.ex = -x
          this.exponential()
          if (ua < 1 - this.ex) {
            abandonedAt = t
            break
          }
        }
      }
      // The next step.
      const udev = walk.uniform()
      const unext = walk.uniform()
      if (failed && tpRecovery[t] >= 0) {
        recoverFrom = t
        failMoment = nMom - 1
        node = tpRecovery[t]
      } else {
        let src = t
        if (tpResume[t] === 1) src = resumeFrom >= 0 ? resumeFrom : t
        const o0 = offStart[src]
        const o1 = offStart[src + 1]
        if (udev < deviation && o1 > o0) {
          node = offTarget[o0 + Math.floor(unext * (o1 - o0))]
        } else {
          const k = p * nT + src
          const e1 = edgeStart[k + 1] - 1
          let e = edgeStart[k]
          while (e < e1 && unext >= edgeCum[e]) e++
          node = edgeTarget[e]
        }
        if (tpResume[t] === 1) resumeFrom = -1
      }
      if (node >= nT) {
        outcome = node - nT
        break
      }
      if (steps >= maxSteps || nMom >= maxMoments) {
        abandonedAt = t
        lost = true
        break
      }
    }
    this.steps = steps
    this.nMom = nMom
    this.effortTot = effortTot
    this.failures = failures
    this.recovered = recovered
    this.scarred = scarred
    this.cost = cost
    this.outcome = outcome
    this.abandonedAt = abandonedAt
    this.lost = lost
  }

  /**
   * What follows the journey of period h: the remembered journey, satisfaction, survey answers
   * (first visit), retention or churn, revenue (`adapt` then adapts the expectations). Reads the
   * five post-journey draws of the period from `postDraws`: the kernel calls `drawPost` first (and
   * skips the draws for a customer who churned).
   */
  settle(acc: Float64Array, h: number, c: number): void {
    const m = this.model as CompiledModel
    const postDraws = this.postDraws
    const zSat = postDraws[0]
    const uLtr = postDraws[1]
    const uChurn = postDraws[2]
    const uComplain = postDraws[3]
    const zCes = postDraws[4]
    const p = this.p
    const base = this.base
    const nMom = this.nMom
    const outcome = this.outcome
    const effortTot = this.effortTot
    const moments = this.moments
    const firstVisit = h === 0
    this.costTotal += this.cost
    acc[base + S.evaluations] += this.steps
    if (this.lost && firstVisit) acc[base + S.lost] += 1

    // The remembered journey: peak, end and the average of the moments the customer noticed, so
    // that neutral steps add nothing and the journey's length does not count (duration neglect),
    // while a better delivery anywhere never lowers it (the weights do not depend on the values).
    const felt = this.felt
    let peak = 0
    let sumU = 0
    let nFelt = 0
    for (let i = 0; i < nMom; i++) {
      const mm = moments[i]
      const a = mm < 0 ? -mm : mm
      if (felt[i] === 1 || a > 0) {
        sumU += mm
        nFelt++
      }
      if (a > (peak < 0 ? -peak : peak)) peak = mm
    }
    const endU = nMom > 0 ? moments[nMom - 1] : 0
    let U = m.memPeak[p] * peak + m.memEnd[p] * endU + m.memAvg[p] * (nFelt > 0 ? sumU / nFelt : 0)
    const completed = outcome >= 0 && m.outcomeCompleted[outcome] === 1
    if (!completed) U -= m.abandonPenalty[p]
    this.remembered = U
    const z = m.noiseLasting[p] * this.trait + m.noisePassing[p] * zSat
    const sat = 10 / (1 + exp(-(m.satBias[p] + m.satSlope[p] * U + m.noise[p] * z)))
    const scar = m.failureScar[p] * this.scarred

    // Loyalty: cumulative satisfaction and cumulative effort anchor the wish to leave; a
    // switching cost keeps customers whatever they feel ("hostages").
    const gain = m.memoryGain[p]
    // The effort score on the CES scale, unrounded: the survey's answer rounds it (1–7), the
    // loyalty anchor keeps it whole, so that a little more effort never turns into a step of a
    // whole point of churn log-odds for every customer at once.
    const effortX = 6 * (1 - exp(-effortTot / m.effortScale[p]))
    const effortScore = 1 + effortX
    // The answer spreads around the score by the persona's effortNoise (CES points, 0: none);
    // the loyalty anchor keeps the score without it.
    this.cesNoise = m.effortNoise[p] * zCes
    let ces = 1 + Math.round(effortX + this.cesNoise)
    if (ces > 7) ces = 7
    else if (ces < 1) ces = 1
    const cum = firstVisit ? sat : (1 - gain) * this.cum + gain * sat
    const cumEffort = firstVisit ? effortScore : (1 - gain) * this.cumEffort + gain * effortScore
    this.cum = cum
    this.cumEffort = cumEffort
    let stay = m.retentionLogit[p] + m.loySat[p] * (cum - m.satRef[p] - scar)
    if (cumEffort > 2) stay -= m.loyEffort[p] * (cumEffort - 2)
    if (!completed) stay -= m.loyAbandon[p]
    // At most the exit ease leaves (1 + e^stay ≥ 1): a draw at or above it stays, without the exp.
    const exitEase = m.exitEase[p]
    const churned = uChurn < exitEase && uChurn < exitEase / (1 + exp(stay))
    if (completed) this.revenue += m.value[p]

    const pb = base + this.layPeriod + h * P.STRIDE
    acc[pb + P.active] += 1
    acc[pb + P.satSum] += sat
    if (churned) {
      acc[pb + P.churned] += 1
      this.active = 0
      this.churnPeriod = h
    }
    const periods = this.rec === null ? null : this.rec.periods
    if (periods !== null) periods.periodEnd(c, h, outcome, sat, cum, churned, completed ? m.value[p] : 0)
    if (firstVisit) {
      this.sat = sat
      this.scar = scar
      this.uLtr = uLtr
      this.uComplain = uComplain
      this.survey(acc, c, ces, completed)
    }
  }

  /**
   * The period's five post-journey draws into `postDraws`: the normal quantile of the first
   * (satisfaction's passing noise), then the uniforms for recommending, churning and complaining,
   * then the normal quantile of the fifth (the CES answer's noise, drawn whatever effortNoise is).
   * Called by the kernel before `settle`, and the results handed over in a typed array: inlined
   * into settle, the draws found no room left there for the quantile and the uniforms (see
   * serviceValue), and a double returned by a call that is not inlined is boxed, an allocation.
   */
  drawPost(): void {
    const post = this.post
    const d = this.postDraws
    d[0] = normalQuantile(post.uniform())
    d[1] = post.uniform()
    d[2] = post.uniform()
    d[3] = post.uniform()
    d[4] = normalQuantile(post.uniform())
  }

  /** The first visit's survey and journey statistics. */
  survey(acc: Float64Array, c: number, ces: number, completed: boolean): void {
    const m = this.model as CompiledModel
    const sat = this.sat
    const scar = this.scar
    const uLtr = this.uLtr
    const uComplain = this.uComplain
    const p = this.p
    const base = this.base
    const tpBase = this.tpBase
    const outcome = this.outcome
    const abandonedAt = this.abandonedAt
    let csat = 1 + Math.floor(sat / 2)
    if (csat > 5) csat = 5
    let ltr = Math.round(sat + m.recommend[p] - scar + m.recommendNoise[p] * normalQuantile(uLtr))
    if (ltr < 0) ltr = 0
    else if (ltr > 10) ltr = 10
    // Complaints fall with satisfaction (Fornell et al. 1996).
    const complains = uComplain < 1 / (1 + exp(-m.complaintBias[p] + 0.8 * (sat - 5)))
    acc[base + (completed ? S.completed : S.abandoned)] += 1
    if (outcome >= 0) acc[base + this.layOutcome + outcome] += 1
    if (complains) acc[base + S.complaints] += 1
    acc[base + S.satSum] += sat
    acc[base + S.satSq] += sat * sat
    acc[base + S.effortSum] += this.effortTot
    acc[base + S.steps] += this.steps
    acc[base + S.failures] += this.failures
    acc[base + S.recovered] += this.recovered
    acc[base + this.layCsat + csat - 1] += 1
    this.csat0 = csat
    acc[base + this.layLtr + ltr] += 1
    acc[base + this.layCes + ces - 1] += 1
    if (abandonedAt >= 0) acc[tpBase + abandonedAt * T.STRIDE + T.abandonAt] += 1
    const tpUSum = this.tpUSum
    const tpVisitN = this.tpVisitN
    for (let t = 0; t < this.nT; t++) {
      const n = tpVisitN[t]
      if (n === 0) continue
      const um = tpUSum[t] / n
      const tb = tpBase + t * T.STRIDE
      acc[tb + T.uSum] += um
      acc[tb + T.uSq] += um * um
      acc[tb + T.sSum] += sat
      acc[tb + T.sSq] += sat * sat
      acc[tb + T.uS] += um * sat
    }
    const rec = this.rec
    if (rec !== null) {
      rec.persona[c] = p
      const nE = rec.nDims
      for (let d = 0; d < nE; d++) rec.expected[c * nE + d] = this.cE[d]
      rec.remembered[c] = this.remembered
      rec.satisfaction[c] = sat
      rec.csat[c] = csat
      rec.ltr[c] = ltr
      rec.ces[c] = ces
      if (rec.effort !== null) rec.effort[c] = this.effortTot
      rec.cesNoise[c] = this.cesNoise
      rec.outcome[c] = outcome
      rec.abandonedAt[c] = abandonedAt
    }
  }

  /**
   * Adaptation: expectations move towards what was perceived (the whole zone shifts). After
   * `settle`, by the kernel: inlined into settle, it would take the room settle needs to inline
   * its maths (see serviceValue).
   */
  adapt(): void {
    const rate = (this.model as CompiledModel).adaptation[this.p] as number
    if (rate <= 0) return
    const perceivedSum = this.perceivedSum
    const perceivedN = this.perceivedN
    for (let d = 0; d < this.nD; d++) {
      const n = perceivedN[d]
      if (n === 0) continue
      const delta = rate * (perceivedSum[d] / n - this.cE[d])
      this.cA[d] += delta
      this.cE[d] += delta
      this.cD[d] += delta
    }
  }

  /** The customer's horizon totals. */
  close(acc: Float64Array, c: number): void {
    const base = this.base
    const revenue = this.revenue
    acc[base + S.revenue] += revenue
    acc[base + S.revenueSq] += revenue * revenue
    acc[base + S.cost] += this.costTotal
    if (this.churnPeriod >= 0) acc[base + this.layCsatChurn + this.csat0 - 1] += 1
    const rec = this.rec
    if (rec !== null) {
      rec.churnPeriod[c] = this.churnPeriod
      rec.revenue[c] = revenue
      rec.cost[c] = this.costTotal
    }
  }

  /**
   * The value of the service delivered at (persona, touchpoint) `k`, into `value`: per dimension
   * a level drawn from its distribution, perceived, and valued against the zone of tolerance,
   * loss-aversely. A failed visit (`failed`) draws its levels as any visit does (the same draws
   * in the same order, so that the walk stream stays paired whether the visit fails or not), and
   * its value is the poorer of the failure's (its severity, which the walk sets in `pw`) and the
   * interrupted service's.
   *
   * In two methods, the draws (drawLevels) and the valuation (valueLevels), with the levels
   * between them in a typed array: the optimising compiler inlines a limited amount of code into
   * one function (920 bytes of bytecode in Node.js 20), and a call it does not inline allocates
   * when a double crosses it as an argument or a return value (boxed). Each method is larger than
   * what the compiler inlines into a caller at all (460 bytes), so it is always compiled on its
   * own, with room to inline the draws and the maths it calls (uniform draws, the normal quantile
   * and exp in the first; exp and log in the second), whatever was compiled first. Inlined into
   * the walk (when they were smaller), they left no room for those: boxed results, up to a tenth
   * of a worker's time in garbage collection. The draws are the same, in the same order.
   */
  serviceValue(k: number, failed: boolean): void {
    // A touchpoint that delivers no dimension (for this persona): nothing to draw or value, unless
    // the visit failed (then the failure's value, against an interrupted service worth 0).
    if (!failed && this.svcStart[k] === this.svcStart[k + 1]) {
      this.value = 0
      return
    }
    this.drawLevels(k)
    this.valueLevels(k, failed)
  }

  /**
   * The levels delivered at (persona, touchpoint) `k`, into `levels`, clamped to their dimension:
   * constant, normal, truncated normal, log-normal, beta, triangular, uniform or discrete. Every
   * kind in this one method, so that its code exceeds what the compiler inlines into a caller at
   * all (see serviceValue): compiled on its own, it inlines the draws and the maths it calls.
   */
  drawLevels(k: number): void {
    const walk = this.walk
    const svcDim = this.svcDim
    const svcKind = this.svcKind
    const svcParam = this.svcParam
    const dimMin = this.dimMin
    const dimMax = this.dimMax
    const levels = this.levels
    const first = this.svcStart[k]
    const end = this.svcStart[k + 1]
    for (let e = first; e < end; e++) {
      const d = svcDim[e]
      const q = e * 6
      const kind = svcKind[e]
      let level = 0
      if (kind === 0) level = svcParam[q]
      else if (kind <= 3) {
        // Normal (1), truncated normal (2) and log-normal (3) share one quantile call site:
        // each call site inlines its code. The truncated normal draws in [Φ(lo), Φ(hi)].
        let pr = walk.uniform()
        if (kind === 2) {
          const lo = svcParam[q + 4]
          pr = lo + pr * (svcParam[q + 5] - lo)
        }
        level = svcParam[q] + svcParam[q + 1] * normalQuantile(pr)
        if (kind === 3) level = exp(level)
        else if (kind === 2) level = level < svcParam[q + 2] ? svcParam[q + 2] : level > svcParam[q + 3] ? svcParam[q + 3] : level
      } else if (kind === 4) {
        const lo = svcParam[q + 2]
        const gb = this.gammaBeta
        gb.shapeA = svcParam[q]
        gb.shapeB = svcParam[q + 1]
        gb.drawBeta()
        level = lo + (svcParam[q + 3] - lo) * gb.value
      } else if (kind === 5) {
        // triangular(min, mode, max, p) of distributions.ts, written out: a call not inlined
        // would box its four arguments and its result.
        const lo = svcParam[q]
        const mode = svcParam[q + 1]
        const hi = svcParam[q + 2]
        const pr = walk.uniform()
        const span = hi - lo
        if (span <= 0) level = lo
        else level = pr < (mode - lo) / span ? lo + Math.sqrt(pr * span * (mode - lo)) : hi - Math.sqrt((1 - pr) * span * (hi - mode))
      }
      else if (kind === 6) level = svcParam[q] + (svcParam[q + 1] - svcParam[q]) * walk.uniform()
      else {
        const start = svcParam[q]
        const endI = start + svcParam[q + 1] - 1
        const ud = walk.uniform()
        let i = start
        while (i < endI && ud >= this.discCum[i]) i++
        level = this.discValue[i]
      }
      const lo = dimMin[d]
      const hi = dimMax[d]
      if (level < lo) level = lo
      else if (level > hi) level = hi
      levels[e - first] = level
    }
  }

  /**
   * The value of the levels in `levels` delivered at `k`, into `value`; for a failed visit, the
   * poorer of the failure's value, −λ·severity^α (the severity in `pw`), and the value the
   * interrupted service would have had: a failure is never remembered better than the service it
   * interrupted. The levels of a failed visit are valued but not perceived (adaptation, §13, moves
   * towards what was delivered, and a failed visit delivered nothing).
   */
  valueLevels(k: number, failed: boolean): void {
    const svcDim = this.svcDim
    const perceivedSum = this.perceivedSum
    const perceivedN = this.perceivedN
    const dimSign = this.dimSign
    const dimScale = this.dimScale
    const notices = this.notices
    const weight = this.weight
    const kanoGain = this.kanoGain
    const kanoLoss = this.kanoLoss
    const cA = this.cA
    const cE = this.cE
    const cD = this.cD
    const levels = this.levels
    const pnD = this.p * this.nD
    const kappa = this.kappa
    const alpha = this.alpha
    const lossK = -this.lambda
    let u = 0
    const first = this.svcStart[k]
    const end = this.svcStart[k + 1]
    for (let e = first; e < end; e++) {
      const d = svcDim[e]
      const g = dimSign[d] * levels[e - first]
      if (!failed) {
        perceivedSum[d] += g
        perceivedN[d] += 1
      }
      const pk = pnD + d
      if (notices[pk] === 0) continue
      this.noticed = 1
      // Disconfirmation against the zone of tolerance, continuous and monotone in g.
      const A = cA[d]
      const E = cE[d]
      const D = cD[d]
      let x = 0
      if (g < A) x = kappa * (A - E) + (g - A)
      else if (g > D) x = kappa * (D - E) + (g - D)
      else x = kappa * (g - E)
      x /= dimScale[d]
      // Diminishing sensitivity |x|^alpha, whatever the sign.
      if (x > 0 || x < 0) {
        const pw = exp(alpha * log(x > 0 ? x : -x))
        u += weight[pk] * (x > 0 ? kanoGain[pk] * pw : lossK * kanoLoss[pk] * pw)
      }
    }
    if (failed) {
      const f = lossK * exp(alpha * log(this.pw))
      if (f < u) u = f
    }
    this.value = u
  }

  /** `ex` ← e^ex: for the walk (giving up), whose own method has no room left to inline exp (see serviceValue). */
  exponential(): void {
    this.ex = exp(this.ex)
  }
}
