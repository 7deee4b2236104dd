/**
 * Text layout for the terminal UI: every line is built to an exact width, so that nothing
 * wraps or shifts, whatever the labels in the scenario.
 */

import { clean } from "../report/text.js"

/** Control characters (escape codes among them) from a scenario's text, made spaces. */
export { clean }

export const widthOf = (s: string): number => Array.from(s).length

/** Cut to `w` columns, with "…" when cut. */
export const truncate = (s: string, w: number): string => {
  const chars = Array.from(clean(s))
  if (chars.length <= w) return chars.join("")
  return w <= 0 ? "" : `${chars.slice(0, w - 1).join("")}…`
}

/** Exactly `w` columns: cut, then padded on the right (left-aligned) or on the left. */
export const fit = (s: string, w: number, align: "left" | "right" = "left"): string => {
  const t = truncate(s, w)
  const fill = " ".repeat(Math.max(0, w - widthOf(t)))
  return align === "left" ? t + fill : fill + t
}

/**
 * A label "what · which" in exactly `w` columns: when it must be cut, the part before the last
 * " · " is cut, never the part after it, so "… · mean" and "… · spread (sd)" stay apart.
 */
export const fitLabel = (s: string, w: number): string => {
  const at = s.lastIndexOf(" · ")
  if (at < 0 || widthOf(clean(s)) <= w) return fit(s, w)
  const suffix = truncate(s.slice(at), w)
  return fit(truncate(s.slice(0, at), w - widthOf(suffix)) + suffix, w)
}

const BLOCKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const

/** One block character for a height 0–1 (a column of a small histogram); a space for 0. */
export const block = (frac: number): string => {
  if (!(frac > 0)) return " "
  return BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.ceil(frac * BLOCKS.length) - 1))] as string
}

/** A horizontal bar of `w` columns filled to `frac` 0–1. */
export const bar = (frac: number, w: number): string => {
  const f = Math.max(0, Math.min(1, Number.isFinite(frac) ? frac : 0))
  const full = Math.round(f * w)
  return "█".repeat(full) + "░".repeat(w - full)
}

/** "the first, the second and the third". */
export const joinNames = (xs: ReadonlyArray<string>): string =>
  xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1] as string}`

/** Lines of at most `w` columns, broken between words (a word longer than a line is cut). */
export const wrap = (s: string, w: number): string[] => {
  const out: string[] = []
  let line = ""
  for (const word of clean(s).split(" ")) {
    let rest = word
    while (widthOf(rest) > w) {
      if (line !== "") {
        out.push(line)
        line = ""
      }
      out.push(Array.from(rest).slice(0, w).join(""))
      rest = Array.from(rest).slice(w).join("")
    }
    if (line === "") line = rest
    else if (widthOf(line) + 1 + widthOf(rest) <= w) line = `${line} ${rest}`
    else {
      out.push(line)
      line = rest
    }
  }
  if (line !== "" || out.length === 0) out.push(line)
  return out
}
