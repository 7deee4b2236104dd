/**
 * Distributions of a delivered service level or a customer expectation.
 *
 * A bare number is a fixed value. Every other form is an object tagged by `dist`, written in
 * the dimension's own unit (minutes, °C, percent…). No expressions: scenario files hold data.
 */
import * as Schema from "effect/Schema"
import { Finite, NonNegative, Positive } from "./Limits.js"


export const Fixed = Schema.Struct({
  dist: Schema.Literal("fixed"),
  value: Schema.propertySignature(Finite).annotations({ description: "The value, always." })
}).annotations({ identifier: "Fixed", description: "Always the same value." })

export const Normal = Schema.Struct({
  dist: Schema.Literal("normal"),
  mean: Schema.propertySignature(Finite).annotations({ description: "Mean, in the dimension's unit." }),
  sd: Schema.propertySignature(NonNegative).annotations({ description: "Standard deviation, in the dimension's unit." })
}).annotations({ identifier: "Normal", description: "Normal (Gaussian): symmetric variation around a mean." })

export const TruncatedNormal = Schema.Struct({
  dist: Schema.Literal("truncnormal"),
  mean: Schema.propertySignature(Finite).annotations({ description: "Mean of the untruncated normal." }),
  sd: Schema.propertySignature(NonNegative).annotations({ description: "Standard deviation of the untruncated normal." }),
  min: Schema.optional(Finite).annotations({ description: "Lowest possible value. Default: no lower bound." }),
  max: Schema.optional(Finite).annotations({ description: "Highest possible value. Default: no upper bound." })
}).annotations({ identifier: "TruncatedNormal", description: "Normal restricted to [min, max] (exact inverse-CDF sampling, no clipping spikes)." })

export const LogNormal = Schema.Struct({
  dist: Schema.Literal("lognormal"),
  mean: Schema.propertySignature(Positive).annotations({ description: "Mean of the values (not of their logarithm)." }),
  sd: Schema.propertySignature(NonNegative).annotations({ description: "Standard deviation of the values." })
}).annotations({ identifier: "LogNormal", description: "Log-normal: positive and right-skewed, as waiting and handling times are." })

export const Beta = Schema.Struct({
  dist: Schema.Literal("beta"),
  alpha: Schema.propertySignature(Positive).annotations({ description: "Shape α (think: successes + 1)." }),
  beta: Schema.propertySignature(Positive).annotations({ description: "Shape β (think: failures + 1)." }),
  min: Schema.optional(Finite).annotations({ description: "Value that 0 maps to. Default 0." }),
  max: Schema.optional(Finite).annotations({ description: "Value that 1 maps to. Default 1." })
}).annotations({ identifier: "Beta", description: "Beta on [min, max]: rates and scores on a bounded scale." })

export const Triangular = Schema.Struct({
  dist: Schema.Literal("triangular"),
  min: Finite,
  mode: Schema.propertySignature(Finite).annotations({ description: "Most likely value." }),
  max: Finite
}).annotations({ identifier: "Triangular", description: "Triangular: a lowest, a most likely and a highest value, as people estimate them." })

export const Uniform = Schema.Struct({
  dist: Schema.Literal("uniform"),
  min: Finite,
  max: Finite
}).annotations({ identifier: "Uniform", description: "Every value in [min, max] equally likely." })

export const Discrete = Schema.Struct({
  dist: Schema.Literal("discrete"),
  values: Schema.propertySignature(Schema.NonEmptyArray(Finite)).annotations({ description: "The possible values." }),
  weights: Schema.optional(Schema.NonEmptyArray(NonNegative)).annotations({
    description: "Relative weight of each value (same length as values). Default: all equal."
  })
}).annotations({
  identifier: "Discrete",
  description: "An empirical table: observed values with their frequencies (for example from survey or log data)."
})

export const Distribution = Schema.Union(
  Finite,
  Fixed,
  Normal,
  TruncatedNormal,
  LogNormal,
  Beta,
  Triangular,
  Uniform,
  Discrete
).annotations({ identifier: "Distribution" })

export type Distribution = typeof Distribution.Type

export const distributionKinds = [
  "fixed",
  "normal",
  "truncnormal",
  "lognormal",
  "beta",
  "triangular",
  "uniform",
  "discrete"
] as const

/** The mean of a distribution, in its unit (used for documentation, adaptation and checks). */
export const distributionMean = (d: Distribution): number => {
  if (typeof d === "number") return d
  switch (d.dist) {
    case "fixed":
      return d.value
    case "normal":
    case "lognormal":
      return d.mean
    case "truncnormal":
      return Math.min(Math.max(d.mean, d.min ?? -Infinity), d.max ?? Infinity)
    case "beta": {
      const lo = d.min ?? 0
      const hi = d.max ?? 1
      return lo + (hi - lo) * (d.alpha / (d.alpha + d.beta))
    }
    case "triangular":
      return (d.min + d.mode + d.max) / 3
    case "uniform":
      return (d.min + d.max) / 2
    case "discrete": {
      const w = d.weights ?? d.values.map(() => 1)
      let s = 0
      let sw = 0
      d.values.forEach((v, i) => {
        s += v * (w[i] ?? 0)
        sw += w[i] ?? 0
      })
      return sw > 0 ? s / sw : 0
    }
  }
}
