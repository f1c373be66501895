import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WarehouseRelations, warehouseRelations } from '../../../app/warehouse/in-warehouse-sql.ts';
import { relationCtes } from '../../../app/warehouse/relations/canonical-relations.ts';
import { createBigQuerySource } from '../../../connectors/bigquery/source.ts';
import type { ConnectorConfig } from '../../../connectors/registry.ts';
import { createScorePublisher } from '../../../connectors/registry.ts';
import { createSnowflakeSource } from '../../../connectors/snowflake/index.ts';
import { FixedClock } from '../../../core/clock.ts';
import type { SourceConnector } from '../../../core/connectors/source.ts';
import { silentLogger } from '../../../core/logger.ts';
import { entityIdFor } from '../../../core/store/sqlite/hashing.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { runSync } from '../../../core/sync/run-sync.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../emulators/snowflake/index.ts';
import { openTestAnalytics, type TestAnalytics } from '../../helpers/scoring-pipeline/analytics.ts';
import { type EmulatedBigQuery, startEmulatedBigQuery } from '../connectors/bigquery/emulated-bigquery.ts';
import { connect, emulatorConfig } from '../connectors/snowflake/fixtures.ts';

/**
 * The canonical relations a warehouse computes from the connector's tables equal the ones the local
 * store gives after syncing those tables through the same connector, on the cases that make ids and
 * references subtle: provider merges (and the survivor's creation), deleted records, references to
 * unknown or merged records, events that name only an e-mail, an event of another company, invalid
 * rows the connector rejects, a SQL stream, status casing, trimmed texts, typed properties.
 */

type Row = Record<string, unknown>;

const ACCOUNTS = [
  [
    'a1',
    'one.com',
    '  Software ',
    'active',
    120,
    '2025-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z',
    false,
    null,
    '2025-03-01T00:00:00Z',
  ],
  ['a2', 'two.com', 'Retail', 'churned', 5, '2025-02-01T00:00:00Z', '2026-02-01T00:00:00Z', true, null, null],
  ['a3', null, 'Media', 'trial', null, '2024-06-01T00:00:00Z', '2026-03-01T00:00:00Z', false, 'a1', null],
  ['a4', 'four.com', null, 'prospect', 10, null, '2026-01-05T00:00:00Z', false, null, null],
  ['a5', 'five.com', 'Odd', 'dormant', 1, null, '2026-01-06T00:00:00Z', false, null, null],
] as const;
const CONTACTS = [
  [
    'c1',
    'a1',
    'ann@one.com',
    'champion',
    'ES',
    'lead',
    '2025-05-01T00:00:00Z',
    '2026-01-10T00:00:00Z',
    false,
    null,
    7,
  ],
  [
    'c2',
    'a3',
    'bob@one.com',
    null,
    null,
    'customer',
    '2025-06-01T00:00:00Z',
    '2026-01-11T00:00:00Z',
    false,
    null,
    null,
  ],
  [
    'c3',
    'a1',
    'cy@one.com',
    'user',
    'FR',
    'lead',
    '2025-07-01T00:00:00Z',
    '2026-01-12T00:00:00Z',
    true,
    null,
    1,
  ],
  [
    'c4',
    'a1',
    'dee@one.com',
    'user',
    'DE',
    'mql',
    '2024-01-01T00:00:00Z',
    '2026-02-01T00:00:00Z',
    false,
    'c1',
    3,
  ],
  [
    'c5',
    'zz',
    'Eve@Example.com',
    'admin',
    ' IT ',
    'lead',
    '2025-08-01T00:00:00Z',
    '2026-01-13T00:00:00Z',
    false,
    null,
    null,
  ],
  ['c6', null, 'fay@six.com', null, null, null, null, '2026-01-14T00:00:00Z', false, null, 2],
] as const;
const EVENTS = [
  ['e1', 'c1', 'a1', null, 'login', '2026-03-01T10:00:00.123456Z', null, null, null, false],
  ['e2', 'c4', null, null, 'page_view', '2026-03-02T10:00:00Z', null, 'pro', null, false],
  ['e3', null, null, ' EVE@example.com ', 'email_open', '2026-03-03T10:00:00Z', null, null, null, false],
  ['e4', 'c1', 'a2', null, 'purchase', '2026-03-04T10:00:00Z', 99.5, null, null, false],
  ['e5', 'c1', 'a1', null, 'login', '2026-03-05T10:00:00Z', null, null, null, true],
  ['e6', 'c6', 'a1', null, 'feature_use', '2026-03-06T10:00:00Z', null, null, 3, false],
  ['e7', 'c5', null, null, 'login', '2026-03-07T10:00:00Z', null, null, null, false],
  ['e8', 'c_missing', null, null, 'login', '2026-03-08T10:00:00Z', null, null, null, false],
  ['e9', 'c2', null, null, 'subscription_change', '2026-03-09T10:00:00Z', 100, 'growth', 12, false],
  ['e10', 'c1', 'a1', null, 'heartbeat', '2026-03-10T10:00:00Z', null, null, null, false],
  ['e11', 'c1', 'a1', null, 'Logged in', '2026-03-11T10:00:00Z', null, '', null, false],
] as const;
const DEALS = [
  [
    'd1',
    'a1',
    'c1',
    'won',
    1200,
    '2025-02-01T00:00:00Z',
    '2025-03-01T00:00:00Z',
    '2025-03-01T00:00:00Z',
    false,
  ],
  ['d2', null, 'c5', 'open', null, '2026-01-01T00:00:00Z', null, '2026-01-02T00:00:00Z', false],
  [
    'd3',
    'a1',
    null,
    'lost',
    10,
    '2025-01-01T00:00:00Z',
    '2025-02-01T00:00:00Z',
    '2025-02-01T00:00:00Z',
    true,
  ],
  [
    'd4',
    'a3',
    null,
    'lost',
    50,
    '2025-04-01T00:00:00Z',
    '2025-05-01T00:00:00Z',
    '2025-05-01T00:00:00Z',
    false,
  ],
  [
    'd5',
    'a1',
    null,
    'Won',
    70,
    '2025-04-01T00:00:00Z',
    '2025-05-01T00:00:00Z',
    '2025-05-02T00:00:00Z',
    false,
  ],
] as const;

