import type { Migration } from '../../core/store/sqlite/migrations.ts';

/**
 * Enrollments and their step runs live beside the outbox so a step, its intents and the move to the
 * next step commit in one transaction. The partial unique index is the real "never enrolled twice at
 * once" guarantee: two tickers racing on the same entity cannot both insert an active row.
 */
export const engineMigrations: Migration[] = [
  {
    version: 300,
    name: 'workflow enrollments and step runs',
    sql: `
-- Frequency caps read an entity's queued e-mails on every step (repository.ts queuedEmailHistory);
-- without this index each read scans the whole outbox.
CREATE INDEX outbox_email_entity ON outbox (json_extract(payload, '$.entity.type'), json_extract(payload, '$.entity.id'))
  WHERE kind = 'email';

CREATE TABLE enrollments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  tier TEXT,
  state TEXT NOT NULL CHECK (state IN ('active', 'completed', 'exited')),
  exit_reason TEXT,
  entry_signature TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  next_step_index INTEGER NOT NULL,
  next_step_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (workflow, entity_type, entity_id) WHERE state = 'active';
CREATE INDEX enrollments_due ON enrollments (state, next_step_at);
CREATE INDEX enrollments_entity ON enrollments (workflow, entity_type, entity_id, id);

CREATE TABLE step_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
  step_index INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'skipped', 'deferred')),
  reason TEXT,
  at TEXT NOT NULL,
  UNIQUE (enrollment_id, step_index)
);
`,
  },
  {
    version: 301,
    name: 'customer success manager assignments',
    sql: `
-- One CSM per entity, kept once chosen; assign_owner picks the CSM with the fewest rows here.
CREATE TABLE csm_assignments (
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  csm_id TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (entity_type, entity_id)
);
CREATE INDEX csm_assignments_csm ON csm_assignments (csm_id);
`,
  },
];
