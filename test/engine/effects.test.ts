/**
 * The eleven behavioural effects the default model must reproduce (docs/model.md, "The eleven
 * effects and where they are"), one describe per effect. Each test compares runs of
 * a small journey at the same seed that differ in one thing only, and asserts the direction and
 * the rough size of the change, with thresholds well away from the measured figures.
 *
 * Conventions of the fixtures: touchpoints cannot be abandoned (abandonment has its own penalty
 * and would blur the effect under test) and personas never leave the intended path. On the
 * `quality` dimension (scale 1) a zone of zero width — adequate = expected = desired = 5 — makes
 * the experience value of a visit exactly v(delivered − 5): with the defaults, +1 → +1,
 * −1 → −2.25, −2 → −2.25·2^0.88. The satisfaction of a journey that exactly meets expectations
 * ("neutral") is about 6.9 of 10.
 */
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { FilledSegment, Report } from "../../src/report/Report.js"
import { filled } from "../report/fixture.js"
import { simulate } from "../../src/api.js"
import { removeFixtures, run as runFixture, type YamlObject } from "../support/fixture.js"

afterAll(removeFixtures)

/**
 * The report of a scenario and its personas, simulated once for the file: several effects read
 * the same fixture (one touchpoint delivering 5, 4 or 6 against an expectation of exactly 5, …),
 * and none changes the report it reads.
 */
const reports = new Map<string, Promise<Report>>()
const run = (scenario: YamlObject, personas: Readonly<Record<string, YamlObject>>): Promise<Report> => {
  const key = JSON.stringify([scenario, personas])
  const known = reports.get(key)
  if (known !== undefined) return known
  const r = runFixture(scenario, personas)
  reports.set(key, r)
  return r
}

const SEED = 11
const CUSTOMERS = 20_000

const dimensions = {
  quality: { unit: "points", better: "higher", scale: 1 },
  wait: { unit: "min", better: "lower", scale: 5, min: 0 }
}

const scenario = (
  touchpoints: Record<string, YamlObject>,
  o: { readonly shares?: Record<string, number>; readonly horizon?: number } = {}
): YamlObject => ({
  name: "effect",
  seed: SEED,
  population: CUSTOMERS,
  horizon: o.horizon ?? 4,
  dimensions,
  personas: Object.fromEntries(Object.entries(o.shares ?? { p: 1 }).map(([id, share]) => [id, { share }])),
  journey: { start: Object.keys(touchpoints)[0], touchpoints }
})

/** A touchpoint that delivers `service`, then goes to `next`. */
const step = (service: YamlObject, next: YamlObject = { done: 1 }, extra: YamlObject = {}): YamlObject => ({
  service,
  next,
  abandonable: false,
  ...extra
})

/** A recovery touchpoint: no next steps of its own, the journey resumes after the failure. */
const recovery = (service: YamlObject, extra: YamlObject = {}): YamlObject => ({ service, abandonable: false, ...extra })

const persona = (expectations: YamlObject, extra: YamlObject = {}): YamlObject => ({ expectations, deviation: 0, ...extra })

/** Expects exactly 5 on `quality`: no zone of tolerance, so the value function shows unblurred. */
const exactly5 = { quality: { adequate: 5, expected: 5, desired: 5 } }

const single = (expectations: YamlObject, extra: YamlObject = {}): Record<string, YamlObject> => ({ p: persona(expectations, extra) })

/** One touchpoint delivering `quality`, expected at exactly 5. */
const oneStep = (quality: number, extra: YamlObject = {}, personaExtra: YamlObject = {}, horizon = 4): Promise<Report> =>
  run(scenario({ serve: step({ quality }, { done: 1 }, extra) }, { horizon }), single(exactly5, personaExtra))

const sat = (r: Report): number => r.overall.satisfaction.mean
const experience = (r: Report, touchpoint = 0): number => r.overall.touchpoints[touchpoint]!.experience
const lastPeriod = (s: FilledSegment): number => s.retention[s.retention.length - 1]!.satisfaction

