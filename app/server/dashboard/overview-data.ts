import type { DatabaseSync } from 'node:sqlite';
import type { ScoreDistributionRow, StreamStatus } from '../../../core/store/canonical-store.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { DAY_MS } from './format.ts';

export const RISER_LIMIT = 15;

export interface TrendRow {
  readonly model: string;
  readonly day: string;
  /** The tier, or for next best action the action. */
  readonly bucket: string;
  readonly count: number;
}

export interface ChurnRiser {
  readonly model: string;
  readonly accountId: string;
  readonly accountName: string | null;
  readonly domain: string | null;
  readonly ownerId: string | null;
  readonly before: number;
  readonly beforeAt: string;
  readonly now: number;
  readonly tierBefore: string;
  readonly tierNow: string;
  readonly reason: string | null;
}

export interface ActionCount {
  readonly model: string;
  readonly action: string;
  readonly count: number;
}

export interface OverviewData {
  readonly asOf: string;
  readonly weekStart: string;
  readonly from: string;
  readonly distribution: readonly ScoreDistributionRow[];
  readonly actions: readonly ActionCount[];
  readonly trend: readonly TrendRow[];
  readonly risers: readonly ChurnRiser[];
  /** Days with a churn scoring run: rises need two. */
  readonly churnRunDays: readonly string[];
  readonly streams: readonly StreamStatus[];
}

/**
 * One snapshot per model and day from the scoring runs' own summaries (model_runs: counts per tier,
 * or per action for next best action): the day's last run, so scoring twice a day does not count
 * records twice, and no pass over the score history however large it is.
 */
function trend(db: DatabaseSync, from: string, until: string): TrendRow[] {
  const hasRuns = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'model_runs'")
    .get();
  if (!hasRuns) return [];
  const runs = db
    .prepare(
      `SELECT name AS model, substr(run_at, 1, 10) AS day, summary FROM model_runs r
       WHERE run_at >= ? AND run_at <= ? AND id = (
         SELECT MAX(id) FROM model_runs d WHERE d.name = r.name AND substr(d.run_at, 1, 10) = substr(r.run_at, 1, 10))
       ORDER BY name, day`,
    )
    .all(from, until) as { model: string; day: string; summary: string }[];
  return runs.flatMap((run) => {
    let summary: { tiers?: Record<string, number>; actions?: Record<string, number> };
    try {
      summary = JSON.parse(run.summary) as typeof summary;
    } catch {
      return [];
    }
    const counts = summary.actions ?? summary.tiers ?? {};
    return Object.entries(counts).map(([bucket, count]) => ({
      model: run.model,
      day: run.day,
      bucket,
      count: Number(count),
    }));
  });
}

/**
 * Accounts whose churn score rose most this week: the latest score against the latest one from
 * before the week began, or when the account was first scored within the week, its first score.
 */
function churnRisers(db: DatabaseSync, weekStart: string, asOf: string): ChurnRiser[] {
  return db
    .prepare(
      `WITH h AS (
         SELECT id, model, entity_id, value, tier, computed_at FROM score_history
         WHERE kind = 'churn' AND entity_type = 'account' AND computed_at <= ?2),
       ranked AS (
         SELECT h.*,
           ROW_NUMBER() OVER (PARTITION BY model, entity_id ORDER BY computed_at DESC, id DESC) AS rn_latest,
           ROW_NUMBER() OVER (PARTITION BY model, entity_id
             ORDER BY computed_at <= ?1 DESC, CASE WHEN computed_at <= ?1 THEN computed_at END DESC, computed_at, id) AS rn_base
         FROM h)
       SELECT l.model AS model, l.entity_id AS accountId, a.name AS accountName, a.domain AS domain, a.owner_id AS ownerId,
              b.value AS before, b.computed_at AS beforeAt, l.value AS now, b.tier AS tierBefore, l.tier AS tierNow,
              json_extract(s.reasons, '$[0].text') AS reason
       FROM ranked l
       JOIN ranked b ON b.model = l.model AND b.entity_id = l.entity_id AND b.rn_base = 1
       LEFT JOIN accounts a ON a.id = l.entity_id
       LEFT JOIN scores s ON s.entity_type = 'account' AND s.entity_id = l.entity_id AND s.model = l.model
       WHERE l.rn_latest = 1 AND l.computed_at > ?1 AND b.computed_at < l.computed_at AND l.value > b.value
         AND (a.id IS NULL OR (a.deleted_at IS NULL AND a.merged_into IS NULL))
       ORDER BY l.value - b.value DESC, l.entity_id LIMIT ?3`,
    )
    .all(weekStart, asOf, RISER_LIMIT) as unknown as ChurnRiser[];
}

/** Everything the overview page shows, read with aggregate queries only. */
export async function loadOverview(
  store: SqliteCanonicalStore,
  asOf: string,
  rangeDays: number,
): Promise<OverviewData> {
  const db = store.database;
  const end = Date.parse(asOf);
  const weekStart = new Date(end - 7 * DAY_MS).toISOString();
  const from = new Date(end - rangeDays * DAY_MS).toISOString();
  const runDays = db
    .prepare(
      "SELECT DISTINCT substr(computed_at, 1, 10) AS day FROM score_history WHERE kind = 'churn' AND computed_at >= ? AND computed_at <= ? ORDER BY day",
    )
    .all(new Date(end - 30 * DAY_MS).toISOString(), asOf) as { day: string }[];
  return {
    asOf,
    weekStart,
    from,
    distribution: await store.scoreDistribution(),
    actions: db
      .prepare(
        "SELECT model, COALESCE(action, 'none') AS action, COUNT(*) AS count FROM scores WHERE kind = 'nba' GROUP BY model, action ORDER BY model, count DESC",
      )
      .all() as unknown as ActionCount[],
    // Runs are recorded just after their scores are written: the whole last day counts.
    trend: trend(db, from, `${asOf.slice(0, 10)}T23:59:59.999Z`),
    risers: churnRisers(db, weekStart, asOf),
    churnRunDays: runDays.map((r) => r.day),
    streams: await store.streamStatus(),
  };
}
