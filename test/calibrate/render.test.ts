/**
 * The renderers of a calibration, on a result written by hand (renderFixture.ts): the exact text
 * of the table and the Markdown, 80 columns, NO_COLOR, text from the user's files made harmless,
 * the JSON in the contract's key order and signable, and an HTML page that is one file whose
 * figures are the JSON's.
 */
import { describe, expect, it } from "vitest"
import type { CalibrationResult } from "../../src/calibrate/CalibrationResult.js"
import { sign } from "../../src/checksum.js"
import { writtenByCxsim } from "../../src/cli/output.js"
import { renderCalibrationHtml } from "../../src/report/html/renderCalibrationHtml.js"
import { calibrationFormats, renderCalibration } from "../../src/report/renderCalibration.js"
import { calibrationCsvColumns, renderCalibrationCsv } from "../../src/report/renderCalibrationCsv.js"
import { calibrationDocument, renderCalibrationJson } from "../../src/report/renderCalibrationJson.js"
import { CALIBRATION_MARKER, renderCalibrationMarkdown } from "../../src/report/renderCalibrationMarkdown.js"
import { renderCalibrationTable } from "../../src/report/renderCalibrationTable.js"
import { headlineFigures as headlineFiguresOf } from "../../src/report/renderCalibrationFormat.js"
import { cellsOf, figureProblems } from "../support/figures.js"
import { fixture } from "./renderFixture.js"

const SGR = /\u001b\[[0-9;]*m/g
const chars = (s: string): number => Array.from(s).length

/** The fixture with hostile text where a user's file puts text: labels, columns, file names, warnings. */
const hostile: CalibrationResult = {
  ...fixture,
  scenario: { ...fixture.scenario, title: "Lunch\u001b[2J<script>alert(1)</script>" },
  survey: { ...fixture.survey, file: "survey|\u001b]0;pwned\u0007.csv" },
  fidelity: {
    ...fixture.fidelity,
    segments: fixture.fidelity.segments.map((g, i) =>
      i === 0 ? { ...g, label: "Busy\u001b[31m | pro`x`", outcomes: g.outcomes.map((o) => ({ ...o, column: "Q1|\u001b[1mbold`" })) } : g
    )
  },
  warnings: [...fixture.warnings, "a warning with \u001b[5m blink and a | pipe"]
}

const iv = (value: number, lower: number, upper: number) => ({ value, lower, upper })

/** A segment with the other outcome kinds (effort, satisfied, spend), fitted on a subset (--fit-where). */
const otherKinds: CalibrationResult = {
  ...fixture,
  split: { fit: 540, check: 660, where: "food_wait_min <= 20" },
  fidelity: {
    ...fixture.fidelity,
    segments: [
      {
        segment: "family",
        label: "Family",
        n: 300,
        outcomes: [
          {
            kind: "ces",
            column: "effort",
            n: 300,
            shares: ["1", "2", "3", "4", "5", "6", "7"].map((label, i) => ({ label, observed: iv(i < 3 ? 0.3 : 0.025, 0, 0.4), simulated: i < 3 ? 0.32 : 0.01 })),
            mean: { observed: iv(2.07, 2.02, 2.12), simulated: 2.05 },
            distance: 0.017,
            varianceRatio: 0.77,
            noiseCeiling: 0.041,
            verdict: "good"
          },
          {
            kind: "satisfied",
            column: "happy",
            n: 298,
            shares: [
              { label: "no", observed: iv(0.26, 0.21, 0.31), simulated: 0.23 },
              { label: "yes", observed: iv(0.74, 0.69, 0.79), simulated: 0.77 }
            ],
            mean: { observed: iv(0.74, 0.69, 0.79), simulated: 0.77 },
            rate: { observed: iv(0.741, 0.693, 0.783), simulated: 0.773 },
            distance: 0.032,
            varianceRatio: 0.91,
            noiseCeiling: 0.028,
            verdict: "fair"
          },
          {
            kind: "spend",
            column: "spend_6m",
            n: 290,
            shares: [],
            mean: { observed: iv(266.72, 255.95, 277.48), simulated: 268.09 },
            distance: 0.016,
            varianceRatio: 1.02,
            noiseCeiling: 0.051,
            verdict: "good"
          }
        ],
        distance: 0.022,
        noiseCeiling: 0.04,
        verdict: "good"
      }
    ]
  }
}

/** The same result with every object's keys in reverse order. */
const reversed = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(reversed)
    : x !== null && typeof x === "object"
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).reverse().map(([k, v]) => [k, reversed(v)]))
      : x

