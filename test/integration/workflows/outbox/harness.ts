import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FixedClock } from '../../../../core/clock.ts';
import { PostgresSyncDatabase } from '../../../../core/store/postgres/sync-database.ts';
import { openSqliteStore, SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import type { DeliveryOutcome, OutboxRow, OutboxSender } from '../../../../workflows/outbox/index.ts';
import { outboxMigrations } from '../../../../workflows/outbox/index.ts';
import { openPostgresTestStore } from '../../../helpers/postgres-store.ts';

export const START = '2026-03-02T09:00:00.000Z';

export async function tempStorePath(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'scorebridge-outbox-')), 'store.sqlite');
}

export function openOutboxStore(file: string, clock: FixedClock): Promise<SqliteCanonicalStore> {
  return openSqliteStore({ path: file, clock, extraMigrations: outboxMigrations });
}

/** A store for one test: `reopen` is a new connection to the same data (a restarted process). */
export interface OutboxTestStore {
  readonly store: SqliteCanonicalStore;
  reopen(): Promise<SqliteCanonicalStore>;
  /** Removes the data; close the stores first. */
  dispose(): Promise<void>;
}

async function sqliteOutboxStore(clock: FixedClock): Promise<OutboxTestStore> {
  const file = await tempStorePath();
  return {
    store: await openOutboxStore(file, clock),
    reopen: () => openOutboxStore(file, clock),
    dispose: () => rm(path.dirname(file), { recursive: true, force: true }),
  };
}

async function postgresOutboxStore(clock: FixedClock): Promise<OutboxTestStore> {
  const pg = await openPostgresTestStore(clock);
  return {
    store: pg.store,
    reopen: async () =>
      new SqliteCanonicalStore(new PostgresSyncDatabase({ url: pg.database.url }), { clock }),
    dispose: () => pg.database.drop(),
  };
}

/** Backends the outbox contract runs on: a SQLite file and a Postgres database. */
export const OUTBOX_BACKENDS = [
  { backend: 'SQLite', open: sqliteOutboxStore },
  { backend: 'Postgres', open: postgresOutboxStore },
] as const;

/** A sender that answers from a script and logs every call it receives. */
export function scriptedSender(script: DeliveryOutcome[]): OutboxSender & { calls: OutboxRow[] } {
  const calls: OutboxRow[] = [];
  const sender = async (row: OutboxRow): Promise<DeliveryOutcome> => {
    calls.push(row);
    return script[Math.min(calls.length - 1, script.length - 1)] ?? { status: 'sent' };
  };
  return Object.assign(sender, { calls });
}

/** A sender that appends one line per call to a file: evidence that survives a killed process. */
export function fileLoggingSender(logFile: string): OutboxSender {
  return async (row) => {
    appendFileSync(logFile, `${row.kind} ${row.idempotencyKey}\n`);
    return { status: 'sent', providerId: `remote-${row.idempotencyKey}` };
  };
}

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function stateOf(store: SqliteCanonicalStore, key: string): string | undefined {
  const row = store.database.prepare('SELECT state FROM outbox WHERE idempotency_key = ?').get(key) as
    | { state: string }
    | undefined;
  return row?.state;
}
