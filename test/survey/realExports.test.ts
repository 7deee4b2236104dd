/**
 * What real survey exports hold beyond a tidy CSV: scales numbered from 0 or running the other
 * way, a 5-point effort score, the ends of a scale written with their labels ("10 - Extremely
 * likely"), a per-column "not applicable", rows of question texts under the header, UTF-16 and
 * Windows encodings, column names in another case. Each is read as meant, or refused with the
 * file, line, row and column and a hint.
 */
import { beforeAll, describe, expect, it } from "vitest"
import { firstInvalidUtf8, intIn } from "../../src/survey/readSurvey.js"
import { baseMap, ok, problems, readWith, shop, type Shop } from "./support.js"

let ctx: Shop
beforeAll(async () => {
  ctx = await shop()
})

const read = (survey: string | Uint8Array, map: string, options: { ext?: string } = {}) => readWith(ctx, map, survey, options)

/** A mapping of one outcome column `a` (plus the segment column). */
const mapOf = (outcome: string, extra = ""): string => `segment:
  columns: [kind]
  personas:
    - { when: { kind: regular }, persona: regular }
outcomes:
  - ${outcome}
${extra}`

const rows = (cells: ReadonlyArray<string>): string => `kind,a\n${cells.map((c) => `regular,${c}`).join("\n")}\n`
const answers = (r: Awaited<ReturnType<typeof read>>): number[] => Array.from(ok(r).outcomes[0]?.answer ?? [])

describe("scales as surveys number them", () => {
  it("a CSAT from 0 to 10 (lowest: 0): 0 is the worst of 11 answers, 10 the best; 11 is off the scale", async () => {
    const map = mapOf("{ column: a, kind: csat, scale: 11, lowest: 0 }")
    const d = ok(await read(rows(["0", "5", "10"]), map))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([0, 5, 10])
    expect(d.outcomes[0]?.labels).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])
    expect(problems(await read(rows(["11"]), map))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:2:1: row 1, column "a": "11" is not an answer on the 11-point scale (0 to 10)
          hint: or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
  })

  it("a number off a 1–5 scale says which setting reads it: 0 (lowest: 0), 6 to 10 (a longer scale), a fraction (no answer)", async () => {
    const map = mapOf("{ column: a, kind: csat }")
    expect(problems(await read(rows(["0"]), map))).toContain("hint: a scale that starts at 0 needs lowest: 0 (and scale: its number of points)")
    expect(problems(await read(rows(["9"]), map))).toContain("hint: this 5-point scale ends at 5; if the column's scale is longer, set its scale: (0 to 10 is scale: 11, lowest: 0)")
    expect(problems(await read(rows(["3.5"]), map))).toContain("hint: an answer on a scale is one of its whole numbers")
    // Past any scale: no hint but the usual.
    expect(problems(await read(rows(["42"]), map))).toContain("hint: or set invalid: drop")
  })

  it("a CSAT whose 1 is the best answer (reverse): 1 counts as the top of the scale", async () => {
    const d = ok(await read(rows(["1", "2", "5"]), mapOf("{ column: a, kind: csat, reverse: true }")))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([4, 3, 0])
    // Labels follow the model's order, worst first: the survey's own numbers.
    expect(d.outcomes[0]?.labels).toEqual(["5", "4", "3", "2", "1"])
  })

  it("a 5-point effort score, and one where 7 means easy (\"it was easy\", agree 1–7)", async () => {
    expect(answers(await read(rows(["1", "3", "5"]), mapOf("{ column: a, kind: ces, scale: 5 }")))).toEqual([0, 2, 4])
    expect(ok(await read(rows(["1"]), mapOf("{ column: a, kind: ces, scale: 5 }"))).outcomes[0]?.categories).toBe(5)
    // Reversed: 7 (strongly agree it was easy) is the least effort, index 0.
    expect(answers(await read(rows(["7", "6", "1"]), mapOf("{ column: a, kind: ces, reverse: true }")))).toEqual([0, 1, 6])
    expect(problems(await read(rows(["6"]), mapOf("{ column: a, kind: ces, scale: 5 }")))).toContain('"6" is not an effort score on the 5-point scale (1 to 5)')
  })

  it("the ends of a scale written with their labels, as exports give them", async () => {
    const d = ok(await read(rows(["10 - Extremely likely", "0 - Not at all likely", "7", "9: very likely", "3 (unlikely)"]), mapOf("{ column: a, kind: ltr }")))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([10, 0, 7, 9, 3])
    expect(intIn("5 = Very satisfied", 1, 5)).toBe(4)
    // Not a number before a label: a range, a decimal, a number alone past the scale, a label first.
    for (const cell of ["1-2", "3.5", "12 - great", "Very likely 9", "9 10"]) expect(intIn(cell, 0, 10)).toBe(-2)
  })

  it("labels for likelihood to recommend, eleven of them, and for effort", async () => {
    const labels = ["Not at all likely", ...Array.from({ length: 9 }, (_, i) => String(i + 1)), "Extremely likely"]
    const map = mapOf(`{ column: a, kind: ltr, labels: [${labels.map((l) => JSON.stringify(l)).join(", ")}] }`)
    expect(answers(await read(rows(["extremely likely", "not at all likely", "6"]), map))).toEqual([10, 0, 6])
    const ces = mapOf("{ column: a, kind: ces, labels: [Very easy, Easy, Neither, Difficult, Very difficult] }")
    expect(answers(await read(rows(["Very easy", "difficult"]), ces))).toEqual([0, 3])
  })

  it("refuses what makes no sense in the mapping, naming the field", async () => {
    const bad = mapOf("{ column: a, kind: ltr, lowest: 0, labels: [a, b, a] }")
    expect(problems(await read(rows(["1"]), bad)).replace(/map-\d+/g, "map")).toMatchInlineSnapshot(`
      "<dir>/map.yaml:6:29: outcomes[0].lowest: lowest applies to csat, ces outcomes, not to ltr
      <dir>/map.yaml:6:40: outcomes[0].labels: 3 labels for likelihood to recommend
          hint: give eleven labels, for 0 to 10 in order (the numbers are accepted too)
      <dir>/map.yaml:6:40: outcomes[0].labels: the label "a" is listed twice (positions 1 and 3)"
    `)
  })
})

