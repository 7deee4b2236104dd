/** Lever labels cut to the pane: the dimension's label gives way, never "· mean" or "· spread (sd)". */
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { load } from "../../src/api.js"
import { plain } from "../../src/tui/Line.js"
import { leverGroups } from "../../src/tui/Lever.js"
import { leverItems, leverLines } from "../../src/tui/panes.js"
import { fitLabel, widthOf } from "../../src/tui/text.js"
import { root } from "./support.js"

describe("fitLabel", () => {
  it("cuts the part before the last ' · ', keeps the suffix, and fills exactly the width", () => {
    expect(fitLabel("Waiting for the food · mean", 40)).toBe("Waiting for the food · mean".padEnd(40))
    expect(fitLabel("Waiting for the food to arrive at the table · spread (sd)", 30)).toBe("Waiting for the… · spread (sd)")
    expect(widthOf(fitLabel("Waiting for the food to arrive at the table · spread (sd)", 30))).toBe(30)
    expect(fitLabel("A very long label without a separator", 10)).toBe("A very lo…")
    expect(fitLabel("x · a suffix longer than the width", 8)).toBe(" · a su…")
  })
})

describe("the levers pane", () => {
  it("tells a long dimension's mean and spread apart at any width", async () => {
    const s = await load(path.join(root, "scenarios", "restaurant.yaml"))
    const dims = Object.fromEntries(Object.entries(s.dimensions).map(([id, d]) => [id, { ...d, label: `A dimension with a very long descriptive label indeed (${id})` }]))
    const long = { ...s, dimensions: dims }
    const items = leverItems(leverGroups(long))
    for (const width of [60, 80, 100]) {
      const lines = leverLines({ items, cursor: 0, baseline: long, current: long, typing: null }, width, items.length).map(plain)
      const levers = lines.filter((l) => / · (mean|spread \(sd\))/.test(l))
      expect(levers.length, `width ${width}`).toBeGreaterThan(1)
      expect(levers.filter((l) => l.includes(" · mean")).length).toBe(levers.filter((l) => l.includes(" · spread (sd)")).length)
      for (const l of lines) expect(widthOf(l)).toBeLessThanOrEqual(width)
    }
  })
})
