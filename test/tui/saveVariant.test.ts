/**
 * Keeping a what-if as a variant: written into the scenario file without touching anything
 * else in it, or into a new file; never over an existing variant unless asked; never a file
 * that would not load.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import type { Patch } from "../../src/model/Scenario.js"
import { freeName, saveVariant } from "../../src/tui/saveVariant.js"
import { copyProject, leftovers, removeProjects } from "./support.js"

afterAll(removeProjects)

const faster: ReadonlyArray<Patch> = [{ set: "journey.touchpoints.kitchen.service.food-wait.mean", value: 10 }]
const appFirst: ReadonlyArray<Patch> = [{ set: "journey.touchpoints.arrive.next", value: { "order-at-table": 0.3, "order-in-app": 0.7 } }]

const rejection = async (p: Promise<unknown>): Promise<Record<string, unknown>> => {
  try {
    await p
  } catch (e) {
    return e as Record<string, unknown>
  }
  throw new Error("expected a rejection")
}

describe("saving into the scenario file", () => {
  it("adds the variant after the others and leaves every other byte as it was", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const before = fs.readFileSync(file, "utf8")
    await saveVariant({ source: file, target: file, name: "lunch-rush", description: "Kitchen 10 minutes; more app orders.", patches: [...faster, ...appFirst] })
    const after = fs.readFileSync(file, "utf8")
    expect(after.startsWith(before)).toBe(true)
    expect(after.slice(before.length)).toMatchInlineSnapshot(`
      "  lunch-rush:
          description: Kitchen 10 minutes; more app orders.
          patches:
            - set: journey.touchpoints.kitchen.service.food-wait.mean
              value: 10
            - set: journey.touchpoints.arrive.next
              value: { order-at-table: 0.3, order-in-app: 0.7 }
      "
    `)
    const s = await load(file, { variant: "lunch-rush" })
    expect(s.journey.touchpoints["kitchen"]?.service?.["food-wait"]).toEqual({ dist: "lognormal", mean: 10, sd: 5 })
    expect(s.journey.touchpoints["arrive"]?.next).toEqual({ "order-at-table": 0.3, "order-in-app": 0.7 })
    expect(leftovers(path.dirname(file))).toEqual([])
  })

  it("refuses a name that is taken, and replaces it in place only when asked", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const marker = "  # the kitchen variants\n"
    const original = fs.readFileSync(file, "utf8").replace("  hot-pass:\n", `${marker}  hot-pass:\n`)
    fs.writeFileSync(file, original)
    const e = await rejection(saveVariant({ source: file, target: file, name: "faster-kitchen", description: "", patches: faster }))
    expect(e["_tag"]).toBe("VariantExists")
    expect(fs.readFileSync(file, "utf8")).toBe(original)

    await saveVariant({ source: file, target: file, name: "faster-kitchen", description: "Two cooks.", patches: faster, replace: true })
    const after = fs.readFileSync(file, "utf8")
    const old = "  faster-kitchen:\n    description: A second cook at lunch. Dishes leave the kitchen 4 minutes sooner.\n    patches:\n      - set: journey.touchpoints.kitchen.service.food-wait.mean\n        value: 10\n"
    const now = "  faster-kitchen:\n    description: Two cooks.\n    patches:\n      - set: journey.touchpoints.kitchen.service.food-wait.mean\n        value: 10\n"
    expect(original).toContain(old)
    // The comment that came after the replaced variant (it introduces the next one) stays.
    expect(after).toBe(original.replace(old, now))
    expect(Object.keys((await load(file)).variants)).toEqual(["faster-kitchen", "hot-pass", "app-first"])
  })

  it("starts a variants map in a file that has none, and keeps Windows line ends", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const text = fs.readFileSync(file, "utf8")
    const bare = text.slice(0, text.indexOf("\nvariants:") + 1).replace(/\n/g, "\r\n")
    fs.writeFileSync(file, bare)
    await saveVariant({ source: file, target: file, name: "faster", description: "", patches: faster })
    const after = fs.readFileSync(file, "utf8")
    expect(after.startsWith(bare)).toBe(true)
    expect(after.slice(bare.length)).toBe("\r\nvariants:\r\n  faster:\r\n    patches:\r\n      - set: journey.touchpoints.kitchen.service.food-wait.mean\r\n        value: 10\r\n")
    expect((await load(file, { variant: "faster" })).variant).toBe("faster")
  })

  it("writes nothing when the variant would not load, and says why", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const before = fs.readFileSync(file, "utf8")
    // No one could reach the app any more: the loader refuses that journey.
    const closed: Patch = { set: "journey.touchpoints.arrive.next", value: { "order-at-table": 1, "order-in-app": 0 } }
    const e = await rejection(saveVariant({ source: file, target: file, name: "no-app", description: "", patches: [closed] }))
    expect(e["_tag"]).toBe("InvalidInput")
    const issues = e["issues"] as ReadonlyArray<{ file: string; message: string }>
    expect(issues[0]?.file).toBe(file)
    expect(issues[0]?.message).toContain('touchpoint "order-in-app" cannot be reached')
    expect(fs.readFileSync(file, "utf8")).toBe(before)
    expect(leftovers(path.dirname(file))).toEqual([])
  })

  it("refuses names that are not ids", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    for (const name of ["", "2nd", "with space", "a.b"]) {
      expect((await rejection(saveVariant({ source: file, target: file, name, description: "", patches: faster })))["_tag"]).toBe("UsageError")
    }
  })
})

describe("saving into a new file", () => {
  it("beside the scenario: a copy with the variant, which loads", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const copy = path.join(dir, "scenarios", "restaurant-lunch.yaml")
    const before = fs.readFileSync(file, "utf8")
    await saveVariant({ source: file, target: copy, name: "lunch", description: "", patches: faster })
    expect(fs.readFileSync(file, "utf8")).toBe(before)
    const text = fs.readFileSync(copy, "utf8")
    expect(text).toContain("# A restaurant visit: the speed of the kitchen")
    expect((await load(copy, { variant: "lunch" })).journey.touchpoints["kitchen"]?.service?.["food-wait"]).toEqual({ dist: "lognormal", mean: 10, sd: 5 })
    // A new file is never written over an existing one.
    const again = await rejection(saveVariant({ source: file, target: copy, name: "lunch-2", description: "", patches: faster }))
    expect(again["_tag"]).toBe("UsageError")
  })

  it("in another folder: the persona files are named so that it still finds them", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    fs.mkdirSync(path.join(dir, "what-ifs", "june"), { recursive: true })
    const elsewhere = path.join(dir, "what-ifs", "june", "restaurant.yaml")
    await saveVariant({ source: file, target: elsewhere, name: "lunch", description: "", patches: faster })
    expect(fs.readFileSync(elsewhere, "utf8")).toContain("busy-professional: { share: 0.4, file: ../../personas/busy-professional.yaml }")
    const s = await load(elsewhere, { variant: "lunch" })
    expect(s.personas.map((p) => path.relative(dir, p.file))).toEqual(["personas/busy-professional.yaml", "personas/family.yaml", "personas/bargain-hunter.yaml"])
  })
})

describe("the temporary file", () => {
  it("is never a planted symlink: the link's target is untouched and the scenario stays a regular file", async () => {
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const victim = path.join(dir, "victim.txt")
    fs.writeFileSync(victim, "not yours\n")
    // The name the temporary file used to have (pid and target name): predictable, so plantable.
    const planted = path.join(dir, "scenarios", `.cxsim-tmp-${process.pid}-restaurant.yaml`)
    fs.symlinkSync(victim, planted)
    await saveVariant({ source: file, target: file, name: "lunch", description: "", patches: faster })
    expect(fs.readFileSync(victim, "utf8")).toBe("not yours\n")
    expect(fs.lstatSync(file).isFile()).toBe(true)
    expect((await load(file, { variant: "lunch" })).journey.touchpoints["kitchen"]?.service?.["food-wait"]).toEqual({ dist: "lognormal", mean: 10, sd: 5 })
    expect(leftovers(path.dirname(file))).toEqual([path.basename(planted)])
  })

  it("a scenario that is a symlink keeps its link; the file it points to gets the variant", async () => {
    const dir = copyProject()
    const real = path.join(dir, "scenarios", "restaurant.yaml")
    const link = path.join(dir, "scenarios", "current.yaml")
    fs.symlinkSync("restaurant.yaml", link)
    await saveVariant({ source: link, target: link, name: "lunch", description: "", patches: faster })
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(real, "utf8")).toContain("  lunch:\n")
    expect(leftovers(path.dirname(real))).toEqual([])
  })
})

it("suggests a free name", () => {
  expect(freeName([])).toBe("what-if")
  expect(freeName(["what-if", "what-if-2"])).toBe("what-if-3")
})
