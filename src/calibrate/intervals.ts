/**
 * Intervals of the fitted parameters: a bootstrap of respondents whose refits run on the
 * simulated response surface around the estimate, widened to the profile likelihood's interval
 * where that is wider.
 *
 * The response surface. Around the estimate θ̂ the answer shares are simulated (common random
 * numbers) at points along each parameter's axis, the others held at θ̂ (the Jacobian's points,
 * `STEP` of the range either side, and further out: surface.ts), and on a small 2-D grid for
 * every pair of parameters that move the same segment (two parameters of one persona, or a
 * scenario-level one with any other). Along an axis the shares are interpolated linearly
 * between the points and extrapolated with the last slope beyond them; a pair's grid holds what
 * the two axes do not explain, q_ab − q_a − q_b + p̂, interpolated bilinearly (held at the grid's
 * edge beyond it), in the segments both move. So
 *   p(θ) = p̂ + Σ_a (q_a(θ_a) − p̂) + Σ_ab r_ab(θ_a, θ_b).
 * The axes keep what a straight line loses: an expectation level's effect on the answers is
 * kinked at the zone's edges and saturates where the expectation is easily met, so the answers
 * barely move one way and move a lot the other. The pairs follow the curved valley between two
 * parameters that trade off (a higher expectation with a kinder satisfaction mapping), which a
 * sum of axes cannot: without them a refit moving along the valley is held near θ̂, and the
 * interval is too narrow (measured: bench/RESULTS.md, Calibration (b)).
 *
 * The bootstrap. Each replicate resamples the fit respondents with replacement within each
 * segment, every respondent with all its answers (CSAT, likelihood to recommend, churn... of one
 * customer move together: they all follow the same satisfaction). The objective adds the
 * outcomes' log-likelihoods as if they were independent, which overstates what the survey tells
 * when they are correlated; resampling whole respondents carries their real dependence into the
 * refits (the bootstrap's answer to a composite likelihood; Varin, Reid & Firth 2011). Without
 * respondents (a caller with counts only), the answers of each segment and outcome are drawn
 * from the fitted shares independently (a parametric bootstrap of cells).
 * Each resampled survey is refitted by Fisher-scoring steps from θ̂ on the surface, with no new
 * simulation: θ ← θ + I⁻¹U, U the score Σ c_j g_j / p_j(θ) (minus the priors' gradient),
 * I = Σ n g_jᵀg_j / p_j(θ) (plus the priors' 1/sd²), g the surface's local slopes, each step halved
 * until the surface's negative log-likelihood does not rise, θ kept within its bounds.
 *
 * Simulation noise: the simulated shares come from finitely many customers (m per segment), and
 * under common random numbers that error is one draw shared by every evaluation (a bias of the
 * objective, not a jitter). Each replicate therefore also draws the shares at θ̂ anew (p̂ above
 * replaced by that draw), from the Dirichlet of the smoothed counts, α_j = m_j + ½ (variance
 * ≈ p(1 − p)/m as for m fresh customers, and never a share ≤ 0): fewer customers per evaluation
 * give wider intervals. The surface's shares are kept above the smoothing's least share,
 * ½ / (m + K/2).
 *
 * The 95% interval is the 2.5% and 97.5% quantiles of the refitted values, recentred on the
 * estimate (the surface interpolates simulations a step apart, so its own fit of the answers lies
 * a little off the optimiser's, and the refits spread around it), then widened where the profile
 * likelihood's interval on the surface reaches further: the fit respondents' answers, the other
 * parameters refitted at each value, deviance 2·ΔNLL ≤ 3.84·k, 3.84 = χ²₁(95%) and k the
 * parameter's sandwich over naive variance (Chandler & Bate 2007: the objective is a composite
 * likelihood, its outcomes of one respondent correlated, and the simulated shares have their own
 * noise). A floor for a parameter whose bootstrap distribution piles up against a kink or a bound.
 * Each parameter is then classified: "at-bound" (the estimate within 0.5% of the range from a
 * bound), "flat" (its interval covers more than 75% of the range), "correlated" (its refitted
 * values correlate with another parameter's at |r| ≥ 0.95: only a combination is pinned down),
 * else "identified".
 *
 * Cost: B refits of at most `REFIT_STEPS` steps, each O(S·P² + S·pairs), S the answer shares;
 * then per parameter a few profile refits. No simulation: surface.ts says which are made.
 */
