/**
 * A persona (segment): how one kind of customer expects, perceives, remembers and decides.
 *
 * Every behavioural parameter is optional; the default of each is in `defaults.ts`, where its
 * source is cited. Levels are written in each dimension's own unit.
 */
import * as Schema from "effect/Schema"
import { Finite, NonNegative, Probability } from "./Limits.js"


export const Id = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z][A-Za-z0-9_-]*$/, {
    message: (issue) => `Expected an id (a letter, then letters, digits, '-' or '_'), actual ${JSON.stringify(issue.actual)}`
  })
)

export const Expectation = Schema.Struct({
  adequate: Schema.propertySignature(Finite).annotations({
    description: "The lowest level the customer accepts without complaint (bottom of the zone of tolerance)."
  }),
  desired: Schema.propertySignature(Finite).annotations({
    description: "The level the customer hopes for (top of the zone of tolerance); beyond it they are delighted."
  }),
  expected: Schema.optional(Finite).annotations({
    description: "The level the customer predicts. Default: halfway between adequate and desired."
  }),
  spread: Schema.optional(NonNegative).annotations({
    description: "How much customers of this persona differ: the standard deviation, in the dimension's unit, of a per-customer shift of all three levels. Default 0."
  })
}).annotations({ identifier: "Expectation" })

export const KanoClass = Schema.Literal("must-be", "one-dimensional", "attractive", "indifferent").annotations({
  identifier: "KanoClass",
  description:
    "must-be: only hurts when missing; attractive: only delights when present; one-dimensional: both; indifferent: barely matters."
})

export const Memory = Schema.Struct({
  peak: Schema.optional(NonNegative).annotations({ description: "Weight of the most intense moment. Default 0.25." }),
  end: Schema.optional(NonNegative).annotations({ description: "Weight of the last moment. Default 0.25." }),
  average: Schema.optional(NonNegative).annotations({ description: "Weight of the average of all moments. Default 0.5." })
}).annotations({ identifier: "Memory", description: "How the journey is remembered (peak–end rule). Weights are normalised to sum to 1." })

export const Loyalty = Schema.Struct({
  retention: Schema.optional(Probability).annotations({
    description: "Chance of staying for another period, without switching costs, after a completed journey that exactly met expectations (satisfaction 10·σ(satisfactionBias), 7.5 of 10 by default), with low effort (CES ≤ 2) and no recovered failure. Default 0.92."
  }),
  satisfaction: Schema.optional(NonNegative).annotations({
    description: "How strongly remembered satisfaction keeps the customer (log-odds per satisfaction point). Default 0.9."
  }),
  effort: Schema.optional(NonNegative).annotations({
    description: "How strongly effort drives the customer away: log-odds of staying lost per point of cumulative effort (CES, remembered like satisfaction) above 2. Default 1."
  }),
  switchingCost: Schema.optional(Finite).annotations({
    description: "Cost of leaving (contracts, habits, no alternative): of the customers who want to leave, only the share e^(−switchingCost) can, whatever their satisfaction. 0 is a competitive market; 2 keeps 86% of those who would leave ('hostages'); a negative value makes leaving easier than usual (comparison sites). Default 0."
  }),
  abandonment: Schema.optional(NonNegative).annotations({
    description: "Extra churn after an abandoned journey, in log-odds. Default 1."
  })
}).annotations({ identifier: "Loyalty" })

