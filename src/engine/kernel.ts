/**
 * The kernel: one call simulates one block of customers through every period of the horizon,
 * adding into the block's accumulator. Plain TypeScript over typed arrays (design.md, contract
 * — the hot loop): no allocation per customer, no closures per step, no Effect, no Math.random.
 *
 * The model (docs/model.md has the derivations and sources):
 * - each customer draws a persona, then per dimension adequate ≤ expected ≤ desired levels;
 * - at each touchpoint, per delivered dimension, disconfirmation against the zone of tolerance
 *   (Zeithaml et al. 1993), valued loss-aversely with diminishing sensitivity (Tversky &
 *   Kahneman 1992) and Kano multipliers (Kano et al. 1984), weighted, minus effort (Dixon et al.
 *   2010); failures, recovery and double deviation (McCollough & Bharadwaj 1992);
 * - the journey is remembered by peak, end and average, not by its length (Kahneman et al. 1993);
 * - satisfaction 0–10 is a logistic of the remembered value; CSAT, likelihood to recommend and
 *   effort (CES) derive from it and from effort (Reichheld 2003 for NPS);
 * - per period, cumulative satisfaction anchors retention (Jones & Sasser 1995; Rust & Oliver 2000),
 *   and expectations adapt to what was experienced (Bolton 1998).
 */
import { P, S, T, type Layout } from "./accumulator.js"
import type { CompiledModel } from "./compile.js"
import { beta, normalQuantile, triangular } from "./distributions.js"
import { blockStream, seedWalk, Tyche } from "./rng.js"

/** Customers per block: a constant of the format (design.md, contract — determinism). */
export const BLOCK_SIZE = 1024

/** Working memory of a kernel, allocated once per run (or per worker), reused for every customer. */
export interface Scratch {
  readonly moments: Float64Array
  readonly visitCount: Int32Array
  readonly tpUSum: Float64Array
  readonly tpVisitN: Int32Array
  readonly perceivedSum: Float64Array
  readonly perceivedN: Int32Array
  readonly cA: Float64Array
  readonly cE: Float64Array
  readonly cD: Float64Array
}

export const makeScratch = (m: CompiledModel): Scratch => ({
  moments: new Float64Array(m.maxSteps * 2 + 2),
  visitCount: new Int32Array(m.nTouchpoints),
  tpUSum: new Float64Array(m.nTouchpoints),
  tpVisitN: new Int32Array(m.nTouchpoints),
  perceivedSum: new Float64Array(m.nDims),
  perceivedN: new Int32Array(m.nDims),
  cA: new Float64Array(m.nDims),
  cE: new Float64Array(m.nDims),
  cD: new Float64Array(m.nDims)
})

/**
 * Per-customer results of a block (first visit, plus horizon totals), for paired comparisons and
 * record exports. Optional: the report needs only the accumulator.
 */
export interface CustomerRecords {
  readonly persona: Int32Array
  readonly satisfaction: Float64Array
  readonly csat: Int8Array
  readonly ltr: Int8Array
  readonly ces: Int8Array
  /** Outcome index, or -1 when the customer gave up at a touchpoint. */
  readonly outcome: Int32Array
  /** Touchpoint where the customer gave up, or -1. */
  readonly abandonedAt: Int32Array
  /** Period in which the customer churned, or -1 if retained over the horizon. */
  readonly churnPeriod: Int32Array
  readonly revenue: Float64Array
  readonly cost: Float64Array
}

export const makeRecords = (size = BLOCK_SIZE): CustomerRecords => ({
  persona: new Int32Array(size),
  satisfaction: new Float64Array(size),
  csat: new Int8Array(size),
  ltr: new Int8Array(size),
  ces: new Int8Array(size),
  outcome: new Int32Array(size),
  abandonedAt: new Int32Array(size),
  churnPeriod: new Int32Array(size),
  revenue: new Float64Array(size),
  cost: new Float64Array(size)
})

/**
 * Simulate the `count` customers of block `block` (customers block·BLOCK_SIZE onwards) into `acc`,
 * which the caller zeroes.
 * runBlock requires count ≤ BLOCK_SIZE and a scratch made for this model.
 */