describe("renderCalibrationTable", () => {
  it("shows the parameters, the fidelity per segment and the warnings", () => {
    expect(renderCalibrationTable(fixture)).toMatchInlineSnapshot(`
      "cxsim 0.9.0 · calibration · Restaurant lunch service (restaurant)
      baseline · seed 7 · 4,000 synthetic customers per evaluation
      survey scenarios/calibrate/restaurant-survey.csv: 1,200 respondents; rows
        dropped: no segment 12, weight not a number 3
      600 respondents fitted the parameters, 600 others check the fit
      outcomes: CSAT = Q1 satisfaction, Recommend = recommend_0_10, Churn =
        left_within_3_months
      fit: CMA-ES (Hansen 2016), bounds by a logistic transform: 1,240 evaluations, 62
        iterations, converged; objective 2.413 → 2.052
      intervals: parametric bootstrap, Gauss-Newton refits, 200 replicates, 95%

      Parameter: start → estimate [95% interval], status
      personas.busy-professional.loyalty.retention
        0.970 → 0.951 [0.940, 0.962]  identified
      personas.busy-professional.expectations.food-wait.expected
         15.0 → 12.4 [10.9, 14.1]     identified
      personas.family.loyalty.retention
        0.950 → 0.999 [0.991, 1.000]  at bound
      personas.family.expectations.service-wait.expected
         8.00 → 9.10 [1.60, 19.20]    flat
      personas.bargain-hunter.expectations.price.expected
         14.5 → 15.2 [12.1, 18.4]     correlated
      model.satisfactionBias
         1.10 → 1.32 [0.71, 1.95]     correlated
        correlated: personas.bargain-hunter.expectations.price.expected trades off
          against model.satisfactionBias; only their combination is pinned down.

      Fidelity on the check respondents: distance 0.071, ceiling 0.052 · fair

      Busy professional · n 240 · distance 0.037 vs ceiling 0.050 · good
        Outcome              Observed [95%]   Sim.  Dist.  Ceil.  Var.  Verdict
        CSAT mean         3.78 [3.69, 3.87]   3.74  0.040  0.050  0.91  good
        CSAT top 2 box   68.0% [63.5, 72.5]  66.0%
        NPS             +14.0 [+5.5, +22.5]  +11.0  0.060  0.070  0.84  good
        Churn             12.0% [8.0, 16.0]  11.0%  0.010  0.030     —  good

      Family (family) · n 210 · distance 0.120 vs ceiling 0.057 · poor
        Outcome               Observed [95%]   Sim.  Dist.  Ceil.  Var.  Verdict
        CSAT mean          3.75 [3.66, 3.84]   3.64  0.240  0.060  0.55  poor
        CSAT top 2 box    70.0% [65.5, 74.5]  60.0%
        NPS             +21.0 [+12.5, +29.5]   +5.0  0.110  0.080  0.62  fair
        Churn               8.0% [4.0, 12.0]   9.0%  0.010  0.030     —  good

      Bargain hunter (bargain-hunter) · n 150 · distance 0.063 vs ceiling 0.070 · good
        Outcome             Observed [95%]   Sim.  Dist.  Ceil.  Var.  Verdict
        CSAT mean        3.44 [3.35, 3.53]   3.46  0.020  0.070  0.97  good
        CSAT top 2 box  52.0% [47.5, 56.5]  53.0%
        NPS             -4.0 [-12.5, +4.5]   -2.0  0.080  0.090  0.90  good
        Churn           31.0% [27.0, 35.0]  22.0%  0.090  0.050     —  fair

      Warnings
        - personas.family.expectations.service-wait.expected is flat: its interval
          fills 93% of its bounds; the survey cannot tell it.
        - personas.family.loyalty.retention sits at its upper bound 1; widen the
          bounds or check the churn column.
        - Family: synthetic CSAT answers are too narrow (variance ratio 0.55).

      Dist.: total variation between observed and simulated answer shares (0..1).
      Ceil.: noise ceiling, the distance between two random halves of the real
      answers, which no model beats. Var.: simulated over observed variance (well
      under 1: synthetic answers too narrow). […]: 95% interval; shares in %.
      "
    `)
  })

  it("keeps every line within the width, from 72 to 120 columns", () => {
    for (const width of [72, 80, 100, 120]) {
      for (const r of [fixture, hostile]) {
        const lines = renderCalibrationTable(r, { width }).split("\n")
        const long = lines.filter((l) => chars(l) > width)
        expect(long, `width ${width}`).toEqual([])
      }
    }
    // Narrower widths are raised to the narrowest the table fits.
    expect(renderCalibrationTable(fixture, { width: 40 })).toBe(renderCalibrationTable(fixture, { width: 72 }))
  })

  it("uses no escape code without color, and with color the same text once the codes are taken out", () => {
    const plain = renderCalibrationTable(fixture)
    // It begins as cxsim's tables do, so that its checksum mark makes it cxsim's own output.
    expect(writtenByCxsim(sign(plain))).toBe(true)
    expect(plain).not.toContain("\u001b")
    const coloured = renderCalibrationTable(fixture, { color: true })
    expect(coloured).toMatch(SGR)
    expect(coloured.replace(SGR, "")).toBe(plain)
    // The verdicts in colour: a poor one red, a good one green.
    expect(coloured).toContain("\u001b[31mpoor\u001b[39m")
    expect(coloured).toContain("\u001b[32mgood\u001b[39m")
  })

  it("never passes a control character from the user's files to the terminal", () => {
    const text = renderCalibrationTable(hostile)
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    expect(text).toContain("Lunch [2J<script>")
  })

  it("shows a missing figure as a dash, and says so when there are no parameters or outcomes", () => {
    const r: CalibrationResult = {
      ...fixture,
      parameters: [],
      fidelity: {
        ...fixture.fidelity,
        segments: [{ ...(fixture.fidelity.segments[0] as CalibrationResult["fidelity"]["segments"][number]), outcomes: [] }]
      }
    }
    const text = renderCalibrationTable(r)
    expect(text).toContain("No free parameters.")
    expect(text).toContain("no outcome answered by check respondents")
    // The churn outcome's variance ratio is NaN in the fixture.
    expect(renderCalibrationTable(fixture)).toMatch(/^ {2}Churn .* —  good$/m)
  })

  it("puts a path that fits beside its numbers on one line", () => {
    const short: CalibrationResult = { ...fixture, parameters: fixture.parameters.filter((p) => p.path.length < 40) }
    const text = renderCalibrationTable(short)
    expect(text).toMatch(/^Parameter +Start {2}Estimate \[95% interval\] +Status$/m)
    expect(text).toMatch(/^personas\.family\.loyalty\.retention +0\.950 {2}0\.999 \[0\.991, 1\.000\] +at bound$/m)
  })
})

