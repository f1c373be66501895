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
}

/**
 * Latest score per model and the one before it, from the append-only history: a tier "change" is
 * the difference between these two, so re-reading the same history never invents a transition.
 */
export function scoreStates(db: SqlDatabase, entity: EntityRef): Record<string, ScoreState> {
  const rows = db
    .prepare(
      `SELECT model, value, tier, computed_at, as_of FROM (
         SELECT model, value, tier, computed_at, as_of,
                ROW_NUMBER() OVER (PARTITION BY model ORDER BY computed_at DESC, id DESC) AS n
         FROM score_history WHERE entity_type = ? AND entity_id = ?) AS recent
       WHERE n <= 2 ORDER BY model, n`,
    )
    .all(entity.type, entity.id) as unknown as HistoryRow[];
  const states: Record<string, ScoreState> = {};
  for (let i = 0; i < rows.length; i += 1) {
    const latest = rows[i]!;
    if (states[latest.model] !== undefined) continue;
    const previous = rows[i + 1]?.model === latest.model ? rows[i + 1] : undefined;
    states[latest.model] = {
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

/** Entities of `models` scored after `since` (exclusive): the candidates a tick evaluates for entry. */
export function scoredSince(db: SqlDatabase, models: readonly string[], since: string | null): EntityRef[] {
  if (models.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT DISTINCT entity_type, entity_id FROM score_history
       WHERE model IN (${models.map(() => '?').join(', ')}) AND computed_at > ? ORDER BY entity_type, entity_id`,
    )
    .all(...models, since ?? '') as Array<{ entity_type: EntityRef['type']; entity_id: string }>;
  return rows.map((row) => ({ type: row.entity_type, id: row.entity_id }));
}
