/**
 * Fuzzing the bytes of a file, below what inputs.test.ts mutates (its values, keys and lines):
 * the bundled scenario and a persona re-encoded (UTF-16 with or without its mark, a UTF-8 mark,
 * CRLF or lone CR line ends), cut at any byte, with bytes overwritten or inserted (invalid
 * UTF-8, NUL and other control characters, brackets, tags, anchors and aliases). The property:
 * `validate` answers, with no exception; a file it refuses has every issue naming the file and
 * either a line or a field, and no message says "undefined" or "[object Object]"; a file it
 * accepts is text (UTF-8, or UTF-16 with its mark, no control characters) and loads; a file only
 * re-encoded (UTF-16 with its mark, a UTF-8 mark, CRLF or CR line ends) is accepted.
 *
 * Seeded, 40 cases (under a second of CPU: each is a validate of a whole project).
 */
import fc from "fast-check"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { load, validate } from "../../src/api.js"

const ROOT = path.resolve(import.meta.dirname, "../..")
const scenario = fs.readFileSync(path.join(ROOT, "scenarios", "restaurant.yaml"))
const personaIds = ["busy-professional", "family", "bargain-hunter"]

/** A project: scenarios/s.yaml and the personas it names; the file at `target` replaced by `bytes`. */
const writeCase = (target: "scenario" | "persona", bytes: Uint8Array): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cxsim-bytes-"))
  fs.mkdirSync(path.join(dir, "scenarios"))
  fs.mkdirSync(path.join(dir, "personas"))
  for (const id of personaIds) fs.copyFileSync(path.join(ROOT, "personas", `${id}.yaml`), path.join(dir, "personas", `${id}.yaml`))
  const file = path.join(dir, "scenarios", "s.yaml")
  fs.writeFileSync(file, target === "scenario" ? bytes : scenario)
  if (target === "persona") fs.writeFileSync(path.join(dir, "personas", "family.yaml"), bytes)
  return file
}

const SNIPPETS: ReadonlyArray<Uint8Array> = [
  [0x00], [0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x1b, 0x5b, 0x32, 0x4a], [0x07], [0x7f], [0x0d], [0x09],
  [0xef, 0xbb, 0xbf], ...["[", "]", "{", "}", ": ", "- ", "!!binary ", "!x ", "&a ", "*a", "<<: ", "---\n", "\n", "'", '"', "#", "~", "? "].map((s) => Buffer.from(s))
].map((b) => Uint8Array.from(b))

type Edit = { readonly at: number; readonly snippet: number; readonly overwrite: boolean }

const encode = (text: Buffer, how: string): Buffer => {
  const s = text.toString("utf8")
  switch (how) {
    case "utf16le-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")])
    case "utf16be-bom":
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]).swap16()
    case "utf16le":
      return Buffer.from(s, "utf16le")
    case "utf8-bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text])
    case "crlf":
      return Buffer.from(s.replace(/\n/g, "\r\n"))
    case "cr":
      return Buffer.from(s.replace(/\n/g, "\r"))
    default:
      return text
  }
}

const mutate = (base: Buffer, how: string, cut: number | null, edits: ReadonlyArray<Edit>): Buffer => {
  let b = encode(base, how)
  for (const e of edits) {
    const at = e.at % (b.length + 1)
    const s = SNIPPETS[e.snippet % SNIPPETS.length] as Uint8Array
    b = Buffer.concat([b.subarray(0, at), s, b.subarray(e.overwrite ? Math.min(b.length, at + s.length) : at)])
  }
  return cut === null ? b : b.subarray(0, cut % (b.length + 1))
}

const arbitrary = fc.record({
  target: fc.constantFrom("scenario" as const, "persona" as const),
  how: fc.constantFrom("as-is", "utf16le-bom", "utf16be-bom", "utf16le", "utf8-bom", "crlf", "cr"),
  cut: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.nat(), weight: 1 }),
  edits: fc.array(fc.record({ at: fc.nat(), snippet: fc.nat(), overwrite: fc.boolean() }), { maxLength: 4 })
})

describe("fuzz: the bytes of a file", () => {
  it("validate answers every mutation with located issues, or the file loads", async () => {
    const counts = { refused: 0, accepted: 0 }
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ target, how, cut, edits }) => {
        const base = target === "scenario" ? scenario : fs.readFileSync(path.join(ROOT, "personas", "family.yaml"))
        const bytes = mutate(base, how, cut, edits)
        const file = writeCase(target, bytes)
        const r = await validate(file)
        if (r.issues.length === 0) {
          counts.accepted++
          // Accepted only as text: UTF-8, or UTF-16 by its mark, without control characters.
          const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8"
          expect(new TextDecoder(utf16, { fatal: true }).decode(bytes)).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/)
          await load(file)
          return
        }
        counts.refused++
        // Re-encoding alone (UTF-16 without its mark aside) changes nothing.
        expect(edits.length > 0 || cut !== null || how === "utf16le" ? "refused" : r.issues).toBe("refused")
        for (const i of r.issues) {
          expect(i.file).not.toBe("")
          expect(i.line !== undefined || i.path !== "" || /more problems/.test(i.message)).toBe(true)
          expect(`${i.message} ${i.hint ?? ""}`).not.toMatch(/\bundefined\b|\[object Object\]|call stack/)
        }
      }),
      { seed: 20261203, numRuns: 40 }
    )
    // Both outcomes occur: the mutations are neither all fatal nor all harmless.
    expect(counts.refused).toBeGreaterThan(5)
    expect(counts.accepted).toBeGreaterThan(5)
  })
})
