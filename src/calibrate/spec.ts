/**
 * The `calibrate:` section of a survey mapping, as decoded (src/model/SurveyMap.ts): which
 * parameters may move (paths in the variant-patch syntax, with bounds and an optional normal
 * prior), customers per evaluation, seed, and the share of respondents kept for the check.
 * Defaults: parameters.ts (`defaultParameters`) and calibrate.ts.
 */
export type { CalibrateSection, FreeParameterSpec } from "../model/SurveyMap.js"
