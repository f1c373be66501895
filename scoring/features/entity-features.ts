import type { EntityType } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { FeatureEvaluator } from './evaluate/evaluate.ts';
import { builtinFeatureSet, type FeatureSet, featureNames } from './feature-set.ts';
import type { RawFeatureValues } from './raw-table.ts';
import { type EntitySnapshot, loadSnapshot } from './snapshot.ts';
import { isoOf, parseCutoff } from './time.ts';

export interface EntityFeatures {
  readonly entityType: EntityType;
  /** The surviving id (merged-away ids resolve to their winner). */
  readonly entityId: string;
  readonly cutoff: string;
  readonly featureNames: readonly string[];
  readonly values: RawFeatureValues;
  readonly snapshot: EntitySnapshot;
}

const evaluators = new WeakMap<FeatureSet, FeatureEvaluator>();

/** One evaluator per feature set, built on first use. */
export function evaluatorFor(set: FeatureSet): FeatureEvaluator {
  let evaluator = evaluators.get(set);
  if (!evaluator) {
    evaluator = new FeatureEvaluator(set);
    evaluators.set(set, evaluator);
  }
  return evaluator;
}

/**
 * Features of one entity as of `cutoff`, evaluated in process from its own events (the real-time
 * API and webhooks): the same plan batch scoring compiles to SQL. Null when the store does not
 * know the id.
 */
export async function featuresForEntity(
  store: CanonicalStore,
  entityType: EntityType,
  id: string,
  cutoff: string | Date,
  featureSet: FeatureSet = builtinFeatureSet(entityType),
): Promise<EntityFeatures | null> {
  const cutoffMs = parseCutoff(cutoff, 'featuresForEntity cutoff');
  const snapshot = await loadSnapshot(store, entityType, id, isoOf(cutoffMs));
  if (!snapshot) return null;
  return {
    entityType,
    entityId: snapshot.id,
    cutoff: isoOf(cutoffMs),
    featureNames: featureNames(featureSet),
    values: evaluatorFor(featureSet).values(snapshot, cutoffMs),
    snapshot,
  };
}
