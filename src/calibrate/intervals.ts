/**
 * Intervals of the fitted parameters: a parametric bootstrap whose refits run on the simulated
 * response along each parameter, not on a straight line through the estimate.
 *
 * Around the estimate θ̂ the answer shares are simulated (common random numbers) at points along
 * each parameter's axis, the others held at θ̂: the Jacobian's points, `STEP` of the range either
 * side, and further out at `AXIS` shares of the range (clamped to the bounds). Between the points
 * the shares are interpolated linearly, beyond the last one extrapolated with its slope, and the
 * axes add up: p(θ) = p̂ + Σ_a Δ_a(θ_a). This keeps what a straight line loses: an expectation
 * level's effect on the answers is kinked at the zone's edges and saturates on the side where
 * the expectation is easily met (a must-be need exceeded earns little), so the answers barely
 * move one way and move a lot the other. A linearised model, its slope taken where the response
 * is steep, would refit replicates too close to θ̂ on the flat side and give an interval too
 * narrow there (measured: bench/RESULTS.md, Calibration (b)).
 *
 * Then B bootstrap surveys are drawn from the fitted shares p̂: per segment and outcome, n
 * answers (n the Kish effective number of the fit respondents who answered) from a multinomial.
 * Each is refitted by Fisher-scoring steps from θ̂ on that model, with no new simulation:
 * θ ← θ + I⁻¹U, U the score Σ c_j g_j / p_j(θ) (minus the priors' gradient), I = Σ n g_jᵀg_j / p_j(θ)
 * (plus the priors' 1/sd²), g the local slopes, each step halved until the model's negative
 * log-likelihood does not rise, θ kept within its bounds. The percentile interval on this model
 * is the right one when the shares, not the parameter, are near normal (a parameter whose effect
 * saturates: its interval then runs up to the bound on the flat side, as the data allow).
 *
 * Simulation noise: the simulated shares come from finitely many customers (m per segment), and
 * under common random numbers that error is one draw shared by every evaluation (a bias of the
 * objective, not a jitter). Each replicate therefore also draws the shares at θ̂ anew (p̂ above
 * replaced by that draw), from the Dirichlet of the smoothed counts, α_j = m_j + ½ (the shares'
 * posterior under the objective's smoothing: variance ≈ p(1 − p)/m as for m fresh customers, and
 * never a share ≤ 0). It widens the intervals as it should (few customers per evaluation: wider
 * intervals). The model's shares are kept above the smoothing's least share, ½ / (m + K/2).
 *
 * The 95% interval is the 2.5% and 97.5% quantiles of the refitted values. Each parameter is
 * then classified: "at-bound" (the estimate within 0.5% of the range from a bound), "flat" (its
 * interval covers more than 75% of the range), "correlated" (its refitted values correlate with
 * another parameter's at |r| ≥ 0.95: only a combination is pinned down), else "identified".
 */
import type { Tally } from "../engine/calibrationJob.js"
import { gamma } from "../engine/distributions.js"
import { keyOf, seededUniform } from "../design/seededUniform.js"
import type { Interval, ParameterEstimate } from "./CalibrationResult.js"
import { share, SMOOTHING } from "./objective.js"
import type { Observed, Targets } from "./observed.js"
import type { FreeParameter } from "./parameters.js"

/** Finite-difference step, as a share of each parameter's range. */
export const STEP = 0.05
/** Fisher-scoring steps of a refit on the straight-line model (the Jacobian alone). */
export const STEPS = 4
/** Fisher-scoring steps of a bootstrap refit, at most. */
export const REFIT_STEPS = 12
/** Further points along each parameter's axis, as shares of its range either side of the estimate (beyond the Jacobian's `STEP`). */
export const AXIS = [0.15, 0.35, 0.6] as const

export const INTERVAL_METHOD = "parametric bootstrap, refits on the simulated response along each parameter (piecewise linear, Fisher scoring), simulation noise included"

/** The points at which the Jacobian is simulated: for each parameter, the estimate moved up, then down (clamped to the bounds). */
export const jacobianPoints = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>): Float64Array[] =>
  params.flatMap((p, i) => {
    const h = STEP * (p.bounds[1] - p.bounds[0])
    const up = Float64Array.from(x)
    const down = Float64Array.from(x)
    up[i] = Math.min(p.bounds[1], (x[i] as number) + h)
    down[i] = Math.max(p.bounds[0], (x[i] as number) - h)
    return [up, down]
  })

