import pg from 'pg';

export interface PostgresPoolOptions {
  readonly url: string;
  readonly max?: number;
  readonly connectionTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  /** Shown in pg_stat_activity, so an operator sees which scorebridge process holds a connection. */
  readonly applicationName?: string;
}

const NUMERIC_TYPES = new Set([20, 21, 23, 700, 701, 1700]);

/** Integers and numerics as numbers, as node:sqlite returns them (COUNT and BIGINT would be strings). */
export const numericTypes = {
  getTypeParser(oid: number, format?: string) {
    if (NUMERIC_TYPES.has(oid)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * The pool for a process's async Postgres work (the job queue, limits shared between workers),
 * beside the one connection its store statements use. An idle connection's error (the server
 * restarted, a failover) is handled by the pool, which opens a new one on the next query, so it
 * must not crash the process.
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    statement_timeout: options.statementTimeoutMs ?? 120_000,
    application_name: options.applicationName ?? 'scorebridge',
    types: numericTypes,
  });
  pool.on('error', () => undefined);
  return pool;
}
