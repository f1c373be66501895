/**
 * How well one property tells entities with an outcome (positives) from the others, from grouped
 * counts: ROC-AUC of its values and of whether it has one. Pure arithmetic, so it is tested on
 * its own; leakage.ts runs the SQL that groups the rows.
 */

/** Rows of one outcome set sharing a reading of the property. */
export interface OutcomeGroup {
  /** The text value (category properties); null when missing or for numeric properties. */
  readonly category: string | null;
  readonly present: boolean;
  /** Rank bucket of a numeric value (order-preserving); null when missing or not a number. */
  readonly bucket: number | null;
  readonly positives: number;
  readonly negatives: number;
}

export interface Separation {
  readonly positives: number;
  readonly negatives: number;
  readonly auc: number;
  readonly by: 'values' | 'presence';
  readonly presentPositives: number;
  readonly presentNegatives: number;
  readonly onlyWithOutcome: boolean;
}

/** ROC-AUC from (score, positives, negatives) groups; ties count half (Mann-Whitney). */
export function aucOfScores(
  scored: readonly { score: number; positives: number; negatives: number }[],
): number {
  const byScore = new Map<number, { positives: number; negatives: number }>();
  for (const s of scored) {
    const group = byScore.get(s.score) ?? { positives: 0, negatives: 0 };
    group.positives += s.positives;
    group.negatives += s.negatives;
    byScore.set(s.score, group);
  }
  const groups = [...byScore.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
  const positives = groups.reduce((t, g) => t + g.positives, 0);
  const negatives = groups.reduce((t, g) => t + g.negatives, 0);
  if (positives === 0 || negatives === 0) return Number.NaN;
  let below = 0;
  let sum = 0;
  for (const g of groups) {
    sum += g.positives * (below + 0.5 * g.negatives);
    below += g.negatives;
  }
  return sum / (positives * negatives);
}

/**
 * AUC of a category read as each row's leave-one-out outcome rate in its category (missing is a
 * category of its own). Leaving the row out keeps small categories from separating by chance: a
 * lone positive scores like the others, not 1. It errs low, never high.
 */
export function categoryAuc(groups: readonly OutcomeGroup[]): number {
  const byCategory = new Map<string, { positives: number; negatives: number }>();
  for (const g of groups) {
    const key = g.present ? `v:${g.category ?? ''}` : 'missing';
    const c = byCategory.get(key) ?? { positives: 0, negatives: 0 };
    c.positives += g.positives;
    c.negatives += g.negatives;
    byCategory.set(key, c);
  }
  const P = groups.reduce((t, g) => t + g.positives, 0);
  const T = groups.reduce((t, g) => t + g.positives + g.negatives, 0);
  const scored: { score: number; positives: number; negatives: number }[] = [];
  for (const { positives, negatives } of byCategory.values()) {
    const n = positives + negatives;
    if (n > 1) {
      scored.push({ score: (positives - 1) / (n - 1), positives, negatives: 0 });
      scored.push({ score: positives / (n - 1), positives: 0, negatives });
    } else {
      scored.push({ score: (P - 1) / (T - 1), positives, negatives: 0 });
      scored.push({ score: P / (T - 1), positives: 0, negatives });
    }
  }
  return aucOfScores(scored);
}

/** AUC of the numeric values among rows that have one (rank buckets), in either direction. */
export function numericAuc(groups: readonly OutcomeGroup[], minOutcomes: number): number {
  const scored = groups
    .filter((g) => g.bucket !== null)
    .map((g) => ({ score: g.bucket!, positives: g.positives, negatives: g.negatives }));
  const positives = scored.reduce((t, g) => t + g.positives, 0);
  const negatives = scored.reduce((t, g) => t + g.negatives, 0);
  if (positives < minOutcomes || negatives < minOutcomes) return Number.NaN;
  const auc = aucOfScores(scored);
  return Math.max(auc, 1 - auc);
}

/**
 * The separation of one property on one outcome set, or null when the set has too few positives
 * or negatives to tell. The values of a category are read as category rates (which include its
 * presence); a number by its order, and separately by its presence.
 */
export function separation(
  groups: readonly OutcomeGroup[],
  numeric: boolean,
  minOutcomes: number,
): Separation | null {
  const positives = groups.reduce((t, g) => t + g.positives, 0);
  const negatives = groups.reduce((t, g) => t + g.negatives, 0);
  if (positives < minOutcomes || negatives < minOutcomes) return null;
  const presentPositives = groups.filter((g) => g.present).reduce((t, g) => t + g.positives, 0);
  const presentNegatives = groups.filter((g) => g.present).reduce((t, g) => t + g.negatives, 0);
  const tpr = presentPositives / positives;
  const fpr = presentNegatives / negatives;
  const presenceAuc = 0.5 * (1 + tpr - fpr);
  const presence = Math.max(presenceAuc, 1 - presenceAuc);
  const values = numeric ? numericAuc(groups, minOutcomes) : categoryAuc(groups);
  const byValues = Number.isFinite(values) && values >= presence;
  return {
    positives,
    negatives,
    auc: byValues ? values : presence,
    by: byValues ? 'values' : 'presence',
    presentPositives: tpr,
    presentNegatives: fpr,
    onlyWithOutcome: tpr >= 0.5 && fpr <= 0.01 && presentPositives >= minOutcomes,
  };
}