import type { Tally } from "../engine/calibrationJob.js"
import { gamma } from "../engine/distributions.js"
import { keyOf, seededUniform } from "../design/seededUniform.js"
import type { Interval, ParameterEstimate } from "./CalibrationResult.js"
import { share, SMOOTHING } from "./objective.js"
import type { Observed, Respondents, Targets } from "./observed.js"
import type { FreeParameter } from "./parameters.js"

/** Finite-difference step, as a share of each parameter's range. */
export const STEP = 0.05
/** Fisher-scoring steps of a bootstrap refit, at most. */
export const REFIT_STEPS = 16
/** Further points along each parameter's axis, as shares of its range either side of the estimate (beyond the Jacobian's `STEP`). */
export const AXIS = [0.15, 0.35, 0.6] as const
/** The profile likelihood's bound on the deviance: χ²₁ at 95%. */
export const PROFILE_DEVIANCE = 3.84

export const INTERVAL_METHOD =
  "bootstrap of respondents (each with all its answers, within segments), refits on the simulated response surface (each parameter's axis piecewise linear, pairs that move one segment on 2-D grids, Fisher scoring), simulation noise included; widened to the adjusted profile likelihood (deviance 3.84 × sandwich/naive variance) where wider"

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
 * Per parameter, the further values along its axis: `AXIS` shares of its range below then above
 * `x`, clamped to the bounds, leaving out values already simulated (the estimate, the Jacobian's
 * points, a repeat after clamping).
 */
export const axisValues = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>): number[][] => {
  const jac = jacobianPoints(params, x)
  return params.map((p, i) => {
    const r = p.bounds[1] - p.bounds[0]
    const xi = x[i] as number
    const seen = [xi, (jac[2 * i] as Float64Array)[i] as number, (jac[2 * i + 1] as Float64Array)[i] as number]
    const out: number[] = []
    for (const v of [...AXIS.map((a) => xi - a * r), ...AXIS.map((a) => xi + a * r)]) {
      const c = Math.min(p.bounds[1], Math.max(p.bounds[0], v))
      if (seen.some((w) => Math.abs(w - c) <= 1e-9 * r)) continue
      seen.push(c)
      out.push(c)
    }
    return out
  })
}

/** `axisValues` as points, one parameter moved at a time (the others at `x`). */
export const axisPoints = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>): Float64Array[] =>
  axisValues(params, x).flatMap((vs, i) =>
    vs.map((v) => {
      const y = Float64Array.from(x)
      y[i] = v
      return y
    })
  )

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

/** The q-quantile of sorted values, interpolated linearly. */
export const quantile = (sorted: ArrayLike<number>, q: number): number => {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number))
}

/** One segment–outcome cell of the fit: where its categories sit, how many answered, how many customers simulated it. */
interface Cell {
  readonly at: number
  readonly K: number
  /** Its persona's index. */
  readonly persona: number
  /** Its tally's index. */
  readonly tally: number
  /** Kish effective number of answers. */
  readonly n: number
  /** Simulated customers of the segment. */
  readonly m: number
  /** Index of its first category in the flattened shares. */
  readonly first: number
}

export interface IntervalInput {
  readonly targets: Targets
  /** The fit respondents' counts. */
  readonly observed: Observed
  /** The fit respondents one by one, resampled whole by the bootstrap. @default none: the cells' answers drawn independently from the fitted shares */
  readonly respondents?: Respondents | undefined
  readonly params: ReadonlyArray<FreeParameter>
  /** Per parameter: the one persona whose answers it moves, or −1 (every persona's; scoring.ts `structureOf`). @default every parameter −1 */
  readonly persona?: ReadonlyArray<number> | undefined
  readonly estimate: ArrayLike<number>
  /** Simulated counts at the estimate. */
  readonly center: Float64Array
  /** Points of `jacobianPoints(params, estimate)` and their simulated counts. */
  readonly points: ReadonlyArray<Float64Array>
  readonly simulated: ReadonlyArray<Float64Array>
  /**
   * More of the surface: points where one parameter differs from the estimate (its axis) or two
   * (their pair's grid), with their simulated counts. @default none: the Jacobian's points only
   */
  readonly surface?: { readonly points: ReadonlyArray<Float64Array>; readonly simulated: ReadonlyArray<Float64Array> } | undefined
  /** Widen to the profile likelihood's interval where wider. @default true */
  readonly profile?: boolean | undefined
  readonly replicates: number
  readonly seed: number
}

