/**
 * The simulated answers of calibration as a block job: several candidate models (the same
 * scenario with different parameter values, the same population and seed: common random
 * numbers) run in one pass of the pool, each customer's first-visit records turned into counts
 * per segment on a survey's own scales. Block j of the job is block j mod B of candidate
 * ⌊j / B⌋ (B blocks per candidate); a block adds into its candidate's slots only, so the exact
 * totals of the pool (run.ts) hold every candidate's counts, the same for any number of workers.
 *
 * Answers on the survey's scales, from a customer's satisfaction s (0–10) and records:
 * - CSAT on k points: 1 + ⌊s·k/10⌋, capped at k (the model's 5-point CSAT is this with k = 5);
 * - likelihood to recommend 0–10 and CES on 7 points: the model's own answers; CES on k points:
 *   1 + round((k − 1)·(1 − exp(−E/effortScale))) from the journey's effort E, as the model's
 *   7-point CES is made;
 * - satisfied: the 5-point CSAT's top-two box (s ≥ 6);
 * - churned by period p (1-based): left after one of the first p periods;
 * - spend: revenue over the horizon, in bins with the given upper edges, plus its sum and sum
 *   of squares.
 * Plain TypeScript, no Effect: a worker imports this module.
 */
import { layout } from "./accumulator.js"
import { defineJob, type BlockRunner } from "./blockJob.js"
import type { CompiledModel } from "./compile.js"
import { BLOCK_SIZE, makeRecords, makeScratch, runBlock } from "./kernel.js"
import { exp } from "./numerics.js"
import { blockCustomers } from "./paired.js"

export type TallyKind = "csat" | "ltr" | "ces" | "satisfied" | "churn" | "spend"

/** One outcome to count, on a survey's scale. */
export interface Tally {
  readonly kind: TallyKind
  /** Answer categories (csat: k; ltr 11; ces 7; satisfied, churn 2; spend: edges + 1 bins). */
  readonly categories: number
  /** churn: the 1-based period by whose end a churned customer had left. */
  readonly period: number
  /** spend: upper edges of the bins but the last, ascending. */
  readonly edges: ReadonlyArray<number>
}

/** Where each tally's counts sit among a segment's slots: slot 0 is the segment's customers. */
export interface TallyLayout {
  /** Offset of each tally's first category in a segment's slots (spend: then its sum, sum of squares). */
  readonly offsets: ReadonlyArray<number>
  /** Slots per segment. */
  readonly perSegment: number
}

export const tallyLayout = (tallies: ReadonlyArray<Tally>): TallyLayout => {
  const offsets: number[] = []
  let at = 1
  for (const t of tallies) {
    offsets.push(at)
    at += t.categories + (t.kind === "spend" ? 2 : 0)
  }
  return { offsets, perSegment: at }
}

/** The category of a spend amount among bins with these upper edges. */
export const binOf = (edges: ReadonlyArray<number>, x: number): number => {
  let k = 0
  while (k < edges.length && x > (edges[k] as number)) k++
  return k
}

/**
 * CES on a k-point scale from a first journey's effort points and its answer noise in CES points
 * (of 7, scaled to the k points): the category index 0..k-1 (k = 7: the model's own CES − 1).
 */
export const cesCategory = (effort: number, effortScale: number, k: number, noise = 0): number => {
  const c = Math.round((k - 1) * (1 - exp(-effort / effortScale)) + (noise * (k - 1)) / 6)
  return c > k - 1 ? k - 1 : c < 0 ? 0 : c
}

/** CSAT on a k-point scale from satisfaction 0–10: the category index 0..k-1. */
export const csatCategory = (sat: number, k: number): number => {
  const c = Math.floor((sat * k) / 10)
  return c < 0 ? 0 : c > k - 1 ? k - 1 : c
}

export interface CalibrationPayload {
  /** The candidates, every one with the same population and seed. */
  readonly models: ReadonlyArray<CompiledModel>
  readonly tallies: ReadonlyArray<Tally>
}

/** Slots per candidate: a segment's slots for each persona of the model. */
export const candidateSize = (m: CompiledModel, tallies: ReadonlyArray<Tally>): number => m.nPersonas * tallyLayout(tallies).perSegment

/**
 * The periods a model's customers must live for these tallies: the first visit's answers, churn by
 * the latest period a churn tally reads; the whole horizon when revenue is counted (spend). The
 * periods after are not simulated (runBlock's `periods`): the counts are the same.
 */
export const periodsFor = (m: CompiledModel, tallies: ReadonlyArray<Tally>): number => {
  if (tallies.some((t) => t.kind === "spend")) return m.horizon
  let last = 1
  for (const t of tallies) if (t.kind === "churn" && t.period > last) last = t.period
  return Math.min(last, m.horizon)
}

/** Blocks per candidate. */
export const candidateBlocks = (m: CompiledModel): number => Math.ceil(m.population / BLOCK_SIZE)

export const calibrationRunner = (p: CalibrationPayload): BlockRunner => {
  const first = p.models[0]
  if (first === undefined) throw new Error("calibrationRunner requires at least one model")
  if (p.models.some((m) => m.population !== first.population || m.seed !== first.seed || m.nPersonas !== first.nPersonas)) {
    throw new Error("calibrationRunner requires every model to have the same population, seed and personas")
  }
  const lay = layout(first)
  const acc = new Float64Array(lay.size)
  const scratch = p.models.map((m) => makeScratch(m))
  const periods = p.models.map((m) => periodsFor(m, p.tallies))
  const rec = makeRecords(BLOCK_SIZE, first.nDims)
  const tl = tallyLayout(p.tallies)
  const per = candidateSize(first, p.tallies)
  const B = candidateBlocks(first)
  const T = p.tallies.length
  return {
    size: per * p.models.length,
    run: (j, out) => {
      const k = Math.floor(j / B)
      const block = j - k * B
      const m = p.models[k] as CompiledModel
      const count = blockCustomers(m.population, block)
      acc.fill(0)
      runBlock(m, block, count, acc, lay, scratch[k]!, rec, periods[k]!)
      const base = k * per
      for (let c = 0; c < count; c++) {
        const seg = base + rec.persona[c]! * tl.perSegment
        out[seg] += 1
        const sat = rec.satisfaction[c]!
        for (let t = 0; t < T; t++) {
          const tally = p.tallies[t]!
          const at = seg + tl.offsets[t]!
          switch (tally.kind) {
            case "csat":
              out[at + csatCategory(sat, tally.categories)] += 1
              break
            case "ltr":
              out[at + rec.ltr[c]!] += 1
              break
            case "ces":
              out[at + (tally.categories === 7 ? rec.ces[c]! - 1 : cesCategory(rec.effort![c]!, m.effortScale[rec.persona[c]!]!, tally.categories, rec.cesNoise[c]!))] += 1
              break
            case "satisfied":
              out[at + (sat >= 6 ? 1 : 0)] += 1
              break
            case "churn": {
              const h = rec.churnPeriod[c]!
              out[at + (h >= 0 && h < tally.period ? 1 : 0)] += 1
              break
            }
            case "spend": {
              const r = rec.revenue[c]!
              out[at + binOf(tally.edges, r)] += 1
              out[at + tally.categories] += r
              out[at + tally.categories + 1] += r * r
              break
            }
          }
        }
      }
    }
  }
}

/** The simulated answers of several candidates as one block job for the worker pool. */
export const calibrationJob = defineJob(import.meta.url, "calibrationJob", calibrationRunner)
