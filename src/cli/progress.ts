/**
 * A progress bar on stderr, only on a terminal; nothing at all when piped. Wall-clock time is
 * used for the display only, never in results.
 */
import type { Io } from "./Io.js"

export interface ProgressBar {
  readonly update: (done: number, total: number) => void
  readonly finish: () => void
}

const silent: ProgressBar = { update: () => {}, finish: () => {} }

export const progressBar = (io: Io, label: string): ProgressBar => {
  if (!io.stderrIsTTY) return silent
  const started = performance.now() // timing only
  let last = -1
  let drawn = false
  return {
    update: (done, total) => {
      const frac = total > 0 ? done / total : 1
      const pct = Math.floor(frac * 100)
      if (pct === last) return
      last = pct
      const width = 24
      const fill = Math.round(frac * width)
      const secs = (performance.now() - started) / 1000 // timing only
      const rate = secs > 0 ? done / secs : 0
      const eta = rate > 0 ? (total - done) / rate : 0
      const line = `${label.slice(0, 20)} [${"#".repeat(fill)}${"-".repeat(width - fill)}] ${String(pct).padStart(3)}% ${fmtRate(rate)}/s ${eta >= 1 ? `${Math.ceil(eta)}s left` : ""}`
      io.err(`\r${line.slice(0, 79).padEnd(79)}`)
      drawn = true
    },
    finish: () => {
      if (drawn) io.err(`\r${" ".repeat(79)}\r`)
    }
  }
}

const fmtRate = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(1)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(0)}k` : r.toFixed(0))
