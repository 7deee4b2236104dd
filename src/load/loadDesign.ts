/**
 * Loading a design file (sweeps and sensitivity analyses): read, decode strictly, and check what
 * the schema cannot say — ranges the right way round, a distribution that fits its range, unique
 * names, the CSV of explicit points — every problem with its file, line and field.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as path from "node:path"
import { csvPoints } from "../design/csvPoints.js"
import { SOBOL_MAX_DIMENSIONS } from "../design/sobolSequence.js"
import { Design, type SensitivityMethod } from "../model/Design.js"
import { decodeWith } from "./decode.js"
import { decodeText } from "./decodeText.js"
import { FileError, InvalidInput } from "./errors.js"
import type { Issue } from "./Issue.js"
import { readBoundedBytes } from "./readBounded.js"
import { describeFsError, issueAt, MAX_FILE_BYTES, readYaml, type YamlFile } from "./YamlFile.js"

const decodeDesign = decodeWith(Design, "design")

export interface LoadedDesign {
  readonly file: string
  readonly design: Design
  /** Column names of the parameters (their `name`, else their path). */
  readonly names: ReadonlyArray<string>
  /** The explicit points of a csv design, in the parameters' order. */
  readonly csv?: ReadonlyArray<ReadonlyArray<number>> | undefined
  /** The parsed file, to locate later problems (a path the scenario does not have). */
  readonly yaml: YamlFile
}

/** What the design is loaded for: a sweep reads `design:`, a sensitivity analysis needs ranges. */
export type DesignPurpose = { readonly sweep: true } | { readonly method: SensitivityMethod }

const checkParameters = (f: YamlFile, d: Design, purpose: DesignPurpose): Issue[] => {
  const issues: Issue[] = []
  const needRange = !("sweep" in purpose) || (d.design?.kind ?? "grid") !== "csv"
  const seen = new Map<string, number>()
  d.parameters.forEach((p, i) => {
    const at = (field: string, message: string, hint?: string): void => {
      issues.push(issueAt(f, ["parameters", i, field], message, hint))
    }
    const name = p.name ?? p.path
    if (/[",\n\r]/.test(name)) at(p.name === undefined ? "path" : "name", `"${name}" cannot be a column name: it contains a comma, a quote or a line break`)
    const before = seen.get(name)
    if (before !== undefined) at(p.name === undefined ? "path" : "name", `the parameter "${name}" is already declared (parameters[${before}])`, "each parameter appears once; give a distinct name: to tell two apart")
    seen.set(name, i)
    const hasRange = p.low !== undefined || p.high !== undefined
    if (p.values !== undefined && hasRange) at("values", "give either values or low and high, not both")
    else if (p.values === undefined) {
      if (hasRange && (p.low === undefined || p.high === undefined)) at(p.low === undefined ? "high" : "low", `"${p.low === undefined ? "low" : "high"}" is missing`, "a range needs both low and high")
      else if (!hasRange && needRange) at("path", "the parameter has no range", "give low and high, or a list of values")
      else if (p.low !== undefined && p.high !== undefined && !(p.low < p.high)) at("high", `high (${p.high}) must be above low (${p.low})`)
    }
    if (p.values !== undefined && p.distribution !== undefined) at("distribution", "a distribution applies to a low–high range, not to a list of values")
    if (p.distribution === "log-uniform" && p.low !== undefined && !(p.low > 0)) at("low", `a log-uniform range needs low > 0, got ${p.low}`)
    if (p.mode !== undefined) {
      if (p.distribution !== "triangular") at("mode", "mode applies to a triangular distribution only", "add distribution: triangular")
      else if (p.low !== undefined && p.high !== undefined && !(p.low <= p.mode && p.mode <= p.high)) at("mode", `mode (${p.mode}) must lie between low (${p.low}) and high (${p.high})`)
    }
  })
  return issues
}

const checkSettings = (f: YamlFile, d: Design, purpose: DesignPurpose): Issue[] => {
  const issues: Issue[] = []
  const k = d.parameters.length
  if ("sweep" in purpose) {
    const kind = d.design?.kind ?? "grid"
    if (kind === "csv" && d.design?.file === undefined) issues.push(issueAt(f, ["design", "kind"], "a csv design needs the file of its points", "add file: points.csv (relative to this design file)"))
    if (kind !== "csv" && d.design?.file !== undefined) issues.push(issueAt(f, ["design", "file"], `file is for csv designs, this one is ${kind}`))
    if (kind === "sobol" && k > SOBOL_MAX_DIMENSIONS) issues.push(issueAt(f, ["parameters"], `a sobol design takes at most ${SOBOL_MAX_DIMENSIONS} parameters, got ${k}`, "use latin-hypercube"))
  } else if (purpose.method === "sobol" && 2 * k > SOBOL_MAX_DIMENSIONS) {
    issues.push(issueAt(f, ["parameters"], `Sobol indices take at most ${Math.floor(SOBOL_MAX_DIMENSIONS / 2)} parameters, got ${k}`, "screen them first with --method morris"))
  } else if (purpose.method === "morris" && (d.sensitivity?.levels ?? 4) % 2 !== 0) {
    issues.push(issueAt(f, ["sensitivity", "levels"], `Morris levels must be even, got ${d.sensitivity?.levels}`, "4 is usual"))
  }
  return issues
}

const readCsv = (f: YamlFile, d: Design, names: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<ReadonlyArray<number>>, InvalidInput> =>
  Effect.gen(function* () {
    const csvFile = path.resolve(path.dirname(f.file), d.design?.file as string)
    const shown = path.join(path.dirname(f.file), d.design?.file as string)
    const bytes = yield* Effect.either(Effect.tryPromise(() => readBoundedBytes(csvFile, MAX_FILE_BYTES)))
    if (Either.isLeft(bytes)) {
      const e = bytes.left.error
      const why = e instanceof FileError ? e.message : describeFsError(e)
      return yield* Effect.fail(new InvalidInput({ issues: [issueAt(f, ["design", "file"], `cannot read the points file ${shown}: ${why}`)] }))
    }
    const text = decodeText(shown, bytes.right)
    if ("issue" in text) return yield* Effect.fail(new InvalidInput({ issues: [text.issue] }))
    const r = csvPoints(text.text, names)
    if (r.problems.length > 0) return yield* Effect.fail(new InvalidInput({ issues: r.problems.map((p) => ({ file: shown, line: p.line, column: p.column, path: "", message: p.message, hint: p.hint })) }))
    return r.points
  })

/**
 * Read and check a design file.
 *
 * @example
 * const d = yield* loadDesign("designs/kitchen.yaml", { sweep: true })
 */
export const loadDesign = (file: string, purpose: DesignPurpose): Effect.Effect<LoadedDesign, InvalidInput | FileError> =>
  Effect.gen(function* () {
    const f = yield* readYaml(file)
    const decoded = decodeDesign(f)
    if (Either.isLeft(decoded)) return yield* Effect.fail(decoded.left)
    const design = decoded.right
    const issues = [...checkParameters(f, design, purpose), ...checkSettings(f, design, purpose)]
    if (issues.length > 0) return yield* Effect.fail(new InvalidInput({ issues }))
    const names = design.parameters.map((p) => p.name ?? p.path)
    const csv = "sweep" in purpose && design.design?.kind === "csv" ? yield* readCsv(f, design, names) : undefined
    return { file, design, names, csv, yaml: f }
  })
