/**
 * compile: ResolvedScenario → CompiledModel, the flat typed arrays the kernel reads.
 *
 * Everything the kernel needs per step is precomputed here: levels in "goodness" coordinates
 * (sign × level, so higher is always better), normalised weights, Kano multipliers, next-step
 * cumulative weights per persona (channel preferences and persona overrides applied), and the
 * off-path candidates of every touchpoint.
 */
import type { Distribution } from "../model/Distribution.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { Touchpoint } from "../model/Scenario.js"
import { kanoWeights, failureDefaults, scenarioDefaults } from "../model/defaults.js"
import { normalCdf } from "./distributions.js"
import { exp, log } from "./numerics.js"

/** Distribution kinds as the kernel sees them. */
export const Kind = {
  Fixed: 0,
  Normal: 1,
  TruncNormal: 2,
  LogNormal: 3,
  Beta: 4,
  Triangular: 5,
  Uniform: 6,
  Discrete: 7
} as const

/** Parameters per service entry. */
export const SVC_STRIDE = 6

export interface ModelMeta {
  readonly dimensions: ReadonlyArray<string>
  readonly personas: ReadonlyArray<{ readonly id: string; readonly label: string }>
  readonly touchpoints: ReadonlyArray<{ readonly id: string; readonly label: string; readonly stage: string; readonly channel: string }>
  readonly outcomes: ReadonlyArray<{ readonly id: string; readonly kind: "completed" | "abandoned" }>
  readonly channels: ReadonlyArray<string>
}

/**
 * What a touchpoint delivers in one phase of the service schedule: its service, effort and
 * failures. A scenario without a schedule has one phase.
 */
export interface Phase {
  /** Effort per (persona, touchpoint). */
  readonly tpEffort: Float64Array
  readonly tpFailRate: Float64Array
  readonly tpFailSeverity: Float64Array
  readonly tpFailEffort: Float64Array
  readonly tpForgive: Float64Array
  // service entries per (persona, touchpoint): [svcStart[k], svcStart[k + 1])
  readonly svcStart: Int32Array
  readonly svcDim: Int32Array
  readonly svcKind: Int32Array
  readonly svcParam: Float64Array
  readonly discValue: Float64Array
  readonly discCum: Float64Array
}

/** The touchpoint as it stands in period `from`: its schedule entries up to that period applied in order. */
export const scheduledTouchpoint = (tp: Touchpoint, from: number): Touchpoint => {
  let out = tp
  for (const e of tp.schedule ?? []) {
    if (e.from > from) break
    out = {
      ...out,
      service: e.service === undefined ? out.service : { ...(out.service ?? {}), ...e.service },
      effort: e.effort ?? out.effort,
      failure: e.failure === undefined ? out.failure : { rate: 0, ...(out.failure ?? {}), ...definedOnly(e.failure) }
    }
  }
  return out
}

const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>

