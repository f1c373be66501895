import { z } from 'zod';
import { type PercentileCuts, percentileCutsSchema } from './percentile-cuts.ts';
import { type TierRule, tierRuleSchema } from './tier-rule.ts';

/**
 * How a scoring run tiered its model, stored in the run's summary: the rule, and for percentiles the
 * cut points. Single-entity scoring (API, webhooks, `score --changed`) reuses the cut points of the
 * latest run that ranked the whole population, so an entity gets the tier batch scoring would give it.
 */
export interface RunTiering {
  readonly rule: TierRule;
  readonly cuts: PercentileCuts | null;
  /** this_run: ranked over this run's whole population; earlier_run: reused (a partial run). */
  readonly cutsFrom: 'this_run' | 'earlier_run' | null;
}

export const runTieringSchema = z.strictObject({
  rule: tierRuleSchema,
  cuts: percentileCutsSchema.nullable(),
  cutsFrom: z.enum(['this_run', 'earlier_run']).nullable(),
});

export function runTiering(
  rule: TierRule,
  cuts: PercentileCuts | null,
  cutsFrom: RunTiering['cutsFrom'],
): RunTiering {
  return rule.by === 'score' ? { rule, cuts: null, cutsFrom: null } : { rule, cuts, cutsFrom };
}

/** The tiering stored in a run summary; null for runs from before tiers were stored, or unreadable. */
export function tieringOfSummary(summary: unknown): RunTiering | null {
  if (typeof summary !== 'object' || summary === null || !('tiering' in summary)) return null;
  const parsed = runTieringSchema.safeParse((summary as { tiering: unknown }).tiering);
  return parsed.success ? parsed.data : null;
}
