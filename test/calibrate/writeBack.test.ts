/**
 * Writing calibrated values back: in place (every untouched byte as it was, comments kept), as
 * new files (originals untouched, the copy loads with the values), as a variant (through the
 * TUI's saveVariant); values read back through the library; errors located; the temporary file
 * never a planted symlink.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest"
import { load } from "../../src/api.js"
import type { FittedValue } from "../../src/calibrate/writeBack.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { copyProject, leftovers, removeProjects } from "../tui/support.js"

// The temporary file's random name, made predictable on demand so that a test can plant a
// symlink there: `planted.next` is used for the next name, then real random bytes again.
const planted = vi.hoisted(() => ({ next: undefined as Buffer | undefined, calls: 0 }))
vi.mock("node:crypto", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:crypto")>()
  return {
    ...real,
    randomBytes: (n: number) => {
      planted.calls++
      const b = planted.next
      planted.next = undefined
      return b ?? real.randomBytes(n)
    }
  }
})

// Loaded afresh, after the mock: another test file in this process may have loaded it without.
vi.resetModules()
const { parseWriteMode, writeBack, writtenValue } = await import("../../src/calibrate/writeBack.js")

afterAll(removeProjects)
beforeEach(() => {
  planted.next = undefined
  planted.calls = 0
})

const values: ReadonlyArray<FittedValue> = [
  { path: "personas.family.loyalty.retention", value: 0.93123456789 },
  { path: "personas.family.expectations.food-wait.expected", value: 17.25 },
  { path: "personas.busy-professional.recommend", value: 1 / 3 },
  // Not in family.yaml yet: added as a new key.
  { path: "personas.family.satisfactionBias", value: 1.2345678 },
  { path: "journey.touchpoints.kitchen.service.food-wait.mean", value: 14.5 }
]

/** The values as the library loads them from a scenario (the paths above, read from the resolved model). */
const readBack = (s: ResolvedScenario) => {
  const persona = (id: string) => s.personas.find((p) => p.id === id)
  const kitchen = s.journey.touchpoints["kitchen"]?.service?.["food-wait"] as { readonly mean: number } | undefined
  return {
    "personas.family.loyalty.retention": persona("family")?.behaviour.loyalty.retention,
    "personas.family.expectations.food-wait.expected": persona("family")?.expectations["food-wait"]?.expected,
    "personas.busy-professional.recommend": persona("busy-professional")?.behaviour.recommend,
    "personas.family.satisfactionBias": persona("family")?.behaviour.satisfactionBias,
    "journey.touchpoints.kitchen.service.food-wait.mean": kitchen?.mean
  }
}

const expected = (vs: ReadonlyArray<FittedValue>) => Object.fromEntries(vs.map((v) => [v.path, writtenValue(v.value)]))

const read = (f: string): string => fs.readFileSync(f, "utf8")

/** The lines of `after` that differ from `before` (same number of lines), by index. */
const changedLines = (before: string, after: string): Array<readonly [number, string]> => {
  const a = before.split("\n")
  const b = after.split("\n")
  expect(b.length).toBe(a.length)
  return b.flatMap((l, i) => (l === a[i] ? [] : [[i, l] as const]))
}

const rejection = async (p: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await p
  } catch (e) {
    return e as Record<string, unknown>
  }
  throw new Error("expected a rejection")
}

describe("writtenValue", () => {
  it("keeps at most 6 significant digits and reads back as itself", () => {
    expect(writtenValue(0.93123456789)).toBe(0.931235)
    expect(writtenValue(17.25)).toBe(17.25)
    expect(writtenValue(1 / 3)).toBe(0.333333)
    expect(writtenValue(-2.5e-7)).toBe(-2.5e-7)
    expect(writtenValue(-0.0000000001 * 0)).toBe(0)
    for (const x of [Math.PI, 1e-9 / 3, 123456789, 0.1 + 0.2]) expect(Number(String(writtenValue(x)))).toBe(writtenValue(x))
  })
})

describe("warnings the written values bring", () => {
  it("says, when writing, that a fitted expectation moved its zone past the dimension's min (a warning a run --strict refuses); none when they bring none", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    // family's food-wait zone is 25 / 18 / 12: expected 4 moves it to 11 / 4 / -2, below the dimension's min 0.
    const out = path.join(dir, "calibrated")
    // As calibration gives a moved zone: its three levels.
    const zone = (expected: number): FittedValue[] => [
      { path: "personas.family.expectations.food-wait.adequate", value: expected + 7 },
      { path: "personas.family.expectations.food-wait.expected", value: expected },
      { path: "personas.family.expectations.food-wait.desired", value: expected - 6 }
    ]
    const r = await writeBack({ scenario, values: zone(4), mode: { kind: "newFiles", dir: out } })
    const family = path.join(out, "family.yaml")
    expect(r.warnings).toEqual([
      `${family}:11: expectations.food-wait.desired: persona "family" expects "food-wait" desired -2, beyond the dimension's min 0: delivered levels never go there (the written values bring it, and cxsim run --strict refuses it: narrow the fitted parameter's bounds to keep it out)`
    ])
    const ok = await writeBack({ scenario, values: zone(17), mode: { kind: "newFiles", dir: path.join(dir, "calibrated-2") } })
    expect(ok.warnings).toEqual([])
  })
})

