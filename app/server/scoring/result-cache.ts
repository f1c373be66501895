import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * Answers keyed by (entity, as-of), dropped as soon as the database changes: through this
 * connection (total_changes) or another one, e.g. a sync in another process (PRAGMA data_version).
 * Scoring is deterministic, so an answer for unchanged data, models and as-of is the answer.
 */
export class ResultCache<V> {
  readonly #limit: number;
  readonly #changes: StatementSync;
  readonly #dataVersion: StatementSync;
  readonly #entries = new Map<string, V>();
  #signature = '';

  constructor(db: DatabaseSync, limit: number) {
    this.#limit = limit;
    this.#changes = db.prepare('SELECT total_changes() AS n');
    this.#dataVersion = db.prepare('PRAGMA data_version');
  }

  #fresh(): void {
    const changes = (this.#changes.get() as { n: number }).n;
    const version = (this.#dataVersion.get() as { data_version: number }).data_version;
    const signature = `${changes}:${version}`;
    if (signature !== this.#signature) {
      this.#entries.clear();
      this.#signature = signature;
    }
  }

  get(key: string): V | undefined {
    if (this.#limit === 0) return undefined;
    this.#fresh();
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.#limit === 0) return;
    this.#fresh();
    // Oldest first out: Map keeps insertion order.
    if (this.#entries.size >= this.#limit) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, value);
  }
}
