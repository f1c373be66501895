import { z } from 'zod';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { appendAudit, outboxSubject } from './audit.ts';
import { prepared } from './statements.ts';
import { OUTBOX_KINDS, type OutboxIntent } from './types.ts';

const intentSchema = z.strictObject({
  idempotencyKey: z.string().min(1),
  kind: z.enum(OUTBOX_KINDS),
  payload: z.unknown().refine((value) => value !== undefined, 'payload is required'),
});

export interface EnqueueResult {
  /** Row ids created by this call. */
  readonly inserted: number[];
  /** Keys already in the outbox: the earlier row stands, nothing was written for them. */
  readonly duplicates: string[];
}

/**
 * Writes intents as `pending` rows. Opens no transaction of its own on purpose: call it inside
 * the transaction that records the workflow step, so the step and its intents commit or roll
 * back together. Idempotent by key through the UNIQUE constraint (an atomic claim, not
 * check-then-insert).
 */
export function enqueue(db: SqlDatabase, intents: readonly OutboxIntent[], now: Date): EnqueueResult {
  const at = now.toISOString();
  const insert = prepared(
    db,
    `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
  );
  const inserted: number[] = [];
  const duplicates: string[] = [];
  intents.forEach((candidate, index) => {
    const parsed = intentSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new Error(`outbox intent [${index}] is invalid: ${z.prettifyError(parsed.error)}`);
    }
    const intent = parsed.data;
    const created = insert.get(
      intent.idempotencyKey,
      intent.kind,
      JSON.stringify(intent.payload),
      at,
      at,
      at,
    );
    if (created === undefined) {
      duplicates.push(intent.idempotencyKey);
      return;
    }
    const id = Number(created.id);
    inserted.push(id);
    appendAudit(db, {
      at,
      subject: outboxSubject(id),
      action: 'enqueued',
      detail: { idempotencyKey: intent.idempotencyKey, kind: intent.kind },
    });
  });
  return { inserted, duplicates };
}
