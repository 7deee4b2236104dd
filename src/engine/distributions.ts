/**
 * Sampling functions for the hot loop: plain maths over numbers, no allocation.
 *
 * Normal draws use the inverse CDF (one uniform per draw, monotone in it): a better delivered
 * level then stays better draw for draw, which keeps variant comparisons tightly paired
 * (common random numbers).
 */
import { exp, log } from "./numerics.js"
import type { Uniform } from "./rng.js"

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
const A1 = -3.969683028665376e1
const A2 = 2.209460984245205e2
const A3 = -2.759285104469687e2
const A4 = 1.38357751867269e2
const A5 = -3.066479806614716e1
const A6 = 2.506628277459239
const B1 = -5.447609879822406e1
const B2 = 1.615858368580409e2
const B3 = -1.556989798598866e2
const B4 = 6.680131188771972e1
const B5 = -1.328068155288572e1
const C1 = -7.784894002430293e-3
const C2 = -3.223964580411365e-1
const C3 = -2.400758277161838
const C4 = -2.549732539343734
const C5 = 4.374664141464968
const C6 = 2.938163982698783
const D1 = 7.784695709041462e-3
const D2 = 3.224671290700398e-1
const D3 = 2.445134137142996
const D4 = 3.754408661907416
const P_LOW = 0.02425
const P_HIGH = 1 - P_LOW

/**
 * The standard normal quantile Φ⁻¹(p), for p in (0, 1). Cost: about 5 ns. The central region
 * (95% of draws) is kept small enough for the compiler to inline it where it is called; the
 * tails are a function of their own.
 */
export const normalQuantile = (p: number): number => {
  if (p < P_LOW || p > P_HIGH) return normalTail(p)
  const q = p - 0.5
  const r = q * q
  return ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1)
}

/** Φ⁻¹(p) in the tails, p < 0.02425 or p > 0.97575. */
const normalTail = (p: number): number => {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * log(p))
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1)
  }
  const q = Math.sqrt(-2 * log(1 - p))
  return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1)
}

/** The standard normal CDF Φ(x) (complementary error function, fractional error < 1.2e-7). */
export const normalCdf = (x: number): number => {
  const z = Math.abs(x) / Math.SQRT2
  const t = 1 / (1 + 0.5 * z)
  const erfc =
    t *
    exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
  return x >= 0 ? 1 - erfc / 2 : erfc / 2
}

/** A source of uniform draws in (0, 1): the kernel's walk stream (a Tyche), or a function's. */
export interface UniformSource {
  uniform(): number
}

/**
 * Gamma and beta draws for the hot loop. A draw lands in the field `value` rather than being
 * returned: a double returned by a call the optimising compiler does not inline is boxed, an
 * allocation per draw, and these draws loop (rejection sampling) and nest (a beta takes two
 * gammas). One sampler per stream, made once; the kernel's draws them from its walk stream.
 */
export class GammaBeta {
  /** The last draw. */
  value = 0.5

  constructor(readonly src: UniformSource) {}

  /** Gamma(shape, 1) by Marsaglia & Tsang (2000), for shape ≥ 1, into `value`. */
  gammaAtLeastOne(shape: number): void {
    const src = this.src
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      let x = 0
      let v = 0
      do {
        x = normalQuantile(src.uniform())
        v = 1 + c * x
      } while (v <= 0)
      v = v * v * v
      const w = src.uniform()
      if (w < 1 - 0.0331 * x * x * x * x || log(w) < 0.5 * x * x + d * (1 - v + log(v))) {
        this.value = d * v
        return
      }
    }
  }

  /**
   * Beta(α, β) on [0, 1] from two gamma draws, X / (X + Y), into `value`. With a shape below 1
   * the boost U^(1/shape) underflows to 0 for small shapes (α = β = 0.001: one draw in five would
   * be 0/0), so that case works with logarithms, log X = log G(α + 1) + log(U) / α, and gives
   * 1 / (1 + e^(log Y − log X)); when a boost's logarithm is itself beyond the doubles (shapes
   * near 1e-300), the larger of log(U₁)/α and log(U₂)/β decides, compared as log(U₁)·β against
   * log(U₂)·α. Every draw is finite and in [0, 1], for any positive shapes.
   */
  beta(a: number, b: number): void {
    if (a >= 1 && b >= 1) {
      this.gammaAtLeastOne(a)
      const x = this.value
      this.gammaAtLeastOne(b)
      const y = this.value
      this.value = x / (x + y)
      return
    }
    let bx = 0
    let la = 0
    this.gammaAtLeastOne(a < 1 ? a + 1 : a)
    const lx = log(this.value)
    if (a < 1) {
      la = log(this.src.uniform())
      bx = la / a
    }
    let by = 0
    let lb = 0
    this.gammaAtLeastOne(b < 1 ? b + 1 : b)
    const ly = log(this.value)
    if (b < 1) {
      lb = log(this.src.uniform())
      by = lb / b
    }
    if (bx === -Infinity || by === -Infinity) this.value = la * b >= lb * a ? 1 : 0
    else this.value = 1 / (1 + exp(ly + by - (lx + bx)))
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 boosted with U^(1/shape). */
export const gamma = (shape: number, u: Uniform): number => {
  const g = new GammaBeta({ uniform: u })
  if (shape < 1) {
    g.gammaAtLeastOne(shape + 1)
    return g.value * exp(log(u()) / shape)
  }
  g.gammaAtLeastOne(shape)
  return g.value
}

/** Beta(α, β) on [0, 1] (GammaBeta.beta), with draws from `u`. */
export const beta = (a: number, b: number, u: Uniform): number => {
  const g = new GammaBeta({ uniform: u })
  g.beta(a, b)
  return g.value
}

/** Triangular(min, mode, max) by its inverse CDF. */
export const triangular = (lo: number, mode: number, hi: number, p: number): number => {
  const span = hi - lo
  if (span <= 0) return lo
  const f = (mode - lo) / span
  return p < f ? lo + Math.sqrt(p * span * (mode - lo)) : hi - Math.sqrt((1 - p) * span * (hi - mode))
}
