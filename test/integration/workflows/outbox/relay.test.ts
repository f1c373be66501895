import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { inTransaction } from '../../../../core/store/sqlite/sql.ts';
import {
  enqueue,
  loadRow,
  OutboxRelay,
  type OutboxTransports,
  readAudit,
} from '../../../../workflows/outbox/index.ts';
import {
  OUTBOX_BACKENDS,
  type OutboxTestStore,
  START,
  scriptedSender,
  seededRandom,
  stateOf,
} from './harness.ts';

describe.each(OUTBOX_BACKENDS)('outbox ($backend)', ({ open }) => {
  let handle: OutboxTestStore;
  let clock: FixedClock;
  let store: SqliteCanonicalStore;
  const slept: number[] = [];

  const relayWith = (transports: OutboxTransports, maxAttempts = 3) =>
    new OutboxRelay({
      db: store.database,
      clock,
      transports,
      maxAttempts,
      baseDelayMs: 1_000,
      capDelayMs: 60_000,
      random: seededRandom(7),
      sleep: async (ms) => {
        slept.push(ms);
        clock.advance(ms);
      },
    });

  beforeEach(async () => {
    clock = new FixedClock(START);
    handle = await open(clock);
    store = handle.store;
    slept.length = 0;
  });
  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('enqueues the same key twice as one row', () => {
    const intent = { idempotencyKey: 'wf:1:enr-1:day0', kind: 'email' as const, payload: { to: 'a@x.io' } };
    const first = inTransaction(store.database, () => enqueue(store.database, [intent], clock.now()));
    const second = inTransaction(store.database, () => enqueue(store.database, [intent], clock.now()));
    expect(first.inserted).toHaveLength(1);
    expect(second).toEqual({ inserted: [], duplicates: ['wf:1:enr-1:day0'] });
    const count = store.database.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number };
    expect(count.n).toBe(1);
    expect(readAudit(store.database, `outbox:${first.inserted[0]}`).map((e) => e.action)).toEqual([
      'enqueued',
    ]);
  });

  it('leaves nothing behind when the caller rolls its transaction back', () => {
    expect(() =>
      inTransaction(store.database, () => {
        enqueue(
          store.database,
          [{ idempotencyKey: 'k1', kind: 'crm_write', payload: { score: 0.8 } }],
          clock.now(),
        );
        throw new Error('step failed after enqueue');
      }),
    ).toThrow('step failed after enqueue');
    const outbox = store.database.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number };
    const audit = store.database.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number };
    expect(outbox.n).toBe(0);
    expect(audit.n).toBe(0);
  });

  it('refuses an invalid intent and says which one', () => {
    expect(() =>
      enqueue(store.database, [{ idempotencyKey: '', kind: 'email', payload: {} }], clock.now()),
    ).toThrow(/outbox intent \[0\] is invalid/);
  });

  it('sends due rows once and records sent with the provider id', async () => {
    const email = scriptedSender([{ status: 'sent', providerId: '<abc@mail.example.com>' }]);
    enqueue(
      store.database,
      [{ idempotencyKey: 'e1', kind: 'email', payload: { to: 'a@x.io' } }],
      clock.now(),
    );
    const relay = relayWith({ email });
    expect(await relay.runOnce(10)).toMatchObject({ claimed: 1, sent: 1 });
    expect(await relay.runOnce(10)).toMatchObject({ claimed: 0 });
    expect(email.calls).toHaveLength(1);
    const row = loadRow(store.database, 1);
    expect(row).toMatchObject({
      state: 'sent',
      attempts: 1,
      providerId: '<abc@mail.example.com>',
      sentAt: START,
    });
    expect(readAudit(store.database, 'outbox:1').map((e) => e.action)).toEqual([
      'enqueued',
      'pending→sending',
      'sending→sent',
    ]);
  });

  it('retries temporary failures with jittered backoff, then dead-letters them', async () => {
    const crm = scriptedSender([{ status: 'retry', error: '429 rate limited' }]);
    enqueue(store.database, [{ idempotencyKey: 'c1', kind: 'crm_write', payload: {} }], clock.now());
    const relay = relayWith({ crm_write: crm }, 3);

    expect(await relay.runOnce(10)).toMatchObject({ retried: 1 });
    const afterFirst = loadRow(store.database, 1);
    expect(afterFirst).toMatchObject({ state: 'pending', attempts: 1, lastError: '429 rate limited' });
    expect(afterFirst!.nextAttemptAt > START).toBe(true);
    expect(await relay.runOnce(10)).toMatchObject({ claimed: 0 });

    const rounds = await relay.drain(10, 10);
    expect(crm.calls).toHaveLength(3);
    expect(rounds.at(-1)).toMatchObject({ claimed: 0 });
    expect(slept.length).toBeGreaterThanOrEqual(1);
    expect(slept.every((ms) => ms >= 0 && ms <= 60_000)).toBe(true);
    expect(loadRow(store.database, 1)).toMatchObject({ state: 'dead_letter', attempts: 3 });

    expect(relay.retry('dead_letter')).toEqual({ retried: [1], refused: [] });
    expect(loadRow(store.database, 1)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('honours Retry-After over its own jitter', async () => {
    const crm = scriptedSender([{ status: 'retry', error: '429', retryAfterMs: 30_000 }]);
    enqueue(store.database, [{ idempotencyKey: 'c1', kind: 'crm_write', payload: {} }], clock.now());
    await relayWith({ crm_write: crm }).runOnce(1);
    expect(loadRow(store.database, 1)?.nextAttemptAt).toBe('2026-03-02T09:00:30.000Z');
  });

  it('marks permanent failures failed without retrying, and retries them only on request', async () => {
    const email = scriptedSender([{ status: 'permanent', error: '550 no such user' }, { status: 'sent' }]);
    enqueue(store.database, [{ idempotencyKey: 'e1', kind: 'email', payload: {} }], clock.now());
    const relay = relayWith({ email });
    expect(await relay.runOnce(10)).toMatchObject({ failed: 1 });
    expect(await relay.drain(10, 5)).toEqual([expect.objectContaining({ claimed: 0 })]);
    expect(email.calls).toHaveLength(1);
    expect(loadRow(store.database, 1)).toMatchObject({ state: 'failed', lastError: '550 no such user' });

    expect(relay.retry([1, 99])).toEqual({
      retried: [1],
      refused: [{ id: 99, reason: 'no outbox row with id 99' }],
    });
    expect(await relay.runOnce(10)).toMatchObject({ sent: 1 });
  });

  it('reports unknown outcomes and never resends them', async () => {
    const email = scriptedSender([{ status: 'unknown', error: 'connection reset after DATA' }]);
    enqueue(store.database, [{ idempotencyKey: 'e1', kind: 'email', payload: {} }], clock.now());
    const relay = relayWith({ email });
    await relay.runOnce(10);
    await relay.drain(10, 5);
    expect(email.calls).toHaveLength(1);
    const report = relay.report();
    expect(report.counts).toMatchObject({ unknown: 1, pending: 0, sent: 0 });
    expect(report.unknown.map((row) => row.idempotencyKey)).toEqual(['e1']);
    expect(relay.retry([1]).refused[0]?.reason).toContain('row is unknown');
  });

  it('after a crash mid-send, leaves the email unknown and replays the CRM write once with its key', async () => {
    enqueue(
      store.database,
      [
        { idempotencyKey: 'e1', kind: 'email', payload: {} },
        { idempotencyKey: 'c1', kind: 'crm_write', payload: { lead_score: 0.7 } },
      ],
      clock.now(),
    );
    const crashing = relayWith({ email: scriptedSender([]), crm_write: scriptedSender([]) });
    expect(crashing.claimDue(10)).toHaveLength(2);
    await store.close();

    store = await handle.reopen();
    expect(stateOf(store, 'e1')).toBe('sending');
    const email = scriptedSender([{ status: 'sent' }]);
    const crm = scriptedSender([{ status: 'sent' }]);
    const relay = relayWith({ email, crm_write: crm });
    expect(relay.recover(clock.now())).toEqual({ requeued: [2], unknown: [1] });
    await relay.drain(10, 5);

    expect(email.calls).toHaveLength(0);
    expect(crm.calls.map((row) => row.idempotencyKey)).toEqual(['c1']);
    expect(stateOf(store, 'e1')).toBe('unknown');
    expect(stateOf(store, 'c1')).toBe('sent');
    expect(readAudit(store.database, 'outbox:1').map((e) => e.action)).toContain('sending→unknown');
  });
});
