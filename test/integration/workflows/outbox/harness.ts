import { appendFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FixedClock } from '../../../../core/clock.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import type { DeliveryOutcome, OutboxRow, OutboxSender } from '../../../../workflows/outbox/index.ts';
import { outboxMigrations } from '../../../../workflows/outbox/index.ts';

export const START = '2026-03-02T09:00:00.000Z';

export async function tempStorePath(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'scorebridge-outbox-')), 'store.sqlite');
}

export function openOutboxStore(file: string, clock: FixedClock): Promise<SqliteCanonicalStore> {
  return openSqliteStore({ path: file, clock, extraMigrations: outboxMigrations });
}

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
