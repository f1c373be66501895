import type { Tier } from '../../core/schema/index.ts';
import { tierFor } from '../calibration/score-bands.ts';
import { type PercentileCuts, percentileTier } from './percentile-cuts.ts';
import type { TierRule } from './tier-rule.ts';

/** What a tier is decided from: the 0–100 value, the ranking key and the entity id (tie-breaks). */
export interface TierInput {
  readonly value: number;
  readonly key: number;
  readonly id: string;
}

/** The number a model's scores rank by: probability, else expected revenue, else the 0–100 value. */
export function rankKeyOf(score: {
  readonly probability: number | null;
  readonly amount?: number | null | undefined;
  readonly value: number;
}): number {
  return score.probability ?? score.amount ?? score.value;
}

/**
 * A tier rule made usable for one entity at a time: fixed bands need nothing else; a percentile
 * rule needs the cut points of a scored population (null: none known yet, everyone is low until a
 * run has ranked the population).
 */
export class TierAssigner {
  readonly rule: TierRule;
  readonly cuts: PercentileCuts | null;

  constructor(rule: TierRule, cuts: PercentileCuts | null = null) {
    this.rule = rule;
    this.cuts = rule.by === 'percentile' ? cuts : null;
  }

  tierOf(input: TierInput): Tier {
    if (this.rule.by === 'score') return tierFor(input.value, this.rule.bands) as Tier;
    return this.cuts ? percentileTier(input.key, input.id, this.cuts) : 'low';
  }
}
