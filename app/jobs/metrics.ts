import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobKind } from '../config/jobs.ts';
import { JOB_KINDS } from '../config/jobs.ts';
import type { JobQueue } from './queue.ts';

/** What a worker reports about the jobs it runs, and the queue depth it reads at each scrape. */
export interface JobMetrics {
  started(kind: JobKind, waitedSeconds: number, retryCount: number): void;
  finished(kind: JobKind, seconds: number, outcome: 'completed' | 'failed'): void;
}

const SECONDS_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14_400];

export function createJobMetrics(registry: Registry, queue?: JobQueue): JobMetrics {
  const waited = new Histogram({
    name: 'scorebridge_job_wait_seconds',
    help: 'Time from a job being enqueued (or due) to a worker starting it, by kind.',
    labelNames: ['kind'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const ran = new Histogram({
    name: 'scorebridge_job_run_seconds',
    help: 'Time from a worker starting a job to it finishing, by kind and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'scorebridge_job_failures_total',
    help: 'Job attempts that failed in this worker, by kind (each is retried until its retry limit).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'scorebridge_job_retries_total',
    help: 'Job attempts started that were retries (after a failure or a lapsed lease), by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  if (queue) registerQueueGauges(registry, queue);
  return {
    started(kind, waitedSeconds, retryCount) {
      waited.observe({ kind }, Math.max(0, waitedSeconds));
      if (retryCount > 0) retries.inc({ kind });
    },
    finished(kind, seconds, outcome) {
      ran.observe({ kind, outcome }, seconds);
      if (outcome === 'failed') failures.inc({ kind });
    },
  };
}

/**
 * Queue-wide numbers, read from Postgres at each scrape, so every worker and API replica reports
 * the same: jobs waiting, running and failed (recently: failed jobs are kept 7 days), per kind.
 */
export function registerQueueGauges(registry: Registry, queue: JobQueue): void {
  const depth = new Gauge({
    name: 'scorebridge_jobs',
    help: 'Jobs in the queue by kind and state: waiting (due now), deferred (retry or later start), running, failed (kept 7 days), dead_letter (out of retries).',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      const queues = await queue.boss.getQueues();
      this.reset();
      for (const row of queues) {
        const kind = row.name.endsWith('_failed') ? row.name.slice(0, -'_failed'.length) : row.name;
        if (!(JOB_KINDS as readonly string[]).includes(kind)) continue;
        if (row.name.endsWith('_failed')) {
          depth.set({ kind, state: 'dead_letter' }, row.queuedCount);
          continue;
        }
        depth.set({ kind, state: 'waiting' }, row.readyCount);
        depth.set({ kind, state: 'deferred' }, row.deferredCount);
        depth.set({ kind, state: 'running' }, row.activeCount);
        depth.set({ kind, state: 'failed' }, row.failedCount);
      }
    },
  });
}
