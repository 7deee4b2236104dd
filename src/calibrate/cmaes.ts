/**
 * CMA-ES, the covariance matrix adaptation evolution strategy, as in Hansen's tutorial (Hansen
 * 2016, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772): (μ/μ_w, λ) selection with
 * positive recombination weights, cumulative step-size adaptation, rank-one and rank-μ updates
 * of the covariance, the h_σ stall of the evolution path; default parameters of its Table 1.
 * An ask/tell object with no knowledge of the model: the caller evaluates each population (here
 * a batch of simulations on the worker pool) and can stop at any time.
 *
 * Bounds: the search runs in ℝⁿ and each coordinate is mapped into [0, 1] by reflection (a
 * triangle wave: the identity on [0, 1], mirrored at 0 and 1), then onto the parameter's
 * bounds. Inside the box the strategy is untouched; a solution on a bound is reachable.
 *
 * Deterministic: the normal draws come from a seeded stream (the project's generator, through
 * the normal quantile), and the eigendecomposition is a cyclic Jacobi sweep, so the same seed
 * gives the same sequence of candidates on every machine.
 *
 * Stopping rule (`stop()`): the evaluation budget; or the best values of the last
 * 10 + ⌈30n/λ⌉ generations and of the current one all within `tolFun`; or the step in every
 * coordinate, σ·√C_ii, under `tolX`; or a covariance condition number over 10¹⁴. No restarts:
 * the calibration objective is smooth under common random numbers and starts from the
 * scenario's values.
 * Cost per generation: O(λn²) for sampling plus O(n³) for the eigendecomposition.
 */
import { normalQuantile } from "../engine/distributions.js"
import { seededUniform } from "../design/seededUniform.js"

export interface CmaOptions {
  /** Initial mean. */
  readonly mean: ReadonlyArray<number>
  /** Initial step size. */
  readonly sigma: number
  /** Seed of the normal draws. @default 1 */
  readonly seed?: number | undefined
  /** Population size λ. @default 4 + ⌊3 ln n⌋ */
  readonly lambda?: number | undefined
  /** Evaluations at most. @default 1000·n² (Hansen's default is larger; callers set it) */
  readonly budget?: number | undefined
  /** Stop when the recent best values differ by less than this. @default 1e-11 */
  readonly tolFun?: number | undefined
  /** Stop when every coordinate's step is below this. @default 1e-11·sigma */
  readonly tolX?: number | undefined
}

export type StopReason = "budget" | "tolFun" | "tolX" | "condition"

/** Eigendecomposition of a symmetric n×n matrix (row-major): C = B diag(d) Bᵀ, B's columns the eigenvectors. Cyclic Jacobi. */
export const symmetricEigen = (C: Float64Array, n: number): { readonly values: Float64Array; readonly vectors: Float64Array } => {
  const a = Float64Array.from(C)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    let diag = 0
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i]! * a[i * n + i]!
      for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!
    }
    if (off <= 1e-30 * diag || off === 0) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!
        if (apq === 0) continue
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!
          const akq = a[k * n + q]!
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!
          const aqk = a[q * n + k]!
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!
          const vkq = v[k * n + q]!
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!
  return { values, vectors: v }
}

/**
 * The strategy. `ask()` gives λ candidates, `tell(candidates, values)` updates from their
 * objective values (lower is better), `stop()` says why it should end, or undefined.
 *
 * @example
 * const es = new Cmaes({ mean: [0.5, 0.5], sigma: 0.3, seed: 1 })
 * while (es.stop() === undefined) { const xs = es.ask(); es.tell(xs, xs.map(f)) }
 * es.best // { x, value }
 */