describe("1. expectation–disconfirmation (Oliver 1980; Anderson & Sullivan 1993)", () => {
  it("the same delivered service satisfies less when more was expected", async () => {
    const serve = scenario({ serve: step({ wait: 15 }) })
    const [modest, demanding] = await Promise.all([
      run(serve, single({ wait: { adequate: 25, expected: 18, desired: 12 } })),
      run(serve, single({ wait: { adequate: 12, expected: 8, desired: 5 } }))
    ])
    // Measured: satisfaction 7.09 vs 4.74, CSAT 4.05 vs 2.87, NPS +5 vs −71.
    expect(sat(modest) - sat(demanding)).toBeGreaterThan(1.5)
    expect(modest.overall.csat.mean - demanding.overall.csat.mean).toBeGreaterThan(0.6)
    expect(modest.overall.nps.mean - demanding.overall.nps.mean).toBeGreaterThan(40)
    expect(demanding.overall.complaints.rate).toBeGreaterThan(modest.overall.complaints.rate)
  })
})

describe("2. zone of tolerance (Zeithaml, Berry & Parasuraman 1993)", () => {
  // Waiting: adequate 20 min, expected 15, desired 10; the scale is 5 min.
  const zone = single({ wait: { adequate: 20, expected: 15, desired: 10 } })
  const at = (wait: number): Promise<Report> => run(scenario({ serve: step({ wait }) }), zone)

  it("4 more minutes inside the zone cost far less than 4 more minutes below adequate", async () => {
    const [w15, w19, w21, w25] = await Promise.all([at(15), at(19), at(21), at(25)])
    const inside = sat(w15) - sat(w19)
    const below = sat(w21) - sat(w25)
    // Measured: inside 6.88 → 6.20 (−0.67); below 5.55 → 3.72 (−1.83); ratio 0.37.
    expect(inside).toBeGreaterThan(0)
    expect(below).toBeGreaterThan(1.5)
    expect(inside / below).toBeLessThan(0.5)
  })

  it("above desired, 4 minutes less delight far more than inside the zone", async () => {
    const [w14, w10, w6] = await Promise.all([at(14), at(10), at(6)])
    const inside = sat(w10) - sat(w14)
    const above = sat(w6) - sat(w10)
    // Measured: inside 6.96 → 7.21 (+0.25); above 7.21 → 7.86 (+0.64). Experience +0.26 vs +0.74.
    expect(inside).toBeGreaterThan(0)
    expect(above / inside).toBeGreaterThan(1.5)
    expect((experience(w6) - experience(w10)) / (experience(w10) - experience(w14))).toBeGreaterThan(2)
  })
})

describe("3. loss aversion and diminishing sensitivity (Tversky & Kahneman 1992; Mittal, Ross & Baldasare 1998)", () => {
  it("falling short by one step hurts about twice as much as exceeding by one step helps", async () => {
    const [short, met, over] = await Promise.all([oneStep(4), oneStep(5), oneStep(6)])
    // Experience value: −2.25 vs +1.00 (λ = 2.25).
    const expRatio = (experience(met) - experience(short)) / (experience(over) - experience(met))
    expect(expRatio).toBeGreaterThan(2)
    expect(expRatio).toBeLessThan(2.5)
    // Satisfaction: 6.88 → 4.37 (−2.51) against 6.88 → 7.79 (+0.91): a ratio of 2.8.
    const loss = sat(met) - sat(short)
    const gain = sat(over) - sat(met)
    expect(gain).toBeGreaterThan(0)
    expect(loss / gain).toBeGreaterThan(1.5)
  })

  it("the second step of shortfall hurts less than the first (α < 1)", async () => {
    const [met, short1, short2] = await Promise.all([oneStep(5), oneStep(4), oneStep(3)])
    const first = experience(met) - experience(short1)
    const second = experience(short1) - experience(short2)
    // Experience value: 0 → −2.25 → −4.14: steps of 2.25 then 1.89 (2^0.88 − 1 = 0.84).
    expect(second).toBeGreaterThan(0)
    expect(second / first).toBeLessThan(0.95)
    expect(second / first).toBeGreaterThan(0.7)
  })
})

