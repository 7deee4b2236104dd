/**
 * The strategist's terminal UI: open a scenario, move its levers, and see, on the same
 * synthetic customers, which segments gain and which lose; keep a what-if as a variant.
 *
 * Screens: pick a scenario → (its errors) → pick a variant to start from → the what-if screen
 * (levers above, results below, status and keys at the bottom). Every change re-runs the
 * comparison off this thread (Runner.ts); keys are handled here, always.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { Box, useApp, useInput, useStdout, type Key } from "ink"
import * as fs from "node:fs"
import * as path from "node:path"
import { useEffect, useMemo, useRef, useState } from "react"
import { parse as parseYaml } from "yaml"
import { formatIssue, type Issue } from "../load/Issue.js"
import { loadEffect } from "../api.js"
import type { ResolvedScenario } from "../model/Resolved.js"
import type { Patch } from "../model/Scenario.js"
import { grouped } from "../report/format.js"
import type { ComparisonReport } from "../stats/Comparison.js"
import { leverGroups, nudge, parseTyped, type Lever, type LeverGroup } from "./Lever.js"
import { Line, p, ThemeContext, type Piece } from "./Line.js"
import {
  funnelLines,
  helpLines,
  leverItems,
  leverLines,
  satisfactionLines,
  segmentLines,
  toHeight,
  type LeverItem,
  type Lines
} from "./panes.js"
import { makeRunner, type RunEvent, type Runner, type RunnerOptions } from "./Runner.js"
import { freeName, saveVariant } from "./saveVariant.js"
import { bar, fit, truncate, wrap } from "./text.js"
import * as W from "./WhatIf.js"

/** The smallest terminal the screens are laid out for. */
export const MIN_COLUMNS = 80
export const MIN_ROWS = 24

export interface AppProps {
  /** The scenario to open. @default none: pick one from `scenarios/` under `cwd` */
  readonly file?: string | undefined
  /** The variant to start from. @default ask, when the scenario has variants */
  readonly variant?: string | undefined
  /** Customers per run. @default the scenario's population */
  readonly customers?: number | undefined
  /** Seed of the random streams. @default the scenario's seed */
  readonly seed?: number | undefined
  /** Where `scenarios/` is looked for, and file names are shown relative to. @default process.cwd() */
  readonly cwd?: string | undefined
  /** Use colours. @default false */
  readonly color?: boolean | undefined
  /** A fixed size instead of the terminal's (tests). @default the terminal's, following resizes */
  readonly size?: { readonly columns: number; readonly rows: number } | undefined
  /** Settings of the simulation runner. @default no debounce, quick look from 50,000 customers */
  readonly runner?: RunnerOptions | undefined
}

type View = "segments" | "satisfaction" | "funnel"
const VIEWS: ReadonlyArray<readonly [View, string]> = [
  ["segments", "Segments"],
  ["satisfaction", "Satisfaction"],
  ["funnel", "Funnel"]
]

interface SaveForm {
  /** 0 name, 1 description, 2 file. */
  readonly field: 0 | 1 | 2
  readonly name: string
  readonly description: string
  readonly target: string
  /** The name is taken: waiting for y (replace) or n. */
  readonly confirm: boolean
  readonly busy: boolean
  readonly error: string | null
}

interface Message {
  readonly text: string
  readonly tone: "info" | "good" | "bad"
}

interface MainState {
  readonly kind: "main"
  readonly file: string
  readonly whatIf: W.WhatIf
  readonly groups: ReadonlyArray<LeverGroup>
  readonly items: ReadonlyArray<LeverItem>
  readonly levers: ReadonlyArray<Lever>
  readonly cursor: number
  readonly typing: string | null
  readonly view: View
  readonly funnelSegment: number
  readonly help: boolean
  readonly save: SaveForm | null
  readonly message: Message | null
  readonly variantNames: ReadonlyArray<string>
  /** Patches of the variant started from: a kept what-if starts with them. */
  readonly startPatches: ReadonlyArray<Patch>
}

interface ScenarioEntry {
  readonly file: string
  readonly title: string
}

