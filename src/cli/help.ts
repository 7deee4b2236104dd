/** Help texts. Each fits 80 columns; tests pin them. */
import { VERSION } from "../version.js"

export const mainHelp = `cxsim ${VERSION} — simulate customers of different personas through a journey

Usage: cxsim <command> [options]

Commands:
  run SCENARIO        simulate a scenario (or one of its variants) and report
  compare SCENARIO    compare variants with the baseline on the same customers
  bench PATH...       judge variants against gates (CI); exit 1 on a breach
  validity            check the model against the literature's effects
  merge PART...       merge the partial results of run --shard into one report
  sweep SCEN DESIGN   run a design's points to a file, resumably (CSV, NDJSON)
  sensitivity S D     which parameters matter for whom: oat, morris, sobol
  calibrate SCENARIO  fit personas to a survey; check the fit out of sample
  validate FILE...    check scenario, persona and suite files: line and field
  init DIR            write a starter scenario and personas that run
  tui [SCENARIO]      change a journey live, see who gains; keep it as a variant

Options:
  -h, --help          show help (also: cxsim <command> --help)
  -v, --version       show the version

Exit codes: 0 success, 1 a bench gate breached or a validity effect failed,
2 usage error, 3 invalid input, 4 runtime failure.
Docs: README.md, docs/format.md (file formats), docs/model.md (the model).
`

export const runHelp = `Usage: cxsim run SCENARIO [options]

Simulate synthetic customers through the scenario's journey and report CSAT,
NPS, effort (CES), completion, churn and revenue per segment.

Options:
  --variant NAME      apply a variant declared in the scenario
  --customers N       number of customers (default: the scenario's population)
  --seed S            seed of the random streams (default: the scenario's seed)
  --format FORMAT     table | json | csv | md | html (default: table); html is
                      one self-contained page with charts (docs/report.md)
  --out FILE          write the report to FILE (atomically) instead of stdout
  --force             let --out and --records replace a file cxsim did not write
  --workers N         threads to use (default: one per core; 1 runs in process)
  --shard I/N         run the I-th of N slices and write a partial result for
                      cxsim merge (JSON, to --out or stdout)
  --records FILE      also write per-customer records to FILE as the run goes:
                      .csv (metadata in FILE.meta.json), .ndjson or .parquet
  --records-level L   customer: a row per customer (default); visit: a row
                      per touchpoint visit; period: a row per period
  --strict            warnings (slips that validate) are errors: exit 3
  -q, --quiet         no progress bar
  -h, --help          show this help

The same scenario, variant, seed and population always give the same report,
whatever the number of workers or shards.

Examples:
  cxsim run scenarios/restaurant.yaml
  cxsim run scenarios/restaurant.yaml --variant faster-kitchen --format md
  cxsim run scenarios/restaurant.yaml --format html --out restaurant.html
  cxsim run scenarios/support.yaml --customers 100000 --format json --out r.json
  cxsim run scenarios/support.yaml --customers 1e7 --shard 2/4 --out part-2.json
  cxsim run scenarios/support.yaml --records customers.parquet
`

export const validateHelp = `Usage: cxsim validate FILE...

Check scenario files (with their personas and every variant), persona files
and bench suites (with their scenario, variants and gates). Each problem is
printed as FILE:LINE:COLUMN: FIELD: MESSAGE.

Exit code 0 when every file is valid, 3 when any is not.

Options:
  --strict            warnings (slips that validate) are errors: exit 3
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

export const mergeHelp = `Usage: cxsim merge PART... [options]

Merge the partial results that cxsim run --shard I/N wrote, and report as one
run of the whole population would, byte for byte. The parts must come from the
same scenario (by hash), variant, seed, population and cxsim version, and cover
every shard exactly once; otherwise nothing is written and the exit code is 3.

Options:
  --format FORMAT     table | json | csv | md | html (default: table); html is
                      one self-contained page with charts (docs/report.md)
  --out FILE          write the report to FILE (atomically) instead of stdout
  --force             let --out replace a file cxsim did not write
  -h, --help          show this help

Example:
  for i in 1 2 3 4; do
    cxsim run scenarios/support.yaml --shard $i/4 --out part-$i.json
  done
  cxsim merge part-*.json --format md --out report.md
`

export const tuiHelp = `Usage: cxsim tui [SCENARIO] [options]

The terminal UI: open a scenario, change service levels, failure and recovery
rates, next steps, the persona mix or the population, and see within a second
which segments gain and which lose, paired on the same synthetic customers.
Keep a what-if as a named variant in the scenario file (its comments and
layout kept) or in a new file, for cxsim run --variant, compare and bench.

