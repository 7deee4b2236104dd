/**
 * The README's pictures of the HTML reports: renders a run report of scenarios/restaurant.yaml
 * and a comparison of its variants, opens each in headless Chromium (offline) and writes
 * docs/report-run.png and docs/report-compare.png. Run it after the model changes:
 *
 *   npx tsx scripts/screenshots.ts            (add a folder to also keep the HTML files there)
 *
 * Needs Debian's chromium (/usr/bin/chromium, or CXSIM_CHROMIUM).
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { compare, load, simulateScenario } from "../src/api.js"
import { renderComparisonHtml } from "../src/report/html/renderComparisonHtml.js"
import { renderHtml } from "../src/report/html/renderHtml.js"
import { CHROMIUM, hasChromium, launch, open } from "../test/support/browser.js"

const root = path.resolve(import.meta.dirname, "..")
const scenario = path.join(root, "scenarios", "restaurant.yaml")
const keep = process.argv[2]

if (!hasChromium()) {
  process.stderr.write(`screenshots: no Chromium at ${CHROMIUM}; install Debian's chromium package (apt-get install chromium)\n`)
  process.exit(4)
}

const base = await load(scenario)
const variants = await Promise.all(Object.keys(base.variants).map((v) => load(scenario, { variant: v })))
const pages: Array<readonly [string, string]> = [
  ["report-run", renderHtml(await simulateScenario(base))],
  ["report-compare", renderComparisonHtml(await compare(base, variants))]
]
const dir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-shots-"))
fs.mkdirSync(dir, { recursive: true })
const session = await launch()
try {
  for (const [name, html] of pages) {
    const file = path.join(dir, `${name}.html`)
    fs.writeFileSync(file, html)
    const { page, errors, blocked } = await open(session, file, 1280)
    if (errors.length > 0 || blocked.length > 0) throw new Error(`${name}: ${[...errors, ...blocked].join("; ")}`)
    // The top of the page: what was run, the headline figures and the first charts.
    const png = path.join(root, "docs", `${name}.png`)
    await page.screenshot({ path: png, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } })
    process.stdout.write(`${path.relative(root, png)}: ${Math.round(fs.statSync(png).size / 1024)} KB\n`)
    await page.close()
  }
} finally {
  await session.close()
  if (keep === undefined) fs.rmSync(dir, { recursive: true, force: true })
}