type Screen =
  | { readonly kind: "pick"; readonly files: ReadonlyArray<ScenarioEntry>; readonly cursor: number }
  | { readonly kind: "loading"; readonly file: string; readonly variant: string | undefined; readonly ask: boolean }
  | { readonly kind: "errors"; readonly file: string; readonly issues: ReadonlyArray<Issue>; readonly variant: string | undefined; readonly ask: boolean }
  | { readonly kind: "variant"; readonly file: string; readonly scenario: ResolvedScenario; readonly cursor: number }
  | MainState

interface RunState {
  readonly report: ComparisonReport | null
  /** The what-if the report is of: results are current only while it is the one shown. */
  readonly of: ResolvedScenario | null
  readonly final: boolean
  readonly customers: number
  readonly ms: number
  readonly phase: "waiting" | "queued" | "running" | "done" | "error"
  readonly progress: number
  readonly error: string | null
}

const initialRun: RunState = { report: null, of: null, final: false, customers: 0, ms: 0, phase: "waiting", progress: 0, error: null }

/** What was kept where, and how to run it: the longest form that fits. */
const keptMessage = (name: string, file: string, width: number): string =>
  [
    `Kept "${name}" in ${file}. Run it: cxsim run ${file} --variant ${name}`,
    `Kept "${name}" in ${file}: cxsim run … --variant ${name}`,
    `Kept "${name}" in ${file}.`
  ].find((m) => Array.from(m).length <= width) ?? `Kept "${name}".`

const rel = (cwd: string, f: string): string => {
  const r = path.relative(cwd, path.resolve(cwd, f))
  return r === "" || r.startsWith("..") ? path.resolve(cwd, f) : r
}

/** The scenarios under `cwd/scenarios`, with their titles. */
const listScenarios = (cwd: string): ReadonlyArray<ScenarioEntry> => {
  const dir = path.join(cwd, "scenarios")
  let names: string[] = []
  try {
    names = fs.readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort()
  } catch {
    return []
  }
  return names.map((n) => {
    const file = path.join("scenarios", n)
    let title = ""
    try {
      const data = parseYaml(fs.readFileSync(path.join(dir, n), "utf8")) as { title?: unknown; name?: unknown } | null
      title = typeof data?.title === "string" ? data.title : typeof data?.name === "string" ? data.name : ""
    } catch {
      title = "(cannot be read)"
    }
    return { file, title }
  })
}

const startMain = (file: string, scenario: ResolvedScenario, customers: number | undefined): MainState => {
  const baseline = customers === undefined ? scenario : { ...scenario, population: customers }
  const groups = leverGroups(baseline)
  return {
    kind: "main",
    file,
    whatIf: W.start(baseline),
    groups,
    items: leverItems(groups),
    levers: groups.flatMap((g) => g.levers),
    cursor: 0,
    typing: null,
    view: "segments",
    funnelSegment: baseline.personas.length,
    help: false,
    save: null,
    message: null,
    variantNames: Object.keys(scenario.variants),
    startPatches: scenario.variant === null ? [] : (scenario.variants[scenario.variant]?.patches ?? [])
  }
}

const useSize = (fixed: AppProps["size"]): { readonly columns: number; readonly rows: number } => {
  const { stdout } = useStdout()
  const read = () => ({ columns: stdout.columns || MIN_COLUMNS, rows: stdout.rows || MIN_ROWS })
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (fixed !== undefined) return
    const onResize = (): void => setSize(read())
    stdout.on("resize", onResize)
    return () => {
      stdout.off("resize", onResize)
    }
  }, [stdout, fixed])
  return fixed ?? size
}

/** One character of a chunk of input as the key it stands for (Enter, Tab, Backspace, Ctrl-C…). */
const keyOf = (ch: string, like: Key): [string, Key] => {
  const none = Object.fromEntries(Object.entries(like).map(([k, v]) => [k, typeof v === "boolean" ? false : v])) as Key
  switch (ch) {
    case "\r":
    case "\n":
      return ["", { ...none, return: true }]
    case "\t":
      return ["", { ...none, tab: true }]
    case "\u007f":
      return ["", { ...none, delete: true }]
    case "\b":
      return ["", { ...none, backspace: true }]
    case "\u0003":
      return ["c", { ...none, ctrl: true }]
    default:
      return [ch, none]
  }
}

const isBackspace = (input: string, key: Key): boolean => key.backspace || key.delete || input === "\u007f" || input === "\b"

