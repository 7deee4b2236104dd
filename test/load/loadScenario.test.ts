import { Effect, Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { formatIssue } from "../../src/load/Issue.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import { MAX_FILE_BYTES } from "../../src/load/YamlFile.js"
import { personaText, scenarioText, writeProject } from "./files.js"

/** Load and return the formatted issues, with the temp folder replaced by <dir>. */
const problems = async (file: string, options: { variant?: string; checkAllVariants?: boolean } = {}): Promise<string> => {
  const r = await Effect.runPromise(Effect.either(loadScenario(file, options)))
  if (Either.isRight(r)) return "(valid)"
  const dir = path.dirname(path.dirname(file))
  if (r.left._tag === "FileError") return `${r.left.file}: ${r.left.message}`.split(dir).join("<dir>")
  return r.left.issues.map(formatIssue).join("\n").split(dir).join("<dir>")
}

/** Replace the scenario file `file` with `text`; returns `file`. */
const writeProjectAt = (file: string, text: string): string => {
  fs.writeFileSync(file, text)
  return file
}

const edit = (from: string, to: string): string => {
  if (!scenarioText.includes(from)) throw new Error(`fixture does not contain ${from}`)
  return scenarioText.replace(from, to)
}

describe("loadScenario", () => {
  it("loads a valid scenario with its personas and defaults", async () => {
    const s = await Effect.runPromise(loadScenario(writeProject(scenarioText)))
    expect(s.name).toBe("shop")
    expect(s.personas.map((p) => [p.id, p.label, p.share])).toEqual([
      ["regular", "Regular", 0.6],
      ["newcomer", "Newcomer", 0.4]
    ])
    expect(s.personas[0]?.expectations["wait"]).toEqual({ adequate: 10, desired: 2, expected: 6, spread: 0 })
    expect(s.personas[0]?.behaviour.lossAversion).toBe(2.25)
    expect(s.horizon).toBe(4)
    expect(s.journey.outcomes).toEqual({ done: "completed" })
  })

  it("applies a variant", async () => {
    const s = await Effect.runPromise(loadScenario(writeProject(scenarioText), { variant: "quick" }))
    expect(s.variant).toBe("quick")
    expect(s.journey.touchpoints["enter"]?.service?.["wait"]).toEqual({ dist: "normal", mean: 3, sd: 2 })
  })

  it("reports YAML syntax errors with line and column", async () => {
    expect(await problems(writeProject(edit("    scale: 5", "    scale: [5")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:8:1: Flow sequence in block collection must be sufficiently indented and end with a ]
          hint: keys of one map start at the same column, and a { or [ is closed on the line it opens (or the next lines are indented further)"
    `)
  })

  it("says what to do about the syntax errors people make most: tabs, a colon in text, no space after a colon", async () => {
    expect(await problems(writeProject(edit("    scale: 5", "\tscale: 5")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:7:1: Tabs are not allowed as indentation
          hint: indent with spaces: YAML does not allow tabs"
    `)
    // A tab before the spaces of a touchpoint's first field: the lines after it are not reported too.
    expect(await problems(writeProject(edit("    pay:\n      service:", "    pay:\n\t  service:")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:19:1: Tabs are not allowed as indentation
          hint: indent with spaces: YAML does not allow tabs"
    `)
    expect(await problems(writeProject(edit("name: shop", "name: shop\ntitle: Shop: the visit")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:2:8: Nested mappings are not allowed in compact mappings
          hint: text with ": " in it needs quotes (label: "Wait: kitchen"); otherwise check this line's indentation"
    `)
    expect(await problems(writeProject(edit("population: 2000", "population:2000")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:2:1: Implicit keys need to be on a single line
          hint: write key: value on one line, with a space after the colon; check the indentation of the lines above"
    `)
  })

  it("says that a file is empty, rather than that its top is not a map", async () => {
    expect(await problems(writeProject(""))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:1:1: the file is empty (only blank lines or comments): expected a map of fields (key: value)"`)
    expect(await problems(writeProject("# yaml-language-server: $schema=../schema/scenario.schema.json\r\n\r\n  # todo\r\n"))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:1:1: the file is empty (only blank lines or comments): expected a map of fields (key: value)"`)
    expect(await problems(writeProject("- a\n- b\n"))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:1:1: expected a map of fields (key: value) at the top of the file"`)
  })

  it("suggests the right name for an unknown key", async () => {
    expect(await problems(writeProject(edit("    scale: 5", "    sclae: 5")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:7:5: dimensions.wait.sclae: unknown field "sclae"
          hint: did you mean "scale"?"
    `)
    // An unknown key that is not near the missing field: both are problems.
    expect(await problems(writeProject(edit("    scale: 5", "    steps: 5")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:4:3: dimensions.wait.scale: the field "scale" is required
      <dir>/scenarios/shop.yaml:7:5: dimensions.wait.steps: unknown field "steps"
          hint: expected one of: label, unit, better, scale, min, max"
    `)
  })

  it("reports wrong types and out-of-range values", async () => {
    const text = edit("regular: { share: 0.6 }", "regular: { share: 1.6 }").replace("mean: 5, sd: 2", "mean: five, sd: -2")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:9:14: personas.regular.share: expected a number between 0 and 1, got 1.6
      <dir>/scenarios/shop.yaml:16:31: journey.touchpoints.enter.service.wait.mean: expected a number, got "five"
      <dir>/scenarios/shop.yaml:16:43: journey.touchpoints.enter.service.wait.sd: expected a number ≥ 0, got -2"
    `)
  })

  it("names an unknown distribution", async () => {
    expect(await problems(writeProject(edit("dist: normal", "dist: gaussian")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:16:17: journey.touchpoints.enter.service.wait.dist: unknown distribution "gaussian"
          hint: expected one of: fixed, normal, truncnormal, lognormal, beta, triangular, uniform, discrete"
    `)
  })

  it("says how far shares are from 1, and a share that would close the gap", async () => {
    expect(await problems(writeProject(edit("share: 0.4", "share: 0.7")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:8:1: personas: persona shares add up to 1.3, not 1
          hint: shares are fractions of the population, here 0.3 over 1 (newcomer: 0.4, say)"
    `)
    expect(await problems(writeProject(edit("share: 0.6", "share: 0.9").replace("share: 0.4", "share: 0.2")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:8:1: personas: persona shares add up to 1.1, not 1
          hint: shares are fractions of the population, here 0.1 over 1 (newcomer: 0.1, say)"
    `)
  })

  it("gives the sum of next-step weights and of shares that do not add up", async () => {
    const text = edit("next: { pay: 1 }", "next: { pay: 0.7, done: 0.2 }").replace("share: 0.4", "share: 0.3")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:8:1: personas: persona shares add up to 0.9, not 1
          hint: shares are fractions of the population, here 0.1 short of 1 (newcomer: 0.4, say)
      <dir>/scenarios/shop.yaml:17:7: journey.touchpoints.enter.next: next-step weights add up to 0.9, not 1
          hint: weights are the probabilities of each next step"
    `)
  })

  it("reports references to unknown touchpoints, dimensions and personas", async () => {
    const text = edit(
      "      next: { pay: 1 }",
      "      next: { paay: 1 }\n      personas:\n        regullar: { effort: 1 }"
    ).replace("        wait: 3", "        wiat: 3")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:17:15: journey.touchpoints.enter.next.paay: there is no touchpoint or outcome "paay"
          hint: did you mean "pay"?
      <dir>/scenarios/shop.yaml:19:9: journey.touchpoints.enter.personas.regullar: there is no persona "regullar" in this scenario
          hint: did you mean "regular"?
      <dir>/scenarios/shop.yaml:22:9: journey.touchpoints.pay.service.wiat: there is no dimension "wiat"
          hint: did you mean "wait"?"
    `)
  })

  it("reports touchpoints that cannot be reached, and journeys that cannot end", async () => {
    const text = edit(
      "    pay:\n",
      "    lost:\n      next: { pay: 1 }\n    loop:\n      next: { loop: 1 }\n    pay:\n"
    ).replace("next: { pay: 1 }\n    lost", "next: { pay: 0.5, loop: 0.5 }\n    lost")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:18:5: journey.touchpoints.lost: touchpoint "lost" cannot be reached from the start ("enter")
          hint: add it as a next step of another touchpoint, or remove it
      <dir>/scenarios/shop.yaml:21:7: journey.touchpoints.loop.next: from touchpoint "loop" no outcome can be reached: a journey that gets here never ends
          hint: give it, or a touchpoint after it, a next step to an outcome (done)"
    `)
  })

  it("reports a variant that patches a path that does not exist", async () => {
    const text = edit("journey.touchpoints.enter.service.wait.mean", "journey.touchpoints.entre.service.wait.mean")
    expect(await problems(writeProject(text), { checkAllVariants: true })).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:25:9: variants.quick.patches[0]: variant "quick": the path "journey.touchpoints.entre" does not exist in the scenario
          hint: did you mean "enter"?"
    `)
  })

  it("reports an unknown variant with a suggestion", async () => {
    expect(await problems(writeProject(scenarioText), { variant: "quik" })).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml: variants: there is no variant "quik"
          hint: did you mean "quick"?"
    `)
  })

  it("reports problems in persona files against the scenario's dimensions", async () => {
    const file = writeProject(scenarioText, {
      regular: "label: Regular\nexpectations:\n  wait: { adequate: 2, desired: 10 }\n  speed: { adequate: 1, desired: 2 }\n",
      newcomer: personaText("Newcomer")
    })
    expect(await problems(file)).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:4:3: expectations.speed: the scenario shop has no dimension "speed"
          hint: expected one of: wait
      <dir>/personas/regular.yaml:3:24: expectations.wait.desired: desired (10) is worse than adequate (2) for a dimension where lower is better
          hint: for lower-is-better dimensions, desired ≤ adequate (wait: adequate 15, desired 5)"
    `)
  })

  it("reports a missing persona file", async () => {
    const file = writeProject(scenarioText, { regular: personaText("Regular") })
    expect(await problems(file)).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:10:3: personas.newcomer: cannot read the persona file <dir>/personas/newcomer.yaml: no such file
          hint: put it at personas/newcomer.yaml, or give its path with file:"
    `)
  })

  it("a persona file with another extension or case, or a misspelt file:, is found and named in the hint", async () => {
    const file = writeProject(scenarioText, { regular: personaText("Regular") })
    const personas = path.join(path.dirname(path.dirname(file)), "personas")
    fs.writeFileSync(path.join(personas, "newcomer.yml"), personaText("Newcomer"))
    expect(await problems(file)).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:10:3: personas.newcomer: cannot read the persona file <dir>/personas/newcomer.yaml: no such file
          hint: found ../personas/newcomer.yml, but only newcomer.yaml is looked for: rename it newcomer.yaml, or give its path with file: ../personas/newcomer.yml"
    `)
    fs.renameSync(path.join(personas, "newcomer.yml"), path.join(personas, "Newcomer.yaml"))
    expect(await problems(file)).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:10:3: personas.newcomer: cannot read the persona file <dir>/personas/newcomer.yaml: no such file
          hint: found ../personas/Newcomer.yaml, but only newcomer.yaml is looked for: rename it newcomer.yaml, or give its path with file: ../personas/Newcomer.yaml"
    `)
    fs.renameSync(path.join(personas, "Newcomer.yaml"), path.join(personas, "new-customer.yaml"))
    expect(await problems(writeProjectAt(file, edit("newcomer: { share: 0.4 }", "newcomer: { share: 0.4, file: ../personas/new-custmer.yaml }")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:10:3: personas.newcomer: cannot read the persona file <dir>/personas/new-custmer.yaml: no such file
          hint: did you mean file: ../personas/new-customer.yaml?"
    `)
  })

  it("refuses keys that reach object prototypes", async () => {
    expect(await problems(writeProject(edit("name: shop", "name: shop\n__proto__: { polluted: 1 }")))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:2:1: __proto__: the key "__proto__" is not allowed"`)
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
  })

  it("refuses an alias bomb", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`)
    expect(await problems(writeProject(`${bomb.join("\n")}\n${scenarioText}`))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml: cannot expand the file: Excessive alias count indicates a resource exhaustion attack
          hint: aliases (*name) may be used at most 100 times and must not nest exponentially"
    `)
  })

  it("refuses a huge file before reading it", async () => {
    const file = writeProject(scenarioText)
    fs.writeFileSync(file, `# ${"x".repeat(MAX_FILE_BYTES)}\n${scenarioText}`)
    expect(await problems(file)).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml: the file is 4.0 MiB; input files may be at most 4 MiB"`)
  })

  it("reports a missing scenario file", async () => {
    const r = await Effect.runPromise(Effect.either(loadScenario("/nonexistent/scenario.yaml")))
    expect(Either.isLeft(r) && r.left._tag === "FileError" ? `${r.left.file}: ${r.left.message}` : "").toMatchInlineSnapshot(`"/nonexistent/scenario.yaml: no such file"`)
  })

  it("reports a resume-only recovery reached by a next step, bad distributions, and bad ids", async () => {
    const text = edit(
      "    pay:\n      service:\n        wait: 3\n      next: { done: 1 }\n",
      "    pay:\n      failure: { rate: 0.1, recovery: sorry }\n      service:\n        wait: { dist: triangular, min: 3, mode: 1, max: 5 }\n      next: { done: 1 }\n    sorry:\n      service:\n        wait: { dist: discrete, values: [1, 2], weights: [1] }\n"
    )
      .replace("next: { pay: 1 }", "next: { pay: 0.5, sorry: 0.5 }")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:17:25: journey.touchpoints.enter.next.sorry: "sorry" has no next steps of its own (it resumes after a failure), so it can only be reached as a recovery
          hint: give "sorry" next steps, or reach it only through failure.recovery
      <dir>/scenarios/shop.yaml:21:9: journey.touchpoints.pay.service.wait: a triangular distribution needs min ≤ mode ≤ max with min < max, got 3, 1, 5
      <dir>/scenarios/shop.yaml:25:49: journey.touchpoints.sorry.service.wait.weights: 1 weights for 2 values
          hint: give one weight per value"
    `)
    expect(await problems(writeProject(edit("  newcomer: { share: 0.4 }", "  2newcomer: { share: 0.4 }")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:10:3: personas.2newcomer: "2newcomer" is not a valid id
          hint: an id starts with a letter, then letters, digits, '-' or '_'"
    `)
  })

  it("reports a persona's preference for a channel the scenario does not have", async () => {
    const file = writeProject(scenarioText, {
      regular: "label: Regular\nexpectations:\n  wait: { adequate: 10, desired: 2 }\nchannels:\n  in-persn: 2\n",
      newcomer: personaText("Newcomer")
    })
    expect(await problems(file)).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:5:3: channels.in-persn: the scenario shop has no channel "in-persn"
          hint: did you mean "in-person"?"
    `)
  })

  it("accepts a preference for a channel that a variant closes or opens, and still refuses a misspelt one", async () => {
    // The shop's pay counter moves to the app in one variant and is removed in another.
    const text = `${edit("    pay:\n", "    pay:\n      channel: counter\n")}  app-only:\n    patches:\n      - set: journey.touchpoints.pay.channel\n        value: app\n  no-counter:\n    patches:\n      - remove: pay\n`
    const personas = (channel: string) => ({ regular: `label: Regular\nexpectations:\n  wait: { adequate: 10, desired: 2 }\nchannels: { ${channel}: 2, counter: 0.5 }\n`, newcomer: personaText("Newcomer") })
    const file = writeProject(text, personas("app"))
    expect(await problems(file, { checkAllVariants: true })).toBe("(valid)")
    const channelsOf = async (variant?: string) => (await Effect.runPromise(loadScenario(file, variant === undefined ? {} : { variant }))).personas[0]?.channels
    // What a persona prefers among the channels of the scenario as run: the others do nothing.
    expect(await channelsOf()).toEqual({ counter: 0.5 })
    expect(await channelsOf("app-only")).toEqual({ app: 2 })
    expect(await channelsOf("no-counter")).toEqual({})
    expect(await problems(writeProject(text, personas("ap")), { checkAllVariants: true })).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:4:13: channels.ap: the scenario shop has no channel "ap"
          hint: did you mean "app"?"
    `)
  })

  it("refuses to start at a resume-only recovery, and a bad id where one is referenced", async () => {
    const text = edit("  start: enter", "  start: sorry").replace(
      "      next: { done: 1 }\n",
      "      failure: { rate: 0.1, recovery: sorry }\n      next: { done: 1 }\n    sorry:\n      effort: 1\n"
    )
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:12:3: journey.start: the journey cannot start at "sorry": it has no next steps of its own (it resumes after a failure)"`)
    expect(await problems(writeProject(edit("  start: enter", "  start: 1st")))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:12:3: journey.start: expected an id (a letter, then letters, digits, '-' or '_'), got "1st""`)
  })
})

describe("limits (docs/format.md, Limits)", () => {
  it("refuses absurd magnitudes with a located message naming the bound", async () => {
    const persona = (extra: string): string => `${personaText("Regular")}${extra}\n`
    const withPersona = (extra: string): string => writeProject(scenarioText, { regular: persona(extra), newcomer: personaText("Newcomer") })
    expect(await problems(withPersona("value: 1e308"))).toMatchInlineSnapshot(`"<dir>/personas/regular.yaml:4:1: value: expected a number between -1e12 and 1e12 (see Limits in docs/format.md), got 1e+308"`)
    expect(await problems(withPersona("weights: { wait: 1e308 }"))).toMatchInlineSnapshot(`"<dir>/personas/regular.yaml:4:12: weights.wait: expected a number between -1e12 and 1e12 (see Limits in docs/format.md), got 1e+308"`)
    expect(await problems(writeProject(scenarioText, { regular: "expectations:\n  wait: { adequate: 10, desired: 2, spread: 1e200 }\n", newcomer: personaText("Newcomer") }))).toMatchInlineSnapshot(`"<dir>/personas/regular.yaml:2:37: expectations.wait.spread: expected a number between -1e12 and 1e12 (see Limits in docs/format.md), got 1e+200"`)
    expect(await problems(writeProject(edit("    scale: 5", "    scale: 1e-300")))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:7:5: dimensions.wait.scale: expected a scale of at least 1e-9 (see Limits in docs/format.md), got 1e-300"`)
    expect(await problems(writeProject(edit("name: shop", "name: shop\nmodel: { channelSwitchEffort: 1e308 }")))).toMatchInlineSnapshot(`"<dir>/scenarios/shop.yaml:2:10: model.channelSwitchEffort: expected a number between -1e12 and 1e12 (see Limits in docs/format.md), got 1e+308"`)
    expect(await problems(writeProject(edit("{ dist: normal, mean: 5, sd: 2 }", "{ dist: lognormal, mean: 1e-6, sd: 2 }")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:16:46: journey.touchpoints.enter.service.wait.sd: sd (2) may be at most 1000 times the mean (0.000001)
          hint: see Limits in docs/format.md; a log-normal this wide is a unit slip"
    `)
  })

  it("loads large real values: 25,000,000 a visit", async () => {
    const file = writeProject(scenarioText, { regular: `${personaText("Regular")}value: 25000000\n`, newcomer: personaText("Newcomer") })
    expect(await problems(file)).toBe("(valid)")
  })
})

describe("hostile and slipped inputs", () => {
  it("30,000 unknown keys: the first 50 listed, the rest counted", async () => {
    const keys = Array.from({ length: 30000 }, (_, i) => `junk${i}: ${i}`).join("\n")
    const out = (await problems(writeProject(`${scenarioText}${keys}\n`))).split("\n")
    expect(out.filter((l) => l.includes("unknown field")).length).toBe(50)
    expect(out.slice(-2).join("\n")).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml: and 29950 more problems (at most 50 are listed)
          hint: fix these first; a file this wrong may not be the file you meant"
    `)
  })

  it("a key given twice names the line of the first", async () => {
    expect(await problems(writeProject(edit("population: 2000", "population: 2000\npopulation: 3000")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:3:1: population: the key "population" is given twice (first on line 2)
          hint: keep one of them"
    `)
  })

  it("a missing 20,000-character start beside another long id", async () => {
    const long = "a".repeat(20000)
    const text = edit("  start: enter", `  start: ${long}b`).replace("    enter:\n", `    enter:\n      offPath: [${long}c]\n`)
    expect((await problems(writeProject(text))).replace(/a{100,}/g, (m) => `a×${m.length}`)).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:12:3: journey.start: there is no touchpoint "a×20000b" to start at
          hint: expected one of: enter, pay
      <dir>/scenarios/shop.yaml:15:7: journey.touchpoints.enter.offPath: there is no touchpoint "a×20000c"
          hint: expected one of: enter, pay"
    `)
  })

  it("more personas than the limit", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `  p${i}: { share: 0 }`).join("\n")
    expect(await problems(writeProject(edit("  regular: { share: 0.6 }", `  regular: { share: 0.6 }\n${many}`)))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:8:1: personas: 103 personas; a scenario may have at most 100
          hint: see Limits in docs/format.md"
    `)
  })

  it("a persona's misspelt name gets a did-you-mean", async () => {
    expect(await problems(writeProject(edit("  newcomer: { share: 0.4 }", "  newcomr: { share: 0.4 }")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:10:3: personas.newcomr: cannot read the persona file <dir>/personas/newcomr.yaml: no such file
          hint: did you mean "newcomer"? (personas/newcomer.yaml)"
    `)
  })

  it("a word that is none of a field's words is one problem, with a did-you-mean", async () => {
    expect(await problems(writeProject(edit("    better: lower", "    better: Lower")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:6:5: dimensions.wait.better: expected one of "higher", "lower", got "Lower"
          hint: did you mean "lower"?"
    `)
    const persona = "label: Regular\nexpectations:\n  wait: { adequate: 10, desired: 2 }\nkano: { wait: must be }\n"
    expect(await problems(writeProject(scenarioText, { regular: persona, newcomer: personaText("Newcomer") }))).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:4:9: kano.wait: expected one of "must-be", "one-dimensional", "attractive", "indifferent", got "must be"
          hint: did you mean "must-be"?"
    `)
  })

  it("a misspelt patch is one problem of the form it names, not one per form; a set without value is refused", async () => {
    const text = `${scenarioText}  typos:\n    patches:\n      - set: population\n        valu: 5\n      - sett: population\n        value: 5\n      - remove: pay\n        from: enter\n`
    expect(await problems(writeProject(text), { checkAllVariants: true })).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:30:9: variants.typos.patches[0].valu: unknown field "valu"
          hint: did you mean "value"?
      <dir>/scenarios/shop.yaml:31:9: variants.typos.patches[1]: a patch starts with one of set, add, replace, remove, reroute; this one has sett, value
          hint: did you mean "set"?
      <dir>/scenarios/shop.yaml:34:9: variants.typos.patches[2].from: unknown field "from"
          hint: expected one of: remove"
    `)
    const noValue = `${scenarioText}  reset:\n    patches:\n      - set: population\n`
    expect(await problems(writeProject(noValue), { variant: "reset" })).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:29:9: variants.reset.patches[0]: variant "reset": a set patch needs value: (the new value)
          hint: write value: under set: population"
    `)
    expect(await problems(writeProject(`${scenarioText}  listed:\n    - set: population\n      value: 5\n`))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:27:3: variants.listed: expected a map of fields (variant), got [{"set":"population","value":5}]
          hint: put the list of patches under patches: (a variant is { description, patches })"
    `)
  })

  it("next-step weights written as percentages say so", async () => {
    expect(await problems(writeProject(edit("next: { pay: 1 }", "next: { pay: 70, enter: 30 }")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:17:7: journey.touchpoints.enter.next: next-step weights add up to 100, not 1
          hint: they look like percentages: write each as a fraction of 1 (70 → 0.7)"
    `)
  })

  it("a persona file's own field in overrides: or model: says where it belongs", async () => {
    const text = edit("  newcomer: { share: 0.4 }", "  newcomer: { share: 0.4, overrides: { value: 20, patience: 4 } }").replace("population: 2000", "population: 2000\nmodel: { expectations: {} }")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:3:10: model.expectations: unknown field "expectations"
          hint: model: takes behaviour fields only (docs/format.md, Behaviour fields); expectations is set in the persona file
      <dir>/scenarios/shop.yaml:11:40: personas.newcomer.overrides.value: unknown field "value"
          hint: overrides: takes behaviour fields only (docs/format.md, Behaviour fields); value is set in the persona file"
    `)
  })

  it("a single value where a map of fields belongs names the fields", async () => {
    const persona = "label: Regular\nexpectations:\n  wait: 10\nloyalty: 0.9\n"
    expect(await problems(writeProject(scenarioText, { regular: persona, newcomer: personaText("Newcomer") }))).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:3:3: expectations.wait: expected a map of fields (expectation), got 10
          hint: write its fields: wait: { adequate, desired, expected, spread } (docs/format.md)
      <dir>/personas/regular.yaml:4:1: loyalty: expected a map of fields (loyalty), got 0.9
          hint: write its fields: loyalty: { retention, satisfaction, effort, switchingCost, abandonment } (docs/format.md)"
    `)
  })

  it("a file of another kind given as the scenario is one problem naming its kind", async () => {
    const file = writeProject(scenarioText)
    const persona = path.join(path.dirname(path.dirname(file)), "personas", "regular.yaml")
    expect(await problems(persona)).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:1:1: regular.yaml is a persona (it has expectations:), not a scenario
          hint: give a scenario file here (one with journey:); check the order of the files"
    `)
    // A scenario that lacks journey: is still a scenario: its problems are listed as usual.
    expect(await problems(writeProject(scenarioText.replace(/journey:[\s\S]*?variants:/, "variants:")))).toContain('the field "journey" is required')
  })

  it("a name: in a persona or a touchpoint points to label:", async () => {
    const persona = "name: Regular\nexpectations:\n  wait: { adequate: 10, desired: 2 }\n"
    expect(await problems(writeProject(edit("    pay:\n", "    pay:\n      name: Paying\n"), { regular: persona, newcomer: personaText("Newcomer") }))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:19:7: journey.touchpoints.pay.name: unknown field "name"
          hint: a display name is label: (the id is the key this is written under)"
    `)
    expect(await problems(writeProject(scenarioText, { regular: persona, newcomer: personaText("Newcomer") }))).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:1:1: name: unknown field "name"
          hint: a display name is label: (the id is the key this is written under)"
    `)
  })

  it("percentages, quoted numbers, empty and listed touchpoints get a hint in the file's terms", async () => {
    const text = edit("next: { pay: 1 }", 'next: { pay: "100%" }').replace("wait: { dist: normal, mean: 5, sd: 2 }", 'wait: { dist: normal, mean: "5", sd: 2 }').replace("population: 2000", "population: 2000\nseed: 7%")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:3:1: seed: expected a number, got "7%"
          hint: write a plain number: 0.07 for 7% if it is a share, weight, rate or probability (a fraction of 1), else 7
      <dir>/scenarios/shop.yaml:17:31: journey.touchpoints.enter.service.wait.mean: expected a number, got "5"
          hint: write the number without quotes: 5
      <dir>/scenarios/shop.yaml:18:15: journey.touchpoints.enter.next.pay: expected a number, got "100%"
          hint: write a plain number: 1 for 100% if it is a share, weight, rate or probability (a fraction of 1), else 100"
    `)
    expect(await problems(writeProject(edit("      next: { pay: 1 }", "      next: { pay: 1 }\n      failure: { rate: 5 }")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:18:18: journey.touchpoints.enter.failure.rate: expected a number between 0 and 1, got 5
          hint: write a fraction of 1: 0.05 for 5%"
    `)
    expect(await problems(writeProject(edit("    pay:\n      service:\n        wait: 3\n      next: { done: 1 }", "    pay:")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:18:5: journey.touchpoints.pay: expected a map of fields (touchpoint), got nothing (an empty value)
          hint: give it its fields, indented under it, or remove the key"
    `)
    expect(await problems(writeProject(edit("  start: enter", "  start: enter\n  outcomes:\n    - done")))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:13:3: journey.outcomes: expected a map of key: value, got ["done"]
          hint: write the entries as key: value lines, without a leading "- ""
    `)
  })

  it("a touchpoint without next that no failure names says that only a recovery may leave next out", async () => {
    // A misspelt recovery: the recovery touchpoint is left without a failure that names it.
    const text = edit("      next: { pay: 1 }", "      failure: { rate: 0.1, recovery: sory }\n      next: { pay: 1 }").replace("variants:", "    sorry:\n      service: { wait: 1 }\nvariants:")
    expect(await problems(writeProject(text))).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:17:29: journey.touchpoints.enter.failure.recovery: there is no touchpoint "sory"
          hint: did you mean "sorry"?
      <dir>/scenarios/shop.yaml:23:5: journey.touchpoints.sorry.next: "sorry" has no next steps, and no failure names it as its recovery (only a recovery touchpoint may leave next out)
          hint: give it next steps ({ done: 1 } ends the journey), name it in a failure ({ rate: 0.05, recovery: sorry }), or remove it"
    `)
    // A variant that replaces the failing touchpoint leaves its recovery without a failure.
    const replaced = `${text.replace("recovery: sory", "recovery: sorry")}  no-failure:\n    patches:\n      - replace: enter\n        touchpoint: { next: { pay: 1 } }\n`
    expect(await problems(writeProject(replaced), { variant: "no-failure" })).toMatchInlineSnapshot(`
      "<dir>/scenarios/shop.yaml:30:3: variants.no-failure: after applying variant "no-failure": journey.touchpoints.sorry.next: "sorry" has no next steps, and no failure names it as its recovery (only a recovery touchpoint may leave next out)
          hint: give it next steps ({ done: 1 } ends the journey), name it in a failure ({ rate: 0.05, recovery: sorry }), or remove it"
    `)
  })

  it("validate resolves every variant as load with it would", async () => {
    const text = `${scenarioText}  flipped:\n    patches:\n      - set: dimensions.wait.better\n        value: higher\n`
    const file = writeProject(text)
    const viaValidate = await problems(file, { checkAllVariants: true })
    const viaLoad = await problems(file, { variant: "flipped" })
    expect(viaValidate).toMatchInlineSnapshot(`
      "<dir>/personas/regular.yaml:3:25: expectations.wait.desired: with variant "flipped": desired (2) is worse than adequate (10) for a dimension where higher is better
          hint: desired ≥ adequate
      <dir>/personas/newcomer.yaml:3:25: expectations.wait.desired: with variant "flipped": desired (2) is worse than adequate (10) for a dimension where higher is better
          hint: desired ≥ adequate"
    `)
    expect(viaLoad).not.toBe("(valid)")
  })
})
