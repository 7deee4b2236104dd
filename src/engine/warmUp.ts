/**
 * Warming the kernel up in a worker that waits for its first run. A worker started ahead of a run
 * (pool.ts `prestartWorkers`) has loaded the kernel long before the host has read, decoded and
 * compiled the scenario, and would wait idle; its first blocks then run in the interpreter and
 * baseline code until the optimising compiler has compiled the kernel's functions (a few tenths of
 * a second of processor per thread). Running the kernel on a small model meanwhile moves part of
 * that warm-up into the wait.
 *
 * The model is one the build compiled from a bundled scenario (scripts/build.mjs writes it beside
 * this module as JSON): the kernel's code paths, not any scenario's results, are what warm up.
 * Its results are thrown away; the kernel keeps no state between runs (a pool's workers serve one
 * run after another), so no run's results depend on it. Steps are small (WARM_UP_CUSTOMERS
 * customers), so a run's `init` waits for at most one of them.
 */
import { layout, makeAccumulator } from "./accumulator.js"
import type { CompiledModel } from "./compile.js"
import { BLOCK_SIZE, makeScratch, runBlock } from "./kernel.js"

/** Customers per warm-up step: a few milliseconds at most, even before any code is optimised. */
export const WARM_UP_CUSTOMERS = 32

/** Steps at most: a worker whose run never comes stops after this many customers' worth of work (40,960). */
export const WARM_UP_STEPS = 1280

/** Blocks of the warm-up model (its population is this many blocks): each step takes customers of the next one. */
export const WARM_UP_BLOCKS = 64

const typedArrays = ["Float64Array", "Int32Array", "Uint8Array", "Uint16Array", "Int8Array", "Int16Array", "Uint32Array", "Float32Array"] as const
type TypedArrayName = (typeof typedArrays)[number]

/** A number as JSON keeps it: those JSON has no form for (infinities, NaN, −0) as their text. */
const numberOut = (x: number): number | string => (Object.is(x, -0) ? "-0" : Number.isFinite(x) ? x : String(x))
const numberIn = (x: number | string): number => (typeof x === "string" ? Number(x) : x)

/**
 * A compiled model as JSON text, exactly: its typed arrays as `{ "$typed": NAME, "values": [...] }`
 * (doubles round-trip through their shortest text), a number JSON has no form for (an infinite
 * bound, NaN, −0) as its text, and such a number outside an array as `{ "$number": TEXT }`.
 */
export const modelToJson = (m: CompiledModel): string =>
  JSON.stringify(m, (_, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name
      if (!(typedArrays as ReadonlyArray<string>).includes(name)) throw new Error(`modelToJson requires typed arrays of a known kind, got ${name}`)
      return { $typed: name, values: Array.from(v as unknown as ArrayLike<number>, numberOut) }
    }
    if (typeof v === "number" && typeof numberOut(v) === "string") return { $number: numberOut(v) }
    return v
  })

/** The model `modelToJson` wrote. */
export const modelFromJson = (text: string): CompiledModel =>
  JSON.parse(text, (_, v: unknown) => {
    if (typeof v !== "object" || v === null) return v
    if ("$number" in v) return Number((v as { readonly $number: string }).$number)
    if (!("$typed" in v)) return v
    const { $typed: name, values } = v as { readonly $typed: TypedArrayName; readonly values: ReadonlyArray<number | string> }
    if (!typedArrays.includes(name)) throw new Error(`modelFromJson requires typed arrays of a known kind, got ${String(name)}`)
    return (globalThis[name] as { from: (xs: ReadonlyArray<number>) => unknown }).from(values.map(numberIn))
  }) as CompiledModel

/**
 * The warm-up of a model: a function that runs one step (WARM_UP_CUSTOMERS customers) and says
 * whether there is another, false after WARM_UP_STEPS steps.
 */
export const warmUp = (m: CompiledModel): (() => boolean) => {
  const lay = layout(m)
  const scratch = makeScratch(m)
  const acc = makeAccumulator(lay)
  const blocks = Math.max(1, Math.floor(m.population / BLOCK_SIZE))
  let step = 0
  return () => {
    if (step >= WARM_UP_STEPS) return false
    acc.fill(0)
    runBlock(m, step % blocks, WARM_UP_CUSTOMERS, acc, lay, scratch, null)
    step += 1
    return step < WARM_UP_STEPS
  }
}
