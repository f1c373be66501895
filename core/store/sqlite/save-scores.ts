import type { Score } from '../../schema/index.ts';
import type { StatementCache } from './sql.ts';

const COLUMNS =
  'entity_type, entity_id, model, kind, model_version, probability, value, tier, reasons, amount, action, computed_at, as_of';

/** Current score per (entity, model) plus an append-only history row for every score written. */
export function saveScores(sql: StatementCache, scores: readonly Score[]): void {
  const current = sql.get(
    `INSERT INTO scores (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (entity_type, entity_id, model) DO UPDATE SET kind = excluded.kind, model_version = excluded.model_version,
       probability = excluded.probability, value = excluded.value, tier = excluded.tier, reasons = excluded.reasons,
       amount = excluded.amount, action = excluded.action, computed_at = excluded.computed_at,
       as_of = excluded.as_of`,
  );
  const history = sql.get(
    `INSERT INTO score_history (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const score of scores) {
    const values = [
      score.entityType,
      score.entityId,
      score.model,
      score.kind,
      score.modelVersion,
      score.probability,
      score.value,
      score.tier,
      JSON.stringify(score.reasons),
      score.amount ?? null,
      score.action ?? null,
      score.computedAt,
      score.asOf ?? null,
    ] as const;
    current.run(...values);
    history.run(...values);
  }
}

/**
 * Corrects the tier of scores one run wrote (current rows still from that run, and that run's
 * history rows): percentile tiers are known only once the run has ranked its whole population.
 */
export function updateScoreTiers(
  sql: StatementCache,
  scope: { readonly model: string; readonly entityType: Score['entityType']; readonly computedAt: string },
  changes: readonly { readonly id: string; readonly tier: Score['tier'] }[],
): void {
  const current = sql.get(
    'UPDATE scores SET tier = ? WHERE entity_type = ? AND entity_id = ? AND model = ? AND computed_at = ?',
  );
  const history = sql.get(
    'UPDATE score_history SET tier = ? WHERE entity_type = ? AND entity_id = ? AND model = ? AND computed_at = ?',
  );
  for (const change of changes) {
    const values = [change.tier, scope.entityType, change.id, scope.model, scope.computedAt] as const;
    current.run(...values);
    history.run(...values);
  }
}
