import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import {
  type DeliveryOutcome,
  enqueue,
  type OutboxIntent,
  OutboxRelay,
  type OutboxRow,
} from '../../../../workflows/outbox/index.ts';
import {
  fileLoggingSender,
  openOutboxStore,
  START,
  scriptedSender,
  stateOf,
  tempStorePath,
} from './harness.ts';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-batch-child.ts');

const crmWrites = (n: number): OutboxIntent[] =>
  Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `wf:retention:enr-${i}:step-0`,
    kind: 'crm_write' as const,
    payload: { account: i },
  }));
const email: OutboxIntent = { idempotencyKey: 'wf:retention:enr-0:step-1', kind: 'email', payload: {} };

/** A batch transport that records each call's rows and answers per row from `outcome`. */
function recordingBatch(maxRows: number, outcome: (row: OutboxRow) => DeliveryOutcome) {
  const calls: string[][] = [];
  return {
    calls,
    transport: {
      maxRows,
      send: async (rows: readonly OutboxRow[]) => {
        calls.push(rows.map((row) => row.idempotencyKey));
        return rows.map(outcome);
      },
    },
  };
}

describe('outbox relay with a batch transport', () => {
  let storePath = '';
  let store: SqliteCanonicalStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
    if (storePath) await rm(path.dirname(storePath), { recursive: true, force: true });
  });

  async function open(intents: OutboxIntent[]) {
    storePath = await tempStorePath();
    const clock = new FixedClock(START);
    store = await openOutboxStore(storePath, clock);
    enqueue(store.database, intents, clock.now());
    return { clock, db: store.database };
  }

  it('performs 185 CRM writes in 2 batch calls and records an outcome on every row', async () => {
    const { clock, db } = await open([...crmWrites(185), email]);
    const batch = recordingBatch(100, (row) =>
      row.idempotencyKey.endsWith('enr-7:step-0')
        ? { status: 'permanent', error: 'invalid: tier: "x" is not one of its options' }
        : row.idempotencyKey.endsWith('enr-8:step-0')
          ? { status: 'retry', error: 'locked', retryAfterMs: 60_000 }
          : { status: 'sent', providerId: `company-${row.id}` },
    );
    const single = scriptedSender([{ status: 'sent' }]);
    const relay = new OutboxRelay({
      db,
      clock,
      random: () => 0.5,
      sleep: async () => {},
      transports: { crm_write: single, email: single },
      batchTransports: { crm_write: batch.transport },
    });
    const summary = await relay.runOnce(1_000);
    expect(batch.calls.map((call) => call.length)).toEqual([100, 85]);
    // Emails still go one at a time, through the single-row transport.
    expect(single.calls.map((row) => row.kind)).toEqual(['email']);
    expect(summary).toEqual({ claimed: 186, sent: 184, retried: 1, deadLettered: 0, failed: 1, unknown: 0 });
    expect(stateOf(store!, 'wf:retention:enr-7:step-0')).toBe('failed');
    expect(stateOf(store!, 'wf:retention:enr-8:step-0')).toBe('pending');
    const provider = db
      .prepare("SELECT provider_id FROM outbox WHERE idempotency_key = 'wf:retention:enr-100:step-0'")
      .get() as { provider_id: string };
    expect(provider.provider_id).toMatch(/^company-\d+$/);
  });

  it('treats a batch call that throws as unknown for its rows, so replay-safe rows are tried again', async () => {
    const { clock, db } = await open(crmWrites(3));
    const relay = new OutboxRelay({
      db,
      clock,
      random: () => 0.5,
      sleep: async () => {},
      transports: { crm_write: scriptedSender([{ status: 'sent' }]) },
      batchTransports: {
        crm_write: {
          maxRows: 100,
          send: async () => {
            throw new Error('socket hang up');
          },
        },
      },
    });
    const summary = await relay.runOnce(10);
    expect(summary).toMatchObject({ claimed: 3, retried: 3, unknown: 0 });
    expect(stateOf(store!, 'wf:retention:enr-0:step-0')).toBe('pending');
  });

  it('survives a SIGKILL mid-batch: every row of the batch is performed again once, none lost', async () => {
    const intents = [...crmWrites(150), email];
    const { clock } = await open(intents);
    await store!.close();
    store = undefined;
    const logFile = path.join(path.dirname(storePath), 'sends.log');
    writeFileSync(logFile, '');
    const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
      const child = spawn(process.execPath, [childScript, storePath, logFile], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('sent-not-recorded')) child.kill('SIGKILL');
      });
      child.on('exit', (code, sig) =>
        sig === 'SIGKILL' ? resolve(sig) : reject(new Error(`child exited with ${code}: ${stderr}`)),
      );
    });
    expect(signal).toBe('SIGKILL');
    const firstBatch = readFileSync(logFile, 'utf8').trim().split('\n');
    // The first call carried the first 100 writes; all were claimed before it.
    expect(firstBatch).toHaveLength(100);

    store = await openOutboxStore(storePath, clock);
    const inFlight = store.database
      .prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'sending'")
      .get() as {
      n: number;
    };
    expect(inFlight.n).toBe(100);
    const sender = fileLoggingSender(logFile);
    const relay = new OutboxRelay({
      db: store.database,
      clock,
      random: () => 0.5,
      sleep: async (ms) => clock.advance(ms),
      transports: { crm_write: sender, email: sender },
      batchTransports: {
        crm_write: {
          maxRows: 100,
          send: async (rows) => Promise.all(rows.map((row) => sender(row))),
        },
      },
    });
    const recovery = relay.recover(clock.now());
    expect(recovery.requeued).toHaveLength(100);
    expect(recovery.unknown).toEqual([]);
    await relay.drain(1_000, 5);
    const sends = readFileSync(logFile, 'utf8').trim().split('\n');
    const perKey = new Map<string, number>();
    for (const line of sends) perKey.set(line, (perKey.get(line) ?? 0) + 1);
    // The 100 in flight were performed twice under the same key (an idempotent field write), the
    // other 50 writes and the email once; every row ends sent.
    expect([...perKey.values()].filter((n) => n === 2)).toHaveLength(100);
    expect([...perKey.values()].filter((n) => n === 1)).toHaveLength(51);
    expect(perKey.get(`email ${email.idempotencyKey}`)).toBe(1);
    const states = store.database.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all();
    expect(states).toEqual([{ state: 'sent', n: 151 }]);
  });
});
