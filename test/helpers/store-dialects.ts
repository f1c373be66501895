import { PostgresSyncDatabase } from '../../core/store/postgres/sync-database.ts';
import {
  openSqliteStore,
  SqliteCanonicalStore,
  type SqliteStoreOptions,
} from '../../core/store/sqlite/index.ts';
import { migrate } from '../../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../../core/store/sqlite/migrations.ts';
import { createTestDatabase } from './postgres-database.ts';

/** A fresh, empty canonical store; `dispose` closes it and removes what it was kept in. */
export interface DialectStore {
  readonly store: SqliteCanonicalStore;
  dispose(): Promise<void>;
}

/**
 * The store's dialects, for contract tests that must hold on both: run a suite with
 * `describe.each(STORE_DIALECTS)('... ($name)', (dialect) => ...)` and open stores through it.
 */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  open(options: SqliteStoreOptions): Promise<DialectStore>;
}

const sqlite: StoreDialect = {
  name: 'sqlite',
  async open(options) {
    const store = await openSqliteStore({ ...options, path: ':memory:' });
    return { store, dispose: () => store.close() };
  },
};

/** A database of its own on the test run's Postgres server, with the canonical migrations applied. */
const postgres: StoreDialect = {
  name: 'postgres',
  async open(options) {
    const database = await createTestDatabase('store');
    const db = new PostgresSyncDatabase({ url: database.url, applicationName: 'scorebridge tests' });
    migrate(db, canonicalMigrations, () => options.clock.now().toISOString());
    const store = new SqliteCanonicalStore(db, options);
    return {
      store,
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  },
};

export const STORE_DIALECTS: readonly StoreDialect[] = [sqlite, postgres];
