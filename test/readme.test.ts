/** The README's library example is run as it is written, importing the package by its name. */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { load, simulateScenario } from "../src/api.js"
import { runCli } from "./support/cli.js"

const root = path.resolve(import.meta.dirname, "..")

describe("README", () => {
  it("its library example runs and prints per-segment results and a sweep", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const m = /<!-- example: library[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme)
    expect(m).not.toBeNull()
    // Inside the package folder, `import ... from "cxsim"` resolves to the package itself.
    const file = path.join(root, `.cxsim-tmp-readme-${process.pid}.mjs`)
    fs.writeFileSync(file, m?.[1] ?? "")
    try {
      const out = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" })
      const lines = out.trim().split("\n")
      expect(lines.slice(0, 3).map((l) => l.replace(/ -?[\d.]+ -?[\d.]+$/, ""))).toEqual(["Busy professional", "Family with children", "Bargain hunter"])
      expect(lines.slice(3).map((l) => l.replace(/NPS -?[\d.]+$/, "NPS x"))).toEqual(["kitchen 10 min: NPS x", "kitchen 15 min: NPS x", "kitchen 20 min: NPS x"])
      const nps = lines.slice(3).map((l) => Number(/NPS (-?[\d.]+)/.exec(l)?.[1]))
      // A slower kitchen never raises NPS on the same customers.
      expect(nps[0]).toBeGreaterThan(nps[2] ?? Infinity)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})

describe("README, errors", () => {
  it("its errors example runs and prints the typed error's field and hint, never a stack trace", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const m = /<!-- example: errors[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme)
    expect(m).not.toBeNull()
    const file = path.join(root, `.cxsim-tmp-readme-errors-${process.pid}.mjs`)
    fs.writeFileSync(file, m?.[1] ?? "")
    try {
      const out = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      expect(out).toBe(
        'scenarios/restaurant.yaml: variants: there is no variant "faster-kitchn"\n    hint: did you mean "faster-kitchen"?\n'
      )
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})

type Report = { readonly scenario: { readonly name: string }; readonly segments: ReadonlyArray<{ readonly id: string }> }

/**
 * Write `files` (path in the project → text) into a new folder, as a user would, and run its
 * scenario with each variant (none: the baseline), 2,000 customers, JSON: each must run cleanly.
 */
const runExample = async (files: Readonly<Record<string, string>>, scenario: string, variants: ReadonlyArray<string | undefined>): Promise<Report[]> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-example-"))
  try {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
      fs.writeFileSync(path.join(dir, file), text)
    }
    const reports: Report[] = []
    for (const v of variants) {
      const r = await runCli(["run", scenario, ...(v === undefined ? [] : ["--variant", v]), "--customers", "2000", "--format", "json"], { cwd: dir })
      expect(r.err, `${scenario} ${v ?? "baseline"}`).toBe("")
      expect(r.code).toBe(0)
      reports.push(JSON.parse(r.out) as Report)
    }
    return reports
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe("README, writing a persona and a scenario", () => {
  it("its persona and scenario examples run together, as a new user copies them", async () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const yaml = (heading: string): string => {
      const m = new RegExp(`## ${heading}[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(readme)
      expect(m, `a yaml example under "${heading}"`).not.toBeNull()
      return m?.[1] ?? ""
    }
    const persona = yaml("Writing a persona")
    const reports = await runExample(
      {
        "personas/busy-professional.yaml": persona,
        // The README shows one persona; the scenario names a second, written the same way.
        "personas/family.yaml": persona.replace("Busy professional", "Family"),
        "scenarios/restaurant.yaml": yaml("Writing a scenario")
      },
      "scenarios/restaurant.yaml",
      [undefined, "faster-kitchen"]
    )
    expect(reports[0]!.scenario.name).toBe("restaurant")
    expect(reports.map((r) => r.segments.map((s) => s.id))).toEqual([["busy-professional", "family"], ["busy-professional", "family"]])
  })
})

describe("docs/format.md, a complete minimal example", () => {
  it("its scenario and persona files run, with the variant", async () => {
    const doc = fs.readFileSync(path.join(root, "docs", "format.md"), "utf8")
    const section = /## A complete minimal example([\s\S]*?)\n## /.exec(doc)?.[1] ?? ""
    const blocks = [...section.matchAll(/`((?:scenarios|personas)\/[\w-]+\.yaml)`:\s*```yaml\n([\s\S]*?)```/g)]
    expect(blocks.map((b) => b[1])).toEqual(["scenarios/parcel-pickup.yaml", "personas/commuter.yaml"])
    const reports = await runExample(Object.fromEntries(blocks.map((b) => [b[1]!, b[2]!])), "scenarios/parcel-pickup.yaml", [undefined, "second-counter"])
    expect(reports.map((r) => r.segments.map((s) => s.id))).toEqual([["commuter"], ["commuter"]])
  })
})

describe("docs/format.md, effort points", () => {
  it("the CES and churn it quotes for a one-touchpoint journey that meets expectations hold", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-effort-"))
    fs.mkdirSync(path.join(dir, "scenarios"))
    fs.mkdirSync(path.join(dir, "personas"))
    fs.writeFileSync(path.join(dir, "personas", "guest.yaml"), "expectations:\n  speed: { adequate: 5, desired: 1 }\n")
    const doc = fs.readFileSync(path.join(root, "docs", "format.md"), "utf8")
    const quoted = /churn is about (\d+)% without\s+effort, (\d+)% at 1 point, (\d+)% at 2 and (\d+)% at 3/.exec(doc)
    expect(quoted).not.toBeNull()
    const figures: Array<[number, number]> = []
    for (const effort of [0, 1, 2, 3]) {
      const file = path.join(dir, "scenarios", `effort-${effort}.yaml`)
      fs.writeFileSync(file, `dimensions:\n  speed: { unit: min, better: lower, scale: 2 }\npersonas:\n  guest: { share: 1 }\njourney:\n  start: visit\n  touchpoints:\n    visit:\n      service: { speed: 3 }\n      effort: ${effort}\n      next: { done: 1 }\n`)
      const r = await simulateScenario(await load(file), { customers: 4000 })
      figures.push([r.overall.ces.mean, r.overall.churn.rate])
    }
    // CES 1, 2, 3, 4 (0.35 points gives 2, 1.15 gives 3, 2.16 gives 4), and churn as quoted, within 5 points.
    expect(figures.map(([ces]) => ces)).toEqual([1, 2, 3, 4])
    const churn = figures.map(([, c]) => c * 100)
    quoted?.slice(1).forEach((q, i) => expect(Math.abs((churn[i] ?? 0) - Number(q))).toBeLessThan(5))
  })

  it("churn grows with effort without a step where the CES answer is rounded (1.15 points: CES 2 → 3)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-effort-step-"))
    fs.mkdirSync(path.join(dir, "scenarios"))
    fs.mkdirSync(path.join(dir, "personas"))
    fs.writeFileSync(path.join(dir, "personas", "guest.yaml"), "expectations:\n  speed: { adequate: 5, desired: 1 }\n")
    const churn: number[] = []
    for (const [i, effort] of [1.1, 1.14, 1.16, 1.2].entries()) {
      const file = path.join(dir, "scenarios", `effort-${i}.yaml`)
      fs.writeFileSync(file, `dimensions:\n  speed: { unit: min, better: lower, scale: 2 }\npersonas:\n  guest: { share: 1 }\njourney:\n  start: visit\n  touchpoints:\n    visit:\n      service: { speed: 3 }\n      effort: ${effort}\n      next: { done: 1 }\n`)
      churn.push((await simulateScenario(await load(file), { customers: 4000 })).overall.churn.rate * 100)
    }
    fs.rmSync(dir, { recursive: true, force: true })
    // The same customers in each: churn rises with every hundredth of a point, and by about as much
    // from 1.14 to 1.16 as from 1.10 to 1.14 per point (the rounded answer made it +12 points).
    for (let i = 1; i < churn.length; i++) expect(churn[i]!).toBeGreaterThanOrEqual(churn[i - 1]!)
    expect(churn[2]! - churn[1]!).toBeLessThan(1.5)
  })
})