const compilePhase = (s: ResolvedScenario, from: number, tps: ReadonlyArray<string>, dims: ReadonlyArray<string>, personaIds: ReadonlyArray<string>): Phase => {
  const nT = tps.length
  const nP = personaIds.length
  const tpEffort = new Float64Array(nP * nT)
  const tpFailRate = new Float64Array(nT)
  const tpFailSeverity = new Float64Array(nT)
  const tpFailEffort = new Float64Array(nT)
  const tpForgive = new Float64Array(nT)
  const svcStart = new Int32Array(nP * nT + 1)
  const svcDim: number[] = []
  const svcKind: number[] = []
  const svcParam: number[] = []
  const discValue: number[] = []
  const discCum: number[] = []
  const view = tps.map((id) => scheduledTouchpoint(s.journey.touchpoints[id]!, from))
  view.forEach((tp, t) => {
    tpFailRate[t] = tp.failure?.rate ?? 0
    tpFailSeverity[t] = tp.failure?.severity ?? failureDefaults.severity
    tpFailEffort[t] = tp.failure?.effort ?? failureDefaults.effort
    tpForgive[t] = tp.failure?.forgiveness ?? failureDefaults.forgiveness
  })
  for (let p = 0; p < nP; p++) {
    for (let t = 0; t < nT; t++) {
      const k = p * nT + t
      const tp = view[t]!
      const over = tp.personas?.[personaIds[p]!]
      tpEffort[k] = over?.effort ?? tp.effort ?? 0
      svcStart[k] = svcKind.length
      const service = { ...(tp.service ?? {}), ...(over?.service ?? {}) }
      dims.forEach((dimId, d) => {
        const dist = service[dimId]
        if (dist !== undefined) pushService(dist, d, svcDim, svcKind, svcParam, discValue, discCum)
      })
    }
  }
  svcStart[nP * nT] = svcKind.length
  return {
    tpEffort,
    tpFailRate,
    tpFailSeverity,
    tpFailEffort,
    tpForgive,
    svcStart,
    svcDim: Int32Array.from(svcDim),
    svcKind: Int32Array.from(svcKind),
    svcParam: Float64Array.from(svcParam),
    discValue: Float64Array.from(discValue),
    discCum: Float64Array.from(discCum)
  }
}

export interface CompiledModel extends Phase {
  readonly meta: ModelMeta
  readonly seed: number
  readonly population: number
  readonly horizon: number
  readonly nDims: number
  readonly nPersonas: number
  readonly nTouchpoints: number
  readonly nOutcomes: number
  readonly start: number
  readonly maxSteps: number
  // dimensions
  readonly dimSign: Float64Array
  readonly dimScale: Float64Array
  readonly dimMin: Float64Array
  readonly dimMax: Float64Array
  // personas
  readonly shareCum: Float64Array
  readonly expA: Float64Array
  readonly expE: Float64Array
  readonly expD: Float64Array
  readonly expSpread: Float64Array
  readonly notices: Uint8Array
  readonly weight: Float64Array
  readonly kanoGain: Float64Array
  readonly kanoLoss: Float64Array
  readonly kappa: Float64Array
  readonly lambda: Float64Array
  readonly alpha: Float64Array
  readonly memPeak: Float64Array
  readonly memEnd: Float64Array
  readonly memAvg: Float64Array
  readonly patience: Float64Array
  readonly deviation: Float64Array
  readonly effortSens: Float64Array
  readonly retentionLogit: Float64Array
  readonly loySat: Float64Array
  readonly loyEffort: Float64Array
  /** e^(−switchingCost): the share of the wish to leave that turns into leaving. */
  readonly exitEase: Float64Array
  /** Satisfaction (0–10) of a journey that exactly met expectations, without noise: 10·σ(satisfactionBias). */
  readonly satRef: Float64Array
  readonly loyAbandon: Float64Array
  readonly recommend: Float64Array
  readonly adaptation: Float64Array
  readonly noise: Float64Array
  /** √noiseTrait and √(1 − noiseTrait): the weights of the customer's lasting and passing noise. */
  readonly noiseLasting: Float64Array
  readonly noisePassing: Float64Array
  readonly recommendNoise: Float64Array
  readonly complaintBias: Float64Array
  readonly effortScale: Float64Array
  /** CES answer noise per persona, in CES points (docs/model.md §11). */
  readonly effortNoise: Float64Array
  readonly value: Float64Array
  // journey settings; the rest is per persona
  readonly satBias: Float64Array
  readonly satSlope: Float64Array
  readonly effortCost: Float64Array
  /** Effort of arriving at the touchpoint from another channel (its `switchEffort`, or the journey's). */
  readonly tpSwitchEffort: Float64Array
  readonly repeatEffort: number
  readonly abandonPenalty: Float64Array
  readonly doubleDeviation: Float64Array
  readonly failureScar: Float64Array
  readonly memoryGain: Float64Array
  // touchpoints
  readonly tpChannel: Int32Array
  readonly tpCost: Float64Array
  readonly tpRecovery: Int32Array
  readonly tpAbandonable: Uint8Array
  /** 1 when the touchpoint has no next steps of its own (a recovery that resumes). */
  readonly tpResume: Uint8Array
  /** The service schedule: the phases, and the phase of each period (0-based). */
  readonly phases: ReadonlyArray<Phase>
  readonly phaseOfPeriod: Int32Array
  // next steps per (persona, touchpoint): [edgeStart[k], edgeStart[k + 1]); targets ≥ nTouchpoints are outcomes
  readonly edgeStart: Int32Array
  readonly edgeTarget: Int32Array
  readonly edgeCum: Float64Array
  // off-path candidates per touchpoint
  readonly offStart: Int32Array
  readonly offTarget: Int32Array
  readonly outcomeCompleted: Uint8Array
}

