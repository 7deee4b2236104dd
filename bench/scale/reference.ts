/**
 * The reference for the scale benchmark: the model configuration of bench/scale/scenarios/shop.yaml
 * (10 touchpoints, 5 dimensions, 4 personas) hand-coded as one minimal loop — plain TypeScript
 * over typed arrays and constants, no framework, no checks, no generality: each touchpoint's
 * service and next steps are written out. reference.c is the same loop in C.
 *
 * It computes exactly what the engine computes for that scenario: the same equations, the same
 * random streams (the tychei generator seeded from the same keys), the same order of draws, and
 * the same accumulator layout, so that the benchmark can check that both agree before it
 * compares their speed (all counts equal, sums to rounding). Keep it in step with the kernel
 * (src/engine/kernel.ts, journey.ts) and with shop.yaml.
 */

// ---------------------------------------------------------------------------------------------
// Random streams: tychei, reseeded in place; keys mixed with a 32-bit finaliser.

class Gen {
  a = 0
  b = 0
  c = 0
  d = 0
  next(): number {
    let b = this.b
    let c = this.c
    let d = this.d
    let a = this.a
    b = (b << 25) ^ (b >>> 7) ^ c
    c = (c - d) | 0
    d = (d << 24) ^ (d >>> 8) ^ a
    a = (a - b) | 0
    this.b = b = (b << 20) ^ (b >>> 12) ^ c
    this.c = c = (c - d) | 0
    this.d = (d << 16) ^ (c >>> 16) ^ a
    return (this.a = (a - b) | 0)
  }
  uniform(): number {
    return ((this.next() >>> 0) + 0.5) * 2 ** -32
  }
  reseed(hi: number, lo: number): void {
    this.a = hi | 0
    this.b = lo | 0
    this.c = 2654435769 | 0
    this.d = 1367130551
    for (let k = 0; k < 20; k++) this.next()
  }
}

const persona = new Gen()
const post = new Gen()
const walk = new Gen()

const mix32 = (x: number): number => {
  let h = x | 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

const seedBlock = (g: Gen, seed: number, block: number, k: number): void => {
  const lo = mix32(mix32(mix32(seed) ^ k) ^ block)
  g.reseed(mix32(lo ^ mix32(block + k)) & 0x1fffff, lo)
}

const seedWalk = (seed: number, customer: number, period: number): void => {
  const hi = mix32(mix32(seed ^ 0x5bd1e995) ^ Math.floor(customer / 0x100000000)) & 0x1fffff
  const lo = mix32(mix32(seed + 0x9e3779b9) ^ mix32((customer >>> 0) ^ Math.imul(period + 1, 0x27d4eb2d)))
  walk.reseed(hi, lo)
}

// ---------------------------------------------------------------------------------------------
// Distributions: the normal quantile (Acklam), gamma (Marsaglia–Tsang), beta, triangular.

/** Φ⁻¹(p): the central region inline, the tails apart (a double returned from a call is boxed). */
const nq = (p: number): number => {
  if (p < 0.02425 || p > 1 - 0.02425) return nqTail(p)
  const q = p - 0.5
  const r = q * q
  return ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1)
}

