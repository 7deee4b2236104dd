/**
 * A progress bar on stderr, only on a terminal; nothing at all when piped. It shows the share
 * done, customers per second and the time left, redrawn at most ten times a second. Wall-clock
 * time is used for the display only, never in results.
 */
import type { Io } from "./Io.js"
import { clean } from "../report/text.js"

export interface ProgressBar {
  readonly update: (done: number, total: number) => void
  readonly finish: () => void
}

const silent: ProgressBar = { update: () => {}, finish: () => {} }

const WIDTH = 79
const REDRAW_MS = 100

export const progressBar = (io: Io, label: string): ProgressBar => {
  if (!io.stderrIsTTY) return silent
  // The speed is measured from the first update on, not from the bar's creation: a bar made when
  // its first blocks are already done (bench makes one per suite as its progress arrives) would
  // otherwise divide them by a few microseconds and show millions of customers per second.
  let first: { readonly at: number; readonly done: number } | undefined
  let lastDraw = -Infinity
  let drawn = false
  return {
    update: (done, total) => {
      const now = performance.now() // timing only
      first ??= { at: now, done }
      if (now - lastDraw < REDRAW_MS && done < total) return
      lastDraw = now
      const frac = total > 0 ? Math.min(1, done / total) : 1
      const secs = (now - first.at) / 1000
      const rate = secs > 0 && done > first.done ? (done - first.done) / secs : 0
      io.err(`\r${progressLine(label, frac, rate, rate > 0 ? (total - done) / rate : Infinity)}`)
      drawn = true
    },
    finish: () => {
      if (drawn) io.err(`\r${" ".repeat(WIDTH)}\r`)
    }
  }
}

/** One line of the bar: label, bar, percentage, customers per second and time left, 79 columns. */
export const progressLine = (label: string, frac: number, rate: number, secondsLeft: number): string => {
  const bar = 24
  const fill = Math.round(frac * bar)
  const left = Number.isFinite(secondsLeft) && frac < 1 ? `${fmtDuration(secondsLeft)} left` : ""
  const speed = rate > 0 ? `${fmtRate(rate)} cust/s` : ""
  const line = `${clean(label).slice(0, 20)} [${"#".repeat(fill)}${"-".repeat(bar - fill)}] ${String(Math.floor(frac * 100)).padStart(3)}% ${speed.padStart(13)} ${left}`
  return line.slice(0, WIDTH).padEnd(WIDTH)
}

const fmtRate = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(0)}k` : r.toFixed(0))

const fmtDuration = (s: number): string => {
  const t = Math.ceil(s)
  if (t < 60) return `${t}s`
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, "0")}s`
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, "0")}m`
}
