import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { prepared } from './statements.ts';

export interface AuditEntry {
  readonly at: string;
  readonly subject: string;
  readonly action: string;
  readonly detail: Record<string, unknown>;
}

/** The only write path to audit_log: rows are inserted, never updated or deleted. */
export function appendAudit(db: SqlDatabase, entry: AuditEntry): void {
  prepared(db, 'INSERT INTO audit_log (at, subject, action, detail) VALUES (?, ?, ?, ?)').run(
    entry.at,
    entry.subject,
    entry.action,
    JSON.stringify(entry.detail),
  );
}

export function readAudit(db: SqlDatabase, subject: string): AuditEntry[] {
  const rows = db
    .prepare('SELECT at, subject, action, detail FROM audit_log WHERE subject = ? ORDER BY id')
    .all(subject) as { at: string; subject: string; action: string; detail: string }[];
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}

export function outboxSubject(id: number): string {
  return `outbox:${id}`;
}
