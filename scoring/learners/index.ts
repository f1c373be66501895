/**
 * Tree learners of the scoring core: histogram random forests and gradient boosting on typed
 * arrays, a fast predictor and versioned JSON. See types.ts for the shared contract.
 */
export type { BinnedDataset, Binner, BinningParams, FeatureBins } from './binning.ts';
export { applyBinner, binDataset, fitBinner } from './binning.ts';
export type { BoostingInput, BoostingResult, ValidationSet } from './boosting.ts';
export { trainBoosting, trainBoostingDetailed } from './boosting.ts';
export { trainForest, trainForestSync } from './forest.ts';
export type { BoostingParams, CategoricalSplitParams, ForestParams } from './params.ts';
export type { EnsemblePredictor } from './predict.ts';
export { ensembleOutput, ensemblePredictor } from './predict.ts';
export { deriveSeed, Rng } from './rng.ts';
export { ENSEMBLE_FORMAT, ENSEMBLE_VERSION, parseEnsemble, serializeEnsemble } from './serialize.ts';
export type { Dataset, FlatTree, Predictor, TreeEnsemble } from './types.ts';