const TABLES = {
  accounts: {
    columns:
      'id, domain, industry, status, employees, created_at, updated_at, deleted, merged_into_id, customer_since',
    types: ['text', 'text', 'text', 'text', 'int', 'ts', 'ts', 'bool', 'text', 'text'],
    rows: ACCOUNTS,
  },
  contacts: {
    columns:
      'id, account_id, email, role, country, lifecycle_stage, created_at, updated_at, deleted, merged_into_id, score_hint',
    types: ['text', 'text', 'text', 'text', 'text', 'text', 'ts', 'ts', 'bool', 'text', 'int'],
    rows: CONTACTS,
  },
  events: {
    columns: 'id, contact_id, account_id, contact_email, type, occurred_at, value, plan, seats, deleted',
    types: ['text', 'text', 'text', 'text', 'text', 'ts', 'float', 'text', 'int', 'bool'],
    rows: EVENTS,
  },
  deals: {
    columns: 'id, account_id, contact_id, status, amount, created_at, closed_at, updated_at, deleted',
    types: ['text', 'text', 'text', 'text', 'float', 'ts', 'ts', 'ts', 'bool'],
    rows: DEALS,
  },
} as const;

function streams(upper: boolean) {
  const name = (text: string) => (upper ? text.toUpperCase() : text);
  return {
    accounts: { kind: 'account', table: name('accounts'), properties: [name('customer_since')] },
    contacts: { kind: 'contact', table: name('contacts'), properties: [name('score_hint')] },
    events: {
      kind: 'event',
      table: name('events'),
      properties: [name('plan'), name('seats')],
      ...(upper ? { eventTypes: { 'Logged in': 'login' } } : {}),
    },
    // A SQL stream of the same events, under another object type.
    meetings: {
      kind: 'event',
      sql: `SELECT ${name('id')}, ${name('contact_id')}, ${name('type')}, ${name('occurred_at')} FROM ${upper ? '' : 'edge.'}${name('events')} WHERE ${name('type')} = 'login'`,
      idColumn: name('id'),
    },
    deals: { kind: 'deal', table: name('deals') },
  };
}

