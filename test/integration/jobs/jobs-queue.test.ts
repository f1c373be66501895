import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobMetrics } from '../../../app/jobs/metrics.ts';
import { type JobQueue, openJobQueue } from '../../../app/jobs/queue.ts';
import { watchJobQueue } from '../../../app/jobs/server-metrics.ts';
import { readJobsStatus } from '../../../app/jobs/status.ts';
import { formatJobsStatus } from '../../../app/jobs/status-format.ts';
import { type JobHandlers, startWorker } from '../../../app/jobs/worker.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { type EnqueueTick, startEnqueueing } from '../../../cli/commands/schedule-enqueue.ts';
import { runWorker } from '../../../cli/commands/worker.ts';
import { createJobHandlers } from '../../../cli/commands/worker-handlers.ts';
import { systemClock } from '../../../core/clock.ts';
import { createLogger } from '../../../core/logger.ts';
import { eventually, type JobFixture, startJobFixture } from './job-fixture.ts';

async function states(fixture: JobFixture, kind: string) {
  return fixture.query<{ state: string; data: { stream?: string } }>(
    'SELECT state, data FROM pgboss.job WHERE name = $1 ORDER BY created_on',
    [kind],
  );
}

// Errors only: a failing job's reason shows in the test output.
const log = createLogger({ level: 'error' });

