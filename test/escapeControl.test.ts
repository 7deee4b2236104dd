import { describe, expect, it } from "vitest"
import { escapeControl } from "../src/escapeControl.js"
import { formatIssue } from "../src/load/Issue.js"

describe("escapeControl", () => {
  it("shows every control character as an escape and leaves other text alone", () => {
    expect(escapeControl("a\u001b[2Jb")).toBe("a\\x1b[2Jb")
    expect(escapeControl("\u0000\u0007\t\n\r\u007f\u009b\u202e\u2066")).toBe("\\x00\\x07\\t\\n\\r\\x7f\\u009b\\u202e\\u2066")
    expect(escapeControl("Café · naïve — 日本 🙂 ✓")).toBe("Café · naïve — 日本 🙂 ✓")
    for (let c = 0; c < 0x3000; c++) {
      const out = escapeControl(String.fromCharCode(c))
      expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    }
  })

  it("is applied to every part of an issue, which may all come from a file", () => {
    const line = formatIssue({ file: "s\u001b.yaml", line: 3, column: 1, path: "journey.\u001b]0;x\u0007", message: 'unknown key "\u001b[31mred"', hint: "did you mean \u009b?" })
    expect(line).toBe('s\\x1b.yaml:3:1: journey.\\x1b]0;x\\x07: unknown key "\\x1b[31mred"\n    hint: did you mean \\u009b?')
  })
})
