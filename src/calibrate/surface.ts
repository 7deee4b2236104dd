/**
 * Where the intervals' response surface is simulated (intervals.ts uses it), and how few
 * simulations that takes.
 *
 * Around the estimate x̂: further points along each parameter's axis (`axisValues`: 0.15, 0.35
 * and 0.6 of its range either side), then, once a pilot bootstrap on the axes has shown how far
 * the refits spread, each parameter's grid values (`gridValues`: three either side, out to a
 * quarter beyond the pilot's 1% and 99% quantiles), simulated along the axis and as a 2-D grid
 * for each pair of parameters that move the same segment.
 *
 * By groups, as the optimiser's Jacobians (scoring.ts `structureOf`): a persona's parameters move
 * only its own segment's answers, so one simulation moves one parameter of every persona at once
 * (`groupedValues`) and each segment's answers are read off for its own parameter
 * (`alongEach`). A pair grid moves two groups at once (`pairGrids`): in each segment, the two
 * parameters that move it. With G groups of parameters and V values a side that is 2·V·G axis
 * simulations and (2V)² per pair of groups that share a segment: for 12 personas, 20 parameters
 * (3 groups), 18 + 18 + 3·36 = 144 simulations, however many personas.
 */
import type { Targets } from "./observed.js"
import type { FreeParameter } from "./parameters.js"
import type { Structure } from "./scoring.js"
import { quantile, STEP } from "./intervals.js"

/** Grid values either side of the estimate, per parameter. */
export const GRID_SIDE = 3

/** Points with per-parameter counts, as intervals.ts takes them. */
export interface SurfacePoints {
  readonly points: ReadonlyArray<Float64Array>
  readonly simulated: ReadonlyArray<Float64Array>
}

/** For each group, its k-th point moves each member to its k-th value (members with fewer values stay at x). */
export const groupedValues = (st: Structure, x: ArrayLike<number>, values: ReadonlyArray<ReadonlyArray<number>>): Float64Array[] =>
  st.groups.flatMap((g) => {
    const n = Math.max(0, ...g.map((i) => (values[i] as ReadonlyArray<number>).length))
    return Array.from({ length: n }, (_, k) => {
      const y = Float64Array.from(x)
      for (const i of g) {
        const v = values[i] as ReadonlyArray<number>
        if (k < v.length) y[i] = v[k] as number
      }
      return y
    })
  })

/**
 * Grouped axis simulations as one point per moved parameter: the estimate with that parameter at
 * its value, and counts that are the centre's except in the segment it moves (all of them for a
 * scenario-level parameter, alone in its group).
 */
export const alongEach = (tg: Targets, st: Structure, x: ArrayLike<number>, center: Float64Array, pts: ReadonlyArray<Float64Array>, sims: ReadonlyArray<Float64Array>): SurfacePoints => {
  const per = tg.layout.perSegment
  const points: Float64Array[] = []
  const simulated: Float64Array[] = []
  pts.forEach((y, k) => {
    const sim = sims[k] as Float64Array
    for (let i = 0; i < y.length; i++) {
      if ((y[i] as number) === (x[i] as number)) continue
      const p = Float64Array.from(x)
      p[i] = y[i] as number
      const q = st.persona[i] as number
      let c = sim
      if (q >= 0) {
        c = Float64Array.from(center)
        c.set(sim.subarray(q * per, (q + 1) * per), q * per)
      }
      points.push(p)
      simulated.push(c)
    }
  })
  return { points, simulated }
}

/** Whether parameters a and b move a segment in common. */
const share = (st: Structure, a: number, b: number): boolean => (st.persona[a] as number) < 0 || (st.persona[b] as number) < 0 || st.persona[a] === st.persona[b]

/** The pairs of groups (k < l) with members that move a segment in common. */
export const groupPairs = (st: Structure): Array<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  st.groups.forEach((gk, k) =>
    st.groups.forEach((gl, l) => {
      if (l > k && gk.some((a) => gl.some((b) => share(st, a, b)))) out.push([k, l])
    })
  )
  return out
}

