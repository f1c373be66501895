/**
 * Tree learners of the scoring core: histogram random forests and gradient boosting on typed
 * arrays, a fast predictor and versioned JSON. The shared contract is in types.ts.
 *
 * Typical use:
 *   const model = trainBoosting(data, y, { earlyStopping: true });   // or await trainForest(data, y)
 *   const p = ensemblePredictor(model).predict(testData);             // P(y=1) per row
 *   const json = serializeEnsemble(model);  ...  parseEnsemble(json)
 *
 * - Inputs: a column-major Dataset (NaN = missing; categorical columns hold integer codes) or a
 *   BinnedDataset from binDataset() to bin once and train several models; y is 0/1 for
 *   classification, any finite number for regression.
 * - Both learners handle missing values (learned direction per split) and categorical features
 *   (category-set splits) natively, and are deterministic for params.seed.
 * - Parameter defaults are documented on ForestParams and BoostingParams (params.ts).
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
