/**
 * The validity suite: the behavioural effects of the literature (docs/model.md, "The eleven
 * effects", and the effects of satisfaction on loyalty) that cxsim's default model must
 * reproduce, each measured on its own small scenario in scenarios/validity/ by comparing arms on
 * the same customers. S is satisfaction on 0–10 (after the first journey), SD its standard
 * deviation; a "step" is the dimension's noticeable step (`scale`, 1 in every suite scenario).
 */
import type { FilledSegment } from "../report/Report.js"
import { churnAmong, segmentDiffOf, segmentOf, type Arm, type Arms, type BehaviouralEffect } from "./BehaviouralEffect.js"
import {
  fromDiff,
  magnitude,
  negate,
  NotMeasurable,
  proportion,
  proportionDifference,
  quotient,
  ratio,
  satisfactionDifference,
  scaled,
  Z_BONFERRONI,
  type Measured
} from "./Measured.js"

/** The paired difference in satisfaction of arm `to` against `from`, for a segment. */
/** Mean experience value of a visit at touchpoint `id`, among the segment's customers who reached it. */
const experienceAt = (s: FilledSegment, id: string): number => {
  const t = s.touchpoints.find((x) => x.touchpoint === id)
  if (t === undefined) throw new NotMeasurable(`no touchpoint "${id}" in the report`)
  return t.experience
}

const deltaS = (arms: Arms, from: Arm, to: Arm, segment?: string): Measured => fromDiff(segmentDiffOf(arms.pair(from, to), segment).diffs.satisfaction)

/** Churn over the horizon of a segment, with its Wilson interval at the Bonferroni level (for ratios). */
const churnForRatio = (s: FilledSegment): Measured => proportion(s.churn.count, s.n, Z_BONFERRONI)

/** Churn among the customers of segment `s` who answered one of `answers`, at the Bonferroni level. */
const churnAtCsat = (s: FilledSegment, answers: ReadonlyArray<number>, z?: number): Measured => {
  const g = churnAmong(s, answers)
  return proportion(g.churned, g.n, z)
}

/** Retention gap between CSAT 5 and CSAT ≤ 3: churn(≤ 3) − churn(5), Newcombe at the Bonferroni level. */
const retentionGap = (s: FilledSegment): Measured => {
  const low = churnAmong(s, [1, 2, 3])
  const top = churnAmong(s, [5])
  return proportionDifference(low.churned, low.n, top.churned, top.n, Z_BONFERRONI)
}

/** Mean satisfaction of period `k` (1-based) and its active customers. */
const periodSatisfaction = (s: FilledSegment, k: number): { readonly mean: number; readonly n: number } => {
  const row = s.retention[k - 1]
  if (row === undefined) throw new Error(`periodSatisfaction requires a period ${k} in a horizon of ${s.retention.length}`)
  return { mean: row.satisfaction, n: row.active }
}

