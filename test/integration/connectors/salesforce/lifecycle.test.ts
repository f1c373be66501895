import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertLead, mergeRecords, seedSalesforceFromDemo } from '../../../../emulators/salesforce/index.ts';
import { type Harness, harness } from './emulated-org.ts';

const ref = (objectType: string, externalId: string) => ({ system: 'salesforce', objectType, externalId });

describe('Salesforce deletes, merges and conversions in the canonical store', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness();
    seedSalesforceFromDemo(h.emulator.state, { contacts: 80, seed: 5 });
  });
  afterEach(async () => {
    await h.close();
  });

  it('marks deleted records, merges merged ones and links converted leads', async () => {
    const connector = h.connector();
    await h.sync(connector);
    const state = h.emulator.state;
    h.clock.advance(3_600_000);

    const contacts = [...state.requireTable('Contact').rows()].filter((row) => row.IsDeleted !== true);
    const [deleted, master, loser] = [contacts[0]!, contacts[1]!, contacts[2]!];
    state.touch('Contact', deleted.Id as string, { IsDeleted: true });
    mergeRecords(state, 'Contact', master.Id as string, [loser.Id as string]);
    const lead = [...state.requireTable('Lead').rows()][0]!;
    const { contactId: convertedTo } = convertLead(state, lead.Id as string);
    const task = [...state.requireTable('Task').rows()].find((row) => row.WhoId !== loser.Id)!;
    state.touch('Task', task.Id as string, { IsDeleted: true });
    const opportunity = [...state.requireTable('Opportunity').rows()][0]!;
    state.touch('Opportunity', opportunity.Id as string, { IsDeleted: true });
    const before = await h.store.counts();

    const results = await h.sync(connector);
    expect(results.every((result) => result.status === 'succeeded')).toBe(true);

    const gone = await h.store.findContactBySource(ref('Contact', deleted.Id as string));
    expect(gone?.deletedAt).not.toBeNull();

    const winner = await h.store.findContactBySource(ref('Contact', master.Id as string));
    const merged = await h.store.findContactBySource(ref('Contact', loser.Id as string));
    expect(merged?.id).toBe(winner?.id);
    expect(winner?.sources.map((source) => source.externalId)).toEqual(
      expect.arrayContaining([master.Id as string, loser.Id as string]),
    );
    const merges = await h.store.merges('contact');
    expect(
      merges.some((merge) => merge.reason === 'source_merge' && merge.evidence.includes(loser.Id as string)),
    ).toBe(true);

    const leadEntity = await h.store.findContactBySource(ref('Lead', lead.Id as string));
    const contactEntity = await h.store.findContactBySource(ref('Contact', convertedTo));
    expect(leadEntity?.id).toBe(contactEntity?.id);

    const after = await h.store.counts();
    expect(after.events).toBe(before.events - 1);
    expect(after.deals).toBe(before.deals - 1);
    // One person deleted, one merged away; the converted lead and its new contact are one person.
    expect(after.contacts).toBe(before.contacts - 2);
  });
});
