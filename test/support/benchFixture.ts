/**
 * Benchmark fixtures: the trade-off scenario (tradeoff.ts) written with its personas into a fresh
 * temporary folder, and a suite file beside it in bench/. Removed by `removeFixtures`.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { stringify } from "yaml"
import { writeFixture } from "./fixture.js"
import { tradeoff, tradeoffPersonas } from "./tradeoff.js"

/**
 * Write the trade-off scenario (scenarios/tradeoff.yaml), its personas and `suite` as
 * bench/<name>.yaml; returns the suite file. A suite given as an object is written as YAML, with
 * `scenario: ../scenarios/tradeoff.yaml` unless it names its own.
 */
export const writeSuiteFixture = (suite: string | Record<string, unknown>, name = "suite", scenario: Record<string, unknown> = tradeoff): string => {
  const scenarioFile = writeFixture(scenario, tradeoffPersonas, "tradeoff")
  const dir = path.join(path.dirname(path.dirname(scenarioFile)), "bench")
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.yaml`)
  fs.writeFileSync(file, typeof suite === "string" ? suite : stringify({ scenario: "../scenarios/tradeoff.yaml", ...suite }))
  return file
}

/** A suite with a breached gate (worse), an inconclusive one, and gates that pass (same, warmer). */
export const mixedSuite = {
  name: "tradeoff",
  variants: ["same", "warmer", "worse"],
  customers: 3000,
  seed: 5,
  gates: [
    { name: "overall NPS", metric: "nps", maxDrop: 2, variants: ["same", "worse"] },
    { metric: "churn", segment: "each", maxRise: 1, variants: ["same", "warmer"] },
    { metric: "abandonment", at: "kitchen", max: 50 },
    // Borderline on purpose: the warmer kitchen's effect on completion straddles this threshold.
    { name: "completion <&> \"quoted\"", metric: "completion", segment: "overall", maxDrop: 2.5, variants: ["warmer"] }
  ]
}
