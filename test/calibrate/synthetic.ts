/**
 * Surveys simulated from known parameters, for calibration tests and the bench: the records of
 * a scenario with values set (its own seed, unlike the fit's) become respondents' answers, each
 * replaced by a uniformly random answer with probability `noise` (answer noise).
 */
import { Effect } from "effect"
import { csatCategory } from "../../src/engine/calibrationJob.js"
import { recordColumns } from "../../src/engine/recordsJob.js"
import { prepare, runRecordsEffect } from "../../src/engine/run.js"
import { loadScenario, type SetValue } from "../../src/load/loadScenario.js"
import { keyOf, seededUniform } from "../../src/design/seededUniform.js"
import type { SurveyData, SurveyOutcome } from "../../src/survey/SurveyData.js"

export interface SyntheticOptions {
  readonly set?: ReadonlyArray<SetValue>
  readonly seed: number
  readonly respondents: number
  /** Probability that an answer is replaced by a uniformly random one. @default 0 */
  readonly noise?: number
  /** CSAT scale. @default 5 */
  readonly csat?: number
  /** Churn period (1-based). @default 2 */
  readonly period?: number
}

const outcome = (kind: SurveyOutcome["kind"], categories: number, labels: string[], n: number, period?: number): SurveyOutcome => ({
  kind,
  column: kind,
  categories,
  labels,
  period,
  answer: new Int16Array(n),
  value: null
})

export const syntheticSurvey = (scenarioFile: string, o: SyntheticOptions): Effect.Effect<SurveyData, unknown> =>
  Effect.gen(function* () {
    const s = yield* loadScenario(scenarioFile, { set: o.set })
    const m = prepare(s, { customers: o.respondents, seed: o.seed })
    const cols = recordColumns(m.meta, "customer").map((c) => c.name)
    const at = (name: string) => cols.indexOf(name)
    const n = o.respondents
    const k = o.csat ?? 5
    const period = o.period ?? 2
    const csat = outcome("csat", k, Array.from({ length: k }, (_, i) => String(i + 1)), n)
    const ltr = outcome("ltr", 11, Array.from({ length: 11 }, (_, i) => String(i)), n)
    const churn = outcome("churn", 2, ["no", "yes"], n, period)
    const segment = new Int32Array(n)
    const u = seededUniform(o.seed, keyOf("answer-noise"))
    const noise = o.noise ?? 0
    const noisy = (a: number, K: number): number => (u() < noise ? Math.min(K - 1, Math.floor(u() * K)) : a)
    let r = 0
    yield* runRecordsEffect(m, "customer", {
      workers: 1,
      onRecords: (b) => {
        for (let i = 0; i < b.rows; i++, r++) {
          const data = b.data as Float64Array // numbers, not text: no `text` option asked for
          const row = (name: string) => data[i * b.columns + at(name)] as number
          segment[r] = row("persona")
          csat.answer[r] = noisy(csatCategory(row("satisfaction"), k), k)
          ltr.answer[r] = noisy(row("ltr"), 11)
          const h = row("churn_period")
          churn.answer[r] = noisy(h >= 0 && h < period ? 1 : 0, 2)
        }
      }
    })
    return {
      file: `synthetic-${o.seed}.csv`,
      hash: `synthetic-${o.seed}-${n}`,
      rows: n,
      dropped: [],
      segments: s.personas.map((p) => p.id),
      segment,
      weight: new Float64Array(n).fill(1),
      outcomes: [csat, ltr, churn],
      measured: [],
      where: null,
      whereText: null
    }
  })
