import { SQLITE_COMPAT_FUNCTIONS } from '../postgres/compat.ts';
import { translateDdl } from '../postgres/ddl.ts';
import { dialectOf, type SqlDatabase } from '../sql/sql-database.ts';
import type { Migration } from './migrations.ts';
import { inTransaction } from './sql.ts';

/** Where a store's schema stands against the migrations this build knows. */
export interface SchemaState {
  /** Highest version applied (0 for an empty database). */
  readonly current: number;
  /** Highest version this build knows. */
  readonly newest: number;
  /** Known migrations not applied yet, in order. */
  readonly pending: readonly Migration[];
}

/**
 * Reads the schema state without changing anything, and refuses a store written by a newer
 * scorebridge (a version this build does not know).
 */
export function schemaState(db: SqlDatabase, migrations: readonly Migration[]): SchemaState {
  const applied = appliedVersions(db);
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((version) => version > newest);
  if (unknown.length > 0) {
    throw new Error(
      `the store was written by a newer scorebridge (schema version ${Math.max(...unknown)}, this build knows up to ${newest}); upgrade scorebridge or point the store at another database`,
    );
  }
  return {
    current: Math.max(0, ...applied),
    newest,
    pending: [...migrations].filter((m) => !applied.has(m.version)).sort((a, b) => a.version - b.version),
  };
}

function appliedVersions(db: SqlDatabase): Set<number> {
  const exists =
    dialectOf(db) === 'postgres'
      ? "SELECT 1 AS found WHERE to_regclass('schema_migrations') IS NOT NULL"
      : "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
  if (db.prepare(exists).get() === undefined) return new Set();
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  return new Set(rows.map((row) => Number(row.version)));
}

/**
 * Applies pending migrations in order, each in its own transaction, and refuses to open a store
 * written by a newer scorebridge (downgrading silently would corrupt it). Safe to run from several
 * processes or hosts at once: each migration is applied under the store's write lock and skipped
 * when another process recorded it first.
 */
export function migrate(db: SqlDatabase, migrations: readonly Migration[], now: () => string): number[] {
  const postgres = dialectOf(db) === 'postgres';
  inTransaction(db, () => {
    if (postgres) db.exec(SQLITE_COMPAT_FUNCTIONS);
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
  });
  const { pending } = schemaState(db, migrations);
  const done: number[] = [];
  const recorded = db.prepare('SELECT 1 AS found FROM schema_migrations WHERE version = ?');
  for (const migration of pending) {
    try {
      const ran = inTransaction(db, () => {
        if (recorded.get(migration.version) !== undefined) return false;
        db.exec(postgres ? (migration.postgres ?? translateDdl(migration.sql)) : migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          now(),
        );
        return true;
      });
      if (ran) done.push(migration.version);
    } catch (error) {
      throw new Error(
        `migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
      );
    }
  }
  return done;
}
