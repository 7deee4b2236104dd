/**
 * Colour: the UI uses it only when told (the command passes false with NO_COLOR, off a terminal,
 * or with TERM=dumb), and then none at all; bold and inverse, which are not colours, stay.
 * The terminal library is made to emit styles here, as it would on a colour terminal.
 */
// ink's own styling library (its dependency): its colour support is decided once, when the first
// test file of the process loads it, so this file sets the level itself, and puts it back after.
import chalk from "chalk"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { copyProject, removeProjects, waitForFrame } from "./support.js"

/** SGR codes that set a colour (foreground, background, 256 or true colour). */
const COLOUR = /\u001b\[(?:\d+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;\d+)*m/
const STYLE = /\u001b\[(?:1|7)m/

type Ink = typeof import("ink-testing-library")
type AppModule = typeof import("../../src/tui/App.js")
let ink: Ink
let app: AppModule
const mounted: Array<() => void> = []

const level = chalk.level
beforeAll(async () => {
  chalk.level = 1
  ink = await import("ink-testing-library")
  app = await import("../../src/tui/App.js")
})
afterEach(() => {
  for (const u of mounted.splice(0)) u()
})
afterAll(() => {
  chalk.level = level
  removeProjects()
})

const frameOf = async (color: boolean): Promise<string> => {
  const dir = copyProject()
  const r = ink.render(<app.App cwd={dir} file="scenarios/restaurant.yaml" variant="faster-kitchen" customers={2000} runner={{ quickLookFrom: Infinity }} color={color} size={{ columns: 80, rows: 24 }} />)
  mounted.push(r.unmount)
  await waitForFrame(r.lastFrame, (f) => f.includes("✓"))
  r.stdin.write("h")
  return waitForFrame(r.lastFrame, (f) => f.includes("✓") && f.includes("3.0 → 2.7"))
}

describe("colour", () => {
  it("is used when allowed", async () => {
    expect(await frameOf(true)).toMatch(COLOUR)
  })

  it("is not used at all otherwise, while bold and inverse stay", async () => {
    const frame = await frameOf(false)
    expect(frame).not.toMatch(COLOUR)
    expect(frame).toMatch(STYLE)
  })
})
