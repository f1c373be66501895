import { createHash } from 'node:crypto';
import { featureNames } from '../features/feature-set.ts';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import { evaluatePolicy } from '../nba/off-policy.ts';
import type { LoggedDecision } from '../nba/types.ts';
import type { ModelRecord, ModelRegistry } from '../registry/model-registry.ts';
import { decidePromotion } from '../registry/promotion.ts';
import type { NbaContext } from './nba-catalog.ts';
import { NbaPolicy, nbaArtifactToJson, nbaFeatureSet, parseNbaArtifact } from './nba-policy.ts';
import { type NbaTrainOptions, type TrainedNbaModel, trainNbaModel } from './nba-trainer.ts';
import type { RegisteredModel } from './register-binary.ts';

/** IPS value (net of action costs) of a stored policy on a decision log, or null when it cannot run there. */
export function nbaValueOnLog(
  record: ModelRecord,
  log: readonly LoggedDecision<NbaContext>[],
): number | null {
  if (log.length === 0) return null;
  try {
    const policy = new NbaPolicy(
      parseNbaArtifact(record.artifact, `model ${record.name} v${record.version}`),
    );
    const costs = new Map(policy.artifact.catalog.map((a) => [a.id, a.cost]));
    return evaluatePolicy(
      log,
      (context) => policy.choose(context).action.id,
      (id) => costs.get(id) ?? 0,
    ).ips;
  } catch {
    return null;
  }
}

/**
 * Trains the NBA policy and promotes it unless the champion policy earns more (IPS) on the new
 * held-out decision log. Without a log both are rule policies and the newest configuration wins.
 */
export async function trainAndRegisterNba(
  fe: FeatureEngine,
  registry: ModelRegistry,
  options: NbaTrainOptions & { readonly name: string },
): Promise<RegisteredModel<TrainedNbaModel>> {
  const trained = await trainNbaModel(fe, options);
  const champion = registry.promoted(options.name);
  const championValue = champion ? nbaValueOnLog(champion, trained.testLog) : null;
  const value = trained.metrics.policyValue?.ips;
  const decision =
    value === undefined
      ? {
          promote: true,
          reason: trained.artifact.gate.reason,
          candidate: Number.NaN,
          champion: championValue,
        }
      : decidePromotion(value, championValue, {
          metric: 'held-out IPS policy value',
          higherIsBetter: true,
          tolerance: 0,
        });
  const asOf = isoOf(parseCutoff(options.asOf, 'as-of'));
  const added = registry.add({
    name: options.name,
    kind: 'nba',
    entity: options.entityType,
    asOf,
    trainingWindow: {
      from: isoOf(parseCutoff(options.asOf, 'as-of') - (options.maxHistoryDays ?? 730) * 86_400_000),
      to: asOf,
    },
    features: featureNames(nbaFeatureSet(trained.artifact)),
    metrics: {
      ...trained.metrics,
      championOnHoldout: championValue,
      championVersion: champion?.version ?? null,
    },
    fingerprint: createHash('sha256')
      .update(JSON.stringify(trained.testLog.map((r) => [r.action, r.propensity, r.reward])))
      .digest('hex'),
    artifact: nbaArtifactToJson(trained.artifact),
  });
  if (decision.promote) registry.promote(options.name, added.version, decision.reason);
  else registry.reject(options.name, added.version, decision.reason);
  return { record: registry.get(options.name, added.version)!, decision, trained };
}
