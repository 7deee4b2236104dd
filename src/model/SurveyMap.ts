/**
 * A survey mapping file: how the columns of a survey (CSV or NDJSON) map to the scenario — which
 * columns make the segment and which persona each combination of their values is, which columns
 * are outcomes and on which scale, which hold a measured service level, the weight, what counts
 * as missing, and (optionally) what a calibration may move. Read by survey/readSurvey.ts;
 * reference: docs/calibrate.md.
 */
import * as Schema from "effect/Schema"

const Finite = Schema.Number.pipe(Schema.finite())

/** A choice among literals, refused with one message listing them (not one per literal). */
const oneOf = <const L extends ReadonlyArray<string>>(...values: L) =>
  Schema.Literal(...values).annotations({
    message: (i) => ({ message: `Expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, actual ${JSON.stringify(i.actual)}`, override: true })
  })

/** A cell value as written in the mapping: text, or what YAML read as a number or true/false. */
export const Label = Schema.Union(Schema.String, Finite, Schema.Boolean).annotations({
  identifier: "Label",
  description: "A value as it appears in the survey (text, a number, true or false); matched case-insensitively, spaces trimmed."
})
export type Label = typeof Label.Type

const Labels = Schema.Array(Label).pipe(Schema.minItems(1))

export const SegmentRule = Schema.Struct({
  when: Schema.propertySignature(Schema.Record({ key: Schema.String, value: Schema.Union(Label, Labels) })).annotations({
    description: "Segment column → the value (or one of the values) it must hold. Columns left out match anything."
  }),
  persona: Schema.propertySignature(Schema.String).annotations({ description: "The scenario's persona these respondents are." })
}).annotations({ identifier: "SegmentRule" })

export const SegmentSpec = Schema.Struct({
  columns: Schema.propertySignature(Schema.Array(Schema.String).pipe(Schema.minItems(1))).annotations({
    description: "The column(s) whose values make the segment, e.g. [purpose, cabin]."
  }),
  personas: Schema.propertySignature(Schema.Array(SegmentRule).pipe(Schema.minItems(1))).annotations({
    description: "Rules, first match wins. Rows that match no rule are dropped and counted as \"no segment\"."
  })
}).annotations({ identifier: "SegmentSpec" })

export const outcomeKinds = ["csat", "ltr", "ces", "satisfied", "churn", "spend"] as const

export const OutcomeSpec = Schema.Struct({
  column: Schema.propertySignature(Schema.String).annotations({ description: "The column (NDJSON: the key)." }),
  kind: Schema.propertySignature(oneOf(...outcomeKinds)).annotations({
    description:
      "csat: 1..k (scale) or labels; ltr: likelihood to recommend 0..10; ces: effort 1..k (default 7, 1 the least effort); satisfied: yes/no (yes: the labels meaning yes); churn: left by the end of `period` (churned: the labels meaning left); spend: an amount."
  }),
  scale: Schema.optional(Schema.Int.pipe(Schema.between(2, 11))).annotations({
    description: "csat and ces: the number of points k. Default: csat 5, ces 7 (or the number of labels)."
  }),
  lowest: Schema.optional(Schema.Int.pipe(Schema.between(0, 1))).annotations({
    description: "csat and ces: the number of the lowest answer, 1 (answers 1..k) or 0 (answers 0..k−1, such as a 0–10 scale). Default 1."
  }),
  reverse: Schema.optional(Schema.Boolean).annotations({
    description:
      "csat and ces: the survey's numbers run the other way. csat: its lowest number is the best answer. ces: its highest number is the least effort (\"it was easy\": agree 1–7). It turns the numbers only: labels stay in the model's order. Default false."
  }),
  labels: Schema.optional(Schema.Array(Schema.String).pipe(Schema.minItems(2), Schema.maxItems(11))).annotations({
    description:
      "csat, ces and ltr: the answer labels in the model's order (csat: worst to best; ces: least to most effort; ltr: 0 to 10, eleven labels), whatever reverse says (\"it was easy\" on an agree scale: Strongly agree first); the numbers are accepted too."
  }),
  missing: Schema.optional(Schema.Array(Label)).annotations({
    description: "Values of this column that mean no answer, besides the mapping's missing values (e.g. 0 for \"not applicable\")."
  }),
  yes: Schema.optional(Labels).annotations({ description: "satisfied: the value(s) meaning yes." }),
  no: Schema.optional(Labels).annotations({
    description: "satisfied: the value(s) meaning no. Default: every value but the yes ones and missing. When given, any other value is invalid."
  }),
  churned: Schema.optional(Labels).annotations({ description: "churn: the value(s) meaning the respondent left." }),
  retained: Schema.optional(Labels).annotations({
    description: "churn: the value(s) meaning the respondent stayed. Default: every value but the churned ones and missing. When given, any other value is invalid."
  }),
  period: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))).annotations({
    description: "churn: the period (1-based, the scenario's horizon) by whose end a churned respondent had left. Default: the horizon."
  })
}).annotations({ identifier: "OutcomeSpec" })
export type OutcomeSpec = typeof OutcomeSpec.Type

export const MeasuredSpec = Schema.Struct({
  column: Schema.propertySignature(Schema.String).annotations({ description: "The column holding the level, in the dimension's unit." }),
  dimension: Schema.propertySignature(Schema.String).annotations({ description: "The scenario's dimension it measures (wait minutes…)." }),
  touchpoint: Schema.optional(Schema.String).annotations({ description: "The touchpoint where it was measured. Default: the journey as a whole." })
}).annotations({ identifier: "MeasuredSpec" })

