/**
 * The calibration's optimiser: Fisher scoring with a trust region (a Levenberg–Marquardt method
 * for the multinomial likelihood) on finite-difference Jacobians taken by groups of parameters.
 *
 * Structure. A customer is one persona throughout and customers never meet (engine/kernel.ts:
 * each draws their persona and expectations from streams that do not depend on any parameter),
 * so the simulated answers of persona q depend only on q's own parameters (a path
 * `personas.<q>.…` reaches q's file or q's overrides only) and on the scenario-level ones
 * (`model.satisfactionBias`, a service level): the objective is a sum over segments. The
 * Jacobian of the shares is then sparse by blocks, and its columns can be coloured as for any
 * sparse Jacobian: group g moves the g-th parameter of every persona at once, and each segment's
 * tallies show the effect of its own persona's parameter alone. A central-difference Jacobian
 * costs 1 + 2·G simulations, G = (most parameters of one persona) + (scenario-level parameters),
 * instead of 1 + 2·P: 7 instead of 41 for 12 personas, 20 parameters.
 *
 * Iteration. At the centre θ (its shares p̂ and Jacobian J known), the linearised model of the
 * objective, M(d) = −Σ c_j log(p̂_j + J_j·d) + priors, is convex; its minimum over the trust box
 * (each |d_i| ≤ Δ·range_i, within the bounds) is found by projected Newton steps with the Fisher
 * information (the same scoring as the intervals' refits). The predicted decrease M(0) − M(d)
 * under `tolFun` (log-likelihood units) means the centre is the optimum: stop, converged. Else
 * θ + d is simulated together with its own Jacobian points (one batch on the pool), or, when the
 * promised decrease is small (near the optimum, where steps are refused more often), alone first
 * and its Jacobian only if the step is kept; the step is accepted when the simulated objective fell by a share ρ > 0.1 of the prediction, and the box
 * grows (ρ > 0.75, the box reached) or shrinks (ρ < 0.25) as usual. A box under `tolX` of every
 * range also stops, converged: no step the simulations can resolve is left.
 *
 * Deterministic: every simulation uses the same customers (common random numbers), and the
 * arithmetic runs in a fixed order, so the same inputs give the same path for any worker count.
 */
import * as Effect from "effect/Effect"
import type { Tally } from "../engine/calibrationJob.js"
import { personaTarget } from "../load/loadScenario.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import { jacobianPoints, solveRidge } from "./intervals.js"
import { negLogLik, priorPenalty, share, SMOOTHING, type Simulate } from "./objective.js"
import type { Observed, Targets } from "./observed.js"
import type { FreeParameter } from "./parameters.js"

/** The optimiser, as the calibration result names it. */
export const SCORING_METHOD = "Levenberg–Marquardt Fisher scoring, Jacobians by central differences"

/** Which persona's answers each parameter can move (−1: every persona's), and the groups of parameters perturbed together. */
export interface Structure {
  /** Per parameter: the index of the one persona whose answers it can move, or −1. */
  readonly persona: ReadonlyArray<number>
  /** Groups of parameter indices: at most one per persona in a group, a scenario-level parameter alone. */
  readonly groups: ReadonlyArray<ReadonlyArray<number>>
}

const overridesPath = /^personas\.([^.]+)\.overrides\./

/**
 * The structure of a calibration's parameters: a `personas.<id>.…` path (the persona's own
 * values, or the scenario's overrides for it) moves persona id only; any other path is
 * scenario-level. Group g holds the g-th parameter (in the given order) of each persona; then
 * each scenario-level parameter is a group of its own.
 */
export const structureOf = (s: ResolvedScenario, params: ReadonlyArray<FreeParameter>): Structure => {
  const ids = s.personas.map((p) => p.id)
  const persona = params.map((p) => {
    const id = personaTarget(p.path)?.id ?? overridesPath.exec(p.path)?.[1]
    return id === undefined ? -1 : ids.indexOf(id)
  })
  const groups: number[][] = []
  const seen = new Map<number, number>()
  persona.forEach((q, i) => {
    if (q < 0) return
    const g = seen.get(q) ?? 0
    seen.set(q, g + 1)
    while (groups.length <= g) groups.push([])
    ;(groups[g] as number[]).push(i)
  })
  persona.forEach((q, i) => {
    if (q < 0) groups.push([i])
  })
  return { persona, groups }
}

