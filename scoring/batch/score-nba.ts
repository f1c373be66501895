import type { Score, Tier } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { featurePages } from '../features/build.ts';
import { featureNames } from '../features/definition.ts';
import { featureSetFor } from '../features/feature-sets.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import { populationFor } from '../labels/populations.ts';
import { parseTierBands } from '../models/binary-artifact.ts';
import { nbaAnswer } from '../models/entity-answers.ts';
import { type BaseProbe, baseProbabilityKey } from '../models/nba-log.ts';
import { type NbaArtifact, NbaPolicy } from '../models/nba-policy.ts';
import type { BatchScoreOptions, ModelRef } from './score-binary.ts';

export interface NbaScoreResult {
  readonly model: string;
  readonly scored: number;
  readonly actions: Readonly<Record<string, number>>;
  readonly tiers: Readonly<Record<Tier, number>>;
}

/**
 * The next best action for everyone the outcome concerns (paying accounts, or not-yet-converted
 * people): `Score.action` is the action id; the value is the learned policy's expected outcome of
 * that action, or (for rules and single-action policies) the urgency from the base model.
 */
export async function scoreNbaModel(
  store: CanonicalStore,
  model: ModelRef<NbaArtifact>,
  options: BatchScoreOptions & { base?: BaseProbe | null; bands?: unknown },
): Promise<NbaScoreResult> {
  const cutoffMs = parseCutoff(options.asOf, 'score as-of');
  const computedAt = options.computedAt ?? isoOf(cutoffMs);
  const bands = parseTierBands(options.bands);
  const policy = new NbaPolicy(model.artifact);
  const { entityType } = model.artifact;
  const set = featureSetFor(entityType);
  const names = featureNames(set);
  const baseKey = baseProbabilityKey(entityType);
  const actions: Record<string, number> = {};
  const tiers: Record<Tier, number> = { low: 0, medium: 0, high: 0 };
  let scored = 0;
  const pages = featurePages(store, set, cutoffMs, {
    pageSize: options.pageSize ?? 1000,
    include: populationFor(entityType === 'account' ? 'churn' : 'lead'),
  });
  for await (const page of pages) {
    const scores: Score[] = page.rows.map((values, i) => {
      const answer = nbaAnswer(
        values,
        names,
        policy,
        model.artifact,
        { key: baseKey, probe: options.base },
        bands,
      );
      const action = answer.action ?? '';
      actions[action] = (actions[action] ?? 0) + 1;
      tiers[answer.tier as Tier] += 1;
      scored += 1;
      return {
        entityType,
        entityId: page.snapshots[i]!.id,
        model: model.name,
        kind: 'nba',
        modelVersion: model.version,
        probability: null,
        value: answer.value,
        tier: answer.tier as Tier,
        reasons: answer.reasons,
        amount: null,
        action: answer.action,
        computedAt,
      };
    });
    await store.saveScores(scores);
    options.onProgress?.(`${model.name}: scoring`, scored);
  }
  return { model: model.name, scored, actions, tiers };
}
