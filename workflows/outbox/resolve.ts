import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { inTransaction } from '../../core/store/sqlite/sql.ts';
import { appendAudit, outboxSubject } from './audit.ts';
import { loadRow, loadRowsInState, transitionRow } from './rows.ts';
import type { OutboxKind } from './types.ts';

/**
 * How an operator settles a row whose outcome is unknown:
 * - `delivered`: the mail log (or the CRM, or the receiver) shows it happened → `sent`.
 * - `resend`: it did not happen, or the destination drops a repeat → `pending`, performed again
 *   under the same idempotency key: an email keeps its Message-ID, so a receiver that already has
 *   it can drop the copy; a HubSpot or Salesforce task is found by its key instead of created twice.
 */
export const RESOLUTIONS = ['delivered', 'resend'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export interface ResolvedRow {
  readonly id: number;
  readonly kind: OutboxKind;
  readonly to: 'sent' | 'pending';
}

export interface ResolveSummary {
  readonly resolved: ResolvedRow[];
  readonly refused: { readonly id: number; readonly reason: string }[];
}

export interface ResolveOptions {
  readonly resolution: Resolution;
  readonly now: Date;
  /** Who or what decided, kept in the audit log (e.g. "cli"). */
  readonly by: string;
  /** Decide and report only; nothing is written. */
  readonly dryRun?: boolean;
}

/**
 * Settles unknown rows by id, or every unknown row. Other states are refused with the reason, so a
 * typo in an id cannot mark a pending email as sent. Each move is audited with who resolved it.
 */
export function resolveUnknown(
  db: SqlDatabase,
  target: readonly number[] | 'all',
  options: ResolveOptions,
): ResolveSummary {
  const at = options.now.toISOString();
  const to = options.resolution === 'delivered' ? 'sent' : 'pending';
  const decide = (): ResolveSummary => {
    const rows =
      target === 'all'
        ? loadRowsInState(db, 'unknown')
        : [...new Set(target)].map((id) => loadRow(db, id) ?? id);
    const resolved: ResolvedRow[] = [];
    const refused: { id: number; reason: string }[] = [];
    for (const row of rows) {
      if (typeof row === 'number') {
        refused.push({ id: row, reason: `no outbox row with id ${row}` });
        continue;
      }
      if (row.state !== 'unknown') {
        refused.push({
          id: row.id,
          reason: `row is ${row.state}; only rows with an unknown outcome are resolved`,
        });
        continue;
      }
      resolved.push({ id: row.id, kind: row.kind, to });
      if (options.dryRun) continue;
      const note = `outcome was unknown (${row.lastError ?? 'no detail'}); resolved as ${options.resolution} by ${options.by}`;
      if (to === 'sent') {
        transitionRow(db, row, 'sent', at, { sentAt: at, lastError: note });
      } else {
        // Due at once and first in line: its old due time is in the past (it was claimed then), and
        // keeping it orders the resend before later steps of the same sequence.
        transitionRow(db, row, 'pending', at, {
          attempts: 0,
          nextAttemptAt: row.nextAttemptAt,
          lastError: note,
        });
      }
      appendAudit(db, {
        at,
        subject: outboxSubject(row.id),
        action: `resolved as ${options.resolution}`,
        detail: { idempotencyKey: row.idempotencyKey, kind: row.kind, by: options.by, was: row.lastError },
      });
    }
    return { resolved, refused };
  };
  return options.dryRun ? decide() : inTransaction(db, decide);
}