/** Per group, its parameters moved up then down by the intervals' steps (`jacobianPoints`), as 2·G points. */
export const groupedPoints = (params: ReadonlyArray<FreeParameter>, st: Structure, x: ArrayLike<number>): Float64Array[] => {
  const each = jacobianPoints(params, x)
  return st.groups.flatMap((g) => {
    const up = Float64Array.from(x)
    const down = Float64Array.from(x)
    for (const i of g) {
      up[i] = (each[2 * i] as Float64Array)[i] as number
      down[i] = (each[2 * i + 1] as Float64Array)[i] as number
    }
    return [up, down]
  })
}

/**
 * The simulated counts at each parameter's own points (`jacobianPoints` order: up, down per
 * parameter) from the groups' simulations: a persona's parameter takes its persona's slots from
 * its group's simulation and every other slot from the centre, where it cannot have moved them;
 * a scenario-level parameter, alone in its group, takes the group's simulation whole.
 */
export const perParameter = (tg: Targets, st: Structure, center: Float64Array, grouped: ReadonlyArray<Float64Array>): Float64Array[] => {
  const per = tg.layout.perSegment
  const out: Float64Array[] = new Array<Float64Array>(2 * st.persona.length)
  st.groups.forEach((g, k) => {
    for (const i of g) {
      const q = st.persona[i] as number
      for (const side of [0, 1]) {
        const sim = grouped[2 * k + side] as Float64Array
        if (q < 0) out[2 * i + side] = sim
        else {
          const v = Float64Array.from(center)
          v.set(sim.subarray(q * per, (q + 1) * per), q * per)
          out[2 * i + side] = v
        }
      }
    }
  })
  return out
}

/** The simulations at a point: its counts, and its Jacobian points with the counts there (per parameter, `jacobianPoints` order). */
export interface Evaluated {
  readonly x: Float64Array
  readonly center: Float64Array
  readonly points: ReadonlyArray<Float64Array>
  readonly simulated: ReadonlyArray<Float64Array>
  /** Negative log-likelihood of the fit answers plus the priors' penalty (not per respondent). */
  readonly value: number
}

/** Simulations per evaluation with its Jacobian: the centre and two per group. */
export const simulationsPerPoint = (st: Structure): number => 1 + 2 * st.groups.length

const evaluated = (tg: Targets, obs: Observed, params: ReadonlyArray<FreeParameter>, st: Structure, x: Float64Array, center: Float64Array, grouped: ReadonlyArray<Float64Array>): Evaluated => ({
  x,
  center,
  points: jacobianPoints(params, x),
  simulated: perParameter(tg, st, center, grouped),
  value: negLogLik(tg, obs, center) + priorPenalty(params, x)
})

/** Simulate x and its grouped Jacobian points in one batch. */
export const evaluate = (tg: Targets, obs: Observed, params: ReadonlyArray<FreeParameter>, st: Structure, simulate: Simulate, x: Float64Array) =>
  Effect.map(simulate([x, ...groupedPoints(params, st, x)]), ([center, ...grouped]) => evaluated(tg, obs, params, st, x, center as Float64Array, grouped))

/** The Jacobian at x, whose counts `center` are simulated already. */
const jacobianAt = (tg: Targets, obs: Observed, params: ReadonlyArray<FreeParameter>, st: Structure, simulate: Simulate, x: Float64Array, center: Float64Array) =>
  Effect.map(simulate(groupedPoints(params, st, x)), (grouped) => evaluated(tg, obs, params, st, x, center, grouped))

/**
 * A step promising a decrease of the total negative log-likelihood over this is simulated with its
 * Jacobian in one batch; a smaller one alone first, its Jacobian only if it is kept.
 */
export const SPECULATE = 10

