import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { EntityRef } from '../../workflows/engine/index.ts';

export interface ScoreState {
  readonly value: number;
  readonly tier: string;
  readonly previousTier: string | null;
  readonly previousValue: number | null;
  readonly scoredAt: string;
  /** The instant the score describes; computedAt for scores written before it was stored. */
  readonly asOf: string;
}

interface HistoryRow {
  model: string;
  value: number;
  tier: string;
  computed_at: string;
  as_of: string | null;
  id: number;
  n: number;
}

/**
 * Latest score per model and the one it changed from, from the append-only history: a tier
 * "change" is the difference between these two, so re-reading the same history never invents a
 * transition. `sinceId` is the newest score row the previous run read: when the entity was scored
 * again after it, the change is measured from the score it had then, so two scoring runs between
 * two workflow runs (low -> high -> high) still show the move from low. Without it (or when the
 * entity was not scored since), the score before the latest is the one it changed from.
 */
export function scoreStates(
  db: SqlDatabase,
  entity: EntityRef,
  sinceId: number | null = null,
): Record<string, ScoreState> {
  const watermark = sinceId ?? -1;
  const rows = db
    .prepare(
      `SELECT model, value, tier, computed_at, as_of, id, n FROM (
         SELECT model, value, tier, computed_at, as_of, id,
                ROW_NUMBER() OVER (PARTITION BY model ORDER BY computed_at DESC, id DESC) AS n,
                ROW_NUMBER() OVER (
                  PARTITION BY model ORDER BY CASE WHEN id <= ? THEN 0 ELSE 1 END, computed_at DESC, id DESC
                ) AS w
         FROM score_history WHERE entity_type = ? AND entity_id = ?) AS recent
       WHERE n <= 2 OR (w = 1 AND id <= ?) ORDER BY model, n`,
    )
    .all(watermark, entity.type, entity.id, watermark) as unknown as HistoryRow[];
  const byModel = new Map<string, HistoryRow[]>();
  for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  const states: Record<string, ScoreState> = {};
  for (const [model, modelRows] of byModel) {
    const latest = modelRows.find((row) => Number(row.n) === 1);
    if (latest === undefined) continue;
    const atWatermark = modelRows.find(
      (row) => Number(row.id) <= watermark && Number(row.id) !== Number(latest.id) && Number(row.n) !== 1,
    );
    // Scored again since the previous run: the change is from what it had then (nothing, if it
    // was unscored then). Otherwise the score before the latest, as without a watermark.
    const previous =
      sinceId !== null && Number(latest.id) > watermark
        ? atWatermark
        : modelRows.find((row) => Number(row.n) === 2);
    states[model] = {
      value: Number(latest.value),
      tier: latest.tier,
      previousTier: previous?.tier ?? null,
      previousValue: previous === undefined ? null : Number(previous.value),
      scoredAt: latest.computed_at,
      asOf: latest.as_of ?? latest.computed_at,
    };
  }
  return states;
}

/** Where a run reads candidates from: score rows after the previous run's, up to this run's. */
export interface ScoreWindow {
  /** Newest score row the previous run read (null: none recorded, fall back to `afterAt`). */
  readonly afterId: number | null;
  /** The previous run's newest computed_at, for runs recorded before row ids were kept. */
  readonly afterAt: string | null;
  /** Newest score row this run reads, taken before reading candidates (0: no scores yet). */
  readonly untilId: number;
}

/**
 * Entities of `models` scored in the window: the candidates a run evaluates for entry. Rows are
 * read by id, so a scoring run still being written when one workflow run reads it is read on to
 * its end by the next one.
 */
export function scoredSince(db: SqlDatabase, models: readonly string[], window: ScoreWindow): EntityRef[] {
  if (models.length === 0) return [];
  const marks = models.map(() => '?').join(', ');
  const rows =
    window.afterId !== null || window.afterAt === null
      ? db
          .prepare(
            `SELECT DISTINCT entity_type, entity_id FROM score_history
             WHERE model IN (${marks}) AND id > ? AND id <= ? ORDER BY entity_type, entity_id`,
          )
          .all(...models, window.afterId ?? 0, window.untilId)
      : db
          .prepare(
            `SELECT DISTINCT entity_type, entity_id FROM score_history
             WHERE model IN (${marks}) AND computed_at > ? AND id <= ? ORDER BY entity_type, entity_id`,
          )
          .all(...models, window.afterAt, window.untilId);
  return (rows as Array<{ entity_type: EntityRef['type']; entity_id: string }>).map((row) => ({
    type: row.entity_type,
    id: row.entity_id,
  }));
}
