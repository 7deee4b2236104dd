/** The starter project that `cxsim init` writes: small, commented, and it runs. */

export const starterScenario = `# yaml-language-server: $schema=../schema/scenario.schema.json
#
# A starter scenario: an online order. Change the numbers, add touchpoints and
# personas, and run it with: cxsim run scenarios/starter.yaml
# Every field is described in the format reference (docs/format.md of cxsim).
name: starter
title: An online order
seed: 1
population: 10000
horizon: 4                 # periods of repeat orders

dimensions:
  page-speed:
    unit: s
    better: lower
    scale: 1.5             # 1.5 seconds slower is noticed
    min: 0
  delivery:
    unit: days
    better: lower
    scale: 1
    min: 0
  helpfulness:
    unit: score 0–10
    better: higher
    scale: 2
    min: 0
    max: 10

personas:
  first-timer: { share: 0.6 }
  regular: { share: 0.4 }

journey:
  start: browse
  touchpoints:
    browse:
      channel: web
      service:
        page-speed: { dist: lognormal, mean: 2, sd: 1 }
      next: { checkout: 0.8, help: 0.2 }
    help:
      channel: chat
      service:
        helpfulness: { dist: normal, mean: 7, sd: 1.5 }
      effort: 1
      next: { checkout: 0.9, done: 0.1 }
    checkout:
      channel: web
      service:
        page-speed: { dist: lognormal, mean: 2, sd: 0.8 }
      effort: 0.5
      failure: { rate: 0.03, severity: 2, recovery: help }
      next: { delivery: 1 }
    delivery:
      channel: in-person
      switchEffort: 0        # brought to the door: not a channel the customer switches to
      service:
        delivery: { dist: triangular, min: 1, mode: 2, max: 4 }
      cost: 4
      next: { done: 1 }
  outcomes:
    done: completed

variants:
  next-day:
    description: Next-day delivery for everyone.
    patches:
      - set: journey.touchpoints.delivery.service.delivery
        value: { dist: triangular, min: 1, mode: 1, max: 2 }
`

export const starterPersonas: Record<string, string> = {
  "first-timer": `# yaml-language-server: $schema=../schema/persona.schema.json
#
# A first-time buyer: unsure, reads everything, needs help more often.
label: First-time buyer
expectations:
  page-speed: { adequate: 4, expected: 2.5, desired: 1, spread: 0.5 }
  delivery: { adequate: 5, expected: 3, desired: 1, spread: 1 }
  helpfulness: { adequate: 6, expected: 7, desired: 9, spread: 1 }
weights:
  helpfulness: 1.5         # reassurance matters on a first order
channels:
  chat: 1.5                # asks for help readily
patience: 6
loyalty: { retention: 0.7 }
value: 35
`,
  regular: `# yaml-language-server: $schema=../schema/persona.schema.json
#
# A regular customer: knows the way, wants it fast, rarely needs help.
label: Regular customer
expectations:
  page-speed: { adequate: 3, expected: 2, desired: 1, spread: 0.3 }
  delivery: { adequate: 3, expected: 2, desired: 1, spread: 0.5 }
  helpfulness: { adequate: 6, expected: 7, desired: 8 }
weights:
  delivery: 1.5
kano:
  page-speed: must-be      # expected to just work
channels:
  chat: 0.5
loyalty: { retention: 0.85, switchingCost: 0.5 }
value: 60
`
}
