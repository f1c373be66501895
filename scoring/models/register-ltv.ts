import { createHash } from 'node:crypto';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import type { ModelRecord, ModelRegistry } from '../registry/model-registry.ts';
import { decidePromotion } from '../registry/promotion.ts';
import { ltvArtifactToJson, parseLtvArtifact } from './ltv-artifact.ts';
import type { LtvRow } from './ltv-facts.ts';
import { type LtvTrainOptions, ltvMetrics, type TrainedLtvModel, trainLtvModel } from './ltv-trainer.ts';
import type { RegisteredModel } from './register-binary.ts';

/** Holdout MAE of a stored LTV model on another model's holdout rows, or null when it cannot be read. */
export function ltvMaeOnHoldout(
  record: ModelRecord,
  rows: readonly LtvRow[],
  evaluationDays: number,
): number | null {
  try {
    const artifact = parseLtvArtifact(record.artifact, `model ${record.name} v${record.version}`);
    return ltvMetrics(rows, artifact.params, evaluationDays, '').mae;
  } catch {
    return null;
  }
}

/**
 * Trains the LTV model and promotes it unless the champion's parameters predict the new holdout's
 * realised revenue better (lower MAE by more than 2 %).
 */
export async function trainAndRegisterLtv(
  fe: FeatureEngine,
  registry: ModelRegistry,
  options: LtvTrainOptions & { readonly name: string },
): Promise<RegisteredModel<TrainedLtvModel>> {
  const trained = await trainLtvModel(fe, options);
  const champion = registry.promoted(options.name);
  const championMae = champion
    ? ltvMaeOnHoldout(champion, trained.holdout, trained.metrics.evaluationDays)
    : null;
  const tolerance = championMae !== null && Number.isFinite(championMae) ? 0.02 * championMae : 0;
  const decision = decidePromotion(trained.metrics.mae, championMae, {
    metric: 'holdout revenue MAE',
    higherIsBetter: false,
    tolerance,
  });
  const asOf = isoOf(parseCutoff(options.asOf, 'as-of'));
  const added = registry.add({
    name: options.name,
    kind: 'ltv',
    entity: 'account',
    asOf,
    trainingWindow: { from: trained.metrics.holdoutCutoff, to: asOf },
    features: ['purchases', 'recency', 'age', 'monetary_value', 'mrr', 'churn_probability'],
    metrics: {
      ...trained.metrics,
      championOnHoldout: championMae,
      championVersion: champion?.version ?? null,
    },
    fingerprint: createHash('sha256').update(JSON.stringify(trained.holdout)).digest('hex'),
    artifact: ltvArtifactToJson(trained.artifact),
  });
  if (decision.promote) registry.promote(options.name, added.version, decision.reason);
  else registry.reject(options.name, added.version, decision.reason);
  return { record: registry.get(options.name, added.version)!, decision, trained };
}
