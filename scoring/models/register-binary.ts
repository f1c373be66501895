import type { FeatureSet } from '../features/feature-set.ts';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import { rocAuc } from '../metrics/ranking.ts';
import type { ModelRecord, ModelRegistry } from '../registry/model-registry.ts';
import {
  decidePromotion,
  type PromotionDecision,
  type PromotionRule,
  ROC_AUC_RULE,
} from '../registry/promotion.ts';
import { binaryArtifactToJson, parseBinaryArtifact } from './binary-artifact.ts';
import type { BinaryTrainOptions } from './binary-options.ts';
import { BinaryScorer } from './binary-scorer.ts';
import { type HoldoutRows, type TrainedBinaryModel, trainBinaryModel } from './binary-trainer.ts';

export interface RegisteredModel<T> {
  readonly record: ModelRecord;
  readonly decision: PromotionDecision;
  readonly trained: T;
}

/**
 * ROC-AUC of a stored lead/churn model on another model's holdout rows, or null when it cannot be
 * re-scored there (another kind, or features the holdout does not have).
 */
export function binaryMetricOnHoldout(record: ModelRecord, holdout: HoldoutRows): number | null {
  let artifact: ReturnType<typeof parseBinaryArtifact>;
  try {
    artifact = parseBinaryArtifact(record.artifact, `model ${record.name} v${record.version}`);
  } catch {
    return null;
  }
  if (!artifact.featureNames.every((name) => holdout.table.featureNames.includes(name))) return null;
  let positives = 0;
  for (const v of holdout.y) positives += v;
  if (positives === 0 || positives === holdout.y.length) return Number.NaN;
  const scorer = new BinaryScorer(artifact);
  return rocAuc(holdout.y, scorer.probabilities(scorer.encodeTable(holdout.table)));
}

/**
 * Trains a lead or churn model, stores it as a candidate, and promotes it only if it is not worse
 * than the current champion re-scored on the new model's own holdout; otherwise it is rejected and
 * the champion keeps scoring.
 */
export async function trainAndRegisterBinary(
  fe: FeatureEngine,
  registry: ModelRegistry,
  options: BinaryTrainOptions & {
    readonly name: string;
    readonly rule?: PromotionRule;
    readonly featureSet?: FeatureSet;
  },
): Promise<RegisteredModel<TrainedBinaryModel>> {
  const { name: _name, rule: _rule, ...trainOptions } = options;
  const trained = await trainBinaryModel(fe, trainOptions);
  const champion = registry.promoted(options.name);
  const championMetric = champion ? binaryMetricOnHoldout(champion, trained.holdout) : null;
  const decision = decidePromotion(
    trained.metrics.holdout.rocAuc,
    championMetric,
    options.rule ?? ROC_AUC_RULE,
  );
  const added = registry.add({
    name: options.name,
    kind: options.kind,
    entity: trained.artifact.entityType,
    asOf: isoOf(parseCutoff(options.asOf, 'as-of')),
    trainingWindow: trained.trainingWindow,
    features: trained.artifact.featureNames,
    metrics: {
      ...trained.metrics,
      championOnHoldout: championMetric,
      championVersion: champion?.version ?? null,
    },
    fingerprint: trained.fingerprint,
    artifact: binaryArtifactToJson(trained.artifact),
  });
  if (decision.promote) registry.promote(options.name, added.version, decision.reason);
  else registry.reject(options.name, added.version, decision.reason);
  return { record: registry.get(options.name, added.version)!, decision, trained };
}
