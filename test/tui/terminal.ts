/**
 * A pseudo-terminal for end-to-end tests, with nothing to install: util-linux's `script` runs
 * the command on a pty of its own (80×24, set with stty), our keys go to its input, and a small
 * screen model replays what the program wrote, so that tests read the screen a user would see,
 * including the shell's screen coming back after the program leaves.
 *
 * The screen model knows what cxsim's UI and a shell send: printable text, CR, LF, backspace,
 * cursor moves (CSI A B C D G H), erasing (CSI J, K), the alternate screen (CSI ? 1049 h/l) and
 * ignores styles and the rest.
 */
import { spawn, spawnSync } from "node:child_process"

/** `script` from util-linux, which every Linux CI image has. */
export const scriptAvailable = (): boolean => spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0

export class Screen {
  private main: string[][]
  private alt: string[][] | null = null
  private saved: { row: number; col: number } = { row: 0, col: 0 }
  row = 0
  col = 0

  constructor(
    readonly columns: number,
    readonly rows: number
  ) {
    this.main = this.blank()
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array<string>(this.columns).fill(" "))
  }

  private get cells(): string[][] {
    return this.alt ?? this.main
  }

  private lineFeed(): void {
    if (this.row < this.rows - 1) this.row++
    else {
      this.cells.shift()
      this.cells.push(Array<string>(this.columns).fill(" "))
    }
  }

  private put(ch: string): void {
    if (this.col >= this.columns) {
      this.col = 0
      this.lineFeed()
    }
    const line = this.cells[this.row]
    if (line !== undefined) line[this.col] = ch
    this.col++
  }

  private eraseLine(mode: number): void {
    const line = this.cells[this.row]
    if (line === undefined) return
    const [from, to] = mode === 0 ? [this.col, this.columns] : mode === 1 ? [0, this.col + 1] : [0, this.columns]
    for (let c = from; c < Math.min(to, this.columns); c++) line[c] = " "
  }

  private eraseDisplay(mode: number): void {
    if (mode === 2 || mode === 3) {
      for (const line of this.cells) line.fill(" ")
      return
    }
    this.eraseLine(mode)
    const rows = mode === 0 ? this.cells.slice(this.row + 1) : this.cells.slice(0, this.row)
    for (const line of rows) line.fill(" ")
  }

  private csi(params: string, final: string): void {
    const priv = params.startsWith("?")
    const nums = (priv ? params.slice(1) : params).split(";").map((x) => (x === "" ? NaN : Number(x)))
    const n = (i: number, d: number): number => (Number.isFinite(nums[i]) ? (nums[i] as number) : d)
    if (priv) {
      if (nums.includes(1049) && final === "h" && this.alt === null) {
        this.saved = { row: this.row, col: this.col }
        this.alt = this.blank()
      } else if (nums.includes(1049) && final === "l" && this.alt !== null) {
        this.alt = null
        this.row = this.saved.row
        this.col = this.saved.col
      }
      return
    }
    switch (final) {
      case "A":
        this.row = Math.max(0, this.row - n(0, 1))
        break
      case "B":
        this.row = Math.min(this.rows - 1, this.row + n(0, 1))
        break
      case "C":
        this.col = Math.min(this.columns - 1, this.col + n(0, 1))
        break
      case "D":
        this.col = Math.max(0, this.col - n(0, 1))
        break
      case "G":
        this.col = Math.min(this.columns - 1, n(0, 1) - 1)
        break
      case "H":
      case "f":
        this.row = Math.min(this.rows - 1, n(0, 1) - 1)
        this.col = Math.min(this.columns - 1, n(1, 1) - 1)
        break
      case "J":
        this.eraseDisplay(n(0, 0))
        break
      case "K":
        this.eraseLine(n(0, 0))
        break
      default:
        break
    }
  }

  /** The start of an escape sequence cut off at the end of the last write. */
  private pending = ""

  /** Replay output. */
  write(text: string): void {
    // An escape sequence may be split between two writes of the program: keep its start.
    const chars = Array.from(this.pending + text)
    this.pending = ""
    const keep = (from: number): void => {
      this.pending = chars.slice(from).join("")
    }
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] as string
      if (ch === "\u001b") {
        const next = chars[i + 1]
        if (next === undefined) return keep(i)
        if (next === "[") {
          let j = i + 2
          let params = ""
          while (j < chars.length && /[0-9;?<=>:]/.test(chars[j] as string)) params += chars[j++]
          while (j < chars.length && /[ -/]/.test(chars[j] as string)) j++
          if (j >= chars.length) return keep(i)
          this.csi(params, chars[j] as string)
          i = j
        } else if (next === "]" || next === "P" || next === "_") {
          // OSC / DCS / APC: up to BEL or ESC \
          let j = i + 2
          while (j < chars.length && chars[j] !== "\u0007" && !(chars[j] === "\u001b" && chars[j + 1] === "\\")) j++
          if (j >= chars.length || (chars[j] === "\u001b" && chars[j + 1] === undefined)) return keep(i)
          i = chars[j] === "\u0007" ? j : j + 1
        } else if (next === "7") {
          this.saved = { row: this.row, col: this.col }
          i++
        } else if (next === "8") {
          this.row = this.saved.row
          this.col = this.saved.col
          i++
        } else i++
        continue
      }
      if (ch === "\r") this.col = 0
      else if (ch === "\n") this.lineFeed()
      else if (ch === "\b") this.col = Math.max(0, this.col - 1)
      else if (ch === "\t") this.col = Math.min(this.columns - 1, (Math.floor(this.col / 8) + 1) * 8)
      else if (ch >= " " && ch !== "\u007f") this.put(ch)
    }
  }

  /** The visible screen, trailing spaces removed. */
  text(): string {
    return this.cells.map((l) => l.join("").trimEnd()).join("\n")
  }
}