/**
 * The further points along each parameter's axis (the others at `x`): for each parameter, `AXIS`
 * shares of its range below then above `x`, clamped to the bounds, leaving out values already
 * simulated (the estimate, the Jacobian's points, a repeat after clamping).
 */
export const axisPoints = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>): Float64Array[] => {
  const jac = jacobianPoints(params, x)
  return params.flatMap((p, i) => {
    const r = p.bounds[1] - p.bounds[0]
    const xi = x[i] as number
    const seen = [xi, (jac[2 * i] as Float64Array)[i] as number, (jac[2 * i + 1] as Float64Array)[i] as number]
    const out: Float64Array[] = []
    for (const v of [...AXIS.map((a) => xi - a * r), ...AXIS.map((a) => xi + a * r)]) {
      const c = Math.min(p.bounds[1], Math.max(p.bounds[0], v))
      if (seen.some((w) => Math.abs(w - c) <= 1e-9 * r)) continue
      seen.push(c)
      const y = Float64Array.from(x)
      y[i] = c
      out.push(y)
    }
    return out
  })
}

/**
 * Solve (A + ridge·I)·y = b, A n×n row-major, by Gaussian elimination with partial pivoting; a
 * zero pivot leaves its unknown at 0. The optimiser's steps and the bootstrap's refits both use it.
 */
export const solveRidge = (A: Float64Array, b: Float64Array, n: number, ridge: number): Float64Array => {
  const M = Float64Array.from(A)
  for (let i = 0; i < n; i++) M[i * n + i] = M[i * n + i]! + ridge
  const y = Float64Array.from(b)
  for (let c = 0; c < n; c++) {
    let piv = c
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]!) > Math.abs(M[piv * n + c]!)) piv = r
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        const t = M[c * n + k]!
        M[c * n + k] = M[piv * n + k]!
        M[piv * n + k] = t
      }
      const t = y[c]!
      y[c] = y[piv]!
      y[piv] = t
    }
    const d = M[c * n + c]!
    if (d === 0) continue
    for (let r = c + 1; r < n; r++) {
      const f = M[r * n + c]! / d
      if (f === 0) continue
      for (let k = c; k < n; k++) M[r * n + k] = M[r * n + k]! - f * M[c * n + k]!
      y[r] = y[r]! - f * y[c]!
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = y[r]!
    for (let k = r + 1; k < n; k++) s -= M[r * n + k]! * y[k]!
    const d = M[r * n + r]!
    y[r] = d === 0 ? 0 : s / d
  }
  return y
}

/** Solve (A + a ridge of 1e-9 of its largest diagonal)·y = b. */
const solve = (A: Float64Array, b: Float64Array, n: number): Float64Array => {
  let maxDiag = 0
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(A[i * n + i]!))
  return solveRidge(A, b, n, 1e-9 * maxDiag + 1e-12)
}

const quantile = (sorted: ReadonlyArray<number>, q: number): number => {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number))
}

/** One segment–outcome cell of the fit: where its categories sit, how many answered, how many customers simulated it. */
interface Cell {
  readonly at: number
  readonly K: number
  /** Kish effective number of answers. */
  readonly n: number
  /** Simulated customers of the segment. */
  readonly m: number
  /** Index of its first category in the flattened shares. */
  readonly first: number
}

export interface IntervalInput {
  readonly targets: Targets
  /** The fit respondents. */
  readonly observed: Observed
  readonly params: ReadonlyArray<FreeParameter>
  readonly estimate: ArrayLike<number>
  /** Simulated counts at the estimate. */
  readonly center: Float64Array
  /** Points of `jacobianPoints(params, estimate)` and their simulated counts. */
  readonly points: ReadonlyArray<Float64Array>
  readonly simulated: ReadonlyArray<Float64Array>
  /** Points of `axisPoints(params, estimate)` and their simulated counts. @default none: the Jacobian's points only */
  readonly axis?: { readonly points: ReadonlyArray<Float64Array>; readonly simulated: ReadonlyArray<Float64Array> } | undefined
  readonly replicates: number
  readonly seed: number
}