describe("every outcome kind, and a fit on a subset", () => {
  it("shows effort, satisfied and spend with their headline figure, and says on whom the fit was made", () => {
    const text = renderCalibrationTable(otherKinds)
    expect(text.replace(/\n +/g, " ")).toContain("fitted on the 540 respondents where food_wait_min <= 20, checked on the 660 others")
    expect(text).toMatch(/^ {2}CES mean +2\.07 \[2\.02, 2\.12\] +2\.05 +0\.017 +0\.041 +0\.77 +good$/m)
    expect(text).toMatch(/^ {2}Satisfied +74\.1% \[69\.3, 78\.3\] +77\.3% +0\.032 +0\.028 +0\.91 +fair$/m)
    expect(text).toMatch(/^ {2}Spend mean +266\.72 \[255\.95, 277\.48\] +268\.09 +0\.016 +0\.051 +1\.02 +good$/m)
    for (const l of text.split("\n")) expect(chars(l)).toBeLessThanOrEqual(80)
    const md = renderCalibrationMarkdown(otherKinds)
    expect(md).toContain("| Spend mean (`spend_6m`) | 266.72 | [255.95, 277.48] | 268.09 | 0.016 | 0.051 | 1.02 | good |")
  })

  it("draws no answer chart for spend, which has no answer categories, and still keys its figures", () => {
    const html = renderCalibrationHtml(otherKinds)
    expect(html).toContain('id="fig-0-0"')
    expect(html).toContain('id="fig-0-1"')
    expect(html).not.toContain('id="fig-0-2"')
    expect(figureProblems(cellsOf(html), JSON.parse(renderCalibrationJson(otherKinds)))).toEqual([])
    expect(cellsOf(html).map((c) => c.key)).toContain("fidelity.segments.0.outcomes.2.mean.observed.value")
    expect(html).toContain("--fit-where &#39;food_wait_min &#60;= 20&#39;")
  })
})

