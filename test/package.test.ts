/**
 * The package holds every file the README's and docs' TypeScript examples name: from a project
 * that installed cxsim as a copy (`npm pack`), the bundled examples are read from
 * node_modules/cxsim/ (README, using it from your own project).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..")
const docs = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))]
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { readonly files: ReadonlyArray<string> }

/** The relative file names quoted in the ```ts blocks of a Markdown file. */
const named = (file: string): string[] => {
  const text = fs.readFileSync(path.join(root, file), "utf8")
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "")
  return blocks.flatMap((b) => [...b.matchAll(/"((?:scenarios|personas|docs|schema)\/[^"]+\.(?:yaml|csv|json))"/g)].map((m) => m[1] ?? ""))
}

const packed = (file: string): boolean => pkg.files.some((entry) => file === entry || file.startsWith(`${entry.replace(/\/$/, "")}/`))

describe("the package", () => {
  const files = [...new Set(docs.flatMap(named))].sort()

  it("the examples name files (the check is not empty)", () => {
    expect(files).toContain("scenarios/restaurant.yaml")
    expect(files).toContain("docs/designs/restaurant-kitchen.yaml")
  })

  it("holds every file the examples name", () => {
    for (const f of files) expect(fs.existsSync(path.join(root, f)), f).toBe(true)
    expect(files.filter((f) => !packed(f))).toEqual([])
  })
})