/** Printable characters of an input (a paste arrives at once). */
const printable = (input: string): string => input.replace(/[\u0000-\u001f\u007f]/g, "")

export const App = (props: AppProps) => {
  const cwd = props.cwd ?? process.cwd()
  const { exit } = useApp()
  const size = useSize(props.size)
  const [screen, setScreenState] = useState<Screen>(() =>
    props.file === undefined
      ? { kind: "pick", files: listScenarios(cwd), cursor: 0 }
      : { kind: "loading", file: props.file, variant: props.variant, ask: props.variant === undefined }
  )
  // Keys can arrive faster than frames: each one must see the state the previous one left,
  // not the state of the last frame drawn.
  const latest = useRef(screen)
  const update = (f: (s: Screen) => Screen): void => {
    latest.current = f(latest.current)
    setScreenState(latest.current)
  }
  const setScreen = (s: Screen): void => update(() => s)
  const [run, setRun] = useState<RunState>(initialRun)
  const runner = useRef<Runner | null>(null)
  const runnerOptions = useRef(props.runner)

  // The simulation threads start with the UI, so that they are ready by the first change.
  useEffect(() => {
    const r = makeRunner(runnerOptions.current)
    runner.current = r
    const off = r.subscribe((e: RunEvent) => {
      setRun((s): RunState => {
        switch (e.type) {
          case "queued":
            return { ...s, phase: "queued", progress: 0, error: null }
          case "started":
            return { ...s, phase: "running", progress: 0, error: null }
          case "progress":
            return { ...s, progress: e.total > 0 ? e.done / e.total : 0 }
          case "result":
            return { ...s, report: e.report, of: e.whatIf, final: e.final, customers: e.customers, ms: e.ms, phase: e.final ? "done" : s.phase, error: null }
          case "error":
            return { ...s, phase: "error", error: e.message }
        }
      })
    })
    return () => {
      off()
      r.close()
      runner.current = null
    }
  }, [])

  // Loading a scenario.
  const loading = screen.kind === "loading" ? screen : null
  useEffect(() => {
    if (loading === null) return
    let live = true
    void Effect.runPromise(Effect.either(loadEffect(path.resolve(cwd, loading.file), { variant: loading.variant }))).then((r) => {
      if (!live) return
      if (Either.isLeft(r)) {
        const e = r.left
        const issues: ReadonlyArray<Issue> = e._tag === "InvalidInput" ? e.issues : [{ file: e.file, path: "", message: e.message }]
        setScreen({ kind: "errors", file: loading.file, issues, variant: loading.variant, ask: loading.ask })
        return
      }
      const s = r.right
      if (loading.ask && Object.keys(s.variants).length > 0) setScreen({ kind: "variant", file: loading.file, scenario: s, cursor: 0 })
      else setScreen(startMain(loading.file, s, props.customers))
    })
    return () => {
      live = false
    }
  }, [loading])

  // Every what-if (and the first baseline) is run.
  const current = screen.kind === "main" ? screen.whatIf.current : null
  const baseline = screen.kind === "main" ? screen.whatIf.baseline : null
  useEffect(() => {
    if (current === null || baseline === null) return
    runner.current?.request({ baseline, whatIf: current, customers: current.population, seed: props.seed ?? baseline.seed })
  }, [current, baseline])

  const quit = (code: number): void => {
    runner.current?.close()
    exit(code)
  }

  const updateMain = (f: (m: MainState) => MainState): void => update((s) => (s.kind === "main" ? f(s) : s))

  const doSave = (m: MainState, form: SaveForm, replace: boolean): void => {
    const target = path.resolve(cwd, form.target.trim() === "" ? m.file : form.target.trim())
    const request = {
      source: path.resolve(cwd, m.file),
      target,
      name: form.name.trim(),
      description: form.description,
      patches: [...m.startPatches, ...W.toPatches(m.whatIf.baseline, m.whatIf.current)],
      replace
    }
    updateMain((s) => (s.save === null ? s : { ...s, save: { ...s.save, busy: true, error: null, confirm: false } }))
    saveVariant(request).then(
      (saved) => {
        const shown = rel(cwd, saved.file)
        updateMain((s) => ({
          ...s,
          save: null,
          variantNames: path.resolve(cwd, s.file) === target && !s.variantNames.includes(saved.name) ? [...s.variantNames, saved.name] : s.variantNames,
          message: { text: keptMessage(saved.name, shown, size.columns - 2), tone: "good" }
        }))
      },
      (e: unknown) => {
        const tag = typeof e === "object" && e !== null && "_tag" in e ? String((e as { _tag: unknown })._tag) : ""
        updateMain((s) => {
          if (s.save === null) return s
          if (tag === "VariantExists") return { ...s, save: { ...s.save, busy: false, confirm: true } }
          const text =
            tag === "InvalidInput"
              ? (e as { issues: ReadonlyArray<Issue> }).issues.map((i) => formatIssue({ ...i, file: rel(cwd, i.file) })).join("\n")
              : tag === "UsageError"
                ? `${(e as { message: string }).message}${(e as { hint?: string }).hint === undefined ? "" : ` (${(e as { hint?: string }).hint})`}`
                : tag === "FileError"
                  ? `${rel(cwd, (e as { file: string }).file)}: ${(e as { message: string }).message}`
                  : e instanceof Error
                    ? e.message
                    : String(e)
          return { ...s, save: { ...s.save, busy: false, error: text } }
        })
      }
    )
  }

  const onMainKey = (m: MainState, input: string, key: Key): void => {
    // The save dialog.
    if (m.save !== null) {
      const form = m.save
      if (form.busy) return
      if (form.confirm) {
        if (input === "y" || input === "Y") doSave(m, form, true)
        else if (input === "n" || input === "N" || key.escape) updateMain((s) => ({ ...s, save: s.save && { ...s.save, confirm: false, field: 0 } }))
        return
      }
      if (key.escape) return updateMain((s) => ({ ...s, save: null, message: { text: "Not kept.", tone: "info" } }))
      if (key.return) return doSave(m, form, false)
      if (key.tab || key.downArrow || key.upArrow) {
        const step = key.upArrow || (key.tab && key.shift) ? 2 : 1
        return updateMain((s) => (s.save === null ? s : { ...s, save: { ...s.save, field: ((s.save.field + step) % 3) as 0 | 1 | 2 } }))
      }
      const field = (["name", "description", "target"] as const)[form.field]
      if (isBackspace(input, key)) return updateMain((s) => (s.save === null ? s : { ...s, save: { ...s.save, [field]: Array.from(s.save[field]).slice(0, -1).join(""), error: null } }))
      const text = printable(input)
      if (text !== "" && !key.ctrl && !key.meta) updateMain((s) => (s.save === null ? s : { ...s, save: { ...s.save, [field]: s.save[field] + text, error: null } }))
      return
    }
    // Typing an exact value.
    if (m.typing !== null) {
      const lever = m.levers[m.cursor]
      if (lever === undefined) return
      if (key.escape) return updateMain((s) => ({ ...s, typing: null, message: null }))
      if (key.return) {
        const r = parseTyped(lever, m.typing)
        if ("problem" in r) return updateMain((s) => ({ ...s, message: { text: r.problem, tone: "bad" } }))
        return updateMain((s) => ({ ...s, typing: null, message: null, whatIf: W.change(s.whatIf, lever.set(s.whatIf.current, r.value)) }))
      }
      if (isBackspace(input, key)) return updateMain((s) => ({ ...s, typing: (s.typing ?? "").slice(0, -1) }))
      const text = printable(input)
      if (/^[-+0-9.,%eE_]+$/.test(text)) updateMain((s) => ({ ...s, typing: `${s.typing ?? ""}${text}` }))
      return
    }
    if (m.help) {
      if (key.escape || input === "?" || key.return || input === " ") updateMain((s) => ({ ...s, help: false }))
      return
    }
    const lever = m.levers[m.cursor]
    const move = (to: number): void => updateMain((s) => ({ ...s, cursor: Math.max(0, Math.min(s.levers.length - 1, to)), message: null }))
    const group = (direction: 1 | -1): void => {
      const starts = m.groups.map((_, gi) => m.groups.slice(0, gi).reduce((a, g) => a + g.levers.length, 0))
      const mine = starts.filter((st) => st <= m.cursor).length - 1
      const target = direction > 0 ? starts[Math.min(starts.length - 1, mine + 1)] : m.cursor > (starts[mine] ?? 0) ? starts[mine] : starts[Math.max(0, mine - 1)]
      move(target ?? 0)
    }
    const adjust = (direction: 1 | -1): void => {
      if (lever === undefined) return
      updateMain((s) => {
        const next = W.change(s.whatIf, nudge(lever, s.whatIf.current, direction))
        const edge = next === s.whatIf
        return { ...s, whatIf: next, message: edge ? { text: `${lever.label}: at its ${direction > 0 ? "highest" : "lowest"}`, tone: "info" } : null }
      })
    }
    if (key.upArrow || input === "k") return move(m.cursor - 1)
    if (key.downArrow || input === "j") return move(m.cursor + 1)
    if (key.pageDown || input === "]") return group(1)
    if (key.pageUp || input === "[") return group(-1)
    if (key.home) return move(0)
    if (key.end) return move(m.levers.length - 1)
    if (key.rightArrow || input === "l" || input === "+") return adjust(1)
    if (key.leftArrow || input === "h" || input === "-") return adjust(-1)
    if (key.return || input === "=") return updateMain((s) => ({ ...s, typing: "", message: { text: "Type a value, Enter sets it, Esc cancels", tone: "info" } }))
    if (input === "u") {
      return updateMain((s) =>
        s.whatIf.history.length === 0 ? { ...s, message: { text: "Nothing to undo.", tone: "info" } } : { ...s, whatIf: W.undo(s.whatIf), message: { text: "Undone.", tone: "info" } }
      )
    }
    if (input === "r") return updateMain((s) => ({ ...s, whatIf: W.reset(s.whatIf), message: { text: "Reset to the baseline (u brings the what-if back).", tone: "info" } }))
    if (input === "s") {
      const diffs = W.differences(m.whatIf, m.groups)
      if (diffs.length === 0) return updateMain((s) => ({ ...s, message: { text: "Nothing to keep: the what-if is the baseline. Move a lever first.", tone: "info" } }))
      const from = m.whatIf.baseline.variant === null ? "" : `From ${m.whatIf.baseline.variant}; `
      const description = truncate(`${from}${diffs.map(W.describe).join("; ")}`, 300)
      return updateMain((s) => ({
        ...s,
        message: null,
        save: { field: 0, name: freeName(s.variantNames), description, target: s.file, confirm: false, busy: false, error: null }
      }))
    }
    if (key.tab) {
      const i = VIEWS.findIndex(([v]) => v === m.view)
      const next = VIEWS[(i + (key.shift ? VIEWS.length - 1 : 1)) % VIEWS.length]?.[0] ?? "segments"
      return updateMain((s) => ({ ...s, view: next }))
    }
    if (input === "1" || input === "2" || input === "3") return updateMain((s) => ({ ...s, view: VIEWS[Number(input) - 1]?.[0] ?? s.view }))
    if (input === "f") return updateMain((s) => ({ ...s, view: "funnel", funnelSegment: (s.funnelSegment + 1) % (s.whatIf.baseline.personas.length + 1) }))
    if (input === "?") return updateMain((s) => ({ ...s, help: true }))
    if (input === "o") {
      runner.current?.cancel()
      setRun(initialRun)
      return setScreen({ kind: "pick", files: listScenarios(cwd), cursor: 0 })
    }
  }

  const onKey = (input: string, key: Key): void => {
    if (key.ctrl && input === "c") return quit(130)
    // Keys typed (or pasted) faster than they are read arrive together: taken one by one.
    const chars = Array.from(input)
    if (chars.length > 1 && !input.startsWith("\u001b")) {
      for (const ch of chars) onKey(...keyOf(ch, key))
      return
    }
    const s = latest.current
    const typing = s.kind === "main" && (s.typing !== null || (s.save !== null && !s.save.confirm))
    if (input === "q" && !typing) return quit(0)
    switch (s.kind) {
      case "pick": {
        if (key.upArrow || input === "k") setScreen({ ...s, cursor: Math.max(0, s.cursor - 1) })
        else if (key.downArrow || input === "j") setScreen({ ...s, cursor: Math.min(s.files.length - 1, s.cursor + 1) })
        else if (key.return) {
          const f = s.files[s.cursor]
          if (f !== undefined) setScreen({ kind: "loading", file: f.file, variant: undefined, ask: true })
        }
        return
      }
      case "errors": {
        if (input === "r") setScreen({ kind: "loading", file: s.file, variant: s.variant, ask: s.ask })
        else if (input === "o" || key.escape) setScreen({ kind: "pick", files: listScenarios(cwd), cursor: 0 })
        return
      }
      case "variant": {
        const names = Object.keys(s.scenario.variants)
        if (key.upArrow || input === "k") setScreen({ ...s, cursor: Math.max(0, s.cursor - 1) })
        else if (key.downArrow || input === "j") setScreen({ ...s, cursor: Math.min(names.length, s.cursor + 1) })
        else if (key.escape || input === "o") setScreen({ kind: "pick", files: listScenarios(cwd), cursor: 0 })
        else if (key.return) {
          const name = s.cursor === 0 ? undefined : names[s.cursor - 1]
          if (name === undefined) setScreen(startMain(s.file, s.scenario, props.customers))
          else setScreen({ kind: "loading", file: s.file, variant: name, ask: false })
        }
        return
      }
      case "main":
        return onMainKey(s, input, key)
      case "loading":
        return
    }
  }
  useInput(onKey)

  const theme = useMemo(() => ({ color: props.color === true }), [props.color])
  const width = size.columns
  const height = size.rows - 1
  let lines: Lines
  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    lines = [
      [p("cxsim tui", { bold: true })],
      [p(truncate(`needs a terminal of at least ${MIN_COLUMNS}×${MIN_ROWS}; this one is ${size.columns}×${size.rows}.`, width - 1))],
      [p(truncate("Enlarge it, or press q to quit.", width - 1))]
    ]
  } else lines = screenLines(screen, run, cwd, width, height)
  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={width}>
        {lines.map((l, i) => (
          <Line key={i} pieces={l} />
        ))}
      </Box>
    </ThemeContext.Provider>
  )
}

