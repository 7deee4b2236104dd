/**
 * summarize: accumulator → Report. The accumulator holds sums and histograms per segment; the
 * overall row is the sum of the segments. Numbers are rounded to 6 decimals so that the JSON
 * report is stable and readable.
 */
import { CES_BINS, CSAT_BINS, LTR_BINS, P, S, T } from "../engine/accumulator.js"
import { BLOCK_SIZE } from "../engine/kernel.js"
import type { RunResult } from "../engine/run.js"
import type { Driver, EmptySegment, FilledSegment, PainPoint, Rate, Report, SegmentReport } from "../report/Report.js"
import { SCHEMA_VERSION } from "../report/Report.js"
import { VERSION } from "../version.js"
import { histogramInterval, meanInterval, wilson, Z95 } from "./intervals.js"

const r6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 + 0 : 0)

const rate = (k: number, n: number): Rate => {
  const w = wilson(k, n)
  return { count: k, rate: r6(w.rate), lower: r6(w.lower), upper: r6(w.upper) }
}

/** How many pain points and drivers a segment lists. */
export const TOP = 5

/** A segment no customer belongs to: its head, and null for every figure. */
const emptySegment = (id: string, label: string): EmptySegment => ({
  id,
  label,
  n: 0,
  share: 0,
  completion: null,
  abandonment: null,
  outcomes: null,
  abandonedAt: null,
  satisfaction: null,
  csat: null,
  nps: null,
  ces: null,
  complaints: null,
  churn: null,
  churnByCsat: null,
  retention: null,
  revenue: null,
  journey: null,
  touchpoints: null,
  painPoints: null,
  drivers: null
})

const segment = (run: RunResult, a: Float64Array, base: number, id: string, label: string, populationN: number): SegmentReport => {
  const n = a[base + S.n] ?? 0
  return n > 0 ? filledSegment(run, a, base, id, label, populationN) : emptySegment(id, label)
}

