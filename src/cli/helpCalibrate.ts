/** Help text of cxsim calibrate. Fits 80 columns; tests pin it. */

export const calibrateHelp = `Usage: cxsim calibrate SCENARIO --survey FILE --map MAP.yaml [options]

Fit a scenario's personas to what real customers said: respondents are split
(seeded, by segment) into a fit half and a check half; the free parameters
(the mapping's calibrate: section, else a default set) are fitted to the fit
half's answer distributions, with the survey's share of careless answers
(answerNoise: fitted and reported, never written back); intervals come from a
bootstrap of respondents; the report compares the calibrated model with the
check half, against the noise ceiling of the data.

Options:
  --survey FILE       the survey: .csv (, ; or tab separated) or .ndjson
  --map MAP.yaml      the mapping file (schema/survey-map.schema.json)
  --variant NAME      calibrate a variant of the scenario
  --fit-where EXPR    fit on the matching respondents only, check on the
                      others, e.g. "food_wait_min <= 20"
  --seed S            seed (default: the mapping's, else the scenario's)
  --customers N       customers per evaluation (default: the mapping's,
                      else 20000)
  --budget N          simulations the fit may spend, its Jacobians included
                      (default: 200 + 100 per free parameter)
  --optimizer O       scoring (default) | cmaes: a global search of the
                      bounds first, then the scoring from its best point
  --workers N         worker threads (default: one per core)
  --format FORMAT     table | md | json | csv | html (default: table)
  --out FILE          write the report to FILE (atomically)
  --write W           keep the fitted values: in-place | DIR | variant:NAME
  --strict            refuse a survey from which respondents would be dropped
  --force             replace an --out file cxsim did not write
  -q, --quiet         no progress bar
  -h, --help          show this help

Mapping files and the method: docs/calibrate.md.

Examples:
  cxsim calibrate scenarios/restaurant.yaml \\
    --survey scenarios/calibrate/restaurant-survey.csv \\
    --map scenarios/calibrate/restaurant-survey.map.yaml --write calibrated/
`
