import type { Score, Tier } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { walkSnapshots } from '../features/snapshot.ts';
import { isoOf, parseCutoff } from '../features/time.ts';
import type { BinaryModelArtifact } from '../models/binary-artifact.ts';
import { parseTierBands } from '../models/binary-artifact.ts';
import { BinaryScorer } from '../models/binary-scorer.ts';
import { ltvAnswer } from '../models/entity-answers.ts';
import { churnProbe } from '../models/ltv-facts.ts';
import type { LtvArtifact } from '../models/ltv-trainer.ts';
import type { BatchScoreOptions, ModelRef } from './score-binary.ts';

export interface LtvScoreResult {
  readonly model: string;
  readonly scored: number;
  readonly tiers: Readonly<Record<Tier, number>>;
  readonly histogram: readonly number[];
  readonly totalAmount: number;
}

const _money = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;

/**
 * Lifetime value of every paying account as of `asOf`: the amount in `Score.amount`, its percentile
 * among the training holdout's predictions as the 0–100 value, and the method and drivers as reasons.
 */
export async function scoreLtvModel(
  store: CanonicalStore,
  model: ModelRef<LtvArtifact>,
  options: BatchScoreOptions & { churn?: BinaryModelArtifact | null; bands?: unknown },
): Promise<LtvScoreResult> {
  const cutoffMs = parseCutoff(options.asOf, 'score as-of');
  const computedAt = options.computedAt ?? isoOf(cutoffMs);
  const bands = parseTierBands(options.bands);
  const probe = options.churn ? churnProbe(new BinaryScorer(options.churn)) : null;
  const tiers: Record<Tier, number> = { low: 0, medium: 0, high: 0 };
  const histogram = new Array<number>(10).fill(0);
  let scored = 0;
  let totalAmount = 0;
  for await (const page of walkSnapshots(store, 'account', {
    before: isoOf(cutoffMs),
    pageSize: options.pageSize ?? 500,
  })) {
    const scores: Score[] = [];
    for (const snapshot of page) {
      if (snapshot.entityType !== 'account') continue;
      const answer = ltvAnswer(snapshot, cutoffMs, model.artifact, probe, bands);
      if (answer === null) continue;
      const score = answer.value;
      const tier = answer.tier;
      const amount = answer.amount ?? 0;
      tiers[tier as Tier] += 1;
      histogram[Math.min(9, Math.floor(score / 10))]! += 1;
      scored += 1;
      totalAmount += amount;
      scores.push({
        entityType: 'account',
        entityId: snapshot.id,
        model: model.name,
        kind: 'ltv',
        modelVersion: model.version,
        probability: null,
        value: score,
        tier: tier as Tier,
        reasons: answer.reasons,
        amount,
        action: null,
        computedAt,
      });
    }
    await store.saveScores(scores);
    options.onProgress?.(`${model.name}: scoring`, scored);
  }
  return { model: model.name, scored, tiers, histogram, totalAmount };
}
