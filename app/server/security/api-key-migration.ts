import type { Migration } from '../../../core/store/sqlite/migrations.ts';

/** API keys for `scorebridge serve`: only a sha256 of each key is kept, never the key itself. */
export const apiKeyMigrations: readonly Migration[] = [
  {
    version: 500,
    name: 'api keys (hashed) for the HTTP server',
    sql: `
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_keys_prefix ON api_keys (prefix);
`,
  },
];
