import type { SourceVersion } from '../../identity/survivorship.ts';
import type { SourceAccount, SourceContact } from '../../schema/index.ts';
import { sourceKey } from '../../schema/index.ts';
import type { BatchLookups } from './batch-lookups.ts';
import type { EntitySpec } from './entity-specs.ts';
import { entityIdFor, fingerprint } from './hashing.ts';
import type { StatementCache } from './sql.ts';

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

interface SourceRow {
  entity_id: string;
  fingerprint: string;
}

/**
 * Writes contacts or accounts: stores each source version, resolves it to a canonical entity
 * (by its source key, else by e-mail/domain), applies provider merges, and rebuilds the canonical
 * rows of every entity touched. Runs inside the caller's transaction.
 */
export class EntityWriter<T extends SourceContact | SourceAccount> {
  readonly #spec: EntitySpec<T>;
  readonly #sql: StatementCache;
  readonly #systemPriority: readonly string[];
  readonly #now: () => string;
  readonly #dirty = new Set<string>();
  readonly #resolveSql: string;
  readonly #mergeSql: string;
  /** Postgres: the batch's source rows read up front (see batch-lookups.ts); null reads each row. */
  readonly #lookups: BatchLookups | null;
  merges = 0;

  constructor(
    spec: EntitySpec<T>,
    sql: StatementCache,
    systemPriority: readonly string[],
    now: () => string,
    lookups: BatchLookups | null = null,
  ) {
    this.#lookups = lookups;
    this.#spec = spec;
    this.#sql = sql;
    this.#systemPriority = systemPriority;
    this.#now = now;
    this.#resolveSql = `SELECT merged_into FROM ${spec.table} WHERE id = ?`;
    this.#mergeSql = `UPDATE ${spec.table} SET merged_into = ? WHERE id = ? OR merged_into = ?`;
  }

  upsert(record: T): UpsertOutcome {
    const key = sourceKey(record.ref);
    const payload = JSON.stringify(record);
    const print = fingerprint(payload);
    const existing = this.#stored(key);
    if (existing && existing.fingerprint === print) return 'unchanged';
    if (existing && this.#onlyStampMoved(key, record)) return 'unchanged';

    const matchKey = this.#spec.matchKey(record);
    const entityId = existing ? this.#resolve(existing.entity_id) : this.#attach(key, matchKey);
    const now = this.#now();
    this.#sql
      .get(
        `INSERT INTO source_records (source_key, system, kind, entity_id, payload, fingerprint, updated_at, deleted, merged_into_key, first_seen_at, last_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (source_key) DO UPDATE SET entity_id = excluded.entity_id, payload = excluded.payload,
           fingerprint = excluded.fingerprint, updated_at = excluded.updated_at, deleted = excluded.deleted,
           merged_into_key = excluded.merged_into_key, last_changed_at = excluded.last_changed_at`,
      )
      .run(
        key,
        record.ref.system,
        this.#spec.kind,
        entityId,
        payload,
        print,
        record.updatedAt,
        record.deleted ? 1 : 0,
        record.mergedInto ? sourceKey(record.mergedInto) : null,
        now,
        now,
      );
    this.#lookups?.wrote(
      key,
      { entity_id: entityId, fingerprint: print },
      record.mergedInto ? sourceKey(record.mergedInto) : null,
    );
    this.#claimIdentity(key, entityId, true);
    if (matchKey && !record.deleted) this.#claimIdentity(matchKey, entityId, false);
    this.#dirty.add(entityId);

    if (record.mergedInto) {
      const winner = this.#lookup(sourceKey(record.mergedInto));
      if (winner && winner !== entityId) this.#mergeEntities(entityId, winner, key);
    }
    // Records that named this one as their merge winner before it arrived.
    const pending =
      this.#lookups && !this.#lookups.mayBeNamedWinner(key)
        ? []
        : (this.#sql
            .get('SELECT source_key, entity_id FROM source_records WHERE merged_into_key = ?')
            .all(key) as { source_key: string; entity_id: string }[]);
    for (const row of pending) {
      const loser = this.#resolve(row.entity_id);
      const winner = this.#resolve(entityId);
      if (loser !== winner) this.#mergeEntities(loser, winner, row.source_key);
    }
    return existing ? 'updated' : 'inserted';
  }

