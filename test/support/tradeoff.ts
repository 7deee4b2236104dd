/**
 * A small scenario with two segments of opposite tastes, for comparison and benchmark tests: the
 * hurried notice only the wait, gourmets only the food's temperature. Its variants: "same"
 * (identical to the baseline), "slow-hot" and "warmer" (hotter and slower: gourmets gain, the
 * hurried lose) and "worse" (slower and colder: everyone loses).
 */
import type { YamlObject } from "./fixture.js"

export const tradeoff: YamlObject = {
  name: "tradeoff",
  seed: 3,
  population: 4000,
  horizon: 2,
  dimensions: {
    wait: { unit: "min", better: "lower", scale: 4, min: 0 },
    temperature: { unit: "°C", better: "higher", scale: 6 }
  },
  personas: { hurried: { share: 0.5 }, gourmet: { share: 0.5 } },
  journey: {
    start: "order",
    touchpoints: {
      order: { service: { wait: { dist: "lognormal", mean: 3, sd: 1 } }, next: { kitchen: 1 } },
      kitchen: {
        service: { wait: { dist: "lognormal", mean: 12, sd: 4 }, temperature: { dist: "normal", mean: 60, sd: 4 } },
        next: { done: 1 }
      }
    }
  },
  variants: {
    same: { description: "Sets the kitchen's wait to what it already is.", patches: [{ set: "journey.touchpoints.kitchen.service.wait.mean", value: 12 }] },
    "slow-hot": {
      description: "Heat lamps: hotter plates, slower service.",
      patches: [
        { set: "journey.touchpoints.kitchen.service.wait.mean", value: 20 },
        { set: "journey.touchpoints.kitchen.service.temperature.mean", value: 70 }
      ]
    },
    warmer: {
      description: "Hotter plates, a little slower.",
      patches: [
        { set: "journey.touchpoints.kitchen.service.wait.mean", value: 14 },
        { set: "journey.touchpoints.kitchen.service.temperature.mean", value: 70 }
      ]
    },
    worse: {
      patches: [
        { set: "journey.touchpoints.kitchen.service.wait.mean", value: 25 },
        { set: "journey.touchpoints.kitchen.service.temperature.mean", value: 50 }
      ]
    }
  }
}

export const tradeoffPersonas: Record<string, YamlObject> = {
  hurried: { label: "Hurried", expectations: { wait: { adequate: 15, desired: 5, spread: 1 } }, value: 10, patience: 3 },
  gourmet: { label: "Gourmet", expectations: { temperature: { adequate: 55, desired: 70, spread: 2 } }, value: 12 }
}