const logit = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9)
  return log(q / (1 - q))
}

const pushService = (
  d: Distribution,
  dim: number,
  svcDim: number[],
  svcKind: number[],
  svcParam: number[],
  discValue: number[],
  discCum: number[]
): void => {
  svcDim.push(dim)
  const p = [0, 0, 0, 0, 0, 0]
  let kind: number = Kind.Fixed
  if (typeof d === "number") p[0] = d
  else
    switch (d.dist) {
      case "fixed":
        p[0] = d.value
        break
      case "normal":
        kind = d.sd === 0 ? Kind.Fixed : Kind.Normal
        p[0] = d.mean
        p[1] = d.sd
        break
      case "truncnormal": {
        const lo = d.min ?? -Infinity
        const hi = d.max ?? Infinity
        if (d.sd === 0) {
          kind = Kind.Fixed
          p[0] = Math.min(Math.max(d.mean, lo), hi)
          break
        }
        const pLo = lo === -Infinity ? 0 : normalCdf((lo - d.mean) / d.sd)
        const pHi = hi === Infinity ? 1 : normalCdf((hi - d.mean) / d.sd)
        if (pHi - pLo < 1e-9) {
          // No mass between the bounds (far in one tail, or a very narrow range): the nearest value.
          kind = Kind.Fixed
          p[0] = Math.min(Math.max(d.mean, lo), hi)
          break
        }
        kind = Kind.TruncNormal
        p[0] = d.mean
        p[1] = d.sd
        p[2] = lo
        p[3] = hi
        p[4] = pLo
        p[5] = Math.min(pHi, 1 - 2 ** -53)
        break
      }
      case "lognormal": {
        // From the mean m and sd s of the values: σ² = ln(1 + s²/m²), μ = ln m − σ²/2.
        const s2 = log(1 + (d.sd * d.sd) / (d.mean * d.mean))
        kind = Kind.LogNormal
        p[0] = log(d.mean) - s2 / 2
        p[1] = Math.sqrt(s2)
        break
      }
      case "beta":
        kind = Kind.Beta
        p[0] = d.alpha
        p[1] = d.beta
        p[2] = d.min ?? 0
        p[3] = d.max ?? 1
        break
      case "triangular":
        kind = Kind.Triangular
        p[0] = d.min
        p[1] = d.mode
        p[2] = d.max
        break
      case "uniform":
        kind = Kind.Uniform
        p[0] = d.min
        p[1] = d.max
        break
      case "discrete": {
        kind = Kind.Discrete
        const w = d.weights ?? d.values.map(() => 1)
        const total = w.reduce((a, b) => a + b, 0)
        p[0] = discValue.length
        p[1] = d.values.length
        let acc = 0
        d.values.forEach((v, i) => {
          acc += (w[i] ?? 0) / total
          discValue.push(v)
          discCum.push(i === d.values.length - 1 ? 1 : acc)
        })
        break
      }
    }
  svcKind.push(kind)
  svcParam.push(...p)
}

