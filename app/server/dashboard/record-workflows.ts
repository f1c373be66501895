import type { SqlDatabase, SqlValue } from '../../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../../../workflows/definitions/index.ts';
import { humanize } from './model-meaning.ts';

type Row = Record<string, SqlValue>;
type Step = WorkflowDefinition['steps'][number];

export interface StepView {
  readonly number: number;
  readonly description: string;
  readonly state:
    | 'done'
    | 'unknown'
    | 'skipped'
    | 'postponed'
    | 'next'
    | 'later'
    | 'not reached'
    | 'not for this tier';
  readonly at: string | null;
  readonly note: string | null;
}

export interface EnrollmentView {
  readonly id: number;
  readonly workflow: string;
  readonly tier: string | null;
  readonly state: string;
  readonly exitReason: string | null;
  readonly enrolledAt: string;
  readonly nextStepAt: string | null;
  readonly steps: readonly StepView[];
}

export interface OutboxItem {
  readonly kind: 'email' | 'task';
  readonly state: string;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly workflow: string | null;
  readonly payload: Record<string, unknown>;
  readonly lastError: string | null;
}

const ASSIGNEES: Readonly<Record<string, string>> = {
  owner: 'the account owner',
  csm: 'the customer success manager',
};

function delayText(delay: { amount: number; unit: string } | undefined): string {
  if (!delay || delay.amount === 0) return '';
  return `, ${delay.amount} ${delay.unit.replace('_', ' ')} after the step before`;
}

/** A workflow step in words: "E-mail “Day3 roi”, 3 days after the step before". */
export function stepDescription(step: Step | undefined, index: number): string {
  if (!step) return `Step ${index + 1}`;
  const wait = delayText(step.delay as { amount: number; unit: string } | undefined);
  switch (step.action) {
    case 'send_email':
      return `Send the e-mail “${humanize(step.template)}”${wait}`;
    case 'write_fields':
      return `Update ${Object.entries(step.fields)
        .map(([field, value]) => `${humanize(field).toLowerCase()} to “${String(value)}”`)
        .join(', ')} in the CRM${wait}`;
    case 'create_task':
      return `Task for ${ASSIGNEES[step.assign_to] ?? step.assign_to}: “${step.subject}”${wait}`;
    case 'assign_owner':
      return `Assign a customer success manager${wait}`;
    case 'call_webhook':
      return `Notify another system (webhook)${wait}`;
    case 'notify':
      return `Post to Slack: “${step.text}”${wait}`;
    case 'enroll_in_sequence':
      return `Start the sequence “${humanize(step.sequence)}”${wait}`;
    case 'remove_from_sequence':
      return `Stop the sequence “${humanize(step.sequence)}”${wait}`;
    case 'wait':
      return `Wait${wait}`;
  }
}

const EXIT_WORDS: Readonly<Record<string, string>> = {
  reply: 'the customer replied',
  meeting_booked: 'a meeting was booked',
  usage_recovered: 'product usage recovered',
  tier_changed: 'the tier changed',
  unsubscribe: 'the person unsubscribed',
  bounce: 'an e-mail bounced',
  score_below: 'the score fell below the exit value',
  complaint: 'the person marked an e-mail as spam',
};

/** "tier_changed: low -> high" -> "the tier changed (low → high)". */
export function exitReasonText(reason: string | null): string {
  if (!reason) return 'it left the workflow';
  const cut = reason.indexOf(':');
  const code = cut < 0 ? reason : reason.slice(0, cut);
  const detail =
    cut < 0
      ? ''
      : reason
          .slice(cut + 1)
          .trim()
          .replace('->', '→');
  if (code === 'score_below') {
    // "churn_risk score 12 < 20": the model by its name, and the numbers in words.
    const parts = /^(\S+) score (\S+) < (\S+)$/.exec(detail);
    if (parts) return `the ${humanize(parts[1]!).toLowerCase()} score fell to ${parts[2]}, below ${parts[3]}`;
  }
  const words = EXIT_WORDS[code] ?? humanize(code).toLowerCase();
  return detail ? `${words} (${detail})` : words;
}

