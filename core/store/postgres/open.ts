import { schemaState } from '../sqlite/migrate.ts';
import type { Migration } from '../sqlite/migrations.ts';
import { SqliteCanonicalStore, type SqliteStoreOptions } from '../sqlite/sqlite-store.ts';
import { PostgresError, PostgresSyncDatabase } from './sync-database.ts';

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
    super(
      current === 0
        ? `the Postgres store has no schema yet: run \`scorebridge migrate\` once to create it (${pending.length} migrations; \`scorebridge migrate --dry-run\` lists them)`
        : `the Postgres store is at schema version ${current}, this build needs ${newest}: run \`scorebridge migrate\` (${pendingWords(pending)})`,
    );
    this.name = 'SchemaBehindError';
  }
}

/** A few pending migrations by name; a long list is counted (`migrate --dry-run` shows it whole). */
function pendingWords(pending: readonly Migration[]): string {
  const shown = pending.slice(0, 3).map((m) => `${m.version} ${m.name}`);
  const more = pending.length - shown.length;
  return `pending: ${shown.join('; ')}${more > 0 ? `; and ${more} more, listed by \`scorebridge migrate --dry-run\`` : ''}`;
}

/**
 * A Postgres URL as it may be shown: host, port and database, never the user name or password
 * (postgres://user:password@host/db shows as postgres://host:5432/db). Null when it does not parse.
 */
export function displayUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    const port = parsed.port === '' ? '5432' : parsed.port;
    const host = parsed.hostname === '' ? 'localhost' : parsed.hostname;
    return `postgres://${host}:${port}${parsed.pathname}`;
  } catch {
    return null;
  }
}

/** Closes a connection whose failure is being reported (closing a connection that never came up fails too). */
export function closeQuietly(database: PostgresSyncDatabase): void {
  try {
    database.close();
  } catch {
    // The error being reported says why the connection is unusable.
  }
}

/** A failure to reach the server, said with where the store is (never its credentials) and what to check. */
export function explainConnectionError(error: unknown, url: string): unknown {
  if (!(error instanceof PostgresError) || error.code !== 'ECONNECTION') return error;
  const reason = error.message.replace(/ \(in: .*\)$/, '');
  return new Error(
    `${reason} (the store at ${displayUrl(url) ?? 'store.url'}); check store.url and that the server accepts connections from this host`,
  );
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
    closeQuietly(database);
    throw explainConnectionError(error, options.url);
  }
}
