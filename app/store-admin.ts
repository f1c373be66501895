import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Clock } from '../core/clock.ts';
import { closeQuietly, displayUrl, explainConnectionError } from '../core/store/postgres/open.ts';
import { PostgresSyncDatabase } from '../core/store/postgres/sync-database.ts';
import type { SqlDatabase } from '../core/store/sql/sql-database.ts';
import { migrate, schemaState } from '../core/store/sqlite/migrate.ts';
import type { Migration } from '../core/store/sqlite/migrations.ts';
import { allProductMigrations, applicationName, type StoreLocation } from './store.ts';

/** What `scorebridge migrate` did (or, with dryRun, would do). */
export interface MigrationReport {
  /** The store as it may be shown: a file path, or postgres://host:port/database. */
  readonly store: string;
  /** Highest schema version before this run, and the highest this build knows. */
  readonly from: number;
  readonly newest: number;
  /** Migrations this run applied; with dryRun, none. */
  readonly applied: readonly Migration[];
  /** Migrations still to apply: with dryRun, what a real run would apply; otherwise none. */
  readonly pending: readonly Migration[];
}

/**
 * Where the store is, for people: never the user name or password of a Postgres URL, which are
 * secrets (postgres://user:password@host:5432/db shows as postgres://host:5432/db).
 */
export function describeStore(location: StoreLocation): string {
  if (typeof location === 'string') return location;
  if (location.type === 'sqlite') return location.path;
  if (location.url === undefined) return 'postgres (no url)';
  return displayUrl(location.url.reveal()) ?? `postgres (the URL in ${location.url.source} does not parse)`;
}

/**
 * Applies the product's pending migrations, or lists them (dryRun). Safe from several hosts at
 * once: each migration runs under the store's write lock and is skipped when another process
 * recorded it first (core/store/sqlite/migrate.ts). A dry run on an SQLite file that does not
 * exist yet lists every migration without creating the file.
 */
export async function migrateProductStore(
  location: StoreLocation,
  clock: Clock,
  options: { readonly dryRun?: boolean } = {},
): Promise<MigrationReport> {
  const store = describeStore(location);
  const migrations = allProductMigrations;
  const db = openDatabase(location, options.dryRun === true);
  if (db === null) {
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    return {
      store,
      from: 0,
      newest,
      applied: [],
      pending: [...migrations].sort((a, b) => a.version - b.version),
    };
  }
  try {
    const before = schemaState(db, migrations);
    const ran = options.dryRun
      ? new Set<number>()
      : new Set(migrate(db, migrations, () => clock.now().toISOString()));
    const applied = migrations.filter((m) => ran.has(m.version)).sort((a, b) => a.version - b.version);
    db.close();
    const pending = options.dryRun ? before.pending : [];
    return { store, from: before.current, newest: before.newest, applied, pending };
  } catch (error) {
    if (!(db instanceof PostgresSyncDatabase)) {
      db.close();
      throw error;
    }
    closeQuietly(db);
    throw explainConnectionError(error, postgresUrl(location) ?? '');
  }
}

function postgresUrl(location: StoreLocation): string | undefined {
  return typeof location !== 'string' && location.type === 'postgres' ? location.url?.reveal() : undefined;
}

/** A bare connection (no store on top, so nothing migrates on open); null for a file not there yet. */
function openDatabase(location: StoreLocation, dryRun: boolean): SqlDatabase | null {
  if (typeof location !== 'string' && location.type === 'postgres') {
    const url = postgresUrl(location);
    if (url === undefined) throw new Error('store.url is required for a Postgres store');
    return new PostgresSyncDatabase({
      url,
      applicationName: applicationName(),
      statementTimeoutMs: location.pool.statementTimeoutMs,
    });
  }
  const path = typeof location === 'string' ? location : location.path;
  if (dryRun && path !== ':memory:' && !existsSync(path)) return null;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  // Another process may hold the write lock (a sync, a second migrate): wait for it as the store does.
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA journal_mode = WAL');
  return db;
}
