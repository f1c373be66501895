import { afterEach, describe, expect, it } from 'vitest';
import { seedHubspotFromDemo } from '../../../../emulators/hubspot/index.ts';
import {
  expectedEvents,
  type Harness,
  openStore,
  startHarness,
  storedEvents,
  storedRecords,
  sync,
} from './harness.ts';

describe('HubSpot connector under injected faults', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('retries random 5xx answers on their own budget and loses nothing', async () => {
    harness = await startHarness({ faults: { serverErrorRate: 0.15, serverErrorStatus: 502 }, seed: 4 });
    seedHubspotFromDemo(harness.emulator, { contacts: 30, seed: 4 });
    const store = await openStore(harness.clock);
    const source = harness.source();
    const results = await sync(store, source, harness.clock);
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    expect(storedEvents(store)).toEqual(expectedEvents(harness.emulator));
    const failures = harness.emulator.stats.count({ status: 502 });
    expect(failures).toBeGreaterThan(0);
    expect(source.api.metrics.transientFailures).toBe(failures);
    expect(source.api.metrics.rateLimited).toBe(0);
  });

  it('gives up after the transient budget, then a later run resumes', async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 30, seed: 4 });
    harness.emulator.faults.add({
      match: { method: 'GET', endpoint: 'GET /crm/v3/objects/contacts' },
      skip: 1,
      times: 5,
      action: { status: 503 },
    });
    const store = await openStore(harness.clock);
    const first = await sync(store, harness.source({ streams: ['contacts'] }), harness.clock);
    expect(first[0]).toMatchObject({ status: 'failed' });
    expect(first[0]!.error).toMatch(/HubSpot 503 on GET \/crm\/v3\/objects\/contacts/);
    const second = await sync(store, harness.source({ streams: ['contacts'] }), harness.clock);
    expect(second[0]).toMatchObject({ status: 'succeeded' });
    expect(storedRecords(store, 'contact').size).toBe(harness.emulator.state.tables.contacts.size);
  });

  it('times out a hung request and retries it', async () => {
    harness = await startHarness({ latencyMs: 4 });
    seedHubspotFromDemo(harness.emulator, { contacts: 10, seed: 2 });
    harness.emulator.faults.add({
      match: { endpoint: 'GET /crm/v3/objects/deals' },
      action: { hang: true, ms: 20_000 },
    });
    const store = await openStore(harness.clock);
    const source = harness.source({ streams: ['deals'], requestTimeoutMs: 1000 });
    const [result] = await sync(store, source, harness.clock);
    expect(result).toMatchObject({ status: 'succeeded' });
    expect(harness.emulator.stats.count({ endpoint: 'GET /crm/v3/objects/deals', status: 0 })).toBe(1);
    expect(source.api.metrics.transientFailures).toBe(1);
    expect((await store.counts()).deals).toBe(harness.emulator.state.tables.deals.size);
  });
});
