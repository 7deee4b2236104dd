/** Small valid scenario and persona texts, and a temp-dir writer, for loader tests. */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export const scenarioText = `name: shop
population: 2000
dimensions:
  wait:
    unit: min
    better: lower
    scale: 5
personas:
  regular: { share: 0.6 }
  newcomer: { share: 0.4 }
journey:
  start: enter
  touchpoints:
    enter:
      service:
        wait: { dist: normal, mean: 5, sd: 2 }
      next: { pay: 1 }
    pay:
      service:
        wait: 3
      next: { done: 1 }
variants:
  quick:
    patches:
      - set: journey.touchpoints.enter.service.wait.mean
        value: 3
`

export const personaText = (label: string): string => `label: ${label}
expectations:
  wait: { adequate: 10, desired: 2 }
`

/** Write a scenario (and by default two valid personas) into a fresh folder; returns the scenario path. */
export const writeProject = (scenario: string, personas: Record<string, string> = { regular: personaText("Regular"), newcomer: personaText("Newcomer") }): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-load-"))
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.mkdirSync(path.join(dir, "personas"))
  for (const [id, text] of Object.entries(personas)) fs.writeFileSync(path.join(dir, "personas", `${id}.yaml`), text)
  const file = path.join(dir, "scenarios", "shop.yaml")
  fs.writeFileSync(file, scenario)
  return file
}
