/**
 * The checksum cxsim embeds in the files it writes, so that a later run can tell its own,
 * untouched output from anything else (design.md, contract — files) and `cxsim merge` can refuse
 * an edited part.
 *
 * The mark is the SHA-256 of the file's content without the mark, placed where the format
 * allows it without changing what a reader of the format sees:
 * - JSON (text starting with "{"): a first member, `{"checksum":"sha256:HEX",…`;
 * - XML, HTML and Markdown (text starting with "<"): a last line `<!-- checksum sha256:HEX -->`;
 * - the plain-text table (text starting with "cxsim "): a last line `checksum sha256:HEX`.
 * CSV has no place for a mark that every reader ignores, so a CSV file carries none.
 *
 * A checksum, not a signature: it detects edits and files cxsim did not write, not a forger who
 * recomputes it.
 */
import { createHash } from "node:crypto"

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

const JSON_MARK = /^\{"checksum":"sha256:([0-9a-f]{64})",/
const LINE_MARK = /(?:^|\n)(<!-- checksum sha256:([0-9a-f]{64}) -->|checksum sha256:([0-9a-f]{64}))\n$/

type Kind = "json" | "comment" | "line" | "none"

const kindOf = (text: string): Kind =>
  text.startsWith("{") && !/^\{\s*\}/.test(text) ? "json" : text.startsWith("<") ? "comment" : text.startsWith("cxsim ") ? "line" : "none"

/** What `unsign` finds in a text: no mark, a mark that matches the content, or one that does not. */
export type Marked =
  | { readonly mark: "none"; readonly body: string }
  | { readonly mark: "valid" | "invalid"; readonly body: string }

/** The text without its mark, and whether the mark matches the rest. */
export const unsign = (text: string): Marked => {
  const j = JSON_MARK.exec(text)
  if (j !== null) {
    const body = `{${text.slice(j[0].length)}`
    return { mark: sha256Hex(body) === j[1] ? "valid" : "invalid", body }
  }
  const l = LINE_MARK.exec(text)
  if (l !== null) {
    const body = text.slice(0, l.index + (text[l.index] === "\n" ? 1 : 0))
    const kind = kindOf(body)
    const fits = l[2] !== undefined ? kind === "comment" : kind === "line"
    return { mark: fits && sha256Hex(body) === (l[2] ?? l[3]) ? "valid" : "invalid", body }
  }
  return { mark: "none", body: text }
}

/**
 * The text with its checksum mark (unchanged if it already carries a valid one, or if its
 * format has no place for one: CSV).
 *
 * @example
 * sign('{"a":1}\n') // '{"checksum":"sha256:…","a":1}\n'
 */
export const sign = (text: string): string => {
  if (unsign(text).mark === "valid") return text
  switch (kindOf(text)) {
    case "json":
      return `{"checksum":"sha256:${sha256Hex(text)}",${text.slice(1)}`
    case "comment":
    case "line": {
      const body = text.endsWith("\n") ? text : `${text}\n`
      const h = sha256Hex(body)
      return kindOf(text) === "comment" ? `${body}<!-- checksum sha256:${h} -->\n` : `${body}checksum sha256:${h}\n`
    }
    case "none":
      return text
  }
}
