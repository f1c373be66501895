import { productMigrations } from '../../app/store.ts';
import type { Clock } from '../../core/clock.ts';
import { PostgresSyncDatabase } from '../../core/store/postgres/sync-database.ts';
import { migrate } from '../../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../../core/store/sqlite/migrations.ts';
import { SqliteCanonicalStore } from '../../core/store/sqlite/sqlite-store.ts';
import { createTestDatabase, type TestDatabase } from './postgres-database.ts';

/** A product store (every migration applied) on a fresh database of the test run's Postgres server. */
export interface PostgresTestStore {
  readonly store: SqliteCanonicalStore;
  readonly db: PostgresSyncDatabase;
  readonly database: TestDatabase;
  /** Closes the store and drops the database. */
  dispose(): Promise<void>;
}

export async function openPostgresTestStore(clock: Clock): Promise<PostgresTestStore> {
  const database = await createTestDatabase();
  const db = new PostgresSyncDatabase({ url: database.url });
  migrate(db, [...canonicalMigrations, ...productMigrations], () => clock.now().toISOString());
  const store = new SqliteCanonicalStore(db, { clock });
  return {
    store,
    db,
    database,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}
