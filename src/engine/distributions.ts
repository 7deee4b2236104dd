/**
 * Sampling functions for the hot loop: plain maths over numbers, no allocation.
 *
 * Normal draws use the inverse CDF (one uniform per draw, monotone in it): a better delivered
 * level then stays better draw for draw, which keeps variant comparisons tightly paired
 * (common random numbers).
 */
import { exp as expImported, log as logImported } from "./numerics.js"
import type { Uniform } from "./rng.js"

// Imported names as constants of this module, for test runners that read imports through getters
// (journey.ts, at its imports).
const exp = expImported
const log = logImported

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9): in the
// central region p in [P_LOW, 1 − P_LOW] with P_LOW = 0.02425,
//   Φ⁻¹(p) = q·(((((A1 r + A2) r + A3) r + A4) r + A5) r + A6) / (((((B1 r + B2) r + B3) r + B4) r + B5) r + 1),
//   q = p − 0.5, r = q²;
// in the tails, with q = √(−2 log p) (lower) or √(−2 log(1 − p)) (upper, the result negated),
//   Φ⁻¹(p) = ((((((C1 q + C2) q + C3) q + C4) q + C5) q + C6) / ((((D1 q + D2) q + D3) q + D4) q + 1).
// The central coefficients are written out as literals in `normalQuantile` (A1 = −39.69683028665376,
// A2 = 220.9460984245205, A3 = −275.9285104469687, A4 = 138.357751867269, A5 = −30.66479806614716,
// A6 = 2.506628277459239; B1 = −54.47609879822406, B2 = 161.5858368580409, B3 = −155.6989798598866,
// B4 = 66.80131188771972, B5 = −13.28068155288572): a module constant's every read carries a check
// that it is initialised, which makes the function's code larger than the optimising compiler's
// inlining budget wants (see normalQuantile).

/** C1 … C6, D1 … D4 of the tails, then the slot where `normalTail` leaves its result. */
const TAIL = Float64Array.of(
  -7.784894002430293e-3,
  -3.223964580411365e-1,
  -2.400758277161838,
  -2.549732539343734,
  4.374664141464968,
  2.938163982698783,
  7.784695709041462e-3,
  3.224671290700398e-1,
  2.445134137142996,
  3.754408661907416,
  0
)

/**
 * The standard normal quantile Φ⁻¹(p), for p in (0, 1). Cost: about 5 ns. The central region
 * (95% of draws) is kept small enough for the compiler to inline it where it is called; the
 * tails are a function of their own, which leaves its result in a typed array rather than
 * returning it (a double returned by a call that is not inlined is boxed, an allocation).
 */
export const normalQuantile = (p: number): number => {
  if (p < 0.02425 || p > 0.97575) {
    normalTail(p)
    return TAIL[10] as number
  }
  const q = p - 0.5
  const r = q * q
  return (
    ((((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) * r + -30.66479806614716) * r +
      2.506628277459239) *
      q) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r + -13.28068155288572) * r + 1)
  )
}

/** Φ⁻¹(p) in the tails, p < 0.02425 or p > 0.97575, into TAIL[10]. */
const normalTail = (p: number): void => {
  const c = TAIL
  const lower = p < 0.02425
  const q = Math.sqrt(-2 * log(lower ? p : 1 - p))
  const x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((c[6]! * q + c[7]!) * q + c[8]!) * q + c[9]!) * q + 1)
  c[10] = lower ? x : -x
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
  /** The shapes α and β of the next beta draw (drawBeta): fields, not arguments, for the same reason. */
  shapeA = 1.5
  shapeB = 1.5

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
    this.shapeA = a
    this.shapeB = b
    this.drawBeta()
  }

  /** Beta(shapeA, shapeB) into `value` (beta). */
  drawBeta(): void {
    const a = this.shapeA
    const b = this.shapeB
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

/** Triangular(min, mode, max) by its inverse CDF. The kernel writes the same arithmetic out (journey.ts drawLevels): keep them in step. */
export const triangular = (lo: number, mode: number, hi: number, p: number): number => {
  const span = hi - lo
  if (span <= 0) return lo
  const f = (mode - lo) / span
  return p < f ? lo + Math.sqrt(p * span * (mode - lo)) : hi - Math.sqrt((1 - p) * span * (hi - mode))
}