/** compile requires a scenario that passed loading and its checks. */
export const compile = (s: ResolvedScenario): CompiledModel => {
  const dims = Object.keys(s.dimensions)
  const tps = Object.keys(s.journey.touchpoints)
  const outcomes = Object.keys(s.journey.outcomes)
  const personas = s.personas
  const nD = dims.length
  const nP = personas.length
  const nT = tps.length
  const nO = outcomes.length
  if (nP === 0 || nT === 0) throw new Error("compile requires at least one persona and one touchpoint")
  const tpIndex = new Map(tps.map((t, i) => [t, i]))
  const nodeIndex = (id: string): number => tpIndex.get(id) ?? (outcomes.indexOf(id) >= 0 ? nT + outcomes.indexOf(id) : -1)
  const channels: string[] = []
  const tpChannel = new Int32Array(nT)
  const tpSwitchEffort = new Float64Array(nT)
  tps.forEach((id, t) => {
    const tp = s.journey.touchpoints[id]
    const ch = tp?.channel ?? scenarioDefaults.channel
    if (!channels.includes(ch)) channels.push(ch)
    tpChannel[t] = channels.indexOf(ch)
    tpSwitchEffort[t] = tp?.switchEffort ?? s.settings.channelSwitchEffort
  })

  const dimSign = new Float64Array(nD)
  const dimScale = new Float64Array(nD)
  const dimMin = new Float64Array(nD)
  const dimMax = new Float64Array(nD)
  dims.forEach((id, d) => {
    const dim = s.dimensions[id]!
    dimSign[d] = dim.better === "higher" ? 1 : -1
    dimScale[d] = dim.scale
    dimMin[d] = dim.min ?? -Infinity
    dimMax[d] = dim.max ?? Infinity
  })

  const f = (): Float64Array => new Float64Array(nP)
  const shareCum = f()
  const expA = new Float64Array(nP * nD)
  const expE = new Float64Array(nP * nD)
  const expD = new Float64Array(nP * nD)
  const expSpread = new Float64Array(nP * nD)
  const notices = new Uint8Array(nP * nD)
  const weight = new Float64Array(nP * nD)
  const kanoGain = new Float64Array(nP * nD)
  const kanoLoss = new Float64Array(nP * nD)
  const [kappa, lambda, alpha, memPeak, memEnd, memAvg, patience, deviation, effortSens] = [f(), f(), f(), f(), f(), f(), f(), f(), f()]
  const satRef = f()
  const noiseLasting = f()
  const noisePassing = f()
  const [retentionLogit, loySat, loyEffort, exitEase, loyAbandon, recommend, adaptation, noise, value] = [f(), f(), f(), f(), f(), f(), f(), f(), f()]
  const [satBias, satSlope, effortCost, abandonPenalty, doubleDeviation, failureScar, memoryGain, recommendNoise, complaintBias, effortScale, effortNoise] = [f(), f(), f(), f(), f(), f(), f(), f(), f(), f(), f()]
  let cum = 0
  personas.forEach((p, i) => {
    cum += p.share
    shareCum[i] = i === nP - 1 ? 1 : cum
    // Weights are relative: normalised to average 1 over the dimensions the persona notices.
    const noticed = dims.filter((d) => p.expectations[d] !== undefined)
    const wsum = noticed.reduce((a, d) => a + (p.weights[d] ?? 1), 0)
    dims.forEach((dimId, d) => {
      const e = p.expectations[dimId]
      const k = i * nD + d
      if (e === undefined) return
      const sign = dimSign[d]!
      notices[k] = 1
      expA[k] = sign * e.adequate
      expE[k] = sign * e.expected
      expD[k] = sign * e.desired
      expSpread[k] = e.spread
      weight[k] = wsum > 0 ? ((p.weights[dimId] ?? 1) * noticed.length) / wsum : 0
      const kano = kanoWeights[p.kano[dimId] ?? "one-dimensional"]
      kanoGain[k] = kano.gain
      kanoLoss[k] = kano.loss
    })
    const b = p.behaviour
    kappa[i] = b.tolerance
    lambda[i] = b.lossAversion
    alpha[i] = b.sensitivity
    const msum = b.memory.peak + b.memory.end + b.memory.average
    memPeak[i] = msum > 0 ? b.memory.peak / msum : 0
    memEnd[i] = msum > 0 ? b.memory.end / msum : 0
    memAvg[i] = msum > 0 ? b.memory.average / msum : 1
    patience[i] = b.patience
    deviation[i] = b.deviation
    effortSens[i] = b.effortSensitivity
    retentionLogit[i] = logit(b.loyalty.retention)
    loySat[i] = b.loyalty.satisfaction
    loyEffort[i] = b.loyalty.effort
    exitEase[i] = exp(-b.loyalty.switchingCost)
    loyAbandon[i] = b.loyalty.abandonment
    recommend[i] = b.recommend
    adaptation[i] = b.adaptation
    noise[i] = b.noise
    noiseLasting[i] = Math.sqrt(b.noiseTrait)
    noisePassing[i] = Math.sqrt(1 - b.noiseTrait)
    value[i] = p.value
    satBias[i] = b.satisfactionBias
    satRef[i] = 10 / (1 + exp(-b.satisfactionBias))
    satSlope[i] = b.satisfactionSlope
    effortCost[i] = b.effortCost
    abandonPenalty[i] = b.abandonPenalty
    doubleDeviation[i] = b.doubleDeviation
    failureScar[i] = b.failureScar
    memoryGain[i] = b.memoryGain
    recommendNoise[i] = b.recommendNoise
    complaintBias[i] = b.complaintPropensity
    effortScale[i] = b.effortScale
    effortNoise[i] = b.effortNoise
  })

  const tpCost = new Float64Array(nT)
  const tpRecovery = new Int32Array(nT).fill(-1)
  const tpAbandonable = new Uint8Array(nT)
  const tpResume = new Uint8Array(nT)
  const edgeStart = new Int32Array(nP * nT + 1)
  const edgeTarget: number[] = []
  const edgeCum: number[] = []

  tps.forEach((id, t) => {
    const tp = s.journey.touchpoints[id]!
    tpCost[t] = tp.cost ?? 0
    tpRecovery[t] = tp.failure?.recovery === undefined ? -1 : (tpIndex.get(tp.failure.recovery) ?? -1)
    tpAbandonable[t] = tp.abandonable === false ? 0 : 1
    tpResume[t] = tp.next === undefined || Object.keys(tp.next).length === 0 ? 1 : 0
  })

  for (let p = 0; p < nP; p++) {
    const persona = personas[p]!
    for (let t = 0; t < nT; t++) {
      const k = p * nT + t
      const tp = s.journey.touchpoints[tps[t]!]!
      const over = tp.personas?.[persona.id]
      edgeStart[k] = edgeTarget.length
      const next = over?.next ?? tp.next ?? {}
      const entries = Object.entries(next).filter(([, w]) => w > 0)
      // Channel preferences reweight the next steps (a persona that avoids the phone rarely calls).
      const pref = (target: string): number => {
        const t2 = tpIndex.get(target)
        if (t2 === undefined) return 1
        return persona.channels[channels[tpChannel[t2]!]!] ?? 1
      }
      // A persona's own next steps are its real probabilities: no channel reweighting on top.
      let weights = entries.map(([target, w]) => (over?.next !== undefined ? w : w * pref(target)))
      let total = weights.reduce((a, b) => a + b, 0)
      if (total <= 0) {
        weights = entries.map(([, w]) => w)
        total = weights.reduce((a, b) => a + b, 0)
      }
      let acc = 0
      entries.forEach(([target], i) => {
        acc += weights[i]! / total
        edgeTarget.push(nodeIndex(target))
        edgeCum.push(i === entries.length - 1 ? 1 : acc)
      })
    }
  }
  edgeStart[nP * nT] = edgeTarget.length

  // The service schedule: one phase per distinct period from which some touchpoint changes.
  const starts = [...new Set(Object.values(s.journey.touchpoints).flatMap((tp) => (tp.schedule ?? []).map((e) => e.from)))]
    .filter((f) => f > 1 && f <= s.horizon)
    .sort((a, b) => a - b)
  const phaseStarts = [1, ...starts]
  const phases = phaseStarts.map((from) => compilePhase(s, from, tps, dims, personas.map((p) => p.id)))
  const phaseOfPeriod = new Int32Array(s.horizon)
  for (let h = 0; h < s.horizon; h++) {
    let k = 0
    while (k + 1 < phaseStarts.length && phaseStarts[k + 1]! <= h + 1) k++
    phaseOfPeriod[h] = k
  }
  const phase0 = phases[0]!

  // Off-path: declared, or the steps after the next ones (skipping) and the steps before (going back).
  const offStart = new Int32Array(nT + 1)
  const offTarget: number[] = []
  const succ = tps.map((id) => Object.keys(s.journey.touchpoints[id]!.next ?? {}).map((x) => tpIndex.get(x) ?? -1).filter((x) => x >= 0))
  tps.forEach((id, t) => {
    offStart[t] = offTarget.length
    const declared = s.journey.touchpoints[id]!.offPath
    let cands: number[]
    if (declared !== undefined) cands = declared.map((x) => tpIndex.get(x) ?? -1).filter((x) => x >= 0)
    else {
      const set = new Set<number>()
      for (const n of succ[t]!) for (const m of succ[n]!) if (m !== t) set.add(m)
      succ.forEach((ns, u) => {
        if (u !== t && ns.includes(t) && tpResume[u] === 0) set.add(u)
      })
      for (const n of succ[t]!) set.delete(n)
      cands = [...set].filter((c) => tpResume[c] === 0).sort((a, b) => a - b)
    }
    offTarget.push(...cands)
  })
  offStart[nT] = offTarget.length

  const outcomeCompleted = new Uint8Array(nO)
  outcomes.forEach((o, i) => {
    outcomeCompleted[i] = s.journey.outcomes[o] === "completed" ? 1 : 0
  })

  const st = s.settings
  return {
    meta: {
      dimensions: dims,
      personas: personas.map((p) => ({ id: p.id, label: p.label })),
      touchpoints: tps.map((id) => {
        const tp = s.journey.touchpoints[id]!
        return { id, label: tp.label ?? id, stage: tp.stage ?? "", channel: tp.channel ?? scenarioDefaults.channel }
      }),
      outcomes: outcomes.map((id) => ({ id, kind: s.journey.outcomes[id]! })),
      channels
    },
    seed: s.seed,
    population: s.population,
    horizon: s.horizon,
    nDims: nD,
    nPersonas: nP,
    nTouchpoints: nT,
    nOutcomes: nO,
    start: tpIndex.get(s.journey.start) ?? 0,
    maxSteps: st.maxSteps,
    dimSign,
    dimScale,
    dimMin,
    dimMax,
    shareCum,
    expA,
    expE,
    expD,
    expSpread,
    notices,
    weight,
    kanoGain,
    kanoLoss,
    kappa,
    lambda,
    alpha,
    memPeak,
    memEnd,
    memAvg,
    patience,
    deviation,
    effortSens,
    retentionLogit,
    loySat,
    loyEffort,
    exitEase,
    satRef,
    loyAbandon,
    recommend,
    adaptation,
    noise,
    noiseLasting,
    noisePassing,
    value,
    recommendNoise,
    complaintBias,
    effortScale,
    effortNoise,
    satBias,
    satSlope,
    effortCost,
    tpSwitchEffort,
    repeatEffort: st.repeatEffort,
    abandonPenalty,
    doubleDeviation,
    failureScar,
    memoryGain,
    tpChannel,
    ...phase0,
    tpCost,
    tpRecovery,
    tpAbandonable,
    tpResume,
    phases,
    phaseOfPeriod,
    edgeStart,
    edgeTarget: Int32Array.from(edgeTarget),
    edgeCum: Float64Array.from(edgeCum),
    offStart,
    offTarget: Int32Array.from(offTarget),
    outcomeCompleted
  }
}
