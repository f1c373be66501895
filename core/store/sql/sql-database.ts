import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';

/**
 * The synchronous SQL surface the product's modules are written against. `node:sqlite`'s
 * DatabaseSync satisfies it as is (the embedded default); on Postgres a dedicated connection runs
 * the same statements (core/store/postgres). Modules write SQL both dialects accept and take the
 * few dialect-specific fragments from `dialectOf(db)`.
 */
export type SqlValue = SQLInputValue;
export type SqlRow = Record<string, SQLOutputValue>;
export type SqlParams = SqlValue[] | [Record<string, SqlValue>, ...SqlValue[]];

export interface SqlRunResult {
  readonly changes: number | bigint;
  /** SQLite only: on Postgres write `RETURNING id` and read it with `get()` instead. */
  readonly lastInsertRowid: number | bigint;
}

// The overloads mirror node:sqlite's StatementSync, so a DatabaseSync is a SqlDatabase as it is.
export interface SqlStatement {
  all(...anonymousParameters: SqlValue[]): SqlRow[];
  all(namedParameters: Record<string, SqlValue>, ...anonymousParameters: SqlValue[]): SqlRow[];
  get(...anonymousParameters: SqlValue[]): SqlRow | undefined;
  get(namedParameters: Record<string, SqlValue>, ...anonymousParameters: SqlValue[]): SqlRow | undefined;
  run(...anonymousParameters: SqlValue[]): SqlRunResult;
  run(namedParameters: Record<string, SqlValue>, ...anonymousParameters: SqlValue[]): SqlRunResult;
  iterate(...anonymousParameters: SqlValue[]): Iterator<SqlRow> & Iterable<SqlRow>;
  iterate(
    namedParameters: Record<string, SqlValue>,
    ...anonymousParameters: SqlValue[]
  ): Iterator<SqlRow> & Iterable<SqlRow>;
  /** Rows as arrays in column order instead of objects (faster for wide reads). */
  setReturnArrays(enabled: boolean): void;
}

export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  /** Runs one or more statements without parameters (DDL, BEGIN/COMMIT). */
  exec(sql: string): void;
  close(): void;
  readonly isOpen: boolean;
  /** True between BEGIN and COMMIT/ROLLBACK on this connection. */
  readonly isTransaction: boolean;
}

export type SqlDialect = 'sqlite' | 'postgres';

/** Implemented by the Postgres connection; a database without it is node:sqlite. */
export interface DialectAware {
  readonly dialect: SqlDialect;
}

export function dialectOf(db: SqlDatabase): SqlDialect {
  const marked = (db as Partial<DialectAware>).dialect;
  return marked === 'postgres' ? 'postgres' : 'sqlite';
}

/** A unique or primary-key violation, in either dialect (SQLITE_CONSTRAINT_UNIQUE / SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown; errcode?: unknown }).code;
  if (code === '23505') return true;
  return /UNIQUE constraint failed|PRIMARY KEY constraint failed/.test(error.message);
}