/** The linearised objective at an evaluated point: M(d) and its minimiser over a box of steps. */
const model = (tg: Targets, obs: Observed, params: ReadonlyArray<FreeParameter>, e: Evaluated) => {
  const P = params.length
  const per = tg.layout.perSegment
  const T = tg.tallies.length
  // The categories of the cells with answers: observed counts, shares at the centre, their floor, their cell and its weight.
  const counts: number[] = []
  const p0: number[] = []
  const floor: number[] = []
  const cellOf: number[] = []
  const cellW: number[] = []
  for (let q = 0; q < tg.personas; q++) {
    const m = e.center[q * per] as number
    for (let t = 0; t < T; t++) {
      const w = obs.weight[q * T + t] as number
      if (!(w > 0)) continue
      const K = (tg.tallies[t] as Tally).categories
      const a = q * per + (tg.layout.offsets[t] as number)
      for (let j = 0; j < K; j++) {
        counts.push(obs.counts[a + j] as number)
        p0.push(share(e.center, a, K, m, j))
        floor.push(SMOOTHING / (Math.max(1, m) + SMOOTHING * K))
        cellOf.push(cellW.length)
      }
      cellW.push(w)
    }
  }
  const S = counts.length
  const J = new Float64Array(S * P)
  for (let i = 0; i < P; i++) {
    const dx = ((e.points[2 * i] as Float64Array)[i] as number) - ((e.points[2 * i + 1] as Float64Array)[i] as number)
    if (dx === 0) continue
    const up = e.simulated[2 * i] as Float64Array
    const down = e.simulated[2 * i + 1] as Float64Array
    // Shares of each side, cell by cell, in the order of the cells above.
    let s = 0
    for (let q = 0; q < tg.personas; q++) {
      for (let t = 0; t < T; t++) {
        if (!((obs.weight[q * T + t] as number) > 0)) continue
        const Kt = (tg.tallies[t] as Tally).categories
        const a = q * per + (tg.layout.offsets[t] as number)
        const mu = up[q * per] as number
        const md = down[q * per] as number
        for (let j = 0; j < Kt; j++, s++) J[s * P + i] = (share(up, a, Kt, mu, j) - share(down, a, Kt, md, j)) / dx
      }
    }
  }
  const x0 = e.x
  const M = (d: Float64Array): number => {
    let v = 0
    for (let s = 0; s < S; s++) {
      const c = counts[s] as number
      if (c === 0) continue
      let ps = p0[s] as number
      for (let a = 0; a < P; a++) ps += J[s * P + a]! * d[a]!
      v -= c * Math.log(Math.max(ps, floor[s] as number))
    }
    const x = Float64Array.from(x0, (xi, a) => xi + d[a]!)
    return v + priorPenalty(params, x)
  }
  /** Minimise M over lo ≤ d ≤ hi by projected Newton steps with the Fisher information, halving a step that does not lower M. */
  const minimise = (lo: Float64Array, hi: Float64Array): { readonly d: Float64Array; readonly value: number } => {
    let d = new Float64Array(P)
    let v = M(d)
    for (let it = 0; it < 50; it++) {
      // Score U = −∇M and information I at the current step.
      const U = new Float64Array(P)
      const I = new Float64Array(P * P)
      for (let s = 0; s < S; s++) {
        let ps = p0[s] as number
        for (let a = 0; a < P; a++) ps += J[s * P + a]! * d[a]!
        ps = Math.max(ps, floor[s] as number)
        const c = counts[s] as number
        const f = (cellW[cellOf[s] as number] as number) / ps
        for (let a = 0; a < P; a++) {
          const ja = J[s * P + a]!
          if (ja === 0) continue
          U[a] = U[a]! + (c / ps) * ja
          for (let b = 0; b <= a; b++) I[a * P + b] = I[a * P + b]! + f * ja * J[s * P + b]!
        }
      }
      params.forEach((p, a) => {
        if (p.prior === undefined) return
        U[a] = U[a]! - (x0[a]! + d[a]! - p.prior.mean) / (p.prior.sd * p.prior.sd)
        I[a * P + a] = I[a * P + a]! + 1 / (p.prior.sd * p.prior.sd)
      })
      // Free coordinates: not held at a side of the box by the score.
      const free: number[] = []
      for (let a = 0; a < P; a++) {
        const atLo = d[a]! <= lo[a]! && U[a]! <= 0
        const atHi = d[a]! >= hi[a]! && U[a]! >= 0
        if (!atLo && !atHi) free.push(a)
      }
      if (free.length === 0) break
      const F = free.length
      const A = new Float64Array(F * F)
      const b = new Float64Array(F)
      let diag = 0
      free.forEach((a, r) => {
        b[r] = U[a]!
        free.forEach((c, k) => {
          A[r * F + k] = a >= c ? I[a * P + c]! : I[c * P + a]!
        })
        diag = Math.max(diag, A[r * F + r]!)
      })
      const step = solveRidge(A, b, F, 1e-9 * Math.max(diag, 1e-300))
      let t = 1
      let next = d
      let nv = v
      for (let h = 0; h < 30; h++) {
        const cand = Float64Array.from(d)
        free.forEach((a, r) => {
          cand[a] = Math.min(hi[a]!, Math.max(lo[a]!, d[a]! + t * step[r]!))
        })
        const cv = M(cand)
        if (cv < v) {
          next = cand
          nv = cv
          break
        }
        t /= 2
      }
      if (next === d) break
      const gain = v - nv
      d = next
      v = nv
      if (gain < 1e-10 * Math.max(1, Math.abs(v))) break
    }
    return { d, value: v }
  }
  return { at0: M(new Float64Array(P)), minimise }
}

