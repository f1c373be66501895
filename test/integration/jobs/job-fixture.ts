// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is how the config names a secret's variable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type LoadedConfig, loadConfig } from '../../../app/config/index.ts';
import { migrateProductStore } from '../../../app/store-admin.ts';
import { systemClock } from '../../../core/clock.ts';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  seedHubspotFromDemo,
  startHubspotEmulator,
} from '../../../emulators/hubspot/index.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/postgres-database.ts';

/** A Postgres database, a seeded HubSpot emulator and a config file naming both. */
export interface JobFixture {
  readonly database: TestDatabase;
  readonly emulator: HubspotEmulator;
  readonly configFile: string;
  readonly env: Record<string, string>;
  load(): Promise<LoadedConfig>;
  /** One query on the store database. */
  query<T>(sql: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startJobFixture(options: {
  contacts: number;
  latencyMs?: number;
  leaseSeconds?: number;
  store?: 'postgres' | 'sqlite';
}): Promise<JobFixture> {
  const database = await createTestDatabase('jobs');
  const emulator = await startHubspotEmulator({
    port: 0,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: false,
  });
  seedHubspotFromDemo(emulator, { contacts: options.contacts, seed: 7 });
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-jobs-'));
  const configFile = path.join(dir, 'scorebridge.yaml');
  const store =
    options.store === 'sqlite'
      ? 'store:\n  path: scorebridge.db\n'
      : 'store:\n  type: postgres\n  url: ${DATABASE_URL}\n  path: scorebridge.db\n';
  writeFileSync(
    configFile,
    `version: 1
${store}connectors:
  hubspot:
    type: hubspot
    accessToken: \${HUBSPOT_TOKEN}
    baseUrl: ${emulator.url}
    plan: professional
    streams: [companies, contacts]
schedules:
  sync: '*/5 * * * *'
jobs:
  leaseSeconds: ${options.leaseSeconds ?? 60}
  retryDelaySeconds: 0
`,
  );
  const env = { DATABASE_URL: database.url, HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN };
  // As an operator does once per release: processes refuse a Postgres store behind their build.
  if (options.store !== 'sqlite') {
    const loaded = await loadConfig(configFile, { ...process.env, ...env });
    await migrateProductStore(loaded.config.store, systemClock);
  }
  return {
    database,
    emulator,
    configFile,
    env,
    load: () => loadConfig(configFile, { ...process.env, ...env }),
    async query<T>(sql: string, values: unknown[] = []) {
      const client = new pg.Client(database.url);
      await client.connect();
      try {
        return (await client.query(sql, values)).rows as T[];
      } finally {
        await client.end();
      }
    },
    async close() {
      await emulator.close();
      await database.drop();
    },
  };
}

/** Polls until `check` holds (or throws after `timeoutMs`), for work other processes do. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
