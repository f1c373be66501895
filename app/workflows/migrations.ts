import type { Migration } from '../../core/store/sqlite/migrations.ts';

/**
 * One row per workflow run (scheduled tick, catch-up after downtime, `scorebridge run`): the
 * candidate watermark (scores newer than the last run's) and what the run did, for status.
 */
export const workflowRunMigrations: Migration[] = [
  {
    version: 400,
    name: 'workflow runs and the score history time index',
    sql: `
CREATE TABLE workflow_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trigger TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  scores_until TEXT,
  events_until TEXT,
  summary TEXT
);
CREATE INDEX score_history_computed ON score_history (computed_at);

-- One workflow runner at a time: recovery after a crash must not mistake a live runner's
-- in-flight sends for a dead one's.
CREATE TABLE workflow_lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  acquired_at TEXT NOT NULL
);
`,
  },
  {
    version: 401,
    name: 'workflow runner leases per partition, with expiry; run watermarks per partition',
    // Runners on several hosts share a Postgres store: a lease must expire on its own when its
    // holder dies on another host (a pid check only works on the holder's host), and ticks of
    // different partitions run side by side, each reading from its own watermarks.
    sql: `
ALTER TABLE workflow_runs ADD COLUMN partition_key TEXT;
UPDATE workflow_runs SET partition_key = 'all';
CREATE INDEX workflow_runs_partition ON workflow_runs (partition_key, id);

CREATE TABLE workflow_runner_leases (
  scope TEXT PRIMARY KEY,
  part_index INTEGER NOT NULL,
  part_count INTEGER NOT NULL,
  owner TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
DROP TABLE workflow_lease;
`,
  },
  {
    version: 402,
    name: 'workflow runs remember the last score row they read',
    // Candidates and "the tier at the last run" are read by score row id (insertion order, which is
    // commit order: score writes hold the store's write lock). A timestamp watermark lost the rest of
    // a scoring run a tick read half-written, and two scoring runs between ticks hid a tier change.
    sql: 'ALTER TABLE workflow_runs ADD COLUMN scores_until_id INTEGER;',
  },
];
