import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../core/logger.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { runSync } from '../../../../core/sync/run-sync.ts';
import { mergeRecords, seedSalesforceFromDemo } from '../../../../emulators/salesforce/index.ts';
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
/** Small numbers so the test is fast: Bulk above 150 rows, windows of ~200 rows, result pages of 70. */
const bulkQuery = { threshold: 150, chunkSize: 200, pageRecords: 70, pollIntervalMs: 10 };

function snapshot(store: SqliteCanonicalStore) {
  return store.database
    .prepare(
      'SELECT source_key, fingerprint, deleted, merged_into_key FROM source_records ORDER BY source_key',
    )
    .all();
}

describe('Salesforce initial sync through Bulk API 2.0 query jobs', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness();
    seedSalesforceFromDemo(h.emulator.state, { contacts: 300, seed: 13 });
    // A deleted contact and a merge, so queryAll's deleted rows travel through the bulk path too.
    const contacts = [...h.emulator.state.requireTable('Contact').rows()];
    h.emulator.state.touch('Contact', String(contacts[5]!.Id), { IsDeleted: true });
    mergeRecords(h.emulator.state, 'Contact', String(contacts[1]!.Id), [String(contacts[2]!.Id)]);
  });
  afterEach(async () => {
    await h.close();
  });

  it('reads large streams with chunked jobs and paged results, stores what REST stores, then syncs incrementally', async () => {
    const source = h.connector({ ...demoFields, bulkQuery });
    const results = await h.sync(source);
    expect(results.every((result) => result.status === 'succeeded')).toBe(true);

    const state = h.emulator.state;
    const large = ['Contact', 'Task'].filter((name) => state.requireTable(name).size > bulkQuery.threshold);
    expect(large.length).toBeGreaterThan(0);
    const jobs = [...state.queryJobs.values()];
    expect(new Set(jobs.map((job) => job.object))).toEqual(
      new Set(
        ['Account', 'Contact', 'Lead', 'Opportunity', 'Task', 'Event'].filter(
          (name) => state.requireTable(name).size > bulkQuery.threshold,
        ),
      ),
    );
    for (const name of large) {
      const size = state.requireTable(name).size;
      const ofObject = jobs.filter((job) => job.object === name);
      // Chunked: one job per SystemModstamp window, none reading the whole object.
      expect(ofObject.length).toBe(Math.ceil(size / bulkQuery.chunkSize));
      expect(ofObject.reduce((sum, job) => sum + job.rows.length, 0)).toBe(size);
    }
    // Every job was polled until complete (never on the first poll) and its results followed
    // through several Sforce-Locator pages.
    expect(state.stats.count('bulkQuery.create')).toBe(jobs.length);
    expect(state.stats.count('bulkQuery.info')).toBe(2 * jobs.length);
    const pages = jobs.reduce((sum, job) => sum + Math.max(1, Math.ceil(job.rows.length / 70)), 0);
    expect(pages).toBeGreaterThan(jobs.length);
    expect(state.stats.count('bulkQuery.results')).toBe(pages);

    // API calls reported by the client: per stream a COUNT(), then the bulk jobs, then one REST query
    // that picks up anything changed while the jobs ran.
    const usage = source.client().usage();
    expect(usage.byOperation).toMatchObject({
      count: 6,
      'bulk query create': jobs.length,
      'bulk query poll': 2 * jobs.length,
      'bulk query results': pages,
      queryAll: 6,
    });
    expect(usage.byOperation.queryMore ?? 0).toBe(0);
    // The incremental pass asks the UserInfo endpoint who the API user is (to leave out own
    // writes); it sits outside /services/data, so the org does not count it as an API request.
    expect(usage.byOperation['identify the API user']).toBe(1);
    expect(usage.calls - 1).toBe(state.stats.apiCalls);

    // The same org synced through REST pages only gives the same stored records.
    const restStore = await openSqliteStore({ path: ':memory:', clock: h.clock });
    try {
      await runSync({
        store: restStore,
        connectors: [h.connector({ ...demoFields, bulkQuery: { threshold: 0 } }, 'salesforce')],
        clock: h.clock,
        logger: silentLogger(),
      });
      expect(snapshot(h.store)).toEqual(snapshot(restStore));
      expect(snapshot(h.store).filter((row) => (row as { deleted: number }).deleted === 1).length).toBe(2);
    } finally {
      await restStore.close();
    }

    // The cursor the bulk pass left is exact: the next sync is incremental REST and reads only changes.
    h.clock.advance(5_000);
    const contacts = [...state.requireTable('Contact').rows()].filter((row) => !row.IsDeleted);
    for (const row of contacts.slice(10, 13))
      state.touch('Contact', String(row.Id), { Title: 'Chief Buyer' });
    const jobsBefore = state.queryJobs.size;
    state.stats.reset();
    const again = await h.sync(h.connector({ ...demoFields, bulkQuery }));
    expect(state.queryJobs.size).toBe(jobsBefore);
    expect(state.stats.count('bulkQuery.create')).toBe(0);
    expect(again.find((result) => result.stream === 'salesforce.contacts')).toMatchObject({ updated: 3 });
    expect(again.reduce((sum, result) => sum + result.inserted + result.updated, 0)).toBe(3);
  });

  it('keeps REST pages below the threshold', async () => {
    const results = await h.sync(
      h.connector({ ...demoFields, bulkQuery: { ...bulkQuery, threshold: 100_000 } }),
    );
    expect(results.every((result) => result.status === 'succeeded')).toBe(true);
    expect(h.emulator.state.queryJobs.size).toBe(0);
    expect(h.emulator.stats.count('query') + h.emulator.stats.count('queryAll')).toBeGreaterThan(0);
  });
});
