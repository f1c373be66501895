import type { Clock } from '../core/clock.ts';
import type { EmailNormalization } from '../core/identity/normalize.ts';
import { PostgresSyncDatabase } from '../core/store/postgres/sync-database.ts';
import type { SqliteCanonicalStore } from '../core/store/sqlite/index.ts';
import { migrate } from '../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../core/store/sqlite/migrations.ts';
import { SqliteCanonicalStore as CanonicalSqlStore } from '../core/store/sqlite/sqlite-store.ts';
import type { StoreConfig } from './config/store.ts';
import { openProductStore, productMigrations } from './store.ts';

/** The store the config names: the SQLite file, or the shared Postgres database (migrated on open). */
export async function openConfiguredStore(
  store: StoreConfig,
  clock: Clock,
  identity?: { systemPriority?: readonly string[]; emailNormalization?: EmailNormalization },
): Promise<SqliteCanonicalStore> {
  if (store.type === 'sqlite' || !store.url) return openProductStore(store.path, clock, identity);
  const db = new PostgresSyncDatabase({ url: store.url.reveal() });
  try {
    migrate(db, [...canonicalMigrations, ...productMigrations], () => clock.now().toISOString());
  } catch (error) {
    db.close();
    throw error;
  }
  return new CanonicalSqlStore(db, { clock, ...identity });
}
