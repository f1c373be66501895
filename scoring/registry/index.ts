/** Trained models stored in the store, champion/challenger promotion, and drift against training. */
export type { DriftReport } from './drift.ts';
export { DriftAccumulator, driftReport } from './drift.ts';
export { modelRegistryMigrations } from './migration.ts';
export type { ModelRecord, ModelRun, ModelStatus, NewModel } from './model-registry.ts';
export { ModelRegistry, modelStatuses } from './model-registry.ts';
export type { PromotionDecision, PromotionRule } from './promotion.ts';
export { decidePromotion, ROC_AUC_RULE } from './promotion.ts';