describe("parseWriteMode", () => {
  it("reads --write as in-place, a variant or a folder", () => {
    expect(parseWriteMode("in-place")).toEqual({ kind: "inPlace" })
    expect(parseWriteMode("variant:calibrated")).toEqual({ kind: "variant", name: "calibrated" })
    expect(parseWriteMode("out/calibrated")).toEqual({ kind: "newFiles", dir: "out/calibrated" })
  })
})

describe("in place", () => {
  it("changes only the values' text, keeps every other byte and the comments' column, and loads with the values", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const files = { scenario, family: path.join(dir, "personas", "family.yaml"), busy: path.join(dir, "personas", "busy-professional.yaml") }
    const bargain = path.join(dir, "personas", "bargain-hunter.yaml")
    const before = { scenario: read(files.scenario), family: read(files.family), busy: read(files.busy), bargain: read(bargain) }
    const r = await writeBack({ scenario, values, mode: { kind: "inPlace" } })
    expect(r).toEqual({ files: [files.family, files.busy, files.scenario], scenario, variant: null, warnings: [] })
    expect(read(bargain)).toBe(before.bargain)

    expect(changedLines(before.scenario, read(files.scenario))).toEqual([
      [94, "        food-wait: { dist: lognormal, mean: 14.5, sd: 5 }"]
    ])
    expect(changedLines(before.busy, read(files.busy))).toEqual([[38, "recommend: 0.333333     # satisfied, but rarely talks about lunch"]])
    // family.yaml: two values changed where they stand, one key added after the last.
    const family = read(files.family)
    expect(family.startsWith(before.family)).toBe(false)
    const added = "satisfactionBias: 1.23457\n"
    expect(family.endsWith(added)).toBe(true)
    expect(changedLines(before.family, family.slice(0, -added.length))).toEqual([
      [10, "  food-wait: { adequate: 25, expected: 17.25, desired: 12, spread: 3 }"],
      [33, "  retention: 0.931235      # per month"]
    ])

    expect(readBack(await load(scenario))).toEqual(expected(values))
    expect(leftovers(path.join(dir, "personas"))).toEqual([])
    expect(leftovers(path.join(dir, "scenarios"))).toEqual([])
  })

  it("writes a value that the chosen variant sets into the variant's patch, where it takes effect", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const text = read(scenario)
    // A variant that sets the kitchen's wait: the fitted kitchen wait belongs to it, not to the base.
    fs.writeFileSync(scenario, `${text}  slow:\n    patches:\n      - set: journey.touchpoints.kitchen.service.food-wait.mean\n        value: 20   # a slow night\n`)
    const before = read(scenario)
    const kitchen: FittedValue = { path: "journey.touchpoints.kitchen.service.food-wait.mean", value: 21.123456789 }
    await writeBack({ scenario, variant: "slow", values: [kitchen], mode: { kind: "inPlace" } })
    expect(changedLines(before, read(scenario))).toEqual([[before.split("\n").length - 2, "        value: 21.1235 # a slow night"]])
    expect(readBack(await load(scenario, { variant: "slow" }))["journey.touchpoints.kitchen.service.food-wait.mean"]).toBe(21.1235)
  })

  it("warns that a persona file is shared with another scenario", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const other = path.join(dir, "scenarios", "restaurant-weekend.yaml")
    fs.copyFileSync(scenario, other)
    const r = await writeBack({ scenario, values: values.slice(0, 1), mode: { kind: "inPlace" } })
    expect(r.warnings).toEqual([
      `${path.join(dir, "personas", "family.yaml")} is also used by ${other}: editing it in place changes that scenario too (write with a folder or a variant to keep it apart)`
    ])
  })

  it("refuses a path that is no longer in the file, located, and writes nothing", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const family = path.join(dir, "personas", "family.yaml")
    // The persona file changed since the calibration: its loyalty block is gone.
    fs.writeFileSync(family, read(family).replace(/^loyalty:\n(  .*\n)+/m, ""))
    const before = { scenario: read(scenario), family: read(family) }
    const e = await rejection(writeBack({ scenario, values: [values[0] as FittedValue, values[4] as FittedValue], mode: { kind: "inPlace" } }))
    expect(e["_tag"]).toBe("InvalidInput")
    expect(e["issues"]).toEqual([
      {
        file: family,
        line: 6,
        column: 1,
        path: "personas.family.loyalty.retention",
        message: 'cannot write personas.family.loyalty.retention: the path "loyalty" does not exist in this file',
        hint: "the file has changed since the calibration: calibrate again"
      }
    ])
    expect(read(scenario)).toBe(before.scenario)
    expect(read(family)).toBe(before.family)
  })

  it("refuses a value the scenario cannot take, before writing anything", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const family = path.join(dir, "personas", "family.yaml")
    const before = read(family)
    const e = await rejection(writeBack({ scenario, values: [{ path: "personas.family.loyalty.retention", value: 1.5 }], mode: { kind: "inPlace" } }))
    expect(e["_tag"]).toBe("InvalidInput")
    expect(JSON.stringify(e["issues"])).toContain("retention")
    expect(read(family)).toBe(before)
  })

  it("refuses a value that is not a finite number, in every mode, before writing anything", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const before = read(scenario)
    for (const mode of [{ kind: "inPlace" }, { kind: "newFiles", dir: path.join(dir, "out") }, { kind: "variant", name: "calibrated" }] as const) {
      const e = await rejection(writeBack({ scenario, values: [{ path: "journey.touchpoints.kitchen.service.food-wait.mean", value: Number.NaN }], mode }))
      expect(e["issues"]).toEqual([
        { file: scenario, path: "journey.touchpoints.kitchen.service.food-wait.mean", message: "the fitted value NaN is not a finite number; nothing is written" }
      ])
    }
    expect(read(scenario)).toBe(before)
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false)
  })

  it("never follows a symlink planted at the temporary file's name", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const victim = path.join(dir, "victim.txt")
    fs.writeFileSync(victim, "not yours\n")
    const bytes = Buffer.from("00112233aabbccdd", "hex")
    const trap = path.join(dir, "personas", `.cxsim-tmp-${bytes.toString("hex")}-family.yaml`)
    fs.symlinkSync(victim, trap)
    planted.next = bytes
    await writeBack({ scenario, values: values.slice(0, 1), mode: { kind: "inPlace" } })
    // The planted name was tried first, refused (it exists), and another one taken.
    expect(planted.next).toBeUndefined()
    expect(planted.calls).toBe(2)
    expect(read(victim)).toBe("not yours\n")
    expect(fs.lstatSync(trap).isSymbolicLink()).toBe(true)
    expect(fs.lstatSync(path.join(dir, "personas", "family.yaml")).isFile()).toBe(true)
    expect(readBack(await load(scenario))["personas.family.loyalty.retention"]).toBe(0.931235)
  })

  it("keeps a symlinked persona file a link, and writes the file it points to", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const real = path.join(dir, "family-real.yaml")
    const link = path.join(dir, "personas", "family.yaml")
    fs.renameSync(link, real)
    fs.symlinkSync(real, link)
    await writeBack({ scenario, values: values.slice(0, 1), mode: { kind: "inPlace" } })
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true)
    expect(read(real)).toContain("  retention: 0.931235      # per month\n")
  })
})

