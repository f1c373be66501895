import type { Migration } from '../../core/store/sqlite/migrations.ts';

/**
 * The model registry's tables, applied through `openSqliteStore({ extraMigrations })`. Version 100
 * leaves the low numbers to the canonical schema. `models` holds every trained model with its
 * artifact and metrics; `model_runs` one row per batch scoring run (score distribution, drift).
 */
export const modelRegistryMigrations: readonly Migration[] = [
  {
    version: 100,
    name: 'model registry: models and scoring runs',
    sql: `
CREATE TABLE models (
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  entity TEXT NOT NULL,
  trained_at TEXT NOT NULL,
  as_of TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  features TEXT NOT NULL,
  metrics TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  artifact TEXT NOT NULL,
  status TEXT NOT NULL,
  promotion_reason TEXT,
  decided_at TEXT,
  PRIMARY KEY (name, version)
);
CREATE INDEX models_status ON models (name, status);

CREATE TABLE model_runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  run_at TEXT NOT NULL,
  as_of TEXT NOT NULL,
  rows INTEGER NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX model_runs_name ON model_runs (name, id);
`,
  },
];
