import { describe, expect, it } from "vitest"
import { escapeMarkdown, renderMarkdown } from "../../src/report/renderMarkdown.js"
import { fixture, mapSegments, renameTouchpoint } from "./fixture.js"

/** The tables of a Markdown text: runs of lines that start with "|". */
const tables = (text: string): string[][] => {
  const out: string[][] = []
  let current: string[] = []
  for (const line of text.split("\n")) {
    if (line.startsWith("|")) current.push(line)
    else if (current.length > 0) {
      out.push(current)
      current = []
    }
  }
  return current.length > 0 ? [...out, current] : out
}
/** The cells of a table row, split on unescaped pipes. */
const cells = (row: string): string[] =>
  row
    .replace(/\\./g, (e) => (e === "\\|" ? "\u0000" : e))
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim().replace(/\u0000/g, "\\|"))

describe("renderMarkdown", () => {
  it("renders the fixture", () => {
    expect(renderMarkdown(fixture)).toMatchInlineSnapshot(`
      "<!-- cxsim report -->
      # A restaurant visit

      Scenario restaurant, baseline: population 2,000, seed 42, horizon 4 periods; cxsim 0.1.0.

      Overall CSAT 3.61 ±0.06, NPS -14.8 ±3.7, CES 2.92; 89.2% completed the journey and 64.8% churned within 4 periods.

      ## Segments

      | Segment | Share | CSAT | NPS | CES | Completion | Churn | Revenue per customer (EUR) |
      | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | Busy professional | 60.0% | 3.54 ±0.08 | -22.0 ±4.7 | 2.98 | 88.0% | 68.0% | 118.40 |
      | Family with children | 40.0% | 3.71 ±0.09 | -4.0 ±6.0 | 2.83 | 91.0% | 60.0% | 142.50 |
      | **All customers** | 100.0% | 3.61 ±0.06 | -14.8 ±3.7 | 2.92 | 89.2% | 64.8% | 128.04 |

      ## CSAT answers

      | Segment | 1 | 2 | 3 | 4 | 5 | Top 2 |
      | :--- | ---: | ---: | ---: | ---: | ---: | ---: |
      | Busy professional | 15.0% | 10.0% | 14.0% | 28.0% | 33.0% | 61.0% |
      | Family with children | 12.0% | 8.0% | 13.0% | 31.0% | 36.0% | 67.0% |
      | **All customers** | 13.8% | 9.2% | 13.6% | 29.2% | 34.2% | 63.4% |

      ## Retention

      Share of each segment still active at the end of the period.

      | Period | Busy professional | Family with children | **All customers** |
      | :--- | ---: | ---: | ---: |
      | 1 | 74.0% | 78.0% | 75.6% |
      | 2 | 55.0% | 61.0% | 57.4% |
      | 3 | 42.0% | 49.0% | 44.8% |
      | 4 | 32.0% | 40.0% | 35.2% |

      ## By segment

      ### Busy professional

      1,200 customers (60.0% of the population).

      **Where customers abandon**

      | Touchpoint | Share of segment |
      | :--- | ---: |
      | Waiting for the food (kitchen) | 5.5% |
      | Order with a waiter (order-at-table) | 3.5% |
      | Welcome and seating (arrive) | 2.0% |
      | Eating (meal) | 1.0% |

      **Pain points**

      | Touchpoint | Reach | Severity | Score |
      | :--- | ---: | ---: | ---: |
      | Paying (pay) | 88.0% | 1.84 | 1.62 |
      | Waiting for the food (kitchen) | 94.0% | 1.52 | 1.43 |
      | Order with a waiter (order-at-table) | 96.0% | 0.92 | 0.88 |
      | Welcome and seating (arrive) | 100.0% | 0.55 | 0.55 |
      | Eating (meal) | 88.0% | 0.38 | 0.33 |

      **Drivers**

      | Touchpoint | Reach | Correlation | Impact |
      | :--- | ---: | ---: | ---: |
      | Paying (pay) | 88.0% | 0.82 | +1.95 |
      | Order with a waiter (order-at-table) | 96.0% | 0.44 | +1.20 |
      | Waiting for the food (kitchen) | 94.0% | 0.36 | +0.90 |
      | Welcome and seating (arrive) | 100.0% | 0.25 | +0.70 |

      ### Family with children

      800 customers (40.0% of the population).

      **Where customers abandon**

      | Touchpoint | Share of segment |
      | :--- | ---: |
      | Waiting for the food (kitchen) | 4.5% |
      | Welcome and seating (arrive) | 2.0% |
      | Order with a waiter (order-at-table) | 1.5% |
      | Eating (meal) | 1.0% |

      **Pain points**

      | Touchpoint | Reach | Severity | Score |
      | :--- | ---: | ---: | ---: |
      | Paying (pay) | 91.0% | 1.60 | 1.46 |
      | Waiting for the food (kitchen) | 96.0% | 1.35 | 1.30 |
      | Order with a waiter (order-at-table) | 98.0% | 0.80 | 0.78 |
      | Welcome and seating (arrive) | 100.0% | 0.48 | 0.48 |
      | Eating (meal) | 91.0% | 0.30 | 0.27 |

      **Drivers**

      | Touchpoint | Reach | Correlation | Impact |
      | :--- | ---: | ---: | ---: |
      | Paying (pay) | 91.0% | 0.78 | +1.80 |
      | Order with a waiter (order-at-table) | 98.0% | 0.40 | +1.05 |
      | Waiting for the food (kitchen) | 96.0% | 0.38 | +0.95 |
      | Welcome and seating (arrive) | 100.0% | 0.22 | +0.60 |

      ### All customers

      2,000 customers (100.0% of the population).

      **Where customers abandon**

      | Touchpoint | Share of segment |
      | :--- | ---: |
      | Waiting for the food (kitchen) | 5.1% |
      | Order with a waiter (order-at-table) | 2.7% |
      | Welcome and seating (arrive) | 2.0% |
      | Eating (meal) | 1.0% |

      **Pain points**

      | Touchpoint | Reach | Severity | Score |
      | :--- | ---: | ---: | ---: |
      | Paying (pay) | 89.2% | 1.74 | 1.55 |
      | Waiting for the food (kitchen) | 94.8% | 1.45 | 1.38 |
      | Order with a waiter (order-at-table) | 96.8% | 0.87 | 0.84 |
      | Welcome and seating (arrive) | 100.0% | 0.52 | 0.52 |
      | Eating (meal) | 89.2% | 0.35 | 0.31 |

      **Drivers**

      | Touchpoint | Reach | Correlation | Impact |
      | :--- | ---: | ---: | ---: |
      | Paying (pay) | 89.2% | 0.80 | +1.90 |
      | Order with a waiter (order-at-table) | 96.8% | 0.42 | +1.14 |
      | Waiting for the food (kitchen) | 94.8% | 0.37 | +0.92 |
      | Welcome and seating (arrive) | 100.0% | 0.24 | +0.66 |

      ---

      CSAT 1–5 · NPS −100..100 · CES 1 (easy) to 7 (hard) · ± = 95% confidence interval. Pain point score: negative experience a touchpoint adds per customer (reach × severity). Driver impact: satisfaction points (0–10) that one standard deviation of the touchpoint's experience moves; drivers are ranked by reach × impact.
      "
    `)
  })

  it("gives every table a header row, a separator row, and rows of the same width", () => {
    const ts = tables(renderMarkdown(fixture))
    expect(ts.length).toBeGreaterThanOrEqual(3 + 3 * 3)
    for (const t of ts) {
      expect(t.length).toBeGreaterThanOrEqual(3)
      expect(t[1]).toMatch(/^\| (:---|---:)( \| (:---|---:))* \|$/)
      const width = cells(t[0]!).length
      for (const row of t) expect(cells(row)).toHaveLength(width)
    }
    expect(ts[0]![0]).toBe("| Segment | Share | CSAT | NPS | CES | Completion | Churn | Revenue per customer (EUR) |")
  })

  it("escapes pipes (and other Markdown) in labels and touchpoints", () => {
    const piped = renameTouchpoint(
      mapSegments(fixture, (s) => (s.id === "family" ? { ...s, label: "Family | kids *under* 12" } : s)),
      "kitchen",
      "kitchen|pass"
    )
    const text = renderMarkdown({ ...piped, touchpoints: piped.touchpoints.map((t) => (t.id === "kitchen|pass" ? { ...t, label: "Waiting | food" } : t)) })
    expect(text).toContain("| Family \\| kids \\*under\\* 12 | 40.0% |")
    expect(text).toContain("### Family \\| kids \\*under\\* 12")
    expect(text).toContain("| Waiting \\| food (kitchen\\|pass) | 4.5% |")
    for (const t of tables(text)) {
      const width = cells(t[0]!).length
      for (const row of t) expect(cells(row)).toHaveLength(width)
    }
    expect(escapeMarkdown("a|b\\c\nd")).toBe("a\\|b\\\\c d")
  })

  it("is marked as a cxsim report, names the variant, and says baseline without one", () => {
    const text = renderMarkdown(fixture)
    expect(text.startsWith("<!-- cxsim report -->\n# A restaurant visit\n")).toBe(true)
    expect(text).toContain("Scenario restaurant, baseline: population 2,000, seed 42, horizon 4 periods")
    expect(renderMarkdown({ ...fixture, variant: "app-ordering" })).toContain("Scenario restaurant, variant app-ordering: population 2,000")
  })

  it("says so where there is nothing to list", () => {
    const calm = mapSegments(fixture, (s) => ({ ...s, abandonedAt: [], painPoints: [], drivers: [] }))
    const text = renderMarkdown(calm)
    expect(text.match(/^No customer abandoned\.$/gm)).toHaveLength(3)
    expect(text.match(/^No pain points\.$/gm)).toHaveLength(3)
    expect(text.match(/^No drivers\.$/gm)).toHaveLength(3)
  })
})
