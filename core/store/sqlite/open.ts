import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrate.ts';
import type { Migration } from './migrations.ts';
import { canonicalMigrations } from './migrations.ts';
import { SqliteCanonicalStore, type SqliteStoreOptions } from './sqlite-store.ts';

export interface OpenSqliteStoreOptions extends SqliteStoreOptions {
  /** File path, or ":memory:" for throwaway stores. */
  readonly path: string;
  /** Extra migrations owned by other modules (workflows, registry), applied after the canonical ones. */
  readonly extraMigrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the embedded store. WAL lets readers (status, the server) run while a
 * sync writes; synchronous=NORMAL is durable across process crashes, which is the failure we
 * promise to survive (power loss may lose the last transactions, never corrupt the file).
 */
export async function openSqliteStore(options: OpenSqliteStoreOptions): Promise<SqliteCanonicalStore> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const database = new DatabaseSync(options.path);
  try {
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec('PRAGMA busy_timeout = 5000');
    database.exec('PRAGMA foreign_keys = ON');
    database.exec('PRAGMA cache_size = -65536');
    migrate(database, [...canonicalMigrations, ...(options.extraMigrations ?? [])], () =>
      options.clock.now().toISOString(),
    );
  } catch (error) {
    database.close();
    throw error;
  }
  return new SqliteCanonicalStore(database, options);
}
