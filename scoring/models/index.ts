/** Lead, churn, lifetime-value and next-best-action models: training, artifacts, scorers, registration. */
export type { BinaryModelArtifact } from './binary-artifact.ts';
export { binaryArtifactToJson, parseBinaryArtifact, parseTierBands } from './binary-artifact.ts';
export type { BinaryTrainOptions, ProgressCallback } from './binary-options.ts';
export type { ExplainedScore } from './binary-scorer.ts';
export { BinaryScorer, rawRowRecord } from './binary-scorer.ts';
export type { BinaryModelMetrics, HoldoutRows, TrainedBinaryModel } from './binary-trainer.ts';
export { trainBinaryModel } from './binary-trainer.ts';
export { SCORING_TREE_PARAMS } from './candidates.ts';
export { ltvArtifactToJson, parseLtvArtifact } from './ltv-artifact.ts';
export type { LtvArtifact, LtvMetrics, LtvTrainOptions, TrainedLtvModel } from './ltv-trainer.ts';
export { trainLtvModel } from './ltv-trainer.ts';
export type { ModelSpec } from './model-specs.ts';
export { binaryProbe, DEFAULT_MODEL_SPECS, modelSpecSchema, specsFromConfig } from './model-specs.ts';
export type { NbaActionConfig, NbaContext } from './nba-catalog.ts';
export {
  DEFAULT_ACCOUNT_ACTIONS,
  DEFAULT_CONTACT_ACTIONS,
  defaultCatalog,
  nbaCatalogSchema,
  parseNbaCatalog,
} from './nba-catalog.ts';
export { NBA_ACTION_PROPERTY, NBA_PROPENSITY_PROPERTY } from './nba-log.ts';
export type { NbaArtifact, NbaPolicySpec } from './nba-policy.ts';
export { NbaPolicy, nbaArtifactToJson, parseNbaArtifact } from './nba-policy.ts';
export type { NbaTrainOptions, TrainedNbaModel } from './nba-trainer.ts';
export { trainNbaModel } from './nba-trainer.ts';
export type { RegisteredModel } from './register-binary.ts';
export { binaryMetricOnHoldout, trainAndRegisterBinary } from './register-binary.ts';
export { trainAndRegisterLtv } from './register-ltv.ts';
export { trainAndRegisterNba } from './register-nba.ts';
export type { TrainAllOptions, TrainedSpec } from './train-all.ts';
export { trainAll } from './train-all.ts';
