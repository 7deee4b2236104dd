import { defineConfig } from "vitest/config"

const all = ["test/**/*.test.ts", "test/**/*.test.tsx"]
/**
 * Files that change nothing outside themselves (no module mocks, no environment variables, no
 * terminal library whose colour support is decided when it loads, no worker pools kept between
 * files) share their worker's loaded modules, instead of loading effect and the sources again
 * for each file: on these folders, about half the processor time of the isolated run
 * (bench/RESULTS.md, "The test suite's time"). Every other file (the command line, the terminal
 * UI, the engine and its pools, calibration, validity, fuzzing, the top-level files) gets a fresh
 * module graph, as before.
 */
const shared = ["design", "load", "model", "report", "stats", "survey"].map((d) => `test/${d}/**/*.test.{ts,tsx}`)
/** Files of those folders not yet run sharing modules: isolated until they are. */
const notYetShared = ["test/load/pointLoader.test.ts", "test/stats/fitGate.test.ts", "test/survey/realExports.test.ts"]

export default defineConfig({
  test: {
    // Generous: the suite must pass on a machine loaded by other work; no test relies on speed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Two test files at a time. Vitest's default in a run is one fewer than the cores: on the
    // 2-core machines this project runs on, one file at a time, with the other core mostly idle
    // while a file waits on a subprocess, a pty or its own worker threads.
    maxWorkers: 2,
    globalSetup: ["test/globalSetup.ts"],
    projects: [
      { extends: true, test: { name: "shared", include: shared, exclude: notYetShared, isolate: false } },
      { extends: true, test: { name: "isolated", include: all, exclude: shared } },
      { extends: true, test: { name: "isolated-new", include: notYetShared } }
    ]
  }
})
