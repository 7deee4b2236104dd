/**
 * From the unit interval to a parameter's own values: uniform, log-uniform or triangular
 * between low and high (inverse CDFs), or one of a list of values. Samplers work on [0, 1)^d;
 * this is the only place that knows the parameters' ranges.
 */

export interface Range {
  readonly low?: number | undefined
  readonly high?: number | undefined
  readonly values?: ReadonlyArray<number> | undefined
  readonly distribution?: "uniform" | "log-uniform" | "triangular" | undefined
  readonly mode?: number | undefined
}

/**
 * The value of a parameter at `u` in [0, 1].
 *
 * @example
 * scale({ low: 1, high: 100, distribution: "log-uniform" }, 0.5) // 10
 */
export const scale = (r: Range, u: number): number => {
  if (r.values !== undefined) return r.values[Math.min(r.values.length - 1, Math.floor(u * r.values.length))] as number
  const a = r.low as number
  const b = r.high as number
  switch (r.distribution ?? "uniform") {
    case "uniform":
      return a + u * (b - a)
    case "log-uniform":
      return Math.exp(Math.log(a) + u * (Math.log(b) - Math.log(a)))
    case "triangular": {
      const c = r.mode ?? (a + b) / 2
      const fc = (c - a) / (b - a)
      return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c))
    }
  }
}

/** The lowest and highest value a parameter takes (one-at-a-time analyses move it to these). */
export const bounds = (r: Range): { readonly low: number; readonly high: number } =>
  // Reduced, not spread: a list of a few hundred thousand values would overflow the call stack.
  r.values !== undefined
    ? { low: r.values.reduce((a, b) => Math.min(a, b), Infinity), high: r.values.reduce((a, b) => Math.max(a, b), -Infinity) }
    : { low: r.low as number, high: r.high as number }
