/**
 * Warnings for slips that validate: each one reproduced from a file, its message pinned, printed
 * by the CLI on stderr with file:line while the command succeeds, and an error (exit 3) with
 * --strict. The bundled scenarios give none.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { parse, stringify } from "yaml"
import { load, loadEffect } from "../../src/api.js"
import { formatIssue } from "../../src/load/Issue.js"
import { lint, lintFile } from "../../src/load/lint.js"
import type { YamlFile } from "../../src/load/YamlFile.js"
import { root, runCli } from "../support/cli.js"

type Yaml = Record<string, any>

/** The restaurant with `edit` applied, beside a copy of the bundled personas (`personaEdit` on the family). */
const project = (edit: (s: Yaml) => void, personaEdit?: (p: Yaml) => void): { file: string; dir: string } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-lint-"))
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.cpSync(path.join(root, "personas"), path.join(dir, "personas"), { recursive: true })
  if (personaEdit !== undefined) {
    const f = path.join(dir, "personas", "family.yaml")
    const p = parse(fs.readFileSync(f, "utf8")) as Yaml
    personaEdit(p)
    fs.writeFileSync(f, stringify(p))
  }
  const s = parse(fs.readFileSync(path.join(root, "scenarios", "restaurant.yaml"), "utf8")) as Yaml
  edit(s)
  const file = path.join(dir, "scenarios", "restaurant.yaml")
  fs.writeFileSync(file, stringify(s))
  return { file, dir }
}

/** The warnings of a file, as the CLI prints them, with the temporary folder as <dir>. */
const warnings = async (p: { file: string; dir: string }): Promise<string[]> =>
  (await Effect.runPromise(lintFile(p.file))).map((w) => formatIssue(w).replaceAll(p.dir, "<dir>"))

const tp = (s: Yaml, id: string): Yaml => s["journey"]["touchpoints"][id]

const cases: ReadonlyArray<readonly [string, () => { file: string; dir: string }]> = [
  [
    "a dimension a persona weights without expectations",
    () =>
      project(
        (s) => {
          s["dimensions"]["noise"] = { label: "Noise", unit: "dB", better: "lower", scale: 5 }
        },
        (p) => {
          p["weights"] = { ...(p["weights"] ?? {}), noise: 1 }
        }
      )
  ],
  ["a delivered level far outside the zone (seconds for minutes)", () => project((s) => (tp(s, "kitchen")["service"]["food-wait"]["mean"] = 840))],
  ["a loop that is almost never left", () => project((s) => (tp(s, "meal")["next"] = { pay: 0.01, "order-more": 0.99 }))],
  [
    "a variant that changes nothing",
    () =>
      project((s) => {
        s["variants"]["same-wait"] = { patches: [{ set: "journey.touchpoints.kitchen.service.food-wait.mean", value: 14 }] }
      })
  ],
  [
    "a recovery touchpoint no failure reaches",
    () =>
      project((s) => {
        s["journey"]["touchpoints"]["apology"] = { label: "Apology", channel: "in-person", next: { meal: 1 } }
        tp(s, "kitchen")["failure"] = { rate: 0, recovery: "apology" }
        tp(s, "kitchen")["next"] = { meal: 0.95, apology: 0.05 }
      })
  ],
  [
    "an expectation beyond the dimension's bounds (12 on a 0–10 score)",
    () =>
      project(
        () => undefined,
        (p) => {
          p["expectations"]["cleanliness"] = { adequate: 6.5, desired: 12 }
        }
      )
  ]
]

