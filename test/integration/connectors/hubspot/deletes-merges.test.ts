import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_TOKEN, seedHubspotFromDemo } from '../../../../emulators/hubspot/index.ts';
import { type Harness, openStore, startHarness, storedRecords, sync } from './harness.ts';

const ref = (id: number) => ({ system: 'hubspot', objectType: 'contacts', externalId: String(id) });

describe('HubSpot deletions and merges in the canonical store', () => {
  let harness: Harness;
  let ids: number[];
  beforeEach(async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 30, seed: 3 });
    ids = [...harness.emulator.state.tables.contacts.scanFrom(0, false)].map((contact) => contact.id);
  });
  afterEach(() => harness.close());

  it('follows merges (through the official client) and chained merges between syncs', async () => {
    const store = await openStore(harness.clock);
    const source = harness.source({ streams: ['companies', 'contacts'] });
    await sync(store, source, harness.clock);
    const [a, b, c, d] = ids as [number, number, number, number];
    const client = new Client({
      accessToken: DEFAULT_EMULATOR_TOKEN,
      basePath: harness.emulator.url,
      numberOfApiCallRetries: 0,
    });

    harness.clock.advance(60_000);
    await client.crm.contacts.basicApi.merge({ primaryObjectId: String(a), objectIdToMerge: String(b) });
    harness.clock.advance(60_000);
    await sync(store, source, harness.clock);
    const winnerA = await store.findContactBySource(ref(a));
    expect((await store.findContactBySource(ref(b)))?.id).toBe(winnerA!.id);
    expect(storedRecords(store, 'contact').get(String(b))).toMatchObject({
      deleted: true,
      mergedInto: String(a),
    });

    // A is merged into D afterwards: HubSpot carries A's trail over, so B ends up in D too.
    harness.clock.advance(60_000);
    harness.emulator.state.merge('contacts', d, a);
    harness.emulator.state.archive('contacts', c);
    harness.clock.advance(60_000);
    await sync(store, source, harness.clock);
    const winnerD = await store.findContactBySource(ref(d));
    expect((await store.findContactBySource(ref(a)))?.id).toBe(winnerD!.id);
    expect((await store.findContactBySource(ref(b)))?.id).toBe(winnerD!.id);
    const records = storedRecords(store, 'contact');
    expect(records.get(String(a))).toMatchObject({ deleted: true, mergedInto: String(d) });
    expect(records.get(String(b))).toMatchObject({ deleted: true, mergedInto: String(d) });
    expect(records.get(String(c))).toMatchObject({ deleted: true, mergedInto: null });
    expect((await store.findContactBySource(ref(c)))?.deletedAt).not.toBeNull();
    const merges = await store.merges('contact');
    expect(merges.filter((merge) => merge.reason === 'source_merge').length).toBeGreaterThanOrEqual(2);
  });

  it('a first sync of a portal with past merges and deletions ends in the same place', async () => {
    const { state } = harness.emulator;
    const [a, b, c, d] = ids as [number, number, number, number];
    state.merge('contacts', a, b);
    state.merge('contacts', d, a);
    state.archive('contacts', c);
    const [company] = state.tables.companies.scanFrom(0, false);
    state.archive('companies', company!.id);
    harness.clock.advance(60_000);

    const store = await openStore(harness.clock);
    await sync(store, harness.source({ streams: ['companies', 'contacts'] }), harness.clock);
    const records = storedRecords(store, 'contact');
    expect(records.get(String(a))).toMatchObject({ deleted: true, mergedInto: String(d) });
    expect(records.get(String(b))).toMatchObject({ deleted: true, mergedInto: String(d) });
    expect(records.get(String(c))).toMatchObject({ deleted: true, mergedInto: null });
    expect(records.size).toBe(ids.length);
    expect((await store.findContactBySource(ref(b)))?.id).toBe((await store.findContactBySource(ref(d)))?.id);
    expect(storedRecords(store, 'account').get(String(company!.id))?.deleted).toBe(true);
    const counts = await store.counts();
    expect(counts.contacts).toBe(ids.length - 3);
  });
});