// --- screens --------------------------------------------------------------------------------------

const titleBar = (text: string, width: number): Piece[] => [p(fit(` ${text}`, width - 1), { inverse: true, bold: true })]
const keysBar = (text: string, width: number): Piece[] => [p(truncate(` ${text}`, width - 1), { dim: true })]

const screenLines = (screen: Screen, run: RunState, cwd: string, width: number, height: number): Lines => {
  switch (screen.kind) {
    case "pick": {
      const body: Lines = [blank(), [p(" Open a scenario", { bold: true })], blank()]
      if (screen.files.length === 0) {
        body.push([p(truncate(` There is no scenarios/ folder with .yaml files in ${cwd}.`, width - 1))])
        body.push([p(truncate(" Open a file with: cxsim tui path/to/scenario.yaml", width - 1))])
        body.push([p(truncate(" or write a starter project with: cxsim init my-journeys", width - 1))])
      }
      const nameW = Math.min(40, Math.max(...screen.files.map((f) => f.file.length), 10) + 2)
      screen.files.forEach((f, i) => {
        const here = i === screen.cursor
        body.push([p(here ? " › " : "   ", { bold: true }), p(fit(f.file, nameW), { inverse: here, bold: here }), p(" "), p(truncate(f.title, width - nameW - 5), { dim: !here })])
      })
      return [titleBar("cxsim tui · change a journey, see who gains and who loses", width), ...toHeight(body, height - 2), keysBar("↑↓ choose · Enter open · q quit", width)]
    }
    case "loading":
      return [titleBar(`cxsim tui · ${rel(cwd, screen.file)}`, width), ...toHeight([blank(), [p(` Loading ${rel(cwd, screen.file)}…`)]], height - 2), keysBar("q quit", width)]
    case "errors": {
      const n = screen.issues.length
      const body: Lines = [
        blank(),
        [p(truncate(` ${rel(cwd, screen.file)}: ${n} problem${n === 1 ? "" : "s"}, nothing can run until fixed`, width - 1), { bold: true, color: "red" })],
        blank()
      ]
      for (const issue of screen.issues) {
        const text = formatIssue({ ...issue, file: rel(cwd, issue.file) })
        // Long messages wrap onto indented lines rather than being cut.
        for (const [i, l] of text.split("\n").entries()) {
          const indent = i === 0 ? " " : "     "
          wrap(l.trim(), width - 6).forEach((part, k) => body.push([p(`${k === 0 ? indent : "     "}${part}`, { dim: i > 0 })]))
        }
      }
      body.push(blank())
      body.push([p(truncate(" Fix the file in your editor, then press r to load it again.", width - 1))])
      return [titleBar(`cxsim tui · ${rel(cwd, screen.file)}`, width), ...toHeight(body, height - 2), keysBar("r reload · o open another scenario · q quit", width)]
    }
    case "variant": {
      const s = screen.scenario
      const names = ["baseline", ...Object.keys(s.variants)]
      const nameW = Math.min(30, Math.max(...names.map((x) => x.length)) + 2)
      const body: Lines = [blank(), [p(truncate(` ${s.title}: start from`, width - 1), { bold: true })], blank()]
      names.forEach((name, i) => {
        const here = i === screen.cursor
        const description = i === 0 ? "the scenario as written" : (s.variants[name]?.description ?? "")
        body.push([p(here ? " › " : "   ", { bold: true }), p(fit(name, nameW), { inverse: here, bold: here }), p(" "), p(truncate(description.replace(/\s+/g, " "), width - nameW - 5), { dim: !here })])
      })
      body.push(blank())
      body.push([p(truncate(" The what-if starts equal to it; the results compare the two on the same customers.", width - 1), { dim: true })])
      return [titleBar(`cxsim tui · ${rel(cwd, screen.file)}`, width), ...toHeight(body, height - 2), keysBar("↑↓ choose · Enter start · Esc back · q quit", width)]
    }
    case "main":
      return mainLines(screen, run, cwd, width, height)
  }
}

