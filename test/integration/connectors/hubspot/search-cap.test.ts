import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_SEARCH_INDEX_LAG_MS,
  SEARCH_RESULT_CAP,
} from '../../../../emulators/hubspot/index.ts';
import { type Harness, openStore, startHarness, storedRecords, sync } from './harness.ts';

const CONTACTS = SEARCH_RESULT_CAP + 321;

describe('HubSpot incremental sync past the 10,000-result search cap', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
    for (let i = 0; i < CONTACTS; i++)
      harness.emulator.state.create('contacts', { email: `person${i}@bulk.example`, firstname: `P${i}` });
    // Search finds records only once HubSpot's index has caught up with the writes.
    harness.clock.advance(DEFAULT_SEARCH_INDEX_LAG_MS);
  });
  afterAll(() => harness.close());

  it('HubSpot itself refuses to page a search past 10,000 results', async () => {
    const client = new Client({
      accessToken: DEFAULT_EMULATOR_TOKEN,
      basePath: harness.emulator.url,
      numberOfApiCallRetries: 0,
    });
    const request = { filterGroups: [], sorts: [], properties: ['email'], limit: 200 };
    await expect(
      client.crm.contacts.searchApi.doSearch({ ...request, after: '9800' }),
    ).resolves.toMatchObject({ total: CONTACTS });
    await expect(
      client.crm.contacts.searchApi.doSearch({ ...request, after: '10000' }),
    ).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR' },
    });
  });

  it('reads every contact when more than 10,000 share one lastmodifieddate', async () => {
    const store = await openStore(harness.clock);
    const source = harness.source({ streams: ['contacts'] });
    await sync(store, source, harness.clock);
    harness.clock.advance(86_400_000);
    const stamp = harness.clock.now().getTime();
    const { state, stats } = harness.emulator;
    const ids = [...state.tables.contacts.scanFrom(0, false)].map((contact) => contact.id);
    // A month-end workflow touches every contact at the same instant.
    expect(state.touch('contacts', ids, stamp)).toBe(CONTACTS);
    stats.reset();
    harness.clock.advance(DEFAULT_SEARCH_INDEX_LAG_MS + 1000);

    const [result] = await sync(store, source, harness.clock);
    // Every contact is read; the touch changed no synced property, so the store keeps each version
    // as it was (only the modification stamp moved, as after a write-back).
    expect(result).toMatchObject({ status: 'succeeded', unchanged: CONTACTS, updated: 0, inserted: 0 });
    const searches = stats.count({ endpoint: 'POST /crm/v3/objects/contacts/search', status: 200 });
    expect(searches).toBe(Math.ceil(CONTACTS / 200));
    expect(stats.count({ status: 400 })).toBe(0);
    const records = storedRecords(store, 'contact');
    expect(records.size).toBe(CONTACTS);
  });
});
