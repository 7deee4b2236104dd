/** Command-line parsing on node's own parser, with our usage errors and "did you mean". */
import { parseArgs, type ParseArgsConfig } from "node:util"
import { UsageError } from "../load/errors.js"
import { suggest } from "../load/Issue.js"

type Options = NonNullable<ParseArgsConfig["options"]>

export interface Parsed {
  readonly values: Readonly<Record<string, string | boolean | undefined>>
  readonly positionals: ReadonlyArray<string>
}

/** A string option's value (undefined when absent). */
export const str = (p: Parsed, name: string): string | undefined => {
  const v = p.values[name]
  return typeof v === "string" ? v : undefined
}

/** A boolean flag. */
export const flag = (p: Parsed, name: string): boolean => p.values[name] === true

export const parse = (command: string, args: ReadonlyArray<string>, options: Options): Parsed => {
  try {
    const r = parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
    return { values: r.values as Parsed["values"], positionals: r.positionals }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg)
    if (unknown !== null) {
      // Options are named as they are typed (--junit), in a "did you mean" and in the list alike.
      const name = (unknown[1] ?? "").replace(/^-+/, "")
      const hint = suggest(`--${name}`, Object.keys(options).map((o) => `--${o}`))
      throw new UsageError({
        message: `cxsim ${command}: unknown option ${unknown[1]}`,
        hint: hint ?? `see cxsim ${command} --help`
      })
    }
    const missing = /Option '(.*?)' argument missing/.exec(msg)
    if (missing !== null) throw new UsageError({ message: `cxsim ${command}: ${(missing[1] ?? "").replace(/ <value>$/, "")} needs a value`, hint: `see cxsim ${command} --help` })
    // node's parser reads "--seed -5" as an option without its value.
    const ambiguous = /Option '(-[^']*)' argument is ambiguous/.exec(msg)
    if (ambiguous !== null) {
      const name = (ambiguous[1] ?? "").split(",").pop()?.trim() ?? ""
      throw new UsageError({ message: `cxsim ${command}: ${name} needs a value`, hint: `a value that starts with "-" is written ${name}=-…` })
    }
    throw new UsageError({ message: `cxsim ${command}: ${msg.split("\n")[0]}`, hint: `see cxsim ${command} --help` })
  }
}

export const intOption = (command: string, name: string, raw: string | undefined, min: number, max: number): number | undefined => {
  if (raw === undefined) return undefined
  const clean = raw.replace(/_/g, "")
  const n = /^\d+(e\d+)?$/i.test(clean) ? Number(clean) : NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError({ message: `cxsim ${command}: --${name} must be a whole number from ${min} to ${max}, got "${raw}"` })
  }
  return n
}

/**
 * --workers N, capped at the cores of the machine: a worker thread per core already keeps every
 * core busy, and each further one only adds its memory (a compiled model, its own heap) and
 * switching. A larger N is lowered with a warning on stderr, not refused: the result does not
 * depend on the number of workers, so a script written for a larger machine still runs.
 */
export const workersOption = (command: string, raw: string | undefined, cores: number, warn: (text: string) => void): number | undefined => {
  const n = intOption(command, "workers", raw, 1, 256)
  if (n === undefined || n <= cores) return n
  warn(`cxsim ${command}: --workers ${n} is more than the ${cores} core${cores === 1 ? "" : "s"} of this machine; using ${cores}\n`)
  return cores
}
