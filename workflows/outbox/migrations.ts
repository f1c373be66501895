import type { Migration } from '../../core/store/sqlite/migrations.ts';

/**
 * Outbox and audit tables live in the canonical store's database so a workflow step and the
 * intents it produces commit in one transaction. Times are ISO-8601 UTC strings, which sort
 * lexicographically in time order.
 */
export const outboxMigrations: Migration[] = [
  {
    version: 200,
    name: 'outbox of side-effect intents and append-only audit log',
    sql: `
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'crm_write', 'task', 'webhook')),
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'dead_letter')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  provider_id TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  subject TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
`,
  },
  {
    version: 201,
    name: 'outbox claim order served by the index',
    // The relay claims the oldest due row of each kind it has a transport for. Without kind and id
    // in the index, every claim sorted the due rows and stepped over rows of other kinds: 7 ms a
    // claim at 230k rows. With them, a claim reads one index entry per kind.
    sql: `
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (state, kind, next_attempt_at, id);
`,
  },
  {
    version: 202,
    name: 'outbox claims carry their claimer and a lease',
    // Several relays (processes, hosts) share one outbox. A row in `sending` names the relay that
    // claimed it and until when that claim holds, so recovery takes over only rows whose relay is
    // gone or whose lease ran out, never a live relay's in-flight rows.
    sql: `
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until TEXT;
`,
  },
];
