import type { EmailNormalization } from '../../identity/normalize.ts';
import type { SourceEvent } from '../../schema/index.ts';
import type { SqlValue } from '../sql/sql-database.ts';
import type { UpsertOutcome } from './entity-writer.ts';
import { eventRow, insertEventsSql, rewriteEvent } from './fact-writers.ts';
import type { StatementCache } from './sql.ts';

/** Events per multi-row insert: 8 columns each stays far below Postgres's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

/**
 * The Postgres path for a batch's events. Each statement is a round trip to the server (a local
 * SQLite insert is a function call), so events are inserted many rows per statement; only those
 * that existed already go through the one-by-one rewrite, exactly as upsertEvent does. The
 * outcome per event is the same as upsertEvent's: an event repeated within the batch closes the
 * pending insert first, so its second version is a rewrite of the first, as it is on SQLite.
 */
export class EventBatchWriter {
  readonly #sql: StatementCache;
  readonly #emailOptions: EmailNormalization;
  readonly #onOutcome: (outcome: UpsertOutcome) => void;
  #pending: { key: string; values: readonly SqlValue[] }[] = [];
  readonly #pendingKeys = new Set<string>();

  constructor(
    sql: StatementCache,
    emailOptions: EmailNormalization,
    onOutcome: (outcome: UpsertOutcome) => void,
  ) {
    this.#sql = sql;
    this.#emailOptions = emailOptions;
    this.#onOutcome = onOutcome;
  }

  add(event: SourceEvent): void {
    const row = eventRow(event, this.#emailOptions);
    if (this.#pendingKeys.has(row.key)) this.flush();
    this.#pending.push(row);
    this.#pendingKeys.add(row.key);
    if (this.#pending.length >= ROWS_PER_INSERT) this.flush();
  }

  flush(): void {
    const rows = this.#pending;
    if (rows.length === 0) return;
    this.#pending = [];
    this.#pendingKeys.clear();
    const inserted = this.#sql
      .get(insertEventsSql(rows.length))
      .all(...rows.flatMap((row) => [row.key, ...row.values])) as { source_key: string }[];
    const fresh = new Set(inserted.map((row) => row.source_key));
    for (const row of rows)
      this.#onOutcome(fresh.has(row.key) ? 'inserted' : rewriteEvent(this.#sql, row.key, row.values));
  }
}
