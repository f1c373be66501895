/**
 * Point-in-time features as data. Definitions (vocabulary/, catalog/*.yaml and the user's
 * scoring.features) are lowered to one plan (plan/), which the SQL compiler (sql/) runs over whole
 * populations and the evaluator (evaluate/) runs for one entity at a time.
 */

export {
  contactConvertedMs,
  customerSinceMs,
  existedSinceMs,
  firstWonMs,
  hasUntimedConversion,
  isActiveCustomerAt,
} from './customer-timeline.ts';
export type { CategoryDictionary } from './dictionary.ts';
export { categoryDictionarySchema, encodeTable, learnDictionary, RowEncoder } from './dictionary.ts';
export type { EntityFeatures } from './entity-features.ts';
export { evaluatorFor, featuresForEntity } from './entity-features.ts';
export { type AccountMeasures, FeatureEvaluator } from './evaluate/evaluate.ts';
export type { FeatureAdditions, FeatureSet, FeatureSpec } from './feature-set.ts';
export {
  builtinFeatureSet,
  featureCatalog,
  featureNames,
  featureSetFor,
  featureSetOf,
  featureSpecSchema,
} from './feature-set.ts';
export type { RawFeatureValues, RawTable } from './raw-table.ts';
export { RawTableBuilder, selectTableRows } from './raw-table.ts';
export type { AccountSnapshot, ContactSnapshot, EntitySnapshot, WalkOptions } from './snapshot.ts';
export { loadSnapshot, walkSnapshots } from './snapshot.ts';
export { DAY_MS, isoOf, parseCutoff } from './time.ts';