describe("4. Kano classes (Kano et al. 1984)", () => {
  // Two dimensions: quality (the class under test) and waiting, delivered exactly as expected.
  const kano = (cls: string, quality: number): Promise<Report> =>
    run(
      scenario({ serve: step({ quality, wait: 10 }) }),
      single({ ...exactly5, wait: { adequate: 15, expected: 10, desired: 5 } }, { kano: { quality: cls } })
    )
  const effects = async (cls: string): Promise<{ gain: number; loss: number }> => {
    const [missed, met, exceeded] = await Promise.all([kano(cls, 4), kano(cls, 5), kano(cls, 6)])
    return { gain: sat(exceeded) - sat(met), loss: sat(met) - sat(missed) }
  }

  it("must-be: exceeded adds next to nothing, missed hurts", async () => {
    const [mustBe, oneDim] = await Promise.all([effects("must-be"), effects("one-dimensional")])
    // Measured: must-be +0.10 / −2.51; one-dimensional +0.91 / −2.51.
    expect(mustBe.gain).toBeGreaterThanOrEqual(0)
    expect(mustBe.gain).toBeLessThan(0.15)
    expect(mustBe.gain).toBeLessThan(0.2 * oneDim.gain)
    expect(mustBe.loss).toBeGreaterThan(2)
  })

  it("attractive: exceeded delights, missed barely hurts", async () => {
    const [attractive, mustBe] = await Promise.all([effects("attractive"), effects("must-be")])
    // Measured: attractive +0.91 / −0.23; must-be −2.51 when missed.
    expect(attractive.gain).toBeGreaterThan(0.5)
    expect(attractive.loss).toBeGreaterThan(0)
    expect(attractive.loss).toBeLessThan(0.15 * mustBe.loss)
    expect(attractive.gain).toBeGreaterThan(5 * mustBe.gain)
  })
})

describe("5. peak–end rule and duration neglect (Kahneman et al. 1993; Redelmeier & Kahneman 1996)", () => {
  it("adding a milder, still unpleasant, final step makes the journey remembered as less bad", async () => {
    const [short, long] = await Promise.all([
      run(scenario({ cold: step({ quality: 2 }) }), single(exactly5)),
      run(scenario({ cold: step({ quality: 2 }, { milder: 1 }), milder: step({ quality: 4 }) }), single(exactly5))
    ])
    // Both steps are below expectations: experience −5.92, then −2.25.
    expect(long.overall.touchpoints[1]!.experience).toBeLessThan(0)
    // Measured: satisfaction 1.21 vs 2.14, churn over four periods 99.7% vs 98.4%.
    expect(sat(long) - sat(short)).toBeGreaterThan(0.5)
    expect(long.overall.csat.mean).toBeGreaterThan(short.overall.csat.mean)
    expect(long.overall.churn.rate).toBeLessThan(short.overall.churn.rate)
  })

  it("the length of a journey alone does not change how it is remembered", async () => {
    const [one, three] = await Promise.all([
      run(scenario({ a: step({ quality: 4 }) }), single(exactly5)),
      run(scenario({ a: step({ quality: 4 }, { b: 1 }), b: step({ quality: 4 }, { c: 1 }), c: step({ quality: 4 }) }), single(exactly5))
    ])
    // Measured: 4.369 for both.
    expect(Math.abs(sat(one) - sat(three))).toBeLessThan(0.01)
    expect(Math.abs(one.overall.churn.rate - three.overall.churn.rate)).toBeLessThan(0.005)
  })
})

describe("6. customer effort (Dixon, Freeman & Toman 2010)", () => {
  it("more effort lowers the CES score and satisfaction, and raises churn", async () => {
    const [easy, hard] = await Promise.all([oneStep(5, { effort: 0 }), oneStep(5, { effort: 3 })])
    // Measured: CES 1.0 vs 4.0 (1–7, higher is more effort), satisfaction 6.88 vs 5.58, churn 35.9% vs 95.1%.
    expect(hard.overall.ces.mean - easy.overall.ces.mean).toBeGreaterThan(2)
    expect(sat(easy) - sat(hard)).toBeGreaterThan(1)
    expect(hard.overall.churn.rate - easy.overall.churn.rate).toBeGreaterThan(0.15)
  })

  it("exceeding expectations adds little loyalty next to what effort takes away", async () => {
    const [met, exceeded, hard] = await Promise.all([oneStep(5), oneStep(6), oneStep(5, { effort: 3 })])
    const gained = met.overall.churn.rate - exceeded.overall.churn.rate
    const lost = hard.overall.churn.rate - met.overall.churn.rate
    // Measured: exceeding by one step cuts churn by 13.6 points; effort 3 adds 59.2 points.
    expect(gained).toBeGreaterThan(0)
    expect(gained).toBeLessThan(0.25 * lost)
  })

  it("a channel switch is effort", async () => {
    const journey = (channel: string): YamlObject =>
      scenario({ web: step({ quality: 5 }, { second: 1 }, { channel: "web" }), second: step({ quality: 5 }, { done: 1 }, { channel }) })
    const [same, switched] = await Promise.all([run(journey("web"), single(exactly5)), run(journey("phone"), single(exactly5))])
    expect(switched.overall.ces.mean).toBeGreaterThan(same.overall.ces.mean + 0.5)
    expect(sat(switched)).toBeLessThan(sat(same) - 0.2)
  })
})