/** For each pair of groups, the grid: group k's members at their i-th value, group l's at their j-th. */
export const pairGrids = (st: Structure, x: ArrayLike<number>, values: ReadonlyArray<ReadonlyArray<number>>, pairs: ReadonlyArray<readonly [number, number]>): Float64Array[] =>
  pairs.flatMap(([k, l]) => {
    const gk = st.groups[k] as ReadonlyArray<number>
    const gl = st.groups[l] as ReadonlyArray<number>
    const nk = Math.max(0, ...gk.map((i) => (values[i] as ReadonlyArray<number>).length))
    const nl = Math.max(0, ...gl.map((i) => (values[i] as ReadonlyArray<number>).length))
    const out: Float64Array[] = []
    for (let i = 0; i < nk; i++) {
      for (let j = 0; j < nl; j++) {
        const y = Float64Array.from(x)
        for (const a of gk) if (i < (values[a] as ReadonlyArray<number>).length) y[a] = (values[a] as ReadonlyArray<number>)[i] as number
        for (const b of gl) if (j < (values[b] as ReadonlyArray<number>).length) y[b] = (values[b] as ReadonlyArray<number>)[j] as number
        out.push(y)
      }
    }
    return out
  })

/**
 * Grid simulations as one point per pair of moved parameters that share a segment: the estimate
 * with those two at their values, and the simulation's counts (intervals.ts reads them in the
 * segments both move only).
 */
export const pairsOfEach = (st: Structure, x: ArrayLike<number>, pts: ReadonlyArray<Float64Array>, sims: ReadonlyArray<Float64Array>): SurfacePoints => {
  const points: Float64Array[] = []
  const simulated: Float64Array[] = []
  pts.forEach((y, k) => {
    const d: number[] = []
    for (let i = 0; i < y.length; i++) if ((y[i] as number) !== (x[i] as number)) d.push(i)
    for (let m = 0; m < d.length; m++) {
      for (let n = m + 1; n < d.length; n++) {
        const a = d[m] as number
        const b = d[n] as number
        if (!share(st, a, b)) continue
        const p = Float64Array.from(x)
        p[a] = y[a] as number
        p[b] = y[b] as number
        points.push(p)
        simulated.push(sims[k] as Float64Array)
      }
    }
  })
  return { points, simulated }
}

/**
 * Per parameter, `GRID_SIDE` values either side of x at thirds of the pilot's reach on that side
 * (a quarter beyond its 1% or 99% quantile, at least the Jacobian's step), clamped to the bounds,
 * without repeats or x itself; ascending.
 */
export const gridValues = (params: ReadonlyArray<FreeParameter>, x: ArrayLike<number>, draws: ReadonlyArray<Float64Array>): number[][] =>
  params.map((p, i) => {
    const r = p.bounds[1] - p.bounds[0]
    const xi = x[i] as number
    const sorted = Float64Array.from(draws[i] as Float64Array).sort()
    const below = 1.25 * Math.max(xi - quantile(sorted, 0.01), STEP * r)
    const above = 1.25 * Math.max(quantile(sorted, 0.99) - xi, STEP * r)
    const out: number[] = []
    for (let k = GRID_SIDE; k >= 1; k--) out.push(xi - (below * k) / GRID_SIDE)
    for (let k = 1; k <= GRID_SIDE; k++) out.push(xi + (above * k) / GRID_SIDE)
    const vs: number[] = []
    for (const v of out) {
      const c = Math.min(p.bounds[1], Math.max(p.bounds[0], v))
      if (Math.abs(c - xi) <= 1e-9 * r || vs.some((w) => Math.abs(w - c) <= 1e-9 * r)) continue
      vs.push(c)
    }
    return vs
  })

/** Surface points joined. */
export const joined = (...parts: ReadonlyArray<SurfacePoints>): SurfacePoints => ({
  points: parts.flatMap((p) => [...p.points]),
  simulated: parts.flatMap((p) => [...p.simulated])
})
