/**
 * What cxsim prints, tried on purpose (issue 13): text from a file never reaches the terminal
 * raw (escape sequences in a key), in messages and in CSV.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { root, runCli } from "../support/cli.js"

const created: string[] = []
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** A copy of the bundled scenarios and personas, one file changed by `edit`; the scenario's path. */
const withScenario = (name: string, edit: (text: string) => string, changed = `scenarios/${name}`): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-printed-"))
  created.push(dir)
  for (const sub of ["scenarios", "personas"]) fs.cpSync(path.join(root, sub), path.join(dir, sub), { recursive: true })
  const target = path.join(dir, changed)
  fs.writeFileSync(target, edit(fs.readFileSync(target, "utf8")))
  return path.join(dir, "scenarios", name)
}

// C0 and C1 controls, DEL and the bidirectional overrides; a line feed ends a message line.
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe("text from a file is escaped in everything printed", () => {
  it("an unknown key with escape sequences, in the message", async () => {
    // "\e]0;owned\a" retitles the terminal, "\e[2J" clears it.
    const file = withScenario("support.yaml", (t) => `"\\e]0;owned\\a\\e[2Jpopulaton": 10\n${t}`)
    const r = await runCli(["validate", file])
    expect(r.code).toBe(3)
    expect(r.err).not.toMatch(RAW)
    expect(r.err).toContain("\\x1b]0;owned\\x07\\x1b[2Jpopulaton")
  })

  it("a label with escape sequences, in the CSV report and the table", async () => {
    const file = withScenario("support.yaml", (t) => t.replace(/^label: .*$/m, 'label: "self\\e[31mserver\\u202e"'), "personas/self-server.yaml")
    for (const format of ["csv", "table", "md"]) {
      const r = await runCli(["run", file, "--customers", "1000", "--format", format])
      expect(r.code, r.err).toBe(0)
      expect(r.out.replace(/\r\n/g, "\n"), format).not.toMatch(RAW)
    }
    const csv = await runCli(["run", file, "--customers", "1000", "--format", "csv"])
    expect(csv.out).toContain(",self\\x1b[31mserver\\u202e,")
  })
})
