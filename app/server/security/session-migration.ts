import type { Migration } from '../../../core/store/sqlite/migrations.ts';

/**
 * Dashboard sign-in sessions. The browser's cookie carries a random session id; only its sha256 is
 * kept here, so a copy of the store opens no session. Each session belongs to the API key it was
 * opened with: revoking the key ends its sessions at once.
 */
export const sessionMigrations: readonly Migration[] = [
  {
    version: 510,
    name: 'dashboard sign-in sessions',
    sql: `
CREATE TABLE dashboard_sessions (
  id_hash TEXT PRIMARY KEY,
  key_id INTEGER NOT NULL REFERENCES api_keys (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX dashboard_sessions_expires ON dashboard_sessions (expires_at);
`,
  },
];
