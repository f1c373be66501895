import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedHubspotFromDemo } from '../../../../emulators/hubspot/index.ts';
import {
  expectedEvents,
  type Harness,
  openStore,
  startHarness,
  storedEvents,
  storedRecords,
  sync,
} from './harness.ts';

describe('HubSpot source: full and incremental sync into the SQLite store', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 40, seed: 7 });
  });
  afterEach(() => harness.close());

  it('lists every record on the first sync and maps contacts, companies, deals and engagements', async () => {
    const store = await openStore(harness.clock);
    const source = harness.source();
    const results = await sync(store, source, harness.clock);
    expect(results.map((r) => [r.stream, r.status, r.error])).toEqual([
      ['hubspot.companies', 'succeeded', undefined],
      ['hubspot.contacts', 'succeeded', undefined],
      ['hubspot.deals', 'succeeded', undefined],
      ['hubspot.engagements', 'succeeded', undefined],
    ]);
    const { state } = harness.emulator;
    const counts = await store.counts();
    expect(counts.contacts).toBe(state.tables.contacts.size);
    expect(counts.accounts).toBe(state.tables.companies.size);
    expect(counts.deals).toBe(state.tables.deals.size);
    expect(storedEvents(store)).toEqual(expectedEvents(harness.emulator));
    // A full sync uses the list endpoint, never search.
    expect(harness.emulator.stats.count({ endpoint: '/search' })).toBe(0);

    const [first] = state.tables.contacts.scanFrom(0, false);
    const contact = await store.findContactBySource({
      system: 'hubspot',
      objectType: 'contacts',
      externalId: String(first!.id),
    });
    expect(contact?.email).toBe(first!.properties.email);
    expect(contact?.timezone).toMatch(/^[A-Z][a-z]+\/[A-Za-z_]+/);
    const company = await store.getAccount(contact!.accountId!);
    expect(company?.sources[0]?.externalId).toBe(first!.properties.associatedcompanyid);
    expect(company?.status).toMatch(/prospect|trial|active|churned/);
  });

  it('picks up only what changed in the next window, deletions included', async () => {
    const store = await openStore(harness.clock);
    const source = harness.source();
    await sync(store, source, harness.clock);
    const { state, stats } = harness.emulator;
    harness.clock.advance(3_600_000);
    const [a, b, c] = [...state.tables.contacts.scanFrom(0, false)];
    state.update('contacts', a!.id, { jobtitle: 'Head of Renewals' });
    const created = state.create('contacts', { email: 'new.person@example.org', firstname: 'New' });
    state.archive('contacts', b!.id);
    const [meeting] = state.tables.meetings.scanFrom(0, false);
    state.archive('meetings', meeting!.id);
    state.update('contacts', c!.id, { lastname: 'Changed' });
    stats.reset();
    harness.clock.advance(60_000);

    const results = await sync(store, source, harness.clock);
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    const contacts = results.find((r) => r.stream === 'hubspot.contacts')!;
    expect(contacts.inserted).toBe(1);
    expect(contacts.updated).toBe(3);
    const records = storedRecords(store, 'contact');
    expect(records.get(String(b!.id))?.deleted).toBe(true);
    expect(records.get(String(created.id))?.deleted).toBe(false);
    expect(
      (
        await store.findContactBySource({
          system: 'hubspot',
          objectType: 'contacts',
          externalId: String(a!.id),
        })
      )?.title,
    ).toBe('Head of Renewals');
    expect(storedEvents(store).get(`meetings/${meeting!.id}`)).toBe(true);
    // Incremental reads search the window; lists are only the recycle-bin sweep (one page per type here).
    expect(stats.count({ endpoint: 'POST /crm/v3/objects/contacts/search' })).toBe(1);
    expect(stats.count({ endpoint: 'GET /crm/v3/objects/contacts' })).toBe(1);
  });

  it('re-reads the end of the last window, catching records search had not indexed yet', async () => {
    await harness.close();
    harness = await startHarness({ search: { indexLagMs: 30_000 } });
    const { state } = harness.emulator;
    const ids = [1, 2, 3].map((n) => state.create('contacts', { email: `lag${n}@example.org` }).id);
    const store = await openStore(harness.clock);
    const source = harness.source({ streams: ['contacts'], lookbackMinutes: 10 });
    await sync(store, source, harness.clock);
    harness.clock.advance(3_600_000);
    state.update('contacts', ids[1]!, { jobtitle: 'Indexed late' });
    harness.clock.advance(5_000);
    const title = async () =>
      (
        await store.findContactBySource({
          system: 'hubspot',
          objectType: 'contacts',
          externalId: String(ids[1]),
        })
      )?.title;

    await sync(store, source, harness.clock);
    expect(await title()).toBeNull();
    harness.clock.advance(60_000);
    await sync(store, source, harness.clock);
    expect(await title()).toBe('Indexed late');
  });
});
