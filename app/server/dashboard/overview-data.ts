import type { DatabaseSync } from 'node:sqlite';
import type { ScoreDistributionRow, StreamStatus } from '../../../core/store/canonical-store.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many days of score history the trend charts show. */
export const TREND_DAYS = 30;
export const RISER_LIMIT = 15;

export interface TierTrendRow {
  readonly model: string;
  readonly day: string;
  readonly tier: string;
  readonly count: number;
}

export interface ChurnRiser {
  readonly model: string;
  readonly accountId: string;
  readonly accountName: string | null;
  readonly before: number;
  readonly now: number;
  readonly tierBefore: string;
  readonly tierNow: string;
}

export interface OverviewData {
  readonly now: string;
  readonly weekStart: string;
  readonly distribution: readonly ScoreDistributionRow[];
  readonly trend: readonly TierTrendRow[];
  /** Tier names per model, lowest score first, so charts stack tiers in score order. */
  readonly tierOrder: ReadonlyMap<string, readonly string[]>;
  readonly risers: readonly ChurnRiser[];
  readonly streams: readonly StreamStatus[];
}

/**
 * One snapshot per model and day: the day's last scoring run (every row of a run shares its
 * computed_at), so scoring twice a day does not count entities twice.
 */
function tierTrend(db: DatabaseSync, from: string, until: string): TierTrendRow[] {
  return db
    .prepare(
      `WITH last AS (
         SELECT model, substr(computed_at, 1, 10) AS day, MAX(computed_at) AS at
         FROM score_history WHERE computed_at >= ? AND computed_at <= ? GROUP BY model, day)
       SELECT l.model AS model, l.day AS day, h.tier AS tier, COUNT(*) AS count
       FROM last l JOIN score_history h ON h.computed_at = l.at AND h.model = l.model
       GROUP BY l.model, l.day, h.tier ORDER BY l.model, l.day`,
    )
    .all(from, until) as unknown as TierTrendRow[];
}

/**
 * Tier names per model in score order: the configured bands when the model uses them (so every
 * chart shows every band, empty ones included, in the same colours), else the model's own tiers
 * as the distribution lists them (lowest score first).
 */
function tierOrderOf(
  distribution: readonly ScoreDistributionRow[],
  configured: readonly string[],
): Map<string, readonly string[]> {
  const present = new Map<string, string[]>();
  for (const row of distribution) present.set(row.model, [...(present.get(row.model) ?? []), row.tier]);
  return new Map(
    [...present].map(([model, tiers]) => [
      model,
      tiers.every((tier) => configured.includes(tier)) ? configured : tiers,
    ]),
  );
}

/**
 * Accounts whose churn score rose most since the start of the week: the latest score now against
 * the latest score at the week's start, both found with window functions in one pass each.
 */
function churnRisers(db: DatabaseSync, weekStart: string, now: string): ChurnRiser[] {
  return db
    .prepare(
      `WITH ranked AS (
         SELECT model, entity_id, value, tier, computed_at,
                ROW_NUMBER() OVER (PARTITION BY model, entity_id ORDER BY computed_at DESC, id DESC) AS rn_now,
                ROW_NUMBER() OVER (PARTITION BY model, entity_id, computed_at <= ?1 ORDER BY computed_at DESC, id DESC) AS rn_side
         FROM score_history WHERE kind = 'churn' AND entity_type = 'account' AND computed_at <= ?2),
       latest AS (SELECT * FROM ranked WHERE rn_now = 1 AND computed_at > ?1),
       baseline AS (SELECT * FROM ranked WHERE rn_side = 1 AND computed_at <= ?1)
       SELECT l.model AS model, l.entity_id AS accountId, a.name AS accountName, b.value AS before,
              l.value AS now, b.tier AS tierBefore, l.tier AS tierNow
       FROM latest l JOIN baseline b ON b.model = l.model AND b.entity_id = l.entity_id
       LEFT JOIN accounts a ON a.id = l.entity_id
       WHERE l.value > b.value ORDER BY l.value - b.value DESC, l.entity_id LIMIT ?3`,
    )
    .all(weekStart, now, RISER_LIMIT) as unknown as ChurnRiser[];
}

/** Everything the overview page shows, read with aggregate queries only. */
export async function loadOverview(
  store: SqliteCanonicalStore,
  now: Date,
  configuredTiers: readonly string[],
): Promise<OverviewData> {
  const db = store.database;
  const nowIso = now.toISOString();
  const weekStart = new Date(now.getTime() - 7 * DAY_MS).toISOString();
  const trendFrom = new Date(now.getTime() - TREND_DAYS * DAY_MS).toISOString();
  const distribution = await store.scoreDistribution();
  return {
    now: nowIso,
    weekStart,
    distribution,
    trend: tierTrend(db, trendFrom, nowIso),
    tierOrder: tierOrderOf(distribution, configuredTiers),
    risers: churnRisers(db, weekStart, nowIso),
    streams: await store.streamStatus(),
  };
}
