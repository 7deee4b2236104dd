/** Help texts. Each fits 80 columns; tests pin them. */
import { VERSION } from "../version.js"

export const mainHelp = `cxsim ${VERSION} — simulate customers of different personas through a journey

Usage: cxsim <command> [options]

Commands:
  run SCENARIO        simulate a scenario (or one of its variants) and report
  validate FILE...    check scenario and persona files, with line and field
  init DIR            write a starter scenario and personas that run

Options:
  -h, --help          show help (also: cxsim <command> --help)
  -v, --version       show the version

Exit codes: 0 success, 2 usage error, 3 invalid input, 4 runtime failure.
Docs: README.md, docs/format.md (file formats), docs/model.md (the model).
`

export const runHelp = `Usage: cxsim run SCENARIO [options]

Simulate synthetic customers through the scenario's journey and report CSAT,
NPS, effort (CES), completion, churn and revenue per segment.

Options:
  --variant NAME      apply a variant declared in the scenario
  --customers N       number of customers (default: the scenario's population)
  --seed S            seed of the random streams (default: the scenario's seed)
  --format FORMAT     table | json | csv | md (default: table)
  --out FILE          write the report to FILE (atomically) instead of stdout
  --force             let --out replace a file cxsim did not write
  -q, --quiet         no progress bar
  -h, --help          show this help

The same scenario, variant, seed and population always give the same report.

Examples:
  cxsim run scenarios/restaurant.yaml
  cxsim run scenarios/restaurant.yaml --variant faster-kitchen --format md
  cxsim run scenarios/support.yaml --customers 100000 --format json --out r.json
`

export const validateHelp = `Usage: cxsim validate FILE...

Check scenario files (with their personas and every variant) and persona
files. Each problem is printed as FILE:LINE:COLUMN: FIELD: MESSAGE.

Exit code 0 when every file is valid, 3 when any is not.

Options:
  -h, --help          show this help
`

export const initHelp = `Usage: cxsim init DIR

Write a starter project into DIR: scenarios/starter.yaml, two personas in
personas/, and the JSON Schemas in schema/ for editor completion. Refuses to
overwrite existing files.

Then:  cxsim run DIR/scenarios/starter.yaml

Options:
  -h, --help          show this help
`
