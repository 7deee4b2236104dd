/**
 * The HTML page around the charts: one self-contained file (inline CSS, inline SVG, no script,
 * no external resource), light and dark (prefers-color-scheme), A4 print, readable from a phone
 * to a laptop. Every text that comes from a file is escaped here; every chart is a figure with a
 * title, a text alternative and the numbers behind it in a table one click away. Numeric cells
 * carry the report's own number (`data-value`) and where it is in the report (`data-key`), so a
 * reader or a test can check the page against the JSON.
 */
import { grouped } from "../format.js"
import { ink } from "./svg.js"

/** Text made safe for HTML content and attribute values: the five specials as entities, control characters as spaces. */
export const escapeHtml = (s: string): string =>
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, " ").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Okabe & Ito (2008) colours, safe for the common kinds of colour blindness, on light and dark backgrounds. */
export const palette = {
  blue: "#0072b2",
  orange: "#e69f00",
  green: "#009e73",
  purple: "#cc79a7",
  sky: "#56b4e9",
  vermillion: "#d55e00",
  yellow: "#f0e442",
  grey: "#8c8c8c"
} as const

/** Colours of a series of segments, in order (cycled). */
export const seriesColours: ReadonlyArray<string> = [palette.blue, palette.orange, palette.green, palette.purple, palette.sky, palette.vermillion, palette.yellow]

/** A number with the report's value behind it (see `num`). */
export interface NumberCell {
  readonly text: string
  readonly value: number
  readonly key: string
  readonly scale?: number
}

/** A table cell: text, styled text (a class of the page's style sheet), or a number. */
export type Cell = string | { readonly text: string; readonly className: string } | NumberCell

/**
 * A numeric cell: `text` as shown, `value` the report's number at `key` (a dotted path in the
 * report, "overall.csat.mean"), `scale` what the text multiplies it by (100 for a percentage).
 */
export const num = (text: string, value: number, key: string, scale = 1): Cell => ({ text, value, key, scale })

/** The attributes that carry a numeric cell's number: ` data-key=".." data-value=".."` (and data-scale). */
export const dataAttributes = (c: NumberCell): string =>
  ` data-key="${escapeHtml(c.key)}" data-value="${JSON.stringify(c.value)}"${c.scale === undefined || c.scale === 1 ? "" : ` data-scale="${c.scale}"`}`

/** A cell as `tag`, numbers with their data attributes (class "n"; a number that is not finite is text only). */
export const cellHtml = (c: Cell, tag: string, attributes = ""): string =>
  typeof c === "string"
    ? `<${tag}${attributes}>${escapeHtml(c)}</${tag}>`
    : "className" in c
      ? `<${tag}${attributes} class="${escapeHtml(c.className)}">${escapeHtml(c.text)}</${tag}>`
      : Number.isFinite(c.value)
        ? `<${tag}${attributes} class="n"${dataAttributes(c)}>${escapeHtml(c.text)}</${tag}>`
        : `<${tag}${attributes}>${escapeHtml(c.text)}</${tag}>`

/** A table: a header row, then rows whose first cell is a row header. */
export const table = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>, caption?: string): string =>
  [
    `<div class="scroll"><table>`,
    caption === undefined ? "" : `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? cellHtml(c, "th", ' scope="row"') : cellHtml(c, "td"))).join("")}</tr>`),
    `</tbody></table></div>`
  ].join("\n")

export interface Figure {
  /** Unique in the page: lower-case letters, digits, dashes. */
  readonly id: string
  readonly title: string
  /** The text alternative: what the chart shows and what stands out, in words. */
  readonly description: string
  /** The chart, from renderSvg. */
  readonly svg: string
  /** The numbers behind the chart (from `table`). */
  readonly table: string
}

/** A chart as a figure: its title, the SVG labelled by it, the text alternative, the table in a <details>. */
export const figure = (f: Figure): string => {
  const svg = f.svg.replace(
    /^<svg /,
    `<svg role="img" aria-labelledby="${f.id}-t ${f.id}-d" `
  ).replace(/^(<svg [^>]*>)/, `$1<title id="${f.id}-t">${escapeHtml(f.title)}</title><desc id="${f.id}-d">${escapeHtml(f.description)}</desc>`)
  return [
    `<figure class="chart" id="${f.id}">`,
    `<figcaption><h3>${escapeHtml(f.title)}</h3><p>${escapeHtml(f.description)}</p></figcaption>`,
    `<div class="svg">${svg}</div>`,
    `<details><summary>Numbers behind the chart</summary>`,
    f.table,
    `</details>`,
    `</figure>`
  ].join("\n")
}

/** A section: a heading, an optional lead (HTML), then its figures in a grid. */
export const section = (id: string, heading: string, lead: string, figures: ReadonlyArray<string>): string =>
  [`<section id="${id}">`, `<h2>${escapeHtml(heading)}</h2>`, lead, `<div class="grid">`, ...figures, `</div>`, `</section>`]
    .filter((x) => x !== "")
    .join("\n")

/** What the report is, so it can be reproduced: label → value (numbers keyed like table cells). */
export type Meta = ReadonlyArray<readonly [string, Cell]>

