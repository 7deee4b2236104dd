import { describe, expect, it } from "vitest"
import type { Report } from "../../src/report/Report.js"
import { csvColumns, renderCsv } from "../../src/report/renderCsv.js"
import { filled, fixture, mapSegments } from "./fixture.js"

/** A small RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = []
  let record: string[] = []
  let field = ""
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === '"' && field === "") {
      let j = i + 1
      for (;;) {
        if (j >= text.length) throw new Error("unterminated quoted field")
        if (text[j] === '"' && text[j + 1] === '"') {
          field += '"'
          j += 2
        } else if (text[j] === '"') break
        else field += text[j++]
      }
      i = j + 1
      if (i < text.length && text[i] !== "," && text[i] !== "\r") throw new Error(`text after a closing quote at ${i}`)
    } else if (c === ",") {
      record.push(field)
      field = ""
      i++
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field)
      records.push(record)
      record = []
      field = ""
      i += 2
    } else if (c === "\n" || c === "\r") throw new Error(`bare line break at ${i}`)
    else {
      field += c
      i++
    }
  }
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF")
  return records
}

const HEADER =
  "scenario,variant,seed,population,segment,label,n,share,completion,completion_lower,completion_upper,abandonment," +
  "csat_mean,csat_lower,csat_upper,csat_1,csat_2,csat_3,csat_4,csat_5,nps,nps_lower,nps_upper,promoters,passives,detractors," +
  "ces_mean,ces_lower,ces_upper,complaints,churn,churn_lower,churn_upper,revenue_per_customer,cost_per_customer," +
  "margin_per_customer,satisfaction_mean"

const table = (report: Report): Record<string, string>[] => {
  const [header, ...body] = parseCsv(renderCsv(report))
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ""])))
}

describe("renderCsv", () => {
  it("has the header row first and one row per segment, then overall", () => {
    const records = parseCsv(renderCsv(fixture))
    expect(records[0]?.join(",")).toBe(HEADER)
    expect(csvColumns.join(",")).toBe(HEADER)
    expect(records.map((r) => r[4])).toEqual(["segment", "busy-professional", "family", "overall"])
    for (const r of records) expect(r).toHaveLength(csvColumns.length)
    expect(renderCsv(fixture).startsWith("scenario,variant,seed,")).toBe(true)
  })

  it("writes the numbers as they are in the report", () => {
    const [busy, family, overall] = table(fixture)
    expect(busy).toMatchObject({ scenario: "restaurant", variant: "", seed: "42", population: "2000", label: "Busy professional", n: "1200" })
    expect(busy).toMatchObject({ share: "0.6", completion: "0.88", completion_lower: "0.860391", nps: "-22", nps_lower: "-26.707236" })
    expect(family).toMatchObject({ csat_1: "0.12", csat_5: "0.36", revenue_per_customer: "142.5", margin_per_customer: "108.4" })
    expect(overall).toMatchObject({ segment: "overall", label: "All customers", n: "2000", share: "1", churn: "0.648", satisfaction_mean: "6.14" })
    // Every numeric field reads back to the report's value.
    const segs = [...fixture.segments, fixture.overall]
    table(fixture).forEach((row, i) => {
      const s = filled(segs[i])
      expect(Number(row["csat_mean"])).toBe(s.csat.mean)
      expect(Number(row["ces_upper"])).toBe(s.ces.upper)
      expect(Number(row["churn_lower"])).toBe(s.churn.lower)
      expect([1, 2, 3, 4, 5].map((k) => Number(row[`csat_${k}`]))).toEqual(s.csat.distribution)
    })
  })

  it("quotes labels with a comma, a quote or a line break", () => {
    const odd = mapSegments(fixture, (s) =>
      s.id === "family" ? { ...s, label: 'Families, "with kids"' } : s.id === "overall" ? { ...s, label: "All\ncustomers" } : s
    )
    const text = renderCsv({ ...odd, variant: "app, v2" })
    expect(text).toContain(',family,"Families, ""with kids""",800,')
    expect(text).toContain(',overall,"All\ncustomers",2000,')
    const rows = table({ ...odd, variant: "app, v2" })
    expect(rows.map((r) => r["label"])).toEqual(["Busy professional", 'Families, "with kids"', "All\ncustomers"])
    expect(rows.every((r) => r["variant"] === "app, v2")).toBe(true)
  })

  it("escapes control characters and guards against formulas in text from the files", () => {
    const odd = mapSegments(fixture, (s) =>
      s.id === "family" ? { ...s, label: "Fam\u001b[2J\u001b]0;owned\u0007ily\r" } : s.id === "overall" ? { ...s, label: '=HYPERLINK("http://x")' } : s
    )
    const text = renderCsv({ ...odd, variant: "@SUM(A1)" })
    expect(text).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/)
    expect(text).toContain(",family,Fam\\x1b[2J\\x1b]0;owned\\x07ily\\r,800,")
    expect(text).toContain(`,overall,"'=HYPERLINK(""http://x"")",2000,`)
    expect(table({ ...odd, variant: "@SUM(A1)" }).every((r) => r["variant"] === "'@SUM(A1)")).toBe(true)
    // Numbers are not text: a negative number keeps its sign.
    expect(renderCsv(mapSegments(fixture, (s) => ({ ...s, nps: { ...s.nps, mean: -12.5 } })))).toContain(",-12.5,")
  })

  it("ends every record with CRLF and uses no locale formatting", () => {
    const text = renderCsv(mapSegments(fixture, (s) => ({ ...s, n: 1234567 })))
    expect(text.endsWith("\r\n")).toBe(true)
    expect(text.split("\r\n")).toHaveLength(5)
    expect(text).toContain(",1234567,")
  })
})
