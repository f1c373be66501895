import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { PostgresDailyQuota } from '../../../core/limits/postgres/daily-quota.ts';
import { PostgresOnceKeys } from '../../../core/limits/postgres/once-keys.ts';
import { PostgresRateBuckets } from '../../../core/limits/postgres/rate-buckets.ts';
import { PostgresWindowLimiter } from '../../../core/limits/postgres/window-limiter.ts';
import { createPostgresPool } from '../../../core/store/postgres/pool.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';

const CHILD = fileURLToPath(new URL('./fixtures/limiter-child.ts', import.meta.url));

function runChild(args: readonly string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as number[]);
      else reject(new Error(`limiter child exited ${code}: ${err}`));
    });
  });
}

/** A virtual clock whose sleeps advance it, recording every wait asked for. */
function virtualTime(start: string) {
  const clock = new FixedClock(start);
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };
  return { clock, waits, sleep };
}

describe('limits shared through Postgres by several processes', () => {
  let store: PostgresTestStore;
  let poolA: pg.Pool;
  let poolB: pg.Pool;

  beforeAll(async () => {
    store = await openPostgresTestStore(new FixedClock('2026-12-01T00:00:00Z'));
    poolA = createPostgresPool({ url: store.database.url, max: 2 });
    poolB = createPostgresPool({ url: store.database.url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await poolA?.end();
    await poolB?.end();
    await store?.dispose();
  });

  it('two processes on one account never start more than the limit in any window together', async () => {
    const limit = 4;
    const windowMs = 250;
    const startAt = Date.now() + 3_000;
    const args = [
      store.database.url,
      'hubspot:portal-1:ten-secondly',
      '12',
      String(limit),
      String(windowMs),
      String(startAt),
    ];
    const [first, second] = await Promise.all([runChild(args), runChild(args)]);
    const elapsed = Math.max(...first, ...second) - startAt;
    const all = [...first, ...second].sort((a, b) => a - b);
    expect(all).toHaveLength(24);
    // No limit + 1 starts inside any window: the (i + limit)th start is a full window after the ith.
    for (let i = 0; i + limit < all.length; i++)
      expect(all[i + limit]! - all[i]!).toBeGreaterThanOrEqual(windowMs);
    // Both processes got starts throughout, not one after the other.
    expect(Math.min(...second)).toBeLessThan(Math.max(...first));
    expect(elapsed).toBeGreaterThanOrEqual((24 / limit - 1) * windowMs);
  }, 60_000);

  it('two accounts do not share a window, and a pause set by one process holds the other back', async () => {
    const time = virtualTime('2026-12-01T10:00:00Z');
    const options = { limit: 3, windowMs: 10_000, clock: time.clock, sleep: time.sleep };
    const portal1A = new PostgresWindowLimiter(poolA, 'hubspot:portal-1:general', options);
    const portal1B = new PostgresWindowLimiter(poolB, 'hubspot:portal-1:general', options);
    const portal2B = new PostgresWindowLimiter(poolB, 'hubspot:portal-2:general', options);
    await portal1A.acquire();
    await portal1A.acquire();
    await portal1B.acquire();
    for (let i = 0; i < 3; i++) await portal2B.acquire();
    expect(time.waits).toEqual([]);
    // The fourth start of portal 1 waits out the window its first start opened, whichever process asks.
    await portal1B.acquire();
    expect(time.waits).toEqual([10_000]);

    const pausedA = new PostgresWindowLimiter(poolA, 'salesforce:org-9:per-second', options);
    const pausedB = new PostgresWindowLimiter(poolB, 'salesforce:org-9:per-second', options);
    pausedA.pause(7_000);
    await vi.waitFor(async () => {
      const rows = await poolB.query('SELECT 1 FROM limit_pauses WHERE limit_key = $1', [
        'salesforce:org-9:per-second',
      ]);
      expect(rows.rowCount).toBe(1);
    });
    time.waits.length = 0;
    await pausedB.acquire();
    expect(time.waits).toEqual([7_000]);
  });

  it('a daily quota observed by one process is seen by the other', async () => {
    const clock = new FixedClock('2026-12-01T11:00:00Z');
    const seenBy = new PostgresDailyQuota(poolA, 'hubspot:portal-1', { reserveFraction: 0.1, clock });
    const other = new PostgresDailyQuota(poolB, 'hubspot:portal-1', { reserveFraction: 0.1, clock });
    const elsewhere = new PostgresDailyQuota(poolB, 'hubspot:portal-2', { reserveFraction: 0.1, clock });
    await other.refresh();
    expect(other.available()).toBe(Number.POSITIVE_INFINITY);
    seenBy.observe(250_000, 30_000);
    await seenBy.refresh();
    clock.advance(1_000);
    await other.refresh();
    expect(other.snapshot()).toEqual({ limit: 250_000, remaining: 30_000 });
    expect(other.available()).toBe(5_000);
    await elsewhere.refresh();
    expect(elsewhere.snapshot()).toEqual({ limit: undefined, remaining: undefined });
    // An older observation does not overwrite a newer one.
    other.observe(250_000, 24_000);
    await other.refresh();
    clock.set('2026-12-01T10:59:00Z');
    seenBy.observe(250_000, 29_000);
    clock.set('2026-12-01T11:00:05Z');
    await seenBy.refresh();
    expect(seenBy.snapshot().remaining).toBe(24_000);
  });

  it('a key added by one process is a repeat for the other until it expires', async () => {
    const a = new PostgresOnceKeys(poolA, 'webhook-event:hubspot');
    const b = new PostgresOnceKeys(poolB, 'webhook-event:hubspot');
    const now = Date.parse('2026-12-01T12:00:00Z');
    const added = await Promise.all([
      a.addFresh(['e1', 'e2', 'e2'], now + 60_000, now),
      b.addFresh(['e2', 'e3'], now + 60_000, now),
    ]);
    expect([...added[0], ...added[1]].sort()).toEqual(['e1', 'e2', 'e3']);
    expect(await b.addFresh(['e1'], now + 60_000, now + 1_000)).toEqual([]);
    expect(
      await new PostgresOnceKeys(poolB, 'webhook-event:salesforce').addFresh(['e1'], now + 60_000, now),
    ).toEqual(['e1']);
    expect(await b.addFresh(['e1'], now + 200_000, now + 60_000)).toEqual(['e1']);
  });

  it('a token bucket holds its allowance across processes', async () => {
    const clock = new FixedClock('2026-12-01T13:00:00Z');
    const a = new PostgresRateBuckets(poolA, 'api-keys', 6, clock);
    const b = new PostgresRateBuckets(poolB, 'api-keys', 6, clock);
    const waits = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? a : b).take('key:1')));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(6);
    expect(waits.filter((wait) => wait > 0)).toEqual([10, 10]);
    expect(await b.take('key:2')).toBe(0);
    clock.advance(10_000);
    expect(await a.take('key:1')).toBe(0);
    expect(await b.take('key:1')).toBe(10);
  });
});