describe("7. service recovery (McCollough & Bharadwaj 1992; de Matos, Henrique & Rossi 2007; Maxham & Netemeyer 2002)", () => {
  // Order (fails every time when it can fail) → pay → done; a failure sends the customer to a
  // recovery step (excellent: +1.17; failed: −2.25), after which the journey resumes at pay.
  const fails = (failure: YamlObject | null, fix?: YamlObject): YamlObject =>
    scenario({
      order: step({ quality: 5 }, { pay: 1 }, failure === null ? {} : { failure }),
      ...(fix === undefined ? {} : { fix }),
      pay: step({ quality: 5 })
    })
  const runAll = () =>
    Promise.all([
      run(fails(null), single(exactly5)),
      run(fails({ rate: 1 }), single(exactly5)),
      run(fails({ rate: 1, recovery: "fix" }, recovery({ quality: 6.2 })), single(exactly5)),
      run(fails({ rate: 1, recovery: "fix" }, recovery({ quality: 4 })), single(exactly5)),
      run(fails({ rate: 1, recovery: "fix" }, recovery({ quality: 6.2 }, { failure: { rate: 1 } })), single(exactly5))
    ])
  let reports: Promise<Report[]>
  beforeAll(() => {
    reports = runAll()
  })

  it("an excellent recovery brings satisfaction back close to the no-failure level, at most slightly above", async () => {
    const [none, failed, recovered] = await reports
    expect(recovered.overall.journey.recovered).toBe(1)
    // Measured: no failure 6.88, unrecovered failure 3.12, excellent recovery 6.70 (−0.17).
    const gap = sat(none) - sat(failed)
    expect(gap).toBeGreaterThan(2)
    expect(sat(recovered) - sat(none)).toBeGreaterThan(-0.5)
    expect(sat(recovered) - sat(none)).toBeLessThan(0.4)
    expect(sat(recovered) - sat(none)).toBeLessThan(0.15 * gap)
  })

  it("but likelihood to recommend and retention stay below the no-failure level", async () => {
    const [none, , recovered] = await reports
    // Measured: NPS −3.4 vs −21.9; churn 35.9% vs 52.0% (the failure comes back every period).
    expect(recovered.overall.nps.mean).toBeLessThan(none.overall.nps.mean - 8)
    expect(recovered.overall.churn.rate).toBeGreaterThan(none.overall.churn.rate + 0.02)
    expect(recovered.overall.retention[3]!.retained).toBeLessThan(none.overall.retention[3]!.retained)
  })

  it("a failed recovery, or a second failure, is worse than one failure (double deviation)", async () => {
    const [, failed, , failedRecovery, secondFailure] = await reports
    // Measured: one failure 3.12, failed recovery 1.69, failure in the recovery 2.24.
    expect(sat(failed) - sat(failedRecovery)).toBeGreaterThan(0.5)
    expect(sat(failed) - sat(secondFailure)).toBeGreaterThan(0.5)
    expect(failedRecovery.overall.churn.rate).toBeGreaterThan(failed.overall.churn.rate)
    expect(secondFailure.overall.churn.rate).toBeGreaterThan(failed.overall.churn.rate)
  })

  it("when the recovery ends the journey, an excellent one is still close to the no-failure level", async () => {
    const ends = (failure: YamlObject | null, fix?: YamlObject): YamlObject =>
      scenario({ order: step({ quality: 5 }, { done: 1 }, failure === null ? {} : { failure }), ...(fix === undefined ? {} : { fix }) })
    const [none, failed, recovered] = await Promise.all([
      run(ends(null), single(exactly5)),
      run(ends({ rate: 1 }), single(exactly5)),
      run(ends({ rate: 1, recovery: "fix" }, recovery({ quality: 6.2 })), single(exactly5))
    ])
    // Measured: 6.88, 2.10 and 6.70 (−0.17: the recovery does not lift satisfaction above no failure).
    expect(sat(recovered) - sat(none)).toBeLessThan(0.15 * (sat(none) - sat(failed)))
    expect(recovered.overall.nps.mean).toBeLessThan(none.overall.nps.mean)
    expect(recovered.overall.churn.rate).toBeGreaterThan(none.overall.churn.rate)
  })

  it("when the recovery ends the journey, a failed one is still worse than the failure alone", async () => {
    const ends = (fix?: YamlObject): YamlObject =>
      scenario({ order: step({ quality: 5 }, { done: 1 }, { failure: fix === undefined ? { rate: 1 } : { rate: 1, recovery: "fix" } }), ...(fix === undefined ? {} : { fix }) })
    const [failed, poor, bad] = await Promise.all([
      run(ends(), single(exactly5)),
      run(ends(recovery({ quality: 4.5 })), single(exactly5)),
      run(ends(recovery({ quality: 4 })), single(exactly5))
    ])
    // A failed recovery re-lives the failure, worse: it must not soften the journey's end.
    expect(sat(poor)).toBeLessThan(sat(failed))
    expect(sat(bad)).toBeLessThan(sat(failed))
    expect(bad.overall.churn.rate).toBeGreaterThan(failed.overall.churn.rate)
  })
})

