/**
 * Text that came from a file (a key, a name, a label) made safe to print: every control
 * character — C0, DEL and C1, escape sequences among them, and the bidirectional overrides — is
 * shown as an escape (`\x1b`, `\n`, `\u009b`, `\u202e`), so a file cannot move the cursor,
 * recolour, retitle or clear the terminal, or make text read in another order than it is stored.
 *
 * @example
 * escapeControl("a\u001b[2Jb") // "a\\x1b[2Jb"
 */
export const escapeControl = (s: string): string =>
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0)
    if (c === "\n") return "\\n"
    if (c === "\r") return "\\r"
    if (c === "\t") return "\\t"
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`
  })