/** The figures of a segment with customers (n ≥ 1). */
const filledSegment = (run: RunResult, a: Float64Array, base: number, id: string, label: string, populationN: number): FilledSegment => {
  const m = run.model
  const lay = run.layout
  const g = (i: number): number => a[base + i] ?? 0
  const n = g(S.n)
  const nn = Math.max(n, 1)
  const hist = (off: number, bins: number): number[] => Array.from({ length: bins }, (_, i) => g(off + i))
  const csatH = hist(lay.csat, CSAT_BINS)
  const ltrH = hist(lay.ltr, LTR_BINS)
  const cesH = hist(lay.ces, CES_BINS)
  const csat = histogramInterval(csatH, (i) => i + 1)
  const ces = histogramInterval(cesH, (i) => i + 1)
  const sat = meanInterval(n, g(S.satSum), g(S.satSq))
  const promoters = ltrH[9]! + ltrH[10]!
  const detractors = ltrH.slice(0, 7).reduce((x, y) => x + y, 0)
  const passives = n - promoters - detractors
  const pP = promoters / nn
  const pD = detractors / nn
  const nps = 100 * (pP - pD)
  // Per customer the NPS score is +100, 0 or −100: its variance is 100²(pP + pD) − NPS².
  const npsVar = n > 1 ? ((1e4 * (pP + pD) - nps * nps) * n) / (n - 1) : 0
  const npsHalf = n > 1 ? Z95 * Math.sqrt(Math.max(0, npsVar) / n) : 0
  const revenue = meanInterval(n, g(S.revenue), g(S.revenueSq))

  let retained = n
  const retention = Array.from({ length: m.horizon }, (_, h) => {
    const pb = lay.period + h * P.STRIDE
    const active = g(pb + P.active)
    const churned = g(pb + P.churned)
    retained -= churned
    return { period: h + 1, active, churned, retained: r6(retained / nn), satisfaction: r6(active > 0 ? g(pb + P.satSum) / active : 0) }
  })
  const churnedAll = n - retained

  const tps = m.meta.touchpoints
  const tg = (t: number, k: number): number => g(lay.tp + t * T.STRIDE + k)
  const touchpoints = tps.map((tp, t) => {
    const reach = tg(t, T.reach)
    return {
      touchpoint: tp.id,
      reach: r6(reach / nn),
      visits: r6(tg(t, T.visits) / nn),
      abandoned: r6(tg(t, T.abandonAt) / nn),
      failures: r6(tg(t, T.failures) / nn),
      experience: r6(reach > 0 ? tg(t, T.uSum) / reach : 0)
    }
  })
  const abandonedAt = tps
    .map((tp, t) => ({ touchpoint: tp.id, count: tg(t, T.abandonAt), rate: r6(tg(t, T.abandonAt) / nn) }))
    .filter((x) => x.count > 0)
    .sort((x, y) => y.count - x.count || (x.touchpoint < y.touchpoint ? -1 : 1))

  const painPoints: PainPoint[] = tps
    .map((tp, t) => {
      const reach = tg(t, T.reach)
      const neg = -tg(t, T.negSum)
      return { touchpoint: tp.id, reach: r6(reach / nn), severity: r6(reach > 0 ? neg / reach : 0), score: r6(neg / nn) }
    })
    .filter((x) => x.score > 0.0005)
    .sort((x, y) => y.score - x.score || (x.touchpoint < y.touchpoint ? -1 : 1))
    .slice(0, TOP)

  const drivers: Driver[] = tps
    .map((tp, t) => {
      const k = tg(t, T.reach)
      const su = tg(t, T.uSum)
      const ss = tg(t, T.sSum)
      const cov = k * tg(t, T.uS) - su * ss
      const vu = k * tg(t, T.uSq) - su * su
      const vs = k * tg(t, T.sSq) - ss * ss
      const corr = k > 2 && vu > 1e-12 && vs > 1e-12 ? cov / Math.sqrt(vu * vs) : 0
      const sdS = k > 1 ? Math.sqrt(Math.max(0, vs) / (k * (k - 1))) : 0
      return { touchpoint: tp.id, reach: r6(k / nn), correlation: r6(corr), impact: r6(corr * sdS) }
    })
    .filter((x) => x.reach > 0 && Math.abs(x.impact) > 0.0005)
    .sort((x, y) => Math.abs(y.impact) * y.reach - Math.abs(x.impact) * x.reach || (x.touchpoint < y.touchpoint ? -1 : 1))
    .slice(0, TOP)

  const outcomes: Record<string, number> = {}
  m.meta.outcomes.forEach((o, i) => {
    outcomes[o.id] = r6(g(lay.outcome + i) / nn)
  })
  const share = populationN > 0 ? n / populationN : 0
  return {
    id,
    label,
    n,
    share: r6(share),
    completion: rate(g(S.completed), n),
    abandonment: rate(g(S.abandoned), n),
    outcomes,
    abandonedAt,
    satisfaction: { mean: r6(sat.mean), lower: r6(sat.lower), upper: r6(sat.upper), sd: r6(sat.sd) },
    csat: {
      mean: r6(csat.mean),
      lower: r6(csat.lower),
      upper: r6(csat.upper),
      distribution: csatH.map((c) => r6(c / nn)),
      topTwoBox: r6((csatH[3]! + csatH[4]!) / nn)
    },
    nps: {
      mean: r6(nps),
      lower: r6(nps - npsHalf),
      upper: r6(nps + npsHalf),
      promoters: r6(pP),
      passives: r6(passives / nn),
      detractors: r6(pD),
      distribution: ltrH.map((c) => r6(c / nn))
    },
    ces: { mean: r6(ces.mean), lower: r6(ces.lower), upper: r6(ces.upper), distribution: cesH.map((c) => r6(c / nn)) },
    complaints: rate(g(S.complaints), n),
    churn: rate(churnedAll, n),
    churnByCsat: csatH.map((k, i) => {
      const churned = g(lay.csatChurn + i)
      return { csat: i + 1, n: k, churned, rate: r6(churned / Math.max(k, 1)) }
    }),
    retention,
    revenue: {
      total: r6(g(S.revenue)),
      perCustomer: { mean: r6(revenue.mean), lower: r6(revenue.lower), upper: r6(revenue.upper) },
      cost: r6(g(S.cost)),
      costPerCustomer: r6(g(S.cost) / nn),
      marginPerCustomer: r6((g(S.revenue) - g(S.cost)) / nn)
    },
    journey: {
      steps: r6(g(S.steps) / nn),
      effort: r6(g(S.effortSum) / nn),
      failures: r6(g(S.failures) / nn),
      recovered: r6(g(S.recovered) / nn),
      lost: r6(g(S.lost) / nn)
    },
    touchpoints,
    painPoints,
    drivers
  }
}

export interface ReportContext {
  readonly scenario: { readonly name: string; readonly title: string; readonly hash: string }
  readonly variant: string | null
  readonly currency: string
}

export const summarize = (run: RunResult, ctx: ReportContext): Report => {
  const m = run.model
  const lay = run.layout
  const overallAcc = new Float64Array(lay.stride)
  for (let p = 0; p < m.nPersonas; p++) for (let i = 0; i < lay.stride; i++) overallAcc[i] += run.acc[p * lay.stride + i] ?? 0
  const total = overallAcc[S.n] ?? 0
  const segments = m.meta.personas.map((p, i) => segment(run, run.acc, i * lay.stride, p.id, p.label, total))
  return {
    schemaVersion: SCHEMA_VERSION,
    engine: { name: "cxsim", version: VERSION },
    scenario: ctx.scenario,
    variant: ctx.variant,
    seed: m.seed,
    population: m.population,
    horizon: m.horizon,
    currency: ctx.currency,
    blockSize: BLOCK_SIZE,
    method: {
      confidence: 0.95,
      means: "normal approximation: mean ± 1.96·s/√n",
      proportions: "Wilson score interval",
      nps: "per-customer score +100/0/−100: mean ± 1.96·s/√n",
      survey: "CSAT, likelihood to recommend and effort are surveyed after each customer's first journey; churn, retention and revenue run over the horizon"
    },
    dimensions: m.meta.dimensions,
    touchpoints: m.meta.touchpoints,
    outcomes: m.meta.outcomes,
    segments,
    // The population is at least 1 (Scenario.ts), so the overall segment always has customers.
    overall: filledSegment(run, overallAcc, 0, "overall", "All customers", total)
  }
}