describe("warnings for slips that validate", () => {
  it("the bundled scenarios give none", async () => {
    const files = ["restaurant", "support", "insurance-claim"].map((n) => path.join(root, "scenarios", `${n}.yaml`))
    const dir = path.join(root, "scenarios", "validity")
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".yaml"))) files.push(path.join(dir, f))
    for (const f of files) expect(await Effect.runPromise(lintFile(f)), f).toEqual([])
  })

  it("each is found, located and worded", async () => {
    const found = []
    for (const [, make] of cases) found.push(await warnings(make()))
    expect(found).toMatchInlineSnapshot(`
      [
        [
          "<dir>/personas/family.yaml:35:3: weights.noise: persona "family" weights "noise" but has no expectations for it, so it ignores "noise"
          hint: add expectations.noise (adequate, desired), or remove the weight",
        ],
        [
          "<dir>/scenarios/restaurant.yaml:108:9: journey.touchpoints.kitchen.service.food-wait: delivers 840 min, 164 noticeable steps (scale 5) outside the zone 10–20 of persona "busy-professional" (and 2 other personas)
          hint: more than 10 steps is likely a unit slip (seconds for minutes); check the level, the persona's expectations and the dimension's scale",
        ],
        [
          "<dir>/scenarios/restaurant.yaml:124:7: journey.touchpoints.kitchen.next: a journey takes more than 50 visits on average (most of them at "kitchen"): the way out of its loop is too unlikely
          hint: raise the weight of the steps that leave the loop; journeys stop at model.maxSteps (60) steps",
        ],
        [
          "<dir>/scenarios/restaurant.yaml:199:3: variants.same-wait: variant "same-wait" changes nothing the simulation uses: its results equal the baseline's
          hint: a value equal to the baseline's, or a field every persona overrides; patch what the personas see",
        ],
        [
          "<dir>/scenarios/restaurant.yaml:120:9: journey.touchpoints.kitchen.failure.rate: recovery touchpoint "apology" is never reached: the failures that lead to it ("kitchen") have rate 0
          hint: give the failure a rate above 0, or remove the recovery",
        ],
        [
          "<dir>/personas/family.yaml:21:5: expectations.cleanliness.desired: persona "family" expects "cleanliness" desired 12, beyond the dimension's min 0, max 10: delivered levels never go there
          hint: write the levels in the dimension's unit (inspection score 0–10), within its bounds; or widen the dimension's min/max",
        ],
      ]
    `)
  })

  it("reads no file again that the loader has read: given the loader's files, it needs none on disk", async () => {
    // A run loads the scenario, then lints it with the same files: each is read and decoded once.
    const p = cases[3]![1]()
    const files = new Map<string, YamlFile>()
    await Effect.runPromise(loadEffect(p.file, { files }))
    expect([...files.keys()].map((f) => path.relative(p.dir, f)).sort()).toEqual([
      "personas/bargain-hunter.yaml",
      "personas/busy-professional.yaml",
      "personas/family.yaml",
      "scenarios/restaurant.yaml"
    ])
    fs.rmSync(p.dir, { recursive: true })
    const ws = await Effect.runPromise(lintFile(p.file, undefined, files))
    expect(ws.map((w) => formatIssue(w).replaceAll(p.dir, "<dir>"))).toEqual(await warnings(cases[3]![1]()))
    // Without them, the files are read: gone, they cannot be.
    await expect(Effect.runPromise(lintFile(p.file))).rejects.toThrow()
  })

  it("a variant of numbers set in the scenario is checked as the baseline with them set; one that does not load is left to validation", async () => {
    const p = project((s) => {
      s["variants"]["same-both"] = {
        patches: [
          { set: "journey.touchpoints.kitchen.service.food-wait.mean", value: 14 },
          { set: "journey.touchpoints.kitchen.service.food-temperature.mean", value: tp(s, "kitchen")["service"]["food-temperature"]["mean"] }
        ]
      }
      s["variants"]["other-wait"] = { patches: [{ set: "journey.touchpoints.kitchen.service.food-wait.mean", value: 9 }] }
      s["variants"]["typo"] = { patches: [{ set: "journey.touchpoints.kitchen.service.food-wait.meen", value: 14 }] }
      s["variants"]["negative"] = { patches: [{ set: "journey.touchpoints.kitchen.service.food-wait.mean", value: -1e9 }] }
    })
    const ws = await Effect.runPromise(lintFile(p.file))
    expect(ws.map((w) => w.path)).toEqual(["variants.same-both"])
    expect((await runCli(["validate", p.file])).code).toBe(3)
  })

  it("the library's lint finds them in memory too (field paths, no lines)", async () => {
    const p = cases[2]![1]()
    const ws = lint(await load(p.file))
    expect(ws).toHaveLength(1)
    expect(ws[0]).toMatchObject({ path: "journey.touchpoints.kitchen.next" })
    expect(ws[0]!.line).toBeUndefined()
  })

  it("run prints them on stderr and succeeds; --strict makes them errors (exit 3); validate likewise", async () => {
    for (const [name, make] of cases) {
      const p = make()
      const ran = await runCli(["run", p.file, "--customers", "200", "--format", "json"])
      expect(ran.code, name).toBe(0)
      expect(ran.err, name).toMatch(/^\S+:\d+:\d+: \S+: warning: /m)
      JSON.parse(ran.out)
      const strict = await runCli(["run", p.file, "--customers", "200", "--strict"])
      expect(strict.code, name).toBe(3)
      expect(strict.out, name).toBe("")
      expect(strict.err, name).toContain("--strict makes it an error")
      const valid = await runCli(["validate", p.file])
      expect(valid.code, name).toBe(0)
      expect(valid.err, name).toContain("warning: ")
      expect((await runCli(["validate", p.file, "--strict"])).code, name).toBe(3)
    }
  })

  it("compare, sweep and sensitivity warn too, and --strict stops them", async () => {
    const p = cases[1]![1]()
    const compared = await runCli(["compare", p.file, "--variants", "faster-kitchen", "--customers", "200"])
    expect(compared.code).toBe(0)
    expect(compared.err).toContain("warning: delivers 840 min")
    expect((await runCli(["compare", p.file, "--variants", "faster-kitchen", "--customers", "200", "--strict"])).code).toBe(3)
    const design = path.join(p.dir, "design.yaml")
    fs.writeFileSync(design, stringify({ parameters: [{ path: "journey.touchpoints.pay.service.price.mean", low: 12, high: 15 }], design: { kind: "grid", levels: 2 }, customers: 200, metrics: ["csat"] }))
    const swept = await runCli(["sweep", p.file, design, "--out", path.join(p.dir, "s.csv")])
    expect(swept.code).toBe(0)
    expect(swept.err).toContain("warning: delivers 840 min")
    expect((await runCli(["sweep", p.file, design, "--out", path.join(p.dir, "t.csv"), "--strict"])).code).toBe(3)
    expect(fs.existsSync(path.join(p.dir, "t.csv"))).toBe(false)
    const sensed = await runCli(["sensitivity", p.file, design, "--quiet"])
    expect(sensed.code).toBe(0)
    expect(sensed.err).toContain("warning: delivers 840 min")
    const strict = await runCli(["sensitivity", p.file, design, "--strict"])
    expect([strict.code, strict.out]).toEqual([3, ""])
  })
})
