/** Exit codes (design.md, contract — exit codes). */
export const ExitCode = {
  ok: 0,
  /** A `bench` gate was breached. */
  breached: 1,
  usage: 2,
  invalidInput: 3,
  runtime: 4,
  /** Ctrl-C (SIGINT). */
  interrupted: 130,
  /** SIGTERM: stopped as cleanly as by Ctrl-C. */
  terminated: 143
} as const