export interface ScoringOptions {
  /** Simulations the optimiser may spend, including the start's. */
  readonly budget: number
  /** Stop when the linearised model promises less than this decrease of the total negative log-likelihood. */
  readonly tolFun: number
  /** Stop when the trust box is under this share of every parameter's range. */
  readonly tolX: number
  /** The initial trust box, as a share of each range. @default 0.2 */
  readonly radius?: number | undefined
  /** Called after each batch with the simulations spent so far. */
  readonly onSimulations?: ((n: number) => void) | undefined
}

export type ScoringStop = "tolFun" | "tolX" | "budget"

export interface ScoringResult {
  /** The start, evaluated. */
  readonly start: Evaluated
  /** The best point, evaluated (its simulations serve the intervals and the check). */
  readonly best: Evaluated
  readonly simulations: number
  readonly iterations: number
  readonly stopped: ScoringStop
}

/**
 * Minimise the objective from x0 (see the module's comment), or from an already evaluated start.
 *
 * @example
 * const r = yield* scoring(tg, fit, params, structureOf(s, params), simulate, x0, { budget: 300, tolFun: 0.05, tolX: 2e-3 })
 * r.best.x // the estimate; r.best.center its simulated counts
 */
export const scoring = (
  tg: Targets,
  obs: Observed,
  params: ReadonlyArray<FreeParameter>,
  st: Structure,
  simulate: Simulate,
  x0: Float64Array,
  o: ScoringOptions
) =>
  Effect.gen(function* () {
    const P = params.length
    const cost = simulationsPerPoint(st)
    const start = yield* evaluate(tg, obs, params, st, simulate, x0)
    let sims = cost
    o.onSimulations?.(sims)
    let cur = start
    let radius = o.radius ?? 0.2
    let iterations = 0
    let stopped: ScoringStop = "budget"
    const range = params.map((p) => p.bounds[1] - p.bounds[0])
    for (;;) {
      const lin = model(tg, obs, params, cur)
      const lo = Float64Array.from(params, (p, i) => Math.max(p.bounds[0] - cur.x[i]!, -radius * range[i]!))
      const hi = Float64Array.from(params, (p, i) => Math.min(p.bounds[1] - cur.x[i]!, radius * range[i]!))
      const { d, value } = lin.minimise(lo, hi)
      const predicted = lin.at0 - value
      if (!(predicted >= o.tolFun)) {
        stopped = "tolFun"
        break
      }
      if (sims + cost > o.budget) break
      iterations++
      const x = Float64Array.from(cur.x, (xi, i) => Math.min(params[i]!.bounds[1], Math.max(params[i]!.bounds[0], xi + d[i]!)))
      // A large promised decrease: the point and its Jacobian in one batch. A small one (near the
      // optimum, where the simulations' graininess refuses more steps): the point alone first.
      let next: Evaluated | undefined
      let rho: number
      if (predicted > SPECULATE) {
        next = yield* evaluate(tg, obs, params, st, simulate, x)
        sims += cost
        rho = (cur.value - next.value) / predicted
      } else {
        const [center] = yield* simulate([x])
        sims += 1
        const c = center as Float64Array
        rho = (cur.value - (negLogLik(tg, obs, c) + priorPenalty(params, x))) / predicted
        if (rho > 0.1) {
          o.onSimulations?.(sims)
          next = yield* jacobianAt(tg, obs, params, st, simulate, x, c)
          sims += cost - 1
        }
      }
      o.onSimulations?.(sims)
      let reach = 0
      for (let i = 0; i < P; i++) reach = Math.max(reach, Math.abs(d[i]!) / range[i]!)
      if (rho > 0.1 && next !== undefined) cur = next
      if (rho < 0.25) radius = Math.min(radius, reach) / 4
      else if (rho > 0.75 && reach >= 0.99 * radius) radius = Math.min(1, 2 * radius)
      if (radius < o.tolX) {
        stopped = "tolX"
        break
      }
    }
    return { start, best: cur, simulations: sims, iterations, stopped } satisfies ScoringResult
  })
