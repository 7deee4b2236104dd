/**
 * The terminal UI as a strategist meets it, rendered with ink-testing-library at 80×24: open a
 * scenario, move a lever, watch the what-if rows change, keep the what-if as a variant that
 * `cxsim run` then runs; undo, reset, typed values, the keys, a scenario with errors.
 */
import { render } from "ink-testing-library"
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import { App, type AppProps } from "../../src/tui/App.js"
import { bin, copyProject, keys, leftovers, removeProjects, waitForFrame } from "./support.js"

const size = { columns: 80, rows: 24 }
const mounted: Array<() => void> = []

afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount()
})
afterAll(removeProjects)

/** The UI, driven as a user would: keys in, the screen out. */
const openTui = (props: AppProps) => {
  // A short pause before each run keeps the tests quick; the real one (250 ms) is in e2e.test.ts.
  const r = render(<App size={size} customers={2000} runner={{ debounceMs: 30, quickLookFrom: Infinity }} {...props} />)
  mounted.push(r.unmount)
  const screen = (): string => r.lastFrame() ?? ""
  return {
    screen,
    press: (...ks: string[]): void => {
      for (const k of ks) r.stdin.write(k)
    },
    /** Wait until the screen shows every text given. */
    sees: (...texts: string[]): Promise<string> => waitForFrame(r.lastFrame, (f) => texts.every((t) => f.includes(t))),
    /** Wait until the simulation of the current what-if is done. */
    settled: (): Promise<string> => waitForFrame(r.lastFrame, (f) => /✓ [\d,]+ customers per arm/.test(f))
  }
}

/** The what-if row (the second) of a segment in the segments view. */
const whatIfRow = (frame: string, segment: string): string => {
  const lines = frame.split("\n")
  const i = lines.findIndex((l) => l.startsWith(segment))
  return lines[i + 1] ?? ""
}

describe("opening", () => {
  it("lists the scenarios, offers a variant to start from, then shows baseline and what-if side by side", async () => {
    // Given a project with the bundled scenarios
    const dir = copyProject()
    // When the UI opens without a scenario
    const ui = openTui({ cwd: dir })
    // Then it lists them with their titles
    await ui.sees("Open a scenario", "scenarios/restaurant.yaml", "A restaurant visit", "scenarios/support.yaml")
    // When the restaurant is chosen
    ui.press(keys.down, keys.enter)
    // Then its variants are offered, the baseline first
    await ui.sees("A restaurant visit: start from", "› baseline", "faster-kitchen", "A second cook at lunch.")
    // When the baseline is chosen
    ui.press(keys.enter)
    // Then the levers of the first touchpoint show, and each segment has a baseline and a what-if row
    const frame = await ui.settled()
    expect(frame).toContain("A restaurant visit (restaurant.yaml) · from baseline · no change yet")
    expect(frame).toContain("› Waiting for staff · mean")
    for (const s of ["Busy professional", "Family with children", "Bargain hunter", "All customers"]) expect(frame).toContain(s)
    expect(whatIfRow(frame, "All customers")).toContain("· no change")
    expect(frame).toContain("✓ 2,000 customers per arm, paired")
  })

  it("opens a scenario with errors to the list of them, with file, line and field, and reloads it once fixed", async () => {
    // Given a restaurant scenario with a misspelt next step
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const good = fs.readFileSync(file, "utf8")
    fs.writeFileSync(file, good.replace("next: { pay: 0.85, order-more: 0.15 }", "next: { pay: 0.85, order-mor: 0.15 }"))
    // When it is opened
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml" })
    // Then the problem is listed where it is, with a hint, and nothing is simulated
    const frame = await ui.sees("scenarios/restaurant.yaml: 1 problem, nothing can run until fixed")
    const text = frame.split("\n").map((l) => l.trim()).join(" ")
    expect(text).toContain('scenarios/restaurant.yaml:114:26: journey.touchpoints.meal.next.order-mor: there is no touchpoint or outcome "order-mor" hint: did you mean "order-more"?')
    expect(frame).toContain("r reload")
    // When the file is fixed and reloaded
    fs.writeFileSync(file, good)
    ui.press("r")
    // Then the scenario opens
    await ui.sees("A restaurant visit: start from")
  })
})