describe('jobs on the Postgres queue', () => {
  let fixture: JobFixture;
  const queues: JobQueue[] = [];
  beforeAll(async () => {
    fixture = await startJobFixture({ contacts: 60, latencyMs: 20 });
  });
  afterAll(async () => {
    for (const queue of queues) await queue.stop({ graceful: false, timeoutMs: 2000 });
    await fixture.close();
  });

  async function worker(
    handlers?: (base: JobHandlers) => JobHandlers,
    registry?: Registry,
  ): Promise<JobQueue> {
    const loaded = await fixture.load();
    const queue = await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: true });
    queues.push(queue);
    const base = createJobHandlers({
      configFile: fixture.configFile,
      loaded,
      queue,
      clock: systemClock,
      logger: log,
      env: { ...process.env, ...fixture.env },
    });
    await startWorker({
      queue,
      handlers: handlers ? handlers(base) : base,
      kinds: ['sync'],
      concurrency: 2,
      clock: systemClock,
      logger: log,
      pollingIntervalSeconds: 0.5,
      ...(registry ? { metrics: createJobMetrics(registry) } : {}),
    });
    return queue;
  }

  it('`schedule` on two hosts, started at once on a fresh database, enqueues a period once', async () => {
    const loaded = await fixture.load();
    const ticks: EnqueueTick[] = [];
    // Both install pg-boss's schema at the same moment (it takes an advisory lock) and both
    // enqueue the catch-up period.
    const schedulers = await Promise.all(
      [0, 1].map(() =>
        startEnqueueing(loaded, { clock: systemClock, logger: log, onTick: (tick) => ticks.push(tick) }),
      ),
    );
    for (const scheduler of schedulers) await scheduler.stop();
    expect(ticks.map((tick) => tick.work)).toEqual(['sync', 'sync']);
    expect(ticks[0]!.period).toBe(ticks[1]!.period);
    const added = ticks.flatMap((tick) => tick.added).sort();
    const present = ticks.flatMap((tick) => tick.present).sort();
    expect(added).toEqual(['sync hubspot.companies', 'sync hubspot.contacts']);
    expect(present).toEqual(['sync hubspot.companies', 'sync hubspot.contacts']);
    const rows = await states(fixture, 'sync');
    expect(rows.map((row) => row.data.stream).sort()).toEqual(['hubspot.companies', 'hubspot.contacts']);
  });

  it('a worker runs the queued sync jobs to completion and the records land in the store', async () => {
    const loaded = await fixture.load();
    const registry = new Registry();
    await worker(undefined, registry);
    await eventually(
      async () =>
        (await states(fixture, 'sync')).every((row) => row.state === 'completed') ? true : undefined,
      30_000,
      'both sync jobs to complete',
    );
    const [contacts] = await fixture.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM source_records WHERE system = 'hubspot' AND kind = 'contact'",
    );
    expect(contacts!.n).toBe(60);
    const runs = await fixture.query<{ stream: string; status: string }>(
      'SELECT stream, status FROM sync_runs ORDER BY id',
    );
    expect(runs).toEqual([
      { stream: 'hubspot.companies', status: 'succeeded' },
      { stream: 'hubspot.contacts', status: 'succeeded' },
    ]);
    const db = queues[0]!.boss.getDb();
    const status = await readJobsStatus((text, values) => db.executeSql(text, values), new Date());
    const sync = status.kinds.find((kind) => kind.kind === 'sync')!;
    expect(sync).toMatchObject({ waiting: 0, running: 0, completedDay: 2, failedDay: 0 });
    expect(formatJobsStatus(status)).toMatch(/^sync\s+0\s+-\s+0\s+0\s+2\s+0$/m);
    // The worker's own latency histograms, and the queue's depth as an API replica reports it.
    const unwatch = watchJobQueue(loaded.config.store, registry);
    try {
      const text = await registry.metrics();
      expect(text).toContain('scorebridge_job_run_seconds_count{kind="sync",outcome="completed"} 2');
      expect(text).toContain('scorebridge_job_wait_seconds_count{kind="sync"} 2');
      expect(text).toContain('scorebridge_jobs{kind="sync",state="completed_24h"} 2');
      expect(text).toContain('scorebridge_jobs{kind="sync",state="waiting"} 0');
    } finally {
      await unwatch();
    }
  });

  it('two workers never sync the same stream at the same time', async () => {
    // Only the two workers this test starts take jobs.
    for (const queue of queues.splice(0)) await queue.stop({ graceful: true, timeoutMs: 5000 });
    let running = 0;
    let most = 0;
    const tracked = (base: JobHandlers): JobHandlers => ({
      ...base,
      sync: async (payload, context) => {
        running += 1;
        most = Math.max(most, running);
        try {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return await base.sync(payload, context);
        } finally {
          running -= 1;
        }
      },
    });
    const [first] = [await worker(tracked), await worker(tracked)];
    for (const period of ['2026-12-07T10:00:00.000Z', '2026-12-07T10:05:00.000Z', '2026-12-07T10:10:00.000Z'])
      await first!.enqueue('sync', { stream: 'hubspot.contacts', period });
    await eventually(
      async () =>
        (await states(fixture, 'sync')).every((row) => row.state === 'completed') ? true : undefined,
      40_000,
      'the three contacts syncs to complete',
    );
    expect(await states(fixture, 'sync')).toHaveLength(5);
    expect(most).toBe(1);
  });

  it('a publish queued after each scored model joins the one still waiting', async () => {
    const loaded = await fixture.load();
    const queue = await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: false });
    queues.push(queue);
    const period = '2026-12-07T11:00:00.000Z';
    expect(await queue.follow('publish', { connector: 'warehouse', period })).toBe(true);
    expect(await queue.follow('publish', { connector: 'warehouse', period })).toBe(false);
    expect(await queue.follow('publish', { connector: 'other_warehouse', period })).toBe(true);
    expect(await states(fixture, 'publish')).toHaveLength(2);
    await expect(queue.follow('publish', { period })).rejects.toThrow(/connector/);
  });

  it('`worker` on the SQLite store exits with a clear error pointing to `schedule`', async () => {
    const sqlite = await startJobFixture({ contacts: 1, store: 'sqlite' });
    try {
      let err = '';
      const io: CommandIo = {
        stdout: () => {},
        stderr: (text) => {
          err += text;
        },
        env: { ...process.env, ...sqlite.env },
        setExitCode: () => {},
      };
      const code: ExitCode = await runWorker({ config: sqlite.configFile }, io);
      expect(code).toBe(2);
      expect(err).toContain(
        'scorebridge.yaml: scorebridge worker needs the shared Postgres store (store.type: postgres',
      );
      expect(err).toContain('run `scorebridge schedule`');
    } finally {
      await sqlite.close();
    }
  });
});
