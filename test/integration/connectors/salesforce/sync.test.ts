import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoSeedSummary, seedSalesforceFromDemo } from '../../../../emulators/salesforce/index.ts';
import { type Harness, harness } from './emulated-org.ts';

const demoFields = {
  streams: {
    contacts: {
      fields: { role: 'Buying_Role__c', timezone: 'Time_Zone__c', lifecycleStage: 'Lifecycle_Stage__c' },
    },
    leads: {
      fields: { role: 'Buying_Role__c', timezone: 'Time_Zone__c', lifecycleStage: 'Lifecycle_Stage__c' },
    },
    accounts: { fields: { plan: 'Plan__c', mrr: 'MRR__c', churnedAt: 'Churned_At__c' } },
  },
};

describe('Salesforce source through jsforce against the emulator', () => {
  let h: Harness;
  let seeded: DemoSeedSummary;

  beforeEach(async () => {
    h = await harness();
    seeded = seedSalesforceFromDemo(h.emulator.state, { contacts: 120, seed: 11 });
  });
  afterEach(async () => {
    await h.close();
  });

  it('full sync stores every account, person, deal and activity of the demo org', async () => {
    const results = await h.sync(h.connector(demoFields));
    expect(results.map((r) => [r.stream, r.status, r.error ?? ''])).toEqual([
      ['salesforce.accounts', 'succeeded', ''],
      ['salesforce.contacts', 'succeeded', ''],
      ['salesforce.leads', 'succeeded', ''],
      ['salesforce.opportunities', 'succeeded', ''],
      ['salesforce.tasks', 'succeeded', ''],
      ['salesforce.events', 'succeeded', ''],
    ]);
    const inserted = Object.fromEntries(results.map((r) => [r.stream.split('.')[1], r.inserted]));
    expect(inserted).toEqual({
      accounts: seeded.counts.Account,
      contacts: seeded.counts.Contact,
      leads: seeded.counts.Lead,
      opportunities: seeded.counts.Opportunity,
      tasks: seeded.counts.Task,
      events: seeded.counts.Event,
    });
    const counts = await h.store.counts();
    expect(counts.accounts).toBe(seeded.counts.Account);
    expect(counts.contacts).toBe(seeded.counts.Contact + seeded.counts.Lead);
    expect(counts.deals).toBe(seeded.counts.Opportunity);
    expect(counts.events).toBe(seeded.counts.Task + seeded.counts.Event);
  });

  it('maps fields, custom fields and references onto canonical records', async () => {
    await h.sync(h.connector(demoFields));
    const state = h.emulator.state;
    const row = [...state.requireTable('Contact').rows()][0]!;
    const contact = await h.store.findContactBySource({
      system: 'salesforce',
      objectType: 'Contact',
      externalId: row.Id as string,
    });
    expect(contact).toMatchObject({
      email: row.Email,
      firstName: row.FirstName,
      lastName: row.LastName,
      role: row.Buying_Role__c,
      timezone: row.Time_Zone__c,
      lifecycleStage: row.Lifecycle_Stage__c,
      emailOptIn: row.HasOptedOutOfEmail !== true,
    });
    const accountRow = state.requireTable('Account').get(row.AccountId as string)!;
    const account = await h.store.getAccount(contact!.accountId!);
    expect(account).toMatchObject({
      name: accountRow.Name,
      domain: String(accountRow.Website).replace('https://www.', ''),
      plan: accountRow.Plan__c,
    });
    const lead = [...state.requireTable('Lead').rows()][0]!;
    const leadContact = await h.store.findContactBySource({
      system: 'salesforce',
      objectType: 'Lead',
      externalId: lead.Id as string,
    });
    expect(leadContact?.properties.Company).toBe(lead.Company);
  });

  it('incremental sync reads only what changed since the checkpoint', async () => {
    const connector = h.connector(demoFields);
    await h.sync(connector);
    const state = h.emulator.state;
    h.clock.advance(60_000);
    const ids = [...state.requireTable('Contact').rows()].slice(0, 3).map((row) => row.Id as string);
    for (const id of ids) state.touch('Contact', id, { Title: 'Chief Revenue Officer' });
    state.load('Contact', [{ LastName: 'Newcomer', Email: 'new.person@example.org' }]);
    h.emulator.stats.reset();

    const results = await h.sync(connector);
    const contacts = results.find((r) => r.stream === 'salesforce.contacts')!;
    expect([contacts.inserted, contacts.updated, contacts.unchanged]).toEqual([1, 3, 0]);
    expect(
      results.filter((r) => r.stream !== 'salesforce.contacts').every((r) => r.inserted + r.updated === 0),
    ).toBe(true);
    expect(h.emulator.stats.recordsQueried).toBe(4);
    const changed = await h.store.findContactBySource({
      system: 'salesforce',
      objectType: 'Contact',
      externalId: ids[0]!,
    });
    expect(changed?.title).toBe('Chief Revenue Officer');
  });
});
