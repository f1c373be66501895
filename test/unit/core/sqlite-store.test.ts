import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { account, batch, contact, event } from '../../helpers/records.ts';
import { type DialectStore, STORE_DIALECTS } from '../../helpers/store-dialects.ts';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe.each(STORE_DIALECTS)('the canonical store on $name', (dialect) => {
  let store: SqliteCanonicalStore;
  let opened: DialectStore;
  const clock = new FixedClock('2026-02-01T00:00:00Z');

  beforeEach(async () => {
    opened = await dialect.open({ clock, systemPriority: ['salesforce', 'hubspot'] });
    store = opened.store;
  });
  afterEach(async () => opened.dispose());

  it('resolves the same e-mail from two systems to one contact and records the merge', async () => {
    await store.applyBatch(
      batch('hubspot.contacts', [
        contact('hubspot', '101', { email: 'Ana.Lopez@Acme.com', firstName: 'Ana' }),
      ]),
    );
    const result = await store.applyBatch(
      batch('salesforce.Contact', [
        contact('salesforce', '003A', { email: ' ana.lopez@acme.com ', title: 'CFO' }),
      ]),
    );
    expect(result.merges).toBe(1);
    const contacts = await collect(store.iterateContacts());
    expect(contacts).toHaveLength(1);
    const ana = contacts[0]!;
    expect(ana.firstName).toBe('Ana');
    expect(ana.title).toBe('CFO');
    expect(ana.sources.map((s) => s.system).sort()).toEqual(['hubspot', 'salesforce']);
    const merges = await store.merges('contact');
    expect(merges).toEqual([
      expect.objectContaining({
        winnerId: ana.id,
        merged: 'ref:salesforce/contacts/003A',
        reason: 'email_match',
        evidence: 'email:ana.lopez@acme.com',
      }),
    ]);
    expect((await store.findContactByEmail('ANA.LOPEZ@acme.com'))?.id).toBe(ana.id);
  });

  it('takes each field from the most recently updated source, ties broken by system priority', async () => {
    await store.applyBatch(
      batch('x', [
        contact('hubspot', '1', {
          email: 'a@acme.com',
          title: 'Old',
          phone: '+1 555',
          updatedAt: '2026-01-02T00:00:00Z',
        }),
        contact('salesforce', '1', { email: 'a@acme.com', title: 'New', updatedAt: '2026-01-03T00:00:00Z' }),
        contact('hubspot', '2', { email: 'b@acme.com', city: 'Boston', updatedAt: '2026-01-05T00:00:00Z' }),
        contact('salesforce', '2', {
          email: 'b@acme.com',
          city: 'Madrid',
          updatedAt: '2026-01-05T00:00:00Z',
        }),
      ]),
    );
    const a = await store.findContactByEmail('a@acme.com');
    expect(a?.title).toBe('New');
    expect(a?.phone).toBe('+1 555');
    expect((await store.findContactByEmail('b@acme.com'))?.city).toBe('Madrid');
  });

  it('applies provider merges in either arrival order and keeps the loser, marked as merged', async () => {
    await store.applyBatch(batch('hubspot.contacts', [contact('hubspot', '1', { email: 'one@acme.com' })]));
    await store.applyBatch(
      batch('hubspot.contacts', [
        contact('hubspot', '2', {
          email: 'two@acme.com',
          mergedInto: { system: 'hubspot', objectType: 'contacts', externalId: '3' },
        }),
      ]),
    );
    // The winner arrives after the loser named it.
    await store.applyBatch(batch('hubspot.contacts', [contact('hubspot', '3', { email: 'three@acme.com' })]));
    const live = await collect(store.iterateContacts());
    expect(live.map((c) => c.email).sort()).toEqual(['one@acme.com', 'three@acme.com']);
    const all = await collect(store.iterateContacts({ includeInactive: true }));
    const loser = all.find((c) => c.mergedInto !== null)!;
    const winner = await store.findContactBySource({
      system: 'hubspot',
      objectType: 'contacts',
      externalId: '3',
    });
    expect(loser.mergedInto).toBe(winner!.id);
    expect(await store.resolveId('contact', loser.id)).toBe(winner!.id);
    expect((await store.merges('contact')).map((m) => m.reason)).toContain('source_merge');
  });

  it('represents deletions instead of dropping them, and a contact lives while any source keeps it', async () => {
    await store.applyBatch(
      batch('x', [
        contact('hubspot', '1', { email: 'a@acme.com' }),
        contact('salesforce', '9', { email: 'a@acme.com' }),
      ]),
    );
    await store.applyBatch(
      batch('x', [
        contact('hubspot', '1', { email: 'a@acme.com', deleted: true, updatedAt: '2026-01-04T00:00:00Z' }),
      ]),
    );
    expect((await store.counts()).contacts).toBe(1);
    await store.applyBatch(
      batch('x', [
        contact('salesforce', '9', { email: 'a@acme.com', deleted: true, updatedAt: '2026-01-05T00:00:00Z' }),
      ]),
    );
    const counts = await store.counts();
    expect(counts.contacts).toBe(0);
    expect(counts.deletedContacts).toBe(1);
    const [gone] = await collect(store.iterateContacts({ includeInactive: true }));
    expect(gone?.deletedAt).toBe('2026-01-05T00:00:00.000Z');
  });

  it('is idempotent: the same batch twice changes nothing the second time', async () => {
    const records = [
      account('crm', 'A1', { name: 'Acme', domain: 'acme.com', mrr: 1200 }),
      contact('crm', 'C1', {
        email: 'a@acme.com',
        account: { system: 'crm', objectType: 'accounts', externalId: 'A1' },
      }),
      event('crm', 'E1', { contact: { system: 'crm', objectType: 'contacts', externalId: 'C1' } }),
    ];
    const first = await store.applyBatch(batch('crm.all', records, { line: 3 }));
    expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0 });
    const before = await store.counts();
    const second = await store.applyBatch(batch('crm.all', records, { line: 3 }));
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await store.counts()).toEqual(before);
    const changed = await store.applyBatch(
      batch('crm.all', [account('crm', 'A1', { name: 'Acme Inc', domain: 'acme.com', mrr: 1300 })]),
    );
    expect(changed).toMatchObject({ updated: 1 });
  });

  it('quarantines rejected rows once even when the file is read again', async () => {
    const rejected = [
      {
        location: { file: 'contacts.csv', line: 7, column: 'email' },
        reason: 'bad e-mail',
        raw: 'x,not-an-email',
      },
    ];
    await store.applyBatch({ stream: 'f.contacts', records: [], rejected, cursor: 1 });
    const again = await store.applyBatch({ stream: 'f.contacts', records: [], rejected, cursor: 2 });
    expect(again.rejected).toBe(1);
    const rows = await store.quarantined('f.contacts');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      location: { file: 'contacts.csv', line: 7, column: 'email' },
      reason: 'bad e-mail',
    });
  });

  it('resolves events through identities, including events that arrive before their contact', async () => {
    await store.applyBatch(
      batch('events', [
        event('web', 'e1', { contactEmail: 'Late@Acme.com', type: 'page_view' }),
        event('crm', 'e2', { contact: { system: 'crm', objectType: 'contacts', externalId: 'C9' } }),
      ]),
    );
    await store.applyBatch(
      batch('contacts', [
        account('crm', 'A1', { domain: 'acme.com' }),
        contact('crm', 'C9', {
          email: 'late@acme.com',
          account: { system: 'crm', objectType: 'accounts', externalId: 'A1' },
        }),
      ]),
    );
    const events = await collect(store.iterateEvents());
    const c9 = await store.findContactByEmail('late@acme.com');
    expect(events.map((e) => e.contactId)).toEqual([c9!.id, c9!.id]);
    expect(events.every((e) => e.accountId === c9!.accountId && e.accountId !== null)).toBe(true);
  });

  it('commits the cursor with its batch, streams pages, and filters events by a point-in-time cutoff', async () => {
    const many = Array.from({ length: 2500 }, (_, i) =>
      event('app', `e${i}`, {
        contactEmail: `u${i % 10}@acme.com`,
        occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      }),
    );
    await store.applyBatch(batch('app.events', many, { offset: 2500 }));
    expect(await store.getCursor('app.events')).toEqual({ offset: 2500 });
    const pages: number[] = [];
    for await (const page of store.iterateEvents({ batchSize: 1000 })) pages.push(page.length);
    expect(pages).toEqual([1000, 1000, 500]);
    const early = await collect(store.iterateEvents({ before: '2026-01-01T01:00:00.000Z' }));
    expect(early).toHaveLength(60);
  });

  it("fetches events per entity page: a contact gets its own, an account also its contacts'", async () => {
    const acme = { system: 'crm', objectType: 'accounts', externalId: 'A1' };
    await store.applyBatch(
      batch('all', [
        account('crm', 'A1', { domain: 'acme.com' }),
        account('crm', 'A2', { domain: 'beta.io' }),
        contact('crm', 'C1', { email: 'a@acme.com', account: acme }),
        contact('crm', 'C2', { email: 'b@acme.com', account: acme }),
        event('crm', 'e1', {
          contact: { system: 'crm', objectType: 'contacts', externalId: 'C1' },
          occurredAt: '2026-01-02T00:00:00Z',
        }),
        event('crm', 'e2', { contactEmail: 'b@acme.com', occurredAt: '2026-01-01T00:00:00Z' }),
        event('crm', 'e3', { account: acme, type: 'support_ticket', occurredAt: '2026-01-03T00:00:00Z' }),
        event('crm', 'e4', { contactEmail: 'a@acme.com', occurredAt: '2026-03-01T00:00:00Z' }),
        event('crm', 'e5', { contactEmail: 'b@acme.com', account: acme, occurredAt: '2026-04-01T00:00:00Z' }),
      ]),
    );
    const c1 = await store.findContactByEmail('a@acme.com');
    const [forC1] = await store.eventsFor('contact', [c1!.id], { before: '2026-02-01T00:00:00Z' });
    expect(forC1!.events.map((e) => e.source.externalId)).toEqual(['e1']);
    const accountId = c1!.accountId!;
    const a2 = (await collect(store.iterateAccounts())).find((a) => a.domain === 'beta.io')!;
    const pages = await store.eventsFor('account', [accountId, a2.id]);
    expect(pages[0]!.events.map((e) => e.source.externalId)).toEqual(['e2', 'e1', 'e3', 'e4', 'e5']);
    const c2 = await store.findContactByEmail('b@acme.com');
    // An event naming both the account and the person keeps the person.
    expect(pages[0]!.events.map((e) => e.contactId)).toEqual([c2!.id, c1!.id, null, c1!.id, c2!.id]);
    expect(pages[1]).toEqual({ entityId: a2.id, events: [] });
  });

  it('keeps the current score per model and the full history', async () => {
    const base = {
      entityType: 'contact' as const,
      entityId: 'c_1',
      model: 'lead',
      kind: 'lead' as const,
      modelVersion: 'v1',
      tier: 'low' as const,
      reasons: [],
    };
    await store.saveScores([
      { ...base, probability: 0.2, value: 20, computedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    await store.saveScores([
      { ...base, probability: 0.8, value: 80, tier: 'high', computedAt: '2026-01-02T00:00:00.000Z' },
    ]);
    const current = await store.currentScores('contact', 'c_1');
    expect(current.map((s) => s.value)).toEqual([80]);
    expect((await store.scoreHistory('contact', 'c_1', 'lead')).map((s) => s.value)).toEqual([20, 80]);
    await store.saveScores([
      { ...base, entityId: 'c_2', probability: 0.1, value: 10, computedAt: '2026-01-02T00:00:00.000Z' },
    ]);
    const pages: string[][] = [];
    for await (const page of store.iterateCurrentScores('lead', { batchSize: 1 }))
      pages.push(page.map((s) => s.entityId));
    expect(pages).toEqual([['c_1'], ['c_2']]);
    expect(await store.scoreDistribution()).toEqual([
      {
        model: 'lead',
        entityType: 'contact',
        tier: 'low',
        count: 1,
        averageValue: 10,
        averageProbability: 0.1,
      },
      {
        model: 'lead',
        entityType: 'contact',
        tier: 'high',
        count: 1,
        averageValue: 80,
        averageProbability: 0.8,
      },
    ]);
  });
});

describe('the SQLite store file', () => {
  const clock = new FixedClock('2026-02-01T00:00:00Z');

  it('reopens an existing file without re-running migrations and rejects a newer schema', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-store-')), 'store.db');
    let store = await openSqliteStore({ path, clock });
    await store.applyBatch(batch('x', [contact('crm', '1', { email: 'a@acme.com' })]));
    await store.close();
    store = await openSqliteStore({ path, clock });
    expect((await store.counts()).contacts).toBe(1);
    store.database.exec(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')",
    );
    await store.close();
    await expect(openSqliteStore({ path, clock })).rejects.toThrow(/newer scorebridge/);
  });
});
