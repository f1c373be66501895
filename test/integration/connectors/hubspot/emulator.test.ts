import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  seedHubspotFromDemo,
  startHubspotEmulator,
} from '../../../../emulators/hubspot/index.ts';
import { VirtualClock } from './harness.ts';

/** The emulator as the official client sees it: shapes, limits and errors HubSpot documents. */
describe('HubSpot emulator through @hubspot/api-client', () => {
  let emulator: HubspotEmulator;
  let client: Client;
  const clock = new VirtualClock();
  beforeAll(async () => {
    emulator = await startHubspotEmulator({ clock, rateLimit: { perTenSeconds: 1000, searchPerSecond: 3 } });
    seedHubspotFromDemo(emulator, { contacts: 120, seed: 1 });
    client = new Client({
      accessToken: DEFAULT_EMULATOR_TOKEN,
      basePath: emulator.url,
      numberOfApiCallRetries: 0,
    });
  });
  afterAll(() => emulator.close());

  it('pages lists by opaque `after`, at most 100 per page, with rate-limit headers', async () => {
    const first = await client.crm.contacts.basicApi.getPageWithHttpInfo(500, undefined, [
      'email',
      'hs_timezone',
    ]);
    expect(first.data.results).toHaveLength(100);
    expect(first.data.paging?.next?.after).toMatch(/^\d+$/);
    expect(first.data.results[0]!.properties.hs_timezone).toMatch(/_slash_/);
    expect(first.headers['x-hubspot-ratelimit-max']).toBe('1000');
    expect(first.headers['x-hubspot-ratelimit-daily-remaining']).toMatch(/^\d+$/);
    const second = await client.crm.contacts.basicApi.getPage(100, first.data.paging!.next!.after, ['email']);
    expect(second.results).toHaveLength(20);
    expect(second.paging).toBeUndefined();
    expect(new Set([...first.data.results, ...second.results].map((c) => c.id)).size).toBe(120);
  });

  it('lists associations inline and through the v4 batch read', async () => {
    const emails = await client.crm.objects.basicApi.getPage(
      'emails',
      5,
      undefined,
      ['hs_timestamp'],
      undefined,
      ['contacts', 'companies'],
    );
    const email = emails.results[0]!;
    expect(email.associations?.contacts?.results[0]?.type).toBe('email_to_contact');
    const v4 = await client.crm.associations.v4.batchApi.getPage('emails', 'contacts', {
      inputs: [{ id: email.id }, { id: '1' }],
    });
    // v4 sends ids as JSON numbers although the SDK types them as strings.
    expect(String(v4.results[0]?.to[0]?.toObjectId)).toBe(email.associations?.contacts?.results[0]?.id);
    expect((v4 as { errors?: { category: string }[] }).errors?.[0]?.category).toBe('OBJECT_NOT_FOUND');
  });

  it('searches with filters, sorts and a total, limited to 200 per page and 5 groups', async () => {
    const nextSecond = () => clock.advance(2000);
    nextSecond();
    const [target] = emulator.state.tables.contacts.scanFrom(0, false);
    const byEmail = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'email',
              operator: 'IN' as never,
              values: [target!.properties.email!.toUpperCase()],
            },
          ],
        },
      ],
      properties: ['email'],
      limit: 10,
    });
    expect(byEmail.total).toBe(1);
    nextSecond();
    const sorted = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'hs_object_id',
              operator: 'BETWEEN' as never,
              value: String(target!.id),
              highValue: String(target!.id + 50),
            },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }] as never,
      limit: 200,
    });
    expect(Number(sorted.results[0]!.id)).toBeGreaterThan(Number(sorted.results[1]!.id));
    nextSecond();
    await expect(client.crm.contacts.searchApi.doSearch({ limit: 201 })).rejects.toMatchObject({ code: 400 });
    nextSecond();
    const groups = Array.from({ length: 6 }, () => ({
      filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' as never }],
    }));
    await expect(client.crm.contacts.searchApi.doSearch({ filterGroups: groups })).rejects.toMatchObject({
      code: 400,
    });
  });

  it('enforces the secondly search limit with the body the SDK recognises and no rate-limit headers', async () => {
    clock.advance(5000);
    const calls = await Promise.allSettled(
      Array.from({ length: 5 }, () => client.crm.contacts.searchApi.doSearchWithHttpInfo({ limit: 1 })),
    );
    const rejected = calls
      .filter((call) => call.status === 'rejected')
      .map((call) => (call as PromiseRejectedResult).reason);
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatchObject({
      code: 429,
      body: {
        policyName: 'SECONDLY',
        message: 'You have reached your secondly limit.',
        errorType: 'RATE_LIMIT',
      },
    });
    const ok = calls.find((call) => call.status === 'fulfilled') as PromiseFulfilledResult<{
      headers: Record<string, string>;
    }>;
    expect(ok.value.headers['x-hubspot-ratelimit-remaining']).toBeUndefined();
  });

  it('validates batch calls like HubSpot: 100 inputs, unique ids, known writable properties', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i), properties: {} }));
    await expect(client.crm.contacts.batchApi.update({ inputs })).rejects.toMatchObject({ code: 400 });
    const [a] = emulator.state.tables.contacts.scanFrom(0, false);
    await expect(
      client.crm.contacts.batchApi.update({
        inputs: [
          { id: String(a!.id), properties: {} },
          { id: String(a!.id), properties: {} },
        ],
      }),
    ).rejects.toMatchObject({ code: 400, body: { message: expect.stringMatching(/Duplicate IDs/) } });
    await expect(
      client.crm.contacts.batchApi.update({
        inputs: [{ id: String(a!.id), properties: { no_such_property: 'x' } }],
      }),
    ).rejects.toMatchObject({ code: 400, body: { message: expect.stringMatching(/PROPERTY_DOESNT_EXIST/) } });
    await expect(
      client.crm.contacts.batchApi.update({
        inputs: [{ id: String(a!.id), properties: { createdate: '1' } }],
      }),
    ).rejects.toMatchObject({
      code: 400,
      body: { message: expect.stringMatching(/READ_ONLY_VALUE/) },
    });
    const upsert = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: a!.properties.email!, idProperty: 'email', properties: { jobtitle: 'CTO' } },
        { id: 'brand.new@example.org', idProperty: 'email', properties: { firstname: 'Brand' } },
      ],
    });
    expect(upsert.results.map((result) => result._new).sort()).toEqual([false, true]);
    await expect(
      client.crm.objects.batchApi.create('tasks', {
        inputs: [{ properties: { hs_task_subject: 'no timestamp' }, associations: [] }],
      }),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('creates properties and groups, answering 409 for duplicates', async () => {
    await client.crm.properties.groupsApi.create('contacts', { name: 'scores', label: 'Scores' });
    await expect(
      client.crm.properties.groupsApi.create('contacts', { name: 'scores', label: 'Scores' }),
    ).rejects.toMatchObject({ code: 409 });
    const property = {
      name: 'lead_score',
      label: 'Lead score',
      type: 'number',
      fieldType: 'number',
      groupName: 'scores',
    };
    await client.crm.properties.coreApi.create('contacts', property as never);
    await expect(client.crm.properties.coreApi.create('contacts', property as never)).rejects.toMatchObject({
      code: 409,
    });
    await expect(
      client.crm.properties.coreApi.create('contacts', {
        ...property,
        name: 'tier',
        type: 'enumeration',
        fieldType: 'select',
      } as never),
    ).rejects.toMatchObject({ code: 400, body: { message: expect.stringMatching(/at least one option/) } });
    await expect(
      client.crm.properties.coreApi.create('contacts', {
        ...property,
        name: 'odd',
        type: 'number',
        fieldType: 'textarea',
      } as never),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('merges, archives and GDPR-deletes records; lists owners; rejects bad tokens', async () => {
    const [winner, loser, gone] = emulator.state.tables.contacts.scanFrom(0, false);
    const merged = await client.crm.contacts.basicApi.merge({
      primaryObjectId: String(winner!.id),
      objectIdToMerge: String(loser!.id),
    });
    expect(merged.id).toBe(String(winner!.id));
    const read = await client.crm.contacts.basicApi.getById(merged.id, ['hs_merged_object_ids']);
    expect(read.properties.hs_merged_object_ids).toBe(String(loser!.id));
    const archived = await client.crm.contacts.basicApi.getPage(
      100,
      undefined,
      ['email'],
      undefined,
      undefined,
      true,
    );
    expect(archived.results.map((c) => c.id)).toContain(String(loser!.id));
    await client.crm.contacts.basicApi.purge({ objectId: String(gone!.id) });
    expect(emulator.state.tables.contacts.get(gone!.id)).toBeUndefined();
    const owners = await client.crm.owners.ownersApi.getPage();
    expect(owners.results.length).toBeGreaterThan(0);
    expect(owners.results[0]!.email).toMatch(/@scorebridge-demo\.example$/);
    const stranger = new Client({
      accessToken: 'pat-na1-not-a-token',
      basePath: emulator.url,
      numberOfApiCallRetries: 0,
    });
    await expect(stranger.crm.contacts.basicApi.getPage(1)).rejects.toMatchObject({
      code: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });
  });
});
