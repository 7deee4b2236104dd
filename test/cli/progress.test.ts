/** The progress bar: customers per second and time left on a terminal, nothing when piped. */
import { afterEach, describe, expect, it, vi } from "vitest"
import type { Io } from "../../src/cli/Io.js"
import { progressBar, progressLine } from "../../src/cli/progress.js"

const io = (tty: boolean, written: string[]): Io => ({
  out: () => {},
  err: (t) => written.push(t),
  stdoutIsTTY: tty,
  stderrIsTTY: tty,
  env: {},
  columns: 80,
  cwd: "."
})

describe("the progress bar", () => {
  it("shows the share done, customers per second and the time left, in 79 columns", () => {
    expect(progressLine("restaurant", 0.25, 412_000, 83)).toMatchInlineSnapshot(`"restaurant [######------------------]  25%   412k cust/s 1m23s left            "`)
    expect(progressLine("a very long scenario name", 0.999, 2_350_000, 0.4)).toMatchInlineSnapshot(`"a very long scenario [########################]  99%  2.35M cust/s 1s left     "`)
    expect(progressLine("support", 1, 300_000, 0)).toMatchInlineSnapshot(`"support [########################] 100%   300k cust/s                          "`)
    expect(progressLine("support", 0, 0, Infinity).length).toBe(79)
  })

  it("draws on a terminal and clears itself, and writes nothing when stderr is not a terminal", () => {
    const tty: string[] = []
    const bar = progressBar(io(true, tty), "shop")
    bar.update(10, 100)
    bar.update(100, 100)
    bar.finish()
    expect(tty.length).toBe(3)
    expect(tty[0]).toMatch(/^\rshop \[#*-*\] +10% /)
    expect(tty[2]).toBe(`\r${" ".repeat(79)}\r`)
    const piped: string[] = []
    const quiet = progressBar(io(false, piped), "shop")
    quiet.update(10, 100)
    quiet.finish()
    expect(piped).toEqual([])
  })

  it("measures the speed from its first update, so that a bar made after the first blocks shows no burst of millions", () => {
    // Given a clock: the bar is made at 0 ms, its first update comes 0.01 ms later with 1,000 of
    // 6,000 customers done (blocks finished before the bar existed), the next at 500 ms
    const clock = [0.01, 500, 1000]
    vi.spyOn(performance, "now").mockImplementation(() => clock.shift() ?? 1000)
    const written: string[] = []
    const bar = progressBar(io(true, written), "suite")
    bar.update(1000, 6000)
    bar.update(3000, 6000)
    bar.update(6000, 6000)
    // Then the first line shows no speed, and the next ones the speed since the first update
    expect(written[0]).not.toContain("cust/s")
    expect(written[1]).toMatch(/ 4k cust\/s 1s left/)
    expect(written[2]).toMatch(/100% +5k cust\/s/)
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})