const COLUMNS = {
  sb_accounts:
    'account_id, created_ms, updated_ms, industry, country, employees, annual_revenue, plan, mrr, status, churned_ms, properties',
  sb_contacts:
    'contact_id, account_id, created_ms, updated_ms, role, title, country, city, lifecycle_stage, properties',
  sb_events: 'contact_id, account_id, in_contact, name, at_ms, value, properties',
  sb_deals: 'account_id, contact_id, status, amount, created_ms, closed_ms, updated_ms',
} as const;

/** Rows comparable across engines: keys lower-cased, properties parsed without empty values, sorted. */
function normalise(rows: readonly Row[]): string[] {
  return rows
    .map((row) => {
      const out: Row = {};
      for (const [key, value] of Object.entries(row)) {
        const name = key.toLowerCase();
        if (name === 'properties') {
          const parsed =
            value === null || value === undefined
              ? {}
              : ((typeof value === 'string' ? JSON.parse(value) : value) as Row);
          out[name] = Object.fromEntries(
            Object.entries(parsed)
              .filter(([, v]) => v !== null && v !== '')
              .sort(([a], [b]) => (a < b ? -1 : 1)),
          );
        } else out[name] = typeof value === 'bigint' ? Number(value) : value === undefined ? null : value;
      }
      return JSON.stringify(out);
    })
    .sort();
}

interface Side {
  readonly store: SqliteCanonicalStore;
  readonly analytics: TestAnalytics;
  readonly relations: WarehouseRelations;
  readonly dir: string;
}

async function syncAndDescribe(config: ConnectorConfig, source: SourceConnector): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-rel-parity-'));
  const clock = new FixedClock('2026-04-01T00:00:00Z');
  const store = await openSqliteStore({ path: join(dir, 'store.db'), clock, systemPriority: ['wh'] });
  const results = await runSync({ store, connectors: [source], clock, logger: silentLogger() });
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([]);
  // On Snowflake the mis-cased status and deal status are rejected; any event name is kept.
  expect(results.reduce((n, r) => n + r.rejected, 0)).toBeGreaterThan(0);
  const analytics = await openTestAnalytics(store, dir);
  const publisher = createScorePublisher('wh', config)!;
  try {
    return { store, analytics, relations: await warehouseRelations('wh', config, publisher), dir };
  } finally {
    await publisher.close();
  }
}

const contactId = (id: string) => entityIdFor('c', `ref:wh/contacts/${id}`);
const accountId = (id: string) => entityIdFor('a', `ref:wh/accounts/${id}`);

async function expectSameRelations(side: Side, query: (sql: string) => Promise<Row[]>, merges: boolean) {
  const ctes = relationCtes(side.relations.nodes).join(',\n');
  // The cases are there: the e-mail-only open is Eve's (c5), a merged person's and a merged
  // company's facts land on the survivors (c1, a1), deleted records are not live.
  const events = await query(`WITH ${ctes}\nSELECT contact_id, account_id, name FROM sb_events`);
  const lower = events.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v])),
  );
  expect(lower.find((e) => e.name === 'email_open')?.contact_id).toBe(contactId('c5'));
  expect(lower.find((e) => e.name === 'page_view')?.contact_id).toBe(contactId(merges ? 'c1' : 'c4'));
  expect(lower.find((e) => e.name === 'subscription_change')?.account_id).toBe(
    accountId(merges ? 'a1' : 'a3'),
  );
  // Event names are open: heartbeat is kept as the connector keeps it, "Logged in" mapped where configured.
  expect(lower.some((e) => e.name === 'heartbeat')).toBe(true);
  const live = await query(`WITH ${ctes}\nSELECT contact_id FROM sb_contacts WHERE active`);
  expect(live.map((row) => Object.values(row)[0]).sort()).toEqual(
    (merges ? ['c1', 'c2', 'c5', 'c6'] : ['c1', 'c2', 'c4', 'c5', 'c6']).map(contactId).sort(),
  );
  for (const [relation, columns] of Object.entries(COLUMNS)) {
    const where = relation === 'sb_accounts' || relation === 'sb_contacts' ? ' WHERE active' : '';
    const local = await side.analytics.engine.rows(`SELECT ${columns} FROM ${relation}${where}`);
    const warehouse = await query(`WITH ${ctes}\nSELECT ${columns} FROM ${relation}${where}`);
    expect(local.length, relation).toBeGreaterThan(0);
    expect(normalise(warehouse), relation).toEqual(normalise(local));
  }
}

