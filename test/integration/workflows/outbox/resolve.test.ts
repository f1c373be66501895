import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaySafety } from '../../../../app/workflows/replay-safety.ts';
import type { CrmTarget } from '../../../../app/workflows/senders/crm-sender.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import {
  enqueue,
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxTransports,
  readAudit,
  resolveUnknown,
} from '../../../../workflows/outbox/index.ts';
import {
  OUTBOX_BACKENDS,
  type OutboxTestStore,
  START,
  scriptedSender,
  seededRandom,
  stateOf,
} from './harness.ts';

describe.each(
  OUTBOX_BACKENDS,
)('unknown outcomes: outbox resolve and per-connector replay safety ($backend)', ({ open }) => {
  let handle: OutboxTestStore;
  let clock: FixedClock;
  let store: SqliteCanonicalStore;

  const relayWith = (transports: OutboxTransports, extra: Partial<OutboxRelayOptions> = {}) =>
    new OutboxRelay({
      db: store.database,
      clock,
      transports,
      random: seededRandom(3),
      sleep: async (ms) => clock.advance(ms),
      ...extra,
    });

  /** Two emails whose sends broke after the message was handed over, and one that went out. */
  async function twoUnknownOneSent() {
    enqueue(
      store.database,
      ['e1', 'e2', 'e3'].map((key) => ({
        idempotencyKey: key,
        kind: 'email' as const,
        payload: { to: `${key}@x.io` },
      })),
      clock.now(),
    );
    const email = scriptedSender([
      { status: 'unknown', error: 'connection closed after DATA' },
      { status: 'unknown', error: 'connection closed after DATA' },
      { status: 'sent', providerId: '<m3@x.io>' },
    ]);
    await relayWith({ email }).runOnce(10);
    return email;
  }

  beforeEach(async () => {
    clock = new FixedClock(START);
    handle = await open(clock);
    store = handle.store;
  });
  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('marks an unknown email delivered, audited with who decided and the original error', async () => {
    await twoUnknownOneSent();
    clock.advance(60_000);
    const result = resolveUnknown(store.database, [1], {
      resolution: 'delivered',
      now: clock.now(),
      by: 'cli',
    });
    expect(result).toEqual({ resolved: [{ id: 1, kind: 'email', to: 'sent' }], refused: [] });
    expect(stateOf(store, 'e1')).toBe('sent');
    expect(stateOf(store, 'e2')).toBe('unknown');
    const audit = readAudit(store.database, 'outbox:1');
    expect(audit.map((entry) => entry.action)).toEqual([
      'enqueued',
      'pending→sending',
      'sending→unknown',
      'unknown→sent',
      'resolved as delivered',
    ]);
    expect(audit.at(-1)?.detail).toMatchObject({ by: 'cli', was: 'connection closed after DATA' });
  });

  it('resends an unknown email once, under the same key, with a fresh attempt budget', async () => {
    const first = await twoUnknownOneSent();
    resolveUnknown(store.database, [2], { resolution: 'resend', now: clock.now(), by: 'cli' });
    const email = scriptedSender([{ status: 'sent' }]);
    const relay = relayWith({ email });
    await relay.drain(10, 3);
    expect(email.calls.map((row) => [row.idempotencyKey, row.attempts])).toEqual([['e2', 1]]);
    // The same key is what the Message-ID is derived from: the resend is recognisable as a repeat.
    expect(email.calls[0]?.idempotencyKey).toBe(first.calls[1]?.idempotencyKey);
    expect(stateOf(store, 'e2')).toBe('sent');
    expect(stateOf(store, 'e1')).toBe('unknown');
  });

  it('refuses rows that are not unknown and ids that do not exist, and changes nothing on a dry run', async () => {
    await twoUnknownOneSent();
    const dry = resolveUnknown(store.database, 'all', {
      resolution: 'resend',
      now: clock.now(),
      by: 'cli',
      dryRun: true,
    });
    expect(dry.resolved.map((row) => row.id)).toEqual([1, 2]);
    expect([stateOf(store, 'e1'), stateOf(store, 'e2')]).toEqual(['unknown', 'unknown']);
    const refused = resolveUnknown(store.database, [3, 99], {
      resolution: 'resend',
      now: clock.now(),
      by: 'cli',
    });
    expect(refused.resolved).toEqual([]);
    expect(refused.refused).toEqual([
      { id: 3, reason: 'row is sent; only rows with an unknown outcome are resolved' },
      { id: 99, reason: 'no outbox row with id 99' },
    ]);
    expect(stateOf(store, 'e3')).toBe('sent');
  });

  it('retries a task whose CRM creates tasks by key instead of calling it unknown; others stay unknown', async () => {
    const target = (tasksIdempotentByKey: boolean) =>
      ({ destination: { tasksIdempotentByKey }, mapping: {} }) as unknown as CrmTarget;
    const replaySafe = replaySafety(
      new Map([
        ['hubspot', target(true)],
        ['legacy_crm', target(false)],
      ]),
    );
    enqueue(
      store.database,
      [
        { idempotencyKey: 't-hub', kind: 'task', payload: { connector: 'hubspot' } },
        { idempotencyKey: 't-legacy', kind: 'task', payload: { connector: 'legacy_crm' } },
        { idempotencyKey: 't-hub-crash', kind: 'task', payload: { connector: 'hubspot' } },
        { idempotencyKey: 't-legacy-crash', kind: 'task', payload: { connector: 'legacy_crm' } },
      ],
      clock.now(),
    );
    const broken = scriptedSender([{ status: 'unknown', error: 'socket hang up' }]);
    const relay = relayWith({ task: broken }, { replaySafe });
    // A sender that cannot tell (socket hang up after the request was written).
    await relay.runOnce(2);
    expect([stateOf(store, 't-hub'), stateOf(store, 't-legacy')]).toEqual(['pending', 'unknown']);
    // A process killed mid-call: start-up recovery decides by the same rule.
    relay.claimDue(10);
    expect(relay.recover(clock.now())).toEqual({ requeued: [3], unknown: [4] });
    const task = scriptedSender([{ status: 'sent' }]);
    await relayWith({ task }, { replaySafe }).drain(10, 5);
    expect(task.calls.map((row) => row.idempotencyKey).sort()).toEqual(['t-hub', 't-hub-crash']);
  });
});
