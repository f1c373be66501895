import type { Migration } from '../../core/store/sqlite/migrations.ts';

/**
 * Addresses that must never be emailed again. Keyed by the lower-cased address (not the identity
 * normalisation, which folds Gmail dots: an unsubscribe from one spelling must still block the exact
 * address it came from, and a bounce is about the mailbox the server refused).
 */
export const suppressionMigrations: Migration[] = [
  {
    version: 210,
    name: 'email suppression list',
    sql: `
CREATE TABLE email_suppressions (
  address TEXT PRIMARY KEY,
  reason TEXT NOT NULL CHECK (reason IN ('unsubscribe', 'bounce', 'complaint', 'manual')),
  source TEXT NOT NULL,
  detail TEXT,
  suppressed_at TEXT NOT NULL
);
`,
  },
];
