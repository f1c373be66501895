import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobQueue } from '../../../app/jobs/queue.ts';
import { freePort } from '../../helpers/postgres-server.ts';
import { eventually, type JobFixture, startJobFixture } from './job-fixture.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const CONTACTS = 400;

describe('a worker killed mid-job', () => {
  let fixture: JobFixture;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    // Slow pages keep the contacts sync running long enough to kill its worker part-way.
    fixture = await startJobFixture({ contacts: CONTACTS, latencyMs: 250, leaseSeconds: 10 });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await fixture.close();
  });

  function startWorker(metricsPort?: number): ChildProcess {
    const metrics = metricsPort === undefined ? [] : ['--metrics-port', String(metricsPort)];
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/node'),
      [
        'cli/main.ts',
        'worker',
        '--config',
        fixture.configFile,
        '--queues',
        'sync',
        '--concurrency',
        '1',
        ...metrics,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...fixture.env, SCOREBRIDGE_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) console.error(`worker exited ${code}:\n${output}`);
    });
    children.push(child);
    return child;
  }

  const contacts = async () =>
    (
      await fixture.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM source_records WHERE system = 'hubspot' AND kind = 'contact'",
      )
    )[0]!.n;

  it('loses its job after the lease; another worker resumes the stream from the committed cursor, no record twice', async () => {
    const loaded = await fixture.load();
    const queue = await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: false });
    try {
      expect(
        await queue.enqueue('sync', { stream: 'hubspot.contacts', period: '2026-12-07T09:00:00.000Z' }),
      ).toBe(true);
    } finally {
      await queue.stop({ graceful: false });
    }
    const first = startWorker();
    // Killed once some pages are committed with their cursor, and well before the last one.
    const partial = await eventually(
      async () => {
        const count = await contacts().catch(() => 0);
        return count >= 100 ? count : undefined;
      },
      60_000,
      'the first worker to commit some pages',
    );
    first.kill('SIGKILL');
    await once(first, 'exit');
    const atKill = await contacts();
    expect(atKill).toBeGreaterThanOrEqual(partial);
    expect(atKill).toBeLessThan(CONTACTS);

    const metricsPort = await freePort();
    const second = startWorker(metricsPort);
    const job = await eventually(
      async () => {
        const [row] = await fixture.query<{ state: string; retry_count: number }>(
          "SELECT state, retry_count FROM pgboss.job WHERE name = 'sync'",
        );
        return row?.state === 'completed' ? row : undefined;
      },
      90_000,
      'the second worker to take the job over and finish it',
    );
    // The first attempt's lease lapsed, so the job was retried by the second worker.
    expect(job.retry_count).toBe(1);
    expect(await contacts()).toBe(CONTACTS);
    const [distinct] = await fixture.query<{ n: number }>(
      "SELECT count(DISTINCT source_key)::int AS n FROM source_records WHERE system = 'hubspot' AND kind = 'contact'",
    );
    expect(distinct!.n).toBe(CONTACTS);
    const runs = await fixture.query<{
      status: string;
      error: string | null;
      inserted: number;
      updated: number;
      unchanged: number;
    }>(
      "SELECT status, error, inserted::int, updated::int, unchanged::int FROM sync_runs WHERE stream = 'hubspot.contacts' ORDER BY id",
    );
    expect(runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]!.error).toContain('interrupted');
    // Resumed, not restarted: the second run inserted exactly what was missing and read only
    // from the committed cursor on (a restart would have read all of them again).
    expect(runs[1]!.inserted).toBe(CONTACTS - atKill);
    expect(runs[1]!.inserted + runs[1]!.updated + runs[1]!.unchanged).toBeLessThan(CONTACTS);

    // The worker that took the job over counts the lapsed lease on its /metrics.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain('scorebridge_job_leases_lapsed_total{kind="sync"} 1');
    expect(metrics).toContain('scorebridge_job_retries_total{kind="sync"} 1');

    // SIGTERM stops the idle worker cleanly.
    second.kill('SIGTERM');
    const [code] = await once(second, 'exit');
    expect(code).toBe(0);
  }, 180_000);

  it('SIGTERM lets the running job finish before the worker exits', async () => {
    const loaded = await fixture.load();
    const queue = await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: false });
    try {
      const payload = { stream: 'hubspot.contacts', full: true, period: '2026-12-07T09:30:00.000Z' };
      expect(await queue.enqueue('sync', payload)).toBe(true);
    } finally {
      await queue.stop({ graceful: false });
    }
    const worker = startWorker();
    await eventually(
      async () => {
        const [row] = await fixture.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM sync_runs WHERE stream = 'hubspot.contacts' AND status = 'running'",
        );
        return row!.n > 0 ? true : undefined;
      },
      60_000,
      'the full re-read to start',
    );
    worker.kill('SIGTERM');
    const [code] = await once(worker, 'exit');
    expect(code).toBe(0);
    const jobs = await fixture.query<{ state: string; retry_count: number }>(
      "SELECT state, retry_count FROM pgboss.job WHERE name = 'sync' AND data->>'period' = '2026-12-07T09:30:00.000Z'",
    );
    expect(jobs).toEqual([{ state: 'completed', retry_count: 0 }]);
    const [last] = await fixture.query<{ status: string; unchanged: number }>(
      "SELECT status, unchanged::int FROM sync_runs WHERE stream = 'hubspot.contacts' ORDER BY id DESC LIMIT 1",
    );
    expect(last).toEqual({ status: 'succeeded', unchanged: CONTACTS });
  }, 120_000);
});