describe("renderCalibrationCsv", () => {
  const parse = (csv: string): string[][] =>
    csv
      .split("\r\n")
      .filter((l) => l !== "")
      .map((l) => l.split(","))

  it("has one row per segment, outcome and figure, each number the JSON's", () => {
    for (const r of [fixture, otherKinds]) {
      const rows = parse(renderCalibrationCsv(r))
      expect(rows[0]).toEqual([...calibrationCsvColumns])
      const body = rows.slice(1)
      const figures = r.fidelity.segments.flatMap((g) => g.outcomes.flatMap((o) => [...o.shares.map((s) => ({ g, o, s })), ...headlineFiguresOf(o).map((f) => ({ g, o, f }))]))
      expect(body.length).toBe(figures.length)
      body.forEach((cells, i) => {
        const x = figures[i] as (typeof figures)[number]
        const at = (name: (typeof calibrationCsvColumns)[number]): string => cells[calibrationCsvColumns.indexOf(name)] ?? "missing"
        expect(at("segment")).toBe(x.g.segment)
        expect(at("kind")).toBe(x.o.kind)
        expect(Number(at("distance"))).toBe(x.o.distance)
        const observed = "s" in x && x.s !== undefined ? x.s.observed : (x as { f: { observed: { value: number; lower: number; upper: number } } }).f.observed
        expect([Number(at("observed")), Number(at("observed_lower")), Number(at("observed_upper"))]).toEqual([observed.value, observed.lower, observed.upper])
        expect(at("variance_ratio")).toBe(Number.isFinite(x.o.varianceRatio) ? String(x.o.varianceRatio) : "")
      })
    }
  })

  it("guards text from the user's files: no control character, no formula", () => {
    const r: CalibrationResult = { ...hostile, scenario: { ...hostile.scenario, name: "=cmd|' /C calc'!A0" } }
    const csv = renderCalibrationCsv(r)
    expect(csv).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/)
    expect(csv.split("\r\n")[1]).toMatch(/^'=cmd\|' \/C calc'!A0,,7,/)
  })
})

