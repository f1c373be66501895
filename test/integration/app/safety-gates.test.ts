import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import { readDataFreshness } from '../../../app/safety/data-freshness.ts';
import { gatedEngineRun } from '../../../app/safety/gated-engine-run.ts';
import { type Sandbox, startSandbox } from '../../../app/sandbox/start-sandbox.ts';
import { openProductStore } from '../../../app/store.ts';
import { openWorkflowEngine } from '../../../app/workflows/open-session.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { publishFromConfig } from '../../../cli/commands/publish.ts';
import { runEverything } from '../../../cli/commands/run.ts';
import { syncFromConfig } from '../../../cli/commands/sync.ts';
import { runWorkflowsNow } from '../../../cli/commands/workflows.ts';
import { exitCodeOf, writeBackFromConfig } from '../../../cli/commands/writeback.ts';
import { FixedClock } from '../../../core/clock.ts';
import { realSleep } from '../../../core/limits/sleep.ts';
import { createLogger } from '../../../core/logger.ts';
import type { Score } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';

/** Set from the synced data: six hours after its newest event the data is fresh, five weeks after it is stale. */
const FRESH = new FixedClock('2026-11-01T06:00:00.000Z');
const STALE = new FixedClock('2026-12-07T12:00:00.000Z');
const HOUR = 3_600_000;
const MODEL = 'churn_risk';

function capture(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  let code: ExitCode | undefined;
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    setExitCode: (c) => {
      code = c;
    },
  };
  return { io, out: () => out.join('\n'), err: () => err.join('\n'), code: () => code };
}

/** Requests that change a HubSpot portal: updates, creations, property setup (reads and searches excluded). */
const HUBSPOT_WRITE = /^(PATCH|PUT|DELETE) |^POST (?!.*(batch\/read|\/search|oauth))/;

