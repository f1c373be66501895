import type { Tier } from '../../core/schema/index.ts';
import type { PercentileCuts, RankedCut } from './percentile-cuts.ts';
import { TIERS_TOP_DOWN, type TierRule } from './tier-rule.ts';

/** One tier of a rule in words, highest first: what decides it and where its boundary fell. */
export interface TierBandWords {
  readonly tier: Tier;
  /** "71–100" for score bands; "top 10 %", "next 30 %", "other 60 %" for percentiles. */
  readonly rule: string;
  /** For percentiles: the lowest ranking value inside the tier on the last run, e.g. "23.4 % and up". */
  readonly from: string | null;
}

/** How a model's ranking key reads: a probability, an amount of money or a 0–100 score. */
export type KeyWords = (key: number) => string;

export const probabilityWords: KeyWords = (key) => `probability ${(100 * key).toFixed(1)} %`;
export const moneyWords: KeyWords = (key) => `$${Math.round(key).toLocaleString('en-US')} expected`;
export const scoreWords: KeyWords = (key) => `score ${Math.round(key)}`;

/** What a model kind ranks by (see rankKeyOf), in words. */
export function keyWordsFor(kind: 'lead' | 'churn' | 'ltv' | 'nba'): KeyWords {
  if (kind === 'ltv') return moneyWords;
  return kind === 'nba' ? scoreWords : probabilityWords;
}

function percent(share: number): string {
  return `${Number.isInteger(share) ? share : share.toFixed(1)} %`;
}

function fromWords(cut: RankedCut | null, words: KeyWords): string | null {
  return cut === null || !Number.isFinite(cut.key) ? null : `${words(cut.key)} and up`;
}

/** Every tier of a rule, highest first, with this run's boundaries when the rule is by percentile. */
export function tierBands(rule: TierRule, cuts: PercentileCuts | null, words: KeyWords): TierBandWords[] {
  if (rule.by === 'score')
    return [...rule.bands]
      .sort((a, b) => b.min - a.min)
      .map((band) => ({ tier: band.name as Tier, rule: `${band.min}–${band.max}`, from: null }));
  const labels: Record<Tier, string> = {
    high: `top ${percent(rule.shares.high)}`,
    medium: `next ${percent(rule.shares.medium)}`,
    low: `other ${percent(rule.shares.low)}`,
  };
  const from: Record<Tier, string | null> = {
    high: cuts ? fromWords(cuts.high, words) : null,
    medium: cuts ? fromWords(cuts.medium, words) : null,
    low: null,
  };
  return TIERS_TOP_DOWN.map((tier) => ({ tier, rule: labels[tier], from: from[tier] }));
}

/**
 * One line for people: "by percentile of 903 scored: high = top 10 % (23.4 % and up), medium =
 * next 30 % (8.1 % and up), low = other 60 %", or "by score: high = 71–100, ...".
 */
export function tierRuleText(rule: TierRule, cuts: PercentileCuts | null, words: KeyWords): string {
  const bands = tierBands(rule, cuts, words)
    .map((band) => `${band.tier} = ${band.rule}${band.from ? ` (${band.from})` : ''}`)
    .join(', ');
  if (rule.by === 'score') return `by score: ${bands}`;
  const of = cuts
    ? `of the ${cuts.population.toLocaleString('en-US')} scored`
    : 'of the scored population (not ranked yet: run `scorebridge score`)';
  return `by percentile ${of}: ${bands}`;
}

/** Counts of a tier record in words: "12 high, 30 medium, 958 low". */
export function tierWords(tiers: Readonly<Record<Tier, number>>): string {
  return TIERS_TOP_DOWN.map((t) => `${tiers[t].toLocaleString('en-US')} ${t}`).join(', ');
}
