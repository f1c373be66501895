import type { Tier } from '../../core/schema/index.ts';
import { keyWordsFor, tieringOfSummary, tierRuleText, tierWords } from '../../scoring/tiers/index.ts';
import type { ModelReport } from './report-data.ts';

function runCounts(summary: unknown): Record<Tier, number> | null {
  const tiers = (summary as { tiers?: unknown } | null)?.tiers;
  if (typeof tiers !== 'object' || tiers === null) return null;
  const { low, medium, high } = tiers as Record<string, unknown>;
  return typeof low === 'number' && typeof medium === 'number' && typeof high === 'number'
    ? { low, medium, high }
    : null;
}

/**
 * How the model's tiers were decided, in words: the rule its last scoring run used (with where the
 * percentile boundaries fell) and how many entities landed in each tier; else the configured rule.
 */
export function tiersText(report: ModelReport): string {
  const words = keyWordsFor(report.spec.kind);
  const tiering = tieringOfSummary(report.run?.summary);
  if (tiering) {
    const counts = runCounts(report.run?.summary);
    const counted = counts ? `; ${tierWords(counts)} on the run as of ${report.run!.asOf.slice(0, 10)}` : '';
    return `Tiers ${tierRuleText(tiering.rule, tiering.cuts, words)}${counted}.`;
  }
  if (report.spec.tiers) return `Tiers ${tierRuleText(report.spec.tiers, null, words)}.`;
  return 'Tiers by score, with the bands of scoring.tiers.';
}
