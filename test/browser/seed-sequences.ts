import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

/** A workflow name and exit reason with markup in them: the pages must show them as text. */
export const HOSTILE_WORKFLOW = 'nurture <script>alert("x")</script> & co';
export const HOSTILE_EXIT = '<img src=x onerror=alert(1)>';

export interface SeededFunnel {
  readonly enrolled: number;
  readonly emailed: number;
  readonly emails: number;
  readonly opened: number;
  readonly clicked: number;
  readonly replied: number;
  readonly exited: number;
}
export type SeededFunnels = Record<string, SeededFunnel>;

interface Recipient {
  readonly entityType: 'contact' | 'account';
  readonly entityId: string;
  readonly email: string;
  readonly contactKey: string;
}

const HOUR_MS = 60 * 60 * 1000;

/** Recipients without email activity of their own since `quietSince`, so only seeded engagement counts. */
function recipients(
  db: SqlDatabase,
  entityType: 'contact' | 'account',
  limit: number,
  quietSince: string,
): Recipient[] {
  const owner = entityType === 'contact' ? 'c.id' : 'ia.entity_id';
  return db
    .prepare(
      `SELECT '${entityType}' AS entityType, ${owner} AS entityId, c.email_normalized AS email,
              (SELECT identity_key FROM identities WHERE entity_type = 'contact' AND entity_id = c.id ORDER BY identity_key LIMIT 1) AS contactKey
       FROM contacts c JOIN identities ia ON ia.identity_key = c.account_key AND ia.entity_type = 'account'
       WHERE c.email_normalized IS NOT NULL AND c.deleted_at IS NULL AND c.merged_into IS NULL
         AND NOT EXISTS (SELECT 1 FROM identities ic JOIN events e ON e.contact_key = ic.identity_key
           WHERE ic.entity_type = 'contact' AND ic.entity_id = c.id AND e.type LIKE 'email%' AND e.occurred_at >= ?)
       GROUP BY ${owner} ORDER BY ${owner} LIMIT ?`,
    )
    .all(quietSince, limit) as unknown as Recipient[];
}

/**
 * Writes enrollments, delivered emails and email events the way the workflow engine and a CRM sync
 * would, with a known funnel: enrollment i is emailed when i < emailed, opens after its send when
 * i < opened (and once before it, which must not count), and so on.
 */
export function seedSequences(db: SqlDatabase, now: string): SeededFunnels {
  const plans = [
    {
      workflow: 'retention',
      entityType: 'account' as const,
      enrolled: 12,
      emailed: 8,
      opened: 5,
      clicked: 3,
      replied: 1,
      exited: 4,
    },
    {
      workflow: HOSTILE_WORKFLOW,
      entityType: 'contact' as const,
      enrolled: 6,
      emailed: 4,
      opened: 2,
      clicked: 0,
      replied: 1,
      exited: 2,
    },
  ];
  const at = (hoursAgo: number) => new Date(Date.parse(now) - hoursAgo * HOUR_MS).toISOString();
  const enroll = db.prepare(
    `INSERT INTO enrollments (workflow, entity_type, entity_id, tier, state, exit_reason, entry_signature, enrolled_at, next_step_index, next_step_at, updated_at)
     VALUES (?, ?, ?, 'low', ?, ?, 'seed', ?, 1, NULL, ?)`,
  );
  const outbox = db.prepare(
    `INSERT INTO outbox (idempotency_key, kind, payload, state, attempts, next_attempt_at, created_at, updated_at, sent_at)
     VALUES (?, 'email', ?, 'sent', 1, ?, ?, ?, ?)`,
  );
  const event = db.prepare(
    'INSERT INTO events (source_key, type, occurred_at, contact_key, properties) VALUES (?, ?, ?, ?, ?)',
  );
  const funnels: SeededFunnels = {};
  let emails = 0;
  for (const plan of plans) {
    const people = recipients(db, plan.entityType, plan.enrolled, at(96));
    let planEmails = 0;
    people.forEach((person, i) => {
      const exited = i >= plan.enrolled - plan.exited;
      const reason = plan.workflow === 'retention' ? 'tier_changed: low -> high' : HOSTILE_EXIT;
      const id = Number(
        enroll.run(
          plan.workflow,
          person.entityType,
          person.entityId,
          exited ? 'exited' : 'active',
          exited ? reason : null,
          at(72),
          at(1),
        ).lastInsertRowid,
      );
      if (i >= plan.emailed) return;
      const sends = i % 2 === 0 ? 2 : 1;
      for (let step = 0; step < sends; step++) {
        const payload = {
          workflow: plan.workflow,
          entity: { type: person.entityType, id: person.entityId },
          enrollmentId: id,
          stepIndex: 6 + step,
          to: person.email.toUpperCase(),
        };
        outbox.run(
          `seed-${emails++}`,
          JSON.stringify(payload),
          at(48 - step),
          at(48 - step),
          at(48 - step),
          at(48 - step),
        );
        planEmails++;
      }
      const engage = (type: string, hoursAgo: number) =>
        event.run(`seed-event-${emails}-${type}-${hoursAgo}`, type, at(hoursAgo), person.contactKey, '{}');
      engage('email_open', 60);
      if (i < plan.opened) engage('email_open', 40);
      if (i < plan.clicked) engage('email_click', 39);
      if (i < plan.replied) engage('email_reply', 30);
    });
    const { workflow, entityType: _type, ...counts } = plan;
    funnels[workflow] = { ...counts, enrolled: people.length, emails: planEmails };
  }
  return funnels;
}