export const effects: ReadonlyArray<BehaviouralEffect> = [
  {
    id: "disconfirmation",
    name: "Expectation–disconfirmation",
    source: "Oliver 1980; Anderson & Sullivan 1993",
    literature: "At the same delivered level, higher expectations give lower satisfaction: satisfaction follows performance minus expectation.",
    scenario: "disconfirmation.yaml",
    pairs: [[null, "higher-expectations"]],
    checks: [{ quantity: "ΔS (expectations one step higher)", measure: (a) => deltaS(a, null, "higher-expectations"), accept: { kind: "sign", sign: -1, interval: true } }],
    tolerance: "The literature gives the direction, not a size that would carry over to a 0–10 scale: the effect holds when satisfaction falls, beyond sampling noise.",
    design: `One visit delivers quality 5, exactly the expected level of the customer (adequate 4, expected 5, desired 6). The variant swaps the persona file for one whose three levels are each one step higher, so the same delivery falls to the bottom of the zone. The customers, their draws and the delivery are the same in both arms: the paired difference in S is the effect of the expectation alone.`
  },
  {
    id: "zone-of-tolerance",
    name: "Zone of tolerance",
    source: "Zeithaml, Berry & Parasuraman 1993",
    literature: "Inside the zone between adequate and desired service, performance changes satisfaction only a little; below adequate, satisfaction drops steeply.",
    scenario: "zone-of-tolerance.yaml",
    pairs: [
      [null, "inside"],
      ["below-half", "below-one"]
    ],
    checks: [
      {
        quantity: "|ΔS inside| / |ΔS below| (half a step)",
        measure: (a) => ratio(magnitude(deltaS(a, null, "inside")), magnitude(deltaS(a, "below-half", "below-one"))),
        accept: { kind: "range", max: 0.5 }
      }
    ],
    tolerance: "\"Only a little\" against \"steeply\": the same half-step must move satisfaction at most half as much inside the zone as below it.",
    design: `The customer's zone is adequate 4, expected 5, desired 6. The same half-step drop is delivered twice: inside the zone (5 → 4.5) and below adequate (3.5 → 3), each pair of arms compared on the same customers. The ratio of the two paired drops is the zone's flatness.`
  },
  {
    id: "loss-aversion",
    name: "Loss aversion",
    source: "Tversky & Kahneman 1992; Mittal, Ross & Baldasare 1998",
    literature: "A shortfall weighs about twice as much as an equal surplus (λ ≈ 2.25 for gambles; attribute shortfalls about twice attribute surpluses in satisfaction).",
    scenario: "value-function.yaml",
    pairs: [
      [null, "short"],
      ["desired", "beyond"]
    ],
    checks: [
      {
        quantity: "|Δv(A → A − 1)| / Δv(D → D + 1), experience value",
        measure: (a) => {
          const v = (arm: Arm): number => experienceAt(segmentOf(a.report(arm), "one-dimensional"), "serve")
          const r = (v(null) - v("short")) / (v("beyond") - v("desired"))
          return { estimate: r, lower: r, upper: r }
        },
        accept: { kind: "range", min: 2, max: 2.5 }
      },
      {
        quantity: "|ΔS(A → A − 1)| / ΔS(D → D + 1)",
        measure: (a) => ratio(magnitude(deltaS(a, null, "short", "one-dimensional")), deltaS(a, "desired", "beyond", "one-dimensional")),
        accept: { kind: "range", min: 1.5 }
      }
    ],
    tolerance:
      "λ ≈ 2.25 (Tversky & Kahneman 1992): the experience value of the visit, where the value function acts, must show a ratio of 2 … 2.5 (the levels are fixed, so it is exact). On satisfaction the bounded survey scale adds to the asymmetry (a journey as expected sits at 7.5 of 10, so a step up has less room than a step down, as on real survey scales); the literature gives the direction there, not a ratio on that scale (Mittal, Ross & Baldasare 1998: shortfalls weigh more), so satisfaction is held to at least 1.5, and its figure is reported.",
    design: `Segment one-dimensional of a three-segment scenario (the segments differ only in the Kano class of quality). The loss is one step short of adequate against adequate (4 → 3), the gain one step beyond desired against desired (6 → 7): equal steps at equal distance from the expected level 5, each compared on the same customers.`
  },
  {
    id: "kano-must-be",
    name: "Kano: must-be attributes",
    source: "Kano et al. 1984",
    literature: "A must-be attribute only hurts when missing: more of it is taken for granted and adds little or no satisfaction.",
    scenario: "value-function.yaml",
    pairs: [
      [null, "short"],
      ["desired", "beyond"]
    ],
    checks: [
      {
        quantity: "ΔS gain / |ΔS loss|",
        measure: (a) => ratio(deltaS(a, "desired", "beyond", "must-be"), magnitude(deltaS(a, null, "short", "must-be"))),
        accept: { kind: "range", max: 0.4 }
      }
    ],
    tolerance: "Kano's classes are qualitative; a gain worth at most 40% of the equal loss (a one-dimensional attribute, with loss aversion, gives about 45%) separates \"little or none\" from proportional.",
    design: `Segment must-be of the value-function scenario: the same arms as loss aversion (4 → 3 for the loss, 6 → 7 for the gain), for customers to whom quality is a must-be.`
  },
  {
    id: "kano-attractive",
    name: "Kano: attractive attributes",
    source: "Kano et al. 1984",
    literature: "An attractive attribute only delights when present: its absence is not held against the provider.",
    scenario: "value-function.yaml",
    pairs: [
      [null, "short"],
      ["desired", "beyond"]
    ],
    checks: [
      {
        quantity: "|ΔS loss| / ΔS gain",
        measure: (a) => ratio(magnitude(deltaS(a, null, "short", "attractive")), deltaS(a, "desired", "beyond", "attractive")),
        accept: { kind: "range", max: 0.4 }
      }
    ],
    tolerance: "The mirror of must-be: a loss worth at most 40% of the equal gain.",
    design: `Segment attractive of the value-function scenario: the same arms as loss aversion, for customers to whom quality is an attractive attribute.`
  },
  {
    id: "peak-end",
    name: "Peak–end rule",
    source: "Kahneman, Fredrickson, Schreiber & Redelmeier 1993",
    literature: "Adding a milder but still unpleasant final period makes an episode remembered as less bad: 69% chose to repeat the longer cold-water trial.",
    scenario: "peak-end.yaml",
    pairs: [[null, "milder-end"]],
    checks: [{ quantity: "ΔS (with the milder end − without)", measure: (a) => deltaS(a, null, "milder-end"), accept: { kind: "sign", sign: 1, interval: true } }],
    tolerance: "The finding is a direction (most people prefer the longer episode): satisfaction must rise, beyond sampling noise.",
    design: `An unpleasant episode: an ordinary arrival (as expected), then one step below adequate, where it ends. The variant adds a final step a quarter step below adequate: milder, still unpleasant, as the longer trial added 30 s of slightly warmer water.`
  },
  {
    id: "duration-neglect",
    name: "Duration neglect",
    source: "Redelmeier & Kahneman 1996",
    literature: "The length of an episode barely affects how it is remembered: the correlation of duration with remembered pain was 0.03.",
    scenario: "duration-neglect.yaml",
    pairs: [[null, "longer"]],
    checks: [
      {
        quantity: "|ΔS| / SD (five neutral steps added)",
        measure: (a) => magnitude(scaled(deltaS(a, null, "longer"), segmentOf(a.report(null)).satisfaction.sd)),
        accept: { kind: "range", max: 0.05 }
      }
    ],
    tolerance: "r ≈ 0.03 between length and memory: adding length may move satisfaction by at most 0.05 of its standard deviation.",
    design: `An episode with a clear peak (one step below adequate) and a clear end (the desired level). The variant inserts five neutral steps between them: nothing the customer notices is delivered, there is no effort, the channel stays the same. The difference is divided by the baseline's SD of S.`
  },
  {
    id: "effort-loyalty",
    name: "Effort drives disloyalty",
    source: "Dixon, Freeman & Toman 2010",
    literature: "96% of customers with high-effort service experiences became more disloyal, against 9% of those with low effort.",
    scenario: "effort.yaml",
    pairs: [["high-effort", null]],
    checks: [
      {
        quantity: "churn high effort / churn low effort",
        measure: (a) => quotient(churnForRatio(segmentOf(a.report("high-effort"))), churnForRatio(segmentOf(a.report(null)))),
        accept: { kind: "range", min: 3 }
      }
    ],
    tolerance: "96% against 9% is a tenfold difference in turning disloyal; churn is a stronger outcome than \"more disloyal\", so the suite asks for a third of that: at least three times the churn.",
    design: `A question and its answer, both on the web, both exactly as expected, against the same service with three effort events: a form (one effort point), an answer only by phone (a channel switch) and a second contact on the web to confirm (a repeat contact, switching back). One period: churn after the first contact, compared on the same customers.`
  },
  {
    id: "effort-vs-delight",
    name: "Removing effort beats delight",
    source: "Dixon, Freeman & Toman 2010",
    literature: "Exceeding expectations adds little loyalty; removing effort adds much: delight barely moved loyalty while effort explained most disloyalty.",
    scenario: "effort.yaml",
    pairs: [
      ["high-effort", null],
      ["high-effort", "high-effort-delight"]
    ],
    checks: [
      {
        quantity: "churn cut by delight / churn cut by removing effort",
        measure: (a) =>
          ratio(negate(fromDiff(a.pair("high-effort", "high-effort-delight").overall.diffs.churn)), negate(fromDiff(a.pair("high-effort", null).overall.diffs.churn))),
        accept: { kind: "range", max: 0.5 }
      }
    ],
    tolerance: "\"Little\" against \"much\": exceeding expectations by a step may cut churn by at most half as much as removing the effort does.",
    design: `From the high-effort arm of the effort scenario, two changes on the same customers: removing the three effort events (the low-effort baseline), or keeping them and delivering the answer one step better than expected. Churn after one period.`
  },
  {
    id: "recovery-satisfaction",
    name: "Service recovery restores satisfaction",
    source: "de Matos, Henrique & Rossi 2007",
    literature: "Pooled over the studies of the meta-analysis, a good recovery brings satisfaction back to about the no-failure level: the recovery paradox is small and holds for satisfaction only.",
    scenario: "recovery.yaml",
    pairs: [[null, "recovered"]],
    checks: [
      {
        quantity: "ΔS / SD (recovered failure − no failure)",
        measure: (a) => scaled(deltaS(a, null, "recovered"), segmentOf(a.report(null)).satisfaction.sd),
        accept: { kind: "range", min: -0.25, max: 0.15 }
      }
    ],
    tolerance: "The meta-analysis finds a small positive paradox for satisfaction, not always significant: the recovered journey may sit a quarter SD below the no-failure one, or up to 0.15 SD above it, no more.",
    design: `One visit, exactly as expected, that never fails, against the same visit always failing (a first failure of default severity) followed by an excellent recovery (one step beyond desired). Same customers; the difference in S is divided by the no-failure SD.`
  },
  {
    id: "recovery-loyalty",
    name: "Recovery does not buy loyalty",
    source: "de Matos, Henrique & Rossi 2007; Maxham & Netemeyer 2002",
    literature: "A recovery does not raise repurchase intention or word of mouth above the no-failure level.",
    scenario: "recovery.yaml",
    pairs: [[null, "recovered"]],
    checks: [
      {
        quantity: "Δchurn (recovered − no failure)",
        measure: (a) => fromDiff(a.pair(null, "recovered").overall.diffs.churn),
        accept: { kind: "noWorseThan", side: "atLeast", bound: 0 }
      },
      {
        quantity: "ΔNPS (recovered − no failure)",
        measure: (a) => fromDiff(a.pair(null, "recovered").overall.diffs.nps),
        accept: { kind: "noWorseThan", side: "atMost", bound: 0 }
      }
    ],
    tolerance: "No gain in loyalty or word of mouth: churn must not fall and NPS must not rise, beyond sampling noise (an estimate past 0 by less than its interval's half-width passes).",
    design: `The arms of recovery-satisfaction, over four periods in which the visit fails (and is recovered) every time: churn over the horizon and NPS after the first journey, each compared on the same customers.`
  },
  {
    id: "double-deviation",
    name: "Double deviation",
    source: "Bitner, Booms & Tetreault 1990; Maxham & Netemeyer 2002",
    literature: "A failed recovery is worse than the failure alone: customers remember a double deviation as the most dissatisfying incidents.",
    scenario: "recovery.yaml",
    pairs: [["unrecovered", "poor-recovery"]],
    checks: [{ quantity: "ΔS (poor recovery − no recovery)", measure: (a) => deltaS(a, "unrecovered", "poor-recovery"), accept: { kind: "sign", sign: -1, interval: true } }],
    tolerance: "A direction: satisfaction after a poor recovery must be lower than after the failure alone, beyond sampling noise.",
    design: `The same visit always fails; in one arm nothing follows, in the other a recovery one step short of adequate. Same customers.`
  },
  {
    id: "top-box-loyalty",
    name: "Totally satisfied customers are far more loyal",
    source: "Jones & Sasser 1995",
    literature: "In competitive markets, totally satisfied customers are far more loyal than merely satisfied ones (at Xerox, six times as likely to repurchase).",
    scenario: "loyalty.yaml",
    pairs: [[null, "hostages"]],
    checks: [
      {
        quantity: "churn at CSAT 4 / churn at CSAT 5",
        measure: (a) => {
          const s = segmentOf(a.report(null))
          return quotient(churnAtCsat(s, [4], Z_BONFERRONI), churnAtCsat(s, [5], Z_BONFERRONI))
        },
        accept: { kind: "range", min: 2 }
      }
    ],
    tolerance: "\"Far more loyal\" (six times the repurchase at Xerox): those who answered 4 must churn at least twice as often as those who answered 5.",
    design: `Customers differ lastingly, as real customers do: their expectations are spread by one noticeable step around the quality delivered (at the expected level, varying by half a step from visit to visit), so they answer CSAT from 2 to 5. The switching cost is pinned at 0, a competitive market; churn over four periods is read by the CSAT each customer gave after the first journey.`
  },
  {
    id: "hostages",
    name: "Switching costs make hostages",
    source: "Jones & Sasser 1995",
    literature: "Where switching is costly, customers stay whatever their satisfaction: retention barely depends on it.",
    scenario: "loyalty.yaml",
    pairs: [[null, "hostages"]],
    checks: [
      {
        quantity: "retention gap CSAT 5 vs ≤ 3, with ÷ without switching cost",
        measure: (a) => quotient(retentionGap(segmentOf(a.report("hostages"))), retentionGap(segmentOf(a.report(null)))),
        accept: { kind: "range", max: 1 / 3 }
      }
    ],
    tolerance: "\"Barely depends\": with a switching cost, the gap in retention between the most and the least satisfied must shrink to a third or less of the gap without it.",
    design: `The top-box scenario with and without a switching cost of 3 (churn × e^−3), the same customers in both: the retention of those who answered CSAT 5 minus that of those who answered 3 or less, with the cost, over the same gap without it.`
  },
  {
    id: "segment-loyalty",
    name: "Segments differ in loyalty at the same rating",
    source: "Mittal & Kamakura 2001",
    literature: "Customers who give the same satisfaction rating repurchase at different rates depending on their characteristics (age, education, sex, place of living).",
    scenario: "segment-loyalty.yaml",
    reports: [null],
    pairs: [],
    checks: [
      {
        quantity: "churn at CSAT 4: fickle − loyal segment",
        measure: (a) => {
          const r = a.report(null)
          const fickle = churnAmong(segmentOf(r, "fickle"), [4])
          const loyal = churnAmong(segmentOf(r, "loyal"), [4])
          return proportionDifference(fickle.churned, fickle.n, loyal.churned, loyal.n)
        },
        accept: { kind: "sign", sign: 1, interval: true }
      }
    ],
    tolerance: "A direction: among customers who gave the same answer, the segment with the lower base retention must churn more, beyond sampling noise.",
    design: `Two segments of equal size, with the same expectations and the same widely varying service, differ only in base retention (0.9 and 0.7, set in their persona files). Churn over four periods among those who answered CSAT 4 is compared between them (different customers: Newcombe's interval).`
  },
  {
    id: "adaptation-drift",
    name: "Repeated delight drifts towards neutral",
    source: "Rust & Oliver 2000; Bolton 1998",
    literature: "Delight raises expectations: the same delight, repeated, satisfies less and less.",
    scenario: "adaptation.yaml",
    reports: [null],
    pairs: [],
    checks: [
      {
        quantity: "S(period 4) − S(period 1)",
        measure: (a) => {
          const s = segmentOf(a.report(null))
          const first = periodSatisfaction(s, 1)
          const last = periodSatisfaction(s, 4)
          return satisfactionDifference(last.mean, last.n, first.mean, first.n)
        },
        accept: { kind: "sign", sign: -1, interval: false }
      }
    ],
    tolerance: "A direction without a size: satisfaction with the same delight must be lower in the fourth period than in the first.",
    design: `Every visit delivers one step beyond desired, for four periods; retention is pinned at 0.99 so that the customers of period 4 are nearly all those of period 1. The report's mean S per period is used (its interval is the conservative bound for means on 0–10).`
  },
  {
    id: "adaptation-after-delight",
    name: "An ordinary visit after a delight feels worse",
    source: "Rust & Oliver 2000",
    literature: "Delighting customers raises the bar: after a delight, the ordinary service that used to satisfy them satisfies less.",
    scenario: "after-delight.yaml",
    pairs: [[null, "standard"]],
    checks: [
      {
        quantity: "S(period 2): after a delight − standard throughout",
        measure: (a) => {
          const after = periodSatisfaction(segmentOf(a.report(null)), 2)
          const standard = periodSatisfaction(segmentOf(a.report("standard")), 2)
          return satisfactionDifference(after.mean, after.n, standard.mean, standard.n)
        },
        accept: { kind: "sign", sign: -1, interval: true }
      }
    ],
    tolerance: "A direction: the ordinary second visit must satisfy less after a delight, beyond the (conservative) interval.",
    design: `In the baseline the first visit delights (one step beyond desired) and, by the touchpoint's per-period schedule, every later visit delivers the expected level; the variant delivers the expected level throughout. Retention is pinned at 0.99. The report's mean S in period 2 is compared (conservative bound for means on 0–10).`
  },
  {
    id: "nps-scale",
    name: "The scale of NPS",
    source: "Reichheld 2003",
    literature: "A typical company scores an NPS in the low tens (median around +16 in Reichheld's data); a noticeable improvement moves it by a few points.",
    scenario: "as-expected.yaml",
    pairs: [[null, "one-better"]],
    checks: [
      {
        quantity: "NPS, journey as expected",
        measure: (a) => {
          const n = segmentOf(a.report(null)).nps
          return { estimate: n.mean, lower: n.lower, upper: n.upper }
        },
        accept: { kind: "range", min: -30, max: 30 }
      },
      { quantity: "ΔNPS, one dimension one step better", measure: (a) => fromDiff(a.pair(null, "one-better").overall.diffs.nps), accept: { kind: "range", min: 2, max: 20 } }
    ],
    tolerance: "A journey that meets expectations is an ordinary company: NPS within ±30 of 0 (Reichheld's companies mostly lie there); one noticeable improvement on one of three dimensions should move NPS by 2 to 20 points, not by nothing and not by half the scale.",
    design: `Three visits each deliver one of three equally weighted dimensions at exactly the expected level. The variant delivers one of them one step better (the desired level); compared on the same customers.`
  },
  {
    id: "csat-scale",
    name: "The scale of CSAT",
    source: "Fornell et al. 1996",
    literature: "\"As expected\" sits in the upper middle of satisfaction scales: the national ACSI stood at about 74 of 100 when it was launched.",
    scenario: "as-expected.yaml",
    pairs: [[null, "one-better"]],
    checks: [
      {
        quantity: "mean CSAT (1–5), journey as expected",
        measure: (a) => {
          const c = segmentOf(a.report(null)).csat
          return { estimate: c.mean, lower: c.lower, upper: c.upper }
        },
        accept: { kind: "range", min: 3.5, max: 4.3 }
      },
      {
        quantity: "top-two-box (CSAT 4–5), journey as expected",
        measure: (a) => {
          const s = segmentOf(a.report(null))
          return proportion(Math.round(s.csat.topTwoBox * s.n), s.n)
        },
        accept: { kind: "range", min: 0.5, max: 0.9 }
      }
    ],
    tolerance: "74 of 100 maps to about 4 on 1–5; 3.5 … 4.3 leaves room either side. Most, not all, of those served as expected answer 4 or 5: a top-two-box from half to nine in ten.",
    design: `The baseline of the NPS-scale scenario: three visits, each exactly as expected.`
  },
  {
    id: "acsi-consequences",
    name: "Satisfaction lowers complaints and churn",
    source: "Fornell et al. 1996",
    literature: "In the ACSI model, higher satisfaction lowers complaints and raises loyalty.",
    scenario: "as-expected.yaml",
    pairs: [[null, "all-better"]],
    checks: [
      {
        quantity: "Δcomplaints (all one step better)",
        measure: (a) => {
          const base = segmentOf(a.report(null))
          const better = segmentOf(a.report("all-better"))
          return proportionDifference(better.complaints.count, better.n, base.complaints.count, base.n)
        },
        accept: { kind: "sign", sign: -1, interval: false }
      },
      { quantity: "Δchurn (all one step better)", measure: (a) => fromDiff(a.pair(null, "all-better").overall.diffs.churn), accept: { kind: "sign", sign: -1, interval: false } }
    ],
    tolerance: "The ACSI's paths have signs, sizes differ by industry: both must fall.",
    design: `Every dimension of the NPS-scale journey one step better than expected, against the journey as expected, on the same customers: complaints after the first journey (the report gives each arm's share: Newcombe's interval for independent samples, conservative for paired ones), churn over four periods (paired).`
  }
]
