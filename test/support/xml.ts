/**
 * A minimal, strict XML 1.0 reader for tests (no dependency, no regular expressions): it walks the
 * text character by character and throws on anything that is not well-formed — an unclosed or
 * mismatched tag, an unquoted or repeated attribute, a raw "<" or "&" in text, an unknown entity,
 * a second root, text outside the root. It keeps elements, attributes and text; it skips the
 * declaration and comments.
 */
export interface XmlElement {
  readonly name: string
  readonly attrs: Readonly<Record<string, string>>
  readonly children: ReadonlyArray<XmlElement>
  readonly text: string
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }

const isNameStart = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === ":"
const isNameChar = (c: string): boolean => isNameStart(c) || (c >= "0" && c <= "9") || c === "-" || c === "."
const isSpace = (c: string): boolean => c === " " || c === "\t" || c === "\n" || c === "\r"

export const parseXml = (text: string): XmlElement => {
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${what}`)
  }
  const peek = (s: string): boolean => text.startsWith(s, i)
  const expect = (s: string): void => {
    if (!peek(s)) fail(`expected ${JSON.stringify(s)}`)
    i += s.length
  }
  const spaces = (): void => {
    while (i < text.length && isSpace(text[i]!)) i++
  }
  const name = (): string => {
    const start = i
    if (i >= text.length || !isNameStart(text[i]!)) fail("expected a name")
    while (i < text.length && isNameChar(text[i]!)) i++
    return text.slice(start, i)
  }
  const entity = (): string => {
    expect("&")
    const end = text.indexOf(";", i)
    if (end < 0 || end - i > 10) fail("unterminated entity")
    const e = text.slice(i, end)
    i = end + 1
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16))
    if (e.startsWith("#")) return String.fromCodePoint(Number.parseInt(e.slice(1), 10))
    const v = ENTITIES[e]
    if (v === undefined) fail(`unknown entity &${e};`)
    return v as string
  }
  const skipMisc = (): void => {
    for (;;) {
      spaces()
      if (peek("<!--")) {
        const end = text.indexOf("-->", i + 4)
        if (end < 0) fail("unterminated comment")
        if (text.slice(i + 4, end).includes("--")) fail('"--" inside a comment')
        i = end + 3
      } else if (peek("<?")) {
        const end = text.indexOf("?>", i + 2)
        if (end < 0) fail("unterminated processing instruction")
        i = end + 2
      } else return
    }
  }
  const element = (): XmlElement => {
    expect("<")
    const tag = name()
    const attrs: Record<string, string> = {}
    for (;;) {
      const hadSpace = i < text.length && isSpace(text[i]!)
      spaces()
      if (peek("/>")) {
        i += 2
        return { name: tag, attrs, children: [], text: "" }
      }
      if (peek(">")) {
        i++
        break
      }
      if (!hadSpace) fail("expected a space before an attribute")
      const a = name()
      if (a in attrs) fail(`attribute ${a} repeated`)
      spaces()
      expect("=")
      spaces()
      const q = text[i]
      if (q !== '"' && q !== "'") fail("attribute value not quoted")
      i++
      let v = ""
      while (i < text.length && text[i] !== q) {
        if (text[i] === "<") fail("< in an attribute value")
        if (text[i] === "&") v += entity()
        else v += text[i++]
      }
      expect(q as string)
      attrs[a] = v
    }
    const children: XmlElement[] = []
    let content = ""
    for (;;) {
      if (i >= text.length) fail(`unclosed <${tag}>`)
      if (peek("</")) {
        i += 2
        const closing = name()
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`)
        spaces()
        expect(">")
        return { name: tag, attrs, children, text: content }
      }
      if (peek("<!--")) {
        const end = text.indexOf("-->", i + 4)
        if (end < 0) fail("unterminated comment")
        i = end + 3
      } else if (peek("<")) children.push(element())
      else if (peek("&")) content += entity()
      else if (peek("]]>")) fail("]]> in text")
      else content += text[i++]
    }
  }
  if (text.charCodeAt(0) === 0xfeff) i = 1
  skipMisc()
  const root = element()
  skipMisc()
  if (i !== text.length) fail("content after the root element")
  return root
}

/** Every element named `name` below `e` (depth first). */
export const findAll = (e: XmlElement, name: string): XmlElement[] => [
  ...e.children.filter((c) => c.name === name),
  ...e.children.flatMap((c) => findAll(c, name))
]
