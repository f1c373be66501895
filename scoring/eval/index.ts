export type { BlendWeights, CandidateName } from './blend.ts';
export { blendPredictions, chooseBlend, describeBlend } from './blend.ts';
export type { CandidateParams } from './candidates.ts';
export {
  DEFAULT_BOOSTING_PARAMS,
  DEFAULT_FOREST_PARAMS,
  DEFAULT_LOGISTIC_PARAMS,
  makeTrainCandidate,
} from './candidates.ts';
export { closestName, levenshtein } from './closest-name.ts';
export type { TypedColumn } from './column-types.ts';
export { inferIsNumeric, isMissingCell, toTypedColumn } from './column-types.ts';
export type { CsvLoadOptions, LoadedCsv } from './csv-dataset.ts';
export {
  CsvLoadOptionsSchema,
  DEFAULT_MISSING_TOKENS,
  loadTabularCsv,
  parseTabularCsv,
} from './csv-dataset.ts';
export { selectRows, selectValues } from './dataset-rows.ts';
export type { EvaluateOptions, EvaluationReport, ModelChoice, SummaryMetric } from './evaluate.ts';
export { evaluate, ModelChoiceSchema, SUMMARY_METRICS } from './evaluate.ts';
export type { Clock, FoldOutcome, FoldPlan, FoldReport, TrainCandidate } from './fold-runner.ts';
export { runFold } from './fold-runner.ts';
export type { Split, TimeHoldoutOptions } from './folds.ts';
export { stratifiedHoldout, stratifiedKFold, timeHoldout } from './folds.ts';
export type { MetricSummary } from './summary.ts';
export { summarize } from './summary.ts';
