import { createHash } from 'node:crypto';
import type { SqlDatabase } from '../sql/sql-database.ts';

/**
 * Who may sync a stream, on Postgres: a session-level advisory lock keyed by the stream, held on
 * the store's own connection from startSyncRun to finishSyncRun. It holds across every host that
 * shares the database, and it heals by itself: when a process dies (SIGKILL, a lost host) its
 * connection drops and Postgres releases the lock, so the next run takes the stream over and
 * resumes from the committed cursor. (On SQLite the run's owner process is checked instead; see
 * sync-runs.ts.)
 */
export class StreamLocks {
  readonly #db: SqlDatabase;
  /** Streams this connection holds, by run id. A session lock is re-entrant, so this is checked first. */
  readonly #held = new Map<number, string>();

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  holds(stream: string): boolean {
    for (const held of this.#held.values()) if (held === stream) return true;
    return false;
  }

  /** Takes the stream's lock without waiting; false when another connection holds it. */
  tryAcquire(stream: string): boolean {
    if (this.holds(stream)) return false;
    const row = this.#db
      .prepare('SELECT pg_try_advisory_lock(CAST(? AS BIGINT)) AS locked')
      .get(lockKey(stream)) as { locked: unknown } | undefined;
    return row?.locked === true;
  }

  /** Ties the lock taken for `stream` to the run that now holds it. */
  bind(runId: number, stream: string): void {
    this.#held.set(runId, stream);
  }

  /** Releases the stream of a run this connection started (no-op for any other run). */
  releaseRun(runId: number): void {
    const stream = this.#held.get(runId);
    if (stream === undefined) return;
    this.#held.delete(runId);
    this.release(stream);
  }

  release(stream: string): void {
    this.#db.prepare('SELECT pg_advisory_unlock(CAST(? AS BIGINT)) AS released').get(lockKey(stream));
  }
}

/**
 * The stream's 64-bit lock key: the first 8 bytes of a SHA-256 of the stream name, in a namespace
 * of its own, so it never meets the store's write lock or another module's advisory locks.
 */
export function lockKey(stream: string): string {
  const digest = createHash('sha256').update(`scorebridge sync stream\u0000${stream}`).digest();
  return digest.readBigInt64BE(0).toString();
}
