import { schemaState } from '../sqlite/migrate.ts';
import type { Migration } from '../sqlite/migrations.ts';
import { SqliteCanonicalStore, type SqliteStoreOptions } from '../sqlite/sqlite-store.ts';
import { PostgresSyncDatabase } from './sync-database.ts';

export interface OpenPostgresStoreOptions extends SqliteStoreOptions {
  /** Connection URL (postgres://user:password@host:5432/db); never logged. */
  readonly url: string;
  /** Every migration the opening program knows: the store must be at exactly that schema. */
  readonly migrations: readonly Migration[];
  /** Shown in pg_stat_activity: which scorebridge command holds the connection. */
  readonly applicationName: string;
  readonly statementTimeoutMs?: number;
}

/** The store's database is behind this build: an operator runs `scorebridge migrate` first. */
export class SchemaBehindError extends Error {
  constructor(current: number, newest: number, pending: readonly Migration[]) {
    const names = pending.map((m) => `${m.version} ${m.name}`).join('; ');
    super(
      `the Postgres store is at schema version ${current}, this build needs ${newest}: run \`scorebridge migrate\` (pending: ${names})`,
    );
    this.name = 'SchemaBehindError';
  }
}

/**
 * Opens the canonical store on a Postgres database shared by every process and host. Unlike the
 * embedded SQLite file, opening never migrates: with several hosts on one database, a schema
 * change is an operator's explicit step (`scorebridge migrate`), so a process of a newer build
 * stops with that instruction instead of altering tables under the processes still running.
 */
export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<SqliteCanonicalStore> {
  const database = new PostgresSyncDatabase({
    url: options.url,
    applicationName: options.applicationName,
    ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
  });
  try {
    const state = schemaState(database, options.migrations);
    if (state.pending.length > 0) throw new SchemaBehindError(state.current, state.newest, state.pending);
    return new SqliteCanonicalStore(database, options);
  } catch (error) {
    database.close();
    throw error;
  }
}