/** The linearised model at the estimate: cells, shares p̂, Jacobian, information, and the Fisher-scoring refit. */
const linearised = (inp: Omit<IntervalInput, "replicates" | "seed">) => {
  const { targets: tg, observed: obs, params, estimate } = inp
  const P = params.length
  const per = tg.layout.perSegment
  const T = tg.tallies.length
  const cells: Cell[] = []
  let S = 0
  for (let p = 0; p < tg.personas; p++) {
    const m = inp.center[p * per] as number
    for (let t = 0; t < T; t++) {
      const w = obs.weight[p * T + t] as number
      if (!(w > 0)) continue
      const n = Math.max(1, Math.round((w * w) / (obs.weightSq[p * T + t] as number)))
      const K = (tg.tallies[t] as Tally).categories
      cells.push({ at: p * per + (tg.layout.offsets[t] as number), K, n, m, first: S })
      S += K
    }
  }
  const sharesOf = (sim: Float64Array): Float64Array => {
    const out = new Float64Array(S)
    for (const c of cells) {
      const m = sim[c.at - (c.at % per)] as number
      for (let j = 0; j < c.K; j++) out[c.first + j] = share(sim, c.at, c.K, m, j)
    }
    return out
  }
  const p0 = sharesOf(inp.center)
  // J: S × P, row-major.
  const J = new Float64Array(S * P)
  for (let i = 0; i < P; i++) {
    const up = inp.points[2 * i] as Float64Array
    const down = inp.points[2 * i + 1] as Float64Array
    const dx = (up[i] as number) - (down[i] as number)
    if (dx === 0) continue
    const su = sharesOf(inp.simulated[2 * i] as Float64Array)
    const sd = sharesOf(inp.simulated[2 * i + 1] as Float64Array)
    for (let s = 0; s < S; s++) J[s * P + i] = (su[s]! - sd[s]!) / dx
  }
  // Fisher information at the estimate, with the priors.
  const I = new Float64Array(P * P)
  for (const c of cells) {
    for (let j = 0; j < c.K; j++) {
      const s = c.first + j
      const f = c.n / p0[s]!
      for (let a = 0; a < P; a++) {
        const ja = J[s * P + a]!
        if (ja === 0) continue
        for (let b = 0; b < P; b++) I[a * P + b] = I[a * P + b]! + f * ja * J[s * P + b]!
      }
    }
  }
  params.forEach((p, i) => {
    if (p.prior !== undefined) I[i * P + i] = I[i * P + i]! + 1 / (p.prior.sd * p.prior.sd)
  })

  // The least share the smoothing gives a category: the linearised shares are kept above it.
  const floor = new Float64Array(S)
  for (const c of cells) for (let j = 0; j < c.K; j++) floor[c.first + j] = SMOOTHING / (Math.max(1, c.m) + SMOOTHING * c.K)
  /** STEPS Fisher-scoring steps from the estimate for answer counts `counts` and shares at the estimate `base`. */
  const refit = (counts: Float64Array, base: Float64Array): Float64Array => {
    const theta = Float64Array.from(estimate)
    for (let step = 0; step < STEPS; step++) {
      const U = new Float64Array(P)
      for (let s = 0; s < S; s++) {
        let ps = base[s]!
        for (let a = 0; a < P; a++) ps += J[s * P + a]! * (theta[a]! - (estimate[a] as number))
        const f = counts[s]! / Math.max(ps, floor[s]!)
        if (f === 0) continue
        for (let a = 0; a < P; a++) U[a] = U[a]! + f * J[s * P + a]!
      }
      params.forEach((p, i) => {
        if (p.prior !== undefined) U[i] = U[i]! - (theta[i]! - p.prior.mean) / (p.prior.sd * p.prior.sd)
      })
      const d = solve(I, U, P)
      for (let a = 0; a < P; a++) {
        const [lo, hi] = (params[a] as FreeParameter).bounds
        theta[a] = Math.min(hi, Math.max(lo, theta[a]! + d[a]!))
      }
    }
    return theta
  }
  return { cells, S, p0, sharesOf, floor, refit }
}

/** One parameter's simulated response: its values in ascending order, the shares at each, the slope of each segment between them. */
interface Axis {
  readonly v: ReadonlyArray<number>
  readonly q: ReadonlyArray<Float64Array>
  readonly slope: ReadonlyArray<Float64Array>
}

/**
 * The model of the bootstrap's refits: p(θ) = base + Σ_a (q_a(θ_a) − p̂), q_a the shares along
 * parameter a's axis, piecewise linear through its simulated points (see the module's comment).
 * Returns the refit for answer counts `counts` and shares at the estimate `base`.
 */
