/** Reading real, messy survey files: each mess is handled, or refused naming file, row and column. */
import { Effect, Either } from "effect"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { loadSurveyMap, readSurvey } from "../../src/survey/readSurvey.js"
import { baseCsv, baseMap, ok, problems, readWith, shop, table, type Shop } from "./support.js"

let ctx: Shop
beforeAll(async () => {
  ctx = await shop()
})

const read = (survey: string | Uint8Array, map = baseMap, options: { ext?: string; where?: string } = {}) => readWith(ctx, map, survey, options)

const expected = [
  ["regular", 3, 9, 12.5, 3, 1],
  ["newcomer", 1, 3, 8, 7.25, 2],
  ["newcomer", 4, 10, 0, 1, 0.5]
]

describe("readSurvey: a clean file", () => {
  it("codes segments, answers (category indices), amounts, measured levels and weights by column", async () => {
    const d = ok(await read(baseCsv))
    expect(table(d)).toEqual(expected)
    expect(d.segments).toEqual(["regular", "newcomer"])
    expect(d.rows).toBe(3)
    expect(d.dropped).toEqual([])
    expect(d.outcomes.map((o) => [o.kind, o.column, o.categories, o.labels.length])).toEqual([
      ["csat", "sat", 5, 5],
      ["ltr", "nps", 11, 11],
      ["spend", "spend", 0, 0]
    ])
    expect(d.measured[0]).toMatchObject({ dimension: "wait", touchpoint: "enter", column: "wait_min" })
    expect(d.hash).toBe(createHash("sha256").update(baseCsv).digest("hex"))
    expect(d.where).toBeNull()
  })
})

