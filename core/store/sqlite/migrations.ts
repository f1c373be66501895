/**
 * Versioned schema migrations. Append only: a released migration is never edited, a change is a
 * new entry. The SQL stays within what SQLite and Postgres share (TEXT/INTEGER/REAL, ON CONFLICT)
 * so the Postgres store can replay the same list.
 */
import { EVENTS_ACCOUNT_INDEX, EVENTS_WITHOUT_ACCOUNT_INDEX } from './deferred-indexes.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQLite DDL; on Postgres it runs through core/store/postgres/ddl.ts unless `postgres` is given. */
  readonly sql: string;
  /** The Postgres text, for the few migrations the shared DDL cannot express (JSON views, triggers). */
  readonly postgres?: string;
}

export const canonicalMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'canonical entities, identities, events, deals, sync state, scores',
    sql: `
CREATE TABLE source_records (
  source_key TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  merged_into_key TEXT,
  first_seen_at TEXT NOT NULL,
  last_changed_at TEXT NOT NULL
);
CREATE INDEX source_records_entity ON source_records (kind, entity_id);
CREATE INDEX source_records_merged_into ON source_records (merged_into_key);

CREATE TABLE identities (
  identity_key TEXT PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL
);
CREATE INDEX identities_entity ON identities (entity_type, entity_id);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  email TEXT,
  email_normalized TEXT,
  first_name TEXT,
  last_name TEXT,
  title TEXT,
  role TEXT,
  phone TEXT,
  timezone TEXT,
  country TEXT,
  city TEXT,
  lifecycle_stage TEXT,
  owner_id TEXT,
  account_key TEXT,
  email_opt_in INTEGER,
  properties TEXT NOT NULL,
  sources TEXT NOT NULL,
  created_at TEXT,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  merged_into TEXT
);
CREATE INDEX contacts_email ON contacts (email_normalized);
CREATE INDEX contacts_account ON contacts (account_key);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT,
  domain TEXT,
  industry TEXT,
  employees INTEGER,
  annual_revenue REAL,
  plan TEXT,
  mrr REAL,
  currency TEXT,
  country TEXT,
  owner_id TEXT,
  status TEXT,
  churned_at TEXT,
  properties TEXT NOT NULL,
  sources TEXT NOT NULL,
  created_at TEXT,
  updated_at TEXT NOT NULL,
  deleted_at TEXT,
  merged_into TEXT
);
CREATE INDEX accounts_domain ON accounts (domain);

CREATE TABLE merges (
  id INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL,
  winner_id TEXT NOT NULL,
  merged TEXT NOT NULL,
  reason TEXT NOT NULL,
  evidence TEXT NOT NULL,
  merged_at TEXT NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  source_key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  contact_key TEXT,
  account_key TEXT,
  value REAL,
  properties TEXT,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_contact ON events (contact_key, occurred_at);
CREATE INDEX events_account ON events (account_key, occurred_at);

CREATE TABLE deals (
  id INTEGER PRIMARY KEY,
  source_key TEXT NOT NULL UNIQUE,
  name TEXT,
  account_key TEXT,
  contact_key TEXT,
  stage TEXT,
  status TEXT NOT NULL,
  amount REAL,
  currency TEXT,
  owner_id TEXT,
  created_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  merged_into_key TEXT,
  fingerprint TEXT NOT NULL
);
CREATE INDEX deals_account ON deals (account_key);

CREATE TABLE sync_cursors (
  stream TEXT PRIMARY KEY,
  cursor TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  error TEXT
);
CREATE INDEX sync_runs_stream ON sync_runs (stream, id);

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  file TEXT,
  line INTEGER,
  column_name TEXT,
  record_id TEXT,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  quarantined_at TEXT NOT NULL
);
CREATE INDEX quarantine_stream ON quarantine (stream, id);
CREATE UNIQUE INDEX quarantine_dedupe ON quarantine (stream, fingerprint);

CREATE TABLE scores (
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  model TEXT NOT NULL,
  kind TEXT NOT NULL,
  model_version TEXT NOT NULL,
  probability REAL,
  value REAL NOT NULL,
  tier TEXT NOT NULL,
  reasons TEXT NOT NULL,
  amount REAL,
  action TEXT,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (entity_type, entity_id, model)
);

CREATE TABLE score_history (
  id INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  model TEXT NOT NULL,
  kind TEXT NOT NULL,
  model_version TEXT NOT NULL,
  probability REAL,
  value REAL NOT NULL,
  tier TEXT NOT NULL,
  reasons TEXT NOT NULL,
  amount REAL,
  action TEXT,
  computed_at TEXT NOT NULL
);
CREATE INDEX score_history_entity ON score_history (entity_type, entity_id, model, computed_at);
`,
  },
  {
    version: 2,
    name: 'deals by contact',
    // Real-time scoring reads one contact's deals; without this index that read scanned every deal.
    sql: 'CREATE INDEX IF NOT EXISTS deals_contact ON deals (contact_key);',
  },
  {
    version: 3,
    name: 'sync run owner',
    // Which process runs a sync, so a second process (a webhook re-sync, the scheduler) skips a
    // stream that is being synced instead of marking the live run interrupted.
    sql: 'ALTER TABLE sync_runs ADD COLUMN owner TEXT;',
  },
  {
    version: 4,
    name: 'change tracking for the analytics replica',
    // The analytics replica (core/store/analytics) copies what changed since its last refresh:
    // events by id (ids only grow) plus updated events by changed_seq, and the entity and deal
    // tables when their revision moved. store_id tells a replica that its store was replaced.
    sql: `
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO store_meta (key, value) VALUES
  ('store_id', lower(hex(randomblob(16)))),
  ('entities_revision', '1'),
  ('deals_revision', '1'),
  ('event_change_seq', '0');
ALTER TABLE events ADD COLUMN changed_seq INTEGER;
CREATE INDEX events_changed ON events (changed_seq) WHERE changed_seq IS NOT NULL;
`,
    postgres: `
CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO store_meta (key, value) VALUES
  ('store_id', replace(gen_random_uuid()::text, '-', '')),
  ('entities_revision', '1'),
  ('deals_revision', '1'),
  ('event_change_seq', '0');
ALTER TABLE events ADD COLUMN changed_seq BIGINT;
CREATE INDEX events_changed ON events (changed_seq) WHERE changed_seq IS NOT NULL;
`,
  },
  {
    version: 5,
    name: 'score as-of',
    // computed_at is when a run happened; as_of is the instant its features describe. Emails quote
    // usage numbers as of the scores they act on, which can be days before the run.
    sql: `
ALTER TABLE scores ADD COLUMN as_of TEXT;
ALTER TABLE score_history ADD COLUMN as_of TEXT;
`,
  },
  {
    version: 6,
    name: 'account activity read from the index',
    // Real-time scoring reads an account's events (hundreds a request) for their name, time, value
    // and person only. With those columns in the account index the read never visits the table:
    // three times faster on the 100,000-contact demo (bench/RESULTS.md, server section).
    sql: `
DROP INDEX IF EXISTS events_account;
${EVENTS_ACCOUNT_INDEX};
${EVENTS_WITHOUT_ACCOUNT_INDEX};
`,
  },
  {
    version: 7,
    name: 'records to read again',
    // A CRM sync that leaves out records whose last change was scorebridge's own write-back must
    // still read the ones whose earlier change by a person the write-back covered before a sync
    // saw it. Each row is cleared by the batch that stores the record again.
    sql: `
CREATE TABLE sync_rereads (
  source_key TEXT PRIMARY KEY,
  system TEXT NOT NULL,
  object_type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  noted_at TEXT NOT NULL
);
CREATE INDEX sync_rereads_object ON sync_rereads (system, object_type);
`,
  },
];