describe("8. satisfaction → loyalty is non-linear and segment-specific (Jones & Sasser 1995; Mittal & Kamakura 2001)", () => {
  it("moving from satisfied to very satisfied cuts churn a lot", async () => {
    const [neutral, satisfied, very] = await Promise.all([oneStep(4.03), oneStep(4.85), oneStep(7.44)])
    // Measured: satisfaction 5.0 / 6.9 / 8.9; churn over 4 periods 67.5% / 35.9% / 10.5%: a factor
    // 3.4 from satisfied to very satisfied, 1.9 from neutral to satisfied.
    expect(sat(neutral)).toBeGreaterThan(4.5)
    expect(sat(neutral)).toBeLessThan(5.5)
    expect(sat(satisfied)).toBeGreaterThan(6.5)
    expect(sat(satisfied)).toBeLessThan(7.5)
    expect(sat(very)).toBeGreaterThan(8.5)
    const top = satisfied.overall.churn.rate / very.overall.churn.rate
    const middle = neutral.overall.churn.rate / satisfied.overall.churn.rate
    // Churn falls by a factor 2.5 from satisfied to very satisfied, 2.0 from neutral to satisfied.
    expect(top).toBeGreaterThan(2)
    expect(top).toBeGreaterThan(middle)
  })

  it("segments equally satisfied churn differently when switching costs differ", async () => {
    const r = await run(scenario({ serve: step({ quality: 4.44 }) }, { shares: { free: 0.5, hostage: 0.5 } }), {
      free: persona(exactly5),
      hostage: persona(exactly5, { loyalty: { switchingCost: 2 } })
    })
    const [free, hostage] = r.segments as [FilledSegment, FilledSegment]
    // Measured: satisfaction 5.41 vs 5.40; churn 60.7% vs 12.9%.
    expect(Math.abs(free.satisfaction.mean - hostage.satisfaction.mean)).toBeLessThan(0.1)
    expect(free.churn.rate).toBeGreaterThan(3 * hostage.churn.rate)
  })
})