async function close(side: Side | undefined) {
  if (!side) return;
  side.analytics.close();
  await side.store.close();
  rmSync(side.dir, { recursive: true, force: true });
}

const sqlValue = (type: string, value: unknown, timestamp: string) =>
  value === null
    ? 'NULL'
    : type === 'ts'
      ? `${timestamp}'${value}'`
      : typeof value === 'string'
        ? `'${value}'`
        : String(value);

describe('canonical relations in the warehouse equal the store synced through the same connector', () => {
  describe('BigQuery', () => {
    let bq: EmulatedBigQuery;
    let side: Side | undefined;
    beforeAll(async () => {
      bq = await startEmulatedBigQuery();
      await bq.client.bigquery.createDataset('edge');
      const types = { text: 'STRING', int: 'INT64', float: 'FLOAT64', bool: 'BOOL', ts: 'TIMESTAMP' };
      for (const [table, spec] of Object.entries(TABLES)) {
        const names = spec.columns.split(', ');
        await bq.client.bigquery.query(
          `CREATE TABLE edge.${table} (${names.map((n, i) => `${n} ${types[spec.types[i]!]}`).join(', ')})`,
        );
        const values = spec.rows.map(
          (row) => `(${row.map((v, i) => sqlValue(spec.types[i]!, v, 'TIMESTAMP ')).join(', ')})`,
        );
        await bq.client.bigquery.query(
          `INSERT INTO edge.${table} (${spec.columns}) VALUES ${values.join(', ')}`,
        );
      }
    }, 60_000);
    afterAll(async () => {
      await close(side);
      await bq?.emulator.close();
    });

    it('sb_contacts, sb_accounts, sb_events and sb_deals', async () => {
      const config = bq.config({ dataset: 'edge', streams: streams(false) });
      side = await syncAndDescribe(config, createBigQuerySource('wh', config, { client: bq.client }));
      await expectSameRelations(side, async (sql) => (await bq.client.bigquery.query(sql))[0], true);
    }, 60_000);
  });

  describe('Snowflake', () => {
    let emulator: SnowflakeEmulator;
    let side: Side | undefined;
    beforeAll(async () => {
      emulator = await startSnowflakeEmulator();
      const client = await connect(emulatorConfig(emulator, { schema: 'EDGE' }));
      const types = {
        text: 'VARCHAR',
        int: 'NUMBER(38,0)',
        float: 'FLOAT',
        bool: 'BOOLEAN',
        ts: 'TIMESTAMP_NTZ',
      };
      try {
        await client.execute('CREATE SCHEMA IF NOT EXISTS EDGE');
        for (const [table, spec] of Object.entries(TABLES)) {
          const names = spec.columns.split(', ');
          await client.execute(
            `CREATE TABLE EDGE.${table} (${names.map((n, i) => `${n} ${types[spec.types[i]!]}`).join(', ')})`,
          );
          // Snowflake keeps status as given: a mis-cased one is rejected by its connector.
          const rows = spec.rows.map((row) =>
            row.map((v) => (table === 'accounts' && row[0] === 'a4' && v === 'prospect' ? 'Prospect' : v)),
          );
          const values = rows.map(
            (row) =>
              `(${row.map((v, i) => sqlValue(spec.types[i]!, typeof v === 'string' && spec.types[i] === 'ts' ? v.replace('Z', '') : v, '')).join(', ')})`,
          );
          await client.execute(`INSERT INTO EDGE.${table} (${spec.columns}) VALUES ${values.join(', ')}`);
        }
      } finally {
        await client.close();
      }
    }, 60_000);
    afterAll(async () => {
      await close(side);
      await emulator?.close();
    });

    it('sb_contacts, sb_accounts, sb_events and sb_deals', async () => {
      const config = emulatorConfig(emulator, { schema: 'EDGE', streams: streams(true) });
      side = await syncAndDescribe(config, createSnowflakeSource('wh', config));
      await expectSameRelations(
        side,
        async (sql) => {
          const client = await connect(config);
          try {
            return await client.execute(sql);
          } finally {
            await client.close();
          }
        },
        false,
      );
    }, 60_000);
  });
});
