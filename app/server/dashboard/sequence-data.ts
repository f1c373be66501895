import type { SqlDatabase } from '../../../core/store/sql/sql-database.ts';
import { tableExists } from '../../../core/store/sql/table-exists.ts';

export interface WorkflowFunnel {
  readonly workflow: string;
  readonly enrolled: number;
  readonly active: number;
  readonly completed: number;
  readonly exited: number;
  /** Enrollments with at least one email delivered, and how many emails that was. */
  readonly emailed: number;
  readonly emails: number;
  /** Emailed enrollments whose recipient opened, clicked or replied after the first send. */
  readonly opened: number;
  readonly clicked: number;
  readonly replied: number;
  readonly exits: readonly { readonly reason: string; readonly count: number }[];
}

interface EnrollmentCounts {
  workflow: string;
  enrolled: number;
  active: number;
  completed: number;
  exited: number;
}

interface EngagementCounts {
  workflow: string;
  emailed: number;
  emails: number;
  opened: number;
  clicked: number;
  replied: number;
}

// Counting a condition by summing it works on SQLite only (Postgres has no SUM of a boolean).
const countWhere = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

const engagedAfter = (type: string) =>
  `EXISTS (SELECT 1 FROM identities i JOIN events e ON e.contact_key = i.identity_key
     WHERE i.entity_type = 'contact' AND i.entity_id = r.contact_id AND e.type = '${type}'
       AND e.deleted = 0 AND e.occurred_at >= r.first_sent)`;

/**
 * Per enrollment: its delivered emails and first send. The recipient is the enrolled contact, or
 * for an account the contact the address belongs to; opens, clicks and replies count only when
 * they happened after the first send, so engagement from before the sequence is not credited to it.
 * One enrollment has one recipient: MIN() only names it in a way Postgres accepts beside GROUP BY.
 */
const ENGAGEMENT_SQL = `
WITH sends AS (
  SELECT json_extract(payload, '$.workflow') AS workflow, json_extract(payload, '$.enrollmentId') AS enrollment_id,
         MIN(json_extract(payload, '$.entity.type')) AS entity_type, MIN(json_extract(payload, '$.entity.id')) AS entity_id,
         MIN(json_extract(payload, '$.to')) AS address, MIN(sent_at) AS first_sent, COUNT(*) AS emails
  FROM outbox WHERE kind = 'email' AND state = 'sent' GROUP BY workflow, enrollment_id),
recipients AS MATERIALIZED (
  SELECT s.*, CASE WHEN s.entity_type = 'contact' THEN s.entity_id
    ELSE (SELECT c.id FROM contacts c WHERE c.email_normalized = lower(trim(s.address)) ORDER BY c.id LIMIT 1) END AS contact_id
  FROM sends s)
SELECT r.workflow AS workflow, COUNT(*) AS emailed, SUM(r.emails) AS emails,
       ${countWhere(engagedAfter('email_open'))} AS opened,
       ${countWhere(engagedAfter('email_click'))} AS clicked,
       ${countWhere(engagedAfter('email_reply'))} AS replied
FROM recipients r GROUP BY r.workflow`;

/** The sequence funnel of every workflow that has enrolled anyone: enrolled, emailed, engaged, exited. */
export function loadFunnels(db: SqlDatabase): WorkflowFunnel[] {
  if (!tableExists(db, 'enrollments') || !tableExists(db, 'outbox')) return [];
  const enrollments = db
    .prepare(
      `SELECT workflow, COUNT(*) AS enrolled, ${countWhere("state = 'active'")} AS active,
              ${countWhere("state = 'completed'")} AS completed, ${countWhere("state = 'exited'")} AS exited
       FROM enrollments GROUP BY workflow ORDER BY workflow`,
    )
    .all() as unknown as EnrollmentCounts[];
  const engagement = new Map(
    (db.prepare(ENGAGEMENT_SQL).all() as unknown as EngagementCounts[]).map((row) => [row.workflow, row]),
  );
  const exits = db
    .prepare(
      // Tier moves are few and worth telling apart (low -> high is not high -> low); other reasons
      // carry per-record details (a score value) and are grouped by kind.
      `SELECT workflow, CASE WHEN exit_reason LIKE 'tier_changed:%' THEN exit_reason
              WHEN instr(exit_reason, ':') > 0 THEN substr(exit_reason, 1, instr(exit_reason, ':') - 1)
              ELSE COALESCE(exit_reason, 'unknown') END AS reason, COUNT(*) AS count
       FROM enrollments WHERE state = 'exited' GROUP BY workflow, reason ORDER BY workflow, count DESC, reason`,
    )
    .all() as unknown as { workflow: string; reason: string; count: number }[];
  return enrollments.map((row) => {
    const engaged = engagement.get(row.workflow);
    return {
      ...row,
      emailed: engaged?.emailed ?? 0,
      emails: engaged?.emails ?? 0,
      opened: engaged?.opened ?? 0,
      clicked: engaged?.clicked ?? 0,
      replied: engaged?.replied ?? 0,
      exits: exits
        .filter((exit) => exit.workflow === row.workflow)
        .map(({ reason, count }) => ({ reason, count })),
    };
  });
}