describe("as new files", () => {
  it("copies the touched persona files and the scenario, points the copy at them, and leaves the originals as they were", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const originals = ["scenarios/restaurant.yaml", "personas/family.yaml", "personas/busy-professional.yaml", "personas/bargain-hunter.yaml"].map((f) => path.join(dir, f))
    const before = originals.map(read)
    const out = path.join(dir, "calibrated")
    const r = await writeBack({ scenario, values, mode: { kind: "newFiles", dir: out } })
    expect(r).toEqual({
      files: [path.join(out, "family.yaml"), path.join(out, "busy-professional.yaml"), path.join(out, "restaurant.yaml")],
      scenario: path.join(out, "restaurant.yaml"),
      variant: null,
      warnings: []
    })
    expect(originals.map(read)).toEqual(before)
    // The copy differs from the scenario only in the fitted value and the persona files it names.
    expect(changedLines(before[0] as string, read(r.scenario))).toEqual([
      [55, "  busy-professional: { share: 0.4, file: busy-professional.yaml }"],
      [56, "  family: { share: 0.35, file: family.yaml }"],
      [94, "        food-wait: { dist: lognormal, mean: 14.5, sd: 5 }"]
    ])
    const loaded = await load(r.scenario)
    expect(readBack(loaded)).toEqual(expected(values))
    // The untouched persona is still the original file.
    expect(path.resolve(loaded.personas.find((p) => p.id === "bargain-hunter")?.file ?? "")).toBe(path.join(dir, "personas", "bargain-hunter.yaml"))
  })

  it("never replaces an existing file: a second write into the same folder is refused and changes nothing", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const out = path.join(dir, "calibrated")
    const r = await writeBack({ scenario, values, mode: { kind: "newFiles", dir: out } })
    const written = r.files.map(read)
    const e = await rejection(writeBack({ scenario, values: [{ ...(values[0] as FittedValue), value: 0.9 }], mode: { kind: "newFiles", dir: out } }))
    expect(e["_tag"]).toBe("UsageError")
    expect(e["message"]).toBe(`${path.join(out, "family.yaml")} exists; the calibrated files are written as new files only`)
    expect(r.files.map(read)).toEqual(written)
  })

  it("refuses the scenario's own folder, where the copy would replace the scenario", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const before = read(scenario)
    const e = await rejection(writeBack({ scenario, values: values.slice(4), mode: { kind: "newFiles", dir: path.join(dir, "scenarios") } }))
    expect(e["_tag"]).toBe("UsageError")
    expect(read(scenario)).toBe(before)
  })
})