describe("moving a lever", () => {
  it("changes the what-if rows and only them, and the change can be undone and reset", async () => {
    // Given the restaurant, open from the baseline, its first run done
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: undefined })
    await ui.sees("start from")
    ui.press(keys.enter)
    const before = await ui.settled()
    const baseRow = before.split("\n").find((l) => l.startsWith("Busy professional")) ?? ""
    // When the kitchen is made 4 minutes faster (to the kitchen's levers, then 8 steps of 0.5 min)
    ui.press("]]]")
    await ui.sees("kitchen — Waiting for the food", "› Waiting for the food · mean")
    ui.press("hhhhhhhh")
    // Then the lever shows the change, and once the run is done the what-if rows move while the
    // baseline rows stay
    await ui.sees("14.0 → 10.0 min", "1 change")
    const after = await ui.settled()
    expect(after.split("\n").find((l) => l.startsWith("Busy professional"))).toBe(baseRow)
    expect(whatIfRow(after, "Busy professional")).not.toBe(whatIfRow(before, "Busy professional"))
    expect(whatIfRow(after, "Busy professional")).toMatch(/▲ better .*\+0\.\d\d▲/)
    expect(after).toContain("What-if: kitchen · Waiting for the food · mean 14.0 → 10.0 min")
    // When the last change is undone
    ui.press("u")
    // Then the lever is one step back
    await ui.sees("14.0 → 10.5 min")
    // When the what-if is reset to the baseline, and the reset undone
    ui.press("r")
    await ui.sees("no change yet")
    ui.press("u")
    await ui.sees("14.0 → 10.5 min")
  })

  it("takes a typed value in the lever's unit, and says what it expects", async () => {
    // Given the restaurant open on the kitchen's failure rate
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    ui.press("]]]", "jjjjj")
    await ui.sees("› Failure rate")
    // When a value out of range is typed
    ui.press(keys.enter, "150", keys.enter)
    // Then it is refused with the range
    await ui.sees("Failure rate: at least 0% and at most 100%")
    // When it is corrected
    ui.press(keys.backspace, keys.backspace, keys.backspace, "1.5", keys.enter)
    // Then the lever takes it, and the run follows
    await ui.sees("4 → 1.5%", "from faster-kitchen · 1 change")
    await ui.settled()
  })

  it("keeps next-step weights adding up to 100%", async () => {
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    // When more guests are sent to the app
    ui.press("jjjjjjj")
    await ui.sees("› Next step → order-in-app")
    ui.press("llll")
    // Then the other step of the arrival gives up as much
    await ui.sees("25 → 45%", "75 → 55%")
  })
})

describe("the persona mix", () => {
  it("says that a segment's change includes customers who became another persona, instead of calling gains and losses", async () => {
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    // When the mix moves: the group before the last (the population)
    ui.press(..."]".repeat(30), "[")
    await ui.sees("› Busy professional · share")
    ui.press("llllllllll")
    const frame = await waitForFrame(ui.screen, (f) => f.includes("! New persona mix") && /✓ [\d,]+ customers per arm/.test(f))
    expect(frame).toContain("! New persona mix: a segment's Δ includes customers who became another persona")
    expect(frame).not.toContain("Opposite moves")
  })
})

