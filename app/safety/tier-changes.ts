import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

export interface TierTransition {
  /** The tier at the last write; null for a record that was not in it (new since). */
  readonly from: string | null;
  readonly to: string;
  readonly count: number;
}

/** How one model's current tiers differ from what a destination was last given. */
export interface TierChanges {
  readonly model: string;
  /** When the destination was last written for this model; null: never (nothing to compare with). */
  readonly lastWrittenAt: string | null;
  /** Records scored now that were also in the last write. */
  readonly compared: number;
  /** Of those, how many are in another tier now. */
  readonly changed: number;
  /** changed / compared (0 when nothing is compared). */
  readonly share: number;
  /** Scored now, not in the last write. */
  readonly added: number;
  /** In the last write, not scored any more. */
  readonly removed: number;
  /** Every (from, to) pair with its count, largest first; unchanged pairs included. */
  readonly transitions: readonly TierTransition[];
}

/** Pure read: the tier transitions of `model` since the last write to `destination`. */
export function tierChangesSince(db: SqlDatabase, destination: string, model: string): TierChanges {
  const mark = db
    .prepare('SELECT written_at FROM write_marks WHERE destination = ? AND model = ?')
    .get(destination, model) as { written_at: string } | undefined;
  const rows = db
    .prepare(
      `SELECT w.tier AS before, s.tier AS after, COUNT(*) AS n
       FROM scores s LEFT JOIN written_tiers w
         ON w.destination = ? AND w.model = s.model AND w.entity_type = s.entity_type AND w.entity_id = s.entity_id
       WHERE s.model = ?
       GROUP BY w.tier, s.tier`,
    )
    .all(destination, model) as Array<{ before: string | null; after: string; n: number }>;
  const removed = db
    .prepare(
      `SELECT COUNT(*) AS n FROM written_tiers w
       WHERE w.destination = ? AND w.model = ? AND NOT EXISTS (
         SELECT 1 FROM scores s WHERE s.entity_type = w.entity_type AND s.entity_id = w.entity_id AND s.model = w.model)`,
    )
    .get(destination, model) as { n: number };
  let compared = 0;
  let changed = 0;
  let added = 0;
  for (const row of rows) {
    const n = Number(row.n);
    if (row.before === null) added += n;
    else {
      compared += n;
      if (row.before !== row.after) changed += n;
    }
  }
  const transitions = rows
    .map((row) => ({ from: row.before, to: row.after, count: Number(row.n) }))
    // Largest first; ties in a fixed order (records that were written before, then new ones) so reports do not shuffle.
    .sort(
      (a, b) =>
        b.count - a.count ||
        Number(a.from === null) - Number(b.from === null) ||
        (a.from ?? '').localeCompare(b.from ?? '') ||
        a.to.localeCompare(b.to),
    );
  return {
    model,
    lastWrittenAt: mark?.written_at ?? null,
    compared,
    changed,
    share: compared === 0 ? 0 : changed / compared,
    added,
    removed: Number(removed.n),
    transitions,
  };
}

/** After a write: the destination now holds the current tiers of these models. */
export function recordWrittenTiers(
  db: SqlDatabase,
  destination: string,
  models: readonly string[],
  at: Date,
): void {
  const nested = db.isTransaction;
  db.exec(nested ? 'SAVEPOINT written_tiers' : 'BEGIN IMMEDIATE');
  try {
    for (const model of models) {
      db.prepare('DELETE FROM written_tiers WHERE destination = ? AND model = ?').run(destination, model);
      const inserted = db
        .prepare(
          `INSERT INTO written_tiers (destination, model, entity_type, entity_id, tier)
           SELECT ?, model, entity_type, entity_id, tier FROM scores WHERE model = ?`,
        )
        .run(destination, model);
      db.prepare(
        `INSERT INTO write_marks (destination, model, written_at, entities) VALUES (?, ?, ?, ?)
         ON CONFLICT (destination, model) DO UPDATE SET written_at = excluded.written_at, entities = excluded.entities`,
      ).run(destination, model, at.toISOString(), Number(inserted.changes));
    }
    db.exec(nested ? 'RELEASE written_tiers' : 'COMMIT');
  } catch (error) {
    db.exec(nested ? 'ROLLBACK TO written_tiers; RELEASE written_tiers' : 'ROLLBACK');
    throw error;
  }
}

/** "low → high 380, new → medium 12": the changed transitions only, in words. */
export function transitionWords(changes: TierChanges, limit = 6): string {
  const moved = changes.transitions.filter((t) => t.from !== t.to);
  if (moved.length === 0) return 'no record changed tier';
  const shown = moved
    .slice(0, limit)
    .map((t) => `${t.from ?? 'new'} → ${t.to} ${t.count.toLocaleString('en-US')}`);
  const rest = moved.length - shown.length;
  return rest > 0 ? `${shown.join(', ')}, and ${rest} more` : shown.join(', ');
}