const metaHtml = (meta: Meta): string =>
  `<dl class="meta">${meta
    .map(([k, v]) => {
      return `<div><dt>${escapeHtml(k)}</dt>${cellHtml(v, "dd")}</div>`
    })
    .join("")}</dl>`

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#595959;--line:#d9d9d9;--card:#f5f5f5;--good:${palette.blue};--bad:${palette.vermillion};--warn:#b36b00;--pass:#00785a}
@media (prefers-color-scheme:dark){:root{--bg:#141414;--fg:#ececec;--muted:#ababab;--line:#3d3d3d;--card:#1f1f1f;--good:${palette.sky};--bad:#ff8a4c;--warn:${palette.orange};--pass:#2fc08f}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:1080px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;line-height:1.25;margin:.2em 0 .4em}
h2{font-size:1.25rem;margin:1.6em 0 .4em;padding-top:.4em;border-top:1px solid var(--line)}
h3{font-size:1rem;margin:0}
p{margin:.4em 0}
.lead,.kicker{color:var(--muted)}
.kicker{margin:0;font-size:.9rem;text-transform:uppercase;letter-spacing:.05em}
.meta{display:flex;flex-wrap:wrap;gap:4px 20px;margin:.6em 0;font-size:.9rem}
.meta div{display:flex;gap:6px}.meta dt{color:var(--muted)}.meta dd{margin:0;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.reproduce{font-size:.85rem;color:var(--muted);overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,460px),1fr));gap:16px}
figure{margin:0;padding:12px;background:var(--card);border-radius:8px;min-width:0}
figcaption p{font-size:.875rem;color:var(--muted)}
.svg svg{display:block;width:100%;height:auto;max-width:520px;margin:6px auto 0}
.svg svg [fill="${ink.text}"]{fill:var(--fg)}
.svg svg [stroke="${ink.text}"]{stroke:var(--fg)}
.svg svg [stroke="${ink.axis}"]{stroke:var(--muted)}
.svg svg [fill="${ink.axis}"]{fill:var(--muted)}
.svg svg [stroke="${ink.grid}"]{stroke:var(--line)}
.svg svg [stroke="#fff"],.svg svg [stroke="rgb(255,255,255)"]{stroke:var(--card)}
details{margin-top:6px;font-size:.875rem}
summary{cursor:pointer;color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:6px 0;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted)}
th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,thead th:first-child{text-align:left;white-space:normal;min-width:8em}
thead th{font-weight:600}
tbody th{font-weight:normal}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:.8em 0}
.card{background:var(--card);border-radius:8px;padding:8px 12px}
.card b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}
.card span{font-size:.85rem;color:var(--muted)}
.callout{border-left:4px solid var(--line);padding:4px 12px;margin:.6em 0;background:var(--card)}
.gain{color:var(--good);font-weight:600}.loss{color:var(--bad);font-weight:600}
.v-passed{color:var(--pass);font-weight:600}.v-inconclusive{color:var(--warn);font-weight:600}.v-breached{color:var(--bad);font-weight:700}
footer{margin-top:2em;font-size:.8rem;color:var(--muted)}
@media (max-width:520px){main{padding:10px}figure{padding:8px}.grid{gap:10px}}
@media print{
@page{size:A4;margin:14mm}
:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#fff}
body{font-size:10.5pt}
main{max-width:none;padding:0}
.grid{grid-template-columns:1fr 1fr;gap:8mm}
figure{break-inside:avoid;padding:0}
h2{break-after:avoid}
details{display:none}
}
`
  .trim()
  .replace(/\n/g, "")

export interface Page {
  /** "report", "comparison", "bench" or "calibration": the marker that tells a later --out the file is ours. */
  readonly kind: "report" | "comparison" | "bench" | "calibration"
  /** The document title (the browser tab). */
  readonly title: string
  /** A small line above the heading: what kind of report this is. */
  readonly kicker: string
  readonly heading: string
  readonly meta: Meta
  /** The command that reproduces the report. */
  readonly command: string
  /** The body, HTML. */
  readonly body: ReadonlyArray<string>
  /** The method notes at the foot of the page. */
  readonly footer: string
}

/** The whole page. No date, no random ids: the same report gives the same bytes. */
export const page = (p: Page): string =>
  [
    "<!DOCTYPE html>",
    // The marker tells a later --out that the file is ours.
    `<!-- cxsim ${p.kind} -->`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="cxsim">`,
    `<title>${escapeHtml(p.title)}</title>`,
    `<style>${CSS}</style>`,
    `</head><body><main>`,
    `<header>`,
    `<p class="kicker">${escapeHtml(p.kicker)}</p>`,
    `<h1>${escapeHtml(p.heading)}</h1>`,
    metaHtml(p.meta),
    `<p class="reproduce">Reproduce: <code>${escapeHtml(p.command)}</code></p>`,
    `</header>`,
    ...p.body,
    `<footer><p>${escapeHtml(p.footer)}</p></footer>`,
    `</main></body></html>`,
    ""
  ].join("\n")

/** "20,000" with the population's number behind it. */
export const countCell = (n: number, key: string): Cell => num(grouped(n), n, key)

/** A shell word quoted when it needs it (for the reproduce line). */
export const shellWord = (s: string): string => (/^[A-Za-z0-9._\/:=,+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`)
