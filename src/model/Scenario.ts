/**
 * A scenario: the dimensions of service, the personas and their shares, the journey graph, the
 * population, the horizon of repeat visits, the seed, and named variants (declarative patches).
 */
import * as Schema from "effect/Schema"
import { Finite, MIN_SCALE, NonNegative, Probability } from "./Limits.js"
import { Distribution } from "./Distribution.js"
import { BehaviourFields, Id } from "./Persona.js"


export const Dimension = Schema.Struct({
  label: Schema.optional(Schema.String),
  unit: Schema.propertySignature(Schema.String).annotations({ description: "The unit levels are written in: min, °C, %, points…" }),
  better: Schema.propertySignature(Schema.Literal("higher", "lower")).annotations({ description: "Which direction is better for the customer." }),
  scale: Finite.pipe(Schema.greaterThanOrEqualTo(MIN_SCALE, { message: (i) => `Expected a scale of at least 1e-9 (see Limits in docs/format.md), actual ${String(i.actual)}` })).annotations({
    description: "How many units make one noticeable step for a customer (5 minutes of waiting, 10 °C of food temperature)."
  }),
  min: Schema.optional(Finite).annotations({ description: "Delivered levels are clamped to at least this. Default: none." }),
  max: Schema.optional(Finite).annotations({ description: "Delivered levels are clamped to at most this. Default: none." })
}).annotations({ identifier: "Dimension" })

export const PersonaRef = Schema.Struct({
  share: Schema.propertySignature(Probability).annotations({ description: "Share of the population, 0..1. Shares add up to 1." }),
  file: Schema.optional(Schema.String).annotations({
    description: "Persona file, relative to this scenario. Default: ../personas/<id>.yaml, then personas/<id>.yaml."
  }),
  overrides: Schema.optional(Schema.Struct(BehaviourFields)).annotations({
    description: "Behavioural parameters to change for this scenario only."
  })
}).annotations({ identifier: "PersonaRef" })

export const Failure = Schema.Struct({
  rate: Schema.propertySignature(Probability).annotations({ description: "Chance that the touchpoint fails on a visit (wrong order, lost claim, dropped chat)." }),
  severity: Schema.optional(NonNegative).annotations({
    description: "How bad a failure feels, in noticeable steps below adequate. Default 2."
  }),
  effort: Schema.optional(NonNegative).annotations({ description: "Effort points a failure adds (repeat contact, re-explaining). Default 1." }),
  recovery: Schema.optional(Id).annotations({
    description: "Touchpoint that handles the failure (apology, call-back). Without its own next steps, the journey resumes after the failed touchpoint."
  }),
  forgiveness: Schema.optional(Probability).annotations({
    description: "Share of the failure's pain an excellent recovery takes away; its good experience is spent on that, not counted again. Default 0.95."
  })
}).annotations({ identifier: "Failure" })

export const Next = Schema.Record({ key: Schema.String, value: NonNegative }).annotations({
  identifier: "Next",
  description: "Weighted next steps: touchpoint or outcome id → probability. They add up to 1."
})

export const PersonaTouchpointOverride = Schema.Struct({
  next: Schema.optional(Next),
  effort: Schema.optional(NonNegative),
  service: Schema.optional(Schema.Record({ key: Schema.String, value: Distribution }))
}).annotations({ identifier: "PersonaTouchpointOverride" })

export const ScheduledFailure = Schema.Struct({
  rate: Schema.optional(Probability).annotations({ description: "Chance that the touchpoint fails on a visit, from this period on." }),
  severity: Schema.optional(NonNegative).annotations({ description: "How bad a failure feels, in noticeable steps below adequate, from this period on." }),
  effort: Schema.optional(NonNegative).annotations({ description: "Effort points a failure adds, from this period on." }),
  forgiveness: Schema.optional(Probability).annotations({ description: "Share of the failure's pain a good recovery takes away, from this period on." })
}).annotations({ identifier: "ScheduledFailure" })

export const ScheduleEntry = Schema.Struct({
  from: Schema.propertySignature(Schema.Int.pipe(Schema.between(1, 120))).annotations({
    description: "First period (1-based) in which this entry applies; it holds until a later entry takes over."
  }),
  service: Schema.optional(Schema.Record({ key: Schema.String, value: Distribution })).annotations({
    description: "Delivered service of the dimensions listed, from this period on (the others keep theirs)."
  }),
  effort: Schema.optional(NonNegative).annotations({ description: "Effort points of a visit, from this period on." }),
  failure: Schema.optional(ScheduledFailure).annotations({
    description: "Failure rate, severity, effort or forgiveness from this period on (the recovery touchpoint is the touchpoint's own)."
  })
}).annotations({ identifier: "ScheduleEntry" })

