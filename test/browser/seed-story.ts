import { personName } from '../../app/server/dashboard/list-data.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

export interface StoryAccount {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  readonly contactId: string;
  readonly contactName: string;
  readonly taskSubject: string;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * One account's retention play as the engine records it (config/workflows/retention.yaml, medium
 * tier): the CRM field write skipped without a CRM, a CSM assigned, a call task created, the day-0
 * e-mail sent, and the day-3 e-mail due. The account is the one with the highest churn score that
 * has a person with an e-mail address, so its page has scores, reasons and history too.
 */
export function seedStory(db: SqlDatabase, now: string): StoryAccount {
  const row = db
    .prepare(
      `SELECT a.id, a.name, a.domain, c.id AS contact_id, c.first_name, c.last_name, c.email
       FROM scores s JOIN accounts a ON a.id = s.entity_id
       JOIN identities ia ON ia.entity_type = 'account' AND ia.entity_id = a.id
       JOIN contacts c ON c.account_key = ia.identity_key AND c.email IS NOT NULL AND c.first_name IS NOT NULL
       WHERE s.model = 'churn_risk' AND s.entity_type = 'account' AND a.name IS NOT NULL AND a.status = 'active'
       ORDER BY s.value DESC, a.id, c.id LIMIT 1`,
    )
    .get() as
    | {
        id: string;
        name: string;
        domain: string;
        contact_id: string;
        first_name: string;
        last_name: string;
        email: string;
      }
    | undefined;
  if (!row) throw new Error('the demo store has no scored active account with a named contact');
  const at = (hours: number) => new Date(Date.parse(now) + hours * HOUR_MS).toISOString();
  const enrollment = Number(
    db
      .prepare(
        `INSERT INTO enrollments (workflow, entity_type, entity_id, tier, state, exit_reason, entry_signature, enrolled_at, next_step_index, next_step_at, updated_at)
         VALUES ('retention', 'account', ?, 'medium', 'active', NULL, 'story', ?, 7, ?, ?)`,
      )
      .run(row.id, at(-30), at(42), at(-26)).lastInsertRowid,
  );
  const step = db.prepare(
    'INSERT INTO step_runs (enrollment_id, step_index, outcome, reason, at) VALUES (?, ?, ?, ?, ?)',
  );
  step.run(enrollment, 1, 'skipped', 'no CRM connector is configured (to: crm)', at(-30));
  step.run(enrollment, 3, 'sent', null, at(-30));
  step.run(enrollment, 4, 'sent', null, at(-30));
  step.run(enrollment, 6, 'sent', null, at(-26));
  const outbox = db.prepare(
    `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, next_attempt_at, created_at, updated_at, sent_at)
     VALUES (?, ?, ?, 'sent', 1, ?, ?, ?, ?)`,
  );
  const common = { workflow: 'retention', entity: { type: 'account', id: row.id }, enrollmentId: enrollment };
  const taskSubject = 'Schedule a check-in call about product usage';
  outbox.run(
    `story-task-${enrollment}`,
    'task',
    JSON.stringify({
      ...common,
      stepIndex: 4,
      connector: 'hubspot',
      subject: taskSubject,
      dueIn: { amount: 2, unit: 'business_days' },
      priority: 'normal',
      assignTo: 'csm',
    }),
    at(-30),
    at(-30),
    at(-30),
    at(-30),
  );
  outbox.run(
    `story-email-${enrollment}`,
    'email',
    JSON.stringify({
      ...common,
      stepIndex: 6,
      to: row.email,
      templates: 'retention',
      template: 'day0-checkin',
      category: 'retention',
      tier: 'medium',
    }),
    at(-26),
    at(-26),
    at(-26),
    at(-26),
  );
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    contactId: row.contact_id,
    contactName: personName(row.first_name, row.last_name, row.email),
    taskSubject,
  };
}
