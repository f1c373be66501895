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

/**
 * Jobs by pg-boss state (created, retry, active, completed, failed, cancelled). The `<kind>_failed`
 * queues only keep copies of failed jobs for people to look at; no worker takes them.
 */
export async function jobStates(read: StoreReader): Promise<Record<string, number>> {
  const rows = await read<{ state: string; n: string }>(
    `SELECT state::text AS state, COUNT(*) AS n FROM pgboss.job WHERE name NOT LIKE '%\\_failed' GROUP BY state`,
  );
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

/** Jobs not finished yet: waiting, waiting for a retry, or running. */
export function unfinished(states: Record<string, number>): number {
  return (states.created ?? 0) + (states.retry ?? 0) + (states.active ?? 0);
}

/** The jobs that failed for good, with what they carried and the error they ended with. */
export async function failedJobs(read: StoreReader): Promise<string[]> {
  const rows = await read<{ name: string; data: unknown; output: unknown; retries: number }>(
    `SELECT name, data, output, retry_count AS retries FROM pgboss.job
      WHERE state = 'failed' AND name NOT LIKE '%\\_failed'`,
  );
  return rows.map(
    (row) =>
      `${row.name} ${JSON.stringify(row.data)} after ${row.retries} retries: ${JSON.stringify(row.output)}`,
  );
}