const nqTail = (p: number): number => {
  const q = Math.sqrt(-2 * Math.log(p < 0.5 ? p : 1 - p))
  const x =
    (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
    ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
  return p < 0.5 ? x : -x
}

/** Gamma(shape ≥ 1) from the walk stream. */
const gamma = (shape: number): number => {
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x = 0
    let v = 0
    do {
      x = nq(walk.uniform())
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const w = walk.uniform()
    if (w < 1 - 0.0331 * x * x * x * x) return d * v
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
  }
}

const beta10 = (a: number, b: number): number => {
  const x = gamma(a)
  const y = gamma(b)
  return 10 * (x / (x + y))
}

// ---------------------------------------------------------------------------------------------
// The configuration of shop.yaml, hand-coded.

const BLOCK = 1024
const ND = 5
const NP = 4
const NT = 10
// Dimensions: page-speed, price, helpfulness, delivery, quality.
const PS = 0
const PR = 1
const HE = 2
const DE = 3
const QU = 4
const SIGN = Float64Array.of(-1, -1, 1, -1, 1)
const SCALE = Float64Array.of(1.5, 3, 1.5, 1, 1.5)
// Touchpoints, then the outcome.
const LAND = 0
const BROWSE = 1
const CHAT = 2
const BASKET = 3
const CHECKOUT = 4
const PAY = 5
const FIX = 6
const CONFIRM = 7
const DELIVER = 8
const UNBOX = 9
const DONE = 10
const CHANNEL = Int32Array.of(0, 0, 1, 0, 0, 0, 2, 3, 4, 4)
const EFFORT = Float64Array.of(0.2, 0.5, 1, 0.3, 0.8, 0.5, 1.5, 0, 0, 0)
const COST = Float64Array.of(0, 0, 2, 0, 0, 0.5, 6, 0, 4, 0)
const FAIL = Float64Array.of(0, 0, 0, 0, 0.05, 0.03, 0, 0, 0.04, 0)
const SEVERITY = Float64Array.of(2, 2, 2, 2, 1.5, 2, 2, 2, 2, 2)
const FORGIVE = 0.95
const FAIL_EFFORT = 1
const SWITCH_EFFORT = 1
const REPEAT_EFFORT = 1
const MAX_STEPS = 60

const logn = (mean: number, sd: number): [number, number] => {
  const s2 = Math.log(1 + (sd * sd) / (mean * mean))
  return [Math.log(mean) - s2 / 2, Math.sqrt(s2)]
}
const [LAND_MU, LAND_SG] = logn(2, 1)
const [BROWSE_MU, BROWSE_SG] = logn(2.5, 1.2)
const [CHECKOUT_MU, CHECKOUT_SG] = logn(3, 1.5)
const [PAY_MU, PAY_SG] = logn(2, 0.8)
const [DELIVER_MU, DELIVER_SG] = logn(3, 1.2)

// Personas: bargain hunter, busy buyer, newcomer, loyal regular.
const SHARE_CUM = Float64Array.of(0.35, 0.35 + 0.25, 0.35 + 0.25 + 0.25, 1)
// Adequate, expected, desired and spread per persona and dimension, in the dimensions' units.
const EXP = [
  [[5, 3, 1.5, 0.5], [28, 23, 19, 2], [5, 6.5, 8, 1], [6, 4, 2, 1], [5, 7, 9, 1]],
  [[3.5, 2, 1, 0.4], [35, 27, 20, 3], [6, 7, 9, 0.8], [3, 2, 1, 0.5], [6, 7.5, 9, 0.8]],
  [[5, 3, 1.5, 0.8], [30, 25, 20, 2.5], [6, 7.5, 9, 1], [5, 3, 2, 1], [6, 7, 8.5, 1]],
  [[4, 2.5, 1.5, 0.5], [32, 26, 21, 2], [6, 7, 8.5, 0.5], [4, 3, 2, 0.5], [7, 8, 9.5, 0.5]]
]
const EA = new Float64Array(NP * ND)
const EE = new Float64Array(NP * ND)
const ED = new Float64Array(NP * ND)
const ES = new Float64Array(NP * ND)
for (let p = 0; p < NP; p++) {
  for (let d = 0; d < ND; d++) {
    const e = EXP[p]![d]!
    EA[p * ND + d] = SIGN[d]! * e[0]!
    EE[p * ND + d] = SIGN[d]! * e[1]!
    ED[p * ND + d] = SIGN[d]! * e[2]!
    ES[p * ND + d] = e[3]!
  }
}
// Importance weights, normalised to average 1 (as declared; 1 when not).
const RAW_W = [
  [1, 2, 1, 0.7, 1],
  [1.5, 0.6, 1, 1.5, 1],
  [1, 1, 1.6, 1, 1],
  [1, 1, 1, 1, 1.8]
]
const W = new Float64Array(NP * ND)
for (let p = 0; p < NP; p++) {
  const ws = RAW_W[p]!.reduce((a, b) => a + b, 0)
  for (let d = 0; d < ND; d++) W[p * ND + d] = (RAW_W[p]![d]! * ND) / ws
}
// Kano: gain and loss multipliers (must-be 0.1/1, attractive 1/0.1).
const GAIN = Float64Array.of(1, 1, 1, 1, 1, 0.1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1)
const LOSS = Float64Array.of(1, 1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1, 1, 0.1, 1, 1, 1, 1, 1, 1, 1)
const KAPPA = 0.3
const LAMBDA = Float64Array.of(2.25, 2.25, 2.5, 2.25)
const ALPHA = 0.88
const PATIENCE = Float64Array.of(7, 5, 6, 9)
const DEVIATION = Float64Array.of(0.05, 0.03, 0.08, 0.03)
const EFFORT_K = Float64Array.of(1 * 0.4, 1.4 * 0.4, 1 * 0.4, 1 * 0.4)
const DOUBLE_DEV = 1.5
const logit = (x: number): number => Math.log(x / (1 - x))
const RETENTION = Float64Array.of(logit(0.7), logit(0.8), logit(0.6), logit(0.9))
const LOY_SAT = Float64Array.of(0.5, 0.9, 0.7, 0.9)
const LOY_EFFORT = 1
const EXIT_EASE = Float64Array.of(1, 1, 1, Math.exp(-0.5))
const LOY_ABANDON = 1
const RECOMMEND = Float64Array.of(0, 0, 0, 0.8)
const ADAPT = Float64Array.of(0.3, 0.3, 0.3, 0.2)
const NOISE = 0.6
const NOISE_LASTING = Math.sqrt(0.7)
const NOISE_PASSING = Math.sqrt(1 - 0.7)
const SAT_BIAS = 1.1
const SAT_SLOPE = 0.5
const SAT_REF = 10 / (1 + Math.exp(-SAT_BIAS))
const ABANDON_PENALTY = 2
const SCAR = 0.3
const MEMORY_GAIN = 0.5
const RECOMMEND_NOISE = 1.2
const COMPLAINT = -3
const EFFORT_SCALE = 4
const VALUE = Float64Array.of(22, 45, 30, 38)
const PEAK = 0.25
const END = 0.25
const AVG = 0.5

// The accumulator, in the engine's layout (src/engine/accumulator.ts) for this configuration.
const S_N = 0
const S_COMPLETED = 1
const S_ABANDONED = 2
const S_COMPLAINTS = 3
const S_SAT = 4
const S_SAT2 = 5
const S_REV = 6
const S_REV2 = 7
const S_COST = 8
const S_EFFORT = 9
const S_STEPS = 10
const S_FAILURES = 11
const S_RECOVERED = 12
const S_LOST = 13
const S_EVALUATIONS = 14
const L_OUTCOME = 15

/** The accumulator's layout for horizon H: offsets and size. */
export const referenceLayout = (H: number) => {
  const csat = L_OUTCOME + 1
  const ltr = csat + 5
  const ces = ltr + 11
  const csatChurn = ces + 7
  const period = csatChurn + 5
  const tp = period + 3 * H
  const stride = tp + 10 * NT
  return { csat, ltr, ces, csatChurn, period, tp, stride, size: stride * NP }
}

// ---------------------------------------------------------------------------------------------
// The loop.

// The current customer: expectations, perceived levels, persona offset and loss aversion.
const cA = new Float64Array(ND)
const cE = new Float64Array(ND)
const cD = new Float64Array(ND)
const pSum = new Float64Array(ND)
const pN = new Int32Array(ND)
let pd = 0
let lambda = 0
/** 0 while valuing the service a failed visit interrupted: valued, not perceived (no adaptation to it). */
let perceive = 1

/**
 * The value of a delivered level of dimension d: disconfirmation against the zone of tolerance,
 * loss-averse and with diminishing sensitivity, Kano-weighted.
 */
const value = (d: number, level: number): number => {
  const g = SIGN[d]! * level
  if (perceive === 1) {
    pSum[d]! += g
    pN[d]! += 1
  }
  const A = cA[d]!
  const E = cE[d]!
  const D = cD[d]!
  let x = 0
  if (g < A) x = KAPPA * (A - E) + (g - A)
  else if (g > D) x = KAPPA * (D - E) + (g - D)
  else x = KAPPA * (g - E)
  x /= SCALE[d]!
  let v = 0
  if (x > 0) v = GAIN[pd + d]! * Math.exp(ALPHA * Math.log(x))
  else if (x < 0) v = -lambda * LOSS[pd + d]! * Math.exp(ALPHA * Math.log(-x))
  return W[pd + d]! * v
}

/**
 * Simulate `population` customers with `seed` over `horizon` periods, block by block; returns
 * the totals of the blocks' accumulators (added in block order).
 */
export const runReference = (seed: number, population: number, horizon: number): Float64Array => {
  const H = horizon
  const lay = referenceLayout(H)
  const stride = lay.stride
  const LTP = lay.tp
  const total = new Float64Array(lay.size)
  const acc = new Float64Array(lay.size)
  const visits = new Int32Array(NT)
  const tpU = new Float64Array(NT)
  const tpN = new Int32Array(NT)
  const moments = new Float64Array(MAX_STEPS * 2 + 2)
  const blocks = Math.ceil(population / BLOCK)

  for (let block = 0; block < blocks; block++) {
    acc.fill(0)
    seedBlock(persona, seed, block, 0x9e3779b1)
    seedBlock(post, seed, block, 0xc2b2ae3d)
    const count = Math.min(BLOCK, population - block * BLOCK)
    for (let c = 0; c < count; c++) {
      const up = persona.uniform()
      let p = 0
      while (p < NP - 1 && up >= SHARE_CUM[p]!) p++
      pd = p * ND
      for (let d = 0; d < ND; d++) {
        const off = nq(persona.uniform()) * ES[pd + d]!
        cA[d] = EA[pd + d]! + off
        cE[d] = EE[pd + d]! + off
        cD[d] = ED[pd + d]! + off
      }
      const trait = nq(persona.uniform())
      lambda = LAMBDA[p]!
      const patience = PATIENCE[p]!
      const deviation = DEVIATION[p]!
      const effortK = EFFORT_K[p]!
      const base = p * stride
      acc[base + S_N]! += 1
      let cum = 0
      let cumEffort = 0
      let csat0 = 0
      let churnedEver = false
      let active = true
      let revenue = 0
      let cost = 0

      for (let h = 0; h < H; h++) {
        const uSat = post.uniform()
        const uLtr = post.uniform()
        const uChurn = post.uniform()
        const uComplain = post.uniform()
        // The CES answer's noise: drawn always, unused (shop's personas have effortNoise 0).
        post.uniform()
        if (!active) continue
        seedWalk(seed, block * BLOCK + c, h)
        const first = h === 0
        visits.fill(0)
        tpU.fill(0)
        tpN.fill(0)
        pSum.fill(0)
        pN.fill(0)

        let node = LAND
        let steps = 0
        let nMom = 0
        let effortTot = 0
        let failures = 0
        let recovered = 0
        let scarred = 0
        let lastChannel = -1
        let recoverFrom = -1
        let failMoment = -1
        let resumeFrom = -1
        let outcome = -1
        let abandonedAt = -1
        for (;;) {
          const t = node
          steps++
          const tb = base + LTP + t * 10
          if (first) {
            if (visits[t] === 0) acc[tb]! += 1
            acc[tb + 1]! += 1
          }
          let effort = EFFORT[t]!
          if (visits[t]! > 0) effort += REPEAT_EFFORT
          const ch = CHANNEL[t]!
          if (lastChannel >= 0 && ch !== lastChannel) effort += SWITCH_EFFORT
          lastChannel = ch
          visits[t]! += 1
          cost += COST[t]!
          const isRecovery = recoverFrom >= 0 && t === FIX
          const failed = walk.uniform() < FAIL[t]!
          let u = 0
          // A failed visit draws its levels as any visit does, and is worth the poorer of the
          // failure and the service it interrupted.
          perceive = failed ? 0 : 1
          {
            switch (t) {
              case LAND:
                u = value(PS, Math.max(0, Math.exp(LAND_MU + LAND_SG * nq(walk.uniform()))))
                break
              case BROWSE:
                u = value(PS, Math.max(0, Math.exp(BROWSE_MU + BROWSE_SG * nq(walk.uniform()))))
                break
              case CHAT:
                u = value(HE, Math.min(10, Math.max(0, 7 + 1.5 * nq(walk.uniform()))))
                break
              case BASKET:
                u = value(PR, Math.max(0, 24 + 3 * nq(walk.uniform())))
                break
              case CHECKOUT:
                u = value(PS, Math.max(0, Math.exp(CHECKOUT_MU + CHECKOUT_SG * nq(walk.uniform()))))
                break
              case PAY:
                u = value(PS, Math.max(0, Math.exp(PAY_MU + PAY_SG * nq(walk.uniform()))))
                break
              case FIX:
                u = value(HE, Math.min(10, Math.max(0, 6.5 + 2 * nq(walk.uniform()))))
                break
              case CONFIRM: {
                const q = walk.uniform()
                // Triangular(1, 2, 4) by its inverse CDF.
                u = value(DE, Math.max(0, q < 1 / 3 ? 1 + Math.sqrt(q * 3 * 1) : 4 - Math.sqrt((1 - q) * 3 * 2)))
                break
              }
              case DELIVER:
                u = value(DE, Math.max(0, Math.exp(DELIVER_MU + DELIVER_SG * nq(walk.uniform()))))
                u += value(QU, Math.min(10, Math.max(0, beta10(8, 2))))
                break
              default:
                u = value(QU, Math.min(10, Math.max(0, beta10(9, 2))))
            }
          }
          if (failed) {
            let sev = SEVERITY[t]!
            if (failures > 0 || isRecovery) sev *= DOUBLE_DEV
            const f = -lambda * Math.exp(ALPHA * Math.log(sev))
            if (f < u) u = f
            effort += FAIL_EFFORT
            failures++
            if (first) acc[tb + 9]! += 1
          }
          u -= effortK * effort
          effortTot += effort
          if (isRecovery && !failed) {
            let q = 0.5 + u / 2
            if (q < 0) q = 0
            else if (q > 1) q = 1
            moments[failMoment] = moments[failMoment]! * (1 - FORGIVE * q)
            scarred++
            if (q === 0) {
              moments[failMoment] = moments[failMoment]! * DOUBLE_DEV
              if (u > moments[failMoment]!) u = moments[failMoment]!
            } else {
              recovered++
              if (u > 0) u = 0
            }
            resumeFrom = recoverFrom
            recoverFrom = -1
          } else if (isRecovery) {
            resumeFrom = recoverFrom
            recoverFrom = -1
          }
          moments[nMom++] = u
          if (first) {
            tpU[t]! += u
            tpN[t]! += 1
            if (u < 0) acc[tb + 3]! += u
          }
          const ua = walk.uniform()
          const lp = u / patience
          if (t !== UNBOX && u < 0 && ua < 1 - Math.exp(-Math.LN2 * lp * lp)) {
            abandonedAt = t
            break
          }
          const udev = walk.uniform()
          const unext = walk.uniform()
          if (failed) {
            // Every failing touchpoint here recovers by phone.
            recoverFrom = t
            failMoment = nMom - 1
            node = FIX
          } else {
            const src = t === FIX ? resumeFrom : t
            const off = udev < deviation
            switch (src) {
              case LAND:
                node = off ? BASKET : BROWSE
                break
              case BROWSE:
                node = off ? CHECKOUT : unext < 0.8 / (0.8 + 0.2) ? BASKET : CHAT
                break
              case CHAT:
                node = unext < 0.7 / (0.7 + 0.3) ? BASKET : BROWSE
                break
              case BASKET:
                node = off ? LAND : unext < 0.9 / (0.9 + 0.1) ? CHECKOUT : BROWSE
                break
              case CHECKOUT:
                node = off ? BASKET : PAY
                break
              case PAY:
                node = CONFIRM
                break
              case CONFIRM:
                node = DELIVER
                break
              case DELIVER:
                node = UNBOX
                break
              default:
                node = DONE
            }
            if (t === FIX) resumeFrom = -1
          }
          if (node === DONE) {
            outcome = 0
            break
          }
          if (steps >= MAX_STEPS || nMom >= moments.length - 1) {
            abandonedAt = t
            if (first) acc[base + S_LOST]! += 1
            break
          }
        }

        acc[base + S_EVALUATIONS]! += steps
        // Every visit of shop delivers a dimension every persona notices: all moments are felt.
        let peak = 0
        let sumU = 0
        for (let i = 0; i < nMom; i++) {
          const mm = moments[i]!
          sumU += mm
          if (Math.abs(mm) > Math.abs(peak)) peak = mm
        }
        const endU = nMom > 0 ? moments[nMom - 1]! : 0
        let U = PEAK * peak + END * endU + AVG * (nMom > 0 ? sumU / nMom : 0)
        const completed = outcome === 0
        if (!completed) U -= ABANDON_PENALTY
        const z = NOISE_LASTING * trait + NOISE_PASSING * nq(uSat)
        const sat = 10 / (1 + Math.exp(-(SAT_BIAS + SAT_SLOPE * U + NOISE * z)))
        const scar = SCAR * scarred
        const effortX = 6 * (1 - Math.exp(-effortTot / EFFORT_SCALE))
        const effortScore = 1 + effortX
        let ces = 1 + Math.round(effortX)
        if (ces > 7) ces = 7
        cum = first ? sat : (1 - MEMORY_GAIN) * cum + MEMORY_GAIN * sat
        cumEffort = first ? effortScore : (1 - MEMORY_GAIN) * cumEffort + MEMORY_GAIN * effortScore
        let stay = RETENTION[p]! + LOY_SAT[p]! * (cum - SAT_REF - scar)
        if (cumEffort > 2) stay -= LOY_EFFORT * (cumEffort - 2)
        if (!completed) stay -= LOY_ABANDON
        const churned = uChurn < EXIT_EASE[p]! / (1 + Math.exp(stay))
        if (completed) revenue += VALUE[p]!
        const pb = base + lay.period + h * 3
        acc[pb]! += 1
        acc[pb + 2]! += sat
        if (churned) {
          acc[pb + 1]! += 1
          active = false
          churnedEver = true
        }
        if (first) {
          let csat = 1 + Math.floor(sat / 2)
          if (csat > 5) csat = 5
          let ltr = Math.round(sat + RECOMMEND[p]! - scar + RECOMMEND_NOISE * nq(uLtr))
          if (ltr < 0) ltr = 0
          else if (ltr > 10) ltr = 10
          const complains = uComplain < 1 / (1 + Math.exp(-COMPLAINT + 0.8 * (sat - 5)))
          acc[base + (completed ? S_COMPLETED : S_ABANDONED)]! += 1
          if (completed) acc[base + L_OUTCOME]! += 1
          if (complains) acc[base + S_COMPLAINTS]! += 1
          acc[base + S_SAT]! += sat
          acc[base + S_SAT2]! += sat * sat
          acc[base + S_EFFORT]! += effortTot
          acc[base + S_STEPS]! += steps
          acc[base + S_FAILURES]! += failures
          acc[base + S_RECOVERED]! += recovered
          acc[base + lay.csat + csat - 1]! += 1
          csat0 = csat
          acc[base + lay.ltr + ltr]! += 1
          acc[base + lay.ces + ces - 1]! += 1
          if (abandonedAt >= 0) acc[base + LTP + abandonedAt * 10 + 2]! += 1
          for (let t = 0; t < NT; t++) {
            const n = tpN[t]!
            if (n === 0) continue
            const um = tpU[t]! / n
            const tb = base + LTP + t * 10
            acc[tb + 4]! += um
            acc[tb + 5]! += um * um
            acc[tb + 6]! += sat
            acc[tb + 7]! += sat * sat
            acc[tb + 8]! += um * sat
          }
        }
        const rate = ADAPT[p]!
        for (let d = 0; d < ND; d++) {
          const n = pN[d]!
          if (n === 0) continue
          const delta = rate * (pSum[d]! / n - cE[d]!)
          cA[d]! += delta
          cE[d]! += delta
          cD[d]! += delta
        }
      }
      acc[base + S_REV]! += revenue
      acc[base + S_REV2]! += revenue * revenue
      acc[base + S_COST]! += cost
      if (churnedEver) acc[base + lay.csatChurn + csat0 - 1]! += 1
    }
    for (let i = 0; i < total.length; i++) total[i]! += acc[i]!
  }
  return total
}
