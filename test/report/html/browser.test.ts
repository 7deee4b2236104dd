/**
 * Each kind of HTML report (run, compare, bench) opened in a real headless Chromium with the
 * network cut off: no console error, no request beyond the file, every chart's SVG drawn, the
 * figures in the page equal to the JSON report's, nothing wider than a phone's screen, light and
 * dark, and a screenshot at 1280 and 390 pixels wide.
 *
 * Needs Debian's chromium (/usr/bin/chromium; .ci/run installs it). Without it the test is
 * skipped with a reason, unless CI is set: then it fails.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { load, simulateScenario } from "../../../src/api.js"
import { loadSuite } from "../../../src/load/loadSuite.js"
import { renderBenchHtml } from "../../../src/report/html/renderBenchHtml.js"
import { renderComparisonHtml } from "../../../src/report/html/renderComparisonHtml.js"
import { renderHtml } from "../../../src/report/html/renderHtml.js"
import { renderBenchJson } from "../../../src/report/renderBenchJson.js"
import { renderComparisonJson } from "../../../src/report/renderComparisonJson.js"
import { renderJson } from "../../../src/report/renderJson.js"
import { compare } from "../../../src/api/compare.js"
import { benchResult } from "../../../src/stats/runBench.js"
import { runSuiteEffect as runSuite } from "../../../src/api/bench.js"
import { mixedSuite, writeSuiteFixture } from "../../support/benchFixture.js"
import { CHROMIUM, hasChromium, launch, open, type Session } from "../../support/browser.js"
import { figureProblems, type FigureCell } from "../../support/figures.js"
import { removeFixtures } from "../../support/fixture.js"

const root = path.resolve(import.meta.dirname, "..", "..", "..")
const available = hasChromium()
const inCi = process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false"
if (!available && !inCi) {
  process.stderr.write(`browser.test.ts: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium; CI installs it and fails without it)\n`)
}

interface Page {
  readonly kind: string
  readonly file: string
  /** The JSON report the page was rendered from, parsed. */
  readonly json: unknown
}

let dir: string
let session: Session | undefined
const pages: Page[] = []

describe.skipIf(!available && !inCi)("HTML reports in headless Chromium", () => {
  beforeAll(async () => {
    if (!available) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package`)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-html-"))
    const scenario = path.join(root, "scenarios", "restaurant.yaml")
    const base = await load(scenario)
    const report = await simulateScenario(base, { customers: 3000, workers: 1 })
    const variants = await Promise.all(Object.keys(base.variants).map((v) => load(scenario, { variant: v })))
    const comparison = await compare(base, variants, { customers: 3000, workers: 1 })
    const bench = benchResult([await Effect.runPromise(runSuite(await Effect.runPromise(loadSuite(writeSuiteFixture(mixedSuite)))))], false, null)
    const write = (kind: string, html: string, json: string): void => {
      const file = path.join(dir, `${kind}.html`)
      fs.writeFileSync(file, html)
      pages.push({ kind, file, json: JSON.parse(json) })
    }
    write("run", renderHtml(report), renderJson(report))
    write("compare", renderComparisonHtml(comparison), renderComparisonJson(comparison))
    write("bench", renderBenchHtml(bench), renderBenchJson(bench))
    session = await launch()
  }, 180_000)

  afterAll(async () => {
    await session?.close()
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true })
    removeFixtures()
  }, 60_000)

  it("opens each report offline with no console error and no request, draws every chart, and shows the JSON's figures", async () => {
    expect(pages.map((p) => p.kind)).toEqual(["run", "compare", "bench"])
    for (const p of pages) {
      for (const [width, scheme] of [
        [1280, "light"],
        [390, "dark"]
      ] as const) {
        const what = `${p.kind} at ${width} px, ${scheme}`
        const o = await open(session as Session, p.file, width, scheme)
        expect(o.errors, what).toEqual([])
        expect(o.blocked, what).toEqual([])
        expect(o.failed, what).toEqual([])
        // Run in the page: plain JavaScript, as a string (the test's TypeScript has no DOM types).
        const charts = (await o.page.evaluate(`[...document.querySelectorAll("figure.chart")].map((f) => {
          const svg = f.querySelector(".svg svg")
          const box = svg === null ? { width: 0, height: 0 } : svg.getBoundingClientRect()
          return {
            id: f.id,
            width: box.width,
            height: box.height,
            shapes: svg === null ? 0 : svg.querySelectorAll("path, text, rect, circle, line, polyline").length,
            title: svg?.querySelector("title")?.textContent ?? "",
            label: svg?.getAttribute("aria-labelledby") ?? "",
            rows: f.querySelectorAll("details table tbody tr").length
          }
        })`)) as Array<{ id: string; width: number; height: number; shapes: number; title: string; label: string; rows: number }>
        expect(charts.length, what).toBeGreaterThan(0)
        for (const c of charts) {
          expect(c.width, `${what}: ${c.id}`).toBeGreaterThan(100)
          expect(c.height, `${what}: ${c.id}`).toBeGreaterThan(50)
          expect(c.shapes, `${what}: ${c.id}`).toBeGreaterThan(5)
          expect(c.title, `${what}: ${c.id}`).not.toBe("")
          expect(c.label, `${what}: ${c.id}`).toBe(`${c.id}-t ${c.id}-d`)
          expect(c.rows, `${what}: ${c.id}`).toBeGreaterThan(0)
          // On a phone the chart fits the screen.
          expect(c.width, `${what}: ${c.id}`).toBeLessThanOrEqual(width)
        }
        const cells = (await o.page.evaluate(`[...document.querySelectorAll("[data-key]")].map((e) => ({
          key: e.getAttribute("data-key"), value: e.getAttribute("data-value"), scale: e.getAttribute("data-scale"), text: e.textContent
        }))`)) as FigureCell[]
        expect(cells.length, what).toBeGreaterThan(20)
        expect(figureProblems(cells, p.json), what).toEqual([])
        // Nothing makes the page scroll sideways (wide tables scroll in their own box).
        const overflow = (await o.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number
        expect(overflow, what).toBeLessThanOrEqual(0)
        // Light and dark: the page follows the reader's colour scheme.
        const background = (await o.page.evaluate("getComputedStyle(document.body).backgroundColor")) as string
        expect(background, what).toBe(scheme === "light" ? "rgb(255, 255, 255)" : "rgb(20, 20, 20)")
        const png = path.join(dir, `${p.kind}-${width}.png`)
        await o.page.screenshot({ path: png, fullPage: true })
        const bytes = fs.readFileSync(png)
        expect(bytes.subarray(1, 4).toString("latin1"), what).toBe("PNG")
        expect(bytes.readUInt32BE(16), what).toBe(width)
        await o.page.close()
      }
    }
  }, 180_000)

  it("prints on A4", async () => {
    const o = await open(session as Session, (pages[0] as Page).file, 1280)
    const pdf = await o.page.pdf({ format: "A4", printBackground: true })
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-")
    // A4 is 595 × 842 points.
    expect(pdf.toString("latin1")).toMatch(/\/MediaBox \[0 0 595(\.\d+)? 841(\.\d+)?\]|\/MediaBox \[0 0 595(\.\d+)? 842(\.\d+)?\]/)
    await o.page.close()
  })
})