export const Prior = Schema.Struct({
  mean: Schema.propertySignature(Finite),
  sd: Schema.propertySignature(Finite.pipe(Schema.positive()))
}).annotations({ identifier: "Prior", description: "A normal prior on the parameter." })

/** The path of the answer-noise share: a parameter of the survey's measurement, not of the scenario (src/calibrate/parameters.ts). */
export const ANSWER_NOISE = "answerNoise"

export const FreeParameter = Schema.Struct({
  path: Schema.propertySignature(Schema.String).annotations({
    description:
      "The parameter, by the path a variant's set patch uses: personas.family.loyalty.retention. Or answerNoise: the share of careless answers, each uniformly random over its outcome's categories (a parameter of the survey, never written back; bounds within [0, 1), default [0, 0.3])."
  }),
  bounds: Schema.optional(Schema.Tuple(Finite, Finite)).annotations({ description: "[low, high] the fit keeps to." }),
  prior: Schema.optional(Prior)
}).annotations({ identifier: "FreeParameter" })

export const CalibrateSettings = Schema.Struct({
  customers: Schema.optional(Schema.Int.pipe(Schema.between(100, 1e8))).annotations({ description: "Synthetic customers per evaluation of the fit. Default: the fit's." }),
  seed: Schema.optional(Schema.Int.pipe(Schema.between(0, 2 ** 32 - 1))).annotations({ description: "Seed of the split and the fit. Default: the scenario's seed." }),
  check: Schema.optional(Finite.pipe(Schema.between(0.05, 0.95))).annotations({ description: "Share of respondents held out to check the fit. Default 0.5." }),
  optimizer: Schema.optional(oneOf("scoring", "cmaes")).annotations({
    description: "scoring: Fisher scoring from the scenario's values (the default); cmaes: a global search of the bounds by CMA-ES first, then the scoring from its best point."
  }),
  parameters: Schema.optional(Schema.Array(FreeParameter).pipe(Schema.minItems(1))).annotations({
    description: "What the fit may move. Default: the documented default set (docs/calibrate.md)."
  })
}).annotations({ identifier: "CalibrateSettings" })

export const SurveyMapSchema = Schema.Struct({
  segment: Schema.propertySignature(SegmentSpec),
  outcomes: Schema.propertySignature(Schema.Array(OutcomeSpec).pipe(Schema.minItems(1))).annotations({ description: "The answer columns." }),
  measured: Schema.optional(Schema.Array(MeasuredSpec)).annotations({ description: "Columns holding a measured service level per respondent." }),
  weight: Schema.optional(Schema.String).annotations({ description: "The survey weight column. Default: every respondent weighs 1." }),
  id: Schema.optional(Schema.String).annotations({
    description:
      "The respondent id column: a row whose id an earlier kept row already had (an export that repeated rows) is dropped and counted as \"duplicate id\"; a row without an id is kept. Default: no id, every row is a respondent."
  }),
  missing: Schema.optional(Schema.Array(Label)).annotations({
    description: 'Values that mean "no answer", case-insensitive. Default: "", NA, N/A, -.'
  }),
  separator: Schema.optional(oneOf(",", ";", "\t", "auto")).annotations({
    description: "CSV separator. Default auto: the most frequent of , ; and tab in the header."
  }),
  decimal: Schema.optional(oneOf(".", ",", "auto")).annotations({
    description: "Decimal mark of numbers. Default auto: a point in a comma-separated file; otherwise the first number with a fraction decides for the file."
  }),
  skip: Schema.optional(Schema.Int.pipe(Schema.between(0, 1000))).annotations({
    description: "Rows right after the header that are not respondents (a row of question texts, an import-id row): skipped and counted. Default 0."
  }),
  encoding: Schema.optional(oneOf("utf-8", "utf-16", "windows-1252")).annotations({
    description: "The file's text encoding. Default utf-8; a file that starts with a UTF-16 byte-order mark is read as UTF-16 whatever this says."
  }),
  invalid: Schema.optional(oneOf("refuse", "drop")).annotations({
    description: "An answer off its scale or a number that cannot be read: refuse the file (naming row and column), or drop the row and count it. Default refuse."
  }),
  calibrate: Schema.optional(CalibrateSettings)
}).annotations({ identifier: "SurveyMap", title: "cxsim survey mapping" })

/** A free parameter of a calibration, as the fit reads it. */
export interface FreeParameterSpec {
  readonly path: string
  readonly bounds?: readonly [number, number] | undefined
  readonly prior?: { readonly mean: number; readonly sd: number } | undefined
}

/** The `calibrate:` section of a mapping. */
export interface CalibrateSection {
  readonly parameters?: ReadonlyArray<FreeParameterSpec> | undefined
  readonly customers?: number | undefined
  readonly seed?: number | undefined
  readonly check?: number | undefined
  readonly optimizer?: "scoring" | "cmaes" | undefined
}

/** The decoded mapping. */
export type SurveyMap = typeof SurveyMapSchema.Type

/** Defaults of the mapping's optional fields (docs/calibrate.md). */
export const surveyMapDefaults = {
  missing: ["", "NA", "N/A", "-"] as ReadonlyArray<string>,
  separator: "auto",
  decimal: "auto",
  invalid: "refuse",
  csatScale: 5,
  cesScale: 7,
  skip: 0,
  encoding: "utf-8",
  check: 0.5
} as const

/** The decoded `calibrate:` section is a `CalibrateSection` (a compile-time check). */
export const calibrateSectionOf = (m: SurveyMap): CalibrateSection | undefined => m.calibrate