describe("cells that mean no answer for one column", () => {
  it("0 is 'not applicable' for one rating and a real answer for another", async () => {
    const map = `segment:
  columns: [kind]
  personas:
    - { when: { kind: regular }, persona: regular }
outcomes:
  - { column: a, kind: csat, scale: 6, lowest: 0, missing: [0] }
  - { column: b, kind: csat, scale: 6, lowest: 0 }
`
    const d = ok(await read("kind,a,b\nregular,0,0\nregular,5,5\n", map))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([-1, 5])
    expect(Array.from(d.outcomes[1]?.answer ?? [])).toEqual([0, 5])
  })
})

describe("rows under the header that are no respondents", () => {
  const text = 'kind,a\n"Which kind of customer?","How satisfied are you?"\n"{""ImportId"":""QID1""}","{""ImportId"":""QID2""}"\nregular,4\nregular,9\n'
  it("skip: 2 skips them and counts them; row numbers still count every row of the file", async () => {
    const map = mapOf("{ column: a, kind: csat }", "skip: 2\n")
    expect(problems(await read(text, map))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: row 4, column "a": "9" is not an answer on the 5-point scale (1 to 5)
          hint: this 5-point scale ends at 5; if the column's scale is longer, set its scale: (0 to 10 is scale: 11, lowest: 0); or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
    const d = ok(await read(text.replace("regular,9", "regular,2"), map))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([3, 1])
    expect(d.dropped).toEqual([{ reason: "skipped after the header", rows: 2 }])
  })

  it("without skip, the question rows match no persona: dropped and counted, never read as answers", async () => {
    const d = ok(await read(text.replace("regular,9", "regular,2"), mapOf("{ column: a, kind: csat }")))
    expect(d.rows).toBe(2)
    expect(d.dropped).toEqual([{ reason: "no segment", rows: 2 }])
  })

  it("a file whose every row is skipped says so", async () => {
    expect(problems(await read("kind,a\nq1,q2\n", mapOf("{ column: a, kind: csat }", "skip: 1\n")))).toContain("the survey has 1 row after its header, all skipped (skip: 1)")
  })
})

describe("rows above the header (a title, export notes)", () => {
  it("the header is the first row naming every mapped column; the rows above are counted, line numbers kept", async () => {
    const map = mapOf("{ column: a, kind: csat }")
    // A title whose comma is no separator of the file, a notes row, a blank line, then a ; header.
    const text = "Customer survey, export of 3 March\nFilter: all;;\n\nkind;a\nregular;4\nregular;9\n"
    expect(problems(await read(text, map))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:6:1: row 2, column "a": "9" is not an answer on the 5-point scale (1 to 5)
          hint: this 5-point scale ends at 5; if the column's scale is longer, set its scale: (0 to 10 is scale: 11, lowest: 0); or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
    const d = ok(await read(text.replace("regular;9", "regular;2"), map))
    expect(answers(await read(text.replace("regular;9", "regular;2"), map))).toEqual([3, 1])
    expect(d.dropped).toEqual([{ reason: "above the header", rows: 2 }])
  })

  it("a misspelt mapped column is reported against the real header, below the title", async () => {
    expect(problems(await read("Survey export\nkind,b\nregular,4\n", mapOf("{ column: a, kind: csat }")))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:2:1: outcomes[0].column: the survey has no column "a"
          hint: did you mean "b"?"
    `)
  })

  it("a spreadsheet's sep= line above the header is one of those rows; the header's own separator is sniffed", async () => {
    const d = ok(await read("sep=,\nkind;a\nregular;4\n", mapOf("{ column: a, kind: csat }")))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([3])
    expect(d.dropped).toEqual([{ reason: "above the header", rows: 1 }])
  })

  it("a header on the first row reads as before: nothing counted above it", async () => {
    expect(ok(await read(rows(["4"]), mapOf("{ column: a, kind: csat }"))).dropped).toEqual([])
  })
})

describe("encodings", () => {
  const text = "kind\ta\nregular\tTrès satisfait\nregular\tPas satisfait\n"
  const map = (extra = "") => mapOf("{ column: a, kind: csat, labels: [Pas satisfait, Neutre, Très satisfait] }", extra)

  it("UTF-16 with its byte-order mark, tab-separated (a spreadsheet's Unicode text)", async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
    expect(answers(await read(bytes, map()))).toEqual([2, 0])
    const be = Buffer.from(text, "utf16le").swap16()
    expect(answers(await read(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), map()))).toEqual([2, 0])
  })

  it("a Windows-1252 file: refused as UTF-8 at its line with a hint, read with encoding: windows-1252", async () => {
    const bytes = Buffer.from(text, "latin1")
    expect(problems(await read(bytes, map()))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:2:1: the byte 0xE8 is not UTF-8 text
          hint: a file saved in a Windows or Latin-1 encoding (é as one byte) reads with encoding: windows-1252 in the mapping; or export it as UTF-8"
    `)
    expect(answers(await read(bytes, map("encoding: windows-1252\n")))).toEqual([2, 0])
  })

  it("UTF-16 without a byte-order mark: named as such with the setting that reads it; encoding: utf-16 reads it", async () => {
    const le = Buffer.from(text, "utf16le")
    expect(problems(await read(le, map()))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:1:1: this looks like UTF-16 text (little-endian) without a byte-order mark
          hint: set encoding: utf-16 in the mapping, or export the survey as UTF-8"
    `)
    expect(problems(await read(Buffer.from(le).swap16(), map()))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:1:1: this looks like UTF-16 text (big-endian) without a byte-order mark
          hint: export the survey as UTF-8, or as UTF-16 with a byte-order mark"
    `)
    expect(answers(await read(le, map("encoding: utf-16\n")))).toEqual([2, 0])
    // Bytes with NULs that are no UTF-16 stay a binary file.
    expect(problems(await read(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x08, 0]), map()))).toContain("this is a binary file")
  })

  it("a UTF-8 byte-order mark decides over the mapping's encoding", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])
    expect(answers(await read(bom, map("encoding: utf-16\n")))).toEqual([2, 0])
    expect(answers(await read(bom, map("encoding: windows-1252\n")))).toEqual([2, 0])
  })

  it("finds the first byte that cannot be UTF-8, whatever the sequence", () => {
    const enc = (s: string) => new Uint8Array(Buffer.from(s, "utf8"))
    expect(firstInvalidUtf8(enc("plain, é, 日本, 😀"))).toBe(-1)
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xe9, 0x41]))).toBe(1)
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1) // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0) // a surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0x41, 0xe6, 0x97]))).toBe(-1) // cut by the chunk's end
    expect(firstInvalidUtf8(Uint8Array.from([0x97, 0xa5, 0x41]))).toBe(-1) // the end of the previous chunk's character
    // Agrees with the platform's strict decoder on every 3-byte sequence from a small alphabet.
    const alphabet = [0x41, 0x80, 0xa0, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xff]
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) {
      const bytes = Uint8Array.from([0x41, a, b, c, 0x41, 0x41, 0x41])
      let valid = true
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes)
      } catch {
        valid = false
      }
      expect(firstInvalidUtf8(bytes) < 0, `${[a, b, c].map((x) => x.toString(16))}`).toBe(valid)
    }
  })
})

describe("column names", () => {
  it("a mapped column found whatever its case and surrounding spaces, when only one matches", async () => {
    const d = ok(await read("Kind, Overall Satisfaction \nregular,4\n", mapOf("{ column: overall satisfaction, kind: csat }").replace("[kind]", "[KIND]").replace("{ kind: regular }", "{ KIND: regular }")))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([3])
  })

  it("two columns that differ only in case: the exact one is taken, and a loose match is refused as unknown", async () => {
    const d = ok(await read("kind,a,A\nregular,4,1\n", mapOf("{ column: A, kind: csat }")))
    expect(Array.from(d.outcomes[0]?.answer ?? [])).toEqual([0])
    expect(problems(await read("kind,b,B\nregular,4,1\n", mapOf("{ column: a, kind: csat }")))).toContain('the survey has no column "a"')
  })
})

describe("the base mapping still reads as before", () => {
  it("unchanged by the new fields", async () => {
    expect(ok(await read("id,kind,sat,nps,spend,wait_min,w\n1,regular,4,9,12.5,3,1\n", baseMap)).rows).toBe(1)
  })
})
