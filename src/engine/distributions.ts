/**
 * Sampling functions for the hot loop: plain maths over numbers, no allocation.
 *
 * Normal draws use the inverse CDF (one uniform per draw, monotone in it): a better delivered
 * level then stays better draw for draw, which keeps variant comparisons tightly paired
 * (common random numbers).
 */
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
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1)
  }
  const q = Math.sqrt(-2 * Math.log(1 - p))
  return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1)
}

/** The standard normal CDF Φ(x) (complementary error function, fractional error < 1.2e-7). */
export const normalCdf = (x: number): number => {
  const z = Math.abs(x) / Math.SQRT2
  const t = 1 / (1 + 0.5 * z)
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
  return x >= 0 ? 1 - erfc / 2 : erfc / 2
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), for shape ≥ 1. */
const gammaAtLeastOne = (shape: number, u: Uniform): number => {
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x = 0
    let v = 0
    do {
      x = normalQuantile(u())
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const w = u()
    if (w < 1 - 0.0331 * x * x * x * x) return d * v
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 boosted with U^(1/shape). */
export const gamma = (shape: number, u: Uniform): number => {
  if (shape < 1) {
    const g = gammaAtLeastOne(shape + 1, u)
    return g * Math.exp(Math.log(u()) / shape)
  }
  return gammaAtLeastOne(shape, u)
}

/**
 * Beta(α, β) on [0, 1] from two gamma draws, X / (X + Y). With a shape below 1 the boost
 * U^(1/shape) underflows to 0 for small shapes (α = β = 0.001: one draw in five would be 0/0),
 * so that case works with logarithms, log X = log G(α + 1) + log(U) / α, and returns
 * 1 / (1 + e^(log Y − log X)); when a boost's logarithm is itself beyond the doubles (shapes
 * near 1e-300), the larger of log(U₁)/α and log(U₂)/β decides, compared as log(U₁)·β against
 * log(U₂)·α. Every draw is finite and in [0, 1], for any positive shapes.
 */
export const beta = (a: number, b: number, u: Uniform): number => {
  if (a >= 1 && b >= 1) {
    const x = gammaAtLeastOne(a, u)
    const y = gammaAtLeastOne(b, u)
    return x / (x + y)
  }
  let lx = 0
  let bx = 0
  let la = 0
  if (a < 1) {
    lx = Math.log(gammaAtLeastOne(a + 1, u))
    la = Math.log(u())
    bx = la / a
  } else lx = Math.log(gammaAtLeastOne(a, u))
  let ly = 0
  let by = 0
  let lb = 0
  if (b < 1) {
    ly = Math.log(gammaAtLeastOne(b + 1, u))
    lb = Math.log(u())
    by = lb / b
  } else ly = Math.log(gammaAtLeastOne(b, u))
  if (bx === -Infinity || by === -Infinity) return la * b >= lb * a ? 1 : 0
  return 1 / (1 + Math.exp(ly + by - (lx + bx)))
}

/** Triangular(min, mode, max) by its inverse CDF. */
export const triangular = (lo: number, mode: number, hi: number, p: number): number => {
  const span = hi - lo
  if (span <= 0) return lo
  const f = (mode - lo) / span
  return p < f ? lo + Math.sqrt(p * span * (mode - lo)) : hi - Math.sqrt((1 - p) * span * (hi - mode))
}
