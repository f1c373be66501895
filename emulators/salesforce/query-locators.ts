import type { Clock } from '../../core/clock.ts';
import type { FieldDef } from './field-defs.ts';
import type { IdFactory } from './ids.ts';
import type { SObjectTable } from './table.ts';
import type { Row } from './values.ts';

/** Query cursors live two days since API v56 (Salesforce "API Query Cursor Limits"). */
const CURSOR_LIFETIME_MS = 2 * 24 * 3_600_000;
const KEEP_FINISHED = 4;

export interface QueryCursor {
  readonly id: string;
  readonly table: SObjectTable;
  readonly fields: readonly FieldDef[];
  readonly rows: readonly Row[];
  readonly batchSize: number;
  readonly expiresAt: number;
}

/** Open query cursors, addressed as `{locator}-{offset}` in nextRecordsUrl. */
export class QueryLocators {
  readonly #ids: IdFactory;
  readonly #clock: Clock;
  readonly #open = new Map<string, QueryCursor>();
  readonly #finished: string[] = [];

  constructor(ids: IdFactory, clock: Clock) {
    this.#ids = ids;
    this.#clock = clock;
  }

  open(
    table: SObjectTable,
    fields: readonly FieldDef[],
    rows: readonly Row[],
    batchSize: number,
  ): QueryCursor {
    this.#expire();
    const cursor = {
      id: this.#ids.next('01g'),
      table,
      fields,
      rows,
      batchSize,
      expiresAt: this.#clock.now().getTime() + CURSOR_LIFETIME_MS,
    };
    this.#open.set(cursor.id, cursor);
    return cursor;
  }

  get(id: string): QueryCursor | undefined {
    this.#expire();
    return this.#open.get(id);
  }

  /**
   * Marks a cursor whose last page was served. Its rows can be large, so only the few most recently
   * finished stay open (a client retrying the last page after a dropped connection still gets it).
   */
  finish(id: string): void {
    if (this.#finished.includes(id)) return;
    this.#finished.push(id);
    while (this.#finished.length > KEEP_FINISHED) this.#open.delete(this.#finished.shift()!);
  }

  get size(): number {
    return this.#open.size;
  }

  #expire(): void {
    const now = this.#clock.now().getTime();
    for (const [id, cursor] of this.#open) if (cursor.expiresAt <= now) this.#open.delete(id);
  }
}
