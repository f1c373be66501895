import { DatabaseSync } from 'node:sqlite';
import { PostgresSyncDatabase } from '../../core/store/postgres/sync-database.ts';
import type { SqlDatabase, SqlDialect } from '../../core/store/sql/sql-database.ts';
import { migrate } from '../../core/store/sqlite/migrate.ts';
import type { Migration } from '../../core/store/sqlite/migrations.ts';
import { createTestDatabase } from './postgres-database.ts';

/** Both stores, for `describe.each(DIALECTS)`: the same test body runs on SQLite and on Postgres. */
export const DIALECTS: readonly SqlDialect[] = ['sqlite', 'postgres'];

export interface DialectDatabase {
  readonly db: SqlDatabase;
  /** Closes the connection (and drops the Postgres database). */
  dispose(): Promise<void>;
}

/** A database with only `migrations` applied: in memory for SQLite, a fresh database on the test Postgres. */
export async function openDialectDatabase(
  dialect: SqlDialect,
  migrations: readonly Migration[],
): Promise<DialectDatabase> {
  const now = () => '2026-01-01T00:00:00.000Z';
  if (dialect === 'sqlite') {
    const db = new DatabaseSync(':memory:');
    migrate(db, migrations, now);
    return { db, dispose: async () => db.close() };
  }
  const database = await createTestDatabase();
  const db = new PostgresSyncDatabase({ url: database.url });
  migrate(db, migrations, now);
  return {
    db,
    async dispose() {
      db.close();
      await database.drop();
    },
  };
}
