import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreFieldSpecs } from '../../../../connectors/hubspot/destination/score-fields.ts';
import type { FieldWriteIntent } from '../../../../core/connectors/destination.ts';
import { type Harness, openStore, startHarness, storedRecords, sync } from './harness.ts';

const N = 150;

describe('HubSpot: the sync after a write-back', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    for (let index = 0; index < N; index++)
      harness.emulator.state.create('contacts', {
        email: `person${index}@example.org`,
        firstname: 'Person',
        lastname: `Number ${index}`,
      });
  });
  afterEach(() => harness.close());

  function intents(round: number): FieldWriteIntent[] {
    return [...harness.emulator.state.tables.contacts.scanFrom(0, false)].map((contact, index) => ({
      idempotencyKey: `lead:${contact.id}:${round}`,
      objectType: 'contacts',
      recordId: String(contact.id),
      fields: { scorebridge_lead_score_score: (index * 7 + round) % 100 },
    }));
  }

  it('reads every written record again (search cannot tell who changed it) but stores none of them again', async () => {
    const store = await openStore(harness.clock);
    const source = harness.source({ streams: ['contacts'] });
    await sync(store, source, harness.clock);
    const destination = harness.destination({ streams: ['contacts'] });
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('lead_score'));
    harness.clock.advance(15 * 60_000);
    const written = await destination.writeFields(intents(1));
    expect(written.every((result) => result.status === 'ok')).toBe(true);
    harness.clock.advance(15 * 60_000);
    harness.emulator.stats.reset();

    const [echo] = await sync(store, source, harness.clock);
    expect(echo).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: N });
    // The echo costs one search call per 200 written records.
    expect(harness.emulator.stats.count({ endpoint: '/search' })).toBe(Math.ceil(N / 200));

    // A person's edit before the next write-back arrives, and only that record is stored again.
    harness.clock.advance(60_000);
    const [first] = harness.emulator.state.tables.contacts.scanFrom(0, false);
    harness.emulator.state.update('contacts', first!.id, { jobtitle: 'Chief Revenue Officer' });
    harness.clock.advance(60_000);
    await destination.writeFields(intents(2));
    harness.clock.advance(15 * 60_000);
    const [next] = await sync(store, source, harness.clock);
    expect(next).toMatchObject({ status: 'succeeded', updated: 1, unchanged: N - 1 });
    expect(storedRecords(store, 'contact').get(String(first!.id))?.payload.title).toBe(
      'Chief Revenue Officer',
    );
    destination.close();
  });
});
