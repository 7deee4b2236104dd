/**
 * The defaults of the model, in one place. Each is a starting point from the literature named in
 * docs/model.md; every one can be overridden per scenario (`model:`) and per persona.
 */
export const behaviourDefaults = {
  /** κ, assimilation inside the zone of tolerance (Zeithaml, Berry & Parasuraman 1993). */
  tolerance: 0.3,
  /** λ, loss aversion (Tversky & Kahneman 1992). */
  lossAversion: 2.25,
  /** α, diminishing sensitivity (Tversky & Kahneman 1992). */
  sensitivity: 0.88,
  /** Peak–end weights (Kahneman et al. 1993): ω = 0.5 split between peak and end. */
  memory: { peak: 0.25, end: 0.25, average: 0.5 },
  patience: 6,
  deviation: 0.03,
  effortSensitivity: 1,
  /** Satisfaction → retention (Jones & Sasser 1995; Mittal & Kamakura 2001). */
  loyalty: { retention: 0.92, satisfaction: 0.9, effort: 1, switchingCost: 0, abandonment: 1 },
  recommend: 0,
  /** Expectation adaptation (Rust & Oliver 2000; Bolton 1998). */
  adaptation: 0.3,
  noise: 0.6,
  /** Share of the variance of `noise` that is a lasting trait of the customer (the same in every period). */
  noiseTrait: 0.7,
  /** Satisfaction (logistic scale) of a journey that exactly meets expectations: 7.5 of 10. */
  satisfactionBias: 1.1,
  satisfactionSlope: 0.5,
  /** Experience value lost per effort point (Dixon, Freeman & Toman 2010). */
  effortCost: 0.4,
  abandonPenalty: 2,
  /** Double deviation (Maxham & Netemeyer 2002). */
  doubleDeviation: 1.5,
  failureScar: 0.3,
  /** Weight of the newest visit in cumulative satisfaction (Rust & Oliver 2000). */
  memoryGain: 0.5,
  recommendNoise: 1.2,
  complaintPropensity: -3,
  effortScale: 4,
  /** CES answer noise, in CES points (0: the answer is the rounded effort score). */
  effortNoise: 0
} as const

/** Properties of the journey, set per scenario (`model:`). */
export const settingDefaults = {
  channelSwitchEffort: 1,
  repeatEffort: 1,
  maxSteps: 60
} as const

export const scenarioDefaults = {
  seed: 1,
  population: 10000,
  horizon: 4,
  currency: "EUR",
  channel: "in-person",
  outcomes: { done: "completed" as const }
} as const

export const failureDefaults = { severity: 2, effort: 1, forgiveness: 0.95 } as const

/** Kano classes as multipliers of the gain and the loss side of the value function (Kano et al. 1984). */
export const kanoWeights = {
  "one-dimensional": { gain: 1, loss: 1 },
  "must-be": { gain: 0.1, loss: 1 },
  attractive: { gain: 1, loss: 0.1 },
  indifferent: { gain: 0.1, loss: 0.1 }
} as const