describe("9. adaptation (Rust & Oliver 2000; Bolton 1998)", () => {
  const horizon = 6
  // Nobody leaves (a prohibitive switching cost), so every period's satisfaction is that of the
  // same customers: no survivors selected by their lasting satisfaction trait.
  const stays = { loyalty: { switchingCost: 40 } }

  it("delight raises expectations: later visits drift back towards neutral", async () => {
    const [neutral, fixed, adapting] = await Promise.all([
      oneStep(5, {}, { adaptation: 0, ...stays }, horizon),
      oneStep(6.5, {}, { adaptation: 0, ...stays }, horizon),
      oneStep(6.5, {}, { adaptation: 0.3, ...stays }, horizon)
    ])
    const n = sat(neutral)
    const first = adapting.overall.retention[0]!.satisfaction
    const last = lastPeriod(adapting.overall)
    // Measured: neutral 6.87; without adaptation 8.11 in every period; with 0.3, 8.11 → 7.16.
    expect(Math.abs(lastPeriod(fixed.overall) - fixed.overall.retention[0]!.satisfaction)).toBeLessThan(0.05)
    expect(first).toBeCloseTo(fixed.overall.retention[0]!.satisfaction, 6)
    expect(first - last).toBeGreaterThan(0.4)
    expect(last).toBeLessThan(lastPeriod(fixed.overall) - 0.4)
    expect(last - n).toBeLessThan(0.5 * (first - n))
    expect(last).toBeGreaterThan(n)
  })

  it("disappointment lowers expectations: later visits drift back up towards neutral", async () => {
    const [neutral, fixed, adapting] = await Promise.all([
      oneStep(5, {}, { adaptation: 0, ...stays }, horizon),
      oneStep(4, {}, { adaptation: 0, ...stays }, horizon),
      oneStep(4, {}, { adaptation: 0.3, ...stays }, horizon)
    ])
    // Measured: without adaptation 4.36 in every period; with 0.3, 4.36 → 6.38 (neutral 6.87).
    expect(Math.abs(lastPeriod(fixed.overall) - fixed.overall.retention[0]!.satisfaction)).toBeLessThan(0.1)
    expect(lastPeriod(adapting.overall) - adapting.overall.retention[0]!.satisfaction).toBeGreaterThan(1)
    expect(lastPeriod(adapting.overall)).toBeLessThan(sat(neutral))
  })
})

describe("10. NPS (Reichheld 2003)", () => {
  const checkNps = (s: FilledSegment): void => {
    const d = s.nps.distribution
    expect(d).toHaveLength(11)
    const promoters = d[9]! + d[10]!
    const detractors = d.slice(0, 7).reduce((a, b) => a + b, 0)
    expect(s.nps.promoters).toBeCloseTo(promoters, 5)
    expect(s.nps.detractors).toBeCloseTo(detractors, 5)
    expect(s.nps.promoters + s.nps.passives + s.nps.detractors).toBeCloseTo(1, 5)
    expect(s.nps.mean).toBeCloseTo(100 * (s.nps.promoters - s.nps.detractors), 3)
    expect(s.nps.mean).toBeGreaterThanOrEqual(-100)
    expect(s.nps.mean).toBeLessThanOrEqual(100)
  }

  it("NPS is %promoters (9–10) − %detractors (0–6), within [−100, 100]", async () => {
    const reports = await Promise.all([oneStep(3), oneStep(4.44), oneStep(6.5)])
    for (const r of reports) for (const s of [...r.segments.map(filled), r.overall]) checkNps(s)
    // Measured: −98.1, −54.3, +46.4.
    expect(reports[0]!.overall.nps.mean).toBeLessThan(reports[1]!.overall.nps.mean)
    expect(reports[1]!.overall.nps.mean).toBeLessThan(reports[2]!.overall.nps.mean)
  })

  it("a bundled scenario scores a plausible NPS", async () => {
    const r = await simulate(fileURLToPath(new URL("../../scenarios/restaurant.yaml", import.meta.url)))
    for (const s of [...r.segments.map(filled), r.overall]) checkNps(s)
    // Measured: −18.8 overall (families +45, busy professionals −40, bargain hunters −73).
    expect(r.overall.nps.mean).toBeGreaterThan(-40)
    expect(r.overall.nps.mean).toBeLessThan(60)
  })
})

describe("11. ACSI structure (Fornell et al. 1996)", () => {
  it("higher perceived quality ⇒ higher satisfaction ⇒ fewer complaints and lower churn", async () => {
    const zone = single({ quality: { adequate: 4, expected: 5, desired: 6, spread: 0.5 } })
    const [low, mid, high] = await Promise.all([3.5, 5, 6.5].map((quality) => run(scenario({ serve: step({ quality }) }), zone)))
    // Measured: satisfaction 4.81 / 6.77 / 7.63; complaints 13.9% / 3.0% / 1.5%; churn 67% / 38% / 26%.
    expect(sat(mid) - sat(low)).toBeGreaterThan(1)
    expect(sat(high) - sat(mid)).toBeGreaterThan(0.3)
    expect(low.overall.complaints.rate).toBeGreaterThan(3 * mid.overall.complaints.rate)
    expect(mid.overall.complaints.rate).toBeGreaterThan(high.overall.complaints.rate)
    expect(low.overall.churn.rate - mid.overall.churn.rate).toBeGreaterThan(0.1)
    expect(mid.overall.churn.rate).toBeGreaterThan(high.overall.churn.rate)
  })
})
