/** cxsim init DIR: a starter scenario and personas that run. */
import * as Effect from "effect/Effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { FileError, UsageError } from "../../load/errors.js"
import { describeFsError } from "../../load/YamlFile.js"
import { flag, parse } from "../args.js"
import { initHelp } from "../help.js"
import type { Io } from "../Io.js"
import { starterPersonas, starterScenario } from "../templates.js"

/** The package's schema/ folder (beside src/ and dist/). */
const schemaDir = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "schema")

export const initCommand = (args: ReadonlyArray<string>, io: Io) =>
  Effect.gen(function* () {
    const parsed = parse("init", args, { help: { type: "boolean", short: "h" } })
    const positionals = parsed.positionals
    if (flag(parsed, "help")) {
      io.out(initHelp)
      return
    }
    if (positionals.length !== 1) {
      return yield* Effect.fail(new UsageError({ message: "cxsim init: give one directory to create the starter project in", hint: "cxsim init my-journeys" }))
    }
    const dir = path.resolve(io.cwd, positionals[0] as string)
    const files: Array<[string, string]> = [
      [path.join(dir, "scenarios", "starter.yaml"), starterScenario],
      ...Object.entries(starterPersonas).map(([id, text]): [string, string] => [path.join(dir, "personas", `${id}.yaml`), text])
    ]
    for (const name of ["scenario.schema.json", "persona.schema.json"]) {
      const text = yield* Effect.tryPromise({
        try: () => fs.readFile(path.join(schemaDir(), name), "utf8"),
        catch: (e) => new FileError({ file: path.join(schemaDir(), name), message: describeFsError(e) })
      })
      files.push([path.join(dir, "schema", name), text])
    }
    const existing: string[] = []
    for (const [f] of files) {
      const exists = yield* Effect.promise(() => fs.access(f).then(() => true, () => false))
      if (exists) existing.push(path.relative(io.cwd, f))
    }
    if (existing.length > 0) {
      return yield* Effect.fail(new UsageError({ message: `cxsim init: ${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written`, hint: "choose a new directory" }))
    }
    for (const [f, text] of files) {
      yield* Effect.tryPromise({
        try: async () => {
          await fs.mkdir(path.dirname(f), { recursive: true })
          await fs.writeFile(f, text, { flag: "wx" })
        },
        catch: (e) => new FileError({ file: f, message: `cannot write: ${describeFsError(e)}` })
      })
    }
    const rel = path.relative(io.cwd, dir) || "."
    io.out(`Wrote a starter project in ${rel}:\n${files.map(([f]) => `  ${path.relative(io.cwd, f)}\n`).join("")}\nRun it:  cxsim run ${path.join(rel, "scenarios", "starter.yaml")}\n`)
  })
