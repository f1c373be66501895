import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

export const SUPPRESSION_REASONS = ['unsubscribe', 'bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export interface Suppression {
  readonly address: string;
  readonly reason: SuppressionReason;
  /** Where it came from: "list-unsubscribe", "smtp 550", "event evt_123", "cli". */
  readonly source: string;
  readonly detail: string | null;
  readonly suppressedAt: string;
}

export function suppressionKey(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Adds an address; the first reason recorded stands (an unsubscribe is not rewritten as a later
 * bounce), so the list also answers "why did we stop mailing this person".
 */
export function suppress(
  db: SqlDatabase,
  entry: { address: string; reason: SuppressionReason; source: string; detail?: string },
  now: Date,
): boolean {
  const result = db
    .prepare(
      `INSERT INTO email_suppressions (address, reason, source, detail, suppressed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (address) DO NOTHING`,
    )
    .run(suppressionKey(entry.address), entry.reason, entry.source, entry.detail ?? null, now.toISOString());
  return Number(result.changes) === 1;
}

export function suppressionOf(db: SqlDatabase, address: string): Suppression | undefined {
  const row = db.prepare('SELECT * FROM email_suppressions WHERE address = ?').get(suppressionKey(address)) as
    | {
        address: string;
        reason: SuppressionReason;
        source: string;
        detail: string | null;
        suppressed_at: string;
      }
    | undefined;
  return row === undefined
    ? undefined
    : {
        address: row.address,
        reason: row.reason,
        source: row.source,
        detail: row.detail,
        suppressedAt: row.suppressed_at,
      };
}

/** Removes an address (a person who opted in again); returns whether it was listed. */
export function unsuppress(db: SqlDatabase, address: string): boolean {
  const result = db.prepare('DELETE FROM email_suppressions WHERE address = ?').run(suppressionKey(address));
  return Number(result.changes) === 1;
}

export function suppressionCounts(db: SqlDatabase): Record<SuppressionReason, number> {
  const counts = Object.fromEntries(SUPPRESSION_REASONS.map((reason) => [reason, 0])) as Record<
    SuppressionReason,
    number
  >;
  const rows = db.prepare('SELECT reason, COUNT(*) AS n FROM email_suppressions GROUP BY reason').all() as {
    reason: SuppressionReason;
    n: number;
  }[];
  for (const row of rows) counts[row.reason] = Number(row.n);
  return counts;
}
