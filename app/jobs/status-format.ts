import { formatTable } from '../table.ts';
import type { JobsStatus } from './status.ts';

function duration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/** `scorebridge jobs` for people: one line per kind, what runs now, what failed lately and why. */
export function formatJobsStatus(status: JobsStatus): string {
  const table = formatTable(
    ['kind', 'waiting', 'oldest waiting', 'deferred', 'running', 'done (24 h)', 'failed (24 h)'],
    status.kinds.map((kind) => [
      kind.kind,
      kind.waiting,
      duration(kind.oldestWaitingSeconds),
      kind.deferred,
      kind.running,
      kind.completedDay,
      kind.failedDay,
    ]),
  );
  const lines = [
    table,
    '',
    'waiting: due now, no worker has taken it yet (oldest waiting: how long the longest-waiting one has).',
    'deferred: waiting for a retry after a failure (each retry waits longer) or for a later start.',
    'running: held by a worker that heartbeats it; if the worker stops, another takes it over after its lease.',
    'failed: out of retries (jobs.retryLimit); the next scheduled period enqueues the work again.',
  ];
  lines.push('', status.running.length === 0 ? 'Running now: nothing.' : 'Running now:');
  for (const job of status.running) {
    const heartbeat =
      job.heartbeatAgeSeconds === null
        ? ''
        : `, last heartbeat ${duration(job.heartbeatAgeSeconds)} ago (lease ${duration(job.leaseSeconds)})`;
    lines.push(`  ${job.job}: for ${duration(job.runningSeconds)}, attempt ${job.attempt}${heartbeat}`);
  }
  lines.push('', status.failed.length === 0 ? 'Failed recently: none.' : 'Failed recently (newest first):');
  for (const job of status.failed)
    lines.push(
      `  ${job.job} at ${job.failedAt.slice(0, 16).replace('T', ' ')} UTC after ${job.attempts} ${job.attempts === 1 ? 'try' : 'tries'}: ${job.error}`,
    );
  return lines.join('\n');
}
