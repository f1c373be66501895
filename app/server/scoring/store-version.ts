import type { SqlDatabase, SqlStatement } from '../../../core/store/sql/sql-database.ts';

/**
 * Changes whenever the database does: a write through this connection (total_changes) or through
 * another one, e.g. a sync in another process or another server worker (PRAGMA data_version).
 * Caches of anything read from the store compare it before trusting an entry.
 */
export class StoreVersion {
  readonly #both: SqlStatement;

  constructor(db: SqlDatabase) {
    // One statement for both numbers: caches ask on every request, several times.
    this.#both = db.prepare(
      'SELECT total_changes() AS n, (SELECT data_version FROM pragma_data_version()) AS v',
    );
    this.#both.setReturnArrays(true);
  }

  current(): string {
    const [changes, version] = this.#both.get() as unknown as [number, number];
    return `${changes}:${version}`;
  }
}

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