describe("renderCalibrationMarkdown", () => {
  it("renders the same content as Markdown tables", () => {
    expect(renderCalibrationMarkdown(fixture)).toMatchInlineSnapshot(`
      "<!-- cxsim calibration -->
      # Calibration: Restaurant lunch service

      Scenario restaurant, baseline; survey \`scenarios/calibrate/restaurant-survey.csv\` (1,200 respondents; rows dropped: no segment 12, weight not a number 3); seed 7; 4,000 synthetic customers per evaluation; cxsim 0.9.0.

      600 respondents fitted the parameters, 600 others check the fit. Fit: CMA-ES (Hansen 2016), bounds by a logistic transform: 1,240 evaluations, 62 iterations, converged; objective 2.413 → 2.052. Intervals: parametric bootstrap, Gauss-Newton refits, 200 replicates, 95%.

      **Fidelity on the check respondents: fair** — distance 0.071 against a noise ceiling of 0.052.

      ## Parameters

      | Parameter | Bounds | Start | Estimate [95% interval] | Status |
      | :--- | ---: | ---: | :--- | :--- |
      | \`personas.busy-professional.loyalty.retention\` | 0.500 – 1.000 | 0.970 | 0.951 [0.940, 0.962] | identified |
      | \`personas.busy-professional.expectations.food-wait.expected\` | 5.0 – 30.0 | 15.0 | 12.4 [10.9, 14.1] | identified |
      | \`personas.family.loyalty.retention\` | 0.500 – 1.000 | 0.950 | 0.999 [0.991, 1.000] | *at bound* |
      | \`personas.family.expectations.service-wait.expected\` | 1.00 – 20.00 | 8.00 | 9.10 [1.60, 19.20] | *flat* |
      | \`personas.bargain-hunter.expectations.price.expected\` | 8.0 – 20.0 | 14.5 | 15.2 [12.1, 18.4] | *correlated* with \`model.satisfactionBias\` |
      | \`model.satisfactionBias\` | -1.00 – 3.00 | 1.10 | 1.32 [0.71, 1.95] | *correlated* with \`personas.bargain-hunter.expectations.price.expected\` |

      - \`personas.family.loyalty.retention\` — *at bound*: the estimate sits on a bound: the best value may lie outside them.
      - \`personas.family.expectations.service-wait.expected\` — *flat*: the survey hardly moves the fit along it: its interval fills most of its bounds.
      - \`personas.bargain-hunter.expectations.price.expected\` — *correlated*: only a combination with model.satisfactionBias is pinned down.
      - \`model.satisfactionBias\` — *correlated*: only a combination with personas.bargain-hunter.expectations.price.expected is pinned down.

      ## Fidelity by segment

      ### Busy professional (busy-professional)

      240 check respondents; distance 0.037 against a ceiling of 0.050: good.

      | Outcome | Observed | 95% interval | Simulated | Distance | Noise ceiling | Variance ratio | Verdict |
      | :--- | ---: | ---: | ---: | ---: | ---: | ---: | :--- |
      | CSAT mean (\`Q1 satisfaction\`) | 3.78 | [3.69, 3.87] | 3.74 | 0.040 | 0.050 | 0.91 | good |
      | CSAT top 2 box | 68.0% | [63.5, 72.5] | 66.0% |  |  |  |  |
      | NPS (\`recommend_0_10\`) | +14.0 | [+5.5, +22.5] | +11.0 | 0.060 | 0.070 | 0.84 | good |
      | Churn (\`left_within_3_months\`) | 12.0% | [8.0, 16.0] | 11.0% | 0.010 | 0.030 | — | good |

      ### Family (family)

      210 check respondents; distance 0.120 against a ceiling of 0.057: **poor**.

      | Outcome | Observed | 95% interval | Simulated | Distance | Noise ceiling | Variance ratio | Verdict |
      | :--- | ---: | ---: | ---: | ---: | ---: | ---: | :--- |
      | CSAT mean (\`Q1 satisfaction\`) | 3.75 | [3.66, 3.84] | 3.64 | 0.240 | 0.060 | 0.55 | **poor** |
      | CSAT top 2 box | 70.0% | [65.5, 74.5] | 60.0% |  |  |  |  |
      | NPS (\`recommend_0_10\`) | +21.0 | [+12.5, +29.5] | +5.0 | 0.110 | 0.080 | 0.62 | fair |
      | Churn (\`left_within_3_months\`) | 8.0% | [4.0, 12.0] | 9.0% | 0.010 | 0.030 | — | good |

      ### Bargain hunter (bargain-hunter)

      150 check respondents; distance 0.063 against a ceiling of 0.070: good.

      | Outcome | Observed | 95% interval | Simulated | Distance | Noise ceiling | Variance ratio | Verdict |
      | :--- | ---: | ---: | ---: | ---: | ---: | ---: | :--- |
      | CSAT mean (\`Q1 satisfaction\`) | 3.44 | [3.35, 3.53] | 3.46 | 0.020 | 0.070 | 0.97 | good |
      | CSAT top 2 box | 52.0% | [47.5, 56.5] | 53.0% |  |  |  |  |
      | NPS (\`recommend_0_10\`) | -4.0 | [-12.5, +4.5] | -2.0 | 0.080 | 0.090 | 0.90 | good |
      | Churn (\`left_within_3_months\`) | 31.0% | [27.0, 35.0] | 22.0% | 0.090 | 0.050 | — | fair |

      ## Warnings

      - personas.family.expectations.service-wait.expected is flat: its interval fills 93% of its bounds; the survey cannot tell it.
      - personas.family.loyalty.retention sits at its upper bound 1; widen the bounds or check the churn column.
      - Family: synthetic CSAT answers are too narrow (variance ratio 0.55).

      ---

      Distance: total variation between observed and simulated answers (0 same, 1 disjoint). Ceiling: the distance between two random halves of the real answers, which no model beats. Variance ratio: simulated over observed variance; well under 1 means synthetic answers too narrow. Outcomes: CSAT, Recommend, Churn; shares in %, intervals 95%. The verdict compares each distance with its noise ceiling (docs/calibrate.md).
      "
    `)
  })

  it("starts with its marker, is signable, and keeps hostile text inside its cells", () => {
    const md = renderCalibrationMarkdown(hostile)
    expect(md.split("\n")[0]).toBe(CALIBRATION_MARKER)
    expect(writtenByCxsim(sign(md))).toBe(true)
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    // Every row of a table has as many cells as its header: no pipe from a file splits a cell.
    const tables = md.split("\n\n").filter((b) => b.startsWith("| "))
    expect(tables.length).toBeGreaterThan(3)
    for (const t of tables) {
      const cells = t.split("\n").map((l) => l.replace(/\\\|/g, "").split("|").length)
      expect(new Set(cells).size, t).toBe(1)
    }
    expect(md).toContain("\\<script\\>alert(1)\\</script\\>")
  })
})

