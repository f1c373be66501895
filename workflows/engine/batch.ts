import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

/**
 * Enrollments per transaction. One COMMIT per step made the fsync-free WAL commit itself the
 * biggest cost of a tick; a few hundred per transaction amortise it while holding the write lock
 * for only tens of milliseconds, so a relay in another process still gets its turn.
 */
export const DEFAULT_BATCH_SIZE = 250;

/**
 * Runs `work` for every item, `size` items per transaction. When the caller already holds a
 * transaction the batches nest in it as savepoints. If an item throws, the items before it in its
 * batch are committed (the failing item must have rolled its own writes back, see inSavepoint)
 * and the error propagates.
 */
export function inBatches<T>(
  db: SqlDatabase,
  items: readonly T[],
  size: number,
  work: (item: T) => void,
): void {
  const nested = db.isTransaction;
  for (let start = 0; start < items.length; start += size) {
    db.exec(nested ? 'SAVEPOINT engine_batch' : 'BEGIN IMMEDIATE');
    let failure: { error: unknown } | undefined;
    try {
      for (let index = start; index < Math.min(items.length, start + size); index += 1) {
        work(items[index] as T);
      }
    } catch (error) {
      failure = { error };
    }
    try {
      db.exec(nested ? 'RELEASE engine_batch' : 'COMMIT');
    } catch (error) {
      db.exec(nested ? 'ROLLBACK TO engine_batch; RELEASE engine_batch' : 'ROLLBACK');
      throw error;
    }
    if (failure !== undefined) throw failure.error;
  }
}

/** One item's writes, all or nothing, inside the surrounding batch transaction. */
export function inSavepoint<T>(db: SqlDatabase, work: () => T): T {
  db.exec('SAVEPOINT engine_item');
  try {
    const result = work();
    db.exec('RELEASE engine_item');
    return result;
  } catch (error) {
    db.exec('ROLLBACK TO engine_item; RELEASE engine_item');
    throw error;
  }
}
