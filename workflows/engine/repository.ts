import type { SqlDatabase, SqlStatement } from '../../core/store/sql/sql-database.ts';
import { StatementCache } from '../../core/store/sqlite/sql.ts';
import type { SentMessage } from '../policy/index.ts';
import type { EntityRef } from './context.ts';
import type { EnrollmentHistory } from './entry.ts';
import { inPartition, type TickPartition } from './partition.ts';
import type { EnrollmentState, StepOutcome } from './states.ts';

export interface EnrollmentRow {
  readonly id: number;
  readonly workflow: string;
  readonly entity: EntityRef;
  readonly tier: string | null;
  readonly state: EnrollmentState;
  readonly exitReason: string | null;
  readonly enrolledAt: string;
  readonly nextStepIndex: number;
  readonly nextStepAt: string | null;
}

interface RawEnrollment {
  id: number;
  workflow: string;
  entity_type: string;
  entity_id: string;
  tier: string | null;
  state: string;
  exit_reason: string | null;
  enrolled_at: string;
  next_step_index: number;
  next_step_at: string | null;
}

const caches = new WeakMap<SqlDatabase, StatementCache>();

/** A tick runs these statements for every enrollment and step: prepare each once per connection. */
export function statement(db: SqlDatabase, sql: string): SqlStatement {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new StatementCache(db);
    caches.set(db, cache);
  }
  return cache.get(sql);
}

/** The guarded move found the enrollment elsewhere: another ticker advanced it first. */
export class EnrollmentMovedError extends Error {
  readonly enrollmentId: number;

  constructor(enrollmentId: number, expectedStep: number) {
    super(
      `enrollment ${enrollmentId} moved on concurrently (expected active at step ${expectedStep}); this tick's work for it was rolled back`,
    );
    this.name = 'EnrollmentMovedError';
    this.enrollmentId = enrollmentId;
  }
}

function toEnrollment(raw: RawEnrollment): EnrollmentRow {
  return {
    id: Number(raw.id),
    workflow: raw.workflow,
    entity: { type: raw.entity_type as EntityRef['type'], id: raw.entity_id },
    tier: raw.tier,
    state: raw.state as EnrollmentState,
    exitReason: raw.exit_reason,
    enrolledAt: raw.enrolled_at,
    nextStepIndex: Number(raw.next_step_index),
    nextStepAt: raw.next_step_at,
  };
}

export function enrollmentHistory(db: SqlDatabase, workflow: string, entity: EntityRef): EnrollmentHistory {
  const rows = statement(
    db,
    `SELECT state, entry_signature FROM enrollments WHERE workflow = ? AND entity_type = ? AND entity_id = ? ORDER BY id`,
  ).all(workflow, entity.type, entity.id) as Array<{ state: string; entry_signature: string }>;
  return {
    active: rows.some((row) => row.state === 'active'),
    pastEnrollments: rows.length,
    lastSignature: rows.at(-1)?.entry_signature ?? null,
    signatures: rows.map((row) => row.entry_signature),
  };
}

export function activeEnrollment(
  db: SqlDatabase,
  workflow: string,
  entity: EntityRef,
): EnrollmentRow | undefined {
  const raw = statement(
    db,
    `SELECT * FROM enrollments WHERE workflow = ? AND entity_type = ? AND entity_id = ? AND state = 'active'`,
  ).get(workflow, entity.type, entity.id) as RawEnrollment | undefined;
  return raw === undefined ? undefined : toEnrollment(raw);
}

export interface NewEnrollment {
  readonly workflow: string;
  readonly entity: EntityRef;
  readonly tier: string | null;
  readonly signature: string;
  readonly firstStepAt: Date;
}

