import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { PostgresSyncDatabase } from '../../../../core/store/postgres/sync-database.ts';
import { deterministicMessageId } from '../../../../workflows/email/index.ts';
import {
  enqueue,
  OutboxRelay,
  type OutboxSender,
  resolveUnknown,
} from '../../../../workflows/outbox/index.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../../helpers/postgres-store.ts';
import { startChild } from './children.ts';
import { type SmtpPeer, startSmtpPeer } from './smtp-peer.ts';

let pg: PostgresTestStore | undefined;
let peer: SmtpPeer | undefined;
let second: PostgresSyncDatabase | undefined;
afterEach(async () => {
  second?.close();
  await peer?.close();
  await pg?.dispose();
  second = undefined;
  peer = undefined;
  pg = undefined;
});

function emails(count: number, to: (n: number) => string = (n) => `person-${n}@customer.example`) {
  return Array.from({ length: count }, (_, n) => ({
    idempotencyKey: `wf:retention:1:enr-${n}:day0`,
    kind: 'email' as const,
    payload: { to: to(n), subject: `Checking in ${n}` },
  }));
}

function statesOf(db: PostgresSyncDatabase) {
  return db.prepare('SELECT idempotency_key, state, claimed_by FROM outbox ORDER BY id').all() as Array<{
    idempotency_key: string;
    state: string;
    claimed_by: string | null;
  }>;
}

function relayOn(db: PostgresSyncDatabase, clock: FixedClock, transports: Record<string, OutboxSender>) {
  return new OutboxRelay({
    db,
    clock,
    random: () => 0.5,
    sleep: async () => {},
    transports,
    leaseMs: 60_000,
  });
}

describe('outbox relays in several processes on one Postgres store', () => {
  it('two relay processes drain one outbox together and every email reaches the SMTP server once', async () => {
    const clock = new FixedClock(new Date(Date.now() - 60_000));
    pg = await openPostgresTestStore(clock);
    peer = await startSmtpPeer(5);
    const intents = emails(120);
    enqueue(pg.db, intents, clock.now());

    const startAt = String(Date.now() + 2_500);
    const relays = [0, 1].map(() =>
      startChild('email-relay-child.ts', [pg!.database.url, String(peer!.port), '60000', startAt]),
    );
    const outputs = (await Promise.all(relays.map((relay) => relay.done))).map(
      (out) => JSON.parse(out.trim()) as { claimer: string; sent: number },
    );

    const ids = peer.delivered.map((mail) => mail.messageId);
    expect(ids).toHaveLength(120);
    expect(new Set(ids)).toEqual(
      new Set(intents.map((intent) => deterministicMessageId(intent.idempotencyKey, 'mail.example.com'))),
    );
    // Both relays worked (they started together), and their counts add up to the outbox.
    expect(outputs.every((out) => out.sent > 0)).toBe(true);
    expect(outputs[0]!.sent + outputs[1]!.sent).toBe(120);
    expect(statesOf(pg.db).every((row) => row.state === 'sent' && row.claimed_by === null)).toBe(true);
    // Every claim is in the audit log exactly once per row.
    const claims = pg.db
      .prepare(
        "SELECT subject, COUNT(*) AS n FROM audit_log WHERE action = 'pending→sending' GROUP BY subject",
      )
      .all() as Array<{ n: number }>;
    expect(claims).toHaveLength(120);
    expect(claims.every((row) => row.n === 1)).toBe(true);
  }, 60_000);

  it('leaves a live relay’s in-flight email alone and takes it over once that relay is killed', async () => {
    const clock = new FixedClock(new Date());
    pg = await openPostgresTestStore(clock);
    peer = await startSmtpPeer();
    const intents = emails(3, (n) => (n === 0 ? 'hang-0@customer.example' : `person-${n}@customer.example`));
    enqueue(pg.db, intents, new Date(Date.now() - 60_000));

    const first = startChild('email-relay-child.ts', [pg.database.url, String(peer.port), '60000', '0']);
    first.done.catch(() => {});
    await peer.hung;
    second = new PostgresSyncDatabase({ url: pg.database.url });
    const delivered: string[] = [];
    const other = relayOn(second, clock, {
      email: async (row) => {
        delivered.push(row.idempotencyKey);
        return { status: 'sent', providerId: deterministicMessageId(row.idempotencyKey, 'mail.example.com') };
      },
    });

    // While the first relay waits on the SMTP server its claim is live: no takeover, no resend.
    expect(other.recover(clock.now())).toEqual({ requeued: [], unknown: [] });
    await other.runOnce(10);
    expect(delivered).not.toContain(intents[0]!.idempotencyKey);
    expect(statesOf(second)[0]).toMatchObject({ state: 'sending' });
    expect(statesOf(second)[0]!.claimed_by).toContain(`:${first.pid}:`);

    first.kill();
    await expect(first.done).rejects.toThrow(/SIGKILL/);
    // Its process is gone on this host: the email may have reached the inbox, so it becomes
    // unknown (never resent on its own), exactly as on SQLite.
    expect(other.recover(clock.now())).toEqual({ requeued: [], unknown: [1] });
    expect(peer.delivered).toHaveLength(0);

    // The operator resends it: under the same key, so with the same Message-ID.
    resolveUnknown(second, [1], { resolution: 'resend', now: clock.now(), by: 'operator' });
    await other.runOnce(10);
    expect(delivered.filter((key) => key === intents[0]!.idempotencyKey)).toHaveLength(1);
    expect(statesOf(second).map((row) => row.state)).toEqual(['sent', 'sent', 'sent']);
  }, 60_000);

  it('takes over a claim from another host only after its lease runs out, replaying by key', async () => {
    const clock = new FixedClock('2026-03-02T09:00:00.000Z');
    pg = await openPostgresTestStore(clock);
    enqueue(
      pg.db,
      [
        { idempotencyKey: 'crm:contact-9:lead_score', kind: 'crm_write', payload: { lead_score: 0.7 } },
        { idempotencyKey: 'wf:retention:1:enr-9:day0', kind: 'email', payload: { to: 'a@x.io' } },
      ],
      clock.now(),
    );
    // A relay on another host claimed both and went silent (its host died).
    pg.db
      .prepare(
        `UPDATE outbox SET state = 'sending', attempts = 1, claimed_by = 'worker-b.internal:4242:1a2b3c4d',
           lease_until = '2026-03-02T09:10:00.000Z'`,
      )
      .run();
    const performed: string[] = [];
    const sender: OutboxSender = async (row) => {
      performed.push(row.idempotencyKey);
      return { status: 'sent' };
    };
    const relay = relayOn(pg.db, clock, { crm_write: sender, email: sender });

    clock.set('2026-03-02T09:09:59.000Z');
    expect(relay.recover(clock.now())).toEqual({ requeued: [], unknown: [] });
    await relay.runOnce(10);
    expect(performed).toEqual([]);

    clock.set('2026-03-02T09:10:00.000Z');
    expect(relay.recover(clock.now())).toEqual({ requeued: [1], unknown: [2] });
    await relay.runOnce(10);
    expect(performed).toEqual(['crm:contact-9:lead_score']);
    expect(statesOf(pg.db).map((row) => row.state)).toEqual(['sent', 'unknown']);
  }, 30_000);
});