const additive = (inp: Omit<IntervalInput, "replicates" | "seed">, lin: ReturnType<typeof linearised>) => {
  const { params, estimate } = inp
  const P = params.length
  const { cells, S, p0, sharesOf, floor } = lin
  const pts = [...inp.points, ...(inp.axis?.points ?? [])]
  const sims = [...inp.simulated, ...(inp.axis?.simulated ?? [])]
  const axes: Axis[] = params.map((p, a) => {
    const range = p.bounds[1] - p.bounds[0]
    const knots: { v: number; q: Float64Array }[] = [{ v: estimate[a] as number, q: p0 }]
    pts.forEach((x, k) => {
      // A point of this axis: only parameter a differs from the estimate.
      if (!params.every((_, b) => (b === a) !== ((x[b] as number) === (estimate[b] as number)))) return
      const v = x[a] as number
      if (knots.some((kn) => Math.abs(kn.v - v) <= 1e-9 * range)) return
      knots.push({ v, q: sharesOf(sims[k] as Float64Array) })
    })
    knots.sort((x, y) => x.v - y.v)
    const slope: Float64Array[] = []
    for (let k = 0; k + 1 < knots.length; k++) {
      const lo = knots[k] as (typeof knots)[number]
      const hi = knots[k + 1] as (typeof knots)[number]
      const g = new Float64Array(S)
      for (let j = 0; j < S; j++) g[j] = (hi.q[j]! - lo.q[j]!) / (hi.v - lo.v)
      slope.push(g)
    }
    return { v: knots.map((k) => k.v), q: knots.map((k) => k.q), slope }
  })
  const zero = new Float64Array(S)
  /** Segment of axis a holding v (extrapolating beyond the ends), and whether v sits on an interior knot. */
  const segmentOf = (ax: Axis, v: number): { k: number; knot: boolean } => {
    const L = ax.slope.length
    if (L === 0) return { k: -1, knot: false }
    let k = 0
    while (k < L - 1 && v >= ax.v[k + 1]!) k++
    return { k, knot: k > 0 && v === ax.v[k] }
  }
  /** p(θ) into `out` and the local slopes (S × P, row-major) into `G`. */
  const model = (theta: ArrayLike<number>, base: Float64Array, out: Float64Array, G: Float64Array | undefined): void => {
    out.set(base)
    for (let a = 0; a < P; a++) {
      const ax = axes[a] as Axis
      const v = theta[a] as number
      const { k, knot } = segmentOf(ax, v)
      const g = k < 0 ? zero : (ax.slope[k] as Float64Array)
      const gPrev = knot ? (ax.slope[k - 1] as Float64Array) : g
      const q = k < 0 ? p0 : (ax.q[k] as Float64Array)
      const vk = k < 0 ? v : (ax.v[k] as number)
      for (let s = 0; s < S; s++) {
        out[s] = out[s]! + q[s]! + (v - vk) * g[s]! - p0[s]!
        if (G !== undefined) G[s * P + a] = knot ? 0.5 * (g[s]! + gPrev[s]!) : g[s]!
      }
    }
    for (let s = 0; s < S; s++) out[s] = Math.max(out[s]!, floor[s]!)
  }
  const cellN = new Float64Array(S)
  for (const c of cells) for (let j = 0; j < c.K; j++) cellN[c.first + j] = c.n
  const ps = new Float64Array(S)
  const G = new Float64Array(S * P)
  const U = new Float64Array(P)
  const I = new Float64Array(P * P)
  const nll = (theta: ArrayLike<number>, counts: Float64Array, base: Float64Array): number => {
    model(theta, base, ps, undefined)
    let l = 0
    for (let s = 0; s < S; s++) if (counts[s]! > 0) l -= counts[s]! * Math.log(ps[s]!)
    params.forEach((p, i) => {
      if (p.prior !== undefined) l += (0.5 * ((theta[i] as number) - p.prior.mean) ** 2) / (p.prior.sd * p.prior.sd)
    })
    return l
  }
  /** Fisher-scoring steps from the estimate, each halved until the model's negative log-likelihood does not rise. */
  const refit = (counts: Float64Array, base: Float64Array): Float64Array => {
    let theta = Float64Array.from(estimate)
    let l0 = nll(theta, counts, base)
    for (let step = 0; step < REFIT_STEPS; step++) {
      model(theta, base, ps, G)
      U.fill(0)
      I.fill(0)
      for (let s = 0; s < S; s++) {
        const f = counts[s]! / ps[s]!
        const h = cellN[s]! / ps[s]!
        for (let a = 0; a < P; a++) {
          const ga = G[s * P + a]!
          if (ga === 0) continue
          U[a] = U[a]! + f * ga
          for (let b = 0; b < P; b++) I[a * P + b] = I[a * P + b]! + h * ga * G[s * P + b]!
        }
      }
      params.forEach((p, i) => {
        if (p.prior === undefined) return
        U[i] = U[i]! - (theta[i]! - p.prior.mean) / (p.prior.sd * p.prior.sd)
        I[i * P + i] = I[i * P + i]! + 1 / (p.prior.sd * p.prior.sd)
      })
      const d = solve(I, U, P)
      let t = 1
      let moved = false
      for (let half = 0; half < 10; half++, t /= 2) {
        const cand = new Float64Array(P)
        for (let a = 0; a < P; a++) {
          const [lo, hi] = (params[a] as FreeParameter).bounds
          cand[a] = Math.min(hi, Math.max(lo, theta[a]! + t * d[a]!))
        }
        const l = nll(cand, counts, base)
        if (l <= l0 + 1e-12 * Math.abs(l0)) {
          let big = 0
          for (let a = 0; a < P; a++) {
            const [lo, hi] = (params[a] as FreeParameter).bounds
            big = Math.max(big, Math.abs(cand[a]! - theta[a]!) / (hi - lo))
          }
          theta = cand
          l0 = l
          moved = big > 1e-7
          break
        }
      }
      if (!moved) break
    }
    return theta
  }
  return refit
}

