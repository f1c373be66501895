import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { runFeatures } from '../../../cli/commands/features.ts';
import { runScore } from '../../../cli/commands/score.ts';
import { FixedClock } from '../../../core/clock.ts';
import {
  type EmulatedBigQuery,
  PROJECT,
  startEmulatedBigQuery,
} from '../connectors/bigquery/emulated-bigquery.ts';
import { SPECS, type TrainedDemo, trainedDemo } from './in-warehouse-harness.ts';

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
  let trained: TrainedDemo;
  let bq: EmulatedBigQuery;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    [trained, bq] = await Promise.all([trainedDemo(), startEmulatedBigQuery()]);
    dir = mkdtempSync(join(tmpdir(), 'sb-inwh-cli-'));
    config = join(dir, 'scorebridge.yaml');
    writeFileSync(
      config,
      [
        'version: 1',
        `store: { path: ${JSON.stringify(trained.demo.storePath)} }`,
        'connectors:',
        '  wh:',
        '    type: bigquery',
        `    projectId: ${PROJECT}`,
        '    dataset: cli',
        `    apiEndpoint: ${bq.emulator.url}`,
      ].join('\n'),
    );
  }, 120_000);
  afterAll(async () => {
    await bq?.emulator.close();
    await trained?.demo.cleanup();
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

  it('scores every promoted lead and churn model inside the warehouse', async () => {
    const io = captureIo();
    await runScore({ config, model: 'all', asOf: '2026-11-01T00:00:00.000Z', inWarehouse: true }, deps, io);
    expect(io.err).toEqual([]);
    expect(io.code()).toBe(0);
    const [rows] = await bq.client.bigquery.query(
      'SELECT model, COUNT(*) AS n FROM cli.scorebridge_scores GROUP BY model ORDER BY model',
    );
    expect(rows.map((r) => r.model)).toEqual(['churn_risk', 'lead_score']);
    expect(io.out.join('\n')).toContain('scorebridge_features_lead_score');
  }, 60_000);

  it('refuses an unknown connector with a clear message', async () => {
    const io = captureIo();
    await runFeatures({ config, export: true, connector: 'nope' }, deps, io);
    expect(io.code()).toBe(1);
    expect(io.err.join('')).toContain('connector "nope" is not a BigQuery or Snowflake connector');
  });
});