describe("renderCalibrationJson", () => {
  it("is the document itself, NaN as null", () => {
    const json = JSON.parse(renderCalibrationJson(fixture)) as CalibrationResult
    const expected = JSON.parse(JSON.stringify(fixture)) as unknown
    expect(json).toEqual(expected)
    expect(json.fidelity.segments[0]?.outcomes[2]?.varianceRatio).toBeNull()
  })

  it("has the contract's key order whatever order the result was built in", () => {
    const text = renderCalibrationJson(fixture)
    expect(renderCalibrationJson(reversed(fixture) as CalibrationResult)).toBe(text)
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      "schemaVersion",
      "kind",
      "engine",
      "scenario",
      "variant",
      "survey",
      "seed",
      "customers",
      "split",
      "optimizer",
      "intervals",
      "parameters",
      "fidelity",
      "warnings"
    ])
    expect(Object.keys(calibrationDocument(fixture).fidelity.segments[0]?.outcomes[0] ?? {})).toEqual([
      "kind",
      "column",
      "n",
      "shares",
      "mean",
      "topTwoBox",
      "distance",
      "varianceRatio",
      "noiseCeiling",
      "verdict"
    ])
  })

  it("is signed as the other JSON outputs are", () => {
    const signed = sign(renderCalibrationJson(fixture))
    expect(signed).toMatch(/^\{"checksum":"sha256:[0-9a-f]{64}",\n {2}"schemaVersion": 1,/)
    expect(writtenByCxsim(signed)).toBe(true)
    expect(writtenByCxsim(signed.replace('"seed": 7', '"seed": 8'))).toBe(false)
  })
})

