import type { ScoreDistributionRow, StreamStatus } from '../../../core/store/canonical-store.ts';
import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import { tableExists } from '../../../core/store/sql/table-exists.ts';
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
function trend(db: SqlDatabase, from: string, until: string): TrendRow[] {
  if (!tableExists(db, 'model_runs')) return [];
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
 * Accounts whose churn score rose most this week: the current score (scored within the week)
 * against the latest one from before the week began, or when the account was first scored within
 * the week, its first score. One index seek per scored account (score_history_entity), so the cost
 * follows the number of accounts, not the length of the history a daily schedule piles up.
 */
function churnRisers(db: SqlDatabase, weekStart: string, asOf: string): ChurnRiser[] {
  const seek = (where: string, order: string) =>
    `SELECT h.id FROM score_history h WHERE h.entity_type = 'account' AND h.entity_id = c.entity_id
       AND h.model = c.model AND ${where} ORDER BY ${order} LIMIT 1`;
  return db
    .prepare(
      `WITH c AS (
         SELECT model, entity_id, value, tier, computed_at, reasons FROM scores
         WHERE entity_type = 'account' AND kind = 'churn' AND computed_at > :weekStart AND computed_at <= :asOf),
       based AS (
         SELECT c.*, COALESCE((${seek('h.computed_at <= :weekStart', 'h.computed_at DESC, h.id DESC')}),
                              (${seek('h.computed_at > :weekStart', 'h.computed_at, h.id')})) AS base_id
         FROM c)
       SELECT l.model AS model, l.entity_id AS accountId, a.name AS accountName, a.domain AS domain, a.owner_id AS ownerId,
              b.value AS before, b.computed_at AS beforeAt, l.value AS now, b.tier AS tierBefore, l.tier AS tierNow,
              json_extract(l.reasons, '$[0].text') AS reason
       FROM based l
       JOIN score_history b ON b.id = l.base_id
       LEFT JOIN accounts a ON a.id = l.entity_id
       WHERE b.computed_at < l.computed_at AND l.value > b.value
         AND (a.id IS NULL OR (a.deleted_at IS NULL AND a.merged_into IS NULL))
       ORDER BY l.value - b.value DESC, l.entity_id LIMIT :limit`,
    )
    .all({ weekStart, asOf, limit: RISER_LIMIT }) as unknown as ChurnRiser[];
}

/** Everything the overview page shows, read with aggregate queries only. */
export async function loadOverview(
  store: SqliteCanonicalStore,
  asOf: string,
  rangeDays: number,
  churnModels: readonly string[],
): Promise<OverviewData> {
  const db = store.database;
  const end = Date.parse(asOf);
  const weekStart = new Date(end - 7 * DAY_MS).toISOString();
  const from = new Date(end - rangeDays * DAY_MS).toISOString();
  // Scoring days from the runs' own log: reading the history for them would cost a pass over it.
  const marks = churnModels.map(() => '?').join(', ') || "''";
  const runDays = tableExists(db, 'model_runs')
    ? (db
        .prepare(
          `SELECT DISTINCT substr(run_at, 1, 10) AS day FROM model_runs WHERE name IN (${marks}) AND run_at >= ? AND run_at <= ? ORDER BY day`,
        )
        .all(
          ...churnModels,
          new Date(end - 30 * DAY_MS).toISOString(),
          `${asOf.slice(0, 10)}T23:59:59.999Z`,
        ) as {
        day: string;
      }[])
    : [];
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