export const runBlock = (
  m: CompiledModel,
  block: number,
  count: number,
  acc: Float64Array,
  lay: Layout,
  sc: Scratch,
  rec: CustomerRecords | null
): void => {
  const rp = blockStream(m.seed, block, "persona")
  // The journey walk: one stream per customer and period (see Tyche).
  const walk = new Tyche()
  const rw = (): number => walk.uniform()
  const ro = blockStream(m.seed, block, "post")
  const nD = m.nDims
  const nP = m.nPersonas
  const nT = m.nTouchpoints
  const H = m.horizon
  const maxSteps = m.maxSteps
  const moments = sc.moments
  const visitCount = sc.visitCount
  const tpUSum = sc.tpUSum
  const tpVisitN = sc.tpVisitN
  const perceivedSum = sc.perceivedSum
  const perceivedN = sc.perceivedN
  const cA = sc.cA
  const cE = sc.cE
  const cD = sc.cD
  const svcStart = m.svcStart
  const svcDim = m.svcDim
  const svcKind = m.svcKind
  const svcParam = m.svcParam
  const edgeStart = m.edgeStart
  const edgeTarget = m.edgeTarget
  const edgeCum = m.edgeCum

  for (let c = 0; c < count; c++) {
    // Who the customer is: a stream that never depends on the journey (common random numbers).
    const up = rp()
    let p = 0
    while (p < nP - 1 && up >= m.shareCum[p]) p++
    const pd = p * nD
    for (let d = 0; d < nD; d++) {
      const off = normalQuantile(rp()) * m.expSpread[pd + d]
      cA[d] = m.expA[pd + d] + off
      cE[d] = m.expE[pd + d] + off
      cD[d] = m.expD[pd + d] + off
    }
    const kappa = m.kappa[p]
    const lambda = m.lambda[p]
    const alpha = m.alpha[p]
    const patience = m.patience[p]
    const deviation = m.deviation[p]
    const effortK = m.effortSens[p] * m.effortCost[p]
    const dd = m.doubleDeviation[p]
    const base = p * lay.stride
    acc[base + S.n] += 1

    let cum = 0
    let active = 1
    let revenue = 0
    let cost = 0
    let churnPeriod = -1

    for (let h = 0; h < H; h++) {
      // Post-journey draws are taken every period, active or not, to keep the stream aligned.
      const zSat = normalQuantile(ro())
      const zLtr = normalQuantile(ro())
      const uChurn = ro()
      const uComplain = ro()
      if (active === 0) continue
      seedWalk(walk, m.seed, block * BLOCK_SIZE + c, h)
      const firstVisit = h === 0

      for (let t = 0; t < nT; t++) {
        visitCount[t] = 0
        tpUSum[t] = 0
        tpVisitN[t] = 0
      }
      for (let d = 0; d < nD; d++) {
        perceivedSum[d] = 0
        perceivedN[d] = 0
      }
      let node = m.start
      let steps = 0
      let nMom = 0
      let effortTot = 0
      let failures = 0
      let recovered = 0
      let lastChannel = -1
      let recoverFrom = -1
      let failMoment = -1
      let resumeFrom = -1
      let outcome = -1
      let abandonedAt = -1

      for (;;) {
        const t = node
        steps++
        const tb = base + lay.tp + t * T.STRIDE
        if (firstVisit) {
          if (visitCount[t] === 0) acc[tb + T.reach] += 1
          acc[tb + T.visits] += 1
        }
        let effort = m.tpEffort[p * nT + t]
        if (visitCount[t] > 0) effort += m.repeatEffort
        const ch = m.tpChannel[t]
        if (lastChannel >= 0 && ch !== lastChannel) effort += m.switchEffort
        lastChannel = ch
        visitCount[t] += 1
        cost += m.tpCost[t]

        const isRecovery = recoverFrom >= 0 && t === m.tpRecovery[recoverFrom]
        const failed = walk.uniform() < m.tpFailRate[t]
        let u = 0
        if (failed) {
          // A failure: a drop of `severity` noticeable steps below adequate; a second one is worse.
          let sev = m.tpFailSeverity[t]
          if (failures > 0 || isRecovery) sev *= dd
          u = -lambda * Math.exp(alpha * Math.log(sev > 0 ? sev : 1e-12))
          effort += m.tpFailEffort[t]
          failures++
          if (firstVisit) acc[tb + T.failures] += 1
        } else {
          const k = p * nT + t
          const end = svcStart[k + 1]
          for (let e = svcStart[k]; e < end; e++) {
            const d = svcDim[e]
            const q = e * 6
            const kind = svcKind[e]
            let level = 0
            if (kind === 0) level = svcParam[q]
            else if (kind === 1) level = svcParam[q] + svcParam[q + 1] * normalQuantile(walk.uniform())
            else if (kind === 2) {
              const lo = svcParam[q + 4]
              const pr = lo + walk.uniform() * (svcParam[q + 5] - lo)
              level = svcParam[q] + svcParam[q + 1] * normalQuantile(pr)
              if (level < svcParam[q + 2]) level = svcParam[q + 2]
              else if (level > svcParam[q + 3]) level = svcParam[q + 3]
            } else if (kind === 3) level = Math.exp(svcParam[q] + svcParam[q + 1] * normalQuantile(walk.uniform()))
            else if (kind === 4) {
              const lo = svcParam[q + 2]
              level = lo + (svcParam[q + 3] - lo) * beta(svcParam[q], svcParam[q + 1], rw)
            } else if (kind === 5) level = triangular(svcParam[q], svcParam[q + 1], svcParam[q + 2], walk.uniform())
            else if (kind === 6) level = svcParam[q] + (svcParam[q + 1] - svcParam[q]) * walk.uniform()
            else {
              const start = svcParam[q]
              const endI = start + svcParam[q + 1] - 1
              const ud = walk.uniform()
              let i = start
              while (i < endI && ud >= m.discCum[i]) i++
              level = m.discValue[i]
            }
            if (level < m.dimMin[d]) level = m.dimMin[d]
            else if (level > m.dimMax[d]) level = m.dimMax[d]
            const g = m.dimSign[d] * level
            perceivedSum[d] += g
            perceivedN[d] += 1
            const pk = p * nD + d
            if (m.notices[pk] === 0) continue
            // Disconfirmation against the zone of tolerance, continuous and monotone in g.
            const A = cA[d]
            const E = cE[d]
            const D = cD[d]
            let x = 0
            if (g < A) x = kappa * (A - E) + (g - A)
            else if (g > D) x = kappa * (D - E) + (g - D)
            else x = kappa * (g - E)
            x /= m.dimScale[d]
            let v = 0
            if (x > 0) v = m.kanoGain[pk] * Math.exp(alpha * Math.log(x))
            else if (x < 0) v = -lambda * m.kanoLoss[pk] * Math.exp(alpha * Math.log(-x))
            u += m.weight[pk] * v
          }
        }
        u -= effortK * effort
        effortTot += effort

        if (isRecovery && !failed) {
          // Recovery: a good one (value ≥ +1) forgives most of the failure, a poor one (≤ −1) none
          // and counts as a double deviation. The failure still scars loyalty and word of mouth.
          let q = 0.5 + u / 2
          if (q < 0) q = 0
          else if (q > 1) q = 1
          moments[failMoment] = moments[failMoment] * (1 - m.tpForgive[recoverFrom] * q)
          if (q === 0) {
            // Double deviation: a failed recovery re-lives the failure, worse; it must not soften
            // the end or the average of the journey.
            moments[failMoment] = moments[failMoment] * dd
            if (u > moments[failMoment]) u = moments[failMoment]
          } else recovered++
          resumeFrom = recoverFrom
          recoverFrom = -1
        } else if (isRecovery) {
          resumeFrom = recoverFrom
          recoverFrom = -1
        }
        moments[nMom++] = u
        if (firstVisit) {
          tpUSum[t] += u
          tpVisitN[t] += 1
          if (u < 0) acc[tb + T.negSum] += u
        }

        // Giving up: the worse the moment, the likelier (patience).
        // Half of the customers give up at a moment of value −patience: P = 1 − 0.5^((−u/patience)²).
        const ua = walk.uniform()
        const lp = u / patience
        if (m.tpAbandonable[t] === 1 && u < 0 && ua < 1 - Math.exp(-Math.LN2 * lp * lp)) {
          abandonedAt = t
          break
        }
        // The next step.
        const udev = walk.uniform()
        const unext = walk.uniform()
        if (failed && m.tpRecovery[t] >= 0) {
          recoverFrom = t
          failMoment = nMom - 1
          node = m.tpRecovery[t]
        } else {
          let src = t
          if (m.tpResume[t] === 1) src = resumeFrom >= 0 ? resumeFrom : t
          const o0 = m.offStart[src]
          const o1 = m.offStart[src + 1]
          if (udev < deviation && o1 > o0) {
            node = m.offTarget[o0 + Math.floor(unext * (o1 - o0))]
          } else {
            const k = p * nT + src
            const e1 = edgeStart[k + 1] - 1
            let e = edgeStart[k]
            while (e < e1 && unext >= edgeCum[e]) e++
            node = edgeTarget[e]
          }
          if (m.tpResume[t] === 1) resumeFrom = -1
        }
        if (node >= nT) {
          outcome = node - nT
          break
        }
        if (steps >= maxSteps || nMom >= moments.length - 1) {
          abandonedAt = t
          if (firstVisit) acc[base + S.lost] += 1
          break
        }
      }

      // The remembered journey: peak, end and average; its length does not count.
      let peak = 0
      let sum = 0
      for (let i = 0; i < nMom; i++) {
        const mm = moments[i]
        sum += mm
        if (Math.abs(mm) > Math.abs(peak)) peak = mm
      }
      const endU = nMom > 0 ? moments[nMom - 1] : 0
      let U = m.memPeak[p] * peak + m.memEnd[p] * endU + m.memAvg[p] * (nMom > 0 ? sum / nMom : 0)
      const completed = outcome >= 0 && m.outcomeCompleted[outcome] === 1
      if (!completed) U -= m.abandonPenalty[p]
      const sat = 10 / (1 + Math.exp(-(m.satBias[p] + m.satSlope[p] * U + m.noise[p] * zSat)))
      const scar = m.failureScar[p] * recovered

      // Loyalty: cumulative satisfaction anchors retention; effort and abandonment push away.
      cum = firstVisit ? sat : (1 - m.memoryGain[p]) * cum + m.memoryGain[p] * sat
      let ces = 1 + Math.round(6 * (1 - Math.exp(-effortTot / m.effortScale[p])))
      if (ces > 7) ces = 7
      let stay = m.retentionLogit[p] + m.loySat[p] * (cum - 5 - scar) + m.switchCost[p]
      if (ces > 2) stay -= m.loyEffort[p] * (ces - 2)
      if (!completed) stay -= m.loyAbandon[p]
      const churned = uChurn >= 1 / (1 + Math.exp(-stay))
      if (completed) revenue += m.value[p]

      const pb = base + lay.period + h * P.STRIDE
      acc[pb + P.active] += 1
      acc[pb + P.satSum] += sat
      if (churned) {
        acc[pb + P.churned] += 1
        active = 0
        churnPeriod = h
      }

      if (firstVisit) {
        let csat = 1 + Math.floor(sat / 2)
        if (csat > 5) csat = 5
        let ltr = Math.round(sat + m.recommend[p] - scar + m.recommendNoise[p] * zLtr)
        if (ltr < 0) ltr = 0
        else if (ltr > 10) ltr = 10
        // Complaints fall with satisfaction (Fornell et al. 1996).
        const complains = uComplain < 1 / (1 + Math.exp(-m.complaintBias[p] + 0.8 * (sat - 5)))
        acc[base + (completed ? S.completed : S.abandoned)] += 1
        if (outcome >= 0) acc[base + lay.outcome + outcome] += 1
        if (complains) acc[base + S.complaints] += 1
        acc[base + S.satSum] += sat
        acc[base + S.satSq] += sat * sat
        acc[base + S.effortSum] += effortTot
        acc[base + S.steps] += steps
        acc[base + S.failures] += failures
        acc[base + S.recovered] += recovered
        acc[base + lay.csat + csat - 1] += 1
        acc[base + lay.ltr + ltr] += 1
        acc[base + lay.ces + ces - 1] += 1
        if (abandonedAt >= 0) acc[base + lay.tp + abandonedAt * T.STRIDE + T.abandonAt] += 1
        for (let t = 0; t < nT; t++) {
          const n = tpVisitN[t]
          if (n === 0) continue
          const um = tpUSum[t] / n
          const tb = base + lay.tp + t * T.STRIDE
          acc[tb + T.uSum] += um
          acc[tb + T.uSq] += um * um
          acc[tb + T.sSum] += sat
          acc[tb + T.sSq] += sat * sat
          acc[tb + T.uS] += um * sat
        }
        if (rec !== null) {
          rec.persona[c] = p
          rec.satisfaction[c] = sat
          rec.csat[c] = csat
          rec.ltr[c] = ltr
          rec.ces[c] = ces
          rec.outcome[c] = outcome
          rec.abandonedAt[c] = abandonedAt
        }
      }

      // Adaptation: expectations move towards what was perceived (the whole zone shifts).
      const rate = m.adaptation[p]
      if (rate > 0) {
        for (let d = 0; d < nD; d++) {
          const n = perceivedN[d]
          if (n === 0) continue
          const delta = rate * (perceivedSum[d] / n - cE[d])
          cA[d] += delta
          cE[d] += delta
          cD[d] += delta
        }
      }
    }
    acc[base + S.revenue] += revenue
    acc[base + S.revenueSq] += revenue * revenue
    acc[base + S.cost] += cost
    if (rec !== null) {
      rec.churnPeriod[c] = churnPeriod
      rec.revenue[c] = revenue
      rec.cost[c] = cost
    }
  }
}

