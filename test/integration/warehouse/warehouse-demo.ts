import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BigQueryConnectorConfig } from '../../../connectors/bigquery/config.ts';
import { createBigQuerySource } from '../../../connectors/bigquery/source.ts';
import type { SnowflakeConnectorConfig } from '../../../connectors/snowflake/config.ts';
import { createSnowflakeSource } from '../../../connectors/snowflake/index.ts';
import { FixedClock } from '../../../core/clock.ts';
import type { SourceConnector } from '../../../core/connectors/source.ts';
import { silentLogger } from '../../../core/logger.ts';
import { openSqliteStore } from '../../../core/store/sqlite/index.ts';
import { runSync } from '../../../core/sync/run-sync.ts';
import { generateDemoData } from '../../../demo/index.ts';
import { binaryArtifactToJson } from '../../../scoring/models/binary-artifact.ts';
import { trainBinaryModel } from '../../../scoring/models/binary-trainer.ts';
import { modelRegistryMigrations } from '../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { type SqlScoringModel, sqlModelFromRecord } from '../../../scoring/sql/index.ts';
import { openTestAnalytics, type TestAnalytics } from '../../helpers/scoring-pipeline/analytics.ts';
import { DEMO_AS_OF, type DemoStore } from '../../helpers/scoring-pipeline/demo-store.ts';
import type { EmulatedBigQuery } from '../connectors/bigquery/emulated-bigquery.ts';
import { connect } from '../connectors/snowflake/fixtures.ts';
import { SPECS, type TrainedDemo } from './in-warehouse-harness.ts';

/** The demo business's tables as a warehouse holds them: typed columns, the CSV files' names. */
type ColumnType = 'text' | 'int' | 'float' | 'bool' | 'timestamp';
const TABLES: Readonly<Record<string, readonly (readonly [string, ColumnType])[]>> = {
  accounts: [
    ['account_id', 'text'],
    ['name', 'text'],
    ['domain', 'text'],
    ['industry', 'text'],
    ['employees', 'int'],
    ['annual_revenue', 'float'],
    ['plan', 'text'],
    ['mrr', 'float'],
    ['currency', 'text'],
    ['country', 'text'],
    ['owner_id', 'text'],
    ['status', 'text'],
    ['churned_at', 'timestamp'],
    ['created_at', 'timestamp'],
    ['updated_at', 'timestamp'],
  ],
  contacts: [
    ['contact_id', 'text'],
    ['account_id', 'text'],
    ['email', 'text'],
    ['first_name', 'text'],
    ['last_name', 'text'],
    ['title', 'text'],
    ['role', 'text'],
    ['phone', 'text'],
    ['timezone', 'text'],
    ['country', 'text'],
    ['city', 'text'],
    ['lifecycle_stage', 'text'],
    ['owner_id', 'text'],
    ['email_opt_in', 'bool'],
    ['created_at', 'timestamp'],
    ['updated_at', 'timestamp'],
  ],
  events: [
    ['event_id', 'text'],
    ['contact_id', 'text'],
    ['account_id', 'text'],
    ['type', 'text'],
    ['occurred_at', 'timestamp'],
    ['value', 'float'],
    ['feature', 'text'],
    ['severity', 'text'],
    ['page', 'text'],
    ['campaign', 'text'],
    ['plan', 'text'],
    ['seats', 'int'],
  ],
  deals: [
    ['deal_id', 'text'],
    ['account_id', 'text'],
    ['contact_id', 'text'],
    ['name', 'text'],
    ['stage', 'text'],
    ['status', 'text'],
    ['amount', 'float'],
    ['currency', 'text'],
    ['created_at', 'timestamp'],
    ['closed_at', 'timestamp'],
    ['updated_at', 'timestamp'],
    ['owner_id', 'text'],
  ],
};

const KINDS = { accounts: 'account', contacts: 'contact', events: 'event', deals: 'deal' } as const;
const EVENT_PROPERTIES = ['feature', 'severity', 'page', 'campaign', 'plan', 'seats'];

function typed(type: ColumnType, text: string | undefined): string | number | boolean | null {
  if (text === undefined || text === '') return null;
  if (type === 'int' || type === 'float') return Number(text);
  if (type === 'bool') return text === 'true';
  return text;
}