/** The intervals and the classification of each parameter (see the module's comment). */
export const bootstrapIntervals = (inp: IntervalInput): ParameterEstimate[] => {
  const { params, estimate } = inp
  const P = params.length
  const lin = linearised(inp)
  const { cells, S, p0 } = lin
  const refit = additive(inp, lin)
  const u = seededUniform(inp.seed, keyOf("calibration-bootstrap"))
  const B = inp.replicates
  const draws = params.map(() => new Float64Array(B))
  const counts = new Float64Array(S)
  const base = new Float64Array(S)
  const maxK = Math.max(1, ...cells.map((c) => c.K))
  const cdf = new Float64Array(maxK)
  const z = new Float64Array(maxK)
  for (let b = 0; b < B; b++) {
    for (const c of cells) {
      // The bootstrap survey: n answers from the fitted shares.
      let acc = 0
      for (let j = 0; j < c.K; j++) {
        acc += p0[c.first + j]!
        cdf[j] = acc
        counts[c.first + j] = 0
      }
      for (let r = 0; r < c.n; r++) {
        const v = u() * acc
        let j = 0
        while (j < c.K - 1 && v > cdf[j]!) j++
        counts[c.first + j] = counts[c.first + j]! + 1
      }
      // The simulated shares' own sampling error: a Dirichlet draw around the smoothed counts of m customers.
      let g = 0
      for (let j = 0; j < c.K; j++) {
        z[j] = gamma(p0[c.first + j]! * (Math.max(1, c.m) + SMOOTHING * c.K), u)
        g += z[j]!
      }
      for (let j = 0; j < c.K; j++) base[c.first + j] = z[j]! / g
    }
    const theta = refit(counts, base)
    for (let a = 0; a < P; a++) (draws[a] as Float64Array)[b] = theta[a]!
  }

  const mean = draws.map((d) => d.reduce((s, v) => s + v, 0) / B)
  const corr = (a: number, c: number): number => {
    let sab = 0
    let saa = 0
    let scc = 0
    for (let b = 0; b < B; b++) {
      const x = draws[a]![b]! - mean[a]!
      const y = draws[c]![b]! - mean[c]!
      sab += x * y
      saa += x * x
      scc += y * y
    }
    return saa > 0 && scc > 0 ? sab / Math.sqrt(saa * scc) : 0
  }
  return params.map((p, i) => {
    const sorted = Array.from(draws[i] as Float64Array).sort((a, b) => a - b)
    const value = estimate[i] as number
    const est: Interval = { value, lower: Math.min(value, quantile(sorted, 0.025)), upper: Math.max(value, quantile(sorted, 0.975)) }
    const range = p.bounds[1] - p.bounds[0]
    let status: ParameterEstimate["status"] = "identified"
    let partner: string | undefined
    if (value - p.bounds[0] <= 0.005 * range || p.bounds[1] - value <= 0.005 * range) status = "at-bound"
    else if (est.upper - est.lower > 0.75 * range) status = "flat"
    else {
      let best = 0
      for (let k = 0; k < P; k++) {
        if (k === i) continue
        const r = Math.abs(corr(i, k))
        if (r >= 0.95 && r > best) {
          best = r
          partner = (params[k] as FreeParameter).path
        }
      }
      if (partner !== undefined) status = "correlated"
    }
    return { path: p.path, bounds: p.bounds, start: p.start, estimate: est, status, ...(partner === undefined ? {} : { with: partner }) }
  })
}