const blank = (): Piece[] => []

const mainLines = (m: MainState, run: RunState, cwd: string, width: number, height: number): Lines => {
  const diffs = W.differences(m.whatIf, m.groups)
  const from = m.whatIf.baseline.variant ?? "baseline"
  const title = `${m.whatIf.baseline.title} (${path.basename(m.file)}) · from ${from} · ${diffs.length === 0 ? "no change yet" : `${diffs.length} change${diffs.length === 1 ? "" : "s"}`}`
  // Title, status, message and keys; between them the levers, the view tabs and a view.
  const fixedRows = 4
  const paneH = Math.max(10, Math.floor((height - fixedRows - 1) / 2))
  const leverH = height - fixedRows - 1 - paneH
  const lever = m.levers[m.cursor]
  // Results of an earlier what-if stay on screen, dimmed, until those of this one arrive.
  const fresh = run.of === m.whatIf.current
  const results = { report: run.report, stale: run.report !== null && run.final && (!fresh || run.phase !== "done") }

  let middle: Lines
  if (m.help) middle = helpLines(width, leverH + 1 + paneH)
  else {
    // Tables stop widening at 100 columns: beyond, columns would only drift apart.
    const tableW = Math.min(width, 100)
    const levers = leverLines({ items: m.items, cursor: m.cursor, baseline: m.whatIf.baseline, current: m.whatIf.current, typing: m.typing }, tableW, leverH)
    const tabs: Piece[] =
      m.save !== null
        ? [p(fit(" Keep the what-if as a variant", width - 1), { bold: true, inverse: true })]
        : [
            ...VIEWS.flatMap(([v, label], i): Piece[] => [p(i === 0 ? " " : " │ ", { dim: true }), p(` ${i + 1} ${label} `, { inverse: v === m.view, bold: v === m.view })]),
            p("   Tab switches", { dim: true })
          ]
    let pane: Lines
    if (m.save !== null) pane = saveLines(m.save, m, cwd, width, paneH)
    else if (m.view === "segments") pane = segmentLines(results, tableW, paneH)
    else if (m.view === "satisfaction") pane = satisfactionLines(results, tableW, paneH)
    else {
      const focus = lever === undefined || lever.group === "personas" || lever.group === "population" ? null : lever.group
      pane = funnelLines({ ...results, segment: m.funnelSegment, focus }, tableW, paneH)
    }
    middle = [...levers, tabs, ...pane]
  }

  const status = runStatus(fresh || run.phase === "error" ? run : { ...run, phase: run.phase === "done" ? "queued" : run.phase }, width)
  const problems = W.problems(m.whatIf.current)
  const second: Piece[] =
    m.message !== null
      ? [p(truncate(` ${m.message.text}`, width - 1), { color: m.message.tone === "good" ? "green" : m.message.tone === "bad" ? "red" : undefined, bold: m.message.tone !== "info" })]
      : problems.length > 0
        ? [p(truncate(` Cannot be kept as it is: ${problems[0]?.message ?? ""}`, width - 1), { color: "yellow" })]
        : diffs.length > 0
          ? [p(truncate(` What-if: ${diffs.map(W.describe).join("; ")}`, width - 1), { color: "yellow" })]
          : [p(truncate(" Move a lever with ← →: the what-if column follows.", width - 1), { dim: true })]
  const keys =
    m.save !== null
      ? m.save.confirm
        ? "y replace it · n choose another name"
        : "Tab next field · Enter keep · Esc cancel"
      : m.typing !== null
        ? "type a number · Enter set · Esc cancel"
        : "↑↓ lever  ←→ change  Enter type  u undo  r reset  s keep  ? keys  q quit"
  return [titleBar(title, width), ...toHeight(middle, height - fixedRows), status, second, keysBar(keys, width)]
}

