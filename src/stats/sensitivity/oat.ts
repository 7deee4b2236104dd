/**
 * One-at-a-time effects, the data of a tornado chart: each parameter moved to its low and its
 * high value with all others at the baseline. Cheap (2d + 1 runs) and easy to read, but blind to
 * interactions; Morris and Sobol are the methods that see them.
 */

export interface OatEffect {
  readonly parameter: number
  /** Output at the parameter's low and high value. */
  readonly atLow: number
  readonly atHigh: number
  /** atLow − baseline and atHigh − baseline. */
  readonly low: number
  readonly high: number
  /** |atHigh − atLow|: the bar's length in the tornado, what ranks the parameters. */
  readonly swing: number
}

/**
 * Effects of each parameter from the baseline output and the outputs at each low and high.
 *
 * @example
 * oat(10, [8, 10], [13, 10.5]) // parameter 0 swings 5, parameter 1 swings 0.5
 */
export const oat = (baseline: number, atLow: ArrayLike<number>, atHigh: ArrayLike<number>): OatEffect[] => {
  if (atLow.length !== atHigh.length) throw new Error("oat requires as many low outputs as high outputs")
  return Array.from({ length: atLow.length }, (_, i) => {
    const lo = atLow[i] as number
    const hi = atHigh[i] as number
    return { parameter: i, atLow: lo, atHigh: hi, low: lo - baseline, high: hi - baseline, swing: Math.abs(hi - lo) }
  })
}
