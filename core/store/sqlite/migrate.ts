import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from './migrations.ts';

/**
 * Applies pending migrations in order, each in its own transaction, and refuses to open a store
 * written by a newer scorebridge (downgrading silently would corrupt it).
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[], now: () => string): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  const applied = new Set(rows.map((row) => row.version));
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((version) => version > newest);
  if (unknown.length > 0) {
    throw new Error(
      `the store was written by a newer scorebridge (schema version ${Math.max(...unknown)}, this build knows up to ${newest}); upgrade scorebridge or point store.path at another file`,
    );
  }
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        now(),
      );
      db.exec('COMMIT');
      done.push(migration.version);
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(
        `migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
      );
    }
  }
  return done;
}
