import type { SqlDatabase, SqlStatement, SqlValue } from '../sql/sql-database.ts';

/** Prepared statements cached by SQL text: hot paths prepare once per store, not once per row. */
export class StatementCache {
  readonly #db: SqlDatabase;
  readonly #cache = new Map<string, SqlStatement>();

  constructor(db: SqlDatabase) {
    this.#db = db;
  }

  get(sql: string): SqlStatement {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }
}

export type Row = Record<string, SqlValue>;

/** Runs `work` in one IMMEDIATE transaction (writers queue instead of failing mid-way). */
export function inTransaction<T>(db: SqlDatabase, work: () => T): T {
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
