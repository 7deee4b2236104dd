/** Help texts of cxsim sweep and cxsim sensitivity. Each fits 80 columns; tests pin them. */

export const sweepHelp = `Usage: cxsim sweep SCENARIO DESIGN --out FILE [options]
       cxsim sweep --merge PART... --out FILE

Run every point of a design (grid, latin-hypercube, sobol or csv points) on
a scenario, and append a row per point, replication, segment and metric
(value, lo, hi) to FILE as each point finishes. Rerun the same command after
an interruption: complete points are kept, the rest is run.

Options:
  --out FILE          the output file (required); resumed when it holds this
                      sweep's first points
  --format FORMAT     csv | ndjson (default: FILE's extension, .csv or
                      .ndjson, else the design's, else csv)
  --shard I/N         run the I-th of N contiguous slices of the points
  --merge             join the shard files given as arguments into --out:
                      the same bytes as a one-machine run
  --customers N       customers per run (default: the design's, else the
                      scenario's population)
  --seed S            seed (default: the design's, else the scenario's)
  --workers N         threads to use (default: one per core; 1 runs in process)
  --force             start over in a FILE of another sweep or not cxsim's
  --strict            warnings (slips that validate) are errors: exit 3
  -q, --quiet         no progress bar
  -h, --help          show this help

Design files: docs/sweep.md (schema/design.schema.json).

Examples:
  cxsim sweep scenarios/restaurant.yaml designs/kitchen.yaml --out k.csv
  cxsim sweep scenarios/restaurant.yaml designs/kitchen.yaml --shard 2/3 \\
    --out part-2.csv
  cxsim sweep --merge part-1.csv part-2.csv part-3.csv --out k.csv
`

export const sensitivityHelp = `Usage: cxsim sensitivity SCENARIO DESIGN [options]

Which parameters of a design move which metric, for which segment: a tornado
of one-at-a-time effects (oat), Morris elementary effects (mu*, sigma), or
Sobol first-order and total indices with bootstrap intervals. Parameters are
ranked per segment and metric, and those whose rank differs most between
segments are called out.

Options:
  --method METHOD     oat | morris | sobol (default: the design's, else oat)
  --metric NAME       show only this metric (default: the design's metrics)
  --format FORMAT     table | md | json (default: table)
  --out FILE          write to FILE (atomically) instead of stdout
  --force             let --out replace a file cxsim did not write
  --customers N       customers per run (default: the design's, else the
                      scenario's population)
  --seed S            seed (default: the design's, else the scenario's)
  --workers N         threads to use (default: one per core; 1 runs in process)
  -q, --quiet         no progress bar
  --strict            warnings (slips that validate) are errors: exit 3
  -h, --help          show this help

Runs: oat 2d+1, morris r(d+1), sobol N(d+2), for d parameters (times the
design's replications). Reading the results: docs/sweep.md.

Examples:
  cxsim sensitivity scenarios/restaurant.yaml designs/kitchen.yaml
  cxsim sensitivity scenarios/restaurant.yaml designs/kitchen.yaml \\
    --method morris --format md --out kitchen.md
`
