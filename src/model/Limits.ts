/**
 * The limits of a scenario or persona file. Every number is finite and at most 10¹² in size, so
 * that nothing the engine computes from them (squared revenues over a horizon, a gap of levels
 * over a dimension's scale, raised to a power and weighted) leaves the doubles; the counts keep
 * the accumulators (per segment and touchpoint) and the checks small. docs/format.md, Limits,
 * lists them and why.
 */
import * as Schema from "effect/Schema"

/** The largest size of any number in an input file. */
export const MAX_MAGNITUDE = 1e12
/** The smallest scale of a dimension (units in one noticeable step). */
export const MIN_SCALE = 1e-9
/** The largest coefficient of variation (sd / mean) of a log-normal distribution. */
export const MAX_LOGNORMAL_CV = 1000

/** A finite number of at most 10¹² in size. */
export const Finite = Schema.Number.pipe(
  Schema.finite(),
  Schema.between(-MAX_MAGNITUDE, MAX_MAGNITUDE, {
    message: (issue) => `Expected a number between -1e12 and 1e12 (see Limits in docs/format.md), actual ${String(issue.actual)}`
  })
)
export const Positive = Finite.pipe(Schema.positive())
export const NonNegative = Finite.pipe(Schema.nonNegative())
export const Probability = Finite.pipe(Schema.between(0, 1))

/** The most dimensions, personas, touchpoints, outcomes and variants a scenario may declare. */
export const MAX_COUNTS = { dimensions: 100, personas: 100, touchpoints: 500, outcomes: 100, variants: 1000 } as const