describe("readSurvey: messes it handles", () => {
  it("a BOM and CRLF line ends", async () => {
    expect(table(ok(await read(`\uFEFF${baseCsv.replace(/\n/g, "\r\n")}`)))).toEqual(expected)
  })

  it("a ; separator with decimal commas, sniffed from the header", async () => {
    const text = baseCsv.replace(/,/g, ";").replace("12.5", "12,5").replace("7.25", "7,25").replace("0.5", "0,5")
    expect(table(ok(await read(text)))).toEqual(expected)
  })

  it("a tab separator in a .tsv file, and in a .csv file (sniffed)", async () => {
    const text = baseCsv.replace(/,/g, "\t")
    expect(table(ok(await read(text, baseMap, { ext: "tsv" })))).toEqual(expected)
    expect(table(ok(await read(text)))).toEqual(expected)
  })

  it("decimal: , in a comma-separated file, the numbers quoted", async () => {
    const text = baseCsv.replace("12.5", '"12,5"').replace("7.25", '"7,25"').replace("0.5", '"0,5"')
    expect(table(ok(await read(text, `${baseMap}decimal: ","\n`)))).toEqual(expected)
  })

  it("NA, N/A, -, empty and blank cells are missing answers (-1, or NaN for amounts and levels)", async () => {
    const text = "id,kind,sat,nps,spend,wait_min,w\n1,regular,NA,n/a,-,,1\n2,newcomer,  ,N/A,na,  -  ,1\n"
    const d = ok(await read(text))
    expect(table(d)).toEqual([
      ["regular", -1, -1, Number.NaN, Number.NaN, 1],
      ["newcomer", -1, -1, Number.NaN, Number.NaN, 1]
    ])
    expect([...(d.outcomes[2]?.answer ?? [])]).toEqual([-1, -1])
  })

  it("the mapping's own missing values replace the default ones", async () => {
    const text = "id,kind,sat,nps,spend,wait_min,w\n1,regular,99,99,5,99,1\n"
    const d = ok(await read(text, `${baseMap}missing: ["99"]\n`))
    expect(table(d)).toEqual([["regular", -1, -1, 5, Number.NaN, 1]])
    expect(problems(await read("id,kind,sat,nps,spend,wait_min,w\n1,regular,NA,9,5,1,1\n", `${baseMap}missing: ["99"]\n`))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:2:1: row 1, column "sat": "NA" is not an answer on the 5-point scale (1 to 5)
          hint: if "NA" means no answer, add it to missing: in the mapping; if the column holds the answers' labels, name them in order with labels: [...]; or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
  })

  it("extra columns, and extra empty cells at the end of a row (a trailing separator)", async () => {
    const text = "note,id,kind,sat,nps,spend,wait_min,w,source\nhi,1,regular,4,9,12.5,3,1,web,,\n"
    expect(table(ok(await read(text)))).toEqual([expected[0]])
  })

  it("unnamed columns at the end of the header (a spreadsheet's empty formatted columns): rows may leave them out or fill them empty", async () => {
    const text = "id,kind,sat,nps,spend,wait_min,w,,\n1,regular,4,9,12.5,3,1\n1,regular,4,9,12.5,3,1,,\n"
    expect(table(ok(await read(text)))).toEqual([expected[0], expected[0]])
    // A cell under an unnamed column is still a cell too many.
    expect(problems(await read("id,kind,sat,nps,spend,wait_min,w,\n1,regular,4,9,12.5,3,1,x\n"))).toContain("row 1: the row has 8 cells, the header 7")
  })

  it("quoted cells with separators, line breaks and doubled quotes; later rows keep their line numbers", async () => {
    const text = 'id,comment,kind,sat,nps,spend,wait_min,w\n1,"slow, but ""nice""\nreally",regular,4,9,12.5,3,1\n2,"a\r\nb",regular,9,9,1,1,1\n'
    expect(problems(await read(text))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:4:1: row 2, column "sat": "9" is not an answer on the 5-point scale (1 to 5)
          hint: this 5-point scale ends at 5; if the column's scale is longer, set its scale: (0 to 10 is scale: 11, lowest: 0); or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
    const fine = ok(await read(text.replace(",9,9,1,1,1", ",5,9,1,1,1")))
    expect(fine.rows).toBe(2)
  })

  it("labels in another case or with spaces, for segments, CSAT labels and yes/no answers", async () => {
    const map = `segment:
  columns: [kind, plan]
  personas:
    - { when: { kind: Regular, plan: [gold, "Silver Plus"] }, persona: regular }
    - { when: { kind: regular }, persona: newcomer }
outcomes:
  - { column: sat, kind: csat, labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied] }
  - { column: happy, kind: satisfied, yes: [yes, y, 1] }
  - { column: stayed, kind: churn, period: 3, churned: [no], retained: [yes] }
`
    // A run of spaces, a tab or a no-break space inside a label counts as one space.
    const text = "kind,plan,sat,happy,stayed\n  REGULAR ,silver plus,VERY satisfied,Y,No\nregular,GOLD, neutral ,1,yes\nregular,bronze,2,nope,YES\nregular,Silver  Plus,Very\u00a0dissatisfied,y,no\nregular,silver\tplus,very   SATISFIED,y,no\n"
    const d = ok(await read(text, map))
    expect(table(d)).toEqual([
      ["regular", 4, 1, 1, 1],
      ["regular", 2, 1, 0, 1],
      ["newcomer", 1, 0, 0, 1],
      ["regular", 0, 1, 1, 1],
      ["regular", 4, 1, 1, 1]
    ])
    expect(d.outcomes.map((o) => o.labels)).toEqual([["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"], ["no", "yes"], ["retained", "churned"]])
    expect(d.outcomes[2]?.period).toBe(3)
  })

  it("rows that match no segment rule are dropped and counted", async () => {
    const d = ok(await read(`${baseCsv}4,visitor,4,9,1,1,1\n5,,4,9,1,1,1\n`))
    expect(d.rows).toBe(3)
    expect(d.dropped).toEqual([{ reason: "no segment", rows: 2 }])
    expect(d.segmentTypos).toBeUndefined()
  })

  it("a segment value close to one a rule names is kept aside as a likely typo, with its rows", async () => {
    const d = ok(await read(`${baseCsv}4,regulr,4,9,1,1,1
5,Regulr ,4,9,1,1,1
6,newcomr,4,9,1,1,1
7,visitor,4,9,1,1,1
`))
    expect(d.dropped).toEqual([{ reason: "no segment", rows: 4 }])
    expect(d.segmentTypos).toEqual([
      { column: "kind", value: "regulr", suggestion: "regular", rows: 2 },
      { column: "kind", value: "newcomr", suggestion: "newcomer", rows: 1 }
    ])
    // Quoted as the file first wrote it (so that a search of the file finds it), counted in any case and spacing.
    const as = ok(await read(`${baseCsv}4,Small-Regulr ,4,9,1,1,1\n5,small-regulr,4,9,1,1,1\n6,Regulr,4,9,1,1,1\n`))
    expect(as.segmentTypos).toEqual([{ column: "kind", value: "Regulr", suggestion: "regular", rows: 1 }])
    const first = ok(await read(`${baseCsv}4,Newcomr,4,9,1,1,1\n5, newcomr,4,9,1,1,1\n`))
    expect(first.segmentTypos).toEqual([{ column: "kind", value: "Newcomr", suggestion: "newcomer", rows: 2 }])
  })

  it("with invalid: drop, rows with an answer off the scale or an unreadable number are dropped and counted by column", async () => {
    const text = `${baseCsv}4,regular,6,9,1,1,1\n5,regular,4,11,1,1,1\n6,regular,4,9,lots,1,1\n7,regular,0,9,1,1,1\n`
    const d = ok(await read(text, `${baseMap}invalid: drop\n`))
    expect(d.rows).toBe(3)
    expect(d.dropped).toEqual([
      { reason: "invalid sat", rows: 2 },
      { reason: "invalid nps", rows: 1 },
      { reason: "invalid spend", rows: 1 }
    ])
  })

  it("with id:, a row repeating the id of an earlier kept row (an export that repeated rows) is dropped and counted; rows without an id are kept", async () => {
    // Row 4 repeats 1 (as exported), row 5 repeats 2 with spaces and quotes, row 6 has no id,
    // id 7 first comes in a row matching no segment (dropped), so its second row is kept.
    const text = `${baseCsv}1,regular,4,9,12.5,3,1
" 2 ",newcomer,2,3,8,7.25,2
,regular,3,7,1,1,1
7,visitor,4,9,1,1,1
7,regular,5,10,2,2,1
`
    const d = ok(await read(text, `${baseMap}id: id
`))
    expect(table(d)).toEqual([...expected, ["regular", 2, 7, 1, 1, 1], ["regular", 4, 10, 2, 2, 1]])
    expect(d.dropped).toEqual([
      { reason: "duplicate id", rows: 2 },
      { reason: "no segment", rows: 1 }
    ])
    // Without id:, every row is a respondent, repeated or not.
    expect(ok(await read(text)).rows).toBe(7)
    // NDJSON, the id a number or text.
    const nd = ['{"id":1,"kind":"regular","sat":4,"nps":9,"spend":1,"wait_min":1,"w":1}', '{"id":"1","kind":"regular","sat":4,"nps":9,"spend":1,"wait_min":1,"w":1}', '{"kind":"regular","sat":4,"nps":9,"spend":1,"wait_min":1,"w":1}'].join("\n")
    const n = ok(await read(nd, `${baseMap}id: id
`, { ext: "ndjson" }))
    expect([n.rows, n.dropped]).toEqual([2, [{ reason: "duplicate id", rows: 1 }]])
  })

  it("an id column the survey does not have, with did-you-mean", async () => {
    expect(problems(await read(baseCsv, `${baseMap}id: ids
`))).toContain('the survey has no column "ids"')
  })

  it("NDJSON: keys in any order, null or absent as missing, numbers and text alike", async () => {
    const text = [
      '{"kind":"regular","sat":4,"nps":"9","spend":12.5,"wait_min":3,"w":1,"extra":[1,2]}',
      '{"w":2,"kind":"Newcomer","sat":"2","nps":3,"spend":8,"wait_min":7.25}',
      "",
      '{"kind":"new","sat":5,"nps":10,"spend":0,"wait_min":1,"w":0.5}',
      '{"kind":"new","sat":null,"nps":10,"spend":0,"w":1}'
    ].join("\r\n")
    const d = ok(await read(text, baseMap, { ext: "ndjson" }))
    expect(table(d)).toEqual([...expected, ["newcomer", -1, 10, 0, Number.NaN, 1]])
    // JSON numbers stay numbers with decimal: "," (text cells follow the mark).
    const c = ok(await read(text.replace('"spend":0,', '"spend":"0,0",'), `${baseMap}decimal: ","\n`, { ext: "ndjson" }))
    expect(table(c)).toEqual(table(d))
  })
})

describe("readSurvey: refusals, each naming file, line, row and column", () => {
  it("an answer off the scale", async () => {
    expect(problems(await read(`${baseCsv}4,regular,6,9,1,1,1\n5,regular,4,11,1,1,1\n`))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: row 4, column "sat": "6" is not an answer on the 5-point scale (1 to 5)
          hint: this 5-point scale ends at 5; if the column's scale is longer, set its scale: (0 to 10 is scale: 11, lowest: 0); or set invalid: drop in the mapping to drop such rows (they are counted)
      <dir>/survey.csv:6:1: row 5, column "nps": "11" is not a likelihood to recommend from 0 to 10
          hint: or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
  })

  it("words where a number or a label was expected: the hint says how to read them as no answer, or as labels", async () => {
    const map = baseMap.replace("{ column: sat, kind: csat, scale: 5 }", "{ column: sat, kind: csat, labels: [bad, poor, ok, good, great] }")
    expect(problems(await read(`${baseCsv}4,regular,Don't know,9,1,1,1\n5,regular,good,Extremely likely,1,1,1\n`, map))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: row 4, column "sat": "Don't know" is not one of the labels (bad, poor, ok, good, great) or 1 to 5
          hint: if "Don't know" means no answer, add it to missing: in the mapping; or set invalid: drop in the mapping to drop such rows (they are counted)
      <dir>/survey.csv:6:1: row 5, column "nps": "Extremely likely" is not a likelihood to recommend from 0 to 10
          hint: if "Extremely likely" means no answer, add it to missing: in the mapping; if the column holds the answers' labels, name them in order with labels: [...]; or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
  })

  it("a label the mapping does not know, and an unreadable number", async () => {
    const map = baseMap.replace("{ column: sat, kind: csat, scale: 5 }", "{ column: sat, kind: csat, labels: [bad, poor, ok, good, great] }")
    expect(problems(await read(`${baseCsv}4,regular,superb,9,1,1,1\n5,regular,4,9,"1,234.5",5,1\n6,regular,4,9,1,1,-1\n`, map))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: row 4, column "sat": "superb" is not one of the labels (bad, poor, ok, good, great) or 1 to 5
          hint: if "superb" means no answer, add it to missing: in the mapping; or set invalid: drop in the mapping to drop such rows (they are counted)
      <dir>/survey.csv:6:1: row 5, column "spend": "1,234.5" is not an amount ≥ 0
          hint: this file's decimal mark is "." (from the comma separator); no thousands separators; set decimal: in the mapping if that is wrong; or set invalid: drop in the mapping to drop such rows (they are counted)
      <dir>/survey.csv:7:1: row 6, column "w": the weight "-1" is not a number ≥ 0
          hint: this file's decimal mark is "." (from the comma separator); no thousands separators; set decimal: in the mapping if that is wrong; or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
  })

  it("a decimal comma in a file whose numbers use points", async () => {
    const text = "id;kind;sat;nps;spend;wait_min;w\n1;regular;4;9;12.5;3;1\n2;regular;4;9;12,5;3;1\n"
    expect(problems(await read(text))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:3:1: row 2, column "spend": "12,5" is not an amount ≥ 0
          hint: this file's decimal mark is "." (from row 1, column "spend"); no thousands separators; set decimal: in the mapping if that is wrong; or set invalid: drop in the mapping to drop such rows (they are counted)"
    `)
  })

  it("a mapped column missing from the header, with did-you-mean (one that differs only in case is taken)", async () => {
    expect(problems(await read(baseCsv.replace("wait_min", "wait_mins").replace(",nps,", ",NPS,")))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:1:1: measured[0].column: the survey has no column "wait_min"
          hint: did you mean "wait_mins"?"
    `)
  })

  it("a mapped column named twice in the header (an unmapped one twice is fine)", async () => {
    expect(problems(await read(baseCsv.replace("id,kind,sat", "sat,kind,sat")))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:1:1: outcomes[0].column: the header names the column "sat" twice
          hint: rename one of them: cxsim cannot tell which one is meant"
    `)
    expect(ok(await read(baseCsv.replace("id,kind,sat", "x,kind,sat").replace("spend,wait_min,w", "spend,wait_min,w,x").replace(/1\n/g, "1,\n").replace(/2\n/g, "2,\n").replace(/0\.5\n/g, "0.5,\n"))).rows).toBe(3)
  })

  it("rows with more or fewer cells than the header", async () => {
    expect(problems(await read(`${baseCsv}4,regular,4,9,1,1,1,extra\n5,regular,4,9\n`))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: row 4: the row has 8 cells, the header 7
          hint: a cell that holds the separator must be in quotes
      <dir>/survey.csv:6:1: row 5: the row has 4 cells, the header 7
          hint: every row has a cell per column (an empty one for no answer)"
    `)
  })

  it("an empty file, a BOM alone, a header without rows", async () => {
    expect(problems(await read(""))).toMatchInlineSnapshot(`
      "<dir>/survey.csv: the file is empty
          hint: a survey starts with a header line naming its columns"
    `)
    expect(problems(await read("\uFEFF\r\n"))).toMatchInlineSnapshot(`
      "<dir>/survey.csv: the file is empty
          hint: a survey starts with a header line naming its columns"
    `)
    expect(problems(await read("id,kind,sat,nps,spend,wait_min,w\r\n"))).toMatchInlineSnapshot(`"<dir>/survey.csv:1:1: the survey has a header but no rows"`)
  })

  it("a binary file, and text that is not UTF-8", async () => {
    expect(problems(await read(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00])))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:1:1: this is a binary file, not CSV or NDJSON text
          hint: export the survey as CSV (UTF-8) or NDJSON"
    `)
    expect(problems(await read(Buffer.from("id,kind\n1,caf\xe9\n", "latin1")))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:2:1: the byte 0xE9 is not UTF-8 text
          hint: a file saved in a Windows or Latin-1 encoding (é as one byte) reads with encoding: windows-1252 in the mapping; or export it as UTF-8"
    `)
  })

  it("an unclosed quote, a cell beyond the bound", async () => {
    expect(problems(await read(`${baseCsv}4,"regular,4,9,1,1,1\n5,regular,4,9,1,1,1\n`))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: a quoted cell is never closed
          hint: a cell that starts with " ends with " (a quote inside is written "")"
    `)
    expect(problems(await read(`${baseCsv}4,regular,4,9,1,1,${"9".repeat(70_000)}\n`))).toMatchInlineSnapshot(`
      "<dir>/survey.csv:5:1: cell 7 is longer than 65536 characters
          hint: is this a CSV file? a quote left open swallows the rest of the file"
    `)
  })

  it("no row in any segment, with the values seen", async () => {
    expect(problems(await read("id,kind,sat,nps,spend,wait_min,w\n1,Visitor,4,9,1,1,1\n2,guest,4,9,1,1,1\n"))).toMatchInlineSnapshot(`
      "<dir>/survey.csv: segment: none of the 2 rows matched a segment rule of the mapping
          hint: values seen: kind=Visitor; kind=guest"
    `)
  })

  it("lists at most 50 problems and counts the rest", async () => {
    // 80 different values off the scale: 80 problems.
    const rows = Array.from({ length: 80 }, (_, i) => `${i},regular,${i + 6},9,1,1,1`).join("\n")
    const p = problems(await read(`id,kind,sat,nps,spend,wait_min,w\n${rows}\n`)).split("\n")
    expect(p.filter((l) => l.includes("is not an answer")).length).toBe(50)
    expect(p.slice(-2)).toMatchInlineSnapshot(`
      [
        "<dir>/survey.csv: and 30 more problems (at most 50 are listed)",
        "    hint: fix these first; a file this wrong may not be the file you meant",
      ]
    `)
  })

  it("the same value refused in the same column again (in any case or spacing) is counted on its first row, not listed again (one mapping mistake, one line)", async () => {
    // Labels where the mapping expects numbers: "Good" in 60 rows (in two cases and spacings), "Bad" in 30, and "7" in 5 rows, off the scale.
    const rows = Array.from({ length: 95 }, (_, i) => `${i},regular,${i < 60 ? (i % 2 === 0 ? "Good" : " good ") : i < 90 ? "Bad" : "7"},9,1,1,1`).join("\n")
    const p = problems(await read(`id,kind,sat,nps,spend,wait_min,w\n${rows}\n`))
    expect(p.split("\n").filter((l) => !l.startsWith("    hint"))).toEqual([
      '<dir>/survey.csv:2:1: row 1, column "sat": "Good" is not an answer on the 5-point scale (1 to 5) (and in 59 more rows)',
      '<dir>/survey.csv:62:1: row 61, column "sat": "Bad" is not an answer on the 5-point scale (1 to 5) (and in 29 more rows)',
      '<dir>/survey.csv:92:1: row 91, column "sat": "7" is not an answer on the 5-point scale (1 to 5) (and in 4 more rows)'
    ])
    // Past the 50 listed, the repeats of a listed problem are not counted again as more problems.
    const many = Array.from({ length: 120 }, (_, i) => `${i},regular,${i < 49 ? i + 6 : "Good"},9,1,1,1`).join("\n")
    const q = problems(await read(`id,kind,sat,nps,spend,wait_min,w\n${many}\n`)).split("\n")
    expect(q.filter((l) => l.includes("is not an answer")).length).toBe(50)
    expect(q.find((l) => l.includes('"Good"'))).toContain("(and in 70 more rows)")
    expect(q.some((l) => l.includes("more problems"))).toBe(false)
  })

  it("a file that is not there, a folder", async () => {
    const mapFile = path.join(ctx.dir, "map-for-missing.yaml")
    fs.writeFileSync(mapFile, baseMap)
    const m = await Effect.runPromise(loadSurveyMap(mapFile))
    const r = await Effect.runPromise(Effect.either(readSurvey(path.join(ctx.dir, "nope.csv"), m, ctx.scenario)))
    expect(Either.isLeft(r) && r.left._tag === "FileError" ? r.left.message : r).toBe("no such file")
    fs.mkdirSync(path.join(ctx.dir, "folder.csv"))
    const dirRead = await Effect.runPromise(Effect.either(readSurvey(path.join(ctx.dir, "folder.csv"), m, ctx.scenario)))
    expect(Either.isLeft(dirRead) && dirRead.left._tag === "FileError" ? dirRead.left.message : dirRead).toBe("a directory; give the survey file itself")
  })

  it("a file whose extension names no format", async () => {
    expect(problems(await read(baseCsv, baseMap, { ext: "dat" }))).toMatchInlineSnapshot(`
      "<dir>/survey.dat: cannot tell the survey's format from ".dat"
          hint: name it .csv, .tsv, .ndjson or .jsonl"
    `)
  })

  it("a spreadsheet or a statistics file: save it as CSV, renaming it would not help", async () => {
    expect(problems(await read(baseCsv, baseMap, { ext: "xlsx" }))).toMatchInlineSnapshot(`
      "<dir>/survey.xlsx: cannot tell the survey's format from ".xlsx"
          hint: cxsim reads text exports: save the survey as CSV (UTF-8) from the program that made the .xlsx file, or export it as CSV from the survey tool, and give that file"
    `)
    expect(problems(await read(baseCsv, baseMap, { ext: "SAV" }))).toMatchInlineSnapshot(`
      "<dir>/survey.SAV: cannot tell the survey's format from ".SAV"
          hint: cxsim reads text exports: save the survey as CSV (UTF-8) from the program that made the .SAV file, or export it as CSV from the survey tool, and give that file"
    `)
  })

  it("NDJSON: a line that is not an object, a nested value, a key no line has", async () => {
    const text = '{"kind":"regular","sat":4,"nps":9,"spend":1,"wait_min":3,"w":1}\n[1,2]\n{"kind":"regular","sat":{"a":1},"nps":9,"spend":1,"wait_min":3,"w":1}\nnot json\n'
    expect(problems(await read(text, baseMap, { ext: "jsonl" }))).toMatchInlineSnapshot(`
      "<dir>/survey.jsonl:2:1: expected a JSON object on the line
          hint: NDJSON has one object per line: {"column": value, ...}
      <dir>/survey.jsonl:3:1: "sat": a list or an object where a value was expected
      <dir>/survey.jsonl:4:1: not a JSON value: Unexpected token 'o', "not json" is not valid JSON
          hint: NDJSON has one JSON object per line"
    `)
    expect(problems(await read('{"kind":"regular","sat":4,"nps":9,"spend":1,"wait_min":3,"weight":1}\n', baseMap, { ext: "ndjson" }))).toMatchInlineSnapshot(`
      "<dir>/survey.ndjson: no line of the survey has the key "w"
          hint: expected one of: kind, sat, nps, spend, wait_min, weight"
    `)
  })
})

describe("readSurvey: where", () => {
  it("marks the respondents matching the expression; a missing cell never matches, even negated", async () => {
    const text = `${baseCsv}4,regular,4,9,1,NA,1\n`
    const d = ok(await read(text, baseMap, { where: 'wait_min <= 3 and kind in [regular, new]' }))
    expect([...(d.where ?? [])]).toEqual([1, 0, 1, 0])
    expect(d.whereText).toBe("wait_min <= 3 and kind in [regular, new]")
    const n = ok(await read(text, baseMap, { where: "not (wait_min > 3)" }))
    expect([...(n.where ?? [])]).toEqual([1, 0, 1, 0])
  })

  it("reads numbers in the expression's columns with the file's decimal mark, and may name unmapped columns", async () => {
    const text = "id;kind;sat;nps;spend;wait_min;w;score\n1;regular;4;9;12,5;3;1;2,5\n2;regular;4;9;1;3;1;2,75\n"
    expect([...(ok(await read(text, baseMap, { where: "score > 2.6" })).where ?? [])]).toEqual([0, 1])
  })

  it("refuses a column the survey does not have, pointing into the expression", async () => {
    expect(problems(await read(baseCsv, baseMap, { where: "wiat_min <= 30" }))).toMatchInlineSnapshot(`
      "--fit-where:1:1: the survey has no column "wiat_min"
          hint: did you mean "wait_min"?"
    `)
  })
})
