/**
 * The bytes of a text input file as text, or the reason they are not: UTF-8 (with or without a
 * byte-order mark) or UTF-16 with its byte-order mark, as YAML allows; never a silent
 * replacement character for a byte that is not UTF-8, and no control character that would
 * change what a terminal shows or what a parser sees. Lone CR line ends (an old Mac editor's)
 * become LF, as YAML reads them, with every line and column unchanged.
 */
import type { Issue } from "./Issue.js"

/** Where a problem is, by line and column (1-based) of the text before it. */
const lineColumn = (before: string): { line: number; column: number } => {
  let line = 1
  let start = 0
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: before.length - start + 1 }
}

/** Length of the UTF-8 sequence starting at `i`, or 0 when it is not a valid one. */
const utf8Length = (b: Uint8Array, i: number): number => {
  const c = b[i] ?? 0
  if (c < 0x80) return 1
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0
  if (n === 0 || i + n > b.length) return 0
  const c1 = b[i + 1] ?? 0
  // Overlong forms, UTF-16 surrogates and code points beyond U+10FFFF.
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf
  if (c1 < lo || c1 > hi) return 0
  for (let k = 2; k < n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return 0
  return n
}

/** The offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
const firstInvalidUtf8 = (b: Uint8Array): number => {
  for (let i = 0; i < b.length; ) {
    const n = utf8Length(b, i)
    if (n === 0) return i
    i += n
  }
  return -1
}

const hex = (x: number): string => x.toString(16).toUpperCase().padStart(2, "0")

// Tab, LF and CR are the only C0 controls a text file may hold (YAML 1.2, c-printable); DEL too.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

const controlName = (ch: string): string => {
  const code = ch.charCodeAt(0)
  const name = code === 0 ? "NUL" : code === 0x1b ? "ESC" : code === 0x7f ? "DEL" : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
  return `a control character (${name})`
}

/**
 * The text of `bytes`, read from `file`, or the one issue that stops it being read as text.
 *
 * @example
 * const r = decodeText("s.yaml", fs.readFileSync("s.yaml"))
 * if ("issue" in r) throw new InvalidInput({ issues: [r.issue] })
 */
export const decodeText = (file: string, bytes: Uint8Array): { readonly text: string } | { readonly issue: Issue } => {
  const b0 = bytes[0]
  const b1 = bytes[1]
  const saveAs = "save it as UTF-8 text (in most editors: Save As, encoding UTF-8)"
  if ((b0 === 0xff && b1 === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (b0 === 0 && b1 === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)) {
    return { issue: { file, line: 1, column: 1, path: "", message: "the file is UTF-32 text, which cxsim does not read", hint: saveAs } }
  }
  let text: string
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const encoding = b0 === 0xff ? "utf-16le" : "utf-16be"
    try {
      text = new TextDecoder(encoding, { fatal: true }).decode(bytes)
    } catch {
      return { issue: { file, line: 1, column: 1, path: "", message: `the file starts as ${encoding.toUpperCase()} text (its byte-order mark) but is not valid ${encoding.toUpperCase()}`, hint: saveAs } }
    }
  } else {
    // The native decoder checks; the byte is looked for only when it finds one.
    let valid = true
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes)
    } catch {
      valid = false
    }
    const bad = valid ? -1 : firstInvalidUtf8(bytes)
    if (bad !== -1) {
      const at = lineColumn(new TextDecoder("utf-8").decode(bytes.subarray(0, bad)))
      return {
        issue: {
          file,
          ...at,
          path: "",
          message: `the file is not UTF-8 text: byte 0x${hex(bytes[bad] ?? 0)} cannot start a character here`,
          hint: `${saveAs}; a file from a spreadsheet or an older editor is often Latin-1 or Windows-1252`
        }
      }
    }
    // A UTF-8 byte-order mark is dropped here (the parser would read a second one as text).
    text = new TextDecoder("utf-8").decode(bytes)
  }
  // A lone CR ends a line in YAML (and in old Mac files); the parser reads only LF and CRLF.
  if (text.includes("\r")) text = text.replace(/\r(?!\n)/g, "\n")
  const control = CONTROL.exec(text)
  if (control !== null) {
    const nul = control[0] === "\u0000"
    return {
      issue: {
        file,
        ...lineColumn(text.slice(0, control.index)),
        path: "",
        message: `the file holds ${controlName(control[0])}, which a text file may not`,
        hint: nul ? `is it a binary file, or UTF-16 text without its byte-order mark? If it is text, ${saveAs}` : "delete it; it is invisible in most editors"
      }
    }
  }
  return { text }
}