  #stored(key: string): SourceRow | undefined {
    const known = this.#lookups?.stored(key);
    if (known !== undefined) return known ?? undefined;
    return this.#sql.get('SELECT entity_id, fingerprint FROM source_records WHERE source_key = ?').get(key) as
      | SourceRow
      | undefined;
  }

  /**
   * A version whose only difference from the stored one is its modification stamp changed nothing
   * scorebridge keeps: the echo of our own write-back (the CRM stamps the record when scores are
   * written, but the fields synced are the same), or an edit to a field no mapping reads. Keeping
   * the stored version means no canonical rebuild and no re-scoring for it.
   */
  #onlyStampMoved(key: string, record: T): boolean {
    const stored = this.#sql.get('SELECT payload FROM source_records WHERE source_key = ?').get(key) as
      | { payload: string }
      | undefined;
    if (!stored) return false;
    const previous = JSON.parse(stored.payload) as { updatedAt?: unknown };
    if (typeof previous.updatedAt !== 'string' || previous.updatedAt > record.updatedAt) return false;
    return JSON.stringify({ ...record, updatedAt: previous.updatedAt }) === stored.payload;
  }

  /** Rebuilds the canonical row of every entity this batch touched. */
  flush(): void {
    for (const entityId of this.#dirty) this.#rebuild(entityId);
    this.#dirty.clear();
  }

  #attach(key: string, matchKey: string | null): string {
    if (matchKey) {
      const match = this.#lookup(matchKey);
      if (match) {
        this.#recordMerge(match, key, this.#spec.matchReason, matchKey);
        return match;
      }
    }
    return entityIdFor(this.#spec.idPrefix, key);
  }

  #lookup(identityKey: string): string | null {
    const row = this.#sql
      .get('SELECT entity_id FROM identities WHERE identity_key = ? AND entity_type = ?')
      .get(identityKey, this.#spec.kind) as { entity_id: string } | undefined;
    return row ? this.#resolve(row.entity_id) : null;
  }

  /** Follows merged_into links to the surviving entity (chains are short; the bound guards cycles). */
  #resolve(entityId: string): string {
    let current = entityId;
    for (let hops = 0; hops < 32; hops++) {
      const row = this.#sql.get(this.#resolveSql).get(current) as { merged_into: string | null } | undefined;
      if (!row?.merged_into) return current;
      current = row.merged_into;
    }
    throw new Error(`merge chain too long or cyclic at ${this.#spec.kind} ${entityId}`);
  }

  /** Source keys always point at their entity; a match key keeps its first live owner. */
  #claimIdentity(identityKey: string, entityId: string, overwrite: boolean): void {
    const conflict = overwrite ? 'DO UPDATE SET entity_id = excluded.entity_id' : 'DO NOTHING';
    this.#sql
      .get(
        `INSERT INTO identities (identity_key, entity_type, entity_id) VALUES (?, ?, ?) ON CONFLICT (identity_key) ${conflict}`,
      )
      .run(identityKey, this.#spec.kind, entityId);
  }

  #mergeEntities(loser: string, winner: string, evidence: string): void {
    const kind = this.#spec.kind;
    this.#sql
      .get('UPDATE source_records SET entity_id = ? WHERE kind = ? AND entity_id = ?')
      .run(winner, kind, loser);
    this.#lookups?.moved(loser, winner);
    this.#sql
      .get('UPDATE identities SET entity_id = ? WHERE entity_type = ? AND entity_id = ?')
      .run(winner, kind, loser);
    this.#sql.get(this.#mergeSql).run(winner, loser, loser);
    this.#recordMerge(winner, loser, 'source_merge', evidence);
    this.#dirty.delete(loser);
    this.#dirty.add(winner);
  }

  #upsertSqlText: string | undefined;

  /** The canonical-row upsert; its column list is the same for every row of an entity type. */
  #upsertSql(names: readonly string[]): string {
    if (this.#upsertSqlText === undefined) {
      const updates = names.filter((name) => name !== 'id').map((name) => `${name} = excluded.${name}`);
      this.#upsertSqlText = `INSERT INTO ${this.#spec.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`;
    }
    return this.#upsertSqlText;
  }

  #recordMerge(winner: string, merged: string, reason: string, evidence: string): void {
    this.#sql
      .get(
        'INSERT INTO merges (entity_type, winner_id, merged, reason, evidence, merged_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(this.#spec.kind, winner, merged, reason, evidence, this.#now());
    this.merges++;
  }

  #rebuild(entityId: string): void {
    const rows = this.#sql
      .get(
        'SELECT source_key, system, payload, updated_at, deleted, merged_into_key FROM source_records WHERE kind = ? AND entity_id = ?',
      )
      .all(this.#spec.kind, entityId) as {
      source_key: string;
      system: string;
      payload: string;
      updated_at: string;
      deleted: number;
      merged_into_key: string | null;
    }[];
    if (rows.length === 0) return;
    const versions: SourceVersion<T>[] = rows.map((row) => ({
      key: row.source_key,
      system: row.system,
      updatedAt: row.updated_at,
      // A record the provider merged away no longer speaks for the entity; the winner's record does.
      deleted: row.deleted === 1 || row.merged_into_key !== null,
      data: JSON.parse(row.payload) as T,
    }));
    const columns = {
      id: entityId,
      ...this.#spec.canonicalRow(versions, this.#systemPriority),
      merged_into: null,
    };
    this.#sql.get(this.#upsertSql(Object.keys(columns))).run(...Object.values(columns));
  }
}
