import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWriteBack } from '../../../../app/writeback/run-writeback.ts';
import { scoreFieldMapping } from '../../../../connectors/registry.ts';
import { silentLogger } from '../../../../core/logger.ts';
import type { Score } from '../../../../core/schema/index.ts';
import { seedSalesforceSynthetic } from '../../../../emulators/salesforce/index.ts';
import { AS_OF, connectorConfig, destination, type Harness, harness } from './emulated-org.ts';

const contactsOnly = {
  streams: {
    accounts: { enabled: false },
    leads: { enabled: false },
    opportunities: { enabled: false },
    tasks: { enabled: false },
    events: { enabled: false },
  },
};
const lead = { name: 'lead_score', kind: 'lead' as const, entity: 'contact' as const };
const N = 240;

describe('Salesforce write-back is not read back by the next sync', () => {
  let h: Harness;
  let ids: readonly string[];

  beforeEach(async () => {
    h = await harness();
    ids = seedSalesforceSynthetic(h.emulator.state, {
      accounts: 10,
      contacts: N,
      activities: 0,
      seed: 4,
      spanDays: 1,
      startMs: Date.parse(AS_OF) - 2 * 86_400_000,
    }).contactIds;
  });
  afterEach(async () => {
    await h.close();
  });

  /** Every contact in the store gets a lead score; then `scorebridge writeback` for Salesforce. */
  async function scoreAndWriteBack(value: (index: number) => number, overrides = {}) {
    const scores: Score[] = [];
    let index = 0;
    for await (const page of h.store.iterateContacts()) {
      for (const contact of page) {
        const v = value(index++);
        scores.push({
          entityType: 'contact',
          entityId: contact.id,
          model: 'lead_score',
          kind: 'lead',
          modelVersion: 'v1',
          probability: v / 100,
          value: v,
          tier: v > 70 ? 'high' : v > 40 ? 'medium' : 'low',
          reasons: [{ feature: 'visits', direction: 'up', points: 5, text: 'visited pricing 3 times' }],
          computedAt: h.clock.now().toISOString(),
        });
      }
    }
    await h.store.saveScores(scores);
    const config = connectorConfig(h.emulator, { ...contactsOnly, ...overrides });
    const [tally] = await runWriteBack({
      store: h.store,
      targets: [
        {
          name: 'salesforce',
          destination: destination(h.emulator, overrides),
          mapping: scoreFieldMapping(config)!,
        },
      ],
      models: [lead],
      tiers: ['low', 'medium', 'high'],
      clock: h.clock,
      logger: silentLogger(),
      sleep: async () => {},
    });
    return tally!;
  }

  it('after a write-back of every contact and no other change, the next sync reads and stores none of them', async () => {
    const connector = h.connector(contactsOnly);
    const [first] = await h.sync(connector);
    expect(first).toMatchObject({ status: 'succeeded', inserted: N });
    h.clock.advance(60_000);
    const tally = await scoreAndWriteBack((i) => (i * 37) % 100);
    expect(tally).toMatchObject({ written: N, failed: 0 });
    h.clock.advance(60_000);
    h.emulator.stats.reset();
    const [next] = await h.sync(connector);
    expect(next).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 0 });
    expect(await h.store.rereads.pending('salesforce', 'Contact')).toEqual([]);
  });

  it('a person editing a record before the write-back, after the last sync, is still read', async () => {
    const connector = h.connector(contactsOnly);
    await h.sync(connector);
    h.clock.advance(60_000);
    // Edited in Salesforce by a person, then covered by scorebridge's write: LastModifiedById is now the API user.
    h.emulator.state.touch('Contact', ids[7]!, { Title: 'VP Revenue' });
    h.clock.advance(60_000);
    expect(await scoreAndWriteBack((i) => (i * 11) % 100)).toMatchObject({ written: N, failed: 0 });
    expect(h.emulator.state.requireTable('Contact').get(ids[7]!)?.LastModifiedById).toBe(
      h.emulator.state.apiUserId,
    );
    expect(await h.store.rereads.pending('salesforce', 'Contact')).toEqual([ids[7]]);
    // A person edits another record after the write-back: an ordinary incremental change.
    h.clock.advance(60_000);
    h.emulator.state.touch('Contact', ids[9]!, { Title: 'Head of Data' });

    const [next] = await h.sync(connector);
    expect(next).toMatchObject({ status: 'succeeded', updated: 2, unchanged: 0 });
    const titles = h.store.database
      .prepare(
        "SELECT json_extract(payload, '$.title') AS title FROM source_records WHERE source_key IN (?, ?)",
      )
      .all(`ref:salesforce/Contact/${ids[7]}`, `ref:salesforce/Contact/${ids[9]}`)
      .map((row) => (row as { title: string }).title)
      .sort();
    expect(titles).toEqual(['Head of Data', 'VP Revenue']);
    expect(await h.store.rereads.pending('salesforce', 'Contact')).toEqual([]);
    // Nothing left over: the sync after that reads nothing.
    h.clock.advance(60_000);
    const [quiet] = await h.sync(connector);
    expect(quiet).toMatchObject({ inserted: 0, updated: 0, unchanged: 0 });
  });

  it('reads own writes too when a field it reads is calculated by Salesforce (a roll-up can change under them)', async () => {
    const contact = h.emulator.state.requireTable('Contact');
    const base = contact.anyField('Title')!;
    contact.addField(
      { ...base, name: 'Open_Deals__c', label: 'Open deals', custom: true, calculated: true },
      false,
    );
    const overrides = { streams: { ...contactsOnly.streams, contacts: { properties: ['Open_Deals__c'] } } };
    const connector = h.connector(overrides);
    await h.sync(connector);
    h.clock.advance(60_000);
    await scoreAndWriteBack((i) => (i * 37) % 100);
    h.clock.advance(60_000);
    const [next] = await h.sync(connector);
    expect(next).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: N });
  });

  it('with ignoreOwnWrites: false every written record is read again but stored as unchanged', async () => {
    const overrides = { ...contactsOnly, ignoreOwnWrites: false };
    const connector = h.connector(overrides);
    await h.sync(connector);
    h.clock.advance(60_000);
    await scoreAndWriteBack((i) => (i * 37) % 100, { ignoreOwnWrites: false });
    h.clock.advance(60_000);
    const [next] = await h.sync(connector);
    // Read back (one query page), but only the modification stamp moved: nothing re-ingested.
    expect(next).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: N });
  });
});