/** Inserts an active enrollment; returns its id, or undefined when one was already active (unique index). */
export function insertEnrollment(db: SqlDatabase, enrollment: NewEnrollment, now: Date): number | undefined {
  const at = now.toISOString();
  const result = statement(
    db,
    `INSERT INTO enrollments (workflow, entity_type, entity_id, tier, state, entry_signature, enrolled_at, next_step_index, next_step_at, updated_at)
       VALUES (?, ?, ?, ?, 'active', ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
  ).get(
    enrollment.workflow,
    enrollment.entity.type,
    enrollment.entity.id,
    enrollment.tier,
    enrollment.signature,
    at,
    enrollment.firstStepAt.toISOString(),
    at,
  );
  return result === undefined ? undefined : Number(result.id);
}

/**
 * Active enrollments whose next step is due, oldest first so a backlog drains in order. With a
 * partition, only enrollments of its entities: due rows are read in pages in the same order and
 * filtered by the entity hash (see partition.ts), so a partition still drains oldest first.
 */
export function dueEnrollments(
  db: SqlDatabase,
  now: Date,
  limit: number,
  partition?: TickPartition,
): EnrollmentRow[] {
  const at = now.toISOString();
  if (partition === undefined || partition.count === 1)
    return (
      statement(
        db,
        `SELECT * FROM enrollments WHERE state = 'active' AND next_step_at <= ? ORDER BY next_step_at, id LIMIT ?`,
      ).all(at, limit) as unknown as RawEnrollment[]
    ).map(toEnrollment);
  const page = Math.max(limit, 100) * partition.count;
  const after = statement(
    db,
    `SELECT * FROM enrollments WHERE state = 'active' AND next_step_at <= ?
       AND (next_step_at > ? OR (next_step_at = ? AND id > ?)) ORDER BY next_step_at, id LIMIT ?`,
  );
  const found: EnrollmentRow[] = [];
  let cursor = { at: '', id: 0 };
  while (found.length < limit) {
    const rows = after.all(at, cursor.at, cursor.at, cursor.id, page) as unknown as RawEnrollment[];
    for (const row of rows.map(toEnrollment))
      if (inPartition(row.entity, partition) && found.length < limit) found.push(row);
    const last = rows.at(-1);
    if (last === undefined || rows.length < page) break;
    cursor = { at: last.next_step_at ?? '', id: Number(last.id) };
  }
  return found;
}

/** A deferred run is replaced when the step finally runs; a finished run is never rewritten. */
export function recordStepRun(
  db: SqlDatabase,
  run: { enrollmentId: number; stepIndex: number; outcome: StepOutcome; reason: string | null },
  now: Date,
): void {
  statement(
    db,
    `INSERT INTO step_runs (enrollment_id, step_index, outcome, reason, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (enrollment_id, step_index) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, at = excluded.at
     WHERE step_runs.outcome = 'deferred'`,
  ).run(run.enrollmentId, run.stepIndex, run.outcome, run.reason, now.toISOString());
}

export type EnrollmentUpdate =
  | { readonly state: 'active'; readonly nextStepIndex: number; readonly nextStepAt: Date }
  | { readonly state: 'completed'; readonly nextStepIndex: number }
  | { readonly state: 'exited'; readonly exitReason: string };

/**
 * Moves an enrollment on, guarded by the step it was at: a second ticker that read the same row
 * changes nothing and its transaction is rolled back.
 */
export function updateEnrollment(
  db: SqlDatabase,
  current: { id: number; nextStepIndex: number },
  update: EnrollmentUpdate,
  now: Date,
): void {
  const at = now.toISOString();
  const guard = `WHERE id = ? AND state = 'active' AND next_step_index = ?`;
  const result =
    update.state === 'active'
      ? statement(
          db,
          `UPDATE enrollments SET next_step_index = ?, next_step_at = ?, updated_at = ? ${guard}`,
        ).run(update.nextStepIndex, update.nextStepAt.toISOString(), at, current.id, current.nextStepIndex)
      : update.state === 'completed'
        ? statement(
            db,
            `UPDATE enrollments SET state = 'completed', next_step_index = ?, next_step_at = NULL, updated_at = ? ${guard}`,
          ).run(update.nextStepIndex, at, current.id, current.nextStepIndex)
        : statement(
            db,
            `UPDATE enrollments SET state = 'exited', exit_reason = ?, next_step_at = NULL, updated_at = ? ${guard}`,
          ).run(update.exitReason, at, current.id, current.nextStepIndex);
  if (Number(result.changes) !== 1) throw new EnrollmentMovedError(current.id, current.nextStepIndex);
}

/**
 * Emails the engine already queued for this entity, in any workflow, for frequency caps: counted
 * from when they were queued, unless they failed for good (nothing reached the inbox).
 */
export function queuedEmailHistory(db: SqlDatabase, entity: EntityRef): SentMessage[] {
  const rows = statement(
    db,
    `SELECT COALESCE(sent_at, created_at) AS at, json_extract(payload, '$.category') AS category,
              json_extract(payload, '$.workflow') AS workflow
       FROM outbox
       WHERE kind = 'email' AND state NOT IN ('failed', 'dead_letter')
         AND json_extract(payload, '$.entity.type') = ? AND json_extract(payload, '$.entity.id') = ?
       ORDER BY id`,
  ).all(entity.type, entity.id) as Array<{ at: string; category: string | null; workflow: string | null }>;
  return rows.flatMap((row) =>
    row.category === null
      ? []
      : [
          {
            sentAt: new Date(row.at),
            category: row.category,
            ...(row.workflow ? { sequenceId: row.workflow } : {}),
          },
        ],
  );
}

/** The caller's send history plus what the engine queued itself, so caps see the engine's own sends. */
export function withQueuedHistory<T extends { entity: EntityRef; sentMessages: readonly SentMessage[] }>(
  db: SqlDatabase,
  context: T,
): T {
  return { ...context, sentMessages: [...context.sentMessages, ...queuedEmailHistory(db, context.entity)] };
}