export interface PtySession {
  /** Send keys, as a terminal would (escape sequences for arrows). */
  readonly send: (keys: string) => void
  /** Everything the program wrote, raw. */
  readonly raw: () => string
  /** The screen now. */
  readonly screen: () => string
  /** Resolves when the pty's shell ends, with the program's exit code and whether stty was restored. */
  readonly done: Promise<{ readonly code: number | null; readonly ttyRestored: boolean }>
  readonly kill: () => void
}

/**
 * Run `command` (a shell command line) on an 80×24 pseudo-terminal. The shell prints a line
 * before it, and checks after it that the terminal's settings (raw mode, echo) are as before.
 */
export const runInPty = (command: string, o: { readonly cwd: string; readonly env: NodeJS.ProcessEnv }): PtySession => {
  const shell = [
    // Ctrl-C goes to the whole foreground group, this shell too: a shell without a trap (dash,
    // the /bin/sh that `script` runs when SHELL is unset) would die of it before printing the
    // exit code. With a trap it waits for the program; the program still gets the default.
    "trap : INT",
    "stty cols 80 rows 24",
    "printf '\\033[2J\\033[H'",
    "echo 'the shell was here before'",
    "before=$(stty -g)",
    command,
    "code=$?",
    'if [ "$(stty -g)" = "$before" ]; then echo TTY-RESTORED; fi',
    'echo "EXIT=$code"'
  ].join("; ")
  const child = spawn("script", ["-qfec", shell, "/dev/null"], { cwd: o.cwd, env: o.env, stdio: ["pipe", "pipe", "pipe"] })
  const term = new Screen(80, 24)
  let raw = ""
  child.stdout.setEncoding("utf8")
  child.stdout.on("data", (d: string) => {
    raw += d
    term.write(d)
  })
  child.stderr.setEncoding("utf8")
  child.stderr.on("data", (d: string) => {
    raw += d
  })
  const done = new Promise<{ code: number | null; ttyRestored: boolean }>((resolve) => {
    child.on("close", () => {
      const m = /EXIT=(\d+)/.exec(raw)
      resolve({ code: m === null ? null : Number(m[1]), ttyRestored: raw.includes("TTY-RESTORED") })
    })
  })
  return {
    send: (keys) => {
      child.stdin.write(keys)
    },
    raw: () => raw,
    screen: () => term.text(),
    done,
    kill: () => {
      child.kill("SIGKILL")
    }
  }
}
