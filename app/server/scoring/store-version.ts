import { dialectOf, type SqlDatabase, type SqlStatement } from '../../../core/store/sql/sql-database.ts';

/**
 * Changes whenever the database does, whoever wrote: caches of anything read from the store compare
 * it before trusting an entry, so a write seen by one server (or made by a sync, a worker, another
 * replica on another host) drops every other server's entries on their next request.
 * - SQLite: writes through this connection (total_changes) and through any other one
 *   (PRAGMA data_version).
 * - Postgres: the current snapshot (xmin:xmax:in-progress ids). It moves when any transaction that
 *   wrote starts or commits, and stays put while only reads run; one cheap round trip, no table.
 * Read the version BEFORE the data it guards: a value cached under an older version is then at
 * worst newer than its key, never older.
 */
const VERSION_SQL = {
  sqlite: 'SELECT total_changes() AS n, (SELECT data_version FROM pragma_data_version()) AS v',
  postgres: 'SELECT pg_current_snapshot()::text AS v',
} as const;

export class StoreVersion {
  readonly #query: SqlStatement;

  constructor(db: SqlDatabase) {
    // One statement: caches ask on every request, several times.
    this.#query = db.prepare(VERSION_SQL[dialectOf(db)]);
    this.#query.setReturnArrays(true);
  }

  current(): string {
    return (this.#query.get() as unknown as SqlValueList).join(':');
  }
}

type SqlValueList = readonly (string | number)[];

/** Entries dropped as soon as the store changes, oldest first out past `limit` (0 = keeps nothing). */
export class StoreBoundCache<V> {
  readonly #limit: number;
  readonly #version: StoreVersion;
  readonly #entries = new Map<string, V>();
  #signature = '';

  constructor(version: StoreVersion, limit: number) {
    this.#version = version;
    this.#limit = limit;
  }

  #fresh(known?: string): void {
    const signature = known ?? this.#version.current();
    if (signature !== this.#signature) {
      this.#entries.clear();
      this.#signature = signature;
    }
  }

  /** The store's version now; pass it to `set` to drop a value read while the store changed. */
  version(): string {
    return this.#version.current();
  }

  /** `version`: what version() just returned, so the store is not asked twice in a row. */
  get(key: string, version?: string): V | undefined {
    if (this.#limit === 0) return undefined;
    this.#fresh(version);
    return this.#entries.get(key);
  }

  set(key: string, value: V, readAt?: string): void {
    if (this.#limit === 0) return;
    this.#fresh();
    if (readAt !== undefined && readAt !== this.#signature) return;
    // Map keeps insertion order, so its first key is the oldest entry.
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, value);
  }
}
