import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config/index.ts';
import { openRuntime, type Runtime } from '../../../app/runtime.ts';
import { topHubspotCompanies, topSalesforceAccounts } from '../../../app/sandbox/inspect.ts';
import { type Sandbox, startSandbox } from '../../../app/sandbox/start-sandbox.ts';
import { runWriteBack } from '../../../app/writeback/run-writeback.ts';
import { writeBackTargets } from '../../../app/writeback/targets.ts';
import { FixedClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import type { Score } from '../../../core/schema/index.ts';
import { runSync } from '../../../core/sync/run-sync.ts';

describe('sandbox: two CRMs -> one store -> scores written back to both', () => {
  let sandbox: Sandbox;
  let runtime: Runtime;
  const clock = new FixedClock('2026-11-02T00:00:00Z');
  const churn = { name: 'churn_risk', kind: 'churn' as const, entity: 'account' as const };

  beforeAll(async () => {
    sandbox = await startSandbox({
      dir: mkdtempSync(path.join(tmpdir(), 'sb-sandbox-')),
      contacts: 300,
      seed: 3,
      hubspotPort: 0,
      salesforcePort: 0,
    });
    const loaded = await loadConfig(sandbox.configFile, { ...process.env, ...sandbox.env });
    runtime = await openRuntime(loaded, clock, silentLogger());
    const results = await runSync({
      store: runtime.store,
      connectors: runtime.connectors,
      clock,
      logger: silentLogger(),
    });
    expect(results.every((r) => r.status === 'succeeded')).toBe(true);
  });
  afterAll(async () => {
    await runtime?.close();
    await sandbox?.close();
  });

  it('merges each company seen in both CRMs into one account', async () => {
    const accounts: { sources: { system: string }[] }[] = [];
    for await (const page of runtime.store.iterateAccounts()) accounts.push(...page);
    const both = accounts.filter((a) => new Set(a.sources.map((s) => s.system)).size === 2);
    expect(accounts.length).toBeGreaterThan(30);
    expect(both.length).toBe(accounts.length);
  });

  async function scoreEveryAccount(value: (index: number) => number): Promise<void> {
    const scores: Score[] = [];
    let index = 0;
    for await (const page of runtime.store.iterateAccounts()) {
      for (const account of page) {
        const v = value(index++);
        scores.push({
          entityType: 'account',
          entityId: account.id,
          model: 'churn_risk',
          kind: 'churn',
          modelVersion: 'v1',
          probability: v / 100,
          value: v,
          tier: v > 70 ? 'high' : v > 40 ? 'medium' : 'low',
          reasons: [
            {
              feature: 'logins_trend',
              direction: 'up',
              points: 12,
              text: 'logins down 60% vs previous month',
            },
          ],
          computedAt: clock.now().toISOString(),
        });
      }
    }
    await runtime.store.saveScores(scores);
  }

  // A fresh set of destinations per run, as each `scorebridge writeback` process has.
  async function writeBack() {
    const targets = writeBackTargets(runtime.loaded);
    try {
      return await runWriteBack({
        store: runtime.store,
        targets,
        models: [churn],
        tiers: ['low', 'medium', 'high'],
        clock,
        logger: silentLogger(),
        sleep: async () => {},
      });
    } finally {
      for (const target of targets) await target.destination.close?.();
    }
  }

  it('writes scores to both CRMs, then sends nothing when the scores did not change', async () => {
    await scoreEveryAccount((i) => (i * 37) % 100);
    const first = await writeBack();
    expect(first.map((t) => [t.connector, t.failed])).toEqual([
      ['hubspot', 0],
      ['salesforce', 0],
    ]);
    expect(first.map((t) => [t.planned, t.written])).toEqual([
      [first[0]!.planned, first[0]!.planned],
      [first[1]!.planned, first[1]!.planned],
    ]);
    expect(first[0]!.planned).toBeGreaterThan(30);

    const again = await writeBack();
    expect(again.every((t) => t.written === 0 && t.unchanged === t.planned)).toBe(true);

    const hubspot = await topHubspotCompanies(sandbox.hubspotUrl, sandbox.env, 'churn_risk', 1);
    const salesforce = await topSalesforceAccounts(
      sandbox.salesforceUrl,
      sandbox.env,
      sandbox.salesforceClientId,
      'Churn_Risk',
      1,
    );
    expect(hubspot[0]).toMatchObject({
      score: 99,
      tier: 'high',
      reasons: 'logins down 60% vs previous month',
    });
    expect(salesforce[0]).toMatchObject({
      score: 99,
      tier: 'high',
      reasons: 'logins down 60% vs previous month',
    });
  });
});
