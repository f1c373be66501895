import { dialectOf, type SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { inTransaction } from '../../core/store/sqlite/sql.ts';
import { toOutboxRow, transitionRow } from './rows.ts';
import { prepared } from './statements.ts';
import type { OutboxKind, OutboxRow } from './types.ts';

export interface ClaimRequest {
  readonly kinds: readonly OutboxKind[];
  readonly limit: number;
  readonly now: string;
  readonly claimer: string;
  readonly leaseUntil: string;
}

/**
 * Marks up to `limit` due pending rows of `kinds` (oldest first) `sending` for `claimer` and
 * commits, so the claim is on record before anything is attempted. Two relays never get one row.
 */
export function claimDueRows(db: SqlDatabase, request: ClaimRequest): OutboxRow[] {
  if (request.kinds.length === 0 || request.limit <= 0) return [];
  return dialectOf(db) === 'postgres' ? claimSkipLocked(db, request) : claimInTransaction(db, request);
}

/**
 * SQLite has one writer at a time: read the heads and move them inside one IMMEDIATE transaction.
 * Each kind's head comes straight from the (state, kind, next_attempt_at, id) index, then they merge.
 */
function claimInTransaction(db: SqlDatabase, request: ClaimRequest): OutboxRow[] {
  const { now, limit } = request;
  return inTransaction(db, () => {
    const query = prepared(
      db,
      `SELECT * FROM outbox WHERE state = 'pending' AND kind = ? AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
    );
    const due = request.kinds
      .flatMap((kind) => query.all(kind, now, limit).map(toOutboxRow))
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id - b.id)
      .slice(0, limit);
    return due.map((row) =>
      transitionRow(db, row, 'sending', now, {
        attempts: row.attempts + 1,
        claim: { by: request.claimer, until: request.leaseUntil },
      }),
    );
  });
}

/**
 * Postgres: one statement, outside the store-wide transaction lock, so relays on several hosts
 * claim side by side. `FOR UPDATE SKIP LOCKED` hands each due row to exactly one of them (a row
 * another relay is claiming is skipped, not waited for), and the audit entries are written by the
 * same statement, so the claim and its record commit together. The due rows are picked once, in a
 * materialised CTE: as `id IN (subquery)` the planner may run the LIMITed subquery again per row.
 */
function claimSkipLocked(db: SqlDatabase, request: ClaimRequest): OutboxRow[] {
  const kinds = request.kinds.map(() => '?').join(', ');
  const rows = db
    .prepare(
      `WITH due AS MATERIALIZED (
         SELECT id FROM outbox
          WHERE state = 'pending' AND kind IN (${kinds}) AND next_attempt_at <= ?
          ORDER BY next_attempt_at, id LIMIT ?
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE outbox SET state = 'sending', attempts = outbox.attempts + 1, updated_at = ?,
                claimed_by = ?, lease_until = ?
           FROM due WHERE outbox.id = due.id
         RETURNING outbox.*
       ), audited AS (
         INSERT INTO audit_log (at, subject, action, detail)
         SELECT ?, 'outbox:' || id, 'pending→sending',
                jsonb_strip_nulls(jsonb_build_object('idempotencyKey', idempotency_key, 'kind', kind,
                  'attempts', attempts, 'error', last_error, 'claimedBy', claimed_by))::text
           FROM claimed
       )
       SELECT * FROM claimed ORDER BY next_attempt_at, id`,
    )
    .all(
      ...request.kinds,
      request.now,
      request.limit,
      request.now,
      request.claimer,
      request.leaseUntil,
      request.now,
    );
  return rows.map(toOutboxRow);
}
