import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllAssociations } from '../../../../connectors/hubspot/source/associations.ts';
import { readObjectPages } from '../../../../connectors/hubspot/source/object-reader.ts';
import { DEFAULT_EMULATOR_TOKEN } from '../../../../emulators/hubspot/index.ts';
import { type Harness, startHarness } from './harness.ts';

const MANY = 1200;

/** Companies with their contact and deal ids, read the way the source reads a stream. */
async function readCompanies(harness: Harness, windowStart: string | null) {
  const api = harness.source({ streams: ['companies'] }).api;
  const spec = {
    objectType: 'companies',
    lastModifiedProperty: 'hs_lastmodifieddate',
    properties: ['name'],
    associations: ['contacts', 'deals'],
  };
  const start = {
    phase: windowStart === null ? ('full' as const) : ('incremental' as const),
    windowStart,
    windowEnd: harness.clock.now().toISOString(),
    after: null,
    lastId: null,
  };
  const companies = new Map<string, Record<string, readonly string[]>>();
  for await (const page of readObjectPages(api, spec, start))
    for (const company of page.objects) companies.set(company.id, company.associations);
  return companies;
}

describe('HubSpot association paging (default page sizes: 100 inline, 500 per v4 batch read)', () => {
  let harness: Harness;
  let big: string;
  let small: string;
  beforeAll(async () => {
    harness = await startHarness({ rateLimit: false });
    const { state } = harness.emulator;
    big = String(state.create('companies', { name: 'Globex' }).id);
    small = String(state.create('companies', { name: 'Initech' }).id);
    for (let i = 0; i < MANY; i++) {
      const contact = state.create('contacts', { email: `p${i}@globex.example` });
      const deal = state.create('deals', { dealname: `Deal ${i}`, amount: '100' });
      state.associate('companies', big, 'contacts', contact.id);
      state.associate('companies', big, 'deals', deal.id);
    }
    const lone = state.create('contacts', { email: 'only@initech.example' });
    state.associate('companies', small, 'contacts', lone.id);
    harness.clock.advance(60_000);
  });
  afterAll(() => harness.close());

  it('HubSpot pages each record: 100 inline on a list, 500 per v4 batch read with per-record after', async () => {
    const client = new Client({ accessToken: DEFAULT_EMULATOR_TOKEN, basePath: harness.emulator.url });
    const page = await client.crm.companies.basicApi.getPage(10, undefined, ['name'], undefined, [
      'contacts',
    ]);
    const globex = page.results.find((company) => company.id === big)!;
    expect(globex.associations?.contacts?.results).toHaveLength(100);
    expect(globex.associations?.contacts?.paging?.next?.after).toBeTruthy();
    const first = await client.crm.associations.v4.batchApi.getPage('companies', 'contacts', {
      inputs: [{ id: big }, { id: small }],
    });
    const byId = new Map(first.results.map((result) => [result._from.id, result]));
    expect(byId.get(big)?.to).toHaveLength(500);
    expect(byId.get(small)?.to).toHaveLength(1);
    expect(byId.get(small)?.paging).toBeUndefined();
    const after = byId.get(big)?.paging?.next?.after;
    const second = await client.crm.associations.v4.batchApi.getPage('companies', 'contacts', {
      inputs: [{ id: big, after: after! }],
    });
    expect(second.results[0]?.to).toHaveLength(500);
    expect(second.results[0]?.to[0]?.toObjectId).not.toBe(byId.get(big)?.to[0]?.toObjectId);
  });

  it('a full sync (list with associations=) brings all 1,200 contacts and 1,200 deals of one company', async () => {
    const { stats } = harness.emulator;
    stats.reset();
    const companies = await readCompanies(harness, null);
    const globex = companies.get(big)!;
    expect(new Set(globex.contacts).size).toBe(MANY);
    expect(new Set(globex.deals).size).toBe(MANY);
    expect(companies.get(small)?.contacts).toHaveLength(1);
    // One list page, then for the one overflowing record 3 batch reads per type (500 + 500 + 200).
    expect(stats.count({ endpoint: 'GET /crm/v3/objects/companies' })).toBe(1);
    expect(stats.count({ endpoint: 'POST /crm/v4/associations/companies/contacts/batch/read' })).toBe(3);
    expect(stats.count({ endpoint: 'POST /crm/v4/associations/companies/deals/batch/read' })).toBe(3);
  });

  it('an incremental sync (search, then v4 batch read) follows every page too', async () => {
    const { stats } = harness.emulator;
    stats.reset();
    const companies = await readCompanies(harness, new Date(0).toISOString());
    expect(new Set(companies.get(big)?.contacts).size).toBe(MANY);
    expect(new Set(companies.get(big)?.deals).size).toBe(MANY);
    expect(companies.get(small)?.contacts).toHaveLength(1);
    // Both companies in the first round, only Globex in the next two.
    expect(stats.count({ endpoint: 'POST /crm/v4/associations/companies/contacts/batch/read' })).toBe(3);
  });

  it('readAllAssociations returns every id once, from many records in one round', async () => {
    const api = harness.source({ streams: ['companies'] }).api;
    const byId = await readAllAssociations(api, 'companies', 'deals', [big, small, big]);
    expect(byId.get(big)).toHaveLength(MANY);
    expect(byId.has(small)).toBe(false);
  });
});
