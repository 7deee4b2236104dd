/**
 * The head start of `cxsim run` (src/cli/headStart.ts): how many worker threads it starts before
 * the commands load, from the arguments alone. A guess that errs only towards none.
 */
import { beforeAll, describe, expect, it } from "vitest"
import { workersAhead } from "../../src/cli/headStart.js"
import { AUTO_MIN_BLOCKS, closeIdleWorkers, cores } from "../../src/engine/pool.js"
import { BLOCK_SIZE } from "../../src/engine/kernel.js"

// As at a command's start: no idle workers (another test file in this process may have left some).
beforeAll(closeIdleWorkers)

describe("cxsim run's head start", () => {
  it("starts the workers of --workers N (this thread is one of the N), capped at the cores", () => {
    expect(workersAhead(["s.yaml", "--workers", "2", "--customers", "1000000"])).toBe(Math.min(2, cores()) - 1)
    expect(workersAhead(["s.yaml", "--workers=2"])).toBe(Math.min(2, cores()) - 1)
    expect(workersAhead(["s.yaml", "--workers", "64", "--format", "json"])).toBe(cores() - 1)
    expect(workersAhead(["s.yaml", "--workers", "1", "--customers", "1000000"])).toBe(0)
  })

  it("with workers auto, starts them only when --customers is enough for auto to use them", () => {
    expect(workersAhead(["s.yaml"])).toBe(0)
    expect(workersAhead(["s.yaml", "--customers", String((AUTO_MIN_BLOCKS - 1) * BLOCK_SIZE)])).toBe(0)
    expect(workersAhead(["s.yaml", "--customers", String(AUTO_MIN_BLOCKS * BLOCK_SIZE)])).toBe(cores() - 1)
  })

  it("starts none for help, a bad count, or a single block", () => {
    expect(workersAhead(["--help"])).toBe(0)
    expect(workersAhead(["s.yaml", "--workers", "two"])).toBe(0)
    expect(workersAhead(["s.yaml", "--workers", "0"])).toBe(0)
    expect(workersAhead(["s.yaml", "--workers", "2", "--customers", "1000"])).toBe(0)
  })
})