Without SCENARIO, pick one from scenarios/. \`cxsim\` alone on a terminal opens
it too. It needs a terminal; from scripts use cxsim run.

Options:
  --variant NAME      start from a variant instead of asking
  --customers N       customers per run (default: the scenario's population)
  --seed S            seed of the random streams (default: the scenario's seed)
  -h, --help          show this help

Keys: ? shows them all; q or Ctrl-C quits and leaves the terminal as it was.
`

export const compareHelp = `Usage: cxsim compare SCENARIO [options]

Run the baseline and its variants on the same synthetic customers and compare
them customer by customer: per segment and overall, the change in CSAT, NPS,
effort (CES), completion, churn and revenue with paired 95% intervals, who
gains and who loses, and the touchpoints that explain it.

Options:
  --variants A,B      the variants to compare (default: all of them)
  --all               every variant of the scenario (the default)
  --customers N       customers in every arm (default: the scenario's)
  --seed S            seed of the random streams (default: the scenario's)
  --precision X       customers needed for an NPS interval of ±X points
  --format FORMAT     table | json | csv | md | html (default: table); html is
                      one self-contained page with charts (docs/report.md)
  --out FILE          write the comparison to FILE (atomically)
  --force             let --out replace a file cxsim did not write
  --strict            warnings (slips that validate) are errors: exit 3
  --workers N         threads to use (default: one per core; 1 runs in process)
  -q, --quiet         no progress bar
  -h, --help          show this help

Without --precision, the report gives the smallest change the run can detect
(80% power, two-sided 5%). The same command always gives the same output.

Examples:
  cxsim compare scenarios/restaurant.yaml
  cxsim compare scenarios/support.yaml --variants no-bot,callback --format md
  cxsim compare scenarios/insurance-claim.yaml --precision 0.5
  cxsim compare scenarios/restaurant.yaml --format html --out compare.html
`

export const benchHelp = `Usage: cxsim bench PATH... [options]

Run benchmark suites (suite files, or folders of *.yaml suites): compare each
suite's variants with its scenario's baseline on the same customers, and judge
its gates. A gate is breached only when the whole 95% interval lies beyond its
threshold, inconclusive when the interval straddles it.

Options:
  --json FILE         write the full result as JSON
  --junit FILE        write JUnit XML: one test case per gate, variant and
                      segment (breached: failure; inconclusive: skipped)
  --markdown FILE     write a summary for a pull-request comment
  --html FILE         write a page with each gate's intervals against its
                      threshold, for people without a terminal
  --baseline FILE     compare with results stored in FILE
  --update-baseline   store this run's results in the --baseline FILE
  --accept-scenario-change
                      store them even where the scenario changed since
  --strict            inconclusive checks, and checks of a segment
                      without customers, fail the run too
  --force             let outputs replace files cxsim did not write
  --workers N         threads to use (default: one per core; 1 runs in
                      process); every output is the same for any number
  -q, --quiet         no progress bars
  -h, --help          show this help

Exit codes: 0 no gate is breached, 1 a gate is breached (or, with --strict,
inconclusive or without data), 2 usage error, 3 invalid suite or scenario,
4 runtime failure.
Suite format and a ready CI job: docs/ci.md.

Example:
  cxsim bench bench/journeys --junit bench.xml --markdown bench.md
`

export const validityHelp = `Usage: cxsim validity [options]

Run the validity suite: one small scenario per effect of the customer-
experience literature (disconfirmation, zone of tolerance, loss aversion, Kano,
peak-end, duration neglect, effort, recovery, loyalty, adaptation, NPS and CSAT
scales), each measured by comparing arms on the same customers and judged
against a tolerance from its source (docs/validity.md).

Options:
  --persona FILE      run with this persona file's behavioural parameters in
                      place of the defaults (repeat for several personas)
  --customers N       customers per segment and arm (default: 20000)
  --format FORMAT     table | md | json (default: table)
  --out FILE          write the result to FILE (atomically) instead of stdout
  --force             let --out replace a file cxsim did not write
  -q, --quiet         no progress bar
  -h, --help          show this help

Exit codes: 0 every effect holds, 1 an effect fails or cannot be measured,
2 usage error, 3 invalid persona file, 4 runtime failure.

Examples:
  cxsim validity
  cxsim validity --persona personas/calibrated.yaml
  cxsim validity --format md --out docs/validity.md
`
