/** The mapping file: located errors from the schema, from checks the schema cannot make, and against the scenario. */
import { Effect, Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { formatIssue } from "../../src/load/Issue.js"
import { loadSurveyMap, readSurvey } from "../../src/survey/readSurvey.js"
import { baseCsv, baseMap, shop, type Shop } from "./support.js"

let ctx: Shop
beforeAll(async () => {
  ctx = await shop()
})

let k = 0
const write = (text: string): string => {
  const f = path.join(ctx.dir, `m-${k++}.yaml`)
  fs.writeFileSync(f, text)
  return f
}

const mapProblems = async (text: string): Promise<string> => {
  const r = await Effect.runPromise(Effect.either(loadSurveyMap(write(text))))
  if (Either.isRight(r)) return "no problem"
  if (r.left._tag === "FileError") return r.left.message
  return r.left.issues.map((i) => formatIssue(i).split(ctx.dir).join("<dir>")).join("\n")
}

const againstProblems = async (text: string): Promise<string> => {
  const m = await Effect.runPromise(loadSurveyMap(write(text)))
  const csv = path.join(ctx.dir, `s-${k++}.csv`)
  fs.writeFileSync(csv, baseCsv)
  const r = await Effect.runPromise(Effect.either(readSurvey(csv, m, ctx.scenario)))
  if (Either.isRight(r)) return "no problem"
  if (r.left._tag === "FileError") return r.left.message
  return r.left.issues.map((i) => formatIssue(i).split(ctx.dir).join("<dir>")).join("\n")
}

describe("loadSurveyMap", () => {
  it("decodes the full shape, calibrate section included", async () => {
    const text = `${baseMap}missing: ["", NA, 99]
decimal: ","
separator: ";"
invalid: drop
calibrate:
  customers: 20000
  seed: 7
  check: 0.4
  parameters:
    - { path: personas.regular.loyalty.retention, bounds: [0.5, 0.99] }
    - { path: personas.regular.expectations.wait.expected, bounds: [2, 30], prior: { mean: 10, sd: 5 } }
`
    const m = await Effect.runPromise(loadSurveyMap(write(text)))
    expect(m.map.calibrate).toEqual({
      customers: 20000,
      seed: 7,
      check: 0.4,
      parameters: [
        { path: "personas.regular.loyalty.retention", bounds: [0.5, 0.99] },
        { path: "personas.regular.expectations.wait.expected", bounds: [2, 30], prior: { mean: 10, sd: 5 } }
      ]
    })
    expect(m.map.missing).toEqual(["", "NA", 99])
  })

  it("names the line and field of an unknown key (did you mean), a wrong kind, a missing field", async () => {
    const text = `segment:
  columns: [kind]
  personas:
    - { when: { kind: regular }, persona: regular }
outcomes:
  - { column: sat, kind: csat, scael: 5 }
  - { column: nps, kind: nps }
  - { kind: ltr }
wieght: w
decimal: comma
`
    expect(await mapProblems(text)).toMatchInlineSnapshot(`
      "<dir>/m-1.yaml:6:32: outcomes[0].scael: unknown field "scael"
          hint: did you mean "scale"?
      <dir>/m-1.yaml:7:20: outcomes[1].kind: expected one of "csat", "ltr", "ces", "satisfied", "churn", "spend", got "nps"
      <dir>/m-1.yaml:8:5: outcomes[2].column: the field "column" is required
      <dir>/m-1.yaml:9:1: wieght: unknown field "wieght"
          hint: did you mean "weight"?
      <dir>/m-1.yaml:10:1: decimal: expected one of ".", ",", "auto", got "comma""
    `)
  })

  it("checks what the schema cannot: when-columns, fields of another kind, labels against the scale, yes and no, bounds", async () => {
    const text = `segment:
  columns: [kind, kind]
  personas:
    - { when: { knd: regular }, persona: regular }
outcomes:
  - { column: sat, kind: csat, scale: 7, labels: [a, b, c, d, e] }
  - { column: nps, kind: ltr, yes: [yes] }
  - { column: happy, kind: satisfied }
  - { column: stay, kind: churn, churned: [no], retained: [No] }
  - { column: sat, kind: ces }
calibrate:
  parameters:
    - { path: personas.regular.loyalty.retention, bounds: [0.9, 0.5] }
`
    expect(await mapProblems(text)).toMatchInlineSnapshot(`
      "<dir>/m-2.yaml:2:19: segment.columns[1]: the column "kind" is listed twice
      <dir>/m-2.yaml:4:17: segment.personas[0].when.knd: "knd" is not one of the segment's columns
          hint: did you mean "kind"?
      <dir>/m-2.yaml:6:42: outcomes[0].labels: 5 labels for a 7-point scale
          hint: give one label per point, worst first, or leave out scale
      <dir>/m-2.yaml:7:31: outcomes[1].yes: yes applies to satisfied outcomes, not to ltr
      <dir>/m-2.yaml:8:22: outcomes[2].kind: a satisfied outcome needs the value(s) meaning yes
          hint: add yes: [yes]
      <dir>/m-2.yaml:9:49: outcomes[3].retained: "No" is listed both ways
      <dir>/m-2.yaml:10:7: outcomes[4].column: the column "sat" is already an outcome (outcomes[0])
      <dir>/m-2.yaml:13:51: calibrate.parameters[0].bounds: the bounds [0.9, 0.5] must go from low to high"
    `)
  })

  it("refuses a check share out of range and a prior without a positive sd", async () => {
    expect(await mapProblems(`${baseMap}calibrate:\n  check: 1.5\n  parameters:\n    - { path: a.b, prior: { mean: 1, sd: 0 } }\n`)).toMatchInlineSnapshot(`
      "<dir>/m-3.yaml:14:3: calibrate.check: expected a number between 0.05 and 0.95, got 1.5
      <dir>/m-3.yaml:16:38: calibrate.parameters[0].prior.sd: expected a number > 0, got 0"
    `)
  })
})

describe("readSurvey: the mapping against the scenario", () => {
  it("names unknown personas, dimensions and touchpoints (did you mean), a touchpoint without the dimension, a churn period past the horizon", async () => {
    const text = `segment:
  columns: [kind]
  personas:
    - { when: { kind: regular }, persona: reguler }
    - { when: { kind: new }, persona: tourist }
outcomes:
  - { column: sat, kind: csat }
  - { column: stay, kind: churn, churned: [no], period: 9 }
measured:
  - { column: wait_min, dimension: wiat }
  - { column: wait_min, dimension: wait, touchpoint: entre }
`
    expect(await againstProblems(text)).toMatchInlineSnapshot(`
      "<dir>/m-4.yaml:4:34: segment.personas[0].persona: the scenario "shop" has no persona "reguler"
          hint: did you mean "regular"?
      <dir>/m-4.yaml:5:30: segment.personas[1].persona: the scenario "shop" has no persona "tourist"
          hint: expected one of: regular, newcomer
      <dir>/m-4.yaml:10:25: measured[0].dimension: the scenario "shop" has no dimension "wiat"
          hint: did you mean "wait"?
      <dir>/m-4.yaml:11:42: measured[1].touchpoint: the scenario "shop" has no touchpoint "entre"
          hint: did you mean "enter"?
      <dir>/m-4.yaml:8:49: outcomes[1].period: period 9 is beyond the scenario's horizon of 4 periods"
    `)
  })

  it("takes answerNoise with bounds within [0, 1), and names the line of bounds or a prior's mean outside", async () => {
    expect(await mapProblems(`${baseMap}calibrate:\n  parameters:\n    - { path: answerNoise, bounds: [0, 0.2], prior: { mean: 0.03, sd: 0.02 } }\n`)).toBe("no problem")
    expect(await mapProblems(`${baseMap}calibrate:\n  parameters:\n    - { path: answerNoise, bounds: [0, 1.5] }\n    - { path: answerNoise, prior: { mean: -0.1, sd: 0.1 } }\n`)).toMatchInlineSnapshot(`
      "<dir>/m-7.yaml:15:28: calibrate.parameters[0].bounds: answerNoise is a share of answers: its bounds must lie within [0, 1), got [0, 1.5]
          hint: such as [0, 0.3]
      <dir>/m-7.yaml:16:37: calibrate.parameters[1].prior.mean: answerNoise is a share of answers: its prior's mean must lie within [0, 1), got -0.1"
    `)
  })

  it("says a list or a map of fields where one is missing, not the schema's own type names", async () => {
    const text = `segment:
outcomes:
  - { column: sat, kind: csat }
measured:
missing: [NA, [x]]
calibrate: 3
`
    expect(await mapProblems(text)).toMatchInlineSnapshot(`
      "<dir>/m-8.yaml:1:1: segment: expected a map of fields (segment spec), got nothing (an empty value)
          hint: give it its fields, indented under it, or remove the key
      <dir>/m-8.yaml:4:1: measured: expected a list, got nothing (an empty value)
      <dir>/m-8.yaml:5:15: missing[1]: expected text, got ["x"]
      <dir>/m-8.yaml:5:15: missing[1]: expected a number, got ["x"]
      <dir>/m-8.yaml:5:15: missing[1]: expected true or false, got ["x"]
      <dir>/m-8.yaml:6:1: calibrate: expected a map of fields (calibrate settings), got 3
          hint: write its fields: calibrate: { customers, seed, check, optimizer, parameters } (docs/calibrate.md)"
    `)
  })
})
