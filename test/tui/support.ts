/**
 * Test support for the terminal UI: copies of the bundled scenarios in temporary folders (a
 * saved variant must never touch the real files), and waiting for a frame.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { expect, vi } from "vitest"

export const root = path.resolve(import.meta.dirname, "..", "..")
export const bin = path.join(root, "bin", "cxsim.js")

const created: string[] = []

/** A temporary project with scenarios/ and personas/ copied from the package. Returns its folder. */
export const copyProject = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-tui-"))
  created.push(dir)
  for (const sub of ["scenarios", "personas"]) {
    fs.mkdirSync(path.join(dir, sub))
    // Files only: scenarios/validity/ (the validity suite) is not a project's scenario.
    for (const f of fs.readdirSync(path.join(root, sub), { withFileTypes: true })) if (f.isFile()) fs.copyFileSync(path.join(root, sub, f.name), path.join(dir, sub, f.name))
  }
  return dir
}

/** Remove every folder `copyProject` made (call it from `afterAll`). */
export const removeProjects = (): void => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
}

/** Files left behind by an interrupted write. */
export const leftovers = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.startsWith(".cxsim-tmp"))

/** Wait until the frame satisfies `check` (its last frame is passed), or fail with the frame. */
export const waitForFrame = async (frame: () => string | undefined, check: (f: string) => boolean, timeout = 240_000): Promise<string> => {
  let last = ""
  await vi.waitFor(
    () => {
      last = frame() ?? ""
      expect(check(last), `the screen did not show what was expected; it shows:\n${last}`).toBe(true)
    },
    { timeout, interval: 20 }
  )
  return last
}

export const keys = {
  up: "\u001b[A",
  down: "\u001b[B",
  right: "\u001b[C",
  left: "\u001b[D",
  enter: "\r",
  escape: "\u001b",
  tab: "\t",
  backspace: "\u007f",
  ctrlC: "\u0003"
} as const
