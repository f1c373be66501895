import type { Clock } from '../core/clock.ts';
import type { EmailNormalization } from '../core/identity/normalize.ts';
import { PostgresSyncDatabase } from '../core/store/postgres/sync-database.ts';
import { migrate } from '../core/store/sqlite/migrate.ts';
import { canonicalMigrations } from '../core/store/sqlite/migrations.ts';
import { SqliteCanonicalStore } from '../core/store/sqlite/sqlite-store.ts';
import type { StoreConfig } from './config/store.ts';
import { openProductStore, productMigrations } from './store.ts';

/**
 * The store the configuration names: the SQLite file at store.path, or the Postgres database at
 * store.url (one connection for this process; several processes and hosts share the database).
 * Either way every product migration is applied first; applying them is safe from several
 * processes at once, and a no-op when another one already did.
 */
export async function openConfiguredStore(
  store: StoreConfig,
  clock: Clock,
  options: {
    readonly identity?: { systemPriority?: readonly string[]; emailNormalization?: EmailNormalization };
    /** Shown in pg_stat_activity, so an operator sees which process holds the connection. */
    readonly applicationName: string;
  },
): Promise<SqliteCanonicalStore> {
  if (store.type === 'sqlite' || store.url === undefined)
    return openProductStore(store.path, clock, options.identity);
  const db = new PostgresSyncDatabase({
    url: store.url.reveal(),
    applicationName: options.applicationName,
    statementTimeoutMs: store.pool.statementTimeoutMs,
  });
  try {
    migrate(db, [...canonicalMigrations, ...productMigrations], () => clock.now().toISOString());
    return new SqliteCanonicalStore(db, { clock, ...options.identity });
  } catch (error) {
    db.close();
    throw error;
  }
}
