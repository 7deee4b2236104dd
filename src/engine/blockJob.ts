/**
 * Block jobs: work that splits into numbered blocks, each computed from a serialisable payload
 * and its block index alone into a Float64Array of fixed size. The pool (pool.ts) runs any block
 * job in process or on worker threads and hands the per-block results back in block order; the
 * simulation is one such job (simulateJob.ts).
 *
 * A worker finds a job by its module URL and export name, imports that module once, calls
 * `init` with the payload once, then `run` for every block it is given. So a job module must be
 * importable on its own (no effect, no file system needed) and its payload must survive a
 * structured clone (plain data and typed arrays).
 */

/** What `init` returns: the per-block function, set up once per worker (or once in process). */
export interface BlockRunner {
  /** Entries of each block's result. */
  readonly size: number
  /** Compute block `block` into `out` (length `size`, zeroed by the caller). */
  readonly run: (block: number, out: Float64Array) => void
  /**
   * For results whose length varies from block to block (per-visit records): compute block
   * `block` and return its result, a view valid until the next call. When present, the pool
   * calls this instead of `run`, and `size` is unused.
   * @default none (fixed-size results through `run`)
   */
  readonly runVariable?: ((block: number) => Float64Array) | undefined
}

export interface BlockJob<P> {
  /** URL of the module that exports this job: its `import.meta.url`. */
  readonly module: string
  /** Name of the export that holds this job in that module. */
  readonly name: string
  /** Set up from the payload; called once per worker, or once for an in-process run. */
  readonly init: (payload: P) => BlockRunner
}

/**
 * Declare a block job; `module` must be the declaring module's `import.meta.url` and `name` the
 * name it is exported as.
 *
 * @example
 * export const squares = defineJob(import.meta.url, "squares", (p: { k: number }) => ({
 *   size: 1,
 *   run: (block, out) => { out[0] = p.k * block * block }
 * }))
 */
export const defineJob = <P>(module: string, name: string, init: (payload: P) => BlockRunner): BlockJob<P> => ({ module, name, init })
