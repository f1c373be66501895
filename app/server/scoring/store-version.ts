import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * Changes whenever the database does: a write through this connection (total_changes) or through
 * another one, e.g. a sync in another process or another server worker (PRAGMA data_version).
 * Caches of anything read from the store compare it before trusting an entry.
 */
export class StoreVersion {
  readonly #changes: StatementSync;
  readonly #dataVersion: StatementSync;

  constructor(db: DatabaseSync) {
    this.#changes = db.prepare('SELECT total_changes() AS n');
    this.#dataVersion = db.prepare('PRAGMA data_version');
  }

  current(): string {
    const changes = (this.#changes.get() as { n: number }).n;
    const version = (this.#dataVersion.get() as { data_version: number }).data_version;
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

  #fresh(): void {
    const signature = this.#version.current();
    if (signature !== this.#signature) {
      this.#entries.clear();
      this.#signature = signature;
    }
  }

  /** The store's version now; pass it to `set` to drop a value read while the store changed. */
  version(): string {
    return this.#version.current();
  }

  get(key: string): V | undefined {
    if (this.#limit === 0) return undefined;
    this.#fresh();
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
