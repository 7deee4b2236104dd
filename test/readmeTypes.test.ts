/**
 * Every TypeScript example of the README and docs/ compiles as written, against the package's
 * public entry (`import … from "cxsim"` is src/index.ts here), under `strict` and under the
 * stricter settings analysts use (`noUncheckedIndexedAccess`, `exactOptionalPropertyTypes`): a
 * name the docs use that the package does not export, a field that may be null, a literal
 * widened to string, all fail here.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import ts from "typescript"
import { afterAll, describe, expect, it } from "vitest"

const root = path.resolve(import.meta.dirname, "..")
const docs = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))]

/** The ```ts blocks of a Markdown file, each with the line it starts on. */
const examples = (file: string): Array<{ readonly name: string; readonly code: string }> => {
  const text = fs.readFileSync(path.join(root, file), "utf8")
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({
    name: `${file.replace(/[/.]/g, "_")}_line${text.slice(0, m.index).split("\n").length}`,
    code: m[1] ?? ""
  }))
}

const all = docs.flatMap(examples)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-doc-types-"))
// As in a user's project: an ES module package, with cxsim's dependencies (effect) installed.
fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }))
fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir")
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const check = (extra: ts.CompilerOptions): string[] => {
  // Each example is its own module (an `export {}` keeps it one even without imports).
  const files = all.map((e) => {
    const f = path.join(dir, `${e.name}.ts`)
    fs.writeFileSync(f, `${e.code}\nexport {}\n`)
    return f
  })
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    typeRoots: [path.join(root, "node_modules", "@types")],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    baseUrl: root,
    paths: { cxsim: [path.join(root, "src", "index.ts")] },
    ...extra
  }
  // As tsc does: JSDoc is parsed only where it can hold type errors (JavaScript files), so the
  // .d.ts files of effect, node and the sources are read without their comments' structure.
  const host = ts.createCompilerHost(options)
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors
  const program = ts.createProgram({ rootNames: files, options, host })
  // The examples' own diagnostics only: the checker then reads of src/ what the examples use,
  // instead of checking every file of the package (the project's typecheck does that).
  const examplesOnly = files.map((f) => program.getSourceFile(f)).filter((f) => f !== undefined)
  return [...program.getOptionsDiagnostics(), ...examplesOnly.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])]
    .map((d) => {
      const where = d.file === undefined || d.start === undefined ? "" : `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
      return where + ts.flattenDiagnosticMessageText(d.messageText, "\n")
    })
}

describe("the docs' TypeScript examples", () => {
  it("are found: the README's library, errors, cancel, sweep and sensitivity examples, and compare.md's", () => {
    expect(all.length).toBeGreaterThanOrEqual(6)
    for (const e of all) expect(e.code, e.name).toMatch(/from "cxsim"/)
  })

  it("compile under strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes", { timeout: 120_000 }, () => {
    expect(check({ noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true })).toEqual([])
  })

  it("are plain JavaScript too (no type syntax), so that they run as .mjs with node", () => {
    const typeOnly = (n: ts.Node): boolean =>
      (n.kind >= ts.SyntaxKind.FirstTypeNode && n.kind <= ts.SyntaxKind.LastTypeNode) ||
      ts.isAsExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n) ||
      ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n) || (ts.isImportDeclaration(n) && n.importClause?.isTypeOnly === true)
    for (const e of all) {
      const found: string[] = []
      const visit = (n: ts.Node): void => {
        if (typeOnly(n)) found.push(n.getText(source))
        else ts.forEachChild(n, visit)
      }
      const source = ts.createSourceFile(`${e.name}.ts`, e.code, ts.ScriptTarget.ES2022, true)
      visit(source)
      expect(found, e.name).toEqual([])
    }
  })
})
