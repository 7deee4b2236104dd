import { describe, expect, it } from "vitest"
import { sign } from "../../src/checksum.js"
import { writtenByCxsim } from "../../src/cli/output.js"
import { renderHtml } from "../../src/report/html/renderHtml.js"
import { formats, render } from "../../src/report/render.js"
import { renderCsv } from "../../src/report/renderCsv.js"
import { renderJson } from "../../src/report/renderJson.js"
import { renderMarkdown } from "../../src/report/renderMarkdown.js"
import { renderTable } from "../../src/report/renderTable.js"
import { filled, fixture } from "./fixture.js"

describe("render", () => {
  it("lists the formats", () => {
    expect(formats).toEqual(["table", "json", "csv", "md", "html"])
  })

  it("dispatches to the renderer of each format", () => {
    expect(render(fixture, "table")).toBe(renderTable(fixture))
    expect(render(fixture, "table", { color: true, width: 100 })).toBe(renderTable(fixture, { color: true, width: 100 }))
    expect(render(fixture, "json", { color: true })).toBe(renderJson(fixture))
    expect(render(fixture, "csv", { color: true })).toBe(renderCsv(fixture))
    expect(render(fixture, "md", { color: true })).toBe(renderMarkdown(fixture))
    expect(render(fixture, "html", { color: true })).toBe(renderHtml(fixture))
  })

  it("writes every format but CSV so that a later --out recognises the file by its checksum mark", () => {
    for (const format of formats) {
      const text = render(fixture, format)
      expect(writtenByCxsim(sign(text)), format).toBe(format !== "csv")
      // Edited after writing: no longer cxsim's.
      expect(writtenByCxsim(sign(text).replace("cxsim", "cxsin")), format).toBe(false)
    }
  })

  it("renders a frozen report: the renderers do not mutate their input", () => {
    expect(Object.isFrozen(fixture.overall.csat.distribution)).toBe(true)
    for (const format of formats) expect(() => render(fixture, format, { color: true })).not.toThrow()
  })
})

describe("fixture", () => {
  it("is consistent: shares, counts and distributions add up", () => {
    const segs = fixture.segments
    expect(segs.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 12)
    expect(segs.reduce((a, s) => a + s.n, 0)).toBe(fixture.overall.n)
    expect(fixture.overall.n).toBe(fixture.population)
    for (const s of [...segs.map(filled), fixture.overall]) {
      for (const d of [s.csat.distribution, s.nps.distribution, s.ces.distribution]) expect(d.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12)
      expect(s.nps.promoters + s.nps.passives + s.nps.detractors).toBeCloseTo(1, 12)
      expect(s.completion.count + s.abandonment.count).toBe(s.n)
      expect(s.abandonedAt.reduce((a, x) => a + x.count, 0)).toBe(s.abandonment.count)
      expect(s.retention.reduce((a, p) => a + p.churned, 0)).toBe(s.churn.count)
      expect(s.retention).toHaveLength(fixture.horizon)
    }
  })
})
