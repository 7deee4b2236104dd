/**
 * Ranking parameters by importance, and finding where segments disagree: a parameter that is
 * first for one segment and last for another is a lever that helps some customers and not
 * others — the thing a strategist must see. Cost: O(segments · d log d).
 */

/** Ranks (1 = most important) of scores, larger score first; ties share the better rank order by index. */
export const ranks = (scores: ReadonlyArray<number>): number[] => {
  const order = scores.map((s, i) => ({ s: Number.isFinite(s) ? s : -Infinity, i })).sort((a, b) => b.s - a.s || a.i - b.i)
  const out = new Array<number>(scores.length).fill(0)
  order.forEach((o, k) => {
    out[o.i] = k + 1
  })
  return out
}

export interface Disagreement {
  readonly parameter: number
  /** Its best (smallest) rank, and the segment where it has it. */
  readonly best: { readonly segment: string; readonly rank: number }
  /** Its worst rank, and the segment where it has it. */
  readonly worst: { readonly segment: string; readonly rank: number }
  /** worst − best: 0 when every segment ranks it alike. */
  readonly spread: number
}

/**
 * For each parameter, the segments that rank it highest and lowest, largest spread first
 * (parameters that every segment ranks alike are left out).
 *
 * @example
 * disagreements({ busy: [0.6, 0.1], family: [0.1, 0.5] })
 * // both parameters: best rank 1, worst rank 2, spread 1
 */
export const disagreements = (scoresBySegment: Readonly<Record<string, ReadonlyArray<number>>>): Disagreement[] => {
  const segments = Object.keys(scoresBySegment)
  if (segments.length === 0) return []
  const rankBy = segments.map((s) => ({ segment: s, ranks: ranks(scoresBySegment[s] as ReadonlyArray<number>) }))
  const d = (rankBy[0] as { ranks: number[] }).ranks.length
  const out: Disagreement[] = []
  for (let p = 0; p < d; p++) {
    let best = rankBy[0] as { segment: string; ranks: number[] }
    let worst = best
    for (const r of rankBy) {
      if ((r.ranks[p] as number) < (best.ranks[p] as number)) best = r
      if ((r.ranks[p] as number) > (worst.ranks[p] as number)) worst = r
    }
    const spread = (worst.ranks[p] as number) - (best.ranks[p] as number)
    if (spread > 0) out.push({ parameter: p, best: { segment: best.segment, rank: best.ranks[p] as number }, worst: { segment: worst.segment, rank: worst.ranks[p] as number }, spread })
  }
  return out.sort((a, b) => b.spread - a.spread || a.parameter - b.parameter)
}
