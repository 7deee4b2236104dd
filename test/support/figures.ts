/**
 * The figures of an HTML report against its JSON: every numeric cell names where its number is
 * in the report (data-key), carries it (data-value) and shows it rounded (its text, times
 * data-scale). Shared by the renderer tests (on the HTML text) and the browser test (on the DOM).
 */

export interface FigureCell {
  readonly key: string
  readonly value: string
  readonly scale: string | null
  readonly text: string
}

/** The value at a dotted path of a JSON document ("overall.csat.mean", "segments.0.n"). */
export const at = (json: unknown, key: string): unknown =>
  key.split(".").reduce<unknown>((o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), json)

/** The number a cell shows: "1,234" → 1234, "+0.101" → 0.101, "89.2%" → 89.2, "-3.0" → -3. */
export const shown = (text: string): number => Number(text.trim().replace(/[,%+]/g, "").replace(/^−/, "-"))

/** Decimals shown: "3.54" → 2, "20,000" → 0. */
const decimals = (text: string): number => /\.(\d+)/.exec(text)?.[1]?.length ?? 0

/**
 * The problems of the cells against `json`, one line each (empty when every cell is right): the
 * key must name a finite number in the JSON, data-value must be exactly it, and the text must be
 * it times the scale, rounded to the decimals shown.
 */
export const figureProblems = (cells: ReadonlyArray<FigureCell>, json: unknown): string[] => {
  const out: string[] = []
  for (const c of cells) {
    const expected = at(json, c.key)
    if (typeof expected !== "number" || !Number.isFinite(expected)) {
      out.push(`${c.key}: not a number in the JSON (${JSON.stringify(expected)})`)
      continue
    }
    if (JSON.parse(c.value) !== expected) out.push(`${c.key}: data-value ${c.value}, JSON ${expected}`)
    const scale = c.scale === null ? 1 : Number(c.scale)
    const tolerance = 0.5 * 10 ** -decimals(c.text) + 1e-9 * Math.max(1, Math.abs(expected * scale))
    if (!(Math.abs(shown(c.text) - expected * scale) <= tolerance)) out.push(`${c.key}: shows "${c.text}", JSON ${expected} × ${scale}`)
  }
  return out
}

const unescape = (s: string): string => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))

/** The numeric cells of an HTML report, read from its text. */
export const cellsOf = (html: string): FigureCell[] =>
  [...html.matchAll(/<(\w+)[^>]* class="n" data-key="([^"]*)" data-value="([^"]*)"(?: data-scale="([^"]*)")?>([^<]*)<\/\1>/g)].map((m) => ({
    key: unescape(m[2] as string),
    value: m[3] as string,
    scale: m[4] ?? null,
    text: unescape(m[5] as string)
  }))
