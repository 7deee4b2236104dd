/**
 * The points of a sweep's design, in the parameters' own values: a grid of levels, a Latin
 * hypercube or Sobol sample mapped through each parameter's distribution, or explicit points.
 */
import { evenLevels, grid } from "./grid.js"
import { latinHypercube } from "./latinHypercube.js"
import { scale, type Range } from "./scale.js"
import { sobolSequence } from "./sobolSequence.js"

export type PointsDesign =
  | { readonly kind: "grid"; readonly levels: number }
  | { readonly kind: "latin-hypercube"; readonly points: number; readonly seed: number }
  | { readonly kind: "sobol"; readonly points: number }
  | { readonly kind: "csv"; readonly points: ReadonlyArray<ReadonlyArray<number>> }

/**
 * Every point of the design, one value per parameter.
 *
 * @example
 * designPoints([{ low: 0, high: 1 }, { values: [5, 10] }], { kind: "grid", levels: 3 })
 * // [[0,5],[0,10],[0.5,5],[0.5,10],[1,5],[1,10]]
 */
export const designPoints = (parameters: ReadonlyArray<Range>, d: PointsDesign): number[][] => {
  const map = (unit: number[][]): number[][] => unit.map((u) => u.map((x, i) => scale(parameters[i] as Range, x)))
  switch (d.kind) {
    case "grid":
      return grid(parameters.map((p) => (p.values !== undefined ? [...p.values] : evenLevels(p.low as number, p.high as number, d.levels))))
    case "latin-hypercube":
      return map(latinHypercube(d.points, parameters.length, d.seed))
    case "sobol":
      // The origin (the first point) is skipped: it puts every parameter at its low end.
      return map(sobolSequence(d.points, parameters.length, 1))
    case "csv":
      return d.points.map((p) => [...p])
  }
}
