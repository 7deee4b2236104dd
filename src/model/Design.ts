/**
 * A design file (sweeps and sensitivity analyses): which parameters to vary (by the path a
 * variant's `set` patch uses, persona parameters included), over what ranges, with which
 * sampling design, how many replications, and what to report. Reference: docs/sweep.md.
 */
import * as Schema from "effect/Schema"
import { metrics } from "../stats/Comparison.js"

const Finite = Schema.Number.pipe(Schema.finite())

export const Parameter = Schema.Struct({
  path: Schema.propertySignature(Schema.String).annotations({
    description:
      "Dotted path of the value to vary, as in a variant's set patch: journey.touchpoints.kitchen.service.wait.mean, or a persona's own parameter: personas.family.loyalty.retention."
  }),
  name: Schema.optional(Schema.String).annotations({ description: "Short name for tables. Default: the path." }),
  low: Schema.optional(Finite).annotations({ description: "Lowest value (with high)." }),
  high: Schema.optional(Finite).annotations({ description: "Highest value (with low)." }),
  values: Schema.optional(Schema.Array(Finite).pipe(Schema.minItems(1))).annotations({
    description: "The values to take (instead of low and high): a grid takes each; the other designs pick among them."
  }),
  distribution: Schema.optional(Schema.Literal("uniform", "log-uniform", "triangular")).annotations({
    description: "How sampled designs (latin-hypercube, sobol, morris, sobol sensitivity) spread the values between low and high. Default uniform."
  }),
  mode: Schema.optional(Finite).annotations({ description: "The most likely value of a triangular distribution. Default: halfway between low and high." })
}).annotations({ identifier: "Parameter" })
export type Parameter = typeof Parameter.Type

export const designKinds = ["grid", "latin-hypercube", "sobol", "csv"] as const

export const DesignKind = Schema.Struct({
  kind: Schema.propertySignature(Schema.Literal(...designKinds)).annotations({
    description: "grid: every combination of levels; latin-hypercube or sobol: `points` sampled points; csv: the points listed in `file`."
  }),
  points: Schema.optional(Schema.Int.pipe(Schema.between(1, 1e6))).annotations({ description: "Number of points of a latin-hypercube or sobol design. Default 16." }),
  levels: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))).annotations({
    description: "Levels per parameter of a grid, evenly spaced from low to high (parameters with values use those). Default 3."
  }),
  file: Schema.optional(Schema.String).annotations({ description: "CSV file of explicit points (csv), relative to the design file: a header of parameter paths, then one point per line." })
}).annotations({ identifier: "DesignKind" })

export const sensitivityMethods = ["oat", "morris", "sobol"] as const
export type SensitivityMethod = (typeof sensitivityMethods)[number]

export const SensitivitySettings = Schema.Struct({
  method: Schema.optional(Schema.Literal(...sensitivityMethods)).annotations({ description: "Default method of cxsim sensitivity. Default oat." }),
  trajectories: Schema.optional(Schema.Int.pipe(Schema.between(2, 10000))).annotations({ description: "Morris trajectories r (r·(d+1) runs). Default 20." }),
  levels: Schema.optional(Schema.Int.pipe(Schema.between(2, 100))).annotations({ description: "Morris grid levels p (even). Default 4." }),
  samples: Schema.optional(Schema.Int.pipe(Schema.between(2, 1e6))).annotations({ description: "Sobol base samples N (N·(d+2) runs). Default 64." }),
  bootstrap: Schema.optional(Schema.Int.pipe(Schema.between(0, 10000))).annotations({ description: "Bootstrap resamples of the Sobol intervals. Default 200." })
}).annotations({ identifier: "SensitivitySettings" })

export const Design = Schema.Struct({
  parameters: Schema.propertySignature(Schema.Array(Parameter).pipe(Schema.minItems(1))).annotations({ description: "The parameters to vary." }),
  design: Schema.optional(DesignKind).annotations({ description: "How cxsim sweep picks its points. Default: a grid of 3 levels." }),
  sensitivity: Schema.optional(SensitivitySettings).annotations({ description: "Settings of cxsim sensitivity." }),
  variant: Schema.optional(Schema.String).annotations({ description: "A variant of the scenario to start from. Default: the baseline." }),
  replications: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))).annotations({
    description: "Runs of each point, each with its own seed (recorded in every row). Default 1."
  }),
  seed: Schema.optional(Schema.Int.pipe(Schema.between(0, 2 ** 32 - 1))).annotations({
    description: "Seed of the design (sampling) and of the replications. Default: the scenario's seed."
  }),
  customers: Schema.optional(Schema.Int.pipe(Schema.between(1, 1e9))).annotations({ description: "Customers per run. Default: the scenario's population." }),
  metrics: Schema.optional(Schema.Array(Schema.Literal(...metrics)).pipe(Schema.minItems(1))).annotations({ description: "Metrics to report. Default: all." }),
  format: Schema.optional(Schema.Literal("csv", "ndjson")).annotations({ description: "Output of cxsim sweep when its file is named neither .csv nor .ndjson (.jsonl). Default csv." })
}).annotations({ identifier: "Design", title: "cxsim design" })
export type Design = typeof Design.Type

export const designDefaults = {
  kind: "grid",
  points: 16,
  levels: 3,
  replications: 1,
  format: "csv",
  method: "oat",
  trajectories: 20,
  morrisLevels: 4,
  samples: 64,
  bootstrap: 200
} as const
