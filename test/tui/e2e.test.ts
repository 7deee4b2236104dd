/**
 * The real `cxsim tui`, end to end, on a pseudo-terminal of 80×24 (util-linux `script`): keys
 * in, the screen out, and a clean exit — the shell's screen back, the terminal's settings as
 * they were, the exit code. Skipped, saying so, only where `script` is missing.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, afterEach, describe, expect, it, vi } from "vitest"
import { bin, copyProject, keys, removeProjects } from "./support.js"
import { runInPty, scriptAvailable, type PtySession } from "./terminal.js"

const available = scriptAvailable()
if (!available) console.warn("test/tui/e2e.test.ts: SKIPPED, util-linux `script` is not installed (apt-get install util-linux)")

const sessions: PtySession[] = []
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill()
})
afterAll(removeProjects)

/** An environment as a user's terminal has it, without CI markers. */
const terminalEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", ...extra }
  for (const k of ["CI", "CONTINUOUS_INTEGRATION", "NO_COLOR", "FORCE_COLOR"]) if (!(k in extra)) delete env[k]
  return env
}

/** `cxsim ARGS` in a fresh copy of the bundled project; the session, and the project's folder. */
const open = (args: string, env: Record<string, string>): PtySession & { readonly dir: string } => {
  const dir = copyProject()
  const s = runInPty(`${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} ${args}`, { cwd: dir, env: terminalEnv(env) })
  sessions.push(s)
  return { ...s, dir }
}

const sees = async (s: PtySession, ...texts: string[]): Promise<string> => {
  let screen = ""
  await vi.waitFor(
    () => {
      screen = s.screen()
      expect(texts.every((t) => screen.includes(t)), `the terminal shows:\n${screen}\n`).toBe(true)
    },
    { timeout: 240_000, interval: 50 } // waits for an event; the cap only ends a hung run
  )
  return screen
}

/** SGR codes that set a colour (foreground, background, 256 or true colour). */
const COLOUR = /\u001b\[(?:\d+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;\d+)*m/

describe.skipIf(!available)(`cxsim tui on a pseudo-terminal${available ? "" : " (SKIPPED: util-linux script is not installed)"}`, () => {
  it("as a new user: opens the restaurant, makes the kitchen faster, sees who gains, keeps it, and q gives the terminal back", async () => {
    // Given a terminal without colours (NO_COLOR)
    const s = open("tui scenarios/restaurant.yaml --customers 4000", { NO_COLOR: "1" })
    // When the UI opens and the baseline is chosen
    await sees(s, "A restaurant visit: start from", "› baseline")
    s.send(keys.enter)
    await sees(s, "✓ 4,000 customers per arm", "Segment / what-if", "All customers")
    // When the kitchen is made 4 minutes faster
    s.send("]]]")
    await sees(s, "› Waiting for the food · mean")
    s.send("hhhhhhhh")
    // Then the lever and the what-if rows follow
    const screen = await sees(s, "14.0 → 10.0 min", "1 change", "▲ better", "✓ 4,000 customers per arm")
    expect(screen.split("\n")[0]).toContain("A restaurant visit (restaurant.yaml) · from baseline · 1 change")
    // When the keys are shown and hidden
    s.send("?")
    await sees(s, "Keys", "quit; the terminal is left as it was")
    s.send("?")
    await sees(s, "Segment / what-if")
    // When the what-if is kept under a name
    s.send("s")
    await sees(s, "Keep the what-if as a variant")
    s.send(`${keys.backspace.repeat(7)}lunch-rush${keys.enter}`)
    await sees(s, 'Kept "lunch-rush" in scenarios/restaurant.yaml')
    // When q is pressed
    s.send("q")
    const end = await s.done
    // Then the program exits 0 and the terminal is as it was: the shell's screen, its settings
    expect(end).toEqual({ code: 0, ttyRestored: true })
    const after = s.screen()
    expect(after).toContain("the shell was here before")
    expect(after).not.toContain("Segment / what-if")
    // And no colour was used at all
    expect(s.raw()).not.toMatch(COLOUR)
    // And cxsim run runs the kept variant
    const run = spawnSync(process.execPath, [bin, "run", "scenarios/restaurant.yaml", "--variant", "lunch-rush", "--customers", "2000"], { cwd: s.dir, encoding: "utf8" })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain("variant lunch-rush · population 2,000")
    expect(fs.readFileSync(path.join(s.dir, "scenarios", "restaurant.yaml"), "utf8")).toContain(
      "  lunch-rush:\n    description: kitchen · Waiting for the food · mean 14.0 → 10.0 min\n    patches:\n      - set: journey.touchpoints.kitchen.service.food-wait.mean\n        value: 10\n"
    )
  })

  it("cxsim alone opens the UI in colour; Ctrl-C leaves it cleanly with 130", async () => {
    // Given a colour terminal
    const s = open("", {})
    // When cxsim runs without arguments
    await sees(s, "Open a scenario", "scenarios/restaurant.yaml", "A restaurant visit")
    // Then it draws in colour (which the test above shows NO_COLOR turns off)
    // (One key first: keys typed before the UI has switched the terminal to raw mode would
    // reach it as a line, with a line feed for Enter.)
    s.send(keys.down)
    await sees(s, "› scenarios/restaurant.yaml")
    s.send(keys.enter)
    await sees(s, "› baseline")
    s.send(keys.enter)
    await sees(s, "✓ 20,000 customers per arm")
    expect(s.raw()).toMatch(COLOUR)
    // When Ctrl-C is pressed
    s.send(keys.ctrlC)
    // Then the terminal is given back as it was, with the exit code of an interruption
    expect(await s.done).toEqual({ code: 130, ttyRestored: true })
    expect(s.screen()).toContain("the shell was here before")
    expect(s.screen()).not.toContain("Open a scenario")
  })
})