/** The behavioural parameters that a scenario may also set for all its personas (`model:`). */
export const BehaviourFields = {
  tolerance: Schema.optional(Probability).annotations({
    description: "Assimilation inside the zone of tolerance (κ): how much a gap between delivered and expected level counts while it stays between adequate and desired. Default 0.3."
  }),
  lossAversion: Schema.optional(Finite.pipe(Schema.greaterThanOrEqualTo(1))).annotations({
    description: "λ: how much more a shortfall hurts than an equal surplus pleases. Default 2.25."
  }),
  sensitivity: Schema.optional(Finite.pipe(Schema.between(0.1, 1))).annotations({
    description: "α: diminishing sensitivity, v(x) = x^α. Default 0.88."
  }),
  memory: Schema.optional(Memory),
  patience: Schema.optional(Finite.pipe(Schema.positive())).annotations({
    description: "How bad one moment must be for half of the customers to give up there (in experience value; one noticeable step short of adequate is about −2.25). The chance of giving up after a moment of value −x is 1 − 0.5^((x / patience)²). Default 6."
  }),
  deviation: Schema.optional(Probability).annotations({
    description: "Chance, at each step, of leaving the intended path: skipping ahead or going back. Default 0.03."
  }),
  effortSensitivity: Schema.optional(NonNegative).annotations({
    description: "How much one effort point costs in experience, relative to the default. Default 1."
  }),
  loyalty: Schema.optional(Loyalty),
  recommend: Schema.optional(Finite.pipe(Schema.between(-5, 5))).annotations({
    description: "Propensity to recommend: a shift of likelihood-to-recommend (0–10) relative to satisfaction. Default 0."
  }),
  adaptation: Schema.optional(Probability).annotations({
    description: "How fast expectations move towards what was experienced, after each period's journey. Default 0.3."
  }),
  satisfactionBias: Schema.optional(Finite).annotations({
    description: "Satisfaction (logistic scale) of a journey that exactly meets expectations. Default 1.1 (7.5 of 10: CSAT 4, 'satisfied'; a likelihood to recommend of about 7.5, a passive)."
  }),
  satisfactionSlope: Schema.optional(Finite.pipe(Schema.positive())).annotations({
    description: "How fast satisfaction rises with the remembered experience (log-odds per unit of experience value). Default 0.5."
  }),
  effortCost: Schema.optional(NonNegative).annotations({ description: "Experience lost per effort point. Default 0.4." }),
  abandonPenalty: Schema.optional(NonNegative).annotations({
    description: "Remembered experience lost by a journey that failed its objective. Default 2."
  }),
  doubleDeviation: Schema.optional(Finite.pipe(Schema.greaterThanOrEqualTo(1))).annotations({
    description: "How much worse a second failure (or a failed recovery) is than the first. Default 1.5."
  }),
  failureScar: Schema.optional(NonNegative).annotations({
    description: "Likelihood-to-recommend points (and satisfaction points in the loyalty decision) lost for each failure that was recovered: a recovery restores satisfaction, not word of mouth or loyalty. An unrecovered failure hurts satisfaction itself instead. Default 0.3."
  }),
  memoryGain: Schema.optional(Probability).annotations({
    description: "Weight of the newest visit in cumulative satisfaction. Default 0.5."
  }),
  recommendNoise: Schema.optional(NonNegative).annotations({
    description: "Individual variation of likelihood to recommend around satisfaction, in points (standard deviation). Default 1.2."
  }),
  complaintPropensity: Schema.optional(Finite).annotations({
    description: "Log-odds of complaining after a journey of satisfaction 5 of 10; each satisfaction point lowers it by 0.8. Default −3 (about 5% at satisfaction 5, 0.7% at 7.5)."
  }),
  effortScale: Schema.optional(Finite.pipe(Schema.positive())).annotations({
    description: "Effort points at which the effort score reaches about 5 of 7: CES = 1 + round(6·(1 − e^(−effort / effortScale))). Default 4."
  }),
  effortNoise: Schema.optional(NonNegative).annotations({
    description: "Individual variation of the CES answer around the journey's effort score, in CES points (standard deviation): CES = clamp(1 + round(6·(1 − e^(−effort / effortScale)) + effortNoise·z), 1, 7), z a standard normal per customer and journey. Default 0: every customer of the same effort answers the same CES. Loyalty's effort anchor keeps the score without noise."
  }),
  noise: Schema.optional(NonNegative).annotations({
    description: "Individual variation of satisfaction with the same remembered experience (standard deviation, logistic scale). Default 0.6."
  }),
  noiseTrait: Schema.optional(Probability).annotations({
    description: "Share of the variance of `noise` that is a lasting trait of the customer (some customers are more easily satisfied than others, in every period); the rest varies from journey to journey. Default 0.5."
  })
}

export const Persona = Schema.Struct({
  label: Schema.optional(Schema.String).annotations({ description: "Name shown in reports. Default: the id." }),
  description: Schema.optional(Schema.String),
  expectations: Schema.Record({ key: Schema.String, value: Expectation }).annotations({
    description: "Per dimension: the adequate, expected and desired levels. A dimension the persona does not list is not noticed by it."
  }),
  weights: Schema.optional(Schema.Record({ key: Schema.String, value: NonNegative })).annotations({
    description: "Importance of each dimension. Relative: they are normalised to average 1. Default 1."
  }),
  kano: Schema.optional(Schema.Record({ key: Schema.String, value: KanoClass })).annotations({
    description: "Kano class of each dimension. Default one-dimensional."
  }),
  channels: Schema.optional(Schema.Record({ key: Schema.String, value: NonNegative })).annotations({
    description: "Channel preference: multiplies the weight of next steps in that channel (0 = never uses it). Default 1."
  }),
  value: Schema.optional(NonNegative).annotations({
    description: "Revenue of a completed visit, in the scenario's currency. Default 0."
  }),
  ...BehaviourFields
}).annotations({ identifier: "Persona", title: "cxsim persona" })

export type Persona = typeof Persona.Type
export type Expectation = typeof Expectation.Type
export type KanoClass = typeof KanoClass.Type
