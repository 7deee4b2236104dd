/**
 * Test fixtures: write a scenario and its personas as YAML files into a fresh temporary
 * directory (scenarios/<name>.yaml beside personas/<id>.yaml, the layout the loader expects),
 * then load and simulate them through the public API.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { stringify } from "yaml"
import { load, simulateScenario, type SimulateOptions } from "../../src/api.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import type { Report } from "../../src/report/Report.js"

/** A scenario or persona file, as the object its YAML holds. */
export type YamlObject = { readonly [key: string]: unknown }

const created: string[] = []

/**
 * Write `scenario` to <tmp>/scenarios/<name>.yaml and each persona to <tmp>/personas/<id>.yaml,
 * in a fresh temporary directory. Returns the path of the scenario file.
 */
export const writeFixture = (scenario: YamlObject, personas: Readonly<Record<string, YamlObject>>, name = "fixture"): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-test-"))
  created.push(dir)
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.mkdirSync(path.join(dir, "personas"))
  for (const [id, persona] of Object.entries(personas)) fs.writeFileSync(path.join(dir, "personas", `${id}.yaml`), stringify(persona))
  const file = path.join(dir, "scenarios", `${name}.yaml`)
  fs.writeFileSync(file, stringify(scenario))
  return file
}

/** Write the fixture and load it (with the variant of `options`, if any). */
export const loadFixture = (
  scenario: YamlObject,
  personas: Readonly<Record<string, YamlObject>>,
  options: { readonly variant?: string | undefined } = {}
): Promise<ResolvedScenario> => load(writeFixture(scenario, personas), { variant: options.variant })

/** Write, load and simulate a fixture; resolves with the report. */
export const run = async (
  scenario: YamlObject,
  personas: Readonly<Record<string, YamlObject>>,
  options: SimulateOptions = {}
): Promise<Report> => simulateScenario(await loadFixture(scenario, personas, { variant: options.variant }), options)

/** Remove every directory this module created (call it from `afterAll`). */
export const removeFixtures = (): void => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}
