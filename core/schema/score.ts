import { z } from 'zod';
import { isoInstant } from './timestamps.ts';

export const scoreModelKinds = ['lead', 'churn', 'ltv', 'nba'] as const;
export const scoreModelKindSchema = z.enum(scoreModelKinds);
export type ScoreModelKind = z.infer<typeof scoreModelKindSchema>;

export const entityTypeSchema = z.enum(['contact', 'account']);
export type EntityType = z.infer<typeof entityTypeSchema>;

export const tierSchema = z.enum(['low', 'medium', 'high']);
export type Tier = z.infer<typeof tierSchema>;

/** One factor behind a score, already phrased for a sales rep. */
export const reasonSchema = z.strictObject({
  feature: z.string(),
  direction: z.enum(['up', 'down']),
  /** Contribution in score points (0–100 scale); a score's reasons and its base add up to it. */
  points: z.number().finite(),
  text: z.string(),
});
export type Reason = z.infer<typeof reasonSchema>;

/**
 * A score for one entity from one model run. `probability` is calibrated (lead: converts within
 * the horizon; churn: churns within the horizon); `value` is the 0–100 score reps see. LTV carries
 * its money amount in `amount`; next best action carries the chosen action id in `action`.
 */
export const scoreSchema = z.strictObject({
  entityType: entityTypeSchema,
  entityId: z.string().min(1),
  model: z.string().min(1),
  kind: scoreModelKindSchema,
  modelVersion: z.string().min(1),
  probability: z.number().min(0).max(1).nullable(),
  value: z.number().min(0).max(100),
  tier: tierSchema,
  reasons: z.array(reasonSchema).default([]),
  amount: z.number().finite().nullish(),
  action: z.string().nullish(),
  computedAt: isoInstant,
  /**
   * The instant the score describes (features use only what happened before it). Absent on scores
   * written before it was stored; computedAt is when the run happened, which may be much later.
   */
  asOf: isoInstant.nullish(),
});
export type Score = z.infer<typeof scoreSchema>;
export type ScoreInput = z.input<typeof scoreSchema>;
