import type { SqlValue } from '../sql/sql-database.ts';
import type { StatementCache } from './sql.ts';

/** A stored source record's entity and content fingerprint. */
export interface StoredSource {
  readonly entity_id: string;
  readonly fingerprint: string;
}

const KEYS_PER_STATEMENT = 500;

/**
 * What a batch's contact and account upserts would otherwise ask the server one record at a time
 * (Postgres, where each statement is a round trip): the stored version of every source key in the
 * batch, and which of those keys a stored record names as its merge winner. Read in a few
 * statements before the batch and kept equal to the table as the batch writes (see entity-writer.ts),
 * so every upsert decides exactly as it would reading the table.
 */
export class BatchLookups {
  /** Stored version per source key of the batch; null when the key is not stored. */
  readonly #stored = new Map<string, StoredSource | null>();
  /** Keys that some stored record may name as its merge winner (a superset is safe: it is checked). */
  readonly #namedWinners = new Set<string>();

  static load(sql: StatementCache, keys: readonly string[]): BatchLookups {
    const lookups = new BatchLookups();
    const unique = [...new Set(keys)];
    for (let at = 0; at < unique.length; at += KEYS_PER_STATEMENT) {
      const slice: SqlValue[] = unique.slice(at, at + KEYS_PER_STATEMENT);
      const marks = slice.map(() => '?').join(', ');
      for (const key of slice) lookups.#stored.set(String(key), null);
      const stored = sql
        .get(`SELECT source_key, entity_id, fingerprint FROM source_records WHERE source_key IN (${marks})`)
        .all(...slice) as { source_key: string; entity_id: string; fingerprint: string }[];
      for (const row of stored)
        lookups.#stored.set(row.source_key, { entity_id: row.entity_id, fingerprint: row.fingerprint });
      const named = sql
        .get(`SELECT DISTINCT merged_into_key FROM source_records WHERE merged_into_key IN (${marks})`)
        .all(...slice) as { merged_into_key: string }[];
      for (const row of named) lookups.#namedWinners.add(row.merged_into_key);
    }
    return lookups;
  }

  /** The stored version, null when not stored, undefined when this key was not loaded. */
  stored(key: string): StoredSource | null | undefined {
    return this.#stored.get(key);
  }

  /** Records the version the batch just wrote, and the winner it names. */
  wrote(key: string, version: StoredSource, mergedIntoKey: string | null): void {
    this.#stored.set(key, version);
    if (mergedIntoKey !== null) this.#namedWinners.add(mergedIntoKey);
  }

  /** A merge moved every source record of `loser` to `winner`. */
  moved(loser: string, winner: string): void {
    for (const [key, version] of this.#stored)
      if (version?.entity_id === loser) this.#stored.set(key, { ...version, entity_id: winner });
  }

  mayBeNamedWinner(key: string): boolean {
    return this.#namedWinners.has(key);
  }
}
