import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../../app/server/create-server.ts';
import type { RecordsChanged } from '../../../app/server/hooks/index.ts';
import { ApiKeyStore } from '../../../app/server/security/api-keys.ts';
import type { ServerDeps } from '../../../app/server/server-deps.ts';
import { openSharedLimits, postgresSharedLimits, type SharedLimits } from '../../../app/shared-limits.ts';
import { openProductStore } from '../../../app/store.ts';
import { FixedClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import { createPostgresPool } from '../../../core/store/postgres/pool.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/sqlite-store.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';
import {
  type HooksServer,
  hubspotEvent,
  loadConfigText,
  postHubspot,
  signHubspot,
  startHooksServer,
} from '../server/hooks-harness.ts';

const PUBLIC_URL = 'https://crm-hooks.example.com';
const SIGNED_URI = `${PUBLIC_URL}/hooks/hubspot`;
const HOOKS_CONFIG = `version: 1
store: { path: store.db }
server:
  publicUrl: ${PUBLIC_URL}
  webhooks:
    hubspot: { clientSecret: "\${HUBSPOT_CLIENT_SECRET}", connector: hubspot }
`;

describe('two replicas on one Postgres share the webhook replay cache and the API-key rate limit', () => {
  const clock = new FixedClock('2026-12-02T09:00:00.000Z');
  let pgStore: PostgresTestStore;
  const limits: SharedLimits[] = [];

  beforeAll(async () => {
    pgStore = await openPostgresTestStore(clock);
    for (let i = 0; i < 2; i++)
      limits.push(postgresSharedLimits(createPostgresPool({ url: pgStore.database.url, max: 2 }), clock));
  }, 60_000);
  afterAll(async () => {
    for (const shared of limits) await shared.close();
    await pgStore?.dispose();
  });

  it('are chosen by store.type: memory for SQLite, Postgres (from store.url) for a Postgres store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-shared-choice-'));
    try {
      const sqlite = loadConfigText(path.join(dir, 'a.yaml'), 'version: 1\n', {});
      const memory = openSharedLimits(sqlite.config.store, clock);
      expect(memory.kind).toBe('memory');
      expect(memory.crm).toBeUndefined();
      const postgres = loadConfigText(
        path.join(dir, 'b.yaml'),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the config syntax for an environment variable
        'version: 1\nstore: { type: postgres, url: "${DATABASE_URL}" }\n',
        { DATABASE_URL: pgStore.database.url },
      );
      const shared = openSharedLimits(postgres.config.store, clock);
      try {
        expect(shared.kind).toBe('postgres');
        const buckets = shared.rateBuckets('choice-check', 1);
        expect(await buckets.take('key:9')).toBe(0);
        expect(await limits[0]!.rateBuckets('choice-check', 1).take('key:9')).toBe(60);
      } finally {
        await shared.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('webhooks', () => {
    const changes: { replica: number; change: RecordsChanged }[] = [];
    const outcomes: string[] = [];
    const replicas: HooksServer[] = [];

    beforeAll(async () => {
      for (const replica of [0, 1])
        replicas.push(
          await startHooksServer({
            config: HOOKS_CONFIG,
            clock,
            limits: limits[replica]!,
            hooks: {
              onRecordsChanged: async (change) => {
                changes.push({ replica, change });
              },
              metrics: {
                webhooksReceived: ({ outcome }) => outcomes.push(`${replica}:${outcome}`),
                unsubscribes: () => undefined,
              },
            },
          }),
        );
    });
    afterAll(async () => {
      for (const replica of replicas) await replica.close();
    });

    it('refuses a signed delivery replayed to the other replica', async () => {
      const body = JSON.stringify([hubspotEvent({ eventId: 5001, objectId: 41 })]);
      const timestamp = clock.now().getTime();
      const headers = { signature: signHubspot(SIGNED_URI, body, timestamp), timestamp };
      const first = await postHubspot(replicas[0]!.url, body, headers);
      expect(first.status).toBe(204);
      const replayed = await postHubspot(replicas[1]!.url, body, headers);
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toEqual({
        error: 'replayed request: this signature and timestamp were already accepted',
      });
      const again = await postHubspot(replicas[0]!.url, body, headers);
      expect(again.status).toBe(401);
      expect(outcomes).toEqual(['0:accepted', '1:replayed', '0:replayed']);
    });

    it('applies an event delivered to both replicas at once exactly once', async () => {
      changes.length = 0;
      outcomes.length = 0;
      const event = hubspotEvent({ eventId: 5002, objectId: 42 });
      // Two deliveries (a CRM retry) of one event, each freshly signed, to each replica at the same time.
      const deliveries = [0, 1].map((replica) => {
        const body = JSON.stringify([{ ...event, attemptNumber: replica }]);
        const timestamp = clock.now().getTime() + replica;
        const signature = signHubspot(SIGNED_URI, body, timestamp);
        return postHubspot(replicas[replica]!.url, body, { signature, timestamp });
      });
      const answers = await Promise.all(deliveries);
      expect(answers.map((answer) => answer.status)).toEqual([204, 204]);
      for (const replica of replicas) await replica.router.settled();
      expect(changes.map(({ change }) => change)).toEqual([
        { connector: 'hubspot', objectType: 'contacts', ids: ['42'], deleted: [] },
      ]);
      expect(outcomes.map((outcome) => outcome.slice(2)).sort()).toEqual(['accepted', 'duplicate']);
    });
  });

  describe('API keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sb-shared-keys-'));
    const servers: Server[] = [];
    const urls: string[] = [];
    const stores: SqliteCanonicalStore[] = [];
    let key: string;

    beforeAll(async () => {
      const text = 'version: 1\nstore: { path: store.db }\nserver:\n  rateLimit: { perMinute: 5 }\n';
      const loaded = loadConfigText(path.join(dir, 'scorebridge.yaml'), text, {});
      // Each replica on its own store file holding the same key: what is shared is the limit, in Postgres.
      for (const replica of [0, 1])
        stores.push(await openProductStore(path.join(dir, `replica-${replica}.db`), clock));
      key = new ApiKeyStore(stores[0]!.database, clock).create('ops dashboard', 'read').key;
      const row = stores[0]!.database
        .prepare('SELECT name, scope, prefix, key_hash, created_at FROM api_keys')
        .get() as Record<string, string>;
      stores[1]!.database
        .prepare('INSERT INTO api_keys (name, scope, prefix, key_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(row.name!, row.scope!, row.prefix!, row.key_hash!, row.created_at!);
      for (const replica of [0, 1]) {
        const deps: ServerDeps = {
          loaded,
          store: stores[replica]!,
          clock,
          logger: silentLogger(),
          env: {},
          limits: limits[replica]!,
        };
        const server = createServer(deps).listen(0, '127.0.0.1');
        await new Promise((resolve) => server.once('listening', resolve));
        servers.push(server);
        urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      }
    });
    afterAll(async () => {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const get = (replica: number) =>
      fetch(`${urls[replica]}/v1/models`, { headers: { authorization: `Bearer ${key}` } });

    it('lets exactly perMinute requests through across both replicas, then answers 429 with Retry-After', async () => {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => get(i % 2)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(5);
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused).toHaveLength(3);
      for (const answer of refused) expect(answer.headers.get('retry-after')).toBe('12');
      expect((await get(1)).status).toBe(429);
      clock.advance(12_000);
      expect((await get(1)).status).toBe(200);
      expect((await get(0)).status).toBe(429);
    });
  });
});
