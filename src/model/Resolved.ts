/**
 * A scenario after loading: personas read from their files, the variant applied, every default
 * filled in. This is what `compile` turns into flat arrays, and what the library API returns.
 */
import type { Distribution } from "./Distribution.js"
import type { KanoClass } from "./Persona.js"
import type { Dimension, Touchpoint, Variant } from "./Scenario.js"

export interface Behaviour {
  readonly tolerance: number
  readonly lossAversion: number
  readonly sensitivity: number
  readonly memory: { readonly peak: number; readonly end: number; readonly average: number }
  readonly patience: number
  readonly deviation: number
  readonly effortSensitivity: number
  readonly loyalty: {
    readonly retention: number
    readonly satisfaction: number
    readonly effort: number
    readonly switchingCost: number
    readonly abandonment: number
  }
  readonly recommend: number
  readonly adaptation: number
  readonly noise: number
  readonly noiseTrait: number
  readonly satisfactionBias: number
  readonly satisfactionSlope: number
  readonly effortCost: number
  readonly abandonPenalty: number
  readonly doubleDeviation: number
  readonly failureScar: number
  readonly memoryGain: number
  readonly recommendNoise: number
  readonly complaintPropensity: number
  readonly effortScale: number
  readonly effortNoise: number
}

export interface ResolvedExpectation {
  readonly adequate: number
  readonly expected: number
  readonly desired: number
  readonly spread: number
}

export interface ResolvedPersona {
  readonly id: string
  readonly label: string
  readonly description: string
  readonly file: string
  readonly share: number
  readonly expectations: Readonly<Record<string, ResolvedExpectation>>
  readonly weights: Readonly<Record<string, number>>
  readonly kano: Readonly<Record<string, KanoClass>>
  readonly channels: Readonly<Record<string, number>>
  readonly value: number
  readonly behaviour: Behaviour
}

/** Properties of the journey as a whole. */
export interface Settings {
  readonly channelSwitchEffort: number
  readonly repeatEffort: number
  readonly maxSteps: number
}

export interface ResolvedScenario {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly file: string
  readonly currency: string
  readonly seed: number
  readonly population: number
  readonly horizon: number
  readonly dimensions: Readonly<Record<string, Dimension>>
  readonly personas: ReadonlyArray<ResolvedPersona>
  readonly journey: {
    readonly start: string
    readonly touchpoints: Readonly<Record<string, Touchpoint>>
    readonly outcomes: Readonly<Record<string, "completed" | "abandoned">>
  }
  readonly settings: Settings
  /** The variants declared in the file (for listing); `variant` is the one applied. */
  readonly variants: Readonly<Record<string, Variant>>
  readonly variant: string | null
  /** sha256 of the scenario and its persona files as loaded, before any variant. */
  readonly hash: string
}

export type { Distribution }
