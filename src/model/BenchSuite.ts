/**
 * A benchmark suite (bench/journeys/*.yaml): a scenario, the variants to judge against its
 * baseline, the population and seed, and gates — rules a variant must keep, overall or per
 * segment, such as "NPS must not drop by more than 2 points" or "abandonment at checkout must
 * stay at or below 5%". `cxsim bench` runs suites and gives one verdict per gate and variant.
 *
 * A fit gate (`metric: fit`) judges the scenario's baseline, not the variants: how far its
 * answers lie from a survey's (the fidelity of calibration, docs/calibrate.md), against the noise
 * ceiling of that survey.
 *
 * Decoded strictly like a scenario (unknown keys are errors); what the schema cannot say — the
 * metric's name, exactly one rule per gate, the touchpoint of an abandonment gate, the survey of
 * a fit gate, ids that exist in the scenario — is checked after decoding (load/loadSuite.ts), each
 * problem located.
 */
import * as Schema from "effect/Schema"
import { Id } from "./Persona.js"

const Finite = Schema.Number.pipe(Schema.finite())
const NonNegative = Finite.pipe(Schema.nonNegative())

/**
 * What a gate can judge: the compared metrics, the share who give up at one touchpoint, and the
 * fit of the baseline to a survey.
 */
export const gateMetrics = ["csat", "nps", "ces", "satisfaction", "completion", "churn", "revenue", "abandonment", "fit"] as const
export type GateMetric = (typeof gateMetrics)[number]

/** The rules of a gate: two on the paired change (variant − baseline), two on the variant's level. */
export const gateRules = ["maxDrop", "maxRise", "max", "min"] as const
export type GateRule = (typeof gateRules)[number]

export const Gate = Schema.Struct({
  name: Schema.optional(Schema.String).annotations({ description: "A short name for reports. Default: the rule in words." }),
  metric: Schema.propertySignature(Schema.String).annotations({
    description:
      "csat (1–5), nps (−100..100), ces (1–7), satisfaction (0–10), completion, churn or abandonment (percent), revenue (per customer, in the scenario's currency), or fit (the baseline's fit to a survey: survey and map required)."
  }),
  at: Schema.optional(Id).annotations({ description: "The touchpoint of an abandonment gate (required for abandonment, not allowed otherwise)." }),
  segment: Schema.optional(Schema.String).annotations({
    description: "overall (the default), each (every segment, one check per segment), or a persona id of the scenario."
  }),
  variants: Schema.optional(Schema.Array(Id)).annotations({ description: "The variants the gate applies to. Default: every variant of the suite. Not for a fit gate, which judges the baseline." }),
  survey: Schema.optional(Schema.String).annotations({
    description: "A fit gate's survey (.csv, .tsv, .ndjson or .jsonl), relative to this suite file (required for fit, not allowed otherwise)."
  }),
  map: Schema.optional(Schema.String).annotations({
    description: "A fit gate's survey mapping file (schema/survey-map.schema.json), relative to this suite file (required for fit, not allowed otherwise)."
  }),
  maxDrop: Schema.optional(NonNegative).annotations({
    description: "The change may not go below −maxDrop: breached when the whole 95% interval of the change lies below it. In the metric's unit; percentage points for percentages."
  }),
  maxRise: Schema.optional(NonNegative).annotations({
    description: "The change may not go above +maxRise: breached when the whole 95% interval of the change lies above it. In the metric's unit; percentage points for percentages."
  }),
  max: Schema.optional(Finite).annotations({
    description:
      "The variant's level must stay at or below max: breached when its whole 95% interval lies above it (percent for percentages). For fit: the baseline's distance to the survey must stay at or below max × the noise ceiling."
  }),
  min: Schema.optional(Finite).annotations({
    description: "The variant's level must stay at or above min: breached when its whole 95% interval lies below it (percent for percentages)."
  })
}).annotations({
  identifier: "Gate",
  description: "A rule a variant must keep. Exactly one of maxDrop, maxRise, max, min; a fit gate takes max or no rule (then: the fit must not be poor)."
})

export type Gate = typeof Gate.Type

export const BenchSuite = Schema.Struct({
  name: Schema.optional(Id).annotations({ description: "Name of the suite in reports and stored results. Default: the file name." }),
  description: Schema.optional(Schema.String),
  scenario: Schema.propertySignature(Schema.String).annotations({ description: "The scenario file, relative to this suite file." }),
  variants: Schema.propertySignature(Schema.Array(Id)).annotations({ description: "The variants of the scenario to judge against its baseline." }),
  customers: Schema.optional(Schema.Int.pipe(Schema.between(1, 1e9))).annotations({
    description: "Synthetic customers, the same in every arm. Default: the scenario's population."
  }),
  seed: Schema.optional(Schema.Int.pipe(Schema.between(0, 2 ** 32 - 1))).annotations({ description: "Seed of the random streams. Default: the scenario's seed." }),
  gates: Schema.propertySignature(Schema.Array(Gate)).annotations({ description: "The gates, each checked for every variant it applies to." })
}).annotations({ identifier: "BenchSuite", title: "cxsim benchmark suite" })

export type BenchSuite = typeof BenchSuite.Type
