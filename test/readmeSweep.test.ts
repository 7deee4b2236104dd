/** The README's sweep and sensitivity examples run as written, importing the package by its name. */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..")
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")

const runExample = (name: string): string[] => {
  const m = new RegExp(`<!-- example: ${name}[^>]*-->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme)
  expect(m, `README has no "${name}" example`).not.toBeNull()
  const file = path.join(root, `.cxsim-tmp-readme-${name}-${process.pid}.mjs`)
  fs.writeFileSync(file, m?.[1] ?? "")
  try {
    return execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" }).trim().split("\n")
  } finally {
    fs.rmSync(file, { force: true })
  }
}

describe("README", () => {
  it("the sweep example runs, resumes without simulating, and prints a row", () => {
    const lines = runExample("sweep")
    // 12 points × 2 replications × (3 personas + overall) × 4 metrics
    expect(lines[0]).toBe("12 points, 384 rows")
    expect(lines[1]).toBe("resumed 12, ran 0")
    expect(lines[2]).toMatch(/^0,0,7,[\d.]+,[\d.]+,[\d.]+,[\d.]+,family,nps,-?[\d.]+,-?[\d.]+,-?[\d.]+$/)
  })

  it("the sensitivity example runs and names a parameter per segment, and a disagreement", () => {
    const lines = runExample("sensitivity")
    const names = "kitchen-wait|food-temperature|price|family-retention"
    expect(lines.slice(0, 4).map((l) => l.replace(new RegExp(`: (${names}) \\(mu\\* [\\d.]+\\)$`), ""))).toEqual(["busy-professional", "family", "bargain-hunter", "overall"])
    expect(lines.length).toBeGreaterThan(4)
    for (const l of lines.slice(4)) expect(l).toMatch(new RegExp(`^(${names}): #\\d for [a-z-]+, #\\d for [a-z-]+$`))
  })
})
