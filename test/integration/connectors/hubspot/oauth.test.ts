import { afterEach, describe, expect, it } from 'vitest';
import { hubspotConnectorConfigSchema } from '../../../../connectors/hubspot/config.ts';
import { runInConfigContext } from '../../../../core/config/context.ts';
import { ConnectorError } from '../../../../core/connectors/destination.ts';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_SEARCH_INDEX_LAG_MS,
  seedHubspotFromDemo,
} from '../../../../emulators/hubspot/index.ts';
import {
  type Harness,
  OAUTH_APP,
  OAUTH_CONFIG as oauth,
  openStore,
  startHarness,
  storedRecords,
  sync,
} from './harness.ts';

describe('HubSpot OAuth apps (refresh tokens, 30-minute access tokens)', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('syncs across an access-token expiry, refreshing before it and never sending an expired token', async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 120, seed: 3, engagementRatio: 0 });
    const store = await openStore(harness.clock);
    const source = harness.source({ ...oauth, streams: ['contacts', 'companies'] });
    const first = await sync(store, source, harness.clock);
    expect(first.every((result) => result.status === 'succeeded')).toBe(true);
    expect(harness.emulator.oauth.refreshes).toBe(1);

    // Past the token's lifetime: the next sync refreshes first instead of meeting a 401.
    harness.clock.advance(ACCESS_TOKEN_LIFETIME_SECONDS * 1000 + 60_000);
    const { state } = harness.emulator;
    for (const contact of [...state.tables.contacts.scanFrom(0, false)].slice(0, 30))
      state.update('contacts', contact.id, { jobtitle: 'Head of Renewals' });
    harness.clock.advance(DEFAULT_SEARCH_INDEX_LAG_MS);
    const second = await sync(store, source, harness.clock);
    expect(second.every((result) => result.status === 'succeeded')).toBe(true);
    expect(harness.emulator.oauth.refreshes).toBe(2);
    expect(harness.emulator.stats.count({ status: 401 })).toBe(0);
    const titles = [...storedRecords(store, 'contact').values()].filter(
      (record) => record.payload.title === 'Head of Renewals',
    );
    expect(titles).toHaveLength(30);
  });

  it('refreshes once on a 401 and resends; concurrent callers share one refresh', async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 20, seed: 4, engagementRatio: 0 });
    const api = harness.source(oauth).api;
    const list = () =>
      api.listPage('contacts', { after: null, properties: ['email'], associations: [], archived: false });
    const pages = await Promise.all([list(), list(), list(), list(), list()]);
    expect(pages.map((page) => page.results.length)).toEqual([20, 20, 20, 20, 20]);
    expect(harness.emulator.oauth.refreshes).toBe(1);

    // HubSpot refuses the token before its expiry: one 401, one refresh, the request goes through.
    harness.emulator.oauth.expireAccessTokens(harness.clock.now().getTime());
    await expect(list()).resolves.toMatchObject({ results: expect.any(Array) });
    expect(harness.emulator.stats.count({ status: 401 })).toBe(1);
    expect(harness.emulator.oauth.refreshes).toBe(2);
  });

  it('a revoked refresh token stops the sync with a clear error that says what to do, without secrets', async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 10, seed: 5, engagementRatio: 0 });
    harness.emulator.oauth.revoke(OAUTH_APP.refreshToken);
    const source = harness.source(oauth);
    const failure = await source.api
      .listPage('contacts', { after: null, properties: [], associations: [], archived: false })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectorError);
    expect(failure).toMatchObject({ kind: 'auth', status: 400 });
    const message = (failure as Error).message;
    expect(message).toMatch(/BAD_REFRESH_TOKEN/);
    expect(message).toMatch(
      /refresh token in \$\{HUBSPOT_REFRESH_TOKEN\} was revoked or is invalid.*Install the app in the HubSpot account again/,
    );
    expect(message).not.toContain(OAUTH_APP.refreshToken);
    expect(message).not.toContain(OAUTH_APP.clientSecret);
    const results = await sync(await openStore(harness.clock), source, harness.clock);
    expect(results.every((r) => r.status === 'failed' && /BAD_REFRESH_TOKEN/.test(r.error ?? ''))).toBe(true);
    // Auth failures are not retried: one refused refresh per stream, no API calls at all.
    expect(harness.emulator.stats.count({ endpoint: 'GET /crm/v3/objects/contacts' })).toBe(0);
  });

  it('a wrong client secret names the variable to fix', async () => {
    harness = await startHarness({
      oauthApps: [
        { clientId: OAUTH_APP.clientId, clientSecret: 'rotated', refreshTokens: [OAUTH_APP.refreshToken] },
      ],
    });
    const failure = await harness
      .source(oauth)
      .api.listPage('contacts', { after: null, properties: [], associations: [], archived: false })
      .catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(
      /BAD_CLIENT_SECRET.*client secret in \$\{HUBSPOT_CLIENT_SECRET\}/,
    );
  });

  it('the config takes either a private-app token or an OAuth app, secrets only as env references', () => {
    const parse = (input: Record<string, unknown>) =>
      runInConfigContext({ env: { S: 'x', R: 'y', T: 'z' }, baseDir: process.cwd() }, () =>
        hubspotConnectorConfigSchema.safeParse({ type: 'hubspot', ...input }),
      );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: config secret references
    const app = { type: 'oauth', clientId: 'c', clientSecret: '${S}', refreshToken: '${R}' };
    expect(parse({ auth: app }).success).toBe(true);
    const neither = parse({});
    expect(neither.error?.issues[0]).toMatchObject({ path: ['accessToken'] });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: config secret references
    const both = parse({ accessToken: '${T}', auth: app });
    expect(both.error?.issues[0]?.message).toMatch(/either accessToken or auth, not both/);
    const literal = parse({ auth: { ...app, refreshToken: 'na1-refresh-literal' } });
    expect(literal.error?.issues[0]).toMatchObject({ path: ['auth', 'refreshToken'] });
  });
});
