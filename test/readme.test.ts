/** The README's library example is run as it is written, importing the package by its name. */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..")

describe("README", () => {
  it("its library example runs and prints per-segment results and a sweep", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const m = /<!-- example: library[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme)
    expect(m).not.toBeNull()
    // Inside the package folder, `import ... from "cxsim"` resolves to the package itself.
    const file = path.join(root, `.cxsim-tmp-readme-${process.pid}.mjs`)
    fs.writeFileSync(file, m?.[1] ?? "")
    try {
      const out = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" })
      const lines = out.trim().split("\n")
      expect(lines.slice(0, 3).map((l) => l.replace(/ -?[\d.]+ -?[\d.]+$/, ""))).toEqual(["Busy professional", "Family with children", "Bargain hunter"])
      expect(lines.slice(3).map((l) => l.replace(/NPS -?[\d.]+$/, "NPS x"))).toEqual(["kitchen 10 min: NPS x", "kitchen 15 min: NPS x", "kitchen 20 min: NPS x"])
      const nps = lines.slice(3).map((l) => Number(/NPS (-?[\d.]+)/.exec(l)?.[1]))
      // A slower kitchen never raises NPS on the same customers.
      expect(nps[0]).toBeGreaterThan(nps[2] ?? Infinity)
    } finally {
      fs.rmSync(file, { force: true })
    }
  })
})
