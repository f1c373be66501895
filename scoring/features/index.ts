/**
 * Point-in-time features from the canonical store. One definition per feature (definition.ts),
 * one code path for training, batch scoring and single-entity scoring (build.ts).
 */

export { accountFeatureSet } from './account-features.ts';
export type { ActivitySummary } from './activity-summary.ts';
export { summarizeActivity } from './activity-summary.ts';
export type { CollectedRows, CollectOptions, EntityFeatures, FeaturePage } from './build.ts';
export { collectRows, featurePages, featuresForEntity, viewsAt } from './build.ts';
export { contactFeatureSet } from './contact-features.ts';
export {
  contactConvertedMs,
  customerSinceMs,
  existedSinceMs,
  firstWonMs,
  hasUntimedConversion,
  isActiveCustomerAt,
} from './customer-timeline.ts';
export type { FeatureDefinition, FeatureSet } from './definition.ts';
export { featureCatalog, featureNames, trendChange } from './definition.ts';
export type { CategoryDictionary } from './dictionary.ts';
export { categoryDictionarySchema, encodeTable, learnDictionary, RowEncoder } from './dictionary.ts';
export { featureSetByName, featureSetFor } from './feature-sets.ts';
export type { DealHistory, PointInTimeProfile, PointInTimeView } from './point-in-time.ts';
export { dealHistoryAt, viewAt } from './point-in-time.ts';
export type { RawFeatureValues, RawTable } from './raw-table.ts';
export { computeFeatures, RawTableBuilder, selectTableRows } from './raw-table.ts';
export type { AccountSnapshot, ContactSnapshot, EntitySnapshot, WalkOptions } from './snapshot.ts';
export { loadSnapshot, walkSnapshots } from './snapshot.ts';
export { DAY_MS, isoOf, parseCutoff } from './time.ts';
