import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../app/server/metrics.ts';
import { productRouters } from '../../../app/server/product-routers.ts';
import { call, type ServerFixture, serverFixture, startServer } from './server-fixture.ts';
import { logoutToken, signIn } from './sign-in.ts';

/** The server as `scorebridge serve` builds it: API core plus webhooks, unsubscribe and dashboard. */
describe('scorebridge serve: the composed server', () => {
  let fixture: ServerFixture;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    fixture = await serverFixture();
    const metrics = createMetrics({ defaultMetrics: false });
    server = await startServer(fixture, {
      extra: { metrics, routers: productRouters(fixture.deps, metrics) },
    });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('keeps the dashboard behind a read key and lets a browser in through the sign-in form', async () => {
    expect((await call(server.url, '/dashboard/')).status).toBe(401);
    const browser = await fetch(`${server.url}/dashboard/accounts?q=a`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/login?next=%2Fdashboard%2Faccounts%3Fq%3Da');
    expect((await call(server.url, '/dashboard/', { key: fixture.keys.read })).status).toBe(200);
    const signedIn = await signIn(server.url, fixture.keys.read, { next: '/dashboard/models' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/dashboard/models');
    const page = await fetch(`${server.url}/dashboard/models`, { headers: { cookie: signedIn.session! } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<svg');
    // Signed in through a session: the page offers sign-out with its CSRF token.
    expect(logoutToken(html)).toMatch(/^[\w-]{20,}$/);
  });

  it('answers webhooks and unsubscribes without an API key, checking their own signatures and tokens', async () => {
    const hook = await call(server.url, '/hooks/hubspot', {
      rawBody: '[]',
      headers: { 'content-type': 'application/json' },
    });
    // No webhooks.hubspot in this config: refused, never passed on unsigned.
    expect(hook.status).toBe(403);
    const unsubscribe = await fetch(`${server.url}/v1/unsubscribe?token=not-a-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(400);
    // The API itself still requires a key, and its JSON parsing is unaffected by the raw-body routers.
    expect((await call(server.url, '/v1/models')).status).toBe(401);
    const scored = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { entity: { type: 'nope', id: 'x' } },
    });
    expect(scored.status).toBe(400);
    expect(JSON.stringify(scored.body)).toContain('entity.type');
  });

  it('publishes the webhook and unsubscribe routes in the OpenAPI document and counts webhooks in /metrics', async () => {
    const openapi = await call(server.url, '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/v1/score', '/hooks/hubspot', '/hooks/salesforce', '/v1/unsubscribe']),
    );
    const metrics = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${fixture.keys.admin}` },
    });
    expect(await metrics.text()).toContain('scorebridge_webhooks_received_total');
  });
});
