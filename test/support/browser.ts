/**
 * A headless Chromium for the HTML reports: Debian's `chromium` package driven by playwright-core
 * (nothing downloaded), with the network cut off: every request that is not the page itself or a
 * data: URL is aborted and counted. Used by the browser test and by scripts/screenshots.ts.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { chromium, type BrowserContext, type Page } from "playwright-core"

/** Where Debian installs Chromium (.ci/run installs it when it is missing). */
export const CHROMIUM = process.env["CXSIM_CHROMIUM"] ?? "/usr/bin/chromium"

export const hasChromium = (): boolean => fs.existsSync(CHROMIUM)

export interface Session {
  /** The browser's one context (its profile is a fresh folder). */
  readonly context: BrowserContext
  /** Close the browser and remove its profile. */
  readonly close: () => Promise<void>
}

/** Launch Chromium headless and offline, with a fresh profile (--user-data-dir). */
export const launch = async (): Promise<Session> => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-chromium-"))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })
  return {
    context,
    close: async () => {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

export interface Opened {
  readonly page: Page
  /** Console errors and uncaught page errors. */
  readonly errors: string[]
  /** Requests other than the page and data: URLs (all aborted). */
  readonly blocked: string[]
  /** Requests that failed (aborted ones among them). */
  readonly failed: string[]
}

/**
 * Open `file` (an HTML file) in a new page `width` pixels wide, with every non-data request
 * other than the file itself aborted and counted.
 */
export const open = async (session: Session, file: string, width: number, colorScheme: "light" | "dark" = "light"): Promise<Opened> => {
  const page = await session.context.newPage()
  await page.setViewportSize({ width, height: 900 })
  await page.emulateMedia({ colorScheme })
  const errors: string[] = []
  const blocked: string[] = []
  const failed: string[] = []
  const url = `file://${path.resolve(file)}`
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text())
  })
  page.on("pageerror", (e) => errors.push(e.message))
  page.on("requestfailed", (r) => failed.push(r.url()))
  await page.route("**/*", (route) => {
    const u = route.request().url()
    if (u === url || u.startsWith("data:")) return route.continue()
    blocked.push(u)
    return route.abort()
  })
  await page.goto(url, { waitUntil: "load" })
  return { page, errors, blocked, failed }
}
