import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/** Prepared statements cached by SQL text: hot paths prepare once per store, not once per row. */
export class StatementCache {
  readonly #db: DatabaseSync;
  readonly #cache = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(sql: string): StatementSync {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }
}

export type Row = Record<string, SQLInputValue>;

/** Runs `work` in one IMMEDIATE transaction (writers queue instead of failing mid-way). */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

export function toDbBool(value: boolean | null | undefined): number | null {
  return value === null || value === undefined ? null : value ? 1 : 0;
}

export function fromDbBool(value: unknown): boolean | null {
  return value === null || value === undefined ? null : Number(value) === 1;
}

export function nullable<T>(value: T | null | undefined): T | null {
  return value === undefined ? null : value;
}
