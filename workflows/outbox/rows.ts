import { z } from 'zod';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { appendAudit, outboxSubject } from './audit.ts';
import { prepared } from './statements.ts';
import { OUTBOX_STATES, type OutboxState, validateTransition } from './states.ts';
import { OUTBOX_KINDS, type OutboxRow } from './types.ts';

const rowSchema = z.object({
  id: z.number().int(),
  idempotency_key: z.string(),
  kind: z.enum(OUTBOX_KINDS),
  payload: z.string(),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int(),
  next_attempt_at: z.string(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  sent_at: z.string().nullable(),
  provider_id: z.string().nullable(),
  claimed_by: z.string().nullable().optional(),
  lease_until: z.string().nullable().optional(),
});

export function toOutboxRow(raw: unknown): OutboxRow {
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | undefined)?.id;
    throw new Error(`outbox row ${String(id)} is malformed: ${z.prettifyError(parsed.error)}`);
  }
  const row = parsed.data;
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    providerId: row.provider_id,
    claimedBy: row.claimed_by ?? null,
    leaseUntil: row.lease_until ?? null,
  };
}

export function loadRow(db: SqlDatabase, id: number): OutboxRow | undefined {
  const raw = prepared(db, 'SELECT * FROM outbox WHERE id = ?').get(id);
  return raw === undefined ? undefined : toOutboxRow(raw);
}

export function loadRowsInState(db: SqlDatabase, state: OutboxState): OutboxRow[] {
  return db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY id').all(state).map(toOutboxRow);
}

export interface TransitionChanges {
  readonly attempts?: number;
  readonly nextAttemptAt?: string;
  readonly lastError?: string | null;
  readonly sentAt?: string;
  readonly providerId?: string | null;
  /** Required when moving to `sending`: who claims the row and until when. */
  readonly claim?: { readonly by: string; readonly until: string };
}

/** The row is no longer where the caller saw it: another relay or a recovery moved it first. */
export class RowMovedError extends Error {
  readonly rowId: number;

  constructor(row: OutboxRow) {
    super(`outbox row ${row.id} left state ${row.state} under us; another relay moved it`);
    this.name = 'RowMovedError';
    this.rowId = row.id;
  }
}

/**
 * Moves one row to `to` after checking the transition table, and appends the move to audit_log.
 * Must run inside the caller's transaction so the state and its audit entry commit together.
 * The guard on state and claimer makes a concurrent relay's move lose instead of overwrite: a row
 * another relay took over after this one's lease ran out is no longer this relay's to record.
 */
export function transitionRow(
  db: SqlDatabase,
  row: OutboxRow,
  to: OutboxState,
  now: string,
  changes: TransitionChanges = {},
): OutboxRow {
  const check = validateTransition(row.state, to);
  if (!check.ok) throw new Error(`outbox row ${row.id} (${row.idempotencyKey}): ${check.error}`);
  if (to === 'sending' && changes.claim === undefined)
    throw new Error(`outbox row ${row.id}: a claim needs a claimer and a lease`);
  const next: OutboxRow = {
    ...row,
    state: to,
    attempts: changes.attempts ?? row.attempts,
    nextAttemptAt: changes.nextAttemptAt ?? row.nextAttemptAt,
    lastError: changes.lastError === undefined ? row.lastError : changes.lastError,
    sentAt: changes.sentAt ?? row.sentAt,
    providerId: changes.providerId === undefined ? row.providerId : changes.providerId,
    updatedAt: now,
    claimedBy: changes.claim?.by ?? null,
    leaseUntil: changes.claim?.until ?? null,
  };
  const result = prepared(
    db,
    `UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ?,
       provider_id = ?, updated_at = ?, claimed_by = ?, lease_until = ?
     WHERE id = ? AND state = ? AND claimed_by IS NOT DISTINCT FROM ?`,
  ).run(
    next.state,
    next.attempts,
    next.nextAttemptAt,
    next.lastError,
    next.sentAt,
    next.providerId,
    now,
    next.claimedBy ?? null,
    next.leaseUntil ?? null,
    row.id,
    row.state,
    row.claimedBy ?? null,
  );
  if (Number(result.changes) !== 1) throw new RowMovedError(row);
  appendAudit(db, {
    at: now,
    subject: outboxSubject(row.id),
    action: `${row.state}→${to}`,
    detail: {
      idempotencyKey: row.idempotencyKey,
      kind: row.kind,
      attempts: next.attempts,
      ...(next.lastError !== null && to !== 'sent' ? { error: next.lastError } : {}),
      ...(to === 'pending' ? { nextAttemptAt: next.nextAttemptAt } : {}),
      ...(next.providerId !== null && to === 'sent' ? { providerId: next.providerId } : {}),
    },
  });
  return next;
}
