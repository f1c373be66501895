import { z } from 'zod';
import type { Tier } from '../../core/schema/index.ts';
import { DEFAULT_SCORE_BANDS, type ScoreBand, ScoreBandsSchema } from '../calibration/score-bands.ts';

/** Tiers from the highest score down: the order percentile shares are handed out in. */
export const TIERS_TOP_DOWN: readonly Tier[] = ['high', 'medium', 'low'];

/** Fixed bands on the 0–100 score: the same score always lands in the same tier. */
export interface ScoreTierRule {
  readonly by: 'score';
  readonly bands: readonly ScoreBand[];
}

/**
 * Shares of the scored population, in percent, handed out from the highest score down (e.g. top
 * 10 % high, next 30 % medium, the other 60 % low): coverage stays put whatever the score levels.
 */
export interface PercentileTierRule {
  readonly by: 'percentile';
  readonly shares: Readonly<Record<Tier, number>>;
}

export type TierRule = ScoreTierRule | PercentileTierRule;

const share = z.number().min(0).max(100);

/** A tier rule as it is stored with models and runs (already validated by the config). */
export const tierRuleSchema = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('score'), bands: ScoreBandsSchema }),
  z.strictObject({
    by: z.literal('percentile'),
    shares: z.strictObject({ high: share, medium: share, low: share }),
  }),
]);

export function scoreTierRule(bands: readonly ScoreBand[] = DEFAULT_SCORE_BANDS): ScoreTierRule {
  return { by: 'score', bands };
}

/** Shares from the two upper tiers; low takes the rest. Throws when they exceed 100 %. */
export function percentileTierRule(high: number, medium: number): PercentileTierRule {
  if (!(high >= 0 && medium >= 0 && high + medium <= 100))
    throw new RangeError(`percentile tiers: high ${high} % + medium ${medium} % must be within 0..100 %`);
  return { by: 'percentile', shares: { high, medium, low: 100 - high - medium } };
}
