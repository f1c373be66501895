import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { type SourceRecord, sourceRecordSchema } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { SyncInProgressError } from '../../../core/sync/sync-in-progress.ts';
import { account, batch, contact, event } from '../../helpers/records.ts';
import { type DialectStore, STORE_DIALECTS } from '../../helpers/store-dialects.ts';

const acme = { system: 'crm', objectType: 'accounts', externalId: 'A1' };
const c1 = { system: 'crm', objectType: 'contacts', externalId: 'C1' };

function deal(id: string, fields: Record<string, unknown>): SourceRecord {
  return sourceRecordSchema.parse({
    kind: 'deal',
    ref: { system: 'crm', objectType: 'deals', externalId: id },
    updatedAt: '2026-01-01T00:00:00Z',
    status: 'open',
    ...fields,
  });
}

const noResult = { inserted: 0, updated: 0, unchanged: 0, rejected: 0, merges: 0 };

/** Store methods the other contract suites do not reach, on every dialect. */
describe.each(STORE_DIALECTS)('canonical store contract ($name)', (dialect) => {
  let store: SqliteCanonicalStore;
  let opened: DialectStore;
  const clock = new FixedClock('2026-03-01T00:00:00Z');

  beforeEach(async () => {
    opened = await dialect.open({ clock });
    store = opened.store;
    await store.applyBatch(
      batch('crm.all', [
        account('crm', 'A1', { domain: 'acme.com' }),
        // No creation date: listed first, as SQLite orders NULLs.
        contact('crm', 'C1', { email: 'a@acme.com', account: acme, createdAt: '2025-02-01T00:00:00Z' }),
        contact('crm', 'C2', { email: 'b@acme.com', account: acme }),
        deal('D1', { contact: c1, createdAt: '2025-06-01T00:00:00Z', amount: 100 }),
        deal('D2', { account: acme, amount: 50 }),
        deal('D3', { contactEmail: 'b@acme.com', createdAt: '2025-01-01T00:00:00Z', status: 'won' }),
      ]),
    );
  });
  afterEach(async () => opened.dispose());

  it('lists people and deals oldest first, those without a date first', async () => {
    const a1 = (await store.findContactByEmail('a@acme.com'))!;
    const people = await store.contactsOfAccount(a1.accountId!);
    expect(people.map((c) => c.email)).toEqual(['b@acme.com', 'a@acme.com']);
    const deals = await store.dealsFor('account', [a1.accountId!]);
    expect(deals.map((d) => d.source.externalId)).toEqual(['D2', 'D3', 'D1']);
    expect((await store.dealsFor('contact', [a1.id])).map((d) => d.amount)).toEqual([100]);
    const reads = store.contactReads();
    expect(reads.memberIds(a1.accountId!)).toEqual(people.map((c) => c.id));
    const both = reads.accountDeals(a1.accountId!, [a1.id]);
    expect(both.deals.map((d) => d.source.externalId)).toEqual(['D2', 'D3', 'D1']);
    expect(both.byMember.get(a1.id)!.map((d) => d.source.externalId)).toEqual(['D1']);
    expect(reads.deals(a1.id).map((d) => d.source.externalId)).toEqual(['D1']);
    const all: string[] = [];
    for await (const page of store.iterateDeals({ batchSize: 2 })) all.push(...page.map((d) => d.status));
    expect(all).toEqual(['open', 'open', 'won']);
  });

  it('resolves merges, matches and repeats within one batch as it does across batches', async () => {
    const h = (id: string) => ({ system: 'hs', objectType: 'contacts', externalId: id });
    const result = await store.applyBatch(
      batch('hs.contacts', [
        // The loser names a winner that arrives later in the same batch.
        contact('hs', '1', { email: 'one@beta.io', mergedInto: h('3') }),
        contact('hs', '2', { email: 'two@beta.io', firstName: 'Old' }),
        contact('hs', '3', { email: 'three@beta.io' }),
        // The same record twice: the second version is an update of the first.
        contact('hs', '2', { email: 'two@beta.io', firstName: 'New', updatedAt: '2026-01-02T00:00:00Z' }),
        // Another system's record of a person already in the batch joins it by e-mail.
        contact('sf', '9', { email: 'THREE@beta.io', title: 'CTO' }),
      ]),
    );
    expect(result).toMatchObject({ inserted: 4, updated: 1, merges: 2 });
    const three = (await store.findContactBySource(h('3')))!;
    expect(three.title).toBe('CTO');
    expect((await store.findContactBySource(h('1')))!.id).toBe(three.id);
    expect((await store.findContactByEmail('two@beta.io'))!.firstName).toBe('New');
    expect((await store.merges('contact')).map((m) => m.reason).sort()).toEqual([
      'email_match',
      'source_merge',
    ]);
    const again = await store.applyBatch(
      batch('hs.contacts', [contact('hs', '1', { email: 'one@beta.io', mergedInto: h('3') })]),
    );
    expect(again).toMatchObject({ unchanged: 1, merges: 0 });
  });

  it('rewrites an event only when a field changed, nulls included', async () => {
    const e = (fields: Record<string, unknown>) => event('crm', 'e1', { contact: c1, ...fields });
    expect(await store.applyBatch(batch('ev', [e({ value: 3 })]))).toMatchObject({ inserted: 1 });
    expect(await store.applyBatch(batch('ev', [e({ value: 3 })]))).toMatchObject({ unchanged: 1 });
    expect(await store.applyBatch(batch('ev', [e({})]))).toMatchObject({ updated: 1 });
    expect(await store.applyBatch(batch('ev', [e({})]))).toMatchObject({ unchanged: 1 });
    const [events] = await store.eventsFor('contact', [(await store.findContactByEmail('a@acme.com'))!.id]);
    expect(events!.events.map((x) => x.value)).toEqual([null]);
  });

  it('records syncs per stream, refuses a second run while one is live, and reports the last run', async () => {
    const run = await store.startSyncRun('crm.contacts');
    await expect(store.startSyncRun('crm.contacts')).rejects.toBeInstanceOf(SyncInProgressError);
    const other = await store.startSyncRun('crm.deals');
    await store.finishSyncRun(other, { status: 'failed', result: noResult, error: 'boom' });
    await store.finishSyncRun(run, { status: 'succeeded', result: { ...noResult, inserted: 2 } });
    const again = await store.startSyncRun('crm.contacts');
    expect(again).toBeGreaterThan(run);
    await store.finishSyncRun(again, { status: 'succeeded', result: { ...noResult, unchanged: 2 } });
    const status = await store.streamStatus();
    expect(status.map((s) => [s.stream, s.lastRun?.status, s.lastRun?.unchanged ?? null])).toEqual([
      ['crm.all', undefined, null],
      ['crm.contacts', 'succeeded', 2],
      ['crm.deals', 'failed', 0],
    ]);
    expect(status[2]!.lastRun).toMatchObject({
      id: other,
      error: 'boom',
      finishedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(status[0]!.cursor).toBeNull();
  });

  it('keeps records to read again until a batch stores them', async () => {
    const ref = (id: string) => ({ system: 'crm', objectType: 'contacts', externalId: id });
    await store.rereads.note([ref('C2'), ref('C1'), ref('C1')]);
    expect(await store.rereads.pending('crm', 'contacts')).toEqual(['C1', 'C2']);
    expect(await store.rereads.storedVersion(ref('C1'))).toBe('2026-01-01T00:00:00.000Z');
    expect(await store.rereads.storedVersion(ref('nope'))).toBeNull();
    await store.applyBatch(
      batch('crm.contacts', [contact('crm', 'C1', { email: 'a@acme.com', account: acme })]),
    );
    expect(await store.rereads.pending('crm', 'contacts')).toEqual(['C2']);
  });

  it('corrects the tiers of one scoring run only', async () => {
    const score = (computedAt: string) => ({
      entityType: 'contact' as const,
      entityId: 'c_1',
      model: 'lead',
      kind: 'lead' as const,
      modelVersion: 'v1',
      probability: 0.5,
      value: 50,
      tier: 'medium' as const,
      reasons: [],
      computedAt,
    });
    await store.saveScores([score('2026-01-01T00:00:00.000Z')]);
    await store.saveScores([score('2026-01-02T00:00:00.000Z')]);
    await store.updateScoreTiers(
      { model: 'lead', entityType: 'contact', computedAt: '2026-01-02T00:00:00.000Z' },
      [{ id: 'c_1', tier: 'high' }],
    );
    expect((await store.currentScores('contact', 'c_1')).map((s) => s.tier)).toEqual(['high']);
    expect((await store.scoreHistory('contact', 'c_1')).map((s) => s.tier)).toEqual(['medium', 'high']);
  });

  it('counts rows quarantined for an unknown event type', async () => {
    await store.applyBatch({
      stream: 'f.events',
      records: [],
      rejected: [
        { location: { file: 'e.csv', line: 2 }, reason: "unknown event type 'demo_booked'", raw: 'x' },
        { location: { file: 'e.csv', line: 3 }, reason: 'bad e-mail', raw: 'y' },
      ],
      cursor: 1,
    });
    const counts = await store.counts();
    expect(counts).toMatchObject({
      quarantined: 2,
      quarantinedForEventType: 1,
      contacts: 2,
      accounts: 1,
      deals: 3,
    });
  });
});
