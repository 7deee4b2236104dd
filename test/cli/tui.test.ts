/**
 * `cxsim tui` where there is no terminal: a script, a pipe, CI. It says what to use instead and
 * exits 2, before loading anything. (On a terminal it is tested in test/tui/e2e.test.ts.)
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..", "..")
const bin = path.join(root, "bin", "cxsim.js")

const cxsim = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "" } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe("cxsim tui without a terminal", () => {
  it("says to use cxsim run and exits 2", () => {
    const r = cxsim(["tui", "scenarios/restaurant.yaml"])
    expect(r.code).toBe(2)
    expect(r.out).toBe("")
    expect(r.err).toMatchInlineSnapshot(`
      "cxsim tui needs a terminal: its input and output must not be redirected
          hint: to simulate from a script, use cxsim run SCENARIO (or cxsim compare)
      "
    `)
  })

  it("checks its options first", () => {
    const r = cxsim(["tui", "scenarios/restaurant.yaml", "--customer", "5"])
    expect(r.code).toBe(2)
    expect(r.err).toMatchInlineSnapshot(`
      "cxsim tui: unknown option --customer
          hint: did you mean "--customers"?
      "
    `)
    expect(cxsim(["tui", "a.yaml", "b.yaml"]).err).toContain("cxsim tui: one scenario at a time, got 2")
  })

  it("prints its help within 80 columns", () => {
    const r = cxsim(["tui", "--help"])
    expect(r.code).toBe(0)
    for (const line of r.out.split("\n")) expect(line.length).toBeLessThanOrEqual(80)
    expect(r.out).toMatchInlineSnapshot(`
      "Usage: cxsim tui [SCENARIO] [options]

      The terminal UI: open a scenario, change service levels, failure and recovery
      rates, next steps, the persona mix or the population, and see within a second
      which segments gain and which lose, paired on the same synthetic customers.
      Keep a what-if as a named variant in the scenario file (its comments and
      layout kept) or in a new file, for cxsim run --variant, compare and bench.

      Without SCENARIO, pick one from scenarios/. \`cxsim\` alone on a terminal opens
      it too. It needs a terminal; from scripts use cxsim run.

      Options:
        --variant NAME      start from a variant instead of asking
        --customers N       customers per run (default: the scenario's population)
        --seed S            seed of the random streams (default: the scenario's seed)
        -h, --help          show this help

      Keys: ? shows them all; q or Ctrl-C quits and leaves the terminal as it was.
      "
    `)
  })

  it("cxsim alone, piped, still shows the help and exits 2", () => {
    const r = cxsim([])
    expect(r.code).toBe(2)
    expect(r.out).toContain("tui [SCENARIO]")
  })
})
