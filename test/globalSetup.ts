/** Build dist/ once before the tests, so the command-line tests run the current code. */
import { execFileSync } from "node:child_process"
import { createRequire } from "node:module"

export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" })
}
