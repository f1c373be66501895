import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

/** Read-only SQL on the store (Postgres or SQLite: the statements here are valid in both). */
export type StoreReader = <Row>(sql: string) => Promise<Row[]>;

/** The shared Postgres store, one short connection per question. */
export function postgresReader(url: string): StoreReader {
  return async <Row>(sql: string) => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      return (await client.query(sql)).rows as Row[];
    } finally {
      await client.end();
    }
  };
}

/** An SQLite store file, opened read-only per question. */
export function sqliteReader(file: string): StoreReader {
  return async <Row>(sql: string) => {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      return db.prepare(sql).all() as Row[];
    } finally {
      db.close();
    }
  };
}

/** Jobs by pg-boss state (created, retry, active, completed, failed, cancelled). */
export async function jobStates(read: StoreReader): Promise<Record<string, number>> {
  const rows = await read<{ state: string; n: string }>(
    'SELECT state::text AS state, COUNT(*) AS n FROM pgboss.job GROUP BY state',
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

/** Jobs not finished yet: waiting, waiting for a retry, or running. */
export function unfinished(states: Record<string, number>): number {
  return (states.created ?? 0) + (states.retry ?? 0) + (states.active ?? 0);
}