/** The fixture's page, rendered once for the tests that read it (the first test renders it twice, to compare). */
let fixturePage: string | undefined
const fixtureHtml = (): string => (fixturePage ??= renderCalibrationHtml(fixture))

describe("renderCalibrationHtml", () => {
  const figures = (html: string): string[] => html.split('<figure class="chart"').slice(1).map((f) => f.slice(0, f.indexOf("</figure>")))

  it("is one self-contained page: no script, no external reference, the same bytes each time", () => {
    const html = fixtureHtml()
    expect(html.startsWith("<!DOCTYPE html>\n<!-- cxsim calibration -->\n")).toBe(true)
    expect(writtenByCxsim(sign(html))).toBe(true)
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\((?!#)/i)
    expect(html).not.toMatch(/\b(src|href)="(?!#)/)
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink))/)
    expect(renderCalibrationHtml(fixture)).toBe(html)
  })

  it("draws the parameters, the distances and every outcome's answers, each chart titled, described and tabled", () => {
    const html = fixtureHtml()
    const figs = figures(html)
    // Parameters, distance, then 3 segments × 3 outcomes.
    expect(figs.length).toBe(2 + 9)
    for (const f of figs) {
      const id = /^ id="([^"]+)"/.exec(f)?.[1] as string
      expect(f, id).toMatch(new RegExp(`<title id="${id}-t">[^<]+</title><desc id="${id}-d">[^<]+</desc>`))
      expect((f.match(/<path /g) ?? []).length, id).toBeGreaterThan(3)
      expect(f, id).toContain("<details><summary>Numbers behind the chart</summary>")
    }
  })

  it("shows the JSON's numbers, each cell keyed to where it is in the document", () => {
    const html = fixtureHtml()
    const cells = cellsOf(html)
    expect(cells.length).toBeGreaterThan(150)
    expect(figureProblems(cells, JSON.parse(renderCalibrationJson(fixture)))).toEqual([])
    // The keys reach every part: parameters, segment distances, answer shares, headline figures.
    for (const k of ["parameters.5.estimate.upper", "fidelity.segments.1.distance", "fidelity.segments.2.outcomes.1.shares.10.simulated", "fidelity.segments.0.outcomes.0.topTwoBox.observed.value"]) {
      expect(cells.map((c) => c.key)).toContain(k)
    }
  })

  it("escapes text from the user's files", () => {
    const html = renderCalibrationHtml(hostile)
    expect(html).not.toContain("<script>alert")
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(html).toContain("Lunch [2J&#60;script&#62;")
  })
})

describe("renderCalibration", () => {
  it("dispatches every format to its renderer", () => {
    expect(calibrationFormats).toEqual(["table", "md", "json", "csv", "html"])
    expect(renderCalibration(fixture, "table", { width: 100 })).toBe(renderCalibrationTable(fixture, { width: 100 }))
    expect(renderCalibration(fixture, "md")).toBe(renderCalibrationMarkdown(fixture))
    expect(renderCalibration(fixture, "json")).toBe(renderCalibrationJson(fixture))
    expect(renderCalibration(fixture, "csv")).toBe(renderCalibrationCsv(fixture))
    expect(renderCalibration(fixture, "html")).toBe(fixtureHtml())
  })
})
