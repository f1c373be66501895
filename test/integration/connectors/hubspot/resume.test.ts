import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  Cursor,
  SourceBatch,
  SourceConnector,
  SourceContext,
} from '../../../../core/connectors/source.ts';
import { DEFAULT_SEARCH_INDEX_LAG_MS, seedHubspotFromDemo } from '../../../../emulators/hubspot/index.ts';
import {
  expectedEvents,
  type Harness,
  openStore,
  startHarness,
  storedEvents,
  storedRecords,
  sync,
} from './harness.ts';

/** A source that dies (like a killed process) after handing over `pages` batches of one stream. */
function crashingAfter(source: SourceConnector, stream: string, pages: number): SourceConnector {
  return {
    name: source.name,
    streams: () => source.streams(),
    async *read(name: string, cursor: Cursor | null, context: SourceContext): AsyncGenerator<SourceBatch> {
      let handed = 0;
      for await (const batch of source.read(name, cursor, context)) {
        if (name === stream && handed === pages) throw new Error('process killed');
        handed++;
        yield batch;
      }
    },
  };
}

function liveAndArchivedIds(harness: Harness, type: 'contacts'): Set<string> {
  const ids = new Set<string>();
  for (const archived of [false, true])
    for (const object of harness.emulator.state.tables[type].scanFrom(0, archived))
      ids.add(String(object.id));
  return ids;
}

describe('HubSpot sync killed mid-way and resumed', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  it('an aborted first sync resumes from its last committed page without loss or duplicates', async () => {
    seedHubspotFromDemo(harness.emulator, { contacts: 40, seed: 11 });
    const store = await openStore(harness.clock);
    const abort = new AbortController();
    const first = await sync(store, harness.source(), harness.clock, {
      signal: abort.signal,
      onProgress: (progress) => {
        if (progress.stream === 'hubspot.engagements' && progress.records > 0) abort.abort();
      },
    });
    expect(first.find((r) => r.stream === 'hubspot.engagements')?.status).toBe('failed');
    const partial = storedEvents(store).size;
    const expected = expectedEvents(harness.emulator);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expected.size);

    // While the sync is down, HubSpot keeps changing.
    harness.clock.advance(60_000);
    const [email] = harness.emulator.state.tables.emails.scanFrom(0, false);
    harness.emulator.state.archive('emails', email!.id);
    harness.clock.advance(60_000);

    const resumed = await sync(store, harness.source(), harness.clock);
    expect(resumed.every((r) => r.status === 'succeeded')).toBe(true);
    const engagements = [first, resumed].map((run) => run.find((r) => r.stream === 'hubspot.engagements')!);
    // Every event inserted exactly once across both runs.
    expect(engagements[0]!.inserted + engagements[1]!.inserted).toBe(expected.size);
    // Whether or not that e-mail was read before the crash, the next window's recycle-bin sweep marks it deleted.
    await sync(store, harness.source(), harness.clock);
    expect(storedEvents(store)).toEqual(expectedEvents(harness.emulator));
  });

  it('a crash inside an incremental window resumes inside the same frozen window', async () => {
    const { state, stats } = harness.emulator;
    for (let i = 0; i < 650; i++)
      state.create('contacts', { email: `c${i}@resume.example`, lastname: `L${i}` });
    const store = await openStore(harness.clock);
    await sync(store, harness.source({ streams: ['contacts'] }), harness.clock);
    harness.clock.advance(3_600_000);
    const all = [...state.tables.contacts.scanFrom(0, false)];
    for (const contact of all) state.update('contacts', contact.id, { jobtitle: 'Updated' });
    harness.clock.advance(60_000);

    // Sweep page, then two search pages of 200, then the crash.
    const crashed = await sync(
      store,
      crashingAfter(harness.source({ streams: ['contacts'] }), 'contacts', 3),
      harness.clock,
    );
    expect(crashed[0]).toMatchObject({ status: 'failed', error: 'process killed', updated: 400 });

    harness.clock.advance(60_000);
    const late = all[all.length - 1]!;
    state.update('contacts', late.id, { jobtitle: 'Updated again' });
    const created = state.create('contacts', { email: 'late@resume.example' });
    stats.reset();

    const resumed = await sync(store, harness.source({ streams: ['contacts'] }), harness.clock);
    // The resumed window only reads what it had not read: 250 records, no sweep, no restart. The
    // late edit is not indexed yet, so search still shows that contact's earlier version, inside
    // the window; the new value arrives with the next window.
    expect(resumed[0]).toMatchObject({ status: 'succeeded', updated: 250 });
    expect(stats.count({ endpoint: 'GET /crm/v3/objects/contacts' })).toBe(0);
    // The late writes reach search once HubSpot's index has caught up with them.
    harness.clock.advance(DEFAULT_SEARCH_INDEX_LAG_MS);
    const next = await sync(store, harness.source({ streams: ['contacts'] }), harness.clock);
    expect(next[0]).toMatchObject({ status: 'succeeded', inserted: 1 });
    const records = storedRecords(store, 'contact');
    expect(new Set(records.keys())).toEqual(liveAndArchivedIds(harness, 'contacts'));
    expect(records.get(String(late.id))?.payload.title).toBe('Updated again');
    expect(records.get(String(created.id))).toBeDefined();
    const titles = all.map((contact) => records.get(String(contact.id))?.payload.title);
    expect(titles.every((title) => String(title).startsWith('Updated'))).toBe(true);
  });
});