describe("as a variant", () => {
  const behaviour = values.filter((v) => !v.path.includes(".expectations."))

  it("adds a variant of set patches (persona behaviour through overrides), every other byte as it was", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const family = path.join(dir, "personas", "family.yaml")
    const before = { scenario: read(scenario), family: read(family) }
    const r = await writeBack({ scenario, values: behaviour, mode: { kind: "variant", name: "calibrated" } })
    expect(r).toEqual({ files: [scenario], scenario, variant: "calibrated", warnings: [] })
    const after = read(scenario)
    expect(after.startsWith(before.scenario)).toBe(true)
    expect(after.slice(before.scenario.length)).toMatchInlineSnapshot(`
      "  calibrated:
          description: Calibrated to a survey (cxsim calibrate).
          patches:
            - set: journey.touchpoints.kitchen.service.food-wait.mean
              value: 14.5
            - set: personas.family.overrides
              value: { loyalty: { retention: 0.931235 }, satisfactionBias: 1.23457 }
            - set: personas.busy-professional.overrides
              value: { recommend: 0.333333 }
      "
    `)
    expect(read(family)).toBe(before.family)
    expect(readBack(await load(scenario, { variant: "calibrated" }))).toEqual({ ...expected(behaviour), "personas.family.expectations.food-wait.expected": 18 })
    // The baseline is as it was.
    expect(readBack(await load(scenario))["personas.family.loyalty.retention"]).toBe(0.98)
  })

  it("keeps the patches of the variant calibrated, then adds the fitted values", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const base = await load(scenario)
    const variant = Object.keys(base.variants)[0] as string
    await writeBack({ scenario, variant, values: behaviour.slice(0, 1), mode: { kind: "variant", name: "calibrated" } })
    const loaded = await load(scenario, { variant: "calibrated" })
    const original = await load(scenario, { variant })
    expect(loaded.journey).toEqual(original.journey)
    expect(readBack(loaded)["personas.family.loyalty.retention"]).toBe(0.931235)
  })

  it("refuses a persona field a variant cannot set, says what to do, and writes nothing", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    const before = read(scenario)
    const e = await rejection(writeBack({ scenario, values, mode: { kind: "variant", name: "calibrated" } }))
    expect(e["_tag"]).toBe("InvalidInput")
    expect(e["issues"]).toEqual([
      {
        file: scenario,
        path: "personas.family.expectations.food-wait.expected",
        message: `"expectations" is a field of the persona's own file, which a variant cannot change; a variant changes a persona only through personas.family.overrides (behaviour fields)`,
        hint: "write the calibrated values to new files (--write DIR) or in place (--write in-place)"
      }
    ])
    expect(read(scenario)).toBe(before)
  })

  it("refuses a variant name that is taken, unless asked to replace it", async () => {
    const dir = copyProject()
    const scenario = path.join(dir, "scenarios", "restaurant.yaml")
    await writeBack({ scenario, values: behaviour, mode: { kind: "variant", name: "calibrated" } })
    const e = await rejection(writeBack({ scenario, values: behaviour, mode: { kind: "variant", name: "calibrated" } }))
    expect(e["_tag"]).toBe("VariantExists")
    await writeBack({ scenario, values: [{ ...(behaviour[0] as FittedValue), value: 0.9 }], mode: { kind: "variant", name: "calibrated", replace: true } })
    expect(readBack(await load(scenario, { variant: "calibrated" }))["personas.family.loyalty.retention"]).toBe(0.9)
  })
})