describe('safety gates and dry runs before writes to CRMs, warehouses and inboxes', () => {
  let sandbox: Sandbox;
  let env: Record<string, string | undefined>;
  let configFile: string;
  let storePath: string;

  async function withStore<T>(work: (store: SqliteCanonicalStore) => T | Promise<T>): Promise<T> {
    const store = await openProductStore(storePath, FRESH);
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  /** Every account scored by churn_risk v1; `tierOf` decides each account's tier by its position. */
  async function scoreAccounts(tierOf: (index: number) => 'low' | 'medium' | 'high', at: string) {
    await withStore(async (store) => {
      const scores: Score[] = [];
      let index = 0;
      for await (const page of store.iterateAccounts()) {
        for (const account of page) {
          const tier = tierOf(index++);
          const value = tier === 'high' ? 85 : tier === 'medium' ? 55 : 20;
          scores.push({
            entityType: 'account',
            entityId: account.id,
            model: MODEL,
            kind: 'churn',
            modelVersion: '1',
            probability: value / 100,
            value,
            tier,
            reasons: [
              { feature: 'login_30d', direction: 'up', points: 10, text: 'fewer logins in the last 30 days' },
            ],
            amount: null,
            action: null,
            computedAt: at,
          });
        }
      }
      await store.saveScores(scores);
    });
  }

  /** A scoring run of the promoted model as the registry records it, with this score drift. */
  async function recordRun(status: 'ok' | 'alert', psi: number) {
    await withStore((store) => {
      const registry = ModelRegistry.of(store, FRESH);
      const rows = Number(
        (
          store.database.prepare('SELECT COUNT(*) AS n FROM scores WHERE model = ?').get(MODEL) as {
            n: number;
          }
        ).n,
      );
      registry.recordRun({
        name: MODEL,
        version: 1,
        asOf: '2026-11-01T00:00:00.000Z',
        rows,
        summary: {
          model: MODEL,
          scored: rows,
          drift: {
            rows,
            score: { feature: 'score', psi, status },
            features: [],
            alert: status === 'alert' ? 4 : 0,
            warn: 0,
          },
        },
      });
    });
  }

  const count = async (sql: string) =>
    withStore((store) => Number((store.database.prepare(sql).get() as { n: number }).n));

  function emailFiles(): number {
    const dir = path.join(path.dirname(configFile), 'emails');
    return existsSync(dir) ? readdirSync(dir).length : 0;
  }

  function writesReceived() {
    const { hubspot, salesforce, bigquery, snowflake } = sandbox.emulators;
    return {
      hubspot: hubspot.stats.count({ endpoint: HUBSPOT_WRITE }),
      salesforce: salesforce.stats.recordsWritten,
      bigquery: bigquery.stats.rowsLoaded + bigquery.stats.rowsInserted,
      snowflake: snowflake.stats.total(),
    };
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      dir: mkdtempSync(path.join(tmpdir(), 'sb-gates-')),
      contacts: 300,
      seed: 3,
      hubspotPort: 0,
      salesforcePort: 0,
    });
    env = { ...process.env, ...sandbox.env };
    configFile = sandbox.configFile;
    const loaded = await loadConfig(configFile, env);
    storePath = loaded.config.store.path;
    const synced = await syncFromConfig({ config: configFile }, capture(env).io);
    expect(synced.every((result) => result.status === 'succeeded')).toBe(true);
    const newest = await withStore(
      (store) => readDataFreshness(store.database, new Date('2100-01-01T00:00:00.000Z')).newestAt!,
    );
    FRESH.set(new Date(Date.parse(newest) + 6 * HOUR));
    STALE.set(new Date(Date.parse(newest) + 36 * 24 * HOUR));
    await withStore((store) => {
      const registry = ModelRegistry.of(store, FRESH);
      const model = registry.add({
        name: MODEL,
        kind: 'churn',
        entity: 'account',
        asOf: '2026-11-01T00:00:00.000Z',
        trainingWindow: { from: '2025-09-01T00:00:00.000Z', to: '2026-08-03T00:00:00.000Z' },
        features: ['login_30d'],
        metrics: {},
        fingerprint: 'gates-test',
        artifact: {},
      });
      registry.promote(MODEL, model.version, 'test model');
    });
    await scoreAccounts(
      (i) => (i % 10 === 0 ? 'high' : i % 3 === 0 ? 'medium' : 'low'),
      '2026-11-01T01:00:00.000Z',
    );
  }, 120_000);
  afterAll(async () => sandbox?.close());
  beforeEach(async () => {
    await recordRun('ok', 0.01);
    const { hubspot, salesforce, bigquery, snowflake } = sandbox.emulators;
    hubspot.stats.reset();
    salesforce.stats.reset();
    bigquery.stats.reset();
    snowflake.stats.reset();
  });

  it('a stale store makes `run` exit 2 before it scores or writes anything', async () => {
    const historyBefore = await count('SELECT COUNT(*) AS n FROM score_history');
    const cli = capture(env);
    const code = await runEverything({ config: configFile, sync: false }, cli.io, { clock: STALE });
    expect(code).toBe(2);
    expect(cli.err()).toMatch(/newest data in the store is from \d{4}-\d\d-\d\d \d\d:\d\d UTC, 36 days ago/);
    expect(cli.err()).toMatch(/safety\.maxDataAge is 2 days/);
    expect(cli.err()).toMatch(/--force/);
    expect(await count('SELECT COUNT(*) AS n FROM score_history')).toBe(historyBefore);
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(0);
    expect(writesReceived()).toEqual({ hubspot: 0, salesforce: 0, bigquery: 0, snowflake: 0 });
    // The gate on each writing command refuses the same way.
    const writeback = capture(env);
    const run = await writeBackFromConfig({ config: configFile }, writeback.io, { clock: STALE });
    expect(exitCodeOf(run)).toBe(2);
    expect(run.held).toEqual(['hubspot', 'salesforce']);
    expect(writesReceived().hubspot).toBe(0);
  });

  it('--dry-run writes nothing: no CRM change, no warehouse table, no outbox row, no email', async () => {
    const writeback = capture(env);
    const preview = await writeBackFromConfig({ config: configFile, dryRun: true }, writeback.io, {
      clock: FRESH,
    });
    const hubspotTally = preview.tallies.find((t) => t.connector === 'hubspot' && t.model === MODEL)!;
    expect(hubspotTally.planned).toBeGreaterThan(30);
    expect(hubspotTally.written).toBe(hubspotTally.planned);
    expect(writeback.out()).toMatch(/Dry run: nothing was written/);
    expect(writeback.out()).toMatch(/churn_risk: first write-back to hubspot; \d+ accounts would be new/);

    const publish = capture(env);
    const published = await publishFromConfig({ config: configFile, dryRun: true }, publish.io, {
      clock: FRESH,
    });
    expect(published.previews.map((p) => p.connector)).toEqual(['bigquery', 'snowflake']);
    expect(published.previews[0]!.rows).toBeGreaterThan(30);
    expect(publish.out()).toMatch(/would be staged and merged/);

    const workflows = capture(env);
    const run = await runWorkflowsNow({ config: configFile, dryRun: true }, workflows.io, 'test', {
      clock: FRESH,
    });
    expect(run.preview?.enrolled).toBeGreaterThan(0);
    expect(run.preview?.outbox.reduce((sum, row) => sum + row.count, 0)).toBeGreaterThan(0);
    expect(workflows.out()).toMatch(/Workflow \S+: \d+ would enroll/);

    expect(writesReceived()).toEqual({ hubspot: 0, salesforce: 0, bigquery: 0, snowflake: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM enrollments')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM workflow_runs')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM write_marks')).toBe(0);
    expect(emailFiles()).toBe(0);
    expect(
      sandbox.emulators.hubspot.state.properties.get('companies', 'scorebridge_churn_risk_tier'),
    ).toBeUndefined();
  });

  it('a drift alert holds write-back, publish and enrollment unless --force', async () => {
    await recordRun('alert', 0.61);
    const writeback = capture(env);
    const held = await writeBackFromConfig({ config: configFile }, writeback.io, { clock: FRESH });
    expect(held.held).toEqual(['hubspot', 'salesforce']);
    expect(writeback.err()).toMatch(/Held: write-back to hubspot\. Nothing was written\./);
    expect(writeback.err()).toMatch(/churn_risk v1: score drift PSI 0\.610 is at alert/);

    const publish = capture(env);
    const heldPublish = await publishFromConfig({ config: configFile }, publish.io, { clock: FRESH });
    expect(heldPublish.held).toEqual(['bigquery', 'snowflake']);

    const workflows = capture(env);
    const heldRun = await runWorkflowsNow({ config: configFile }, workflows.io, 'test', { clock: FRESH });
    expect(heldRun.held).toBe(true);
    expect(workflows.err()).toMatch(/Held: workflow run/);

    expect(writesReceived()).toEqual({ hubspot: 0, salesforce: 0, bigquery: 0, snowflake: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM enrollments')).toBe(0);

    const forced = capture(env);
    const written = await writeBackFromConfig({ config: configFile, force: true }, forced.io, {
      clock: FRESH,
    });
    expect(written.held).toEqual([]);
    expect(forced.err()).toMatch(/--force: write-back to hubspot goes ahead although 1 gate\(s\) tripped/);
    expect(writesReceived().hubspot).toBeGreaterThan(0);
    expect(writesReceived().salesforce).toBeGreaterThan(0);
    const forcedPublish = await publishFromConfig({ config: configFile, force: true }, capture(env).io, {
      clock: FRESH,
    });
    expect(forcedPublish.tallies.map((t) => t.connector)).toEqual(['bigquery', 'snowflake']);
    const forcedRun = await runWorkflowsNow({ config: configFile, force: true }, capture(env).io, 'test', {
      clock: FRESH,
    });
    expect(forcedRun.summary?.enrolled).toBeGreaterThan(0);
  });

  it('a scheduled runner (schedule, workflows run --watch, serve --engine) skips a held run with a warning, and runs once clear', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      destination: new Writable({
        write(chunk, _encoding, callback) {
          lines.push(String(chunk));
          callback();
        },
      }),
    });
    const loaded = await loadConfig(configFile, env);
    const session = await openWorkflowEngine(loaded, { clock: FRESH, logger, sleep: realSleep, env });
    const deps = { ...session, loaded, clock: FRESH, logger };
    try {
      await recordRun('alert', 0.7);
      const outboxBefore = await count('SELECT COUNT(*) AS n FROM outbox');
      const runsBefore = await count('SELECT COUNT(*) AS n FROM workflow_runs');
      const held = await gatedEngineRun(deps, 'schedule */5 * * * *');
      expect(held.held).toBe(true);
      expect(held.held && held.tripped.map((trip) => trip.gate)).toEqual(['drift_alert']);
      const warning = lines.map((line) => JSON.parse(line)).find((line) => line.level === 40);
      expect(warning.msg).toMatch(/workflow run held by safety gates; nothing was enrolled or sent/);
      expect(warning.gates[0]).toMatch(/churn_risk v1: score drift PSI 0\.700 is at alert/);
      expect(await count('SELECT COUNT(*) AS n FROM outbox')).toBe(outboxBefore);
      expect(await count('SELECT COUNT(*) AS n FROM workflow_runs')).toBe(runsBefore);

      await recordRun('ok', 0.01);
      const clear = await gatedEngineRun(deps, 'schedule */5 * * * *');
      expect(clear.held).toBe(false);
      expect(await count('SELECT COUNT(*) AS n FROM workflow_runs')).toBe(runsBefore + 1);
    } finally {
      await session.close();
    }
  });

  it('holds write-back when more accounts changed tier since the last write than safety.maxTierChangeShare', async () => {
    // The previous test wrote every account; now move 40 % of them to another tier.
    await scoreAccounts(
      (i) => (i % 5 < 2 ? 'high' : 'low'),
      new Date(FRESH.now().getTime() + HOUR).toISOString(),
    );
    const cli = capture(env);
    const run = await writeBackFromConfig({ config: configFile, connector: ['hubspot'] }, cli.io, {
      clock: FRESH,
    });
    expect(run.held).toEqual(['hubspot']);
    expect(cli.err()).toMatch(
      /churn_risk: \d+ of \d+ accounts \((\d+)%\) changed tier since the last write-back to hubspot/,
    );
    const share = Number(/\((\d+)%\) changed tier/.exec(cli.err())![1]);
    expect(share).toBeGreaterThan(20);
    expect(cli.err()).toMatch(/safety\.maxTierChangeShare is 20%/);
    expect(cli.err()).toMatch(/low → high \d+/);
    expect(writesReceived().hubspot).toBe(0);

    const preview = capture(env);
    await writeBackFromConfig({ config: configFile, connector: ['hubspot'], dryRun: true }, preview.io, {
      clock: FRESH,
    });
    expect(preview.out()).toMatch(/would be HELD/);
    expect(preview.out()).toMatch(/changed tier \(\d+\.\d%\) since/);
  });

  it('writeback --full puts back values edited in the CRM, and says how many it repaired', async () => {
    // Write the current scores (forced past the tier-change hold of the previous test).
    await writeBackFromConfig({ config: configFile, force: true }, capture(env).io, { clock: FRESH });
    const hubspot = sandbox.emulators.hubspot.state;
    const edited = [...hubspot.tables.companies.scanFrom(0, false)].filter(
      (company) => company.properties.scorebridge_churn_risk_tier,
    )[0]!;
    const wanted = edited.properties.scorebridge_churn_risk_tier;
    hubspot.update('companies', edited.id, {
      scorebridge_churn_risk_tier: wanted === 'high' ? 'low' : 'high',
    });

    // Without --full HubSpot trusts what it last wrote, and sends nothing.
    const plain = await writeBackFromConfig({ config: configFile, connector: ['hubspot'] }, capture(env).io, {
      clock: FRESH,
    });
    expect(plain.tallies.find((t) => t.model === MODEL)!.written).toBe(0);

    const dry = await writeBackFromConfig(
      { config: configFile, connector: ['hubspot'], full: true, dryRun: true },
      capture(env).io,
      { clock: FRESH },
    );
    expect(dry.tallies.find((t) => t.model === MODEL)).toMatchObject({ written: 1, repaired: 1 });
    expect(hubspot.live('companies', edited.id)?.properties.scorebridge_churn_risk_tier).not.toBe(wanted);

    const cli = capture(env);
    const full = await writeBackFromConfig(
      { config: configFile, connector: ['hubspot'], full: true },
      cli.io,
      {
        clock: FRESH,
      },
    );
    expect(full.tallies.find((t) => t.model === MODEL)).toMatchObject({ written: 1, repaired: 1 });
    expect(cli.out()).toMatch(/repaired/);
    expect(hubspot.live('companies', edited.id)?.properties.scorebridge_churn_risk_tier).toBe(wanted);
  });
});
