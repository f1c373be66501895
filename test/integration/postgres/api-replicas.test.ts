import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import { createServer, serverLocals } from '../../../app/server/create-server.ts';
import { dashboardRouter } from '../../../app/server/dashboard/index.ts';
import type { ServerDeps } from '../../../app/server/server-deps.ts';
import { FixedClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import { PostgresSyncDatabase } from '../../../core/store/postgres/sync-database.ts';
import { SqliteCanonicalStore } from '../../../core/store/sqlite/sqlite-store.ts';
import { churnScore } from '../../helpers/churn-score.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';
import { account, batch, contact } from '../../helpers/records.ts';
import { call } from '../server/server-fixture.ts';
import { signIn, signInForm } from '../server/sign-in.ts';

const clock = new FixedClock('2026-11-02T09:00:00Z');

const churn = (entityId: string, value: number, computedAt: string) =>
  churnScore(entityId, value, computedAt, 'fewer logins this month');

interface Replica {
  readonly base: string;
  readonly deps: ServerDeps;
  readonly listening: Server;
}

/** One `serve` replica: its own Postgres connection, its own express app, a port of its own. */
async function replica(store: SqliteCanonicalStore, configFile: string, url: string): Promise<Replica> {
  const env = { DATABASE_URL: url };
  const loaded = await loadConfig(configFile, env);
  const deps: ServerDeps = { loaded, store, clock, logger: silentLogger(), env };
  const dashboard = { path: '/dashboard', router: dashboardRouter(deps), auth: 'read' as const };
  const listening = createServer(deps, { routers: [dashboard] }).listen(0, '127.0.0.1');
  await new Promise((resolve) => listening.once('listening', resolve));
  return { base: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, deps, listening };
}

describe('two API replicas on one Postgres', () => {
  let pg: PostgresTestStore;
  let second: SqliteCanonicalStore;
  let dir: string;
  let a: Replica;
  let b: Replica;
  let accountId: string;

  beforeAll(async () => {
    pg = await openPostgresTestStore(clock);
    second = new SqliteCanonicalStore(new PostgresSyncDatabase({ url: pg.database.url }), { clock });
    dir = mkdtempSync(join(tmpdir(), 'sb-replicas-'));
    const configFile = join(dir, 'scorebridge.yaml');
    writeFileSync(
      configFile,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax under test
      ['version: 1', 'store:', '  type: postgres', '  url: ${DATABASE_URL}', 'connectors: {}', ''].join('\n'),
    );
    await pg.store.applyBatch(
      batch('accounts', [
        account('hubspot', 'acme-1', { name: 'Acme', domain: 'acme.example' }),
        account('hubspot', 'globex-1', { name: 'Globex', domain: 'globex.example' }),
      ]),
    );
    await pg.store.applyBatch(
      batch('contacts', [
        contact('hubspot', 'ada-1', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.example' }),
        contact('hubspot', 'bob-1', { firstName: 'Bob', lastName: 'Builder', email: 'bob@globex.example' }),
      ]),
    );
    accountId = String(
      (pg.db.prepare("SELECT id FROM accounts WHERE name = 'Acme'").get() as { id: string }).id,
    );
    await pg.store.saveScores([churn(accountId, 35, '2026-11-01T00:00:00.000Z')]);
    a = await replica(pg.store, configFile, pg.database.url);
    b = await replica(second, configFile, pg.database.url);
  }, 60_000);

  afterAll(async () => {
    for (const r of [a, b]) if (r) await new Promise((resolve) => r.listening.close(resolve));
    // The last test dropped the database: both connections are already gone.
    for (const db of [second?.database, pg?.db]) {
      try {
        db?.close();
      } catch {}
    }
    await pg?.database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts on one replica an API key created on the other', async () => {
    const { key } = serverLocals(a.listening.listeners('request')[0] as never).keys.create('replica', 'read');
    const onB = await call(b.base, '/v1/models', { key });
    expect(onB.status).toBe(200);
    const wrong = await call(b.base, '/v1/models', { key: `${key.slice(0, -4)}AAAA` });
    expect(wrong.status).toBe(401);
  });

  it('serves a score written through one replica identically from the other, before and after a rewrite', async () => {
    const { key } = serverLocals(b.listening.listeners('request')[0] as never).keys.create('scores', 'read');
    const path = `/v1/accounts/${encodeURIComponent(accountId)}/scores`;
    const [fromA, fromB] = await Promise.all([call(a.base, path, { key }), call(b.base, path, { key })]);
    expect(fromA.status).toBe(200);
    expect(fromB.body).toEqual(fromA.body);
    expect(fromA.body.current).toMatchObject([{ model: 'churn_risk', value: 35, tier: 'low' }]);
    // A scoring run writes through B's connection; A serves the new score at once.
    await second.saveScores([churn(accountId, 82, '2026-11-02T00:00:00.000Z')]);
    const [afterA, afterB] = await Promise.all([call(a.base, path, { key }), call(b.base, path, { key })]);
    expect(afterA.body).toEqual(afterB.body);
    expect(afterA.body.current).toMatchObject([{ value: 82, tier: 'high' }]);
    expect(afterA.body.history.map((h: { value: number }) => h.value)).toEqual([82, 35]);
  });

  it('keeps a dashboard session opened on one replica valid on the other', async () => {
    const { key } = serverLocals(a.listening.listeners('request')[0] as never).keys.create('person', 'read');
    const signedIn = await signIn(a.base, key);
    expect(signedIn.session).toMatch(/^sb_session=/);
    const onB = await call(b.base, '/v1/models', { headers: { cookie: signedIn.session as string } });
    expect(onB.status).toBe(200);
    const stranger = await call(b.base, '/v1/models', { headers: { cookie: 'sb_session=not-a-session' } });
    expect(stranger.status).toBe(401);
    // The load balancer may send the form's GET to one replica and its POST to the other.
    const form = await signInForm(a.base);
    const posted = await fetch(`${b.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      body: new URLSearchParams({ key, csrf: form.csrf }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.getSetCookie().some((c) => c.startsWith('sb_session='))).toBe(true);
  });

  it('renders every dashboard page and the CSV export identically on both replicas', async () => {
    const { key } = serverLocals(a.listening.listeners('request')[0] as never).keys.create('pages', 'read');
    const pages = [
      '/dashboard/',
      '/dashboard/accounts',
      '/dashboard/accounts?q=AC',
      '/dashboard/contacts?q=lovel',
      '/dashboard/sequences',
      '/dashboard/models',
      '/dashboard/accounts.csv',
    ];
    for (const page of pages) {
      const [onA, onB] = await Promise.all(
        [a, b].map((r) => fetch(`${r.base}${page}`, { headers: { authorization: `Bearer ${key}` } })),
      );
      expect([page, onA?.status, onB?.status]).toEqual([page, 200, 200]);
      expect(await onB?.text()).toBe(await onA?.text());
    }
    const search = await (
      await fetch(`${a.base}/dashboard/accounts?q=AC`, { headers: { authorization: `Bearer ${key}` } })
    ).text();
    expect(search).toContain('Acme');
    expect(search).not.toContain('Globex');
    const people = await (
      await fetch(`${b.base}/dashboard/contacts?q=lovel`, { headers: { authorization: `Bearer ${key}` } })
    ).text();
    expect(people).toContain('Lovelace');
    expect(people).not.toContain('Builder');
  });

  it('is ready while Postgres answers, and says why not once the database is gone', async () => {
    for (const r of [a, b]) {
      const ready = await call(r.base, '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready' });
    }
    await pg.database.drop();
    for (const r of [a, b]) {
      const started = Date.now();
      const gone = await call(r.base, '/readyz');
      expect(gone.status).toBe(503);
      expect(gone.body.status).toBe('not_ready');
      expect(gone.body.reason).toContain('Postgres did not answer');
      expect(gone.body.reason).toContain(pg.database.name);
      expect(gone.body.reason).not.toContain('postgres://');
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });
});
