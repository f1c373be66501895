import type { Score } from '../../../core/schema/index.ts';
import type { CanonicalStore } from '../../../core/store/canonical-store.ts';
import type { ScoreBand } from '../../../scoring/calibration/score-bands.ts';
import { featuresForEntity } from '../../../scoring/features/entity-features.ts';
import { featureSetOf } from '../../../scoring/features/feature-set.ts';
import { isoOf } from '../../../scoring/features/time.ts';
import { populationFor } from '../../../scoring/labels/populations.ts';
import { parseBinaryArtifact } from '../../../scoring/models/binary-artifact.ts';
import { BinaryScorer, rawRowRecord } from '../../../scoring/models/binary-scorer.ts';
import { type ModelSpec, trainingOrder } from '../../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { storedTierAssigner } from '../../../scoring/tiers/index.ts';
import type { ChangedEntities } from './changed-entities.ts';

const TOP_REASONS = 3;

/**
 * Scores the given entities with every enabled lead and churn model's promoted version, by the
 * same feature code, population rule and scorer as `scorebridge score` (scoring/batch), and saves
 * the scores (history kept). LTV and next-best-action scores depend on the whole book and are
 * refreshed by the next batch run.
 */
export async function rescoreEntities(
  store: CanonicalStore,
  registry: ModelRegistry,
  specs: readonly ModelSpec[],
  entities: ChangedEntities,
  asOf: Date,
  /** The configuration's scoring.tiers, for models without their own tier rule. */
  bands?: readonly ScoreBand[],
): Promise<Score[]> {
  const cutoffMs = asOf.getTime();
  const computedAt = isoOf(cutoffMs);
  const scores: Score[] = [];
  for (const spec of trainingOrder(specs)) {
    if (spec.kind !== 'lead' && spec.kind !== 'churn') continue;
    const record = registry.promoted(spec.name);
    if (!record) continue;
    const artifact = parseBinaryArtifact(record.artifact, `model ${record.name} v${record.version}`);
    const featureSet = featureSetOf(artifact);
    const ids = entities[featureSet.entityType];
    if (ids.size === 0) continue;
    const scorer = new BinaryScorer(artifact);
    // Percentile tiers come from the cut points of the model's latest full run.
    const tiers = storedTierAssigner(registry, spec, bands);
    const inPopulation = populationFor(artifact.kind);
    const encoded = new Float64Array(artifact.featureNames.length);
    let encoder: ReturnType<BinaryScorer['rowEncoder']> | undefined;
    for (const id of ids) {
      const features = await featuresForEntity(store, featureSet.entityType, id, asOf, featureSet);
      if (!features || !inPopulation(features.snapshot, cutoffMs)) continue;
      encoder ??= scorer.rowEncoder(features.featureNames);
      const explained = scorer.explain(
        encoder.encode(features.values, encoded),
        rawRowRecord(features.featureNames, features.values),
        TOP_REASONS,
      );
      scores.push({
        entityType: featureSet.entityType,
        entityId: features.entityId,
        model: spec.name,
        kind: artifact.kind,
        modelVersion: String(record.version),
        probability: explained.probability,
        value: explained.value,
        tier: tiers.tierOf({ value: explained.value, key: explained.probability, id: features.entityId }),
        reasons: explained.reasons,
        amount: null,
        action: null,
        computedAt,
        asOf: computedAt,
      });
    }
  }
  if (scores.length > 0) await store.saveScores(scores);
  return scores;
}
