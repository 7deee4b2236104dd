/** A small scenario, mapping and survey files in a temp folder, and reading them as the CLI would. */
import { Effect, Either } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { formatIssue } from "../../src/load/Issue.js"
import { loadScenario } from "../../src/load/loadScenario.js"
import type { ResolvedScenario } from "../../src/model/Resolved.js"
import { loadSurveyMap, readSurvey } from "../../src/survey/readSurvey.js"
import type { SurveyData } from "../../src/survey/SurveyData.js"
import { scenarioText, writeProject } from "../load/files.js"

/** The scenario "shop": personas regular and newcomer, dimension wait (at enter and pay), horizon 4. */
export const shop = async (): Promise<{ readonly dir: string; readonly scenario: ResolvedScenario }> => {
  const file = writeProject(scenarioText)
  return { dir: path.dirname(path.dirname(file)), scenario: await Effect.runPromise(loadScenario(file)) }
}

export type Shop = Awaited<ReturnType<typeof shop>>

export const baseMap = `segment:
  columns: [kind]
  personas:
    - { when: { kind: regular }, persona: regular }
    - { when: { kind: [new, newcomer] }, persona: newcomer }
outcomes:
  - { column: sat, kind: csat, scale: 5 }
  - { column: nps, kind: ltr }
  - { column: spend, kind: spend }
measured:
  - { column: wait_min, dimension: wait, touchpoint: enter }
weight: w
`

export const baseCsv = `id,kind,sat,nps,spend,wait_min,w
1,regular,4,9,12.5,3,1
2,newcomer,2,3,8,7.25,2
3,new,5,10,0,1,0.5
`

export type Read = Either.Either<SurveyData, string[]>

let n = 0

/**
 * Write the mapping and the survey (text or bytes) and read them; problems come back formatted,
 * the temp folder shown as <dir>.
 */
export const readWith = async (ctx: Shop, map: string, survey: string | Uint8Array, options: { readonly ext?: string; readonly where?: string } = {}): Promise<Read> => {
  const k = n++
  const mapFile = path.join(ctx.dir, `map-${k}.yaml`)
  const surveyFile = path.join(ctx.dir, `survey-${k}.${options.ext ?? "csv"}`)
  fs.writeFileSync(mapFile, map)
  fs.writeFileSync(surveyFile, survey)
  const r = await Effect.runPromise(
    Effect.either(
      Effect.gen(function* () {
        const m = yield* loadSurveyMap(mapFile)
        return yield* readSurvey(surveyFile, m, ctx.scenario, { where: options.where })
      })
    )
  )
  return Either.mapLeft(r, (e) => {
    // Shown without the temp folder and the file's number, so that adding a test changes no other.
    const shown = (s: string): string => s.split(ctx.dir).join("<dir>").replace(/survey-\d+\./g, "survey.")
    if (e._tag === "FileError") return [shown(`${e.file}: ${e.message}`)]
    return e.issues.map((i) => shown(formatIssue(i)))
  })
}

export const ok = (r: Read): SurveyData => {
  if (Either.isLeft(r)) throw new Error(`expected a survey, got:\n${r.left.join("\n")}`)
  return r.right
}

export const problems = (r: Read): string => {
  if (Either.isRight(r)) throw new Error("expected problems, the survey was read")
  return r.left.join("\n")
}

/** Per respondent: segment id, then each outcome's answer (spend: its amount), measured levels, weight. */
export const table = (d: SurveyData): Array<Array<string | number>> =>
  Array.from({ length: d.rows }, (_, i) => [
    d.segments[d.segment[i] as number] as string,
    ...d.outcomes.map((o) => (o.value !== null ? (o.value[i] as number) : (o.answer[i] as number))),
    ...d.measured.map((m) => m.values[i] as number),
    d.weight[i] as number
  ])

/** Cut `text` at the given fractions (any place, a CRLF or a doubled quote included): chunks for a reader. */
export const cut = (text: string, at: ReadonlyArray<number>): string[] => {
  const points = [...new Set(at.map((f) => Math.floor(f * (text.length + 1))))].sort((a, b) => a - b)
  const out: string[] = []
  let from = 0
  for (const p of points) {
    out.push(text.slice(from, p))
    from = p
  }
  out.push(text.slice(from))
  return out
}
