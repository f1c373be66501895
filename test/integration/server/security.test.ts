import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../../app/server/create-server.ts';
import { ApiKeyStore } from '../../../app/server/security/api-keys.ts';
import type { ServerDeps } from '../../../app/server/server-deps.ts';
import { call, type ServerFixture, serverFixture, startServer } from './server-fixture.ts';
import { signIn } from './sign-in.ts';

let fixture: ServerFixture;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  fixture = await serverFixture();
  server = await startServer(fixture);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The same store and keys behind a second app with other server settings. */
async function withServerConfig<T>(
  settings: Partial<ServerDeps['loaded']['config']['server']>,
  work: (base: string) => Promise<T>,
): Promise<T> {
  const { loaded } = fixture.deps;
  const deps: ServerDeps = {
    ...fixture.deps,
    loaded: { ...loaded, config: { ...loaded.config, server: { ...loaded.config.server, ...settings } } },
  };
  const listening = createServer(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  try {
    return await work(`http://127.0.0.1:${(listening.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => listening.close(resolve));
  }
}

describe('API keys', () => {
  it('answers 401 without a key and with an unknown key, naming the Bearer scheme', async () => {
    const missing = await call(server.url, '/v1/models');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(missing.body).toEqual({ error: 'unauthorized', message: expect.stringContaining('Bearer') });
    const wrong = await call(server.url, '/v1/models', { key: `${fixture.keys.read.slice(0, -4)}AAAA` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toContain('not valid');
  });

  it('answers 403 naming the scope needed when the key has another scope; admin may do everything', async () => {
    const readOnScore = await call(server.url, '/v1/score', {
      key: fixture.keys.read,
      body: { entity: { type: 'contact', id: 'x' } },
    });
    expect(readOnScore.status).toBe(403);
    expect(readOnScore.body.message).toContain('scope "score"');
    const scoreOnModels = await call(server.url, '/v1/models', { key: fixture.keys.score });
    expect(scoreOnModels.status).toBe(403);
    expect(scoreOnModels.body.message).toContain('scope "read"');
    expect((await call(server.url, '/v1/models', { key: fixture.keys.admin })).status).toBe(200);
    expect((await call(server.url, '/v1/models', { key: fixture.keys.read })).status).toBe(200);
  });

  it('stores only a hash of each key and refuses a revoked key at once', async () => {
    const keys = new ApiKeyStore(fixture.demo.store.database, fixture.clock);
    const { key, info } = keys.create('temporary', 'read');
    const stored = JSON.stringify(fixture.demo.store.database.prepare('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(key);
    expect(stored).toContain(info.prefix);
    expect((await call(server.url, '/v1/models', { key })).status).toBe(200);
    expect(keys.revoke(info.id)).toBe(true);
    expect((await call(server.url, '/v1/models', { key })).status).toBe(401);
  });
});

describe('dashboard sign-in', () => {
  it('shows a form, refuses a key in the URL, and opens a session whose cookie is not the key', async () => {
    const form = await fetch(`${server.url}/login`, { redirect: 'manual' });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toMatch(/<form method="post" action="\/login"/);
    expect(html).toMatch(/type="password"[^>]*name="key"/);
    expect(form.headers.get('content-security-policy')).toContain("form-action 'self'");

    const inUrl = await fetch(`${server.url}/login?key=${encodeURIComponent(fixture.keys.read)}`, {
      redirect: 'manual',
    });
    expect(inUrl.status).toBe(400);
    expect(inUrl.headers.getSetCookie().some((c) => c.startsWith('sb_session='))).toBe(false);
    expect(await inUrl.text()).toContain('no longer accepted in the address');

    const signedIn = await signIn(server.url, fixture.keys.read, { next: '/dashboard/accounts?q=a' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/dashboard/accounts?q=a');
    const cookie = signedIn.setCookies.find((c) => c.startsWith('sb_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(fixture.keys.read);
    expect(cookie).not.toContain(encodeURIComponent(fixture.keys.read));
    const sessionId = signedIn.session!.slice('sb_session='.length);
    // The store keeps a hash of the session id and nothing of the key.
    const stored = JSON.stringify(
      fixture.demo.store.database.prepare('SELECT * FROM dashboard_sessions').all(),
    );
    expect(stored).not.toContain(sessionId);
    expect(stored).not.toContain(fixture.keys.read);
    const viaSession = await call(server.url, '/v1/models', { headers: { cookie: signedIn.session! } });
    expect(viaSession.status).toBe(200);
    // The raw key in a cookie, as older versions set it, opens nothing.
    const rawKey = await call(server.url, '/v1/models', {
      headers: { cookie: `sb_key=${fixture.keys.read}` },
    });
    expect(rawKey.status).toBe(401);
  });

  it('refuses a post without the CSRF token, from another origin, with a wrong key or without read scope', async () => {
    const noToken = await signIn(server.url, fixture.keys.read, { csrf: null });
    expect(noToken.status).toBe(403);
    expect(noToken.session).toBeNull();
    const wrongToken = await signIn(server.url, fixture.keys.read, { csrf: 'forged' });
    expect(wrongToken.status).toBe(403);
    const crossSite = await signIn(server.url, fixture.keys.read, {
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.session).toBeNull();
    const fetchMetadata = await signIn(server.url, fixture.keys.read, {
      headers: { 'sec-fetch-site': 'cross-site', origin: 'null' },
    });
    expect(fetchMetadata.status).toBe(403);
    // Chromium posts `Origin: null` under this server's Referrer-Policy: no-referrer; the token decides.
    const sameSiteNullOrigin = await signIn(server.url, fixture.keys.read, {
      headers: { 'sec-fetch-site': 'same-origin', origin: 'null' },
    });
    expect(sameSiteNullOrigin.status).toBe(303);
    expect(sameSiteNullOrigin.session).not.toBeNull();
    const wrong = await signIn(server.url, 'sb_live_nothing');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('not valid');
    const scoreOnly = await signIn(server.url, fixture.keys.score);
    expect(scoreOnly.status).toBe(403);
    expect(scoreOnly.body).toContain('read access');
    // Never back to another site after signing in.
    const offsite = await signIn(server.url, fixture.keys.read, { next: '//evil.example/x' });
    expect(offsite.location).toBe('/dashboard/');
  });

  it('sends a browser without a session to the sign-in page and gives API clients JSON 401', async () => {
    const browser = await fetch(`${server.url}/v1/models`, {
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/login?next=%2Fv1%2Fmodels');
    const api = await call(server.url, '/v1/models');
    expect(api.status).toBe(401);
    expect(api.body.error).toBe('unauthorized');
    const anyType = await call(server.url, '/v1/models', { headers: { accept: '*/*' } });
    expect(anyType.status).toBe(401);
  });

  it('signs out with the session CSRF token only, and ends sessions on revocation and after idling', async () => {
    const signedIn = await signIn(server.url, fixture.keys.read);
    const cookie = signedIn.session!;
    const session = fixture.demo.store.database
      .prepare('SELECT csrf_token FROM dashboard_sessions ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get() as { csrf_token: string };
    const forged = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=forged',
    });
    expect(forged.status).toBe(403);
    expect((await call(server.url, '/v1/models', { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `csrf=${encodeURIComponent(session.csrf_token)}`,
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/login?signed_out=1');
    expect(out.headers.getSetCookie().some((c) => /^sb_session=;/.test(c))).toBe(true);
    expect((await call(server.url, '/v1/models', { headers: { cookie } })).status).toBe(401);

    const keys = new ApiKeyStore(fixture.demo.store.database, fixture.clock);
    const { key, info } = keys.create('to revoke', 'read');
    const revokedLater = (await signIn(server.url, key)).session!;
    expect((await call(server.url, '/v1/models', { headers: { cookie: revokedLater } })).status).toBe(200);
    keys.revoke(info.id);
    expect((await call(server.url, '/v1/models', { headers: { cookie: revokedLater } })).status).toBe(401);

    const idle = (await signIn(server.url, fixture.keys.read)).session!;
    const idleMs = fixture.deps.loaded.config.server.session.idleMinutes * 60_000;
    fixture.clock.advance(idleMs + 1000);
    try {
      expect((await call(server.url, '/v1/models', { headers: { cookie: idle } })).status).toBe(401);
    } finally {
      fixture.clock.advance(-(idleMs + 1000));
    }
  });
});

describe('request checks', () => {
  it('answers 400 naming the bad field, for ids and for payloads', async () => {
    const badType = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { entity: { type: 'lead', id: 'c1' } },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.field).toBe('entity.type');
    const badEmail = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { contact: { email: 'not-an-email' } },
    });
    expect(badEmail.body.field).toBe('contact.email');
    const badEvent = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { contact: {}, events: [{ type: 'page_view', occurredAt: 'yesterday' }] },
    });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.field).toBe('events[0].occurredAt');
    const notJson = await call(server.url, '/v1/score', { key: fixture.keys.score, rawBody: '{"entity": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_json');
  });

  it('refuses dates that are not on the calendar with a 400 naming the field, at every date field', async () => {
    const byId = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { entity: { type: 'contact', id: 'c1' }, asOf: '2026-02-30' },
    });
    expect(byId.status).toBe(400);
    expect(byId.body.field).toBe('asOf');
    expect(byId.body.message).toContain('2026-02-30 is not a date: February 2026 has 28 days');
    const payload = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: {
        contact: { createdAt: '2026-01-15' },
        events: [
          { type: 'login', occurredAt: '2026-01-20T10:00:00Z' },
          { type: 'login', occurredAt: '2026-04-31T10:00:00+02:00' },
        ],
      },
    });
    expect(payload.status).toBe(400);
    expect(payload.body.field).toBe('events[1].occurredAt');
    expect(payload.body.message).toContain('April 2026 has 30 days');
    const badTime = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { contact: {}, asOf: '2026-11-01T24:30:00Z' },
    });
    expect(badTime.body.field).toBe('asOf');
    expect(badTime.body.message).toContain('24:30:00 is not a time of day');
    const deal = await call(server.url, '/v1/score', {
      key: fixture.keys.score,
      body: { contact: {}, deals: [{ status: 'won', createdAt: '2026-13-01' }] },
    });
    expect(deal.body.field).toBe('deals[0].createdAt');
    expect(deal.body.message).toContain('there is no month 13');
    const plan = await call(server.url, '/v1/workflows/risk_watch/plan', {
      key: fixture.keys.read,
      body: { asOf: '2027-02-29T00:00:00Z' },
    });
    expect(plan.status).toBe(400);
    expect(plan.body.field).toBe('asOf');
    expect(plan.body.message).toContain('February 2027 has 28 days');
    // A leap day that exists is a date like any other.
    const leap = await call(server.url, '/v1/workflows/risk_watch/plan', {
      key: fixture.keys.read,
      body: { asOf: '2028-02-29T00:00:00Z' },
    });
    expect(leap.status).toBe(200);
    expect(leap.body.asOf).toBe('2028-02-29T00:00:00.000Z');
  });

  it('never shows a stack trace: errors are {error, message, field?}', async () => {
    const unknown = await call(server.url, '/v1/nothing-here', { key: fixture.keys.admin });
    expect(unknown.status).toBe(404);
    expect(Object.keys(unknown.body).sort()).toEqual(['error', 'message']);
    expect(JSON.stringify(unknown.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers 413 for a body over server.bodyLimit', async () => {
    await withServerConfig({ bodyLimit: '1kb' }, async (base) => {
      const big = await call(base, '/v1/score', {
        key: fixture.keys.score,
        body: { contact: { properties: { note: 'x'.repeat(4000) } } },
      });
      expect(big.status).toBe(413);
      expect(big.body.error).toBe('payload_too_large');
    });
  });

  it('answers 429 with Retry-After once a key has used server.rateLimit.perMinute', async () => {
    await withServerConfig({ rateLimit: { perMinute: 3 } }, async (base) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await call(base, '/v1/models', { key: fixture.keys.read })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await call(base, '/v1/models', { key: fixture.keys.read });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another key has its own bucket.
      expect((await call(base, '/v1/models', { key: fixture.keys.admin })).status).toBe(200);
    });
  });

  it('counts keys entered in the sign-in form against the same allowances as API calls', async () => {
    await withServerConfig({ rateLimit: { perMinute: 3 } }, async (base) => {
      // A key that has used its allowance on the API cannot be checked through the form either.
      for (let i = 0; i < 3; i += 1)
        expect((await call(base, '/v1/models', { key: fixture.keys.read })).status).toBe(200);
      const overLimit = await signIn(base, fixture.keys.read);
      expect(overLimit.status).toBe(429);
      expect(overLimit.session).toBeNull();
      expect(overLimit.body).toContain('server.rateLimit.perMinute');
      // ... nor through the address, which never checks a key at all.
      const inUrl = await fetch(`${base}/login?key=${encodeURIComponent(fixture.keys.read)}`, {
        redirect: 'manual',
      });
      expect(inUrl.status).toBe(400);
      expect(inUrl.headers.getSetCookie().some((c) => c.startsWith('sb_session='))).toBe(false);

      // Sign-ins use the key's allowance: after three, the key is over it on the API too.
      for (let i = 0; i < 3; i += 1) expect((await signIn(base, fixture.keys.admin)).status).toBe(303);
      const afterSignIns = await call(base, '/v1/models', { key: fixture.keys.admin });
      expect(afterSignIns.status).toBe(429);

      // Wrong keys share one allowance per address, whichever way they come.
      for (let i = 0; i < 2; i += 1)
        expect((await call(base, '/v1/models', { key: `sb_live_wrong${i}` })).status).toBe(401);
      expect((await signIn(base, 'sb_live_wrong2')).status).toBe(401);
      const guessing = await signIn(base, 'sb_live_wrong3');
      expect(guessing.status).toBe(429);
      expect(guessing.body).toContain('Too many wrong keys from this address');
      expect((await call(base, '/v1/models', { key: 'sb_live_wrong4' })).status).toBe(429);
    });
  });

  it('sends no CORS headers unless server.cors.origins lists the origin', async () => {
    const plain = await call(server.url, '/healthz', { headers: { origin: 'https://evil.example' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    await withServerConfig({ cors: { origins: ['https://app.example.com'] } }, async (base) => {
      const allowed = await call(base, '/healthz', { headers: { origin: 'https://app.example.com' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await call(base, '/healthz', { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
