import type { Reason } from '../../core/schema/index.ts';
import { type ScoreBand, scoreAndTier } from '../calibration/score-bands.ts';
import type { RawFeatureValues } from '../features/raw-table.ts';
import type { AccountSnapshot } from '../features/snapshot.ts';
import { inLtvPopulation, ltvFactsAt } from './ltv-facts.ts';
import { type LtvAccountFacts, predictLtv } from './ltv-model.ts';
import { type LtvArtifact, ltvValue } from './ltv-trainer.ts';
import { nbaContext } from './nba-log.ts';
import type { NbaArtifact, NbaPolicy } from './nba-policy.ts';

/** A non-probability model's answer for one entity: what batch scoring saves and the API returns. */
export interface EntityAnswer {
  readonly value: number;
  readonly tier: string;
  readonly reasons: Reason[];
  readonly amount: number | null;
  readonly action: string | null;
}

const money = (amount: number) => `$${Math.round(amount).toLocaleString('en-US')}`;

/** Lifetime value of one account as of the cutoff; null when it is not in the LTV population. */
export function ltvAnswer(
  snapshot: AccountSnapshot,
  cutoffMs: number,
  artifact: LtvArtifact,
  churn: Parameters<typeof ltvFactsAt>[2],
  bands: readonly ScoreBand[] | undefined,
): EntityAnswer | null {
  const facts = ltvFactsAt(snapshot, cutoffMs, churn);
  if (!inLtvPopulation(snapshot, cutoffMs, facts)) return null;
  return ltvAnswerOf(facts, artifact, bands);
}

/** Lifetime value from an LTV member's facts (batch scoring reads the facts with SQL). */
export function ltvAnswerOf(
  facts: LtvAccountFacts,
  artifact: LtvArtifact,
  bands: readonly ScoreBand[] | undefined,
): EntityAnswer {
  const { horizonDays, params, valueQuantiles } = artifact;
  const { method, amount } = predictLtv(facts, params, horizonDays);
  const { score, tier } = scoreAndTier(ltvValue(amount, valueQuantiles) / 100, bands);
  const driver =
    method === 'subscription'
      ? `MRR ${money(facts.mrr)}${Number.isFinite(facts.churnProbability) ? `, churn risk ${Math.round(100 * facts.churnProbability)}%` : ''}`
      : `${facts.purchases} purchases, ${money(facts.monetaryValue)} average repeat order`;
  return {
    value: score,
    tier,
    reasons: [
      {
        feature: method,
        direction: 'up',
        points: 0,
        text: `${money(amount)} expected over ${horizonDays} days (${driver})`,
      },
    ],
    amount,
    action: null,
  };
}

/** The next best action for one entity's feature row. */
export function nbaAnswer(
  values: RawFeatureValues,
  names: readonly string[],
  policy: NbaPolicy,
  artifact: NbaArtifact,
  base: { readonly key: string; readonly probability: number },
  bands: readonly ScoreBand[] | undefined,
): EntityAnswer {
  const { probability } = base;
  const choice = policy.choose(nbaContext(names, values, base.key, probability));
  const urgency = choice.expectedOutcome ?? (Number.isFinite(probability) ? probability : 0);
  const { score, tier } = scoreAndTier(Math.min(1, Math.max(0, urgency)), bands);
  const why =
    choice.action.when.length === 0
      ? 'default action'
      : `rule: ${choice.action.when.map((c) => `${c.feature} ${c.op} ${JSON.stringify(c.value)}`).join(' and ')}`;
  return {
    value: score,
    tier,
    reasons: [
      {
        feature: choice.action.id,
        direction: 'up',
        points: 0,
        text: `${choice.action.label} (${artifact.policy.type} policy; ${why})`,
      },
    ],
    amount: null,
    action: choice.action.id,
  };
}
