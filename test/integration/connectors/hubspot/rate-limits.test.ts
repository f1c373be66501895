import { afterEach, describe, expect, it } from 'vitest';
import { DailyQuotaError } from '../../../../connectors/hubspot/index.ts';
import { ConnectorError } from '../../../../core/connectors/destination.ts';
import {
  DEFAULT_EMULATOR_TOKEN,
  DEFAULT_SEARCH_INDEX_LAG_MS,
  type ObservedRequest,
  seedHubspotFromDemo,
} from '../../../../emulators/hubspot/index.ts';
import {
  expectedEvents,
  type Harness,
  openStore,
  startHarness,
  storedEvents,
  storedRecords,
  sync,
} from './harness.ts';

describe('HubSpot rate limits and auth', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('rides out a 429 storm, waiting exactly as long as Retry-After says', async () => {
    const seen: ObservedRequest[] = [];
    // The portal allows 10 requests per 10 s, but the connector was told it is on Professional (190).
    harness = await startHarness({
      rateLimit: { perTenSeconds: 10, retryAfter: 'always' },
      onRequest: (r) => seen.push(r),
    });
    seedHubspotFromDemo(harness.emulator, { contacts: 30, seed: 5 });
    const store = await openStore(harness.clock);
    const results = await sync(store, harness.source(), harness.clock);
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    expect(storedEvents(store)).toEqual(expectedEvents(harness.emulator));
    const rejected = seen.filter((r) => r.status === 429);
    expect(rejected.length).toBeGreaterThan(0);
    for (const rejection of rejected) {
      const retry = seen.slice(seen.indexOf(rejection) + 1).find((r) => r.key === rejection.key);
      expect(retry).toBeDefined();
      expect(retry!.at - rejection.at).toBeGreaterThanOrEqual(
        Number(rejection.headers['Retry-After']) * 1000,
      );
    }
    expect(rejected.every((r) => r.headers['X-HubSpot-RateLimit-Remaining'] === '0')).toBe(true);
  });

  it('backs off without Retry-After, including on the secondly search limit', async () => {
    harness = await startHarness({
      rateLimit: { perTenSeconds: 8, searchPerSecond: 2, retryAfter: 'never' },
    });
    seedHubspotFromDemo(harness.emulator, { contacts: 20, seed: 6 });
    const store = await openStore(harness.clock);
    const source = harness.source({ limits: { searchPerSecond: 20 } });
    await sync(store, source, harness.clock);
    harness.clock.advance(60_000);
    for (const contact of harness.emulator.state.tables.contacts.scanFrom(0, false)) {
      harness.emulator.state.update('contacts', contact.id, { jobtitle: 'Renamed' });
    }
    // Search finds the renamed contacts once HubSpot's index has caught up with the writes.
    harness.clock.advance(DEFAULT_SEARCH_INDEX_LAG_MS);
    const results = await sync(store, source, harness.clock);
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
    expect(harness.emulator.stats.count({ status: 429, endpoint: '/search' })).toBeGreaterThan(0);
    expect(harness.emulator.stats.count({ status: 429, endpoint: 'GET ' })).toBeGreaterThan(0);
    expect(
      [...storedRecords(store, 'contact').values()].every((record) => record.payload.title === 'Renamed'),
    ).toBe(true);
    expect(source.api.metrics.rateLimited).toBe(harness.emulator.stats.count({ status: 429 }));
  });

  it('an expired token fails fast with a clear auth error and no retries', async () => {
    harness = await startHarness();
    harness.emulator.tokens.expire(DEFAULT_EMULATOR_TOKEN, harness.clock.now().getTime() - 5000);
    const source = harness.source();
    const failure = await source.api
      .listPage('contacts', { after: null, properties: [], associations: [], archived: false })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ kind: 'auth', status: 401 });
    expect((failure as Error).message).toMatch(
      /expired 5 second\(s\) ago.*EXPIRED_AUTHENTICATION.*\$\{HUBSPOT_TOKEN\}/,
    );
    const results = await sync(await openStore(harness.clock), source, harness.clock);
    expect(
      results.every((r) => r.status === 'failed' && /access token is invalid or expired/.test(r.error ?? '')),
    ).toBe(true);
    expect(harness.emulator.stats.count({ status: 401 })).toBe(1 + results.length);
  });

  it('stops at the daily quota reserve before HubSpot cuts the account off', async () => {
    harness = await startHarness({ rateLimit: { daily: 20 } });
    seedHubspotFromDemo(harness.emulator, { contacts: 40, seed: 8 });
    const source = harness.source({ limits: { dailyReserve: 0.25 } });
    const results = await sync(await openStore(harness.clock), source, harness.clock);
    const engagements = results.find((r) => r.stream === 'hubspot.engagements')!;
    expect(engagements.status).toBe('failed');
    expect(engagements.error).toMatch(/daily API quota reserve reached/);
    // The reserve (5 of 20) is left for other integrations: HubSpot never had to say DAILY.
    expect(harness.emulator.stats.count({ status: 429 })).toBe(0);
    expect(harness.emulator.stats.count()).toBeLessThanOrEqual(15);
    const error = await source.api
      .listPage('emails', { after: null, properties: [], associations: [], archived: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailyQuotaError);
    expect((error as DailyQuotaError).retryAfterMs).toBeGreaterThan(0);
  });
});
