import type { Clock } from '../../clock.ts';
import { type SourceRef, sourceKey } from '../../schema/index.ts';
import type { RereadLedger } from '../canonical-store.ts';
import type { StatementCache } from './sql.ts';

/** The SQLite side of RereadLedger: one row per record, cleared by applyBatch when it is stored again. */
export class SqliteRereads implements RereadLedger {
  readonly #sql: StatementCache;
  readonly #clock: Clock;

  constructor(sql: StatementCache, clock: Clock) {
    this.#sql = sql;
    this.#clock = clock;
  }

  async note(refs: readonly SourceRef[]): Promise<void> {
    const insert = this.#sql.get(
      `INSERT INTO sync_rereads (source_key, system, object_type, external_id, noted_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source_key) DO NOTHING`,
    );
    const now = this.#clock.now().toISOString();
    for (const ref of refs) insert.run(sourceKey(ref), ref.system, ref.objectType, ref.externalId, now);
  }

  async pending(system: string, objectType: string): Promise<string[]> {
    const rows = this.#sql
      .get('SELECT external_id FROM sync_rereads WHERE system = ? AND object_type = ? ORDER BY external_id')
      .all(system, objectType) as { external_id: string }[];
    return rows.map((row) => row.external_id);
  }

  async storedVersion(ref: SourceRef): Promise<string | null> {
    const row = this.#sql
      .get('SELECT updated_at FROM source_records WHERE source_key = ?')
      .get(sourceKey(ref)) as { updated_at: string | null } | undefined;
    return row?.updated_at ?? null;
  }
}
