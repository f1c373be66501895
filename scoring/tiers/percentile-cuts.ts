import { z } from 'zod';
import type { Tier } from '../../core/schema/index.ts';
import type { PercentileTierRule } from './tier-rule.ts';

/**
 * The last entity inside a group that starts at the top of the ranking. Entities rank by their
 * key (probability, expected revenue or score), highest first; equal keys rank by entity id, so a
 * tie at the boundary is split instead of landing wholly on one side.
 */
export interface RankedCut {
  readonly key: number;
  readonly id: string;
}

/** Where a percentile rule put its boundaries over one scored population. */
export interface PercentileCuts {
  /** Entities ranked: the population the shares were taken of. */
  readonly population: number;
  /** The lowest-ranked high entity; null when high is empty. */
  readonly high: RankedCut | null;
  /** The lowest-ranked entity in high or medium; null when both are empty. */
  readonly medium: RankedCut | null;
}

const cutSchema = z.strictObject({ key: z.number(), id: z.string() }).nullable();
export const percentileCutsSchema = z.strictObject({
  population: z.number().int().min(0),
  high: cutSchema,
  medium: cutSchema,
});

/** Keys that are not numbers rank last, as the lowest possible value. */
function rankKey(key: number): number {
  return Number.isNaN(key) ? Number.NEGATIVE_INFINITY : key;
}

/** True when (key, id) ranks at or above the cut. */
export function atOrAbove(key: number, id: string, cut: RankedCut | null): boolean {
  if (cut === null) return false;
  const k = rankKey(key);
  return k > cut.key || (k === cut.key && id <= cut.id);
}

export function percentileTier(key: number, id: string, cuts: PercentileCuts): Tier {
  if (atOrAbove(key, id, cuts.high)) return 'high';
  if (atOrAbove(key, id, cuts.medium)) return 'medium';
  return 'low';
}

/**
 * Group sizes for n entities: each boundary is the share rounded to the nearest entity, so every
 * tier holds its share of n to within one entity (each boundary is off by at most half of one).
 */
export function groupSizes(n: number, rule: PercentileTierRule): { high: number; upper: number } {
  const high = Math.min(n, Math.round((n * rule.shares.high) / 100));
  const upper = Math.max(high, Math.min(n, Math.round((n * (rule.shares.high + rule.shares.medium)) / 100)));
  return { high, upper };
}

/**
 * The entity at 0-based `rank` in the ranking (key descending, id ascending), found from a sorted
 * copy of the keys: only the ids tied on the boundary key are sorted.
 */
function entityAtRank(
  sortedDescending: Float64Array,
  keys: ArrayLike<number>,
  ids: readonly string[],
  rank: number,
): RankedCut {
  const key = sortedDescending[rank]!;
  let above = 0;
  while (above < rank && sortedDescending[above]! > key) above += 1;
  // sortedDescending is sorted, so the entities above the boundary key are exactly the first `above`.
  const tied: string[] = [];
  for (let i = 0; i < ids.length; i++) if (rankKey(keys[i]!) === key) tied.push(ids[i]!);
  tied.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { key, id: tied[rank - above]! };
}

/**
 * Cut points of a percentile rule over a whole population: `keys[i]` ranks entity `ids[i]`.
 * Ids must be distinct. O(n log n) for the keys, plus the ids tied on each boundary key.
 */
export function percentileCuts(
  keys: ArrayLike<number>,
  ids: readonly string[],
  rule: PercentileTierRule,
): PercentileCuts {
  const n = ids.length;
  if (keys.length !== n) throw new RangeError(`percentileCuts: ${keys.length} keys for ${n} ids`);
  const sorted = Float64Array.from(keys, rankKey).sort().reverse();
  const { high, upper } = groupSizes(n, rule);
  return {
    population: n,
    high: high > 0 ? entityAtRank(sorted, keys, ids, high - 1) : null,
    medium: upper > 0 ? entityAtRank(sorted, keys, ids, upper - 1) : null,
  };
}