describe("keeping the what-if", () => {
  it("saves a variant into the scenario file that then loads, and runs with cxsim run --variant", async () => {
    // Given a what-if with a faster kitchen
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const original = fs.readFileSync(file, "utf8")
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: undefined })
    await ui.sees("start from")
    ui.press(keys.enter)
    await ui.settled()
    ui.press("]]]", "hhhhhhhh")
    await ui.sees("14.0 → 10.0 min")
    // When it is kept under a name of one's own
    ui.press("s")
    await ui.sees("Keep the what-if as a variant", "› Name         what-if▏", "(this scenario)")
    ui.press(...Array<string>(7).fill(keys.backspace), "lunch-rush", keys.enter)
    // Then the screen says where, and how to run it
    await ui.sees('Kept "lunch-rush" in scenarios/restaurant.yaml')
    // And the file holds it after everything that was there, untouched
    const text = fs.readFileSync(file, "utf8")
    expect(text.startsWith(original)).toBe(true)
    expect(text.slice(original.length)).toBe(
      "  lunch-rush:\n    description: kitchen · Waiting for the food · mean 14.0 → 10.0 min\n    patches:\n      - set: journey.touchpoints.kitchen.service.food-wait.mean\n        value: 10\n"
    )
    expect(leftovers(path.dirname(file))).toEqual([])
    // And it loads through the library API as the what-if that ran
    const kept = await load(file, { variant: "lunch-rush" })
    expect(kept.journey.touchpoints["kitchen"]?.service?.["food-wait"]).toEqual({ dist: "lognormal", mean: 10, sd: 5 })
    // And the command line runs it
    const run = spawnSync(process.execPath, [bin, "run", "scenarios/restaurant.yaml", "--variant", "lunch-rush", "--customers", "2000"], { cwd: dir, encoding: "utf8" })
    expect(run.stderr).toBe("")
    expect(run.status).toBe(0)
    expect(run.stdout).toContain("variant lunch-rush · population 2,000")
  })

  it("asks before replacing a variant of the same name, and can write a new file instead", async () => {
    // Given a what-if started from faster-kitchen
    const dir = copyProject()
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    ui.press("l")
    await ui.sees("3.0 → 3.3 min")
    // When it is kept under the name of an existing variant
    ui.press("s")
    await ui.sees("Keep the what-if as a variant")
    ui.press(...Array<string>(7).fill(keys.backspace), "hot-pass", keys.enter)
    // Then the UI asks first
    await ui.sees('A variant "hot-pass" exists in scenarios/restaurant.yaml. Replace it? y/n')
    // When the answer is no, and a new file is chosen instead
    ui.press("n")
    await ui.sees("Tab next field")
    ui.press(keys.tab, keys.tab, ...Array<string>(15).fill(keys.backspace), "what-ifs.yaml")
    await ui.sees("scenarios/what-ifs.yaml▏", "(a new scenario file)")
    ui.press(keys.enter)
    // Then the scenario file is as it was, and the new file holds the variant, on top of faster-kitchen
    await ui.sees('Kept "hot-pass" in scenarios/what-ifs.yaml')
    expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(path.join(copyProject(), "scenarios", "restaurant.yaml"), "utf8"))
    const kept = await load(path.join(dir, "scenarios", "what-ifs.yaml"), { variant: "hot-pass" })
    expect(kept.journey.touchpoints["kitchen"]?.service?.["food-wait"]).toEqual({ dist: "lognormal", mean: 10, sd: 5 })
    expect(kept.journey.touchpoints["arrive"]?.service?.["service-wait"]).toEqual({ dist: "lognormal", mean: 3.3, sd: 2 })
  })

  it("has nothing to keep before a lever moves", async () => {
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    ui.press("s")
    await ui.sees("Nothing to keep: the what-if is the baseline. Move a lever first.")
  })
})

describe("the views and the keys", () => {
  it("shows satisfaction histograms and the funnel with its pain points, following the lever cursor", async () => {
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    ui.press("2")
    const sat = await ui.sees("CSAT answers", "Top-2", "Recommend")
    expect(sat).toMatch(/Busy professional +[▁▂▃▄▅▆▇█ ]\s*\d+%/)
    ui.press("]]]", "3")
    const funnel = await ui.sees("Journey funnel · All customers", "›kitchen")
    expect(funnel).toMatch(/kitchen +█+░* +\d+%→\d+%/)
    expect(funnel).toMatch(/! #1→#1/)
    ui.press("f")
    await ui.sees("Journey funnel · Busy professional")
  })

  it("shows the keys on ?, and hides them again", async () => {
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    await ui.settled()
    ui.press("?")
    const help = await ui.sees("Keys", "undo the last change", "quit; the terminal is left as it was")
    expect(help).not.toContain("Segment / what-if")
    ui.press("?")
    await ui.sees("Segment / what-if")
  })

  it("fits 80×24 exactly, and asks for a larger terminal below it", async () => {
    const dir = copyProject()
    const ui = openTui({ cwd: dir, file: "scenarios/insurance-claim.yaml", variant: "photo-first" })
    for (const view of ["1", "2", "3"]) {
      ui.press(view)
      const frame = await ui.settled()
      const lines = frame.split("\n")
      expect(lines).toHaveLength(23)
      for (const l of lines) expect(Array.from(l).length).toBeLessThanOrEqual(80)
    }
    // With more segments than fit, all customers stay, and the screen says what is left out.
    const file = path.join(dir, "scenarios", "restaurant.yaml")
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace(
          "  busy-professional: { share: 0.4 }\n  family: { share: 0.35 }\n  bargain-hunter: { share: 0.25 }\n",
          "  busy-professional: { share: 0.2 }\n  family: { share: 0.2 }\n  bargain-hunter: { share: 0.2 }\n" +
            "  late-lunch: { share: 0.2, file: ../personas/busy-professional.yaml }\n  weekend-family: { share: 0.2, file: ../personas/family.yaml }\n"
        )
    )
    const many = openTui({ cwd: dir, file: "scenarios/restaurant.yaml", variant: "faster-kitchen" })
    const frame = await many.settled()
    expect(frame).toContain("All customers")
    expect(frame).toContain("2 more segments not shown: a taller terminal shows every one")
    expect(frame.split("\n")).toHaveLength(23)
    const small = render(<App size={{ columns: 60, rows: 20 }} cwd={dir} />)
    mounted.push(small.unmount)
    await waitForFrame(small.lastFrame, (f) => f.includes("needs a terminal of at least 80×24; this one is 60×20"))
  })
})