/** The cells of the fit and the shares at the estimate. */
const cellsOf = (inp: IntervalInput) => {
  const { targets: tg, observed: obs } = inp
  const per = tg.layout.perSegment
  const T = tg.tallies.length
  const cells: Cell[] = []
  /** Per persona and tally (p·T + t): index of its cell's first share, −1 when no answer. */
  const firstOf = new Int32Array(tg.personas * T).fill(-1)
  let S = 0
  for (let p = 0; p < tg.personas; p++) {
    const m = inp.center[p * per] as number
    for (let t = 0; t < T; t++) {
      const w = obs.weight[p * T + t] as number
      if (!(w > 0)) continue
      const n = Math.max(1, Math.round((w * w) / (obs.weightSq[p * T + t] as number)))
      const K = (tg.tallies[t] as Tally).categories
      cells.push({ at: p * per + (tg.layout.offsets[t] as number), K, persona: p, tally: t, n, m, first: S })
      firstOf[p * T + t] = S
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
  // The least share the smoothing gives a category: the surface's shares are kept above it.
  const floor = new Float64Array(S)
  for (const c of cells) for (let j = 0; j < c.K; j++) floor[c.first + j] = SMOOTHING / (Math.max(1, c.m) + SMOOTHING * c.K)
  return { cells, firstOf, S, p0: sharesOf(inp.center), sharesOf, floor }
}

/** One parameter's simulated response: its values in ascending order, the shares at each, the slope of each segment between them. */
interface Axis {
  readonly v: ReadonlyArray<number>
  readonly q: ReadonlyArray<Float64Array>
  readonly slope: ReadonlyArray<Float64Array>
}

/** A pair's residual grid: node values of each parameter (the estimate's among them), and per node the residual on the shares `idx`. */
interface Pair {
  readonly a: number
  readonly b: number
  readonly u: ReadonlyArray<number>
  readonly v: ReadonlyArray<number>
  /** Node (i, j) at i·v.length + j. */
  readonly r: ReadonlyArray<Float64Array>
  /** The shares of the segments both parameters move. */
  readonly idx: Int32Array
}

/** Segment k of knots `xs` holding v (0 and the last segment extend beyond the ends), or −1 with fewer than two knots. */
const segmentIn = (xs: ReadonlyArray<number>, v: number): number => {
  const L = xs.length - 1
  if (L < 1) return -1
  let k = 0
  while (k < L - 1 && v >= xs[k + 1]!) k++
  return k
}

/**
 * The response surface (see the module's comment) and the refit on it: for answer counts and
 * shares at the estimate `base`, Fisher-scoring steps from `start`, with parameter `fixed` (if
 * any) held.
 */
const surfaceOf = (inp: IntervalInput, cs: ReturnType<typeof cellsOf>) => {
  const { params, estimate } = inp
  const P = params.length
  const { cells, S, p0, sharesOf, floor } = cs
  const pts = [...inp.points, ...(inp.surface?.points ?? [])]
  const sims = [...inp.simulated, ...(inp.surface?.simulated ?? [])]
  const moved = (x: Float64Array): number[] => {
    const out: number[] = []
    for (let b = 0; b < P; b++) if ((x[b] as number) !== (estimate[b] as number)) out.push(b)
    return out
  }
  const axes: Axis[] = params.map((p, a) => {
    const range = p.bounds[1] - p.bounds[0]
    const knots: { v: number; q: Float64Array }[] = [{ v: estimate[a] as number, q: p0 }]
    pts.forEach((x, k) => {
      const d = moved(x)
      if (d.length !== 1 || d[0] !== a) return
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
  /** The shares along axis a at v (setup only: it allocates). */
  const alongAxis = (a: number, v: number): Float64Array => {
    const ax = axes[a] as Axis
    const k = segmentIn(ax.v, v)
    if (k < 0) return p0
    const q = ax.q[k] as Float64Array
    const g = ax.slope[k] as Float64Array
    const dv = v - (ax.v[k] as number)
    return Float64Array.from(q, (x, s) => x + dv * g[s]!)
  }

  // The pairs' residual grids, in the segments both parameters move.
  const persona = inp.persona ?? params.map(() => -1)
  const movesPersona = (a: number, q: number) => (persona[a] as number) < 0 || persona[a] === q
  const byPair = new Map<number, { x: Float64Array; sim: Float64Array }[]>()
  pts.forEach((x, k) => {
    const d = moved(x)
    if (d.length !== 2) return
    const key = (d[0] as number) * P + (d[1] as number)
    const list = byPair.get(key) ?? []
    list.push({ x, sim: sims[k] as Float64Array })
    byPair.set(key, list)
  })
  const pairs: Pair[] = []
  for (const [key, list] of [...byPair.entries()].sort((x, y) => x[0] - y[0])) {
    const a = Math.floor(key / P)
    const b = key % P
    const idx: number[] = []
    for (const c of cells) if (movesPersona(a, c.persona) && movesPersona(b, c.persona)) for (let j = 0; j < c.K; j++) idx.push(c.first + j)
    if (idx.length === 0) continue
    const uniq = (vs: number[]) => [...new Set(vs)].sort((x, y) => x - y)
    const u = uniq([estimate[a] as number, ...list.map((e) => e.x[a] as number)])
    const v = uniq([estimate[b] as number, ...list.map((e) => e.x[b] as number)])
    const r: Float64Array[] = []
    for (const ui of u) {
      const qa = alongAxis(a, ui)
      for (const vj of v) {
        const node = new Float64Array(idx.length)
        const e = list.find((e) => e.x[a] === ui && e.x[b] === vj)
        if (e !== undefined) {
          const qab = sharesOf(e.sim)
          const qb = alongAxis(b, vj)
          idx.forEach((s, k) => {
            node[k] = qab[s]! - qa[s]! - qb[s]! + p0[s]!
          })
        }
        r.push(node)
      }
    }
    pairs.push({ a, b, u, v, r, idx: Int32Array.from(idx) })
  }

  const zero = new Float64Array(S)
  /** p(θ) into `out` and the local slopes (S × P, row-major) into `G`. */
  const model = (theta: ArrayLike<number>, base: Float64Array, out: Float64Array, G: Float64Array | undefined): void => {
    out.set(base)
    for (let a = 0; a < P; a++) {
      const ax = axes[a] as Axis
      const v = theta[a] as number
      const k = segmentIn(ax.v, v)
      const knot = k > 0 && v === ax.v[k]
      const g = k < 0 ? zero : (ax.slope[k] as Float64Array)
      const gPrev = knot ? (ax.slope[k - 1] as Float64Array) : g
      const q = k < 0 ? p0 : (ax.q[k] as Float64Array)
      const vk = k < 0 ? v : (ax.v[k] as number)
      for (let s = 0; s < S; s++) {
        out[s] = out[s]! + q[s]! + (v - vk) * g[s]! - p0[s]!
        if (G !== undefined) G[s * P + a] = knot ? 0.5 * (g[s]! + gPrev[s]!) : g[s]!
      }
    }
    for (const pr of pairs) {
      const ta = theta[pr.a] as number
      const tb = theta[pr.b] as number
      const i = segmentIn(pr.u, ta)
      const j = segmentIn(pr.v, tb)
      if (i < 0 || j < 0) continue
      const u0 = pr.u[i] as number
      const du = (pr.u[i + 1] as number) - u0
      const v0 = pr.v[j] as number
      const dv = (pr.v[j + 1] as number) - v0
      // Held at the grid's edge beyond it: no slope there.
      const inA = ta >= (pr.u[0] as number) && ta <= (pr.u[pr.u.length - 1] as number)
      const inB = tb >= (pr.v[0] as number) && tb <= (pr.v[pr.v.length - 1] as number)
      const t = Math.min(1, Math.max(0, (ta - u0) / du))
      const w = Math.min(1, Math.max(0, (tb - v0) / dv))
      const nv = pr.v.length
      const r00 = pr.r[i * nv + j] as Float64Array
      const r10 = pr.r[(i + 1) * nv + j] as Float64Array
      const r01 = pr.r[i * nv + j + 1] as Float64Array
      const r11 = pr.r[(i + 1) * nv + j + 1] as Float64Array
      for (let k = 0; k < pr.idx.length; k++) {
        const s = pr.idx[k]!
        const a0 = r00[k]! + t * (r10[k]! - r00[k]!)
        const a1 = r01[k]! + t * (r11[k]! - r01[k]!)
        out[s] = out[s]! + a0 + w * (a1 - a0)
        if (G !== undefined) {
          if (inA) G[s * P + pr.a] = G[s * P + pr.a]! + ((1 - w) * (r10[k]! - r00[k]!) + w * (r11[k]! - r01[k]!)) / du
          if (inB) G[s * P + pr.b] = G[s * P + pr.b]! + (a1 - a0) / dv
        }
      }
    }
    for (let s = 0; s < S; s++) out[s] = Math.max(out[s]!, floor[s]!)
  }
  const ps = new Float64Array(S)
  const G = new Float64Array(S * P)
  const U = new Float64Array(P)
  const I = new Float64Array(P * P)
  const cellTotal = new Float64Array(S)
  const nll = (theta: ArrayLike<number>, counts: Float64Array, base: Float64Array): number => {
    model(theta, base, ps, undefined)
    let l = 0
    for (let s = 0; s < S; s++) if (counts[s]! > 0) l -= counts[s]! * Math.log(ps[s]!)
    params.forEach((p, i) => {
      if (p.prior !== undefined) l += (0.5 * ((theta[i] as number) - p.prior.mean) ** 2) / (p.prior.sd * p.prior.sd)
    })
    return l
  }
  /** Fisher-scoring steps from `start`, each halved until the surface's negative log-likelihood does not rise; `fixed` held. */
  const refit = (counts: Float64Array, base: Float64Array, start: ArrayLike<number> = estimate, fixed = -1): Float64Array => {
    for (const c of cells) {
      let n = 0
      for (let j = 0; j < c.K; j++) n += counts[c.first + j]!
      for (let j = 0; j < c.K; j++) cellTotal[c.first + j] = n
    }
    let theta = Float64Array.from(start)
    let l0 = nll(theta, counts, base)
    for (let step = 0; step < REFIT_STEPS; step++) {
      model(theta, base, ps, G)
      U.fill(0)
      I.fill(0)
      for (let s = 0; s < S; s++) {
        const f = counts[s]! / ps[s]!
        const h = cellTotal[s]! / ps[s]!
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
      if (fixed >= 0) {
        U[fixed] = 0
        for (let b = 0; b < P; b++) I[fixed * P + b] = I[b * P + fixed] = 0
        I[fixed * P + fixed] = 1
      }
      const d = solve(I, U, P)
      let t = 1
      let moved = false
      for (let half = 0; half < 10; half++, t /= 2) {
        const cand = new Float64Array(P)
        for (let a = 0; a < P; a++) {
          const [lo, hi] = (params[a] as FreeParameter).bounds
          cand[a] = a === fixed ? theta[a]! : Math.min(hi, Math.max(lo, theta[a]! + t * d[a]!))
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
  /** The surface's shares and local slopes (S × P) at θ, copied. */
  const slopes = (theta: ArrayLike<number>, base: Float64Array): { readonly p: Float64Array; readonly G: Float64Array } => {
    const p = new Float64Array(S)
    const g = new Float64Array(S * P)
    model(theta, base, p, g)
    return { p, G: g }
  }
  return { refit, nll, slopes, pairs: pairs.length }
}

/** The surface's answer shares at θ, the fit's cells one after the other in persona then tally order (for tests and diagnostics). */
export const surfaceShares = (inp: IntervalInput, theta: ArrayLike<number>): Float64Array => {
  const cs = cellsOf(inp)
  return surfaceOf(inp, cs).slopes(theta, cs.p0).p
}

/**
 * The bootstrap's refitted values, per parameter B of them (see the module's comment); `key`
 * names the random stream (the pilot that places the pairs' grids has its own).
 */
export const bootstrapDraws = (inp: IntervalInput, key = "calibration-bootstrap"): Float64Array[] => {
  const cs = cellsOf(inp)
  return drawsOn(inp, cs, surfaceOf(inp, cs), key)
}

const drawsOn = (inp: IntervalInput, cs: ReturnType<typeof cellsOf>, sf: ReturnType<typeof surfaceOf>, key: string): Float64Array[] => {
  const P = inp.params.length
  const { cells, firstOf, S, p0 } = cs
  const T = inp.targets.tallies.length
  const u = seededUniform(inp.seed, keyOf(key))
  const B = inp.replicates
  const draws = inp.params.map(() => new Float64Array(B))
  const counts = new Float64Array(S)
  const base = new Float64Array(S)
  const maxK = Math.max(1, ...cells.map((c) => c.K))
  const cdf = new Float64Array(maxK)
  const z = new Float64Array(maxK)
  // The respondents of each persona, by index.
  const rs = inp.respondents
  const members: Int32Array[] = []
  if (rs !== undefined) {
    const lists: number[][] = Array.from({ length: inp.targets.personas }, () => [])
    for (let r = 0; r < rs.persona.length; r++) (lists[rs.persona[r] as number] as number[]).push(r)
    for (const l of lists) members.push(Int32Array.from(l))
  }
  for (let b = 0; b < B; b++) {
    counts.fill(0)
    if (rs !== undefined) {
      // The resampled survey: each segment's respondents drawn with replacement, all their answers together.
      for (let q = 0; q < members.length; q++) {
        const list = members[q] as Int32Array
        const n = list.length
        for (let k = 0; k < n; k++) {
          const r = list[Math.min(n - 1, Math.floor(u() * n))]!
          const w = rs.weight[r]!
          for (let t = 0; t < T; t++) {
            const a = rs.answers[r * T + t]!
            const f = firstOf[q * T + t]!
            if (a >= 0 && f >= 0) counts[f + a] = counts[f + a]! + w
          }
        }
      }
    } else {
      for (const c of cells) {
        // The cell's answers drawn from the fitted shares, n of them.
        let acc = 0
        for (let j = 0; j < c.K; j++) {
          acc += p0[c.first + j]!
          cdf[j] = acc
        }
        for (let r = 0; r < c.n; r++) {
          const v = u() * acc
          let j = 0
          while (j < c.K - 1 && v > cdf[j]!) j++
          counts[c.first + j] = counts[c.first + j]! + 1
        }
      }
    }
    for (const c of cells) {
      // The simulated shares' own sampling error: a Dirichlet draw around the smoothed counts of m customers.
      let g = 0
      for (let j = 0; j < c.K; j++) {
        z[j] = gamma(p0[c.first + j]! * (Math.max(1, c.m) + SMOOTHING * c.K), u)
        g += z[j]!
      }
      for (let j = 0; j < c.K; j++) base[c.first + j] = z[j]! / g
    }
    const theta = sf.refit(counts, base)
    for (let a = 0; a < P; a++) (draws[a] as Float64Array)[b] = theta[a]!
  }
  // Recentred on the estimate: the refits spread around the surface's own fit of the answers.
  const shift = shiftOf(inp, cs, sf, false)
  inp.params.forEach((p, a) => {
    const d = draws[a] as Float64Array
    for (let b = 0; b < B; b++) d[b] = moved(d[b]!, shift[a]!, p.bounds)
  })
  return draws
}

/** The fit respondents' answers as counts of the shares: weighted, or scaled to the Kish effective numbers (`kish`). */
const answerCounts = (inp: IntervalInput, cs: ReturnType<typeof cellsOf>, kish: boolean): Float64Array => {
  const { observed: obs } = inp
  const counts = new Float64Array(cs.S)
  for (const c of cs.cells) {
    const f = kish ? c.n / (obs.weight[c.persona * inp.targets.tallies.length + c.tally] as number) : 1
    for (let j = 0; j < c.K; j++) counts[c.first + j] = (obs.counts[c.at + j] as number) * f
  }
  return counts
}

/**
 * The estimate minus the surface's own fit of the fit respondents' answers: the surface
 * interpolates simulations a step apart, so its optimum lies a little off the optimiser's, and
 * the refits spread around the former.
 */
const shiftOf = (inp: IntervalInput, cs: ReturnType<typeof cellsOf>, sf: ReturnType<typeof surfaceOf>, kish: boolean): Float64Array => {
  const fitted = sf.refit(answerCounts(inp, cs, kish), cs.p0)
  return Float64Array.from(fitted, (v, a) => (inp.estimate[a] as number) - v)
}

/** v moved by `by` within the bounds; a value on a bound stays there (the survey cannot tell beyond it). */
const moved = (v: number, by: number, bounds: readonly [number, number]): number =>
  v <= bounds[0] || v >= bounds[1] ? v : Math.min(bounds[1], Math.max(bounds[0], v + by))

/**
 * The profile likelihood's interval of each parameter on the surface, searched only beyond
 * [lower, upper] (the bootstrap's): per side, the value where the deviance of the fit
 * respondents' answers (Kish effective counts), the other parameters refitted, reaches
 * `PROFILE_DEVIANCE`, or the bound. Returns the widened [lower, upper].
 */
/**
 * Per parameter, the factor by which the estimate really spreads more than the likelihood says:
 * the sandwich variance (H⁻¹JH⁻¹)_aa over the naive (H_n⁻¹)_aa (Chandler & Bate 2007, for a
 * composite likelihood). H is the information of the fit answers at θ, J the variance of their
 * score: the spread of the respondents' own scores within each segment (a respondent's outcomes
 * move together, which the objective's sum ignores) plus the simulated shares' noise (W²/m of each
 * cell's Σ g gᵀ/p); H_n the information on the Kish effective counts the deviance uses.
 */
const adjustment = (inp: IntervalInput, cs: ReturnType<typeof cellsOf>, sf: ReturnType<typeof surfaceOf>, theta: ArrayLike<number>): Float64Array => {
  const { params, observed: obs } = inp
  const P = params.length
  const T = inp.targets.tallies.length
  const { p, G } = sf.slopes(theta, cs.p0)
  const H = new Float64Array(P * P)
  const Hn = new Float64Array(P * P)
  const J = new Float64Array(P * P)
  const rs = inp.respondents
  for (const c of cs.cells) {
    const W = obs.weight[c.persona * T + c.tally] as number
    for (let j = 0; j < c.K; j++) {
      const s = c.first + j
      for (let a = 0; a < P; a++) {
        const ga = G[s * P + a]! / p[s]!
        if (ga === 0) continue
        for (let b = 0; b < P; b++) {
          const f = ga * G[s * P + b]!
          H[a * P + b] = H[a * P + b]! + W * f
          Hn[a * P + b] = Hn[a * P + b]! + c.n * f
          J[a * P + b] = J[a * P + b]! + ((W * W) / Math.max(1, c.m) + (rs === undefined ? (W * W) / c.n : 0)) * f
        }
      }
    }
  }
  if (rs !== undefined) {
    // The respondents' scores, centred within each segment.
    const R = rs.persona.length
    const score = new Float64Array(R * P)
    const sum = new Float64Array(inp.targets.personas * P)
    const wsum = new Float64Array(inp.targets.personas)
    for (let r = 0; r < R; r++) {
      const q = rs.persona[r]!
      for (let t = 0; t < T; t++) {
        const k = rs.answers[r * T + t]!
        const f = cs.firstOf[q * T + t]!
        if (k < 0 || f < 0) continue
        for (let a = 0; a < P; a++) score[r * P + a] = score[r * P + a]! + G[(f + k) * P + a]! / p[f + k]!
      }
      wsum[q] = wsum[q]! + rs.weight[r]!
      for (let a = 0; a < P; a++) sum[q * P + a] = sum[q * P + a]! + rs.weight[r]! * score[r * P + a]!
    }
    const d = new Float64Array(P)
    for (let r = 0; r < R; r++) {
      const q = rs.persona[r]!
      const w = rs.weight[r]!
      for (let a = 0; a < P; a++) d[a] = score[r * P + a]! - sum[q * P + a]! / wsum[q]!
      for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) J[a * P + b] = J[a * P + b]! + w * w * d[a]! * d[b]!
    }
  }
  params.forEach((pr, i) => {
    if (pr.prior === undefined) return
    H[i * P + i] = H[i * P + i]! + 1 / (pr.prior.sd * pr.prior.sd)
    Hn[i * P + i] = Hn[i * P + i]! + 1 / (pr.prior.sd * pr.prior.sd)
  })
  return Float64Array.from(params, (_, a) => {
    const e = new Float64Array(P)
    e[a] = 1
    const h = solve(H, e, P)
    const hn = solve(Hn, e, P)
    const Jh = new Float64Array(P)
    for (let i = 0; i < P; i++) for (let k = 0; k < P; k++) Jh[i] = Jh[i]! + J[i * P + k]! * h[k]!
    let sandwich = 0
    for (let i = 0; i < P; i++) sandwich += h[i]! * Jh[i]!
    const naive = hn[a]!
    return naive > 0 && sandwich > 0 ? sandwich / naive : 1
  })
}

const profileWiden = (inp: IntervalInput, cs: ReturnType<typeof cellsOf>, sf: ReturnType<typeof surfaceOf>, lower: ReadonlyArray<number>, upper: ReadonlyArray<number>): Array<readonly [number, number]> => {
  const { params } = inp
  const { p0 } = cs
  const counts = answerCounts(inp, cs, true)
  const best = sf.refit(counts, p0)
  const shift = Float64Array.from(best, (v, a) => (inp.estimate[a] as number) - v)
  const k = adjustment(inp, cs, sf, best)
  let lmin = sf.nll(best, counts, p0)
  return params.map((p, a) => {
    const limit = PROFILE_DEVIANCE * k[a]!
    const range = p.bounds[1] - p.bounds[0]
    const ends: number[] = []
    for (const side of [-1, 1] as const) {
      // Searched in the surface's frame (its optimum `best`), reported moved to the estimate's.
      const reported = side < 0 ? (lower[a] as number) : (upper[a] as number)
      const bound = side < 0 ? p.bounds[0] : p.bounds[1]
      if (side * (bound - reported) <= 1e-9 * range) {
        ends.push(reported)
        continue
      }
      const from = Math.min(p.bounds[1], Math.max(p.bounds[0], reported - shift[a]!))
      const devianceAt = (v: number, start: Float64Array): { d: number; theta: Float64Array } => {
        const s0 = Float64Array.from(start)
        s0[a] = v
        const theta = sf.refit(counts, p0, s0, a)
        const l = sf.nll(theta, counts, p0)
        lmin = Math.min(lmin, l)
        return { d: 2 * (l - lmin), theta }
      }
      let prev = devianceAt(from, best)
      let at = from
      if (prev.d >= limit || side * (bound - from) <= 1e-9 * range) {
        ends.push(reported)
        continue
      }
      const h = Math.max(0.25 * Math.abs(from - (best[a] as number)), 0.01 * range)
      let end = bound
      for (let k = 0; k < 40; k++) {
        const next = side < 0 ? Math.max(bound, at - h) : Math.min(bound, at + h)
        const cur = devianceAt(next, prev.theta)
        if (cur.d >= limit) {
          end = at + ((next - at) * (limit - prev.d)) / Math.max(cur.d - prev.d, 1e-300)
          break
        }
        prev = cur
        at = next
        if (next === bound) break
        if (k === 39) end = at
      }
      ends.push(moved(end, shift[a]!, p.bounds))
    }
    return [ends[0] as number, ends[1] as number] as const
  })
}

/** The intervals and the classification of each parameter (see the module's comment). */
export const bootstrapIntervals = (inp: IntervalInput): ParameterEstimate[] => {
  const { params, estimate } = inp
  const P = params.length
  const cs = cellsOf(inp)
  const sf = surfaceOf(inp, cs)
  const draws = drawsOn(inp, cs, sf, "calibration-bootstrap")
  const B = inp.replicates

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
  const lower: number[] = []
  const upper: number[] = []
  params.forEach((_, i) => {
    const sorted = Float64Array.from(draws[i] as Float64Array).sort()
    const value = estimate[i] as number
    lower.push(Math.min(value, quantile(sorted, 0.025)))
    upper.push(Math.max(value, quantile(sorted, 0.975)))
  })
  const widened = inp.profile === false ? params.map((_, i) => [lower[i] as number, upper[i] as number] as const) : profileWiden(inp, cs, sf, lower, upper)
  return params.map((p, i) => {
    const value = estimate[i] as number
    const w = widened[i] as readonly [number, number]
    const est: Interval = { value, lower: Math.min(lower[i] as number, w[0]), upper: Math.max(upper[i] as number, w[1]) }
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
