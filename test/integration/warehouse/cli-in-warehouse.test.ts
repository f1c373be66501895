import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { registerFeatures, runFeatures } from '../../../cli/commands/features.ts';
import { runScore } from '../../../cli/commands/score.ts';
import { FixedClock } from '../../../core/clock.ts';
import {
  type EmulatedBigQuery,
  PROJECT,
  startEmulatedBigQuery,
} from '../connectors/bigquery/emulated-bigquery.ts';
import { SPECS } from './in-warehouse-harness.ts';
import { bigQueryDemo, demoStreams, type WarehouseDemo } from './warehouse-demo.ts';

function captureIo(): CommandIo & { out: string[]; err: string[]; code(): ExitCode | undefined } {
  const out: string[] = [];
  const err: string[] = [];
  let code: ExitCode | undefined;
  return {
    out,
    err,
    code: () => code,
    env: {},
    stdout: (text: string) => out.push(text),
    stderr: (text: string) => err.push(text),
    setExitCode: (value: ExitCode) => {
      code = value;
    },
  } as CommandIo & { out: string[]; err: string[]; code(): ExitCode | undefined };
}

describe('scorebridge score --in-warehouse and features (BigQuery emulator)', () => {
  let trained: WarehouseDemo;
  let bq: EmulatedBigQuery;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    bq = await startEmulatedBigQuery();
    trained = await bigQueryDemo(bq, 'crm', 300);
    dir = mkdtempSync(join(tmpdir(), 'sb-inwh-cli-'));
    config = join(dir, 'scorebridge.yaml');
    writeFileSync(
      config,
      stringify({
        version: 1,
        store: { path: trained.demo.storePath },
        connectors: {
          wh: {
            type: 'bigquery',
            projectId: PROJECT,
            dataset: 'crm',
            apiEndpoint: bq.emulator.url,
            scores: { dataset: 'cli' },
            streams: demoStreams(false),
          },
        },
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await trained?.demo.cleanup();
    await bq?.emulator.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const deps = { clock: new FixedClock('2026-11-02T06:00:00.000Z'), specs: SPECS };

  it('prints the feature table DDL for a data team', async () => {
    const io = captureIo();
    await runFeatures({ config, ddl: true, connector: 'wh', model: 'churn_risk' }, deps, io);
    expect(io.err).toEqual([]);
    const ddl = io.out.join('\n');
    expect(ddl).toMatch(/^CREATE TABLE `scorebridge-test`\.`cli`\.`scorebridge_features_churn_risk` \(/);
    expect(ddl).toContain('`entity_id` STRING');
    for (const feature of trained.models[1]!.artifact.featureNames) expect(ddl).toContain(`\`${feature}\``);
  });

  /** Rows in the scores table this config publishes to; 0 while the table does not exist yet. */
  async function scoredRows(): Promise<number> {
    try {
      const [rows] = await bq.client.bigquery.query('SELECT COUNT(*) AS n FROM cli.scorebridge_scores');
      return Number(rows[0].n);
    } catch {
      return 0;
    }
  }

  it('--dry-run compiles every statement and runs nothing in the warehouse', async () => {
    const io = captureIo();
    await runScore(
      { config, model: 'all', asOf: '2026-11-01T00:00:00.000Z', inWarehouse: true, dryRun: true },
      deps,
      io,
    );
    expect(io.err).toEqual([]);
    expect(io.code()).toBe(0);
    const table = io.out.join('\n');
    expect(table).toContain('dry run: compiling, running nothing in the warehouse');
    expect(table.match(/not run \(dry run\)/g)).toHaveLength(2);
    expect(await scoredRows()).toBe(0);
  }, 60_000);

  it('holds on stale data (exit 2, nothing scored) unless --force', async () => {
    const late = { ...deps, clock: new FixedClock('2026-12-20T06:00:00.000Z') };
    const io = captureIo();
    await runScore({ config, model: 'all', asOf: '2026-11-01T00:00:00.000Z', inWarehouse: true }, late, io);
    expect(io.code()).toBe(2);
    expect(io.err.join('\n')).toMatch(/maxDataAge/);
    expect(await scoredRows()).toBe(0);
  }, 60_000);

  it('scores every promoted lead and churn model inside the warehouse, features included', async () => {
    const io = captureIo();
    await runScore({ config, model: 'all', asOf: '2026-11-01T00:00:00.000Z', inWarehouse: true }, deps, io);
    expect(io.err).toEqual([]);
    expect(io.code()).toBe(0);
    const [rows] = await bq.client.bigquery.query(
      'SELECT model, COUNT(*) AS n FROM cli.scorebridge_scores GROUP BY model ORDER BY model',
    );
    expect(rows.map((r) => r.model)).toEqual(['churn_risk', 'lead_score']);
    const table = io.out.join('\n');
    expect(table).toContain('(canonical relations)');
    expect(table).not.toContain('scorebridge_features_lead_score');
  }, 60_000);

  it('writes the dbt folder, and documents --dbt in --help', async () => {
    const io = captureIo();
    const out = join(dir, 'dbt');
    await runFeatures({ config, dbt: out, connector: 'wh' }, deps, io);
    expect(io.err).toEqual([]);
    expect(io.code()).toBe(0);
    const models = join(out, 'models', 'scorebridge');
    for (const file of [
      'sb_contacts.sql',
      'features_contact.sql',
      'scores_lead_score.sql',
      'schema.yml',
      'README.md',
    ])
      expect(existsSync(join(models, file)), file).toBe(true);
    const features = readFileSync(join(models, 'features_contact.sql'), 'utf8');
    expect(features).toContain("{{ ref('sb_contacts') }}");
    expect(features).toContain("{{ var('scorebridge_as_of'");
    expect(readFileSync(join(models, 'sb_events.sql'), 'utf8')).toContain("{{ source('wh', 'events') }}");
    expect(io.out.join('\n')).toContain('wrote 11 files');

    let help = '';
    const program = new Command().exitOverride().configureOutput({ writeOut: (text) => (help += text) });
    registerFeatures(program, deps, captureIo());
    expect(() => program.parse(['node', 'scorebridge', 'features', '--help'])).toThrow();
    expect(help).toContain('--dbt <dir>');
  }, 60_000);

  it('refuses an unknown connector with a clear message', async () => {
    const io = captureIo();
    await runFeatures({ config, export: true, connector: 'nope' }, deps, io);
    expect(io.code()).toBe(1);
    expect(io.err.join('')).toContain('connector "nope" is not a BigQuery or Snowflake connector');
  });
});
