import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobKind } from '../config/jobs.ts';
import { readJobsStatus, type StatusSql } from './status.ts';

/** What a worker reports about the jobs it runs, and the queue depth it reads at each scrape. */
export interface JobMetrics {
  /** `previous`: why the attempt before this one ended, when pg-boss ended it (a lapsed lease, a timeout). */
  started(
    kind: JobKind,
    waitedSeconds: number,
    retryCount: number,
    previous?: 'lease lapsed' | 'timed out',
  ): void;
  finished(kind: JobKind, seconds: number, outcome: 'completed' | 'failed'): void;
}

const SECONDS_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14_400];

export function createJobMetrics(registry: Registry, sql?: StatusSql): JobMetrics {
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
  const lapsed = new Counter({
    name: 'scorebridge_job_leases_lapsed_total',
    help: 'Jobs this worker took over because the worker running them stopped heartbeating (killed, host or network lost), by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const timedOut = new Counter({
    name: 'scorebridge_job_timeouts_total',
    help: 'Jobs this worker ran again because an earlier attempt ran past jobs.kinds.<kind>.maxRunMinutes, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  if (sql) registerQueueGauges(registry, sql);
  return {
    started(kind, waitedSeconds, retryCount, previous) {
      waited.observe({ kind }, Math.max(0, waitedSeconds));
      if (retryCount > 0) retries.inc({ kind });
      if (previous === 'lease lapsed') lapsed.inc({ kind });
      if (previous === 'timed out') timedOut.inc({ kind });
    },
    finished(kind, seconds, outcome) {
      ran.observe({ kind, outcome }, seconds);
      if (outcome === 'failed') failures.inc({ kind });
    },
  };
}

/**
 * Queue-wide numbers, read from Postgres at each scrape, so every worker and API replica reports
 * the same: jobs waiting, deferred, running, and done or failed for good in the last 24 hours.
 */
export function registerQueueGauges(registry: Registry, sql: StatusSql): void {
  const oldest = new Gauge({
    name: 'scorebridge_jobs_oldest_waiting_seconds',
    help: 'How long the longest-waiting job that is due has waited, by kind (0: none waits).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const depth = new Gauge({
    name: 'scorebridge_jobs',
    help: 'Jobs by kind and state: waiting (due, not started), deferred (a retry or a later start), running, completed_24h, failed_24h (out of retries in the last 24 hours).',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      let status: Awaited<ReturnType<typeof readJobsStatus>>;
      try {
        status = await readJobsStatus(sql, new Date());
      } catch {
        // No worker or scheduler has installed the queue yet: nothing to count.
        return;
      }
      for (const kind of status.kinds) {
        depth.set({ kind: kind.kind, state: 'waiting' }, kind.waiting);
        depth.set({ kind: kind.kind, state: 'deferred' }, kind.deferred);
        depth.set({ kind: kind.kind, state: 'running' }, kind.running);
        depth.set({ kind: kind.kind, state: 'completed_24h' }, kind.completedDay);
        depth.set({ kind: kind.kind, state: 'failed_24h' }, kind.failedDay);
      }
      for (const kind of status.kinds) oldest.set({ kind: kind.kind }, kind.oldestWaitingSeconds ?? 0);
    },
  });
}
