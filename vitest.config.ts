import { defineConfig } from "vitest/config"

// The terminal UI's react and ink as users run them, their release builds (the command line's
// bundle defines NODE_ENV so: scripts/build.mjs), not their development builds, which check and
// warn at every render (several times slower). Set before vite reads it: the JSX is compiled for
// the same build, and the test processes inherit it.
process.env.NODE_ENV = "production"

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
    // The test files of a worker share its process and its loaded modules (effect, the sources):
    // each file no longer pays a new process and their loading, about a third of the suite's CPU
    // time. So a test puts back what it changes of the process (folder, a library's colour level,
    // idle workers), assumes no module state of its own (a counter of a support file), and loads
    // a module it mocks after vi.resetModules() (bench/RESULTS.md, the test suite's time).
    isolate: false,
    globalSetup: ["test/globalSetup.ts"]
  }
})