/** The demo CSVs as typed rows, table by table. */
function demoRows(dir: string): Record<string, (string | number | boolean | null)[][]> {
  const out: Record<string, (string | number | boolean | null)[][]> = {};
  for (const [table, columns] of Object.entries(TABLES)) {
    const records = parse(readFileSync(join(dir, `${table}.csv`), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    out[table] = records.map((record) => columns.map(([name, type]) => typed(type, record[name])));
  }
  return out;
}

/** Stream config of the warehouse connector: the tables as they are, ids named, event details kept. */
export function demoStreams(upper: boolean): Record<string, Record<string, unknown>> {
  const name = (text: string) => (upper ? text.toUpperCase() : text);
  return Object.fromEntries(
    Object.keys(TABLES).map((table) => [
      table,
      {
        kind: KINDS[table as keyof typeof KINDS],
        table: name(table),
        idColumn: name(`${KINDS[table as keyof typeof KINDS]}_id`),
        ...(table === 'events' ? { properties: EVENT_PROPERTIES } : {}),
      },
    ]),
  );
}

export interface WarehouseDemo extends TrainedDemo {
  readonly connectorName: string;
}

/**
 * A demo business kept in the warehouse (the tables the connector reads), synced into a local
 * store through that very connector, with a boosted lead model and a forest churn model trained
 * locally and promoted: the scores the warehouse computes must equal the ones the store computes.
 */
async function warehouseDemo(
  contacts: number,
  load: (rows: Record<string, (string | number | boolean | null)[][]>) => Promise<void>,
  source: () => SourceConnector,
  connectorName: string,
): Promise<WarehouseDemo> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-wh-demo-'));
  await generateDemoData({ contacts, seed: 5, outDir: dir, asOf: DEMO_AS_OF, badRowsRate: 0 });
  await load(demoRows(dir));
  const clock = new FixedClock(DEMO_AS_OF);
  const storePath = join(dir, 'store.db');
  const store = await openSqliteStore({
    path: storePath,
    clock,
    systemPriority: [connectorName],
    extraMigrations: modelRegistryMigrations,
  });
  const results = await runSync({ store, connectors: [source()], clock, logger: silentLogger() });
  const failed = results.filter((r) => r.status !== 'succeeded' || r.rejected > 0);
  if (failed.length > 0) throw new Error(`demo sync failed: ${JSON.stringify(failed)}`);
  let analytics: TestAnalytics | null = null;
  const demo: DemoStore = {
    store,
    dir,
    storePath,
    async features() {
      if (analytics) await analytics.refresh();
      else analytics = await openTestAnalytics(store, dir);
      return analytics.features;
    },
    async cleanup() {
      analytics?.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const registry = ModelRegistry.of(store, clock);
  const models: SqlScoringModel[] = [];
  for (const [spec, learner] of [
    [SPECS[0]!, 'boosting'],
    [SPECS[1]!, 'forest'],
  ] as const) {
    const trained = await trainBinaryModel(await demo.features(), {
      kind: spec.kind as 'lead' | 'churn',
      asOf: DEMO_AS_OF,
      learner,
      // Narrow bands, so the demo's low base rates still spread over every tier.
      bands: [
        { name: 'low', min: 0, max: 9 },
        { name: 'medium', min: 10, max: 24 },
        { name: 'high', min: 25, max: 100 },
      ],
    });
    const record = registry.add({
      name: spec.name,
      kind: spec.kind,
      entity: spec.entity,
      asOf: DEMO_AS_OF,
      trainingWindow: trained.trainingWindow,
      features: trained.artifact.featureNames,
      metrics: {},
      fingerprint: trained.fingerprint,
      artifact: binaryArtifactToJson(trained.artifact),
    });
    registry.promote(spec.name, record.version, 'test');
    models.push(sqlModelFromRecord(record));
  }
  return { demo, registry, models, connectorName };
}

const BIGQUERY_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'STRING',
  int: 'INT64',
  float: 'FLOAT64',
  bool: 'BOOL',
  timestamp: 'TIMESTAMP',
};

/** The demo in a BigQuery dataset, read by a BigQuery connector named `wh`. */
export async function bigQueryDemo(
  bq: EmulatedBigQuery,
  dataset: string,
  contacts = 700,
): Promise<WarehouseDemo & { readonly config: BigQueryConnectorConfig }> {
  const config = bq.config({ dataset, pageSize: 50_000, streams: demoStreams(false) });
  const demo = await warehouseDemo(
    contacts,
    async (rows) => {
      const [created] = await bq.client.bigquery.createDataset(dataset);
      for (const [table, columns] of Object.entries(TABLES)) {
        const schema = columns.map(([name, type]) => ({ name, type: BIGQUERY_TYPES[type] }));
        const [t] = await created.createTable(table, { schema: { fields: schema } });
        const all = rows[table]!;
        for (let start = 0; start < all.length; start += 10_000) {
          const chunk = all
            .slice(start, start + 10_000)
            .map((row) => Object.fromEntries(columns.map(([name], i) => [name, row[i]])));
          await t.insert(chunk);
        }
      }
    },
    () => createBigQuerySource('wh', config, { client: bq.client }),
    'wh',
  );
  return { ...demo, config };
}

const SNOWFLAKE_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'VARCHAR',
  int: 'NUMBER(38,0)',
  float: 'FLOAT',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP_NTZ',
};

/** The demo in a Snowflake schema (unquoted, so upper-case names), read by a Snowflake connector `wh`. */
export async function snowflakeDemo(
  config: SnowflakeConnectorConfig,
  contacts = 700,
): Promise<WarehouseDemo & { readonly config: SnowflakeConnectorConfig }> {
  const demo = await warehouseDemo(
    contacts,
    async (rows) => {
      const client = await connect(config);
      try {
        await client.execute(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
        for (const [table, columns] of Object.entries(TABLES)) {
          await client.execute(
            `CREATE TABLE ${config.schema}.${table} (${columns.map(([name, type]) => `${name} ${SNOWFLAKE_TYPES[type]}`).join(', ')})`,
          );
          const insert = `INSERT INTO ${config.schema}.${table} VALUES (${columns.map(() => '?').join(', ')})`;
          const all = rows[table]!;
          const perRequest = Math.floor(90_000 / columns.length);
          for (let start = 0; start < all.length; start += perRequest)
            await client.execute(
              insert,
              all.slice(start, start + perRequest).map((row) => row.map((v) => (v === null ? null : v))),
            );
        }
      } finally {
        await client.close();
      }
    },
    () => createSnowflakeSource('wh', config),
    'wh',
  );
  return { ...demo, config };
}