export class Cmaes {
  readonly n: number
  readonly lambda: number
  readonly mu: number
  readonly weights: Float64Array
  readonly mueff: number
  readonly cc: number
  readonly cs: number
  readonly c1: number
  readonly cmu: number
  readonly damps: number
  readonly chiN: number
  readonly budget: number
  readonly tolFun: number
  readonly tolX: number
  mean: Float64Array
  sigma: number
  readonly C: Float64Array
  readonly pc: Float64Array
  readonly ps: Float64Array
  B: Float64Array
  D: Float64Array
  evaluations = 0
  generation = 0
  best: { x: Float64Array; value: number } = { x: new Float64Array(0), value: Infinity }
  private readonly history: number[] = []
  private readonly uniform: () => number

  constructor(o: CmaOptions) {
    const n = o.mean.length
    if (n < 1 || !(o.sigma > 0)) throw new Error("Cmaes requires a mean of at least one coordinate and sigma > 0")
    this.n = n
    this.lambda = o.lambda ?? 4 + Math.floor(3 * Math.log(n))
    this.mu = Math.floor(this.lambda / 2)
    const w = new Float64Array(this.mu)
    for (let i = 0; i < this.mu; i++) w[i] = Math.log((this.lambda + 1) / 2) - Math.log(i + 1)
    const sw = w.reduce((a, b) => a + b, 0)
    for (let i = 0; i < this.mu; i++) w[i] = w[i]! / sw
    this.weights = w
    this.mueff = 1 / w.reduce((a, b) => a + b * b, 0)
    const me = this.mueff
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n)
    this.cs = (me + 2) / (n + me + 5)
    this.c1 = 2 / ((n + 1.3) ** 2 + me)
    this.cmu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me))
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n))
    this.budget = o.budget ?? 1000 * n * n
    this.tolFun = o.tolFun ?? 1e-11
    this.tolX = o.tolX ?? 1e-11 * o.sigma
    this.mean = Float64Array.from(o.mean)
    this.sigma = o.sigma
    this.C = new Float64Array(n * n)
    this.B = new Float64Array(n * n)
    this.D = new Float64Array(n).fill(1)
    for (let i = 0; i < n; i++) {
      this.C[i * n + i] = 1
      this.B[i * n + i] = 1
    }
    this.pc = new Float64Array(n)
    this.ps = new Float64Array(n)
    this.uniform = seededUniform(o.seed ?? 1, 0x636d6165)
  }

  /** λ new candidates: m + σ·B·D·z, z standard normal. */
  ask(): Float64Array[] {
    const n = this.n
    const out: Float64Array[] = []
    const z = new Float64Array(n)
    for (let k = 0; k < this.lambda; k++) {
      for (let i = 0; i < n; i++) z[i] = normalQuantile(this.uniform()) * this.D[i]!
      const x = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        let s = 0
        for (let j = 0; j < n; j++) s += this.B[i * n + j]! * z[j]!
        x[i] = this.mean[i]! + this.sigma * s
      }
      out.push(x)
    }
    return out
  }

  /** Update from the candidates of `ask()` and their values. */
  tell(xs: ReadonlyArray<Float64Array>, values: ReadonlyArray<number>): void {
    const n = this.n
    if (xs.length !== this.lambda || values.length !== this.lambda) throw new Error("Cmaes.tell requires the λ candidates of ask() and their values")
    this.evaluations += this.lambda
    this.generation++
    // Sort by value, ties by index (a stable, deterministic order).
    const order = values.map((_, i) => i).sort((a, b) => (values[a]! - values[b]!) || a - b)
    const bestHere = values[order[0]!]!
    if (bestHere < this.best.value) this.best = { x: Float64Array.from(xs[order[0]!]!), value: bestHere }
    this.history.push(bestHere)
    const old = this.mean
    const mean = new Float64Array(n)
    for (let k = 0; k < this.mu; k++) {
      const x = xs[order[k]!]!
      for (let i = 0; i < n; i++) mean[i] += this.weights[k]! * x[i]!
    }
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) y[i] = (mean[i]! - old[i]!) / this.sigma
    // C^(−1/2)·y = B·D⁻¹·Bᵀ·y
    const bty = new Float64Array(n)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let i = 0; i < n; i++) s += this.B[i * n + j]! * y[i]!
      bty[j] = s / this.D[j]!
    }
    const cs = this.cs
    const csn = Math.sqrt(cs * (2 - cs) * this.mueff)
    for (let i = 0; i < n; i++) {
      let s = 0
      for (let j = 0; j < n; j++) s += this.B[i * n + j]! * bty[j]!
      this.ps[i] = (1 - cs) * this.ps[i]! + csn * s
    }
    let psNorm = 0
    for (let i = 0; i < n; i++) psNorm += this.ps[i]! ** 2
    psNorm = Math.sqrt(psNorm)
    const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * this.generation)) / this.chiN < 1.4 + 2 / (n + 1) ? 1 : 0
    const ccn = Math.sqrt(this.cc * (2 - this.cc) * this.mueff)
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i]! + hsig * ccn * y[i]!
    const c1 = this.c1
    const cmu = this.cmu
    const dh = (1 - hsig) * this.cc * (2 - this.cc)
    const ys = Array.from({ length: this.mu }, (_, k) => {
      const x = xs[order[k]!]!
      const v = new Float64Array(n)
      for (let i = 0; i < n; i++) v[i] = (x[i]! - old[i]!) / this.sigma
      return v
    })
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rmu = 0
        for (let k = 0; k < this.mu; k++) rmu += this.weights[k]! * ys[k]![i]! * ys[k]![j]!
        const c = (1 - c1 - cmu) * this.C[i * n + j]! + c1 * (this.pc[i]! * this.pc[j]! + dh * this.C[i * n + j]!) + cmu * rmu
        this.C[i * n + j] = c
        this.C[j * n + i] = c
      }
    }
    this.sigma *= Math.exp((cs / this.damps) * (psNorm / this.chiN - 1))
    this.mean = mean
    const e = symmetricEigen(this.C, n)
    this.B = e.vectors
    this.D = e.values.map((v) => Math.sqrt(Math.max(v, 1e-300)))
  }

  /** Why to stop now (see the module's comment), or undefined to go on. */
  stop(): StopReason | undefined {
    const n = this.n
    if (this.evaluations + this.lambda > this.budget) return "budget"
    const window = 10 + Math.ceil((30 * n) / this.lambda)
    if (this.history.length >= window) {
      const recent = this.history.slice(-window)
      if (Math.max(...recent) - Math.min(...recent) < this.tolFun) return "tolFun"
    }
    let maxStep = 0
    for (let i = 0; i < n; i++) maxStep = Math.max(maxStep, this.sigma * Math.sqrt(this.C[i * n + i]!))
    if (this.generation > 0 && maxStep < this.tolX) return "tolX"
    let dmax = 0
    let dmin = Infinity
    for (const d of this.D) {
      dmax = Math.max(dmax, d)
      dmin = Math.min(dmin, d)
    }
    if ((dmax / dmin) ** 2 > 1e14) return "condition"
    return undefined
  }
}

/** Map a search coordinate into [0, 1] by reflection (a triangle wave of period 2). */
export const reflect = (z: number): number => {
  const y = z - 2 * Math.floor(z / 2)
  return y <= 1 ? y : 2 - y
}

/** A search point as parameter values within their bounds. */
export const toBounds = (z: ArrayLike<number>, bounds: ReadonlyArray<readonly [number, number]>): Float64Array =>
  Float64Array.from(bounds, ([lo, hi], i) => lo + (hi - lo) * reflect(z[i] as number))

/** Parameter values as a search point (the inverse of toBounds inside the box). */
export const fromBounds = (x: ArrayLike<number>, bounds: ReadonlyArray<readonly [number, number]>): Float64Array =>
  Float64Array.from(bounds, ([lo, hi], i) => Math.min(1, Math.max(0, ((x[i] as number) - lo) / (hi - lo))))
