/** The bundled example survey: it reads without error, and the script that makes it gives the same bytes. */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/load/loadScenario.js"
import { loadSurveyMap, readSurvey } from "../../src/survey/readSurvey.js"
import { EXAMPLE_SURVEY, makeExampleSurvey } from "../../scripts/make-example-survey.js"

const dir = path.dirname(EXAMPLE_SURVEY)

describe("scenarios/calibrate", () => {
  it("reads the bundled survey with its mapping: every persona has respondents, the unmatched rows are counted", async () => {
    const scenario = await Effect.runPromise(loadScenario(path.join(dir, "..", "restaurant.yaml")))
    const map = await Effect.runPromise(loadSurveyMap(path.join(dir, "restaurant-survey.map.yaml")))
    const d = await Effect.runPromise(readSurvey(EXAMPLE_SURVEY, map, scenario, { where: "food_wait_min <= 20" }))
    const noSegment = d.dropped.find((x) => x.reason === "no segment")?.rows ?? 0
    expect(d.rows + d.dropped.reduce((s, x) => s + x.rows, 0)).toBe(2040)
    expect(noSegment).toBe(40)
    expect(d.segments).toEqual(["busy-professional", "family", "bargain-hunter"])
    for (const o of d.outcomes) {
      for (let s = 0; s < 3; s++) expect([...o.answer].some((a, r) => a >= 0 && d.segment[r] === s)).toBe(true)
      // Some answers are missing (NA or empty), as the script makes them.
      expect([...o.answer].some((a) => a === -1)).toBe(true)
    }
    const wait = d.measured[0]?.values ?? new Float64Array()
    // The where mask agrees with the measured column (a missing wait never matches).
    expect([...(d.where ?? [])]).toEqual([...wait].map((w) => (w <= 20 ? 1 : 0)))
    expect(wait.some((w) => Number.isNaN(w))).toBe(true)
    expect(d.where?.includes(1) && d.where.includes(0)).toBe(true)
  })

  it("the committed survey is what scripts/make-example-survey.ts writes", async () => {
    expect(await makeExampleSurvey()).toBe(fs.readFileSync(EXAMPLE_SURVEY, "utf8"))
  })
})
