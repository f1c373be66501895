import type { Migration } from '../../core/store/sqlite/migrations.ts';

/**
 * What each destination was last given, so a write can be compared with the one before it:
 * `written_tiers` holds every entity's tier per model as of the last write to a destination
 * ("writeback:hubspot", "publish:warehouse", "workflows"), `write_marks` when that was.
 */
export const safetyMigrations: Migration[] = [
  {
    version: 600,
    name: 'tiers as of the last write to each destination',
    sql: `
CREATE TABLE written_tiers (
  destination TEXT NOT NULL,
  model TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  tier TEXT NOT NULL,
  PRIMARY KEY (destination, model, entity_type, entity_id)
) WITHOUT ROWID;

CREATE TABLE write_marks (
  destination TEXT NOT NULL,
  model TEXT NOT NULL,
  written_at TEXT NOT NULL,
  entities INTEGER NOT NULL,
  PRIMARY KEY (destination, model)
) WITHOUT ROWID;
`,
  },
];