const runStatus = (run: RunState, width: number): Piece[] => {
  const per = `${grouped(run.customers)} customers per arm`
  switch (run.phase) {
    case "waiting":
      return [p(" Starting the simulation…", { dim: true })]
    case "queued":
      return [p(" Changes noted; running when you pause…", { color: "yellow" })]
    case "running": {
      const pct = Math.round(run.progress * 100)
      const look = run.report !== null && !run.final ? ` · quick look at ${grouped(run.customers)} shown` : ""
      return [p(" Running "), p(bar(run.progress, 20), { color: "cyan" }), p(` ${String(pct).padStart(3)}%${truncate(look, width - 32)}`)]
    }
    case "done":
      return [p(" ✓ ", { color: "green", bold: true }), p(truncate(`${per}, paired · ${(run.ms / 1000).toFixed(1)} s`, width - 4))]
    case "error":
      return [p(truncate(` ✗ The simulation failed: ${run.error ?? ""}`, width - 1), { color: "red", bold: true })]
  }
}

const saveLines = (form: SaveForm, m: MainState, cwd: string, width: number, height: number): Lines => {
  const same = path.resolve(cwd, form.target.trim() === "" ? m.file : form.target.trim()) === path.resolve(cwd, m.file)
  const fieldW = width - 16
  const field = (i: 0 | 1 | 2, label: string, value: string, note: string): Piece[] => {
    const here = form.field === i && !form.confirm
    const shown = here ? `${value}▏` : value
    // Where one types, the end of a long value shows; elsewhere its start.
    const long = Array.from(shown).length > fieldW
    const text = !long ? shown : here ? `…${Array.from(shown).slice(-(fieldW - 1)).join("")}` : truncate(shown, fieldW)
    return [p(here ? " › " : "   ", { bold: true }), p(fit(label, 12), { bold: true }), p(" "), p(text, { inverse: here }), p(note === "" ? "" : `  ${note}`, { dim: true })]
  }
  const lines: Lines = [
    blank(),
    field(0, "Name", form.name, ""),
    field(1, "Description", form.description, ""),
    field(2, "File", form.target, same ? "(this scenario)" : "(a new scenario file)"),
    blank()
  ]
  if (form.busy) lines.push([p(" Checking that the variant loads, then writing…")])
  else if (form.confirm) lines.push([p(truncate(` A variant "${form.name}" exists in ${form.target}. Replace it? y/n`, width - 1), { bold: true, color: "yellow" })])
  else if (form.error !== null) for (const l of form.error.split("\n").slice(0, height - lines.length)) lines.push([p(truncate(` ${l}`, width - 1), { color: "red" })])
  else {
    const patches = W.toPatches(m.whatIf.baseline, m.whatIf.current).length + m.startPatches.length
    lines.push([p(truncate(` ${patches} patch${patches === 1 ? "" : "es"} · checked to load before writing · the file keeps its comments and layout`, width - 1), { dim: true })])
  }
  return toHeight(lines, height)
}
