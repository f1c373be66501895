import { afterEach, describe, expect, it } from 'vitest';
import { checkHubspot } from '../../../../connectors/hubspot/check/check-hubspot.ts';
import { hubspotNeeds } from '../../../../connectors/hubspot/check/needs.ts';
import { type Harness, OAUTH_APP, OAUTH_CONFIG as oauth, startHarness } from './harness.ts';

describe('scorebridge check with a HubSpot OAuth app', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  const start = async (scopes: (all: readonly string[]) => readonly string[]) => {
    const probe = await startHarness();
    const all = hubspotNeeds('hubspot', probe.config(oauth), []).scopes.map((need) => need.scope);
    await probe.close();
    harness = await startHarness({
      oauthApps: [
        {
          clientId: OAUTH_APP.clientId,
          clientSecret: OAUTH_APP.clientSecret,
          refreshTokens: [OAUTH_APP.refreshToken],
          scopes: scopes(all),
        },
      ],
    });
  };

  it('exchanges the refresh token, reads the installed app’s scopes and passes', async () => {
    await start((all) => ['oauth', ...all]);
    const items = await checkHubspot('hubspot', harness.config(oauth), [], harness.clock);
    expect(items.filter((item) => item.status === 'fail')).toEqual([]);
    expect(items[0]).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^OAuth app 1 installed/) });
    expect(items.some((item) => item.what === 'scopes' && item.status === 'ok')).toBe(true);
    expect(harness.emulator.oauth.refreshes).toBe(1);
  });

  it('names a scope the app was not installed with, and says to reinstall it', async () => {
    await start((all) => all.filter((scope) => scope !== 'crm.objects.companies.read'));
    const items = await checkHubspot('hubspot', harness.config(oauth), [], harness.clock);
    const missing = items.find((item) => item.what === 'scope crm.objects.companies.read');
    expect(missing).toMatchObject({ status: 'fail', fix: expect.stringMatching(/reinstall it/) });
  });

  it('a revoked refresh token is the only finding, naming the variable and not the secret', async () => {
    await start((all) => all);
    harness.emulator.oauth.revoke(OAUTH_APP.refreshToken);
    const items = await checkHubspot('hubspot', harness.config(oauth), [], harness.clock);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('HUBSPOT_REFRESH_TOKEN') });
    expect(JSON.stringify(items)).not.toContain(OAUTH_APP.refreshToken);
    expect(JSON.stringify(items)).not.toContain(OAUTH_APP.clientSecret);
  });
});
