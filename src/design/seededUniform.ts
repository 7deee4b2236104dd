/**
 * A seeded uniform stream for samplers and bootstraps, derived from a stable key (seed, purpose)
 * rather than a running counter (style.md, randomness): the engine's tychei generator (rng.ts).
 */
import { mix32, Tyche, type Uniform } from "../engine/rng.js"

/** A string key (a segment id, a metric name…) as a 32-bit number (FNV-1a). */
export const keyOf = (text: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/**
 * A uniform stream in (0, 1) for `seed` and a purpose key.
 *
 * @example
 * const u = seededUniform(42, keyOf("latin-hypercube"))
 */
export const seededUniform = (seed: number, key: number): Uniform => {
  const g = new Tyche()
  const lo = mix32(mix32(seed >>> 0) ^ key)
  g.reseed(mix32(lo ^ 0x5bd1e995) & 0x1fffff, lo)
  return () => g.uniform()
}

/** A whole number in [0, n) from a uniform draw. */
export const below = (u: Uniform, n: number): number => Math.min(n - 1, Math.floor(u() * n))

/** Fisher–Yates shuffle of 0..n-1. */
export const permutation = (u: Uniform, n: number): number[] => {
  const p = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = below(u, i + 1)
    const t = p[i] as number
    p[i] = p[j] as number
    p[j] = t
  }
  return p
}
