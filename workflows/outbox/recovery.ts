import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { inTransaction } from '../../core/store/sqlite/sql.ts';
import { claimerGone } from './claimer.ts';
import { loadRowsInState, RowMovedError, transitionRow } from './rows.ts';
import type { OutboxRow } from './types.ts';

export interface RecoverySummary {
  readonly requeued: number[];
  readonly unknown: number[];
}

/**
 * Whether a `sending` row is an orphan: its claim ran out, its claimer is certainly gone, or it
 * predates claims (no claimer recorded). A live relay's in-flight rows are never orphans.
 */
export function isOrphaned(row: OutboxRow, now: string): boolean {
  if (!row.claimedBy) return true;
  if (row.leaseUntil && row.leaseUntil <= now) return true;
  return claimerGone(row.claimedBy);
}

/**
 * Resolves orphaned `sending` rows by `replaySafe`: writes the destination finds by key are
 * replayed (same idempotency key), the rest become `unknown` and wait for `outbox resolve`.
 * A row its relay records meanwhile is left to that relay.
 */
export function recoverOrphans(
  db: SqlDatabase,
  now: Date,
  replaySafe: (row: OutboxRow) => boolean,
): RecoverySummary {
  const at = now.toISOString();
  return inTransaction(db, () => {
    const requeued: number[] = [];
    const unknown: number[] = [];
    for (const row of loadRowsInState(db, 'sending')) {
      if (!isOrphaned(row, at)) continue;
      const expired = row.claimedBy && row.leaseUntil && row.leaseUntil <= at;
      const why = expired ? `its relay's lease ran out at ${row.leaseUntil}` : 'its relay stopped mid-send';
      try {
        if (replaySafe(row)) {
          transitionRow(db, row, 'pending', at, {
            nextAttemptAt: at,
            lastError: `${why}; replayed because this kind is idempotent by key`,
          });
          requeued.push(row.id);
        } else {
          transitionRow(db, row, 'unknown', at, {
            lastError: `${why}; the effect may have happened, so it is not resent`,
          });
          unknown.push(row.id);
        }
      } catch (error) {
        if (!(error instanceof RowMovedError)) throw error;
      }
    }
    return { requeued, unknown };
  });
}
