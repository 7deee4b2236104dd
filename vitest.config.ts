import { defineConfig } from "vitest/config"

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
    globalSetup: ["test/globalSetup.ts"]
  }
})
