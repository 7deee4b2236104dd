/**
 * The calibration page in a real headless Chromium with the network cut off: no console error, no
 * request beyond the file, every chart drawn and within the screen, the figures equal to the
 * JSON's, nothing wider than a phone's screen, light and dark.
 *
 * Needs Debian's chromium (as test/report/html/browser.test.ts); skipped with a reason without it,
 * unless CI is set: then it fails.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { renderCalibrationHtml } from "../../src/report/html/renderCalibrationHtml.js"
import { renderCalibrationJson } from "../../src/report/renderCalibrationJson.js"
import { CHROMIUM, hasChromium, launch, open, type Session } from "../support/browser.js"
import { figureProblems, type FigureCell } from "../support/figures.js"
import { fixture } from "./renderFixture.js"

const available = hasChromium()
const inCi = process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false"
if (!available && !inCi) process.stderr.write(`renderBrowser.test.ts: skipped, no Chromium at ${CHROMIUM}\n`)

let dir: string
let file: string
let session: Session | undefined

describe.skipIf(!available && !inCi)("the calibration page in headless Chromium", () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}`)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-calibration-html-"))
    file = path.join(dir, "calibration.html")
    fs.writeFileSync(file, renderCalibrationHtml(fixture))
    session = await launch()
  }, 120_000)

  afterAll(async () => {
    await session?.close()
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true })
  }, 60_000)

  it("opens offline with no error and no request, draws every chart within the screen, and shows the JSON's figures", async () => {
    const json = JSON.parse(renderCalibrationJson(fixture)) as unknown
    for (const [width, scheme] of [
      [1280, "light"],
      [390, "dark"]
    ] as const) {
      const what = `${width} px, ${scheme}`
      const o = await open(session as Session, file, width, scheme)
      expect(o.errors, what).toEqual([])
      expect(o.blocked, what).toEqual([])
      expect(o.failed, what).toEqual([])
      const charts = (await o.page.evaluate(`[...document.querySelectorAll("figure.chart")].map((f) => {
        const svg = f.querySelector(".svg svg")
        const box = svg === null ? { width: 0, height: 0 } : svg.getBoundingClientRect()
        return { id: f.id, width: box.width, height: box.height, shapes: svg === null ? 0 : svg.querySelectorAll("path, text").length }
      })`)) as Array<{ id: string; width: number; height: number; shapes: number }>
      expect(charts.length, what).toBe(11)
      for (const c of charts) {
        expect(c.width, `${what}: ${c.id}`).toBeGreaterThan(100)
        expect(c.width, `${what}: ${c.id}`).toBeLessThanOrEqual(width)
        expect(c.height, `${what}: ${c.id}`).toBeGreaterThan(50)
        expect(c.shapes, `${what}: ${c.id}`).toBeGreaterThan(5)
      }
      const cells = (await o.page.evaluate(`[...document.querySelectorAll("[data-key]")].map((e) => ({
        key: e.getAttribute("data-key"), value: e.getAttribute("data-value"), scale: e.getAttribute("data-scale"), text: e.textContent
      }))`)) as FigureCell[]
      expect(cells.length, what).toBeGreaterThan(150)
      expect(figureProblems(cells, json), what).toEqual([])
      const overflow = (await o.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number
      expect(overflow, what).toBeLessThanOrEqual(0)
      const background = (await o.page.evaluate("getComputedStyle(document.body).backgroundColor")) as string
      expect(background, what).toBe(scheme === "light" ? "rgb(255, 255, 255)" : "rgb(20, 20, 20)")
      await o.page.close()
    }
  }, 180_000)
})
