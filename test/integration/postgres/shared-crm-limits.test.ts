import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountThrottle } from '../../../connectors/hubspot/api/account-throttle.ts';
import { limitsForPlan } from '../../../connectors/hubspot/plan-limits.ts';
import { orgLimitsFor } from '../../../connectors/salesforce/org-limits.ts';
import { FixedClock } from '../../../core/clock.ts';
import { PostgresCrmLimits } from '../../../core/limits/postgres/crm-limits.ts';
import { createPostgresPool } from '../../../core/store/postgres/pool.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';

/** Two processes' worth of CRM limits (separate pools) on one Postgres, with a virtual clock. */
describe('CRM connectors share account limits through Postgres', () => {
  let store: PostgresTestStore;
  let pools: pg.Pool[];
  const clock = new FixedClock('2026-12-03T08:00:00Z');
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };

  beforeAll(async () => {
    store = await openPostgresTestStore(clock);
    pools = [0, 1].map(() => createPostgresPool({ url: store.database.url, max: 2 }));
  }, 60_000);
  afterAll(async () => {
    for (const pool of pools ?? []) await pool.end();
    await store?.dispose();
  });

  it('HubSpot: two processes on one account share the ten-second window and the daily quota; another account does not', async () => {
    const [processA, processB] = pools.map((pool) => new PostgresCrmLimits(pool, clock, sleep));
    const limits = limitsForPlan('starter', { perTenSeconds: 3, windowMarginMs: 0, dailyReserve: 0.1 });
    const base = 'http://127.0.0.1:9/hubspot';
    const inA = accountThrottle(base, 'private-app:portal-1', limits, clock, sleep, processA);
    const inB = accountThrottle(base, 'private-app:portal-1', limits, clock, sleep, processB);
    const otherPortal = accountThrottle(base, 'private-app:portal-2', limits, clock, sleep, processB);
    const ok = async () => 'ok';
    await inA.run('general', ok);
    await inB.run('general', ok);
    await inA.run('general', ok);
    for (let i = 0; i < 3; i++) await otherPortal.run('general', ok);
    expect(waits).toEqual([]);
    await inB.run('general', ok);
    expect(waits).toEqual([10_000]);

    inA.observe({ 'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': '20000' });
    await inA.quota.refresh();
    clock.advance(1_000);
    await expect(inB.run('general', ok)).rejects.toThrow(
      /daily API quota reserve reached \(20000 of 250000 left/,
    );
    await expect(otherPortal.run('general', ok)).resolves.toBe('ok');
  });

  it('Salesforce: the per-second pace and the daily allowance are the org’s across processes', async () => {
    waits.length = 0;
    const [processA, processB] = pools.map((pool) => new PostgresCrmLimits(pool, clock, sleep));
    const config = { concurrency: 2, requestsPerSecond: 2, reserveFraction: 0.2 };
    const inA = orgLimitsFor('https://acme.my.salesforce.com/', config, processA);
    const inB = orgLimitsFor('https://ACME.my.salesforce.com', config, processB);
    const ok = async () => 'ok';
    await inA.schedule(ok);
    await inB.schedule(ok);
    expect(waits).toEqual([]);
    await inA.schedule(ok);
    expect(waits).toEqual([1_000]);
    inB.quota.observe(15_000, 2_000);
    await inB.quota.refresh();
    clock.advance(1_000);
    await inA.quota.refresh();
    expect(inA.quota.snapshot()).toEqual({ limit: 15_000, remaining: 2_000 });
    expect(inA.quota.available()).toBe(0);
  });
});