function stepState(
  step: Step | undefined,
  index: number,
  run: Row | undefined,
  enrollment: Row,
  unknownOutbox: number | undefined,
): Pick<StepView, 'state' | 'at' | 'note'> {
  if (run && unknownOutbox !== undefined)
    return {
      state: 'unknown',
      at: String(run.at),
      note: `The process stopped while this was being sent, so it may or may not have arrived; the sequence waits. Resolve it with scorebridge outbox resolve ${unknownOutbox} --delivered or --resend.`,
    };
  if (run) {
    const outcome = String(run.outcome);
    const state = outcome === 'sent' ? 'done' : outcome === 'deferred' ? 'postponed' : 'skipped';
    return { state, at: String(run.at), note: run.reason === null ? null : String(run.reason) };
  }
  const tier = enrollment.tier === null ? null : String(enrollment.tier);
  if (step?.tiers && tier !== null && !step.tiers.includes(tier))
    return { state: 'not for this tier', at: null, note: null };
  if (String(enrollment.state) !== 'active') return { state: 'not reached', at: null, note: null };
  const next = Number(enrollment.next_step_index);
  if (index === next)
    return {
      state: 'next',
      at: enrollment.next_step_at === null ? null : String(enrollment.next_step_at),
      note: null,
    };
  return { state: index < next ? 'skipped' : 'later', at: null, note: null };
}

/** Every enrollment of the record, newest first, with each step's state. */
export function enrollmentsOf(
  db: SqlDatabase,
  entityType: 'account' | 'contact',
  entityId: string,
  definitions: ReadonlyMap<string, WorkflowDefinition>,
): EnrollmentView[] {
  const enrollments = db
    .prepare('SELECT * FROM enrollments WHERE entity_type = ? AND entity_id = ? ORDER BY id DESC LIMIT 20')
    .all(entityType, entityId) as Row[];
  if (enrollments.length === 0) return [];
  const ids = enrollments.map((e) => Number(e.id));
  const runs = db
    .prepare(
      `SELECT * FROM step_runs WHERE enrollment_id IN (${ids.map(() => '?').join(', ')}) ORDER BY step_index`,
    )
    .all(...ids) as Row[];
  // Few rows are ever unknown, and the outbox index starts with the state.
  const unknown = db
    .prepare(
      `SELECT id, json_extract(payload, '$.enrollmentId') AS enrollment, json_extract(payload, '$.stepIndex') AS step
         FROM outbox WHERE state = 'unknown'
          AND json_extract(payload, '$.enrollmentId') IN (${ids.map(() => '?').join(', ')})`,
    )
    .all(...ids) as Row[];
  const unknownAt = new Map(unknown.map((u) => [`${Number(u.enrollment)}/${Number(u.step)}`, Number(u.id)]));
  return enrollments.map((enrollment) => {
    const id = Number(enrollment.id);
    const definition = definitions.get(String(enrollment.workflow));
    const own = new Map(
      runs.filter((r) => Number(r.enrollment_id) === id).map((r) => [Number(r.step_index), r]),
    );
    const count = Math.max(
      definition?.steps.length ?? 0,
      ...[...own.keys()].map((k) => k + 1),
      Number(enrollment.next_step_index),
    );
    const steps = Array.from({ length: count }, (_, index) => {
      const step = definition?.steps[index];
      return {
        number: index + 1,
        description: stepDescription(step, index),
        ...stepState(step, index, own.get(index), enrollment, unknownAt.get(`${id}/${index}`)),
      };
    });
    return {
      id,
      workflow: String(enrollment.workflow),
      tier: enrollment.tier === null ? null : String(enrollment.tier),
      state: String(enrollment.state),
      exitReason: enrollment.exit_reason === null ? null : String(enrollment.exit_reason),
      enrolledAt: String(enrollment.enrolled_at),
      nextStepAt: enrollment.next_step_at === null ? null : String(enrollment.next_step_at),
      steps,
    };
  });
}

/** E-mails and CRM tasks the workflows queued for the record (both through indexes on the payload's entity). */
export function outboxOf(db: SqlDatabase, entityType: 'account' | 'contact', entityId: string): OutboxItem[] {
  const rows = db
    .prepare(
      `SELECT kind, state, created_at, sent_at, payload, last_error FROM outbox
       WHERE kind = 'email' AND json_extract(payload, '$.entity.type') = ? AND json_extract(payload, '$.entity.id') = ?
       UNION ALL
       SELECT kind, state, created_at, sent_at, payload, last_error FROM outbox
       WHERE kind = 'task' AND json_extract(payload, '$.entity.type') = ? AND json_extract(payload, '$.entity.id') = ?
       ORDER BY created_at DESC LIMIT 200`,
    )
    .all(entityType, entityId, entityType, entityId) as Row[];
  return rows.map((row) => {
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(String(row.payload)) as Record<string, unknown>;
    } catch {
      // A hand-edited row still shows, without its details.
    }
    return {
      kind: String(row.kind) as 'email' | 'task',
      state: String(row.state),
      createdAt: String(row.created_at),
      sentAt: row.sent_at === null ? null : String(row.sent_at),
      workflow: typeof payload.workflow === 'string' ? payload.workflow : null,
      payload,
      lastError: row.last_error === null ? null : String(row.last_error),
    };
  });
}