export const Touchpoint = Schema.Struct({
  label: Schema.optional(Schema.String),
  stage: Schema.optional(Schema.String).annotations({ description: "Journey stage (awareness, ordering, claim…), for reports." }),
  channel: Schema.optional(Schema.String).annotations({ description: "Channel: app, web, phone, chat, in-person… Default in-person." }),
  service: Schema.optional(Schema.Record({ key: Schema.String, value: Distribution })).annotations({
    description: "Delivered service per dimension, drawn per visit."
  }),
  effort: Schema.optional(NonNegative).annotations({
    description: "Effort points of a visit (forms, waiting on hold, re-entering data). Default 0."
  }),
  switchEffort: Schema.optional(NonNegative).annotations({
    description:
      "Effort points of arriving here from a touchpoint of another channel. Default: the journey's model.channelSwitchEffort (1). 0 for a step the company brings to the customer (a delivery, a reminder, a bill), which the customer does not switch to."
  }),
  failure: Schema.optional(Failure),
  cost: Schema.optional(NonNegative).annotations({ description: "Cost to serve one visit, in the scenario's currency. Default 0." }),
  abandonable: Schema.optional(Schema.Boolean).annotations({
    description: "Whether a customer can give up here. Default true."
  }),
  next: Schema.optional(Next).annotations({
    description: "Weighted next steps (touchpoints or outcomes). Required, except on a recovery touchpoint, which without them resumes after the failed touchpoint."
  }),
  offPath: Schema.optional(Schema.Array(Id)).annotations({
    description: "Where a customer who leaves the intended path goes from here. Default: the steps after the next ones (skipping) and the steps before this one (going back)."
  }),
  personas: Schema.optional(Schema.Record({ key: Schema.String, value: PersonaTouchpointOverride })).annotations({
    description: "Per-persona changes of next steps, effort or service."
  }),
  schedule: Schema.optional(Schema.Array(ScheduleEntry)).annotations({
    description:
      "Changes of service, effort or failure from a given period on (a launch offer, a fix from period 3, a staged roll-out), in increasing order of `from`. Each entry holds until the next one; fields it does not list keep their earlier values."
  })
}).annotations({ identifier: "Touchpoint" })

export const OutcomeKind = Schema.Literal("completed", "abandoned")

export const Journey = Schema.Struct({
  start: Schema.propertySignature(Id).annotations({ description: "The first touchpoint." }),
  touchpoints: Schema.Record({ key: Id, value: Touchpoint }),
  outcomes: Schema.optional(Schema.Record({ key: Id, value: OutcomeKind })).annotations({
    description: "Terminal outcomes and their kind. Default: { done: completed }."
  })
}).annotations({ identifier: "Journey" })

export const ModelSettings = Schema.Struct({
  ...BehaviourFields,
  channelSwitchEffort: Schema.optional(NonNegative).annotations({
    description: "Effort points of moving from one channel to another. Default 1."
  }),
  repeatEffort: Schema.optional(NonNegative).annotations({
    description: "Effort points of coming back to a touchpoint already visited in the journey (re-explaining). Default 1."
  }),
  maxSteps: Schema.optional(Schema.Int.pipe(Schema.between(2, 500))).annotations({
    description: "Steps after which a customer lost in the journey gives up. Default 60."
  })
}).annotations({ identifier: "ModelSettings" })

export const SetPatch = Schema.Struct({
  set: Schema.propertySignature(Schema.String).annotations({ description: "Dotted path of the value to set, e.g. journey.touchpoints.kitchen.service.wait.mean." }),
  value: Schema.Unknown
}).annotations({ identifier: "SetPatch" })

export const AddPatch = Schema.Struct({
  add: Schema.propertySignature(Id).annotations({ description: "Id of the new touchpoint." }),
  touchpoint: Schema.Unknown
}).annotations({ identifier: "AddPatch" })

export const ReplacePatch = Schema.Struct({
  replace: Schema.propertySignature(Id).annotations({ description: "Id of the touchpoint to replace." }),
  touchpoint: Schema.Unknown
}).annotations({ identifier: "ReplacePatch" })

export const RemovePatch = Schema.Struct({
  remove: Schema.propertySignature(Id).annotations({
    description: "Id of the touchpoint to remove. Steps that led to it lead to its own next steps instead (it is skipped)."
  })
}).annotations({ identifier: "RemovePatch" })

export const ReroutePatch = Schema.Struct({
  reroute: Schema.propertySignature(Id).annotations({ description: "Touchpoint whose next step changes." }),
  from: Schema.propertySignature(Schema.String).annotations({ description: "The next step it leads to now." }),
  to: Schema.propertySignature(Schema.String).annotations({ description: "The next step it leads to instead (same weight)." })
}).annotations({ identifier: "ReroutePatch" })

export const Patch = Schema.Union(SetPatch, AddPatch, ReplacePatch, RemovePatch, ReroutePatch)
export type Patch = typeof Patch.Type

export const Variant = Schema.Struct({
  description: Schema.optional(Schema.String),
  patches: Schema.Array(Patch)
}).annotations({ identifier: "Variant" })

export const Scenario = Schema.Struct({
  name: Schema.optional(Id).annotations({ description: "Id of the scenario. Default: the file name." }),
  title: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  currency: Schema.optional(Schema.String).annotations({ description: "Currency of revenue and cost. Default EUR." }),
  seed: Schema.optional(Schema.Int.pipe(Schema.between(0, 2 ** 32 - 1))).annotations({
    description: "Seed of the random streams. Default 1."
  }),
  population: Schema.optional(Schema.Int.pipe(Schema.between(1, 1e9))).annotations({
    description: "Number of synthetic customers. Default 10000."
  }),
  horizon: Schema.optional(Schema.Int.pipe(Schema.between(1, 120))).annotations({
    description: "Number of periods of repeat visits (churn and retention). Default 4."
  }),
  dimensions: Schema.Record({ key: Id, value: Dimension }),
  personas: Schema.Record({ key: Id, value: PersonaRef }),
  journey: Journey,
  model: Schema.optional(ModelSettings),
  variants: Schema.optional(Schema.Record({ key: Id, value: Variant }))
}).annotations({ identifier: "Scenario", title: "cxsim scenario" })

export type Scenario = typeof Scenario.Type
export type Touchpoint = typeof Touchpoint.Type
export type ScheduleEntry = typeof ScheduleEntry.Type
export type Dimension = typeof Dimension.Type
export type ModelSettings = typeof ModelSettings.Type
export type Variant = typeof Variant.Type
